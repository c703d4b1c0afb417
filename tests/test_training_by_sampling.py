"""Training-by-sampling (CTGAN's conditional vector): the conditions a layout allows, the draw
that turns a noise column into one, the batch sampler's real rows, the head that makes the
conditioned category, and a synthesizer that learns a rare category's rows and samples them
directly."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import tensorflow as tf

from ganexp.tabular.encoding.layout import OneHotBlock, ValueBlock
from ganexp.tabular.model.conditions import (
    ConditionDraw,
    Conditions,
    ConditionSampler,
    judge_view,
)
from ganexp.tabular.model.row_head import RowHead
from ganexp.tabular.model.settings import GANSettings
from ganexp.tabular.synthesizer import TabularSynthesizer

# a value column, a group of three categories (the third never seen), a group of two
BLOCKS = [
    ValueBlock(),
    OneHotBlock(3, frequencies=(0.9, 0.1, 0.0)),
    OneHotBlock(2, frequencies=(0.5, 0.5)),
]


def encoded_rows(n: int = 1000, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    first = np.where(rng.uniform(size=n) < 0.9, 0, 1)
    second = rng.integers(0, 2, n)
    return np.hstack([rng.uniform(size=(n, 1)), np.eye(3)[first], np.eye(2)[second]]).astype(
        "float32"
    )


def test_the_conditions_are_the_seen_categories_and_each_noise_value_stands_for_one():
    c = Conditions.of_blocks(BLOCKS)
    assert c.n_groups == 2 and c.onehot_width == 5
    assert c.onehot_index.tolist() == [0, 1, 3, 4]  # the unseen category is no condition
    assert c.row_index.tolist() == [1, 2, 4, 5]
    assert c.draw(c.noise_value(np.arange(4))).tolist() == [0, 1, 2, 3]
    # uniform noise: a group uniformly, then a category by its training share
    u = np.random.default_rng(0).uniform(-1, 1, 200_000)
    shares = np.bincount(c.draw(u), minlength=4) / len(u)
    assert shares == pytest.approx([0.45, 0.05, 0.25, 0.25], abs=0.005)
    # the generator's layer draws as the numpy rule does
    layer = ConditionDraw(c.upper, c.onehot_index, c.onehot_width)
    onehot = layer(tf.constant(u[:1000, None], tf.float32)).numpy()
    assert np.array_equal(onehot.argmax(axis=1), c.onehot_index[c.draw(u[:1000])])


def test_training_draws_categories_by_log_frequency_as_ctgan():
    c = Conditions.of_blocks(BLOCKS)
    rows = encoded_rows()
    counts = rows[:, [1, 2, 4, 5]].sum(axis=0)
    weight = np.log1p(counts)
    expected = np.concatenate([weight[:2] / weight[:2].sum(), weight[2:] / weight[2:].sum()]) / 2
    assert c.training_probabilities(counts) == pytest.approx(expected)
    assert expected[1] > 3 * 0.05  # the rare category: four times its training draw (0.05)


def test_the_sampler_gives_real_rows_that_meet_each_condition():
    c = Conditions.of_blocks(BLOCKS)
    rows = encoded_rows()
    sampler = ConditionSampler(c, noise_width=11)
    sampler.index(rows)
    real, noise, beside = (
        t.numpy() for t in sampler.draw(tf.random.Generator.from_seed(1), tf.constant(rows), 4000)
    )
    assert real.shape == (4000, 6) and noise.shape == (4000, 11) and beside.shape == (4000, 2)
    drawn = c.draw(noise[:, -1])
    assert np.all(real[np.arange(4000), c.row_index[drawn]] == 1.0)  # each row meets its own
    assert np.array_equal(beside.argmax(axis=1), c.group[drawn])  # the judge sees its group
    assert np.abs(noise[:, :-1]).max() <= 1.0
    shares = np.bincount(drawn, minlength=4) / 4000
    counts = rows[:, c.row_index].sum(axis=0)
    assert shares == pytest.approx(c.training_probabilities(counts), abs=0.03)


def test_the_head_makes_the_conditioned_category_whatever_the_logits():
    head = RowHead(BLOCKS, sample=True, condition=True)
    n = 500
    logits = tf.constant(np.tile([0.0, 9.0, -9.0, 0.0, 9.0, -9.0], (n, 1)), tf.float32)
    uniforms = tf.random.uniform((n, 5), -1.0, 1.0, seed=1)
    condition = np.zeros((n, 5), "float32")
    condition[:, 1] = 1.0  # the first group's second category, against its logits
    rows = head([logits, uniforms, tf.constant(condition)]).numpy()
    assert np.all(rows[:, 2] == 1.0)  # made, by construction
    assert np.all(rows[:, 4] == 1.0)  # the other group as its logits say
    assert "condition" not in RowHead(BLOCKS).get_config()  # older configs are unchanged


def test_a_judge_trained_by_sampling_gets_a_group_beside_rows_that_have_none():
    rows = encoded_rows(10)
    wide = type("Judge", (), {"input_shape": (None, 8)})()
    viewed = judge_view(wide, rows, seed=0)
    assert viewed.shape == (10, 8) and np.all(viewed[:, 6:].sum(axis=1) == 1.0)
    narrow = type("Judge", (), {"input_shape": (None, 6)})()
    assert judge_view(narrow, rows, seed=0) is rows


def test_a_layout_without_categories_cannot_be_trained_by_sampling():
    with pytest.raises(ValueError, match="needs a nominal column"):
        Conditions.of_blocks([ValueBlock(), ValueBlock()])


def rare_category_table(n: int = 3000) -> pd.DataFrame:
    """A rare category (2% of rows) whose rows sit far off the others in a numeric column."""
    rng = np.random.default_rng(0)
    kind = rng.choice(["a", "b", "rare"], n, p=[0.7, 0.28, 0.02])
    value = np.where(kind == "rare", rng.normal(10.0, 0.5, n), rng.normal(0.0, 1.0, n))
    return pd.DataFrame({"kind": pd.Categorical(kind), "value": value.round(3)})


@pytest.mark.slow
def test_a_synthesizer_trained_by_sampling_learns_a_rare_category_and_samples_it_directly(
    tmp_path,
):
    frame = rare_category_table()
    synthesizer = TabularSynthesizer(
        seed=0, epochs=40, training_by_sampling=True, precision="float32"
    ).fit(frame)
    synthesizer.save(tmp_path)
    loaded = TabularSynthesizer.load(tmp_path)
    assert loaded.sample(300, seed=2).equals(synthesizer.sample(300, seed=2))
    rows = loaded.sample(500, seed=3, conditions={"kind": "rare"})
    assert (rows["kind"] == "rare").all()
    # the rare category's rows were learnt: their values lie where the real ones do
    assert rows["value"].median() == pytest.approx(10.0, abs=1.5)
    # without a condition, categories come in their training shares
    shares = loaded.sample(5000, seed=4)["kind"].value_counts(normalize=True)
    assert shares["a"] == pytest.approx(0.7, abs=0.06)
    assert shares["rare"] < 0.06


def test_the_setting_is_off_by_default_and_validated():
    assert GANSettings().training_by_sampling is False
    with pytest.raises(ValueError, match="training_by_sampling"):
        GANSettings(training_by_sampling="often")
