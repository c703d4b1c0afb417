"""The combined model as a configuration of the engine: which judge and optimisers each phase
uses, and the FLOP count a benchmark divides by."""

from __future__ import annotations

import keras
import numpy as np
import pytest
import tensorflow as tf

from ganexp.gaussians.combined import GAN, WGAN, analytic_flops_per_epoch, combined_trainer
from ganexp.gaussians.mixtures import ring5
from ganexp.gaussians.settings import CombinedSettings

SMALL = CombinedSettings(hidden=(16, 16), learning_rate=5e-4, n_critic=2, warmup_epochs=0)


def weights(model) -> list[np.ndarray]:
    return [w.numpy().copy() for w in model.trainable_weights]


def changed(before: list[np.ndarray], model) -> bool:
    return any(
        not np.array_equal(a, b.numpy())
        for a, b in zip(before, model.trainable_weights, strict=True)
    )


def test_wgan_phase_trains_critic_and_generator_with_rmsprop_not_discriminator():
    data = tf.constant(ring5(seed=0).points)  # 500 points: 8 batches of 64
    t = combined_trainer(SMALL, switch_epoch=1, seed=0)
    critic, discriminator = t.judges["critic"], t.judges["discriminator"]
    g, d, c = weights(t.generator), weights(discriminator.network), weights(critic.network)
    row = t.train_epoch(data, 0)
    assert row["phase"] == WGAN and "critic_loss" in row
    assert row["generator_steps"] == 4  # one generator step per 2 critic steps
    assert changed(c, critic.network) and changed(g, t.generator)
    assert not changed(d, discriminator.network)
    assert isinstance(critic.generator_optimizer, keras.optimizers.RMSprop)
    assert int(critic.optimizer.iterations) == 8
    assert int(discriminator.optimizer.iterations) == 0


def test_gan_phase_trains_discriminator_and_generator_with_adam_not_critic():
    data = tf.constant(ring5(seed=0).points)
    t = combined_trainer(SMALL, switch_epoch=1, seed=0)
    t.train_epoch(data, 0)
    critic, discriminator = t.judges["critic"], t.judges["discriminator"]
    c = weights(critic.network)
    row = t.train_epoch(data, 1)
    assert row["phase"] == GAN and "discriminator_loss" in row
    assert row["generator_steps"] == 8  # one per batch
    assert not changed(c, critic.network)
    assert isinstance(discriminator.generator_optimizer, keras.optimizers.Adam)
    assert int(discriminator.optimizer.iterations) == 8
    assert int(discriminator.generator_optimizer.iterations) == 8
    assert int(critic.generator_optimizer.iterations) == 4  # kept its WGAN-phase count


def test_the_gradient_penalty_critic_uses_adam_and_no_clipping_and_tanh_reaches_every_layer():
    settings = CombinedSettings(
        hidden=(16, 16), activation="tanh", n_critic=2, clip_value=1e-4, warmup_epochs=0
    )
    t = combined_trainer(settings, switch_epoch=None, seed=0, critic="gradient-penalty")
    critic = t.judges["critic"]
    assert critic.clip_value is None and critic.penalty.weight == 10.0
    assert isinstance(critic.optimizer, keras.optimizers.Adam)
    assert float(critic.optimizer.beta_2) == 0.9
    hidden = [layer.activation.__name__ for layer in t.generator.layers[:-1]]
    assert hidden == ["tanh", "tanh"]
    row = t.train_epoch(tf.constant(ring5(seed=0).points), 0)
    assert row["phase"] == WGAN and row["generator_steps"] == 4
    # unclipped: some weight leaves the clipped critic's tiny box after one epoch
    assert max(float(np.abs(w.numpy()).max()) for w in critic.network.trainable_weights) > 1e-4
    with pytest.raises(ValueError, match="critic must be one of clip, gradient-penalty"):
        combined_trainer(settings, switch_epoch=None, seed=0, critic="spectral")


def test_r1_and_the_generator_average_are_available_to_the_2d_model():
    settings = CombinedSettings(hidden=(8,), r1_penalty=1.0, r1_every=4, generator_average=0.99)
    t = combined_trainer(settings, switch_epoch=0, seed=0)
    assert t.judges["discriminator"].penalty.every == 4
    assert t.kept_generator is not t.generator
    assert combined_trainer(SMALL, 0, 0).judges["discriminator"].penalty is None


def test_analytic_flops_follow_the_schedule():
    # one hidden layer of 4: F_G = 2*(2*4 + 4*2) = 32, F_J = 2*(2*4 + 4*1) = 24
    settings = CombinedSettings(hidden=(4,), n_critic=2, warmup_epochs=0)
    judge_point = 32 + 6 * 24
    generator_point = 3 * 32 + 2 * 24  # on fresh noise
    paired_point = 2 * 32 + 2 * 24  # on the judge step's rows: their forward pass is paid
    gan = analytic_flops_per_epoch(settings, 0, n_points=100, epochs=1)
    assert gan == 100 * (judge_point + paired_point)  # the short batch's G step is short too
    wgan = analytic_flops_per_epoch(settings, None, n_points=128, epochs=1)
    assert wgan == 128 * judge_point + 1 * 64 * generator_point  # 2 critic steps, 1 G step
    mixed = analytic_flops_per_epoch(settings, 1, n_points=128, epochs=2)
    assert mixed == (wgan + 128 * (judge_point + paired_point)) / 2
