"""The engine with a black box in the loop: the generated rows' "real" counterparts are the same
rows with the black box's answer.

``AdversarialTrainer`` runs the epochs, the schedule, the paired steps and the optimisers. Only
what a judge step compares changes: instead of real rows from the data and generated ones, the
judge sees the generated rows with the black box's confidence Y (the "real" pairs) and with the
requested C (the generated pairs), or, for the assignment's discriminator, each row with both
scores in the two orders. The black box is queried through ``tf.numpy_function``; it has
no gradient, and none is asked of it. An epoch is a pass over a table of no columns, whose
length sets the judge steps: there is no data.
"""

from __future__ import annotations

from collections.abc import Callable

import keras
import numpy as np
import tensorflow as tf

from ganexp.gan.schedule import Phase, PhaseSchedule
from ganexp.gan.trainer import AdversarialTrainer, Judge

Query = Callable[[np.ndarray], np.ndarray]  # encoded rows -> the black box's confidence (n,)


class ConfidenceTrainer(AdversarialTrainer):
    """``AdversarialTrainer`` whose real rows are the black box's answers; ``queries`` counts
    the rows the black box scored.

    With ``both_scores`` (the assignment's discriminator, learner ``choice``) a judge sees each
    generated row with both scores: (row, Y, C) is the "real" order, the black box's answer
    first, and (row, C, Y) the generated one. The generator's loss is the judge's on (row, C, Y),
    with Y the black box's answer on the row (no gradient through it): only C = Y leaves the
    judge nothing to choose by."""

    def __init__(
        self,
        generator: keras.Model,
        judge: Judge,
        query: Query,
        *,
        both_scores: bool = False,
        **options,
    ) -> None:
        self.query = query
        self.queries = 0
        self.both_scores = both_scores
        super().__init__(
            generator, {"judge": judge}, PhaseSchedule([Phase("confidence", "judge")]), **options
        )

    def _answers(self, rows: np.ndarray) -> np.ndarray:
        self.queries += len(rows)
        return np.asarray(self.query(rows), dtype="float32").reshape(-1, 1)

    def scores(self, rows: tf.Tensor) -> tf.Tensor:
        """The black box's confidence Y on each of ``rows`` (n, 1), as a constant."""
        scores = tf.numpy_function(self._answers, [rows], tf.float32, stateful=True)
        return tf.stop_gradient(tf.reshape(scores, (-1, 1)))

    def answered(self, rows: tf.Tensor) -> tf.Tensor:
        """``rows`` with the black box's confidence on each appended."""
        return tf.concat([rows, self.scores(rows)], axis=1)

    def _fake(self, noise: tf.Tensor, beside: tf.Tensor | None) -> tf.Tensor:
        """(row, C), or with ``both_scores`` (row, C, Y)."""
        pairs = super()._fake(noise, beside)
        if not self.both_scores:
            return pairs
        return tf.concat([pairs, self.scores(pairs[:, :-1])], axis=1)

    def _judge_step(self, judge: Judge, real: tf.Tensor, fake: tf.Tensor | None = None):
        if fake is None:
            fake = self._fake(self.noise(tf.shape(real)[0]), None)
        fake = tf.stop_gradient(fake)
        if self.both_scores:  # (row, C, Y) -> (row, Y, C): the black box's answer first
            real = tf.concat([fake[:, :-2], fake[:, -1:], fake[:, -2:-1]], axis=1)
        else:
            real = self.answered(fake[:, :-1])
        return super()._judge_step(judge, real, fake)

    def epoch_table(self, steps: int) -> tf.Tensor:
        """The table an epoch of ``steps`` judge steps passes over: rows of no columns."""
        return tf.zeros((steps * self.batch_size, 0), tf.float32)
