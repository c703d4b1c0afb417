"""Stage train_gan@<dataset>: train the tabular GAN, keeping weights and figures of every epoch.

Outputs (renamed into place only when training finished):
  data/models/<dataset>/checkpoints/{generator,discriminator}.json       the architectures
  data/models/<dataset>/checkpoints/epoch-NNNN/{generator,discriminator}.weights.h5
  metrics/<dataset>/history.tsv            one row per epoch: losses, D accuracy, deception rate
  metrics/timing/train_gan-<dataset>.json  wall-clock figures (not expected to repeat)
"""

from __future__ import annotations

import time
from contextlib import ExitStack
from pathlib import Path

import numpy as np
import pandas as pd
from tqdm import tqdm

from ganexp.errors import DataError
from ganexp.gan.seeding import seed_everything
from ganexp.pipeline import paths
from ganexp.pipeline.cli import StageTimer, run_stage, stage_arguments
from ganexp.pipeline.outputs import staged_path
from ganexp.pipeline.params import GanParams, load_params
from ganexp.tabular import checkpoints as saved
from ganexp.tabular.encoder import TabularEncoder


def load_split(directory: Path, name: str) -> np.ndarray:
    path = directory / f"{name}.npy"
    if not path.is_file():
        raise DataError(f"{path}: not found; run `dvc repro preprocess` first")
    return np.load(path)


def build_gan(gan: GanParams, blocks: list[dict], seed: int):
    from ganexp.tabular.model import (
        NetworkSpec,
        TabularGAN,
        build_discriminator,
        build_generator,
        row_width,
    )

    def spec(network) -> NetworkSpec:
        return NetworkSpec(tuple(network.hidden), network.activation, network.dropout)

    generator = build_generator(
        gan.latent_dim, blocks, spec(gan.generator), gan.snap_to_grid, gan.sample_categories
    )
    discriminator = build_discriminator(row_width(blocks), spec(gan.discriminator))
    return TabularGAN(
        generator,
        discriminator,
        batch_size=gan.batch_size,
        generator_lr=gan.generator_lr,
        discriminator_lr=gan.discriminator_lr,
        beta_1=gan.beta_1,
        seed=seed,
        r1_penalty=gan.r1_penalty,
        generator_ema=gan.generator_ema,
    )


def main() -> None:
    timer = StageTimer()
    args = stage_arguments(__doc__.splitlines()[0], dataset=True)
    params = load_params(args.params)
    params.dataset(args.dataset)
    gan_params = params.gan
    processed = paths.processed(args.dataset)
    train, validation = load_split(processed, "train"), load_split(processed, "validation")
    encoder = TabularEncoder.from_json((processed / "encoder.json").read_text(encoding="utf-8"))

    seed_everything(params.seed)  # imports TensorFlow: only once the inputs are known to be good
    gan = build_gan(gan_params, encoder.layout, params.seed)

    checkpoints = paths.checkpoints(args.dataset)
    history_path = paths.dataset_metrics(args.dataset) / "history.tsv"
    with ExitStack() as stack:
        staged = stack.enter_context(staged_path(checkpoints))
        staged_history = stack.enter_context(staged_path(history_path))
        staged.mkdir()
        networks = {"generator": gan.sampler, "discriminator": gan.discriminator}
        for name, network in networks.items():  # the averaged generator, if any, is the one kept
            saved.save_config(network, staged, name)
        bar = stack.enter_context(
            tqdm(total=gan_params.epochs, desc=f"train_gan@{args.dataset}", unit="epoch")
        )
        train_seconds = 0.0
        started = time.perf_counter()

        def after_epoch(epoch: int, row: dict[str, float]) -> None:
            nonlocal train_seconds, started
            train_seconds += time.perf_counter() - started
            if epoch % gan_params.checkpoint_every == 0 or epoch == gan_params.epochs:
                folder = saved.epoch_folder(staged, epoch)
                folder.mkdir()
                for name, network in networks.items():
                    saved.save_weights(network, folder, name)
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
            epochs=gan_params.epochs,
            n_deception_samples=gan_params.n_deception_samples,
            on_epoch_end=after_epoch,
        )
        frame = pd.DataFrame(history)
        frame.to_csv(staged_history, sep="\t", index=False, float_format="%.6f")

    steps_per_epoch = -(-len(train) // gan_params.batch_size)
    timer.write(
        paths.timing("train_gan", args.dataset),
        seconds_per_epoch=train_seconds / gan_params.epochs,
        steps_per_second=steps_per_epoch * gan_params.epochs / train_seconds,
    )


if __name__ == "__main__":
    run_stage(main)
