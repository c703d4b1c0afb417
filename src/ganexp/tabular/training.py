"""Train synthesizers while keeping their checkpoints: what train_gan runs, testable without DVC.

One seed trains in-process (``train_with_checkpoints``); several train side by side, one
single-threaded worker each (``train_seeds``), each into its own ``seed-<seed>/`` folder.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ganexp.tabular.encoding.encoder import TabularEncoder
from ganexp.tabular.model import checkpoints
from ganexp.tabular.model.history import EpochRecord
from ganexp.tabular.model.settings import GANSettings
from ganexp.tabular.spec import TableSpec


@dataclass
class TrainingRun:
    history: list[EpochRecord]  # one per epoch
    seconds_per_epoch: float  # training and evaluation only, not the checkpoint writes


def train_with_checkpoints(
    synthesizer,
    train: np.ndarray,
    validation: np.ndarray,
    *,
    checkpoint_every: int,
    folder: Path,
    on_epoch: Callable[[int, EpochRecord], None] | None = None,
) -> TrainingRun:
    """``synthesizer.fit_encoded``, keeping into ``folder`` (which must exist) the synthesizer's
    state and architectures once, then its weights every ``checkpoint_every`` epochs and at the
    last, in ``epoch-NNNN/``; ``TabularSynthesizer.load(folder, epoch=N)`` reads any of them
    back. ``on_epoch(epoch, record)`` follows each epoch (a progress bar)."""
    epochs = synthesizer.settings.epochs
    seconds = 0.0
    started = time.perf_counter()

    def after_epoch(epoch: int, record: EpochRecord) -> None:
        nonlocal seconds, started
        seconds += time.perf_counter() - started
        if epoch == 1:
            synthesizer.save_architecture(folder)
        if epoch % checkpoint_every == 0 or epoch == epochs:
            weights = checkpoints.epoch_folder(folder, epoch)
            weights.mkdir()
            synthesizer.save_weights(weights)
        if on_epoch is not None:
            on_epoch(epoch, record)
        started = time.perf_counter()

    history = synthesizer.fit_encoded(train, validation, on_epoch_end=after_epoch)
    return TrainingRun(history, seconds / epochs)


@dataclass(frozen=True)
class SeedJob:
    """What every seed's worker trains from (it must pickle: the encoder travels as JSON)."""

    encoder_json: str
    spec: TableSpec | None
    settings: GANSettings
    train: np.ndarray
    validation: np.ndarray
    checkpoint_every: int
    folder: Path


def _train_seed(seed: int, job: SeedJob, progress) -> TrainingRun:
    from ganexp.tabular.synthesizer import TabularSynthesizer

    encoder = TabularEncoder.from_json(job.encoder_json)
    synthesizer = TabularSynthesizer.from_encoder(encoder, job.settings, seed, job.spec)
    target = checkpoints.seed_folder(job.folder, seed)
    target.mkdir()
    return train_with_checkpoints(
        synthesizer,
        job.train,
        job.validation,
        checkpoint_every=job.checkpoint_every,
        folder=target,
        on_epoch=lambda epoch, record: progress.put(1),
    )


def train_seeds(
    encoder: TabularEncoder,
    settings: GANSettings,
    seeds: Sequence[int],
    train: np.ndarray,
    validation: np.ndarray,
    *,
    checkpoint_every: int,
    folder: Path,
    label: str,
    spec: TableSpec | None = None,
) -> dict[int, TrainingRun]:
    """One synthesizer per seed, trained side by side (``ganexp.gan.workers.run_seeds``), each
    kept as ``train_with_checkpoints`` keeps it, in ``checkpoints.seed_folder(folder, seed)``;
    ``spec``: how its rows are given back (``TabularSynthesizer.from_encoder``)."""
    from ganexp.gan.workers import run_seeds

    job = SeedJob(
        encoder.to_json(), spec, settings, train, validation, checkpoint_every, Path(folder)
    )
    return run_seeds(_train_seed, list(seeds), job, steps_per_seed=settings.epochs, label=label)
