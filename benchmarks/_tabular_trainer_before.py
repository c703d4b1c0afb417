"""The tabular GAN's training step as it was before the engine (commit c29a1c2), kept only as
the baseline `train_gan_throughput.py` times the engine against: the discriminator judges real
and generated rows in two calls, R1 runs on every step, and the generator step draws its own
noise. Not used by the pipeline."""

from __future__ import annotations

import keras
import tensorflow as tf


class TrainerBefore:
    def __init__(self, generator, discriminator, *, batch_size, lr, beta_1, seed, r1, decay):
        self.generator, self.discriminator = generator, discriminator
        self.average = keras.models.clone_model(generator)
        self.average.set_weights(generator.get_weights())
        self.r1, self.decay, self.batch_size = r1, decay, batch_size
        self.width = int(generator.input_shape[-1])
        self.g_optimizer = keras.optimizers.Adam(lr, beta_1=beta_1)
        self.d_optimizer = keras.optimizers.Adam(lr, beta_1=beta_1)
        self.g_optimizer.build(generator.trainable_weights)
        self.d_optimizer.build(discriminator.trainable_weights)
        self.rng = tf.random.Generator.from_seed(seed)
        self.bce = keras.losses.BinaryCrossentropy()

    def _step(self, real):
        n = tf.shape(real)[0]
        z = self.rng.uniform((n, self.width), -1.0, 1.0)
        with tf.GradientTape() as tape:
            fake = self.generator(z, training=True)
            with tf.GradientTape() as input_tape:
                input_tape.watch(real)
                p_real = self.discriminator(real, training=True)
                p_real_sum = tf.reduce_sum(p_real)
            p_fake = self.discriminator(fake, training=True)
            loss = 0.5 * (
                self.bce(tf.ones_like(p_real), p_real) + self.bce(tf.zeros_like(p_fake), p_fake)
            )
            slope = input_tape.gradient(p_real_sum, real)
            loss += 0.5 * self.r1 * tf.reduce_mean(tf.reduce_sum(tf.square(slope), axis=1))
        weights = self.discriminator.trainable_weights
        self.d_optimizer.apply_gradients(zip(tape.gradient(loss, weights), weights, strict=True))
        z = self.rng.uniform((n, self.width), -1.0, 1.0)
        with tf.GradientTape() as tape:
            p_fake = self.discriminator(self.generator(z, training=True), training=True)
            g_loss = self.bce(tf.ones_like(p_fake), p_fake)
        weights = self.generator.trainable_weights
        self.g_optimizer.apply_gradients(zip(tape.gradient(g_loss, weights), weights, strict=True))
        for average, weight in zip(self.average.trainable_weights, weights, strict=True):
            average.assign(self.decay * average + (1.0 - self.decay) * weight)

    @tf.function
    def train_epoch(self, data):
        n = tf.shape(data)[0]
        order = tf.argsort(self.rng.uniform((n,)))
        for i in tf.range((n + self.batch_size - 1) // self.batch_size):
            index = order[i * self.batch_size : tf.minimum((i + 1) * self.batch_size, n)]
            self._step(tf.gather(data, index))
