"""A GAN for encoded tabular rows: MLP generator and discriminator, compiled training.

In the spirit of the keras.io GAN examples, but one ``tf.function`` runs a whole epoch (shuffle,
batches, both updates), so Python is entered once per epoch, not once per batch. Every figure the
convergence check needs is computed after each epoch on the validation split.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import keras
import numpy as np
import tensorflow as tf

from ganexp.errors import DataError
from ganexp.tabular import checkpoints

HISTORY_COLUMNS = (
    "epoch",
    "train_d_loss",
    "train_g_loss",
    "d_loss",
    "g_loss",
    "d_accuracy",
    "d_accuracy_real",
    "deception_rate",
)


@keras.saving.register_keras_serializable(package="ganexp")
class RowHead(keras.layers.Layer):
    """The generator's output layer: logits -> one encoded row.

    Per block of the encoder's layout: a sigmoid value column, or a softmax over a one-hot group.
    With ``snap``, each block is then rounded to what real rows hold (the nearest allowed value; the
    one-hot of the largest entry) in the forward pass, while gradients pass through unchanged (a
    straight-through estimator). Real rows sit on those values; without the snap a discriminator
    tells generated rows apart by their in-between values alone, and training collapses.

    With ``sample``, each one-hot group's category is drawn from its softmax rather than taken as
    its most likely one (the Gumbel-max trick, straight through the Gumbel-softmax): the layer
    then takes ``[logits, uniforms]``, one uniform in [-1, 1] per one-hot column, so the generator
    stays a deterministic function of its input noise. Taking the argmax instead turns every
    category that is never the most likely into a category the generator cannot produce."""

    def __init__(
        self, blocks: Sequence[dict], snap: bool = True, sample: bool = False, **kwargs
    ) -> None:
        super().__init__(**kwargs)
        self.blocks = [dict(block) for block in blocks]
        self.snap = snap
        self.sample = sample
        self._plan = _HeadPlan(self.blocks)

    def call(self, inputs):
        """A fixed handful of ops whatever the number of columns: value columns are gathered
        into one (n, V) block, one-hot groups padded into one (n, G, K) block."""
        logits, uniforms = inputs if self.sample else (inputs, None)
        plan = self._plan
        n = tf.shape(logits)[0]
        if plan.groups is None:  # value columns only: no reordering to do
            values = tf.sigmoid(logits)
        else:
            values = tf.sigmoid(tf.gather(logits, plan.value_columns, axis=1))
        if self.snap and plan.snapped.size:
            soft = tf.gather(values, plan.snapped, axis=1)
            index = tf.searchsorted(
                tf.constant(plan.edges, logits.dtype), tf.transpose(soft), side="right"
            )
            hard = tf.transpose(
                tf.gather(tf.constant(plan.allowed, logits.dtype), index, batch_dims=1)
            )
            shift = tf.concat([tf.zeros((n, 1), logits.dtype), hard - soft], axis=1)
            values += tf.stop_gradient(tf.gather(shift, plan.shift_source, axis=1))
        if plan.groups is None:
            return values
        padded = tf.concat([logits, tf.fill((n, 1), tf.constant(-1e9, logits.dtype))], axis=1)
        group_logits = tf.gather(padded, plan.groups, axis=1)
        if self.sample:
            unit = tf.clip_by_value(0.5 * (uniforms + 1.0), 1e-6, 1.0 - 1e-6)
            gumbel = -tf.math.log(-tf.math.log(unit))
            gumbel = tf.concat([gumbel, tf.zeros((n, 1), logits.dtype)], axis=1)
            group_logits += tf.gather(gumbel, plan.noise_index, axis=1)
        soft = tf.nn.softmax(group_logits, axis=-1)
        if self.snap:
            hard = tf.one_hot(tf.argmax(soft, axis=-1), plan.groups.shape[1], dtype=soft.dtype)
            soft += tf.stop_gradient(hard - soft)
        parts = [values, tf.reshape(soft, (n, plan.groups.size))]
        return tf.gather(tf.concat(parts, axis=1), plan.output_order, axis=1)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "blocks": self.blocks,
            "snap": self.snap,
            "sample": self.sample,
        }


class _HeadPlan:
    """Index arrays that turn a RowHead's per-block work into a few batched ops."""

    def __init__(self, blocks: Sequence[dict]) -> None:
        value_columns, groups, snapped = [], [], []
        allowed, edges = [], []
        position = 0
        for block in blocks:
            if block["kind"] == "onehot":
                groups.append(list(range(position, position + block["width"])))
                position += block["width"]
                continue
            if block.get("allowed"):
                snapped.append(len(value_columns))
                allowed.append(list(block["allowed"]))
                edges.append(list(block["edges"] or []))
            value_columns.append(position)
            position += 1
        self.value_columns = np.array(value_columns, dtype="int32")
        self.snapped = np.array(snapped, dtype="int32")
        longest = max([len(e) for e in edges] + [1])
        # +inf padding: a value never passes a missing edge, so it stays among its own points
        self.edges = np.array([e + [np.inf] * (longest - len(e)) for e in edges], dtype="float32")
        self.allowed = np.array(
            [a + [a[-1]] * (longest + 1 - len(a)) for a in allowed], dtype="float32"
        )
        self.shift_source = np.zeros(len(value_columns), dtype="int32")
        self.shift_source[self.snapped] = np.arange(1, len(snapped) + 1)
        widest = max([len(g) for g in groups] + [0])
        self.groups = (
            np.array([g + [position] * (widest - len(g)) for g in groups], dtype="int32")
            if groups
            else None
        )
        # where each group's noise sits among the one-hot columns' uniforms (padding: the end)
        n_onehot = sum(len(g) for g in groups)
        starts = np.cumsum([0] + [len(g) for g in groups])
        self.noise_index = np.array(
            [
                list(range(a, a + len(g))) + [n_onehot] * (widest - len(g))
                for a, g in zip(starts, groups, strict=False)
            ],
            dtype="int32",
        ).reshape(len(groups), widest)
        self.n_onehot = n_onehot
        # where each output column sits in concat([values, flattened groups])
        order = np.empty(position, dtype="int32")
        order[self.value_columns] = np.arange(len(value_columns))
        for g, group in enumerate(groups):
            order[group] = len(value_columns) + g * widest + np.arange(len(group))
        self.output_order = order


def row_width(blocks: Sequence[dict]) -> int:
    return sum(block["width"] if block["kind"] == "onehot" else 1 for block in blocks)


@dataclass(frozen=True)
class NetworkSpec:
    """Hidden layer widths, their activation, and dropout after each hidden layer."""

    hidden: Sequence[int]
    activation: str = "relu"
    dropout: float = 0.0


def sampling_noise_width(blocks: Sequence[dict]) -> int:
    """How many uniforms a sampling RowHead needs: one per one-hot column."""
    return sum(block["width"] for block in blocks if block["kind"] == "onehot")


def build_generator(
    latent_dim: int,
    blocks: Sequence[dict],
    spec: NetworkSpec,
    snap: bool = True,
    sample_categories: bool = False,
) -> keras.Model:
    """Uniform noise -> one encoded row laid out as ``blocks`` (the encoder's ``layout``).

    The input is ``latent_dim`` values for the network, then (with ``sample_categories``) one per
    one-hot column for the head's category draw; all of it uniform in [-1, 1], so a caller only
    needs the input width."""
    extra = sampling_noise_width(blocks) if sample_categories else 0
    sample = bool(extra)
    noise = keras.Input((latent_dim + extra,), name="noise")
    hidden = NoiseColumns(0, latent_dim, name="latent")(noise) if sample else noise
    for width in spec.hidden:
        hidden = keras.layers.Dense(width, activation=spec.activation)(hidden)
        if spec.dropout:
            hidden = keras.layers.Dropout(spec.dropout)(hidden)
    logits = keras.layers.Dense(row_width(blocks))(hidden)
    head = RowHead(blocks, snap=snap, sample=sample, name="row_head")
    if sample:
        uniforms = NoiseColumns(latent_dim, latent_dim + extra, name="category_noise")(noise)
        rows = head([logits, uniforms])
    else:
        rows = head(logits)
    return keras.Model(noise, rows, name="generator")


@keras.saving.register_keras_serializable(package="ganexp")
class NoiseColumns(keras.layers.Layer):
    """Columns ``start:stop`` of the generator's noise: the network's latent part, or the
    uniforms of the category draws (a named layer, so saved models load without Lambda code)."""

    def __init__(self, start: int, stop: int, **kwargs) -> None:
        super().__init__(**kwargs)
        self.start, self.stop = start, stop

    def call(self, noise):
        return noise[:, self.start : self.stop]

    def compute_output_shape(self, input_shape):
        return (input_shape[0], self.stop - self.start)

    def get_config(self) -> dict:
        return {**super().get_config(), "start": self.start, "stop": self.stop}


def build_discriminator(n_features: int, spec: NetworkSpec) -> keras.Sequential:
    """Encoded row -> probability that it is real."""
    layers: list[keras.layers.Layer] = [keras.Input((n_features,))]
    for width in spec.hidden:
        layers.append(keras.layers.Dense(width, activation=spec.activation))
        if spec.dropout:
            layers.append(keras.layers.Dropout(spec.dropout))
    layers.append(keras.layers.Dense(1, activation="sigmoid"))
    return keras.Sequential(layers, name="discriminator")


class TabularGAN:
    """Trains a generator against a discriminator with the standard GAN losses.

    Discriminator: binary cross-entropy, real = 1, generated = 0, plus an R1 penalty
    (``r1_penalty`` / 2 times the squared gradient of D on real rows; Mescheder et al., 2018) that
    keeps it from overpowering the generator. Generator: the non-saturating loss, -log D(G(z)).
    Both use Adam. With ``generator_ema``, an exponential moving average of the generator's
    weights (``self.sampler``) is what gets evaluated and kept: the trained generator jitters from
    batch to batch, its average much less (as in progressive GANs and StyleGAN)."""

    def __init__(
        self,
        generator: keras.Model,
        discriminator: keras.Model,
        *,
        batch_size: int,
        generator_lr: float,
        discriminator_lr: float,
        beta_1: float,
        seed: int,
        r1_penalty: float = 0.0,
        generator_ema: float | None = None,
    ) -> None:
        self.generator = generator
        self.discriminator = discriminator
        self.r1_penalty = r1_penalty
        self.generator_ema = generator_ema
        if generator_ema is None:
            self.sampler = generator
        else:
            self.sampler = keras.models.clone_model(generator)
            self.sampler.set_weights(generator.get_weights())
        self.latent_dim = int(generator.input_shape[-1])
        self.batch_size = batch_size
        self.g_optimizer = keras.optimizers.Adam(generator_lr, beta_1=beta_1)
        self.d_optimizer = keras.optimizers.Adam(discriminator_lr, beta_1=beta_1)
        self.rng = tf.random.Generator.from_seed(seed)
        self.bce = keras.losses.BinaryCrossentropy()
        # Create the optimisers' slots now, outside the compiled epoch.
        self.g_optimizer.build(generator.trainable_weights)
        self.d_optimizer.build(discriminator.trainable_weights)

    # -- compiled training ---------------------------------------------------------------------
    def _train_step(self, real: tf.Tensor) -> tuple[tf.Tensor, tf.Tensor]:
        n = tf.shape(real)[0]
        z = self.rng.uniform((n, self.latent_dim), -1.0, 1.0)
        with tf.GradientTape() as tape:
            fake = self.generator(z, training=True)
            with tf.GradientTape() as input_tape:
                input_tape.watch(real)
                p_real = self.discriminator(real, training=True)
                p_real_sum = tf.reduce_sum(p_real)
            p_fake = self.discriminator(fake, training=True)
            d_loss = 0.5 * (
                self.bce(tf.ones_like(p_real), p_real) + self.bce(tf.zeros_like(p_fake), p_fake)
            )
            objective = d_loss
            if self.r1_penalty:
                slope = input_tape.gradient(p_real_sum, real)
                objective += (
                    0.5 * self.r1_penalty * tf.reduce_mean(tf.reduce_sum(tf.square(slope), axis=1))
                )
        grads = tape.gradient(objective, self.discriminator.trainable_weights)
        self.d_optimizer.apply_gradients(
            zip(grads, self.discriminator.trainable_weights, strict=True)
        )

        z = self.rng.uniform((n, self.latent_dim), -1.0, 1.0)
        with tf.GradientTape() as tape:
            p_fake = self.discriminator(self.generator(z, training=True), training=True)
            g_loss = self.bce(tf.ones_like(p_fake), p_fake)
        grads = tape.gradient(g_loss, self.generator.trainable_weights)
        self.g_optimizer.apply_gradients(zip(grads, self.generator.trainable_weights, strict=True))
        if self.generator_ema is not None:
            decay = self.generator_ema
            for average, weight in zip(
                self.sampler.trainable_weights, self.generator.trainable_weights, strict=True
            ):
                average.assign(decay * average + (1.0 - decay) * weight)
        return d_loss, g_loss

    @tf.function
    def _train_epoch(self, data: tf.Tensor) -> tuple[tf.Tensor, tf.Tensor]:
        n = tf.shape(data)[0]
        order = tf.argsort(self.rng.uniform((n,)))
        n_batches = (n + self.batch_size - 1) // self.batch_size
        d_total = tf.constant(0.0)
        g_total = tf.constant(0.0)
        for i in tf.range(n_batches):
            index = order[i * self.batch_size : tf.minimum((i + 1) * self.batch_size, n)]
            d_loss, g_loss = self._train_step(tf.gather(data, index))
            d_total += d_loss
            g_total += g_loss
        batches = tf.cast(n_batches, tf.float32)
        return d_total / batches, g_total / batches

    @tf.function
    def _evaluate(self, real: tf.Tensor, z_val: tf.Tensor, z_deception: tf.Tensor) -> dict:
        p_real = self.discriminator(real, training=False)
        p_fake = self.discriminator(self.sampler(z_val, training=False), training=False)
        p_deceive = self.discriminator(self.sampler(z_deception, training=False), training=False)
        hit_real = tf.reduce_mean(tf.cast(p_real >= 0.5, tf.float32))
        hit_fake = tf.reduce_mean(tf.cast(p_fake < 0.5, tf.float32))
        return {
            "d_loss": 0.5
            * (self.bce(tf.ones_like(p_real), p_real) + self.bce(tf.zeros_like(p_fake), p_fake)),
            "g_loss": self.bce(tf.ones_like(p_fake), p_fake),
            "d_accuracy": 0.5 * (hit_real + hit_fake),
            "d_accuracy_real": hit_real,
            "deception_rate": tf.reduce_mean(tf.cast(p_deceive >= 0.5, tf.float32)),
        }

    # -- the loop ------------------------------------------------------------------------------
    def fit(
        self,
        train: np.ndarray,
        validation: np.ndarray,
        *,
        epochs: int,
        n_deception_samples: int,
        on_epoch_end: Callable[[int, dict[str, float]], None] | None = None,
    ) -> list[dict[str, float]]:
        """Train for ``epochs``; after each, evaluate on ``validation`` (real rows against as many
        rows of ``self.sampler``) and on ``n_deception_samples`` generated rows. Returns one dict
        per epoch.

        The evaluation noise is drawn once, so epoch-to-epoch changes are the models', not the
        noise's."""
        data = tf.constant(train, dtype=tf.float32)
        real_val = tf.constant(validation, dtype=tf.float32)
        eval_rng = tf.random.Generator.from_seed(int(self.rng.uniform_full_int(()).numpy()) >> 1)
        z_val = eval_rng.uniform((len(validation), self.latent_dim), -1.0, 1.0)
        z_deception = eval_rng.uniform((n_deception_samples, self.latent_dim), -1.0, 1.0)
        history = []
        for epoch in range(1, epochs + 1):
            train_d, train_g = self._train_epoch(data)
            figures = {k: float(v) for k, v in self._evaluate(real_val, z_val, z_deception).items()}
            row = {"epoch": epoch, "train_d_loss": float(train_d), "train_g_loss": float(train_g)}
            row.update(figures)
            history.append(row)
            if on_epoch_end is not None:
                on_epoch_end(epoch, row)
        return history

    def generate(self, n: int, seed: int) -> np.ndarray:
        z = tf.random.Generator.from_seed(seed).uniform((n, self.latent_dim), -1.0, 1.0)
        return self.sampler(z, training=False).numpy()


def load_network(config_folder: Path, weights_folder: Path, name: str) -> keras.Model:
    """A network saved by ``ganexp.tabular.checkpoints``: its JSON config with one checkpoint's
    weights."""
    config = checkpoints.config_path(config_folder, name)
    weights = checkpoints.weights_path(weights_folder, name)
    for path in (config, weights):
        if not path.is_file():
            raise DataError(f"{path}: not found; run `dvc repro train_gan` first")
    model = keras.models.model_from_json(config.read_text(encoding="utf-8"))
    model.load_weights(weights)
    return model
