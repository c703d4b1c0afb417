"""Train a tabular GAN while keeping its checkpoints: what train_gan runs, testable without DVC."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from tqdm import tqdm

from ganexp.tabular import checkpoints


@dataclass
class TrainingRun:
    history: list[dict[str, float]]  # one row per epoch (HISTORY_COLUMNS)
    seconds_per_epoch: float  # training and evaluation only, not the checkpoint writes


def train_with_checkpoints(
    gan,
    train: np.ndarray,
    validation: np.ndarray,
    *,
    epochs: int,
    n_deception_samples: int,
    checkpoint_every: int,
    folder: Path,
    label: str,
) -> TrainingRun:
    """``gan.fit`` with a progress bar; into ``folder`` (which must exist) the two architectures
    once, then the weights every ``checkpoint_every`` epochs and at the last. The generator kept
    is ``gan.sampler``: the moving average of the generator's weights, if there is one."""
    networks = {"generator": gan.sampler, "discriminator": gan.discriminator}
    for name, network in networks.items():
        checkpoints.save_config(network, folder, name)
    seconds = 0.0
    with tqdm(total=epochs, desc=label, unit="epoch") as bar:
        started = time.perf_counter()

        def after_epoch(epoch: int, row: dict[str, float]) -> None:
            nonlocal seconds, started
            seconds += time.perf_counter() - started
            if epoch % checkpoint_every == 0 or epoch == epochs:
                weights = checkpoints.epoch_folder(folder, epoch)
                weights.mkdir()
                for name, network in networks.items():
                    checkpoints.save_weights(network, weights, name)
            bar.set_postfix(
                d_loss=f"{row['d_loss']:.3f}",
                g_loss=f"{row['g_loss']:.3f}",
                acc_real=f"{row['d_accuracy_real']:.2f}",
                deception=f"{row['deception_rate']:.2f}",
            )
            bar.update()
            started = time.perf_counter()

        history = gan.fit(
            train,
            validation,
            epochs=epochs,
            n_deception_samples=n_deception_samples,
            on_epoch_end=after_epoch,
        )
    return TrainingRun(history, seconds / epochs)
