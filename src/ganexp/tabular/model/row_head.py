"""The generator's output layer, which turns logits into one encoded row laid out as the
encoder's blocks (snapped to the values real rows hold, categories drawn from their softmax),
and the output biases that start a generator at the training shares. Registered with Keras, so
a saved generator loads without Python code from the user."""

from __future__ import annotations

from collections.abc import Sequence

import keras
import numpy as np
import tensorflow as tf

from ganexp.tabular.encoding.layout import Block, OneHotBlock, block_from_dict


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
    measurements are in docs/log.md).

    With ``condition``, the last input is a condition (``model.conditions``: a one-hot over the
    one-hot columns, one category of one group): that group makes that category, by
    construction (its other categories are masked as unseen ones are)."""

    def __init__(
        self,
        blocks: Sequence[Block | dict],
        snap: bool = True,
        sample: bool = False,
        linear_values: bool = False,
        condition: bool = False,
        **kwargs,
    ) -> None:
        super().__init__(**kwargs)
        self.blocks = [block_from_dict(block) for block in blocks]  # dicts: a saved config
        self.snap = snap
        self.sample = sample
        self.linear_values = linear_values
        self.condition = condition
        self._plan = _HeadPlan(self.blocks)

    def call(self, inputs):
        """A fixed handful of ops whatever the number of columns: value columns are gathered
        into one (n, V) block, one-hot groups padded into one (n, G, K) block. Columns are
        picked from the transposed rows (``_columns``): a gather of whole rows is a few times
        faster than one of columns, and copies the same values."""
        inputs = list(inputs) if isinstance(inputs, list | tuple) else [inputs]
        logits = inputs[0]
        uniforms = inputs[1] if self.sample else None
        condition = inputs[-1] if self.condition else None
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
        if condition is not None:  # the conditioned group: its other categories masked
            wanted = tf.concat([tf.transpose(condition), tf.zeros((1, n), logits.dtype)], axis=0)
            wanted = _columns(wanted, plan.noise_index)  # (n, G, K), 0 where no condition
            conditioned = tf.reduce_max(wanted, axis=-1, keepdims=True)
            group_logits += conditioned * (wanted - 1.0) * 1e9
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
            **({"condition": True} if self.condition else {}),  # older configs have none
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
