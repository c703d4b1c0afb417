"""One training run of the black-box generator on the engine, with its control figures after
every epoch; and several side by side for the stage (one worker per learner and seed).

The control figures are measured on ``n_control_rows`` rows from fixed noise (a stream of its
own, ``stream_seed``): how far the black box's answer Y is from the requested C, their rank
correlation, and (for a discriminator) its accuracy on (row, Y) against (row, C) pairs and how
often it takes C for the black box's answer, the deception rate of the original criteria.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import keras
import numpy as np
import tensorflow as tf
from scipy.stats import spearmanr

from ganexp.black_box.networks import build_confidence_generator, build_judge, noise_width
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
        self.settings, self.seed = settings, seed
        self.precision: Resolved = resolve(settings.precision)
        keras.utils.set_random_seed(stream_seed(seed, "black_box.networks"))
        self.generator, judge_network = build_networks(table, settings, self.precision)
        discriminating = settings.learn == "discriminator"
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
            batch_size=settings.batch_size,
            seed=stream_seed(seed, "black_box.training"),
        )
        self.query = query
        width = noise_width(table.blocks, settings)
        self.control_noise = noise_from_seed(
            stream_seed(seed, "black_box.control"), settings.n_control_rows, width
        )

    def control(self) -> dict[str, float | None]:
        pairs = self.generator(self.control_noise, training=False)
        answered = self.trainer.answered(pairs[:, :-1])
        requested, scores = pairs[:, -1].numpy(), answered[:, -1].numpy()
        figures: dict[str, float | None] = control_figures(requested, scores)
        if self.settings.learn == "discriminator":
            judge = self.trainer.judges["judge"].network
            on_answers = judge(answered, training=False).numpy()[:, 0]
            on_requests = judge(pairs, training=False).numpy()[:, 0]
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


# -- the stage: learners and seeds side by side --------------------------------------------------
@dataclass(frozen=True)
class SeedJob:
    """What each worker trains from (it must pickle): the saved black box and the value-free
    spec it holds, the settings of each learner, where to write, and the rows to make."""

    black_box: Path
    settings: dict[str, ConfidenceSettings]
    folder: Path
    n_rows: int


@dataclass
class SeedResult:
    history: list[ControlEpoch]
    queries: int
    seconds: float


def run_folder(folder: Path, learn: str, seed: int) -> Path:
    return Path(folder) / learn / f"seed-{seed}"


def _train_one(key: tuple[str, int], job: SeedJob, progress) -> SeedResult:
    from ganexp.black_box.forest import ForestBlackBox
    from ganexp.black_box.generator import ConfidenceGenerator
    from ganexp.tabular.spec import TableSpec

    learn, seed = key
    black_box = ForestBlackBox.load(job.black_box)
    spec = TableSpec.load(Path(job.black_box) / "table.json")
    started = time.perf_counter()
    generator = ConfidenceGenerator(job.settings[learn]).fit(
        black_box, spec, seed=seed, on_epoch=lambda epoch, record: progress.put(1)
    )
    seconds = time.perf_counter() - started
    target = run_folder(job.folder, learn, seed)
    generator.save(target)
    rows = generator.sample(job.n_rows, seed=stream_seed(seed, "black_box.rows"))
    write_rows(generator, black_box, rows, target / "rows.csv")
    return SeedResult(generator.history, generator.queries, seconds)


def write_rows(generator, black_box, rows, path: Path) -> None:
    """The rows with the black box's answer Y and its most likely class as the target."""
    from ganexp.black_box.generator import CONFIDENCE

    features = rows[generator.table.feature_names]
    proba = np.asarray(black_box.predict_proba(features))
    index = [str(c) for c in black_box.classes_].index(generator.target_class)
    out = features.copy()
    out[generator.table.target] = np.asarray(black_box.classes_)[proba.argmax(axis=1)]
    out[CONFIDENCE] = rows[CONFIDENCE].round(6)
    out["black_box_confidence"] = proba[:, index].round(6)
    out.to_csv(path, index=False)


def train_seeds(
    black_box: Path,
    settings: dict[str, ConfidenceSettings],
    seeds: Sequence[int],
    *,
    folder: Path,
    n_rows: int,
    label: str,
) -> dict[tuple[str, int], SeedResult]:
    """Every learner of ``settings`` for every seed, side by side (``run_seeds``), each saved
    with its rows in ``run_folder(folder, learner, seed)``."""
    from ganexp.gan.workers import run_seeds

    keys = [(learn, seed) for learn in settings for seed in seeds]
    epochs = max(s.epochs for s in settings.values())
    job = SeedJob(Path(black_box), dict(settings), Path(folder), n_rows)
    return run_seeds(_train_one, keys, job, steps_per_seed=epochs, label=label)
