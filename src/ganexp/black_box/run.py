"""One training run of the black-box generator on the engine, with its control figures after
every epoch (several side by side, for the stage: ``training``).

The control figures are measured on ``n_control_rows`` rows from fixed noise (a stream of its
own, ``stream_seed``): how far the black box's answer Y is from the requested C, their rank
correlation, and (for a discriminator) its accuracy on (row, Y) against (row, C) pairs, or on
(row, Y, C) against (row, C, Y) for the assignment's, and how often it takes C for the black
box's answer, the deception rate of the original criteria.
"""

from __future__ import annotations

from collections.abc import Callable

import keras
import numpy as np
import tensorflow as tf
from scipy.stats import spearmanr

from ganexp.black_box.networks import build_confidence_generator, build_judge
from ganexp.black_box.settings import ConfidenceSettings
from ganexp.black_box.trainer import ConfidenceTrainer, Query
from ganexp.black_box.value_free import ValueFreeTable
from ganexp.gan.losses import BinaryCrossEntropy, Likelihood
from ganexp.gan.noise import noise_from_seed
from ganexp.gan.precision import Resolved, resolve
from ganexp.gan.seeding import stream_seed
from ganexp.gan.trainer import Judge
from ganexp.records.black_box import ControlEpoch

CLOSE = 0.1  # |C - Y| below this counts as on target
JUDGING = ("discriminator", "choice")  # learners with a discriminator (the original criteria)


def build_networks(
    table: ValueFreeTable, settings: ConfidenceSettings, precision: Resolved
) -> tuple[keras.Model, keras.Model]:
    """The generator and the judge for ``table``'s value-free layout."""
    blocks = table.blocks
    return (
        build_confidence_generator(blocks, settings, precision),
        build_judge(blocks, settings, precision),
    )


def generator_noise(
    generator: keras.Model,
    settings: ConfidenceSettings,
    n: int,
    seed: int,
    confidence: np.ndarray | None = None,
) -> tf.Tensor:
    """The generator's input for ``n`` rows: seeded uniform noise, with C's column set to
    ``confidence`` where given (else C is that column's own uniform draw)."""
    noise = noise_from_seed(seed, n, int(generator.input_shape[-1]))
    if confidence is None:
        return noise
    column = tf.constant(2.0 * confidence[:, None] - 1.0, tf.float32)
    c = settings.latent_dim
    return tf.concat([noise[:, :c], column, noise[:, c + 1 :]], axis=1)


def control_figures(requested: np.ndarray, answered: np.ndarray) -> dict[str, float]:
    """How well the black box's answers follow the requested confidences."""
    gap = np.abs(requested - answered)
    rho = spearmanr(requested, answered).statistic if np.ptp(answered) > 0 else 0.0
    return {
        "mean_abs_error": float(gap.mean()),
        "spearman": float(rho),
        "within_0_1": float((gap < CLOSE).mean()),
    }


class ConfidenceRun:
    """The networks, the engine and the control noise of one run."""

    def __init__(
        self, table: ValueFreeTable, settings: ConfidenceSettings, seed: int, query: Query
    ) -> None:
        self.settings = settings
        self.precision: Resolved = resolve(settings.precision)
        keras.utils.set_random_seed(stream_seed(seed, "black_box.networks"))
        self.generator, judge_network = build_networks(table, settings, self.precision)
        discriminating = settings.learn in JUDGING
        judge = Judge(
            judge_network,
            BinaryCrossEntropy() if discriminating else Likelihood(),
            keras.optimizers.Adam(settings.judge_lr, beta_1=settings.beta_1),
            keras.optimizers.Adam(settings.generator_lr, beta_1=settings.beta_1),
        )
        self.trainer = ConfidenceTrainer(
            self.generator,
            judge,
            query,
            both_scores=settings.learn == "choice",
            batch_size=settings.batch_size,
            seed=stream_seed(seed, "black_box.training"),
        )
        self.control_noise = noise_from_seed(
            stream_seed(seed, "black_box.control"),
            settings.n_control_rows,
            int(self.generator.input_shape[-1]),
        )

    def control(self) -> dict[str, float | None]:
        pairs = self.generator(self.control_noise, training=False)
        answered = self.trainer.answered(pairs[:, :-1])
        requested, scores = pairs[:, -1].numpy(), answered[:, -1].numpy()
        figures: dict[str, float | None] = control_figures(requested, scores)
        if self.settings.learn in JUDGING:
            judge = self.trainer.judges["judge"].network
            if self.settings.learn == "choice":  # (row, Y, C) is the true order, (row, C, Y) not
                rows, c, y = pairs[:, :-1], pairs[:, -1:], answered[:, -1:]
                truth = tf.concat([rows, y, c], axis=1)
                request = tf.concat([rows, c, y], axis=1)
            else:
                truth, request = answered, pairs
            on_answers = judge(truth, training=False).numpy()[:, 0]
            on_requests = judge(request, training=False).numpy()[:, 0]
            figures["judge_accuracy"] = float(
                0.5 * ((on_answers >= 0.5).mean() + (on_requests < 0.5).mean())
            )
            figures["deception_rate"] = float((on_requests >= 0.5).mean())
        return figures

    def train(
        self, on_epoch: Callable[[int, ControlEpoch], None] | None = None
    ) -> list[ControlEpoch]:
        table = self.trainer.epoch_table(self.settings.steps_per_epoch)
        history = []
        for epoch in range(1, self.settings.epochs + 1):
            trained = self.trainer.train_epoch(table, epoch - 1)
            record = ControlEpoch(
                epoch=epoch,
                train_judge_loss=float(trained["judge_loss"]),
                train_generator_loss=float(trained["generator_loss"]),
                **self.control(),
                queries=self.trainer.queries,
            )
            history.append(record)
            if on_epoch is not None:
                on_epoch(epoch, record)
        return history
