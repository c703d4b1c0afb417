"""The combined trainer: which mode runs when, that clipping holds, and that a short run trains."""

from __future__ import annotations

import keras
import numpy as np
import pytest
import tensorflow as tf

from ganexp.gaussians.combined import (
    GAN,
    WGAN,
    CombinedTrainer,
    Schedule,
    analytic_flops_per_epoch,
    build_critic,
    build_discriminator,
    build_generator,
)
from ganexp.gaussians.mixtures import make_ring


def trainer(schedule: Schedule, hidden=(16, 16), seed: int = 0) -> CombinedTrainer:
    return CombinedTrainer(
        build_generator(2, hidden),
        build_discriminator(hidden),
        build_critic(hidden),
        schedule=schedule,
        batch_size=64,
        learning_rate=5e-4,
        clip_value=0.01,
        adam_beta_1=0.5,
        seed=seed,
    )


def weights(model) -> list[np.ndarray]:
    return [w.numpy().copy() for w in model.trainable_weights]


def changed(before: list[np.ndarray], model) -> bool:
    return any(
        not np.array_equal(a, b.numpy())
        for a, b in zip(before, model.trainable_weights, strict=True)
    )


@pytest.mark.parametrize(
    ("switch_epoch", "epochs", "expected"),
    [
        (3, 5, [WGAN, WGAN, WGAN, GAN, GAN]),
        (0, 3, [GAN, GAN, GAN]),  # plain GAN
        (5, 3, [WGAN, WGAN, WGAN]),  # switch_epoch >= epochs: plain WGAN
        (None, 3, [WGAN, WGAN, WGAN]),  # never switch
    ],
)
def test_schedule_modes(switch_epoch, epochs, expected):
    schedule = Schedule(switch_epoch=switch_epoch)
    assert [schedule.mode(e) for e in range(epochs)] == expected


def test_more_critic_steps_during_warmup():
    schedule = Schedule(switch_epoch=None, n_critic=5, warmup_epochs=2, warmup_n_critic=8)
    assert [schedule.critic_steps_per_generator_step(e) for e in range(4)] == [8, 8, 5, 5]


def test_wgan_epoch_trains_critic_and_generator_not_discriminator():
    data = tf.constant(make_ring(seed=0).points)
    t = trainer(Schedule(switch_epoch=1, n_critic=2))
    g, d, c = weights(t.generator), weights(t.discriminator), weights(t.critic)
    row = t.train_epoch(data, 0)
    assert row["mode"] == WGAN
    assert row["generator_steps"] == 4  # 8 batches, one generator step per 2 critic steps
    assert changed(c, t.critic) and changed(g, t.generator)
    assert not changed(d, t.discriminator)
    assert "critic_loss" in row and "discriminator_loss" not in row
    # RMSprop for both in WGAN mode; the Adam optimisers have not stepped
    assert int(t.critic_optimizer.iterations) == 8
    assert int(t.g_wgan_optimizer.iterations) == 4
    assert int(t.discriminator_optimizer.iterations) == int(t.g_gan_optimizer.iterations) == 0


def test_gan_epoch_trains_discriminator_and_generator_not_critic():
    data = tf.constant(make_ring(seed=0).points)
    t = trainer(Schedule(switch_epoch=1))
    t.train_epoch(data, 0)
    g, d, c = weights(t.generator), weights(t.discriminator), weights(t.critic)
    row = t.train_epoch(data, 1)
    assert row["mode"] == GAN
    assert row["generator_steps"] == 8  # one per batch: all 500 points are used
    assert changed(d, t.discriminator) and changed(g, t.generator)
    assert not changed(c, t.critic)
    # Adam for both in GAN mode; the RMSprop optimisers kept their WGAN-epoch counts
    assert int(t.discriminator_optimizer.iterations) == int(t.g_gan_optimizer.iterations) == 8
    assert int(t.critic_optimizer.iterations) == 8
    assert isinstance(t.g_gan_optimizer, keras.optimizers.Adam)
    assert isinstance(t.g_wgan_optimizer, keras.optimizers.RMSprop)


def test_critic_steps_carry_across_epochs():
    data = tf.constant(make_ring(seed=0).points)  # 8 batches per epoch
    t = trainer(Schedule(switch_epoch=None, n_critic=3))
    steps = [t.train_epoch(data, e)["generator_steps"] for e in range(3)]
    assert sum(steps) == 24 // 3  # 24 critic steps, one generator step per 3


def test_clipping_holds_after_steps():
    data = tf.constant(make_ring(seed=0).points)
    t = trainer(Schedule(switch_epoch=None, n_critic=1))
    for epoch in range(2):
        t.train_epoch(data, epoch)
    for weight in t.critic.trainable_weights:
        assert np.abs(weight.numpy()).max() <= 0.01 + 1e-7
    # and the clipping binds: some weights sit on the box's edge
    assert any(np.isclose(np.abs(w.numpy()), 0.01).any() for w in t.critic.trainable_weights)


def test_same_seed_same_weights():
    data = tf.constant(make_ring(seed=0).points)
    runs = []
    for _ in range(2):
        tf.keras.utils.set_random_seed(1)
        t = trainer(Schedule(switch_epoch=1), seed=5)
        for epoch in range(2):
            t.train_epoch(data, epoch)
        runs.append(weights(t.generator))
    for a, b in zip(*runs, strict=True):
        np.testing.assert_array_equal(a, b)


def test_analytic_flops_count():
    # one hidden layer of 4: F_G = 2*(2*4 + 4*2) = 32, F_D = 2*(2*4 + 4*1) = 24
    critic_point = 32 + 2 * 3 * 24  # generate one fake, train on it and on one real point
    generator_point = 3 * 32 + 2 * 24
    gan = analytic_flops_per_epoch(100, 64, [4], 2, Schedule(switch_epoch=0), epochs=1)
    assert gan == 100 * (critic_point + generator_point)  # 2 batches, every point used once
    wgan = analytic_flops_per_epoch(128, 64, [4], 2, Schedule(None, n_critic=2), epochs=1)
    assert wgan == 128 * critic_point + 1 * 64 * generator_point  # 2 critic steps, 1 G step
    mixed = analytic_flops_per_epoch(128, 64, [4], 2, Schedule(1, n_critic=2), epochs=2)
    assert mixed == (wgan + 128 * (critic_point + generator_point)) / 2
