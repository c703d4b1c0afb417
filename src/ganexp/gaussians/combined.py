"""One generator trained first against a weight-clipped critic (WGAN), then against a
discriminator (GAN): the original combined model, with plain GAN and plain WGAN as special cases.

An epoch is one pass over the shuffled data in batches. In WGAN mode every batch is one critic step
(RMSprop, Wasserstein loss, weights clipped inside the compiled step) and the generator takes one
step (RMSprop) after every ``n_critic`` critic steps, or ``warmup_n_critic`` during the first
``warmup_epochs`` epochs; the count carries across epochs, so no step is lost at an epoch's end.
In GAN mode every batch is one discriminator step and one generator step (Adam, binary
cross-entropy with real = 1, the non-saturating generator loss). Epochs before ``switch_epoch`` are
WGAN epochs, the rest GAN epochs: ``switch_epoch=0`` is a plain GAN, ``switch_epoch >= epochs`` a
plain WGAN. Each mode's epoch is one ``tf.function``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import keras
import numpy as np
import tensorflow as tf

WGAN, GAN = "wgan", "gan"


def _mlp(input_dim: int, hidden: Sequence[int], output: keras.layers.Layer, name: str):
    layers: list[keras.layers.Layer] = [keras.Input((input_dim,))]
    layers += [keras.layers.Dense(width, activation="relu") for width in hidden]
    layers.append(output)
    return keras.Sequential(layers, name=name)


def build_generator(latent_dim: int = 2, hidden: Sequence[int] = (512, 512, 512)):
    """Uniform noise in [-1, 1]^latent_dim -> a 2-D point (linear output)."""
    return _mlp(latent_dim, hidden, keras.layers.Dense(2), "generator")


def build_discriminator(hidden: Sequence[int] = (512, 512, 512)):
    """A 2-D point -> probability that it is real."""
    return _mlp(2, hidden, keras.layers.Dense(1, activation="sigmoid"), "discriminator")


def build_critic(hidden: Sequence[int] = (512, 512, 512)):
    """A 2-D point -> an unbounded score (higher: more real); weights are clipped by the trainer."""
    return _mlp(2, hidden, keras.layers.Dense(1), "critic")


@dataclass(frozen=True)
class Schedule:
    """Which mode runs when, and how many critic steps each generator step gets."""

    switch_epoch: int | None  # first GAN epoch (0-based); None: never switch (plain WGAN)
    n_critic: int = 5
    warmup_epochs: int = 0
    warmup_n_critic: int = 5

    def mode(self, epoch: int) -> str:
        """The mode of 0-based ``epoch``."""
        if self.switch_epoch is None or epoch < self.switch_epoch:
            return WGAN
        return GAN

    def critic_steps_per_generator_step(self, epoch: int) -> int:
        return self.warmup_n_critic if epoch < self.warmup_epochs else self.n_critic


class CombinedTrainer:
    """Holds the three networks, their optimisers and one random stream; trains epoch by epoch."""

    def __init__(
        self,
        generator: keras.Model,
        discriminator: keras.Model,
        critic: keras.Model,
        *,
        schedule: Schedule,
        batch_size: int,
        learning_rate: float,
        clip_value: float,
        adam_beta_1: float,
        seed: int,
        jit_compile: bool = False,
    ) -> None:
        self.generator, self.discriminator, self.critic = generator, discriminator, critic
        self.schedule = schedule
        self.latent_dim = int(generator.input_shape[-1])
        self.batch_size = batch_size
        self.clip_value = clip_value
        self.rng = tf.random.Generator.from_seed(seed)
        self.critic_optimizer = keras.optimizers.RMSprop(learning_rate)
        self.g_wgan_optimizer = keras.optimizers.RMSprop(learning_rate)
        self.discriminator_optimizer = keras.optimizers.Adam(learning_rate, beta_1=adam_beta_1)
        self.g_gan_optimizer = keras.optimizers.Adam(learning_rate, beta_1=adam_beta_1)
        self.critic_optimizer.build(critic.trainable_weights)
        self.g_wgan_optimizer.build(generator.trainable_weights)
        self.discriminator_optimizer.build(discriminator.trainable_weights)
        self.g_gan_optimizer.build(generator.trainable_weights)
        self.bce = keras.losses.BinaryCrossentropy()
        # critic steps since the last generator step: carried from one WGAN epoch to the next
        self.pending_critic_steps = tf.Variable(0, dtype=tf.int32, trainable=False)
        self._clip_critic()  # the critic starts inside the clipping box too
        self._wgan_epoch = tf.function(self._wgan_epoch_eager, jit_compile=jit_compile)
        self._gan_epoch = tf.function(self._gan_epoch_eager, jit_compile=jit_compile)

    # -- steps ---------------------------------------------------------------------------------
    def _noise(self, n) -> tf.Tensor:
        return self.rng.uniform((n, self.latent_dim), -1.0, 1.0)

    def _clip_critic(self) -> None:
        for weight in self.critic.trainable_weights:
            weight.assign(tf.clip_by_value(weight, -self.clip_value, self.clip_value))

    def _critic_step(self, real: tf.Tensor) -> tf.Tensor:
        fake = self.generator(self._noise(tf.shape(real)[0]), training=True)
        n = tf.shape(real)[0]
        with tf.GradientTape() as tape:
            # one pass over real and fake together: twice the rows per matmul, same loss
            scores = self.critic(tf.concat([real, fake], axis=0), training=True)
            # Wasserstein estimate: the critic maximises E[C(real)] - E[C(fake)]
            loss = tf.reduce_mean(scores[n:]) - tf.reduce_mean(scores[:n])
        grads = tape.gradient(loss, self.critic.trainable_weights)
        self.critic_optimizer.apply_gradients(
            zip(grads, self.critic.trainable_weights, strict=True)
        )
        self._clip_critic()
        return loss

    def _generator_wgan_step(self, n) -> tf.Tensor:
        with tf.GradientTape() as tape:
            loss = -tf.reduce_mean(self.critic(self.generator(self._noise(n), training=True)))
        grads = tape.gradient(loss, self.generator.trainable_weights)
        self.g_wgan_optimizer.apply_gradients(
            zip(grads, self.generator.trainable_weights, strict=True)
        )
        return loss

    def _gan_step(self, real: tf.Tensor) -> tuple[tf.Tensor, tf.Tensor]:
        n = tf.shape(real)[0]
        fake = self.generator(self._noise(n), training=True)
        with tf.GradientTape() as tape:
            # one pass over real and fake together: twice the rows per matmul, same loss
            p = self.discriminator(tf.concat([real, fake], axis=0), training=True)
            p_real, p_fake = p[:n], p[n:]
            d_loss = 0.5 * (
                self.bce(tf.ones_like(p_real), p_real) + self.bce(tf.zeros_like(p_fake), p_fake)
            )
        grads = tape.gradient(d_loss, self.discriminator.trainable_weights)
        self.discriminator_optimizer.apply_gradients(
            zip(grads, self.discriminator.trainable_weights, strict=True)
        )
        with tf.GradientTape() as tape:
            p_fake = self.discriminator(self.generator(self._noise(n), training=True))
            g_loss = self.bce(tf.ones_like(p_fake), p_fake)  # non-saturating: -log D(G(z))
        grads = tape.gradient(g_loss, self.generator.trainable_weights)
        self.g_gan_optimizer.apply_gradients(
            zip(grads, self.generator.trainable_weights, strict=True)
        )
        return d_loss, g_loss

    # -- epochs (compiled in __init__) -----------------------------------------------------------
    def _batches(self, data: tf.Tensor):
        n = tf.shape(data)[0]
        order = tf.argsort(self.rng.uniform((n,)))
        return order, n, (n + self.batch_size - 1) // self.batch_size

    def _wgan_epoch_eager(self, data: tf.Tensor, n_critic: tf.Tensor) -> dict[str, tf.Tensor]:
        order, n, n_batches = self._batches(data)
        critic_total, g_total, g_steps = tf.constant(0.0), tf.constant(0.0), tf.constant(0)
        for i in tf.range(n_batches):
            index = order[i * self.batch_size : tf.minimum((i + 1) * self.batch_size, n)]
            critic_total += self._critic_step(tf.gather(data, index))
            self.pending_critic_steps.assign_add(1)
            if self.pending_critic_steps >= n_critic:
                self.pending_critic_steps.assign(0)
                g_total += self._generator_wgan_step(self.batch_size)
                g_steps += 1
        return {
            "critic_loss": critic_total / tf.cast(n_batches, tf.float32),
            "generator_loss": g_total / tf.maximum(tf.cast(g_steps, tf.float32), 1.0),
            "generator_steps": g_steps,
        }

    def _gan_epoch_eager(self, data: tf.Tensor) -> dict[str, tf.Tensor]:
        order, n, n_batches = self._batches(data)
        d_total, g_total = tf.constant(0.0), tf.constant(0.0)
        for i in tf.range(n_batches):
            index = order[i * self.batch_size : tf.minimum((i + 1) * self.batch_size, n)]
            d_loss, g_loss = self._gan_step(tf.gather(data, index))
            d_total += d_loss
            g_total += g_loss
        batches = tf.cast(n_batches, tf.float32)
        return {
            "discriminator_loss": d_total / batches,
            "generator_loss": g_total / batches,
            "generator_steps": n_batches,
        }

    def train_epoch(self, data: tf.Tensor, epoch: int) -> dict[str, float]:
        """Run 0-based ``epoch`` in its scheduled mode; returns its mode and mean losses."""
        mode = self.schedule.mode(epoch)
        if mode == WGAN:
            n_critic = tf.constant(self.schedule.critic_steps_per_generator_step(epoch))
            figures = self._wgan_epoch(data, n_critic)
        else:
            figures = self._gan_epoch(data)
        row: dict[str, float | str] = {"mode": mode}
        row.update({key: float(value) for key, value in figures.items()})
        return row

    def generate(self, z: tf.Tensor) -> np.ndarray:
        return self.generator(z, training=False).numpy()


def analytic_flops_per_epoch(
    n_points: int,
    batch_size: int,
    hidden: Sequence[int],
    latent_dim: int,
    schedule: Schedule,
    epochs: int,
) -> float:
    """Dense-layer FLOPs (2 per multiply-add) per epoch, averaged over ``epochs`` of the schedule.

    Forward pass of a network on one point: F = 2 * sum(fan_in * fan_out). A training pass costs
    3F (forward, gradients of activations, gradients of weights); a pass that only carries
    gradients back to its input (the critic/discriminator under a generator step) costs 2F.
    A critic or discriminator step on b real points: b*F_G (generate) + 2b*3F_D (real and fake);
    over an epoch that is every point once. A generator step on b points: b*(3F_G + 2F_D); in GAN
    mode one per batch (every point once), in WGAN mode one per n_critic batches, on a full batch.
    Biases and activations are left out (under 1%)."""

    def forward(widths: Sequence[int]) -> int:
        return 2 * sum(a * b for a, b in pairwise(widths))

    f_g = forward([latent_dim, *hidden, 2])
    f_d = forward([2, *hidden, 1])
    batches = -(-n_points // batch_size)
    critic_steps = n_points * (f_g + 6 * f_d)
    generator_point = 3 * f_g + 2 * f_d
    total = 0.0
    for epoch in range(epochs):
        if schedule.mode(epoch) == GAN:
            total += critic_steps + n_points * generator_point
        else:
            per_step = schedule.critic_steps_per_generator_step(epoch)
            total += critic_steps + batches / per_step * batch_size * generator_point
    return total / epochs
