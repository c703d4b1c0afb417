"""What makes small tables work: a training budget that fits the table, no category out of thin
air, per-dataset settings, and figures over seeds."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import yaml
from conftest import REPO

from ganexp.errors import ParamsError
from ganexp.pipeline.params import parse_params
from ganexp.spread import sample_sd
from ganexp.tabular.evaluation.summary import across_seeds
from ganexp.tabular.model.settings import GANSettings


@pytest.mark.parametrize(
    ("rows", "batch", "repeats"),
    [
        (40, 10, 13),  # labor's train split: batches of a quarter, 13 passes = 52 batches
        (70, 17, 12),  # 12 passes of 70 rows: 49.4 batches of 17 (13 passes: 53.5)
        (12_800, 256, 1),  # 50 batches of 256: one pass is enough
        (31_655, 256, 1),  # Adult: unchanged
        (11_400, 256, 1),  # 44.5 batches: one pass is nearer 50 than two (89)
        (6_000, 256, 2),  # 23.4 batches: two passes (46.9) are nearest 50
        (3, 1, 17),  # the smallest tables still get batches
    ],
)
def test_the_budget_fits_the_table(rows, batch, repeats):
    settings = GANSettings(batch_size=256, min_steps_per_epoch=50, max_batch_fraction=0.25)
    assert settings.batch_for(rows) == batch
    assert settings.repeats_for(rows) == repeats
    per_pass = rows / batch
    assert abs(repeats * per_pass - 50) <= per_pass / 2 or repeats == 1
    assert settings.steps_for(rows) == -(-repeats * rows // batch)


def test_adults_train_split_is_one_pass_at_the_default_batch():
    assert GANSettings().repeats_for(22_792) == 1  # 44.5 batches of 512
    assert GANSettings().steps_for(22_792) == 45


def test_bad_budget_settings_name_the_key():
    with pytest.raises(
        ValueError, match=r"max_batch_fraction: Input should be less than or equal to 1 \(got 1.5\)"
    ):
        GANSettings.from_dict({"max_batch_fraction": 1.5})
    with pytest.raises(
        ValueError, match="min_steps_per_epoch: Input should be greater than or equal to 1"
    ):
        GANSettings.from_dict({"min_steps_per_epoch": 0})


def small_frame(n: int = 48) -> pd.DataFrame:
    """A declared category ('ghost') that no row has, and a rare one ('c', 1 row in 16)."""
    kinds = np.where(np.arange(n) % 16 == 0, "c", np.where(np.arange(n) % 2, "a", "b"))
    return pd.DataFrame(
        {
            "kind": pd.Categorical(kinds, categories=["a", "b", "c", "ghost"]),
            "size": (np.arange(n) % 5).astype(float),
        }
    )


def test_a_declared_but_unseen_category_is_never_generated():
    from ganexp import TabularSynthesizer

    settings = {
        "generator": {"hidden": [16]},
        "discriminator": {"hidden": [16]},
        "min_steps_per_epoch": 5,
    }
    synthesizer = TabularSynthesizer(epochs=2, seed=0, **settings).fit(small_frame())
    rows = synthesizer.sample(3000, seed=1)
    assert list(rows["kind"].cat.categories) == ["a", "b", "c", "ghost"]  # still declared
    assert (rows["kind"] == "ghost").sum() == 0
    assert set(rows["kind"].astype(str)) == {"a", "b", "c"}


def test_marginal_init_starts_the_generator_at_the_training_shares():
    from ganexp.gan.noise import noise_from_seed
    from ganexp.tabular.encoding.encoder import TabularEncoder
    from ganexp.tabular.encoding.layout import with_frequencies
    from ganexp.tabular.model.networks import build_generator
    from ganexp.tabular.model.settings import GANSettings, NetworkSpec

    frame = small_frame(1600)
    encoder = TabularEncoder(nominal="onehot", numeric="quantile").fit(frame)
    blocks = with_frequencies(encoder.layout, encoder.transform(frame))
    assert blocks[0].frequencies == (0.5, 0.4375, 0.0625, 0.0)
    settings = GANSettings(
        latent_dim=4, generator=NetworkSpec(hidden=(8,)), sample_categories=True, marginal_init=True
    )
    generator = build_generator(blocks, settings)
    width = int(generator.input_shape[-1])
    rows = generator(noise_from_seed(0, 20_000, width), training=False).numpy()
    shares = rows[:, :4].mean(axis=0)
    # the output layer's (shrunk) random weights move the logits a little
    np.testing.assert_allclose(shares, [0.5, 0.4375, 0.0625, 0.0], atol=0.02)
    assert shares[3] == 0.0


def raw_params() -> dict:
    return yaml.safe_load((REPO / "params.yaml").read_text())


def test_a_dataset_entry_overrides_section_gan_for_that_table_only():
    raw = raw_params()
    raw["datasets"]["adult"]["gan"] = {"epochs": 7, "generator": {"hidden": [32]}, "seeds": [5]}
    params = parse_params(raw)
    adult, bank = params.gan_for("adult"), params.gan_for("bank")
    assert (adult.epochs, adult.generator.hidden, adult.seeds) == (7, (32,), [5])
    assert adult.generator.activation == params.gan.generator.activation  # merged key by key
    assert (bank.epochs, bank.seeds) == (params.gan.epochs, params.gan.seeds)


@pytest.mark.parametrize(
    ("override", "message"),
    [
        (
            {"epochs": 0},
            "datasets.adult.gan.epochs: Input should be greater than or equal to 1 (got 0)",
        ),
        (
            {"generator": {"hiden": [3]}},
            "datasets.adult.gan.generator.hiden: unknown key; "
            "expected some of: hidden, activation, dropout",
        ),
        ({"seeds": [1, 1]}, "datasets.adult.gan.seeds: must be distinct"),
    ],
)
def test_a_bad_override_names_its_key(override, message):
    raw = raw_params()
    raw["datasets"]["adult"]["gan"] = override
    with pytest.raises(ParamsError) as error:
        parse_params(raw)
    assert str(error.value) == f"params.yaml: {message}"


def test_figures_across_seeds_are_mean_and_std_and_undefined_stays_null():
    summaries = [
        {"fidelity": {"auc": 0.8, "n": 10}, "tstr": {"roc_auc": 0.7}, "encoding": "onehot"},
        {"fidelity": {"auc": 0.6, "n": 10}, "tstr": {"roc_auc": None}, "encoding": "onehot"},
    ]
    mean, std = across_seeds(summaries, np.mean), across_seeds(summaries, sample_sd)
    assert mean["fidelity"] == pytest.approx({"auc": 0.7, "n": 10.0})
    assert std["fidelity"] == pytest.approx({"auc": 2**0.5 * 0.1, "n": 0.0})  # ddof 1
    assert across_seeds(summaries[:1], sample_sd)["fidelity"] == {"auc": None, "n": None}
    assert mean["tstr"] == {"roc_auc": None} and mean["encoding"] == "onehot"
    # a group of figures one seed cannot give (no generated row fooled the discriminator)
    summaries[1]["fooled"], summaries[0]["fooled"] = None, {"cosine": 0.4}
    assert across_seeds(summaries, np.mean)["fooled"] is None
    assert across_seeds(summaries[::-1], np.mean)["fooled"] is None
