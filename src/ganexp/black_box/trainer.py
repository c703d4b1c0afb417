"""The engine with a black box in the loop: the generated rows' "real" counterparts are the same
rows with the black box's answer.

``AdversarialTrainer`` runs the epochs, the schedule, the paired steps and the optimisers. Only
what a judge step compares changes: instead of real rows from the data and generated ones, the
judge sees the generated rows with the black box's confidence Y (the "real" pairs) and with the
requested C (the generated pairs). The black box is queried through ``tf.numpy_function``; it has
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
    the rows the black box scored."""

    def __init__(self, generator: keras.Model, judge: Judge, query: Query, **options) -> None:
        self.query = query
        self.queries = 0
        super().__init__(
            generator, {"judge": judge}, PhaseSchedule([Phase("confidence", "judge")]), **options
        )

    def _answers(self, rows: np.ndarray) -> np.ndarray:
        self.queries += len(rows)
        return np.asarray(self.query(rows), dtype="float32").reshape(-1, 1)

    def answered(self, rows: tf.Tensor) -> tf.Tensor:
        """``rows`` with the black box's confidence on each appended."""
        scores = tf.numpy_function(self._answers, [rows], tf.float32, stateful=True)
        return tf.concat([rows, tf.reshape(scores, (-1, 1))], axis=1)

    def _judge_step(self, judge: Judge, real: tf.Tensor, fake: tf.Tensor | None = None):
        if fake is None:
            fake = self.generator(self.noise(tf.shape(real)[0]), training=True)
        fake = tf.stop_gradient(fake)
        return super()._judge_step(judge, self.answered(fake[:, :-1]), fake)

    def epoch_table(self, steps: int) -> tf.Tensor:
        """The table an epoch of ``steps`` judge steps passes over: rows of no columns."""
        return tf.zeros((steps * self.batch_size, 0), tf.float32)
