"""The engine as it was when issue 22 began (commit 72f8dc1), kept only as the baseline
`train_gan_throughput.py` times today's engine against: every generator step draws its own noise
and makes its own rows (no pairing with the judge step), and the row head gathers single columns
of the logits. Not used by the pipeline."""

from __future__ import annotations

from types import MethodType

import tensorflow as tf

from ganexp.gan.trainer import AdversarialTrainer
from ganexp.tabular.model.row_head import RowHead


def as_before(trainer: AdversarialTrainer) -> AdversarialTrainer:
    """``trainer`` changed in place to train as the engine did then (same networks, same
    float32 arithmetic of each op)."""

    def unpaired(judge, real):
        return trainer._judge_step(judge, real), trainer._generator_step(judge)

    trainer._paired_steps = unpaired
    for layer in trainer.generator.layers:
        if isinstance(layer, RowHead):
            layer.call = MethodType(column_call, layer)
    trainer._epochs = trainer._compiled_epochs()
    return trainer


def column_call(self, inputs):
    """RowHead.call of 72f8dc1: columns gathered along axis 1."""
    logits, uniforms = inputs if self.sample else (inputs, None)
    plan = self._plan
    n = tf.shape(logits)[0]
    value_logits = logits if plan.groups is None else tf.gather(logits, plan.value_columns, axis=1)
    values = tf.sigmoid(value_logits)
    if self.linear_values and self.snap and plan.snapped.size:
        values = tf.where(plan.gridded, 0.5 + value_logits, values)
    if self.snap and plan.snapped.size:
        soft = tf.gather(values, plan.snapped, axis=1)
        index = tf.searchsorted(
            tf.constant(plan.edges, logits.dtype), tf.transpose(soft), side="right"
        )
        hard = tf.transpose(tf.gather(tf.constant(plan.allowed, logits.dtype), index, batch_dims=1))
        shift = tf.concat([tf.zeros((n, 1), logits.dtype), hard - soft], axis=1)
        values += tf.stop_gradient(tf.gather(shift, plan.shift_source, axis=1))
    if plan.groups is None:
        return values
    padded = tf.concat([logits, tf.fill((n, 1), tf.constant(-1e9, logits.dtype))], axis=1)
    group_logits = tf.gather(padded, plan.groups, axis=1) + plan.unseen
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
