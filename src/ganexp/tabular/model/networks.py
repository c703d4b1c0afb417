"""The tabular GAN's networks: an MLP generator whose head emits encoded rows, an MLP
discriminator (a probability) and critic (an unbounded score), and loading a saved one.

Saved networks are JSON architecture plus weights-only HDF5 (``ganexp.tabular.model.checkpoints``);
the custom layers here are registered, so loading needs no Python code from the user.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import keras
import numpy as np
import tensorflow as tf

from ganexp.errors import DataError
from ganexp.gan.precision import Resolved, hidden_policy
from ganexp.tabular.encoding.layout import (
    Block,
    OneHotBlock,
    block_from_dict,
    onehot_width,
    row_width,
)
from ganexp.tabular.model import checkpoints
from ganexp.tabular.model.settings import NetworkSpec


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
    category that is never the most likely into a category the generator cannot produce.

    With ``linear_values`` (and ``snap``), a value column with a grid takes 0.5 + its logit
    instead of the sigmoid: the snap puts it on the grid (the end points beyond [0, 1]) and the
    gradient reaches the tails whole, where a sigmoid's slope fades (at a quantile of 0.95 it
    passes a twentieth). Off by default: the mass can pile up on the end points instead (the
    measurements are in docs/log.md)."""

    def __init__(
        self,
        blocks: Sequence[Block | dict],
        snap: bool = True,
        sample: bool = False,
        linear_values: bool = False,
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        self.blocks = [block_from_dict(block) for block in blocks]  # dicts: a saved config
        self.snap = snap
        self.sample = sample
        self.linear_values = linear_values
        self._plan = _HeadPlan(self.blocks)

    def call(self, inputs):
        """A fixed handful of ops whatever the number of columns: value columns are gathered
        into one (n, V) block, one-hot groups padded into one (n, G, K) block. Columns are
        picked from the transposed rows (``_columns``): a gather of whole rows is a few times
        faster than one of columns, and copies the same values."""
        logits, uniforms = inputs if self.sample else (inputs, None)
        plan = self._plan
        n = tf.shape(logits)[0]
        by_column = tf.transpose(logits)
        # value columns only: no reordering to do
        value_logits = logits if plan.groups is None else _columns(by_column, plan.value_columns)
        values = tf.sigmoid(value_logits)
        if self.linear_values and self.snap and plan.snapped.size:
            values = tf.where(plan.gridded, 0.5 + value_logits, values)
        if self.snap and plan.snapped.size:
            soft = tf.gather(tf.transpose(values), plan.snapped)
            index = tf.searchsorted(tf.constant(plan.edges, logits.dtype), soft, side="right")
            hard = tf.gather(tf.constant(plan.allowed, logits.dtype), index, batch_dims=1)
            shift = tf.concat([tf.zeros((1, n), logits.dtype), hard - soft], axis=0)
            values += tf.stop_gradient(_columns(shift, plan.shift_source))
        if plan.groups is None:
            return values
        padded = tf.concat([by_column, tf.fill((1, n), tf.constant(-1e9, logits.dtype))], axis=0)
        group_logits = _columns(padded, plan.groups) + plan.unseen
        if self.sample:
            unit = tf.clip_by_value(0.5 * (uniforms + 1.0), 1e-6, 1.0 - 1e-6)
            gumbel = -tf.math.log(-tf.math.log(unit))
            gumbel = tf.concat([tf.transpose(gumbel), tf.zeros((1, n), logits.dtype)], axis=0)
            group_logits += _columns(gumbel, plan.noise_index)
        soft = tf.nn.softmax(group_logits, axis=-1)
        if self.snap:
            hard = tf.one_hot(tf.argmax(soft, axis=-1), plan.groups.shape[1], dtype=soft.dtype)
            soft += tf.stop_gradient(hard - soft)
        parts = [tf.transpose(values), tf.transpose(tf.reshape(soft, (n, plan.groups.size)))]
        return _columns(tf.concat(parts, axis=0), plan.output_order)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "blocks": [block.to_dict() for block in self.blocks],
            "snap": self.snap,
            "sample": self.sample,
            "linear_values": self.linear_values,
        }


def _columns(by_column: tf.Tensor, index: np.ndarray) -> tf.Tensor:
    """Columns ``index`` (an array of any shape) of the rows whose transpose is ``by_column``:
    ``tf.gather(rows, index, axis=1)``, as a gather of whole rows of the transpose, with the
    index's axes last-but-one (one column -> (n,), a (G, K) index -> (n, G, K))."""
    picked = tf.gather(by_column, index)  # index.shape + (n,)
    return tf.transpose(picked, [picked.shape.rank - 1, *range(picked.shape.rank - 1)])


class _HeadPlan:
    """Index arrays that turn a RowHead's per-block work into a few batched ops."""

    def __init__(self, blocks: Sequence[Block]) -> None:
        value_columns, groups, snapped = [], [], []
        allowed, edges = [], []
        position = 0
        for block in blocks:
            if isinstance(block, OneHotBlock):
                groups.append(list(range(position, position + block.width)))
                position += block.width
                continue
            if block.allowed:
                snapped.append(len(value_columns))
                allowed.append(list(block.allowed))
                edges.append(list(block.edges or []))
            value_columns.append(position)
            position += 1
        self.value_columns = np.array(value_columns, dtype="int32")
        self.snapped = np.array(snapped, dtype="int32")
        self.gridded = np.isin(np.arange(len(value_columns)), self.snapped)  # value columns
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
        # -1e9 on the logit of a category no training row has: the generator cannot make it
        shares = [block.frequencies for block in blocks if isinstance(block, OneHotBlock)]
        self.unseen = np.zeros((len(groups), widest), dtype="float32")
        for g, share in enumerate(shares):
            if share and any(share):
                self.unseen[g, : len(share)] = np.where(np.asarray(share) > 0, 0.0, -1e9)
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


def marginal_bias(blocks: Sequence[Block]) -> np.ndarray:
    """Output biases that make a fresh generator draw each category at its training share
    (log share; 0 for value columns, unseen categories and blocks without shares)."""
    bias = []
    for block in blocks:
        if not isinstance(block, OneHotBlock):
            bias.append(0.0)
            continue
        shares = np.asarray(block.frequencies or np.zeros(block.width), "float64")
        bias.extend(np.where(shares > 0, np.log(np.maximum(shares, 1e-12)), 0.0))
    return np.asarray(bias, dtype="float32")


def build_generator(
    latent_dim: int,
    blocks: Sequence[Block],
    spec: NetworkSpec,
    snap: bool = True,
    sample_categories: bool = False,
    marginal_init: bool = False,
    linear_values: bool = False,
    precision: Resolved = "float32",
) -> keras.Model:
    """Uniform noise -> one encoded row laid out as ``blocks`` (the encoder's ``layout``).

    The input is ``latent_dim`` values for the network, then (with ``sample_categories``) one per
    one-hot column for the head's category draw; all of it uniform in [-1, 1], so a caller only
    needs the input width. With ``marginal_init`` (and ``frequencies`` in the blocks) the logits
    start at the categories' log shares, so training starts from the right marginals instead of
    uniform ones. ``precision`` is the hidden layers' (``gan.precision.hidden_policy``); the
    logits and the row head are float32 always."""
    extra = onehot_width(blocks) if sample_categories else 0
    sample = bool(extra)
    noise = keras.Input((latent_dim + extra,), name="noise")
    hidden = NoiseColumns(0, latent_dim, name="latent")(noise) if sample else noise
    hidden = _hidden_layers(hidden, spec, precision)
    output = keras.layers.Dense(row_width(blocks), name="logits", dtype="float32")
    logits = output(hidden)
    if marginal_init:  # small output weights, so the noise moves the logits off the shares little
        output.kernel.assign(output.kernel * 0.1)
        output.bias.assign(marginal_bias(blocks))
    head = RowHead(blocks, snap=snap, sample=sample, linear_values=linear_values, name="row_head")
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
