"""The tabular GAN: a tiny run trains for real, deterministically; the grid snap; saved models."""

from __future__ import annotations

import time

import keras
import numpy as np
import pandas as pd
import pytest
import tensorflow as tf

from ganexp.errors import DataError
from ganexp.gan.losses import GradientPenalty, Wasserstein
from ganexp.gan.seeding import seed_everything
from ganexp.tabular.analysis import probability_real
from ganexp.tabular.encoding.layout import OneHotBlock, ValueBlock
from ganexp.tabular.model.checkpoints import save_config, save_weights
from ganexp.tabular.model.gan import TabularGAN
from ganexp.tabular.model.history import HISTORY_COLUMNS, history_frame
from ganexp.tabular.model.networks import build_generator, load_network, real_probability
from ganexp.tabular.model.row_head import RowHead
from ganexp.tabular.model.settings import GANSettings, NetworkSpec


def toy_rows(n: int, seed: int = 0) -> np.ndarray:
    """A code column on the grid {0, 0.5, 1}, a continuous column, a one-hot pair."""
    rng = np.random.default_rng(seed)
    code = rng.integers(0, 3, n) / 2.0
    value = np.clip(0.8 + 0.05 * rng.standard_normal(n), 0, 1)
    onehot = np.eye(2)[(rng.uniform(size=n) < 0.3).astype(int)]
    return np.column_stack([code, value, onehot]).astype("float32")


BLOCKS = [
    ValueBlock(allowed=(0.0, 0.5, 1.0), edges=(0.25, 0.75)),
    ValueBlock(),
    OneHotBlock(2),
]


def tiny_settings(**changes) -> GANSettings:
    values = {
        "epochs": 6,
        "batch_size": 32,
        "latent_dim": 4,
        "generator": NetworkSpec(hidden=(16,)),
        "discriminator": NetworkSpec(hidden=(16,), activation="leaky_relu", dropout=0.1),
        "generator_lr": 1e-3,
        "discriminator_lr": 1e-3,
        "sample_categories": False,
        "r1_penalty": 0.0,
        "generator_average": None,
        "n_deception_samples": 100,
        "min_steps_per_epoch": 1,  # one pass per epoch: the budget has its own tests
        "lr_schedule": "constant",  # the schedules have their own tests
    }
    return GANSettings(**{**values, **changes})


def tiny_gan(seed: int = 0, **changes) -> TabularGAN:
    seed_everything(seed)
    return TabularGAN(BLOCKS, tiny_settings(**changes), seed)


def test_tiny_run_trains_and_discriminator_beats_chance():
    gan = tiny_gan()
    before = [w.numpy().copy() for w in gan.discriminator.trainable_weights]
    records = gan.fit(toy_rows(1024), toy_rows(256, seed=1))
    assert [record.epoch for record in records] == [1, 2, 3, 4, 5, 6]
    history = history_frame(records).to_dict("records")
    assert list(history_frame(records).columns) == list(HISTORY_COLUMNS)
    assert all(row["phase"] == "gan" for row in history)
    quality = [k for k in HISTORY_COLUMNS if k.startswith("quality_")]
    figures = [v for row in history for k, v in row.items() if k != "phase" and k not in quality]
    assert all(np.isfinite(figures))
    # the quality figures every quality_every (5) epochs and at the last, None in between
    evaluated = [r.epoch for r in records if r.quality_detection_auc is not None]
    assert evaluated == [5, 6]
    assert all(0 <= history[-1][k] <= 1 for k in quality)
    # generated rows start off the data: within a few epochs the discriminator tells them apart
    assert max(row["discriminator_accuracy"] for row in history[3:]) > 0.7
    after = gan.discriminator.trainable_weights
    assert any(not np.array_equal(b, a.numpy()) for b, a in zip(before, after, strict=True))
    for row in history:
        # shares of decisions, not mean probabilities: whole counts of the rows scored
        # (100 generated rows for deception, the 256 real validation rows for the accuracy)
        assert row["deception_rate"] * 100 == pytest.approx(round(row["deception_rate"] * 100))
        assert row["discriminator_accuracy_real"] * 256 == pytest.approx(
            round(row["discriminator_accuracy_real"] * 256)
        )
        assert row["discriminator_accuracy"] * 512 == pytest.approx(
            round(row["discriminator_accuracy"] * 512)
        )  # + 256 fake
        assert (
            0.0 <= row["deception_rate"] <= 1.0 and 0.0 <= row["discriminator_accuracy_real"] <= 1.0
        )


def test_same_seed_same_history():
    runs = []
    for _ in range(2):
        gan = tiny_gan(seed=7, epochs=2, n_deception_samples=50)
        runs.append(pd.DataFrame(gan.fit(toy_rows(128), toy_rows(64, 1))))
    pd.testing.assert_frame_equal(runs[0], runs[1])  # NaN where no quality figure was taken


def test_generated_rows_are_on_the_grid():
    from ganexp.gan.noise import noise_from_seed

    rows = tiny_gan().kept_generator(noise_from_seed(3, 200, 4)).numpy()
    assert rows.shape == (200, 4)
    assert set(np.unique(rows[:, 0])) <= {0.0, 0.5, 1.0}
    assert len(np.unique(rows[:, 1])) > 10  # no allowed values: the column stays continuous
    assert set(np.unique(rows[:, 2:])) <= {0.0, 1.0}
    np.testing.assert_array_equal(rows[:, 2:].sum(axis=1), np.ones(200))


def test_row_head_snaps_forward_and_passes_gradients():
    head = RowHead(BLOCKS)
    logits = tf.Variable([[-0.5, 0.3, 2.0, 1.0], [3.0, -1.0, 0.0, 0.5]])
    weights = tf.constant([[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0]])
    with tf.GradientTape() as tape:
        rows = head(logits)
        total = tf.reduce_sum(rows * weights)
    expected_value = tf.sigmoid(logits[:, 1]).numpy()
    np.testing.assert_allclose(rows.numpy()[:, 0], [0.5, 1.0])  # sigmoid 0.38 -> 0.5; 0.95 -> 1
    np.testing.assert_allclose(rows.numpy()[:, 1], expected_value, rtol=1e-6)
    np.testing.assert_array_equal(rows.numpy()[:, 2:], [[1.0, 0.0], [0.0, 1.0]])
    gradient = tape.gradient(total, logits).numpy()
    sigmoid = tf.sigmoid(logits[:, :2]).numpy()
    # straight through: the gradient of the soft values, as if no rounding had happened
    np.testing.assert_allclose(
        gradient[:, :2], weights.numpy()[:, :2] * sigmoid * (1 - sigmoid), rtol=1e-5
    )
    assert np.all(gradient[:, 2:] != 0)


def test_row_head_without_snap_keeps_soft_values():
    rows = RowHead(BLOCKS, snap=False)(tf.constant([[-0.5, 0.3, 2.0, 1.0]])).numpy()
    assert rows[0, 0] not in (0.0, 0.5, 1.0)
    assert 0 < rows[0, 2] < 1 and rows[0, 2:].sum() == pytest.approx(1.0)


def test_saved_generator_loads_and_generates_the_same(tmp_path):
    gan = tiny_gan()
    save_config(gan.kept_generator, tmp_path, "generator")
    save_weights(gan.kept_generator, tmp_path, "generator")
    loaded = load_network(tmp_path, tmp_path, "generator")
    z = np.random.default_rng(0).uniform(-1, 1, (20, 4)).astype("float32")
    assert isinstance(loaded.layers[-1], RowHead)
    np.testing.assert_array_equal(loaded(z).numpy(), gan.kept_generator(z).numpy())


def test_same_weights_same_checkpoint_bytes(tmp_path):
    """What lets DVC skip everything downstream of an unchanged retraining."""
    gan = tiny_gan()
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        save_config(gan.discriminator, tmp_path / folder, "discriminator")
        save_weights(gan.discriminator, tmp_path / folder, "discriminator")
        time.sleep(1.1)  # a zip with a timestamp would differ now
    for name in ("discriminator.json", "discriminator.weights.h5"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    kernel = gan.discriminator.trainable_weights[0]
    kernel.assign_add(tf.ones_like(kernel))
    save_weights(gan.discriminator, tmp_path / "b", "discriminator")
    a, b = ((tmp_path / f / "discriminator.weights.h5").read_bytes() for f in ("a", "b"))
    assert a != b


def test_loading_a_missing_checkpoint_names_the_file(tmp_path):
    """The library speaks to its users: no pipeline command in the message."""
    with pytest.raises(DataError, match=r"generator\.json: not found") as error:
        load_network(tmp_path, tmp_path, "generator")
    assert "generator.weights.h5" in str(error.value) and "dvc" not in str(error.value)


@pytest.mark.parametrize("hidden", [(8,), (8, 8, 8)])
def test_network_sizes_follow_the_spec(hidden):
    settings = GANSettings(
        latent_dim=3, generator=NetworkSpec(hidden=hidden, dropout=0.5), sample_categories=False
    )
    generator = build_generator(BLOCKS, settings)
    dense = [layer for layer in generator.layers if isinstance(layer, keras.layers.Dense)]
    assert [layer.units for layer in dense] == [*hidden, 4]
    assert sum(isinstance(layer, keras.layers.Dropout) for layer in generator.layers) == len(hidden)


@pytest.mark.parametrize(("nominal", "numeric"), [("onehot", "quantile"), ("codes", "minmax")])
def test_snapped_rows_are_rows_the_encoder_produces(adult, nominal, numeric):
    """Generated rows are fixed points of decode-then-encode: exactly what real rows look like."""
    from ganexp.tabular.encoding.encoder import TabularEncoder

    encoder = TabularEncoder(drop=["fnlwgt"], nominal=nominal, numeric=numeric).fit(adult)
    head = RowHead(encoder.layout)
    logits = np.random.default_rng(0).normal(0, 3, (300, len(encoder.feature_names_out)))
    rows = head(tf.constant(logits, tf.float32)).numpy()
    again = encoder.transform(encoder.inverse_transform(rows))
    np.testing.assert_allclose(again, rows, atol=1e-6)


def test_sampling_head_draws_categories_at_their_softmax_shares():
    blocks = [OneHotBlock(3)]
    probabilities = np.array([0.6, 0.3, 0.1])
    logits = tf.constant(np.tile(np.log(probabilities), (20000, 1)), tf.float32)
    uniforms = tf.random.stateless_uniform((20000, 3), seed=(1, 2), minval=-1.0, maxval=1.0)
    rows = RowHead(blocks, sample=True)([logits, uniforms]).numpy()
    assert set(np.unique(rows)) <= {0.0, 1.0}
    np.testing.assert_allclose(rows.mean(axis=0), probabilities, atol=0.015)
    # the argmax head produces only the most likely category
    np.testing.assert_array_equal(RowHead(blocks)(logits).numpy().mean(axis=0), [1.0, 0.0, 0.0])


def test_sampling_generator_is_a_function_of_its_noise(tmp_path):
    settings = GANSettings(
        latent_dim=4, generator=NetworkSpec(hidden=(16,)), sample_categories=True
    )
    generator = build_generator(BLOCKS, settings)
    assert generator.input_shape[-1] == 4 + 2  # latent values, then one uniform per one-hot column
    z = np.random.default_rng(0).uniform(-1, 1, (500, 6)).astype("float32")
    first = generator(z).numpy()
    np.testing.assert_array_equal(generator(z).numpy(), first)
    assert 0 < first[:, 3].mean() < 1  # both categories of the one-hot pair occur
    save_config(generator, tmp_path, "generator")
    save_weights(generator, tmp_path, "generator")
    np.testing.assert_array_equal(load_network(tmp_path, tmp_path, "generator")(z), first)


def test_the_combined_schedule_is_a_tabular_setting():
    gan = tiny_gan(epochs=3, wgan_epochs=2, n_deception_samples=50)
    assert sorted(gan.trainer.judges) == ["critic", "discriminator"]
    history = gan.fit(toy_rows(256), toy_rows(64, 1))
    assert [record.phase for record in history] == ["wgan", "wgan", "gan"]
    clip = gan.settings.clip_value
    assert all(
        np.abs(w.numpy()).max() <= clip + 1e-7 for w in gan.trainer.judges["critic"].network.weights
    )


def test_r1_penalty_flattens_the_discriminator_on_real_rows():
    slopes = []
    for penalty in (0.0, 100.0):
        gan = tiny_gan(
            epochs=3,
            discriminator=NetworkSpec(hidden=(16,)),
            discriminator_lr=1e-2,
            r1_penalty=penalty,
            r1_every=2,
            n_deception_samples=50,
        )
        gan.fit(toy_rows(512), toy_rows(64, 1))
        real = tf.constant(toy_rows(256, 2))
        with tf.GradientTape() as tape:
            tape.watch(real)
            total = tf.reduce_sum(gan.discriminator(real))
        slopes.append(float(tf.reduce_mean(tf.reduce_sum(tape.gradient(total, real) ** 2, 1))))
    assert slopes[1] < 0.2 * slopes[0]


def test_training_keeps_the_architectures_once_and_weights_at_the_chosen_epochs(tmp_path):
    import pandas as pd

    from ganexp.tabular.encoding.encoder import TabularEncoder
    from ganexp.tabular.synthesizer import TabularSynthesizer
    from ganexp.tabular.training import train_with_checkpoints

    frame = pd.DataFrame(
        {"x": np.arange(300) % 7, "c": pd.Categorical(np.where(np.arange(300) % 3, "a", "b"))}
    )
    encoder = TabularEncoder(nominal="onehot", numeric="quantile").fit(frame)
    rows = encoder.transform(frame)
    synthesizer = TabularSynthesizer.from_encoder(encoder, tiny_settings(epochs=3), seed=0)
    run = train_with_checkpoints(synthesizer, rows, rows[:64], checkpoint_every=2, folder=tmp_path)
    assert [record.epoch for record in run.history] == [1, 2, 3]
    assert run.seconds_per_epoch > 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "discriminator.json",
        "epoch-0002",
        "epoch-0003",
        "generator.json",
        "synthesizer.json",
        "table.json",
    ]
    # each checkpoint is a synthesizer: the last one samples the trained synthesizer's rows
    loaded = TabularSynthesizer.load(tmp_path, epoch=3)
    pd.testing.assert_frame_equal(loaded.sample(50, seed=1), synthesizer.sample(50, seed=1))
    earlier = TabularSynthesizer.load(tmp_path, epoch=2).sample_encoded(50, seed=1)
    assert not np.array_equal(earlier, synthesizer.sample_encoded(50, seed=1))
    with pytest.raises(DataError, match=r"epoch-0001: no such checkpoint \(epochs kept: 2\.\.3\)"):
        TabularSynthesizer.load(tmp_path, epoch=1)


def test_a_packed_judge_scores_packs_and_gives_each_row_its_packs_score(tmp_path):
    from ganexp.tabular.model.networks import build_discriminator

    seed_everything(0)
    judge = build_discriminator(4, NetworkSpec(hidden=(8,)), pack=4)
    assert judge.get_layer("pack").output.shape[-1] == 16  # four rows side by side
    rows = toy_rows(10)
    scores = judge(rows).numpy().ravel()
    assert scores.shape == (10,)
    np.testing.assert_array_equal(scores[:4], scores[0])  # rows 0-3: one pack, one score
    np.testing.assert_array_equal(scores[4:8], scores[4])
    assert scores[0] != scores[4]
    # a pack is judged on its rows alone: the same four rows score the same wherever they are
    np.testing.assert_allclose(judge(rows[4:8]).numpy().ravel(), scores[4:8], rtol=1e-6)
    # the last, short pack is padded with the call's first rows, and a single row still scores
    np.testing.assert_allclose(judge(rows[8:10]).numpy().ravel(), judge(rows[[8, 9, 8, 9]])[:2, 0])
    assert judge(rows[:1]).shape == (1, 1)
    # saved as JSON + weights, it loads without Python code and scores the same
    save_config(judge, tmp_path, "discriminator")
    save_weights(judge, tmp_path, "discriminator")
    loaded = load_network(tmp_path, tmp_path, "discriminator")
    np.testing.assert_allclose(loaded(rows).numpy(), judge(rows).numpy(), rtol=1e-6)


def test_packing_keeps_batches_whole_packs_and_trains():
    settings = tiny_settings(pack=4, batch_size=30)
    assert settings.batch_for(1000) == 28 and settings.batch_for(10) == 4
    with pytest.raises(ValueError, match="pack: Input should be greater than or equal to 1"):
        tiny_settings(pack=0).check()
    gan = tiny_gan(pack=4, r1_penalty=1.0)
    history = gan.fit(toy_rows(512), toy_rows(100, seed=1))
    assert all(np.isfinite(record.discriminator_loss) for record in history)
    # per-row figures stay per row: a share of the 100 real validation rows
    for record in history:
        share = record.discriminator_accuracy_real * 100
        assert share == pytest.approx(round(share))


def test_linear_values_snap_to_the_grid_and_pass_the_whole_gradient_to_the_tails():
    logits = tf.Variable([[-3.0, 0.0, 1.0, 0.0], [0.1, 0.0, 0.0, 1.0], [5.0, 2.0, 0.0, 0.0]])
    gradients = {}
    for linear in (False, True):
        head = RowHead(BLOCKS, linear_values=linear)
        with tf.GradientTape() as tape:
            rows = head(logits)
            total = tf.reduce_sum(rows[:, :2])
        gradients[linear] = tape.gradient(total, logits).numpy()
        if linear:  # 0.5 + logit, snapped: beyond [0, 1] to the end points of the grid
            np.testing.assert_array_equal(rows.numpy()[:, 0], [0.0, 0.5, 1.0])
            # a column without a grid keeps its sigmoid
            np.testing.assert_allclose(rows.numpy()[:, 1], tf.sigmoid(logits[:, 1]), rtol=1e-6)
    np.testing.assert_allclose(gradients[True][:, 0], 1.0)
    assert gradients[False][2, 0] < 0.01  # a sigmoid at logit 5 passes under a hundredth
    np.testing.assert_allclose(gradients[True][:, 1], gradients[False][:, 1], rtol=1e-6)
    config = RowHead(BLOCKS, linear_values=True).get_config()
    assert RowHead.from_config(config).linear_values


@pytest.mark.parametrize("schedule", ["linear", "cosine"])
def test_a_learning_rate_schedule_decays_both_rates_to_zero_by_the_last_step(schedule):
    # 1000 rows in batches of 32: 32 steps an epoch, 6 epochs, the first 2 against a critic
    settings = tiny_settings(lr_schedule=schedule, wgan_epochs=2)
    assert settings.steps_for(1000) == 32
    seed_everything(0)
    gan = TabularGAN(BLOCKS, settings, 0, n_rows=1000)
    judge = gan.trainer.judges["discriminator"]
    for optimizer in (judge.optimizer, judge.generator_optimizer):
        rate = optimizer.learning_rate
        assert float(rate) == pytest.approx(1e-3)  # no step taken yet
        decay = optimizer._learning_rate
        assert float(decay(64)) == pytest.approx(5e-4)  # half way through the GAN phase's 128
        assert float(decay(128)) == pytest.approx(0.0, abs=1e-12)
    history = gan.fit(toy_rows(1000), toy_rows(100, seed=1))
    assert int(judge.optimizer.iterations) == 128  # the critic's epochs did not count
    assert float(judge.generator_optimizer.learning_rate) == pytest.approx(0.0, abs=1e-12)
    assert all(np.isfinite(record.discriminator_loss) for record in history)


def test_a_learning_rate_schedule_needs_the_row_count_and_a_known_name():
    with pytest.raises(
        ValueError, match="lr_schedule: Input should be 'constant', 'linear' or 'cosine'"
    ):
        tiny_settings(lr_schedule="step").check()
    with pytest.raises(ValueError, match="needs the number of training rows"):
        TabularGAN(BLOCKS, tiny_settings(lr_schedule="linear"), 0)


def test_wgan_gp_trains_a_critic_with_a_gradient_penalty_and_n_critic_steps():
    # 1000 rows in batches of 32: 32 critic steps an epoch, 6 epochs; one generator step in 4
    settings = tiny_settings(loss="wgan-gp", n_critic=4, lr_schedule="linear")
    seed_everything(0)
    gan = TabularGAN(BLOCKS, settings, 0, n_rows=1000)
    judge = gan.trainer.judges["discriminator"]
    assert isinstance(judge.loss, Wasserstein)
    assert judge.penalty == GradientPenalty(10.0)
    assert judge.network.name == "critic"
    assert judge.network.layers[-1].activation is keras.activations.linear
    assert float(judge.optimizer.beta_2) == 0.9
    history = gan.fit(toy_rows(1000), toy_rows(100, seed=1))
    assert int(judge.optimizer.iterations) == 6 * 32
    assert int(judge.generator_optimizer.iterations) == 6 * 32 // 4
    # both rates reach 0 at their own last step
    assert float(judge.generator_optimizer.learning_rate) == pytest.approx(0.0, abs=1e-12)
    assert float(judge.optimizer.learning_rate) == pytest.approx(0.0, abs=1e-12)
    # a critic takes for real what scores at least the median real row: accuracy on real 0.5
    accuracies = [record.discriminator_accuracy_real for record in history]
    assert accuracies == pytest.approx([0.5] * len(history), abs=0.01)
    assert all(0.0 <= record.deception_rate <= 1.0 for record in history)


def test_a_critic_reads_as_a_probability_relative_to_real_rows():
    real = tf.constant([[1.0], [2.0], [3.0], [4.0], [5.0]])
    rows = tf.constant([[3.0], [0.0], [10.0]])
    assert real_probability(rows, real, critic=True).numpy() == pytest.approx(
        [0.5, 1 / (1 + np.exp(3.0)), 1 / (1 + np.exp(-7.0))]
    )
    # the same scores shifted: the same probabilities (a critic's offset means nothing)
    shifted = real_probability(rows + 100.0, real + 100.0, critic=True).numpy()
    assert shifted == pytest.approx(real_probability(rows, real, critic=True).numpy())
    # a discriminator's outputs are its probabilities
    assert real_probability(tf.constant([[0.2], [0.9]]), None, critic=False).numpy() == (
        pytest.approx([0.2, 0.9])
    )


def test_an_unknown_loss_or_a_negative_gradient_penalty_is_an_error():
    with pytest.raises(
        ValueError, match=r"loss: Input should be 'gan' or 'wgan-gp' \(got 'hinge'\)"
    ):
        tiny_settings(loss="hinge").check()
    with pytest.raises(
        ValueError, match=r"gradient_penalty: Input should be greater than or equal to 0 \(got -1"
    ):
        tiny_settings(loss="wgan-gp", gradient_penalty=-1).check()


def test_a_saved_critic_loads_as_a_critic_and_scores_rows_relative_to_real_ones(tmp_path):
    gan = tiny_gan(loss="wgan-gp")
    save_config(gan.discriminator, tmp_path, "discriminator")
    save_weights(gan.discriminator, tmp_path, "discriminator")
    loaded = load_network(tmp_path, tmp_path, "discriminator")
    real = toy_rows(101)
    assert gan.settings.judge_is_critic and not tiny_gan().settings.judge_is_critic
    on_real = probability_real(loaded, real, real, critic=True)
    assert np.mean(on_real >= 0.5) == pytest.approx(51 / 101)
    again = probability_real(gan.discriminator, real[:5], real, critic=True)
    np.testing.assert_allclose(probability_real(loaded, real[:5], real, critic=True), again)
