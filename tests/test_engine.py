"""The adversarial engine: each loss and penalty on constructed inputs, the phase schedule, and
the trainer's step counts, clipping, lazy penalties and moving average."""

from __future__ import annotations

import math

import keras
import numpy as np
import pytest
import tensorflow as tf

from ganexp.gan.flops import epoch_flops
from ganexp.gan.losses import R1, BinaryCrossEntropy, GradientPenalty, Wasserstein
from ganexp.gan.noise import noise_from_seed
from ganexp.gan.schedule import Phase, PhaseSchedule, switch_schedule
from ganexp.gan.trainer import AdversarialTrainer, Judge


def linear(weights, bias=0.0) -> keras.Model:
    """A judge x -> w.x + b with the given w: its input gradient is w everywhere."""
    model = keras.Sequential([keras.Input((len(weights),)), keras.layers.Dense(1)])
    model.layers[0].set_weights([np.array(weights, "float32")[:, None], np.array([bias], "f")])
    return model


def test_binary_cross_entropy_on_hand_computed_scores():
    loss = BinaryCrossEntropy()
    real, fake = tf.constant([[0.9], [0.9]]), tf.constant([[0.2]])
    assert float(loss.judge_loss(real, fake)) == pytest.approx(
        -0.5 * (math.log(0.9) + math.log(0.8))
    )
    assert float(loss.generator_loss(fake)) == pytest.approx(-math.log(0.2))  # non-saturating
    # a certain judge gives a large but finite loss
    assert np.isfinite(float(loss.judge_loss(tf.constant([[0.0]]), tf.constant([[1.0]]))))


def test_wasserstein_on_hand_computed_scores():
    loss = Wasserstein()
    real, fake = tf.constant([[1.0], [3.0]]), tf.constant([[0.0], [2.0]])
    assert float(loss.judge_loss(real, fake)) == pytest.approx(1.0 - 2.0)
    assert float(loss.generator_loss(fake)) == pytest.approx(-1.0)


def test_r1_is_half_the_squared_input_gradient_on_real_rows():
    network = linear([3.0, 4.0])
    real, fake = tf.constant([[1.0, 1.0], [2.0, 0.0]]), tf.constant([[0.0, 0.0]])
    real_scores, fake_scores, term = R1(10.0).scores_and_term(network, real, fake, None)
    assert float(term) == pytest.approx(0.5 * 25.0)
    np.testing.assert_allclose(real_scores.numpy()[:, 0], [7.0, 6.0])
    np.testing.assert_allclose(fake_scores.numpy()[:, 0], [0.0])


def test_gradient_penalty_is_the_squared_distance_of_the_norm_from_one():
    network = linear([3.0, 4.0])  # |grad| = 5 everywhere: penalty (5 - 1)^2
    real, fake = tf.constant([[1.0, 1.0]]), tf.constant([[0.0, 0.0]])
    rng = tf.random.Generator.from_seed(0)
    real_scores, fake_scores, term = GradientPenalty(10.0).scores_and_term(network, real, fake, rng)
    assert float(term) == pytest.approx(16.0)
    assert float(real_scores[0, 0]) == pytest.approx(7.0) and float(fake_scores[0, 0]) == 0.0
    unit = linear([0.6, 0.8])  # a 1-Lipschitz critic is not penalised
    assert float(GradientPenalty(10.0).scores_and_term(unit, real, fake, rng)[2]) < 1e-8


@pytest.mark.parametrize("bad", [{"weight": -1.0}, {"weight": 1.0, "every": 0}])
def test_penalties_reject_bad_settings(bad):
    with pytest.raises(ValueError, match=r"penalty|every"):
        R1(**bad)


def test_switch_schedule_phases_and_warmup():
    critic = Phase("wgan", "critic", judge_steps=5, warmup_epochs=2, warmup_judge_steps=8)
    discriminator = Phase("gan", "discriminator")
    combined = switch_schedule(3, critic=critic, discriminator=discriminator)
    assert [combined.phase(e).name for e in range(5)] == ["wgan"] * 3 + ["gan"] * 2
    assert [combined.judge_steps(e) for e in range(5)] == [8, 8, 5, 1, 1]
    assert combined.judges == ("critic", "discriminator")
    assert switch_schedule(0, critic=critic, discriminator=discriminator).judges == (
        "discriminator",
    )
    never = switch_schedule(None, critic=critic, discriminator=discriminator)
    assert [never.phase(e).name for e in (0, 100)] == ["wgan", "wgan"]


def test_warmup_counts_from_the_phase_start():
    late = PhaseSchedule([Phase("gan", "d"), Phase("wgan", "c", 4, 5, 1, 9)])
    assert [late.judge_steps(e) for e in range(3, 7)] == [1, 9, 5, 5]


@pytest.mark.parametrize(
    "phases", [[], [Phase("gan", "d", start_epoch=2)], [Phase("a", "d"), Phase("b", "c")]]
)
def test_schedule_rejects_gaps_and_clashes(phases):
    with pytest.raises(ValueError, match=r"epoch 0|same epoch"):
        PhaseSchedule(phases)


class CountingR1(R1):
    """R1 that counts how often it is computed (in a variable, so the count survives tracing)."""

    def scores_and_term(self, network, real, fake, rng):
        COUNT.assign_add(1)
        return super().scores_and_term(network, real, fake, rng)


COUNT = tf.Variable(0)


def mlp(inputs: int, outputs: int, activation=None) -> keras.Model:
    return keras.Sequential(
        [
            keras.Input((inputs,)),
            keras.layers.Dense(8, "relu"),
            keras.layers.Dense(outputs, activation),
        ]
    )


def trainer(schedule, *, penalty=None, clip=None, average=None, seed=0) -> AdversarialTrainer:
    keras.utils.set_random_seed(seed)
    judges = {
        "d": Judge(
            mlp(2, 1, "sigmoid"),
            BinaryCrossEntropy(),
            keras.optimizers.Adam(1e-3),
            keras.optimizers.Adam(1e-3),
            penalty=penalty,
        ),
        "c": Judge(
            mlp(2, 1),
            Wasserstein(),
            keras.optimizers.RMSprop(1e-3),
            keras.optimizers.RMSprop(1e-3),
            clip_value=clip,
        ),
    }
    return AdversarialTrainer(
        mlp(3, 2), judges, schedule, batch_size=16, seed=seed, generator_average=average
    )


DATA = tf.constant(np.random.default_rng(0).normal(size=(128, 2)), tf.float32)  # 8 batches


def test_lazy_penalty_runs_on_one_judge_step_in_k():
    COUNT.assign(0)
    t = trainer(PhaseSchedule([Phase("gan", "d")]), penalty=CountingR1(1.0, every=4))
    t.train_epoch(DATA, 0)
    t.train_epoch(DATA, 1)
    assert int(COUNT) == 16 // 4  # steps 0, 4, 8, 12
    COUNT.assign(0)
    t = trainer(PhaseSchedule([Phase("gan", "d")]), penalty=CountingR1(1.0, every=1))
    t.train_epoch(DATA, 0)
    assert int(COUNT) == 8


def test_judge_steps_per_generator_step_carry_across_epochs_and_phases_train_their_judge():
    t = trainer(PhaseSchedule([Phase("wgan", "c", judge_steps=3), Phase("gan", "d", 3)]), clip=0.05)
    d_before = [w.numpy().copy() for w in t.judges["d"].network.trainable_weights]
    rows = [t.train_epoch(DATA, e) for e in range(3)]
    assert [r["generator_steps"] for r in rows] == [2, 3, 3]  # 24 critic steps, one G step per 3
    assert {r["phase"] for r in rows} == {"wgan"} and "c_loss" in rows[0]
    assert int(t.judges["c"].optimizer.iterations) == 24
    assert int(t.judges["c"].generator_optimizer.iterations) == 8
    assert int(t.judges["d"].optimizer.iterations) == 0
    for before, weight in zip(d_before, t.judges["d"].network.trainable_weights, strict=True):
        np.testing.assert_array_equal(before, weight.numpy())
    for weight in t.judges["c"].network.trainable_weights:  # clipped, and the clip binds
        assert np.abs(weight.numpy()).max() <= 0.05 + 1e-7
    assert any(np.isclose(np.abs(w.numpy()), 0.05).any() for w in t.judges["c"].network.weights)
    row = t.train_epoch(DATA, 3)
    assert row["phase"] == "gan" and row["generator_steps"] == 8 and "d_loss" in row
    assert int(t.judges["d"].optimizer.iterations) == 8


class CountingCalls(keras.layers.Layer):
    """Passes rows through, counting the generator's forward passes."""

    def call(self, rows):
        CALLS.assign_add(1)
        return rows


CALLS = tf.Variable(0)


def test_a_paired_generator_step_reuses_its_judge_steps_rows_an_unpaired_one_draws_anew():
    def generator_passes(judge_steps: int) -> int:
        t = trainer(PhaseSchedule([Phase("gan", "d", judge_steps=judge_steps)]))
        t.generator = keras.Sequential([t.generator, CountingCalls()])
        t._epochs = t._compiled_epochs()
        CALLS.assign(0)
        row = t.train_epoch(DATA, 0)
        assert row["generator_steps"] == 8 // judge_steps
        return int(CALLS)

    assert generator_passes(1) == 8  # 8 batches: one pass serves both steps
    assert generator_passes(2) == 8 + 4  # 8 judge steps, then 4 generator steps on fresh noise


def test_moving_average_lags_the_generator_and_is_what_is_kept():
    t = trainer(PhaseSchedule([Phase("gan", "d")]), average=0.9)
    assert t.kept_generator is not t.generator
    start = [w.numpy().copy() for w in t.generator.trainable_weights]
    t.train_epoch(DATA, 0)
    for initial, trained, average in zip(
        start, t.generator.trainable_weights, t.kept_generator.trainable_weights, strict=True
    ):
        moved = np.abs(trained.numpy() - initial).sum()
        assert 0 < np.abs(average.numpy() - initial).sum() < moved
    assert trainer(PhaseSchedule([Phase("gan", "d")])).kept_generator is not None


def test_same_seed_same_weights_other_seed_other_weights():
    def run(seed):
        t = trainer(PhaseSchedule([Phase("wgan", "c", 0, 2), Phase("gan", "d", 1)]), seed=seed)
        t.train_epoch(DATA, 0)
        t.train_epoch(DATA, 1)
        return np.concatenate([w.numpy().ravel() for w in t.generator.trainable_weights])

    np.testing.assert_array_equal(run(3), run(3))
    assert not np.array_equal(run(3), run(4))


def test_schedule_naming_a_missing_judge_is_refused():
    with pytest.raises(ValueError, match="not given: x"):
        trainer(PhaseSchedule([Phase("gan", "x")]))


def test_noise_is_uniform_in_the_unit_box_and_repeats_per_seed():
    z = noise_from_seed(7, 5000, 3).numpy()
    assert z.shape == (5000, 3) and z.min() >= -1 and z.max() <= 1
    assert abs(z.mean()) < 0.03
    np.testing.assert_array_equal(z, noise_from_seed(7, 5000, 3).numpy())


def test_epoch_flops_by_hand():
    # generator 2 -> 4 -> 2: F_G = 2*(8 + 8) = 32; judge 2 -> 4 -> 1: F_J = 2*(8 + 4) = 24
    judge_row = 32 + 6 * 24  # generate one row, train on it and on one real row
    paired_row = 2 * 32 + 2 * 24  # the generator step on the judge step's rows: no forward
    generator_row = 3 * 32 + 2 * 24  # on fresh noise
    assert epoch_flops(128, 64, [2, 4, 2], [2, 4, 1]) == 128 * (judge_row + paired_row)
    unpaired = epoch_flops(128, 64, [2, 4, 2], [2, 4, 1], paired=False)  # a trainer of old
    assert unpaired == 128 * judge_row + 2 * 64 * generator_row
    assert epoch_flops(128, 64, [2, 4, 2], [2, 4, 1], judge_steps=2) == (
        128 * judge_row + 1 * 64 * generator_row
    )
    with_r1 = epoch_flops(128, 64, [2, 4, 2], [2, 4, 1], penalty_every=4)
    assert with_r1 == 128 * (judge_row + paired_row) + 128 * 4 * 24 / 4
