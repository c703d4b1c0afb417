"""The tabular GAN's networks: an MLP generator whose head (``row_head``) emits encoded rows,
an MLP discriminator (a probability) and critic (an unbounded score), and loading a saved one.

Saved networks are JSON architecture plus weights-only HDF5 (``ganexp.tabular.model.checkpoints``);
the custom layers here are registered, so loading needs no Python code from the user.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import keras
import tensorflow as tf

from ganexp.errors import DataError
from ganexp.gan.precision import Resolved, hidden_policy
from ganexp.tabular.encoding.layout import (
    Block,
    onehot_width,
    row_width,
)
from ganexp.tabular.model import checkpoints
from ganexp.tabular.model.conditions import ConditionDraw, Conditions
from ganexp.tabular.model.row_head import RowHead, marginal_bias
from ganexp.tabular.model.settings import GANSettings, NetworkSpec


def build_generator(
    blocks: Sequence[Block], settings: GANSettings, precision: Resolved = "float32"
) -> keras.Model:
    """Uniform noise -> one encoded row laid out as ``blocks`` (the encoder's ``layout``), as
    ``settings`` describe it (``latent_dim``, ``generator``, ``snap_to_grid``,
    ``sample_categories``, ``marginal_init``, ``linear_values``).

    The input is ``latent_dim`` values for the network, then (with ``sample_categories``) one per
    one-hot column for the head's category draw; all of it uniform in [-1, 1], so a caller only
    needs the input width. With ``marginal_init`` (and ``frequencies`` in the blocks) the logits
    start at the categories' log shares, so training starts from the right marginals instead of
    uniform ones. ``precision`` is the hidden layers' (``gan.precision.hidden_policy``); the
    logits and the row head are float32 always.

    With ``training_by_sampling``, one more noise column stands for a condition
    (``model.conditions``): the hidden layers see it as a one-hot, the head makes its category."""
    latent_dim = settings.latent_dim
    extra = onehot_width(blocks) if settings.sample_categories else 0
    sample = bool(extra)
    conditioned = settings.training_by_sampling
    width = latent_dim + extra
    noise = keras.Input((width + conditioned,), name="noise")
    hidden = NoiseColumns(0, latent_dim, name="latent")(noise) if sample or conditioned else noise
    if conditioned:
        c = Conditions.of_blocks(blocks)
        draw = ConditionDraw(c.upper, c.onehot_index, c.onehot_width, name="condition")
        condition = draw(NoiseColumns(width, width + 1, name="condition_noise")(noise))
        hidden = keras.layers.Concatenate(name="latent_and_condition")([hidden, condition])
    hidden = _hidden_layers(hidden, settings.generator, precision)
    output = keras.layers.Dense(row_width(blocks), name="logits", dtype="float32")
    logits = output(hidden)
    if (
        settings.marginal_init
    ):  # small output weights, so the noise moves the logits off the shares little
        output.kernel.assign(output.kernel * 0.1)
        output.bias.assign(marginal_bias(blocks))
    head = RowHead(
        blocks,
        snap=settings.snap_to_grid,
        sample=sample,
        linear_values=settings.linear_values,
        condition=conditioned,
        name="row_head",
    )
    inputs = [logits]
    if sample:
        inputs.append(NoiseColumns(latent_dim, width, name="category_noise")(noise))
    if conditioned:
        inputs.append(condition)
    rows = head(inputs if len(inputs) > 1 else logits)
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


def build_discriminator(
    n_features: int, spec: NetworkSpec, pack: int = 1, precision: Resolved = "float32"
) -> keras.Model:
    """Encoded row -> probability that it is real (with ``pack`` > 1: that its pack is)."""
    return _judge(n_features, spec, "sigmoid", "discriminator", pack, precision)


def build_critic(
    n_features: int, spec: NetworkSpec, pack: int = 1, precision: Resolved = "float32"
) -> keras.Model:
    """Encoded row -> an unbounded score (higher: more real), for the Wasserstein phase."""
    return _judge(n_features, spec, None, "critic", pack, precision)


def real_probability(scores, real_scores, critic: bool) -> tf.Tensor:
    """A judge's probability that rows are real, from its ``scores`` on them: a
    discriminator's scores as they are; a critic's minus the median of its scores on real rows
    (``real_scores``), through a sigmoid. A critic's scores have no fixed offset (its loss
    ignores one), so "real" for a critic means scoring at least as high as the typical real
    row, and its accuracy on real rows is about 0.5 by construction."""
    scores = tf.reshape(tf.cast(scores, tf.float32), (-1,))
    if not critic:
        return scores
    ordered = tf.sort(tf.reshape(tf.cast(real_scores, tf.float32), (-1,)))
    return tf.sigmoid(scores - ordered[tf.shape(ordered)[0] // 2])


def _hidden_layers(inputs, spec: NetworkSpec, precision: Resolved):
    """The MLP's hidden layers on ``inputs`` in ``precision`` (each layer casts its input)."""
    policy = hidden_policy(precision)
    hidden = inputs
    for width in spec.hidden:
        hidden = keras.layers.Dense(width, activation=spec.activation, dtype=policy)(hidden)
        if spec.dropout:
            hidden = keras.layers.Dropout(spec.dropout, dtype=policy)(hidden)
    return hidden


def _judge(
    n_features: int,
    spec: NetworkSpec,
    output: str | None,
    name: str,
    pack: int,
    precision: Resolved,
):
    rows = keras.Input((n_features,), name="rows")
    hidden = Pack(pack, name="pack")(rows) if pack > 1 else rows
    hidden = _hidden_layers(hidden, spec, precision)
    scores = keras.layers.Dense(1, activation=output, name="score", dtype="float32")(hidden)
    if pack > 1:
        scores = Unpack(pack, name="unpack")([scores, rows])
    return keras.Model(rows, scores, name=name)


@keras.saving.register_keras_serializable(package="ganexp")
class Pack(keras.layers.Layer):
    """PacGAN's packing (Lin et al., 2018): ``size`` consecutive rows side by side as one input,
    so the judge sees how varied a handful of rows is (a collapsed generator's pack of look-alike
    rows is easy to tell from a real one). A row count that is not a multiple of ``size`` is
    padded by repeating the first rows. Real and generated rows stay in separate packs when each
    call holds one kind (R1 on, the default) or a multiple of ``size`` of each
    (``GANSettings.batch_for``); only an epoch's last, short batch without R1 mixes one pack."""

    def __init__(self, size: int, **kwargs) -> None:
        super().__init__(**kwargs)
        self.size = size

    def call(self, rows):
        n = tf.shape(rows)[0]
        padding = tf.gather(rows, tf.range((-n) % self.size) % n)  # no rows for whole packs
        return tf.reshape(tf.concat([rows, padding], 0), (-1, self.size * rows.shape[-1]))

    def compute_output_shape(self, input_shape):
        return (None, self.size * input_shape[-1])

    def get_config(self) -> dict:
        return {**super().get_config(), "size": self.size}


@keras.saving.register_keras_serializable(package="ganexp")
class Unpack(keras.layers.Layer):
    """A pack's score given back to each of its rows: ``[scores, rows]`` -> one score per row,
    so losses, accuracies and the deception rate stay per-row figures."""

    def __init__(self, size: int, **kwargs) -> None:
        super().__init__(**kwargs)
        self.size = size

    def call(self, inputs):
        scores, rows = inputs
        repeated = tf.reshape(tf.tile(scores, (1, self.size)), (-1, 1))
        return repeated[: tf.shape(rows)[0]]

    def compute_output_shape(self, input_shape):
        return (input_shape[1][0], 1)

    def get_config(self) -> dict:
        return {**super().get_config(), "size": self.size}


def load_network(
    config_folder: Path, weights_folder: Path, name: str, as_float32: bool = False
) -> keras.Model:
    """A network saved by ``checkpoints``: its JSON config with one checkpoint's
    weights. Weights are float32 whatever precision the network trained in; ``as_float32``
    computes in float32 too (a bfloat16-trained network on a machine that would only emulate
    bfloat16)."""
    config = checkpoints.config_path(config_folder, name)
    weights = checkpoints.weights_path(weights_folder, name)
    for path in (config, weights):
        if not path.is_file():
            raise DataError(
                f"{path}: not found; a saved {name} is {config.name} and {weights.name}"
            )
    architecture = json.loads(config.read_text(encoding="utf-8"))
    if as_float32:
        architecture = _in_float32(architecture)
    model = keras.models.model_from_json(json.dumps(architecture))
    model.load_weights(weights)
    return model


def _in_float32(config):
    """A saved Keras config with every bfloat16 dtype policy replaced by float32."""
    if isinstance(config, list):
        return [_in_float32(item) for item in config]
    if not isinstance(config, dict):
        return config
    if config.get("class_name") == "DTypePolicy" and config.get("config", {}).get("name") == (
        hidden_policy("bfloat16")
    ):
        return {**config, "config": {**config["config"], "name": "float32"}}
    return {key: _in_float32(value) for key, value in config.items()}
