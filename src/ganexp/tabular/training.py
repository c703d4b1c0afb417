"""Train a synthesizer while keeping its checkpoints: what train_gan runs, testable without DVC."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from tqdm import tqdm

from ganexp.tabular import checkpoints


@dataclass
class TrainingRun:
    history: list[dict]  # one row per epoch (HISTORY_COLUMNS)
    seconds_per_epoch: float  # training and evaluation only, not the checkpoint writes


def train_with_checkpoints(
    synthesizer,
    train: np.ndarray,
    validation: np.ndarray,
    *,
    checkpoint_every: int,
    folder: Path,
    label: str,
) -> TrainingRun:
    """``synthesizer.fit_encoded`` with a progress bar. Into ``folder`` (which must exist):
    the synthesizer's state and architectures once, then its weights every ``checkpoint_every``
    epochs and at the last, in ``epoch-NNNN/``; ``TabularSynthesizer.load(folder, epoch=N)``
    reads any of them back."""
    epochs = synthesizer.settings.epochs
    seconds = 0.0
    with tqdm(total=epochs, desc=label, unit="epoch") as bar:
        started = time.perf_counter()

        def after_epoch(epoch: int, row: dict) -> None:
            nonlocal seconds, started
            seconds += time.perf_counter() - started
            if epoch == 1:
                synthesizer.save_architecture(folder)
            if epoch % checkpoint_every == 0 or epoch == epochs:
                weights = checkpoints.epoch_folder(folder, epoch)
                weights.mkdir()
                synthesizer.save_weights(weights)
            bar.set_postfix(
                discriminator_loss=f"{row['discriminator_loss']:.3f}",
                generator_loss=f"{row['generator_loss']:.3f}",
                accuracy_real=f"{row['discriminator_accuracy_real']:.2f}",
                deception=f"{row['deception_rate']:.2f}",
            )
            bar.update()
            started = time.perf_counter()

        history = synthesizer.fit_encoded(train, validation, on_epoch_end=after_epoch)
    return TrainingRun(history, seconds / epochs)
