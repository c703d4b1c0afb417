"""Stage train_gan@<dataset>: train the tabular GAN once per seed (params gan.seeds, side by
side), keeping weights and figures of every epoch.

Outputs (renamed into place only when every seed finished):
  data/models/<dataset>/checkpoints/seed-<seed>/synthesizer.json, {generator,discriminator}.json
  data/models/<dataset>/checkpoints/seed-<seed>/epoch-NNNN/{generator,discriminator}.weights.h5
  (each a TabularSynthesizer directory: TabularSynthesizer.load(path, epoch=N))
  metrics/<dataset>/history.tsv            one row per seed and epoch: losses, D accuracy,
                                           deception rate, quality figures every few epochs
  metrics/timing/train_gan-<dataset>.json  wall-clock figures (not expected to repeat)
"""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

import numpy as np

from ganexp.errors import DataError
from ganexp.pipeline import paths
from ganexp.pipeline.cli import StageTimer, run_stage, stage_arguments
from ganexp.pipeline.outputs import staged_path
from ganexp.pipeline.params import load_params
from ganexp.tabular.encoding.encoder import TabularEncoder
from ganexp.tabular.model.checkpoints import SPEC_FILE
from ganexp.tabular.model.history import history_frame
from ganexp.tabular.spec import TableSpec


def load_split(directory: Path, name: str) -> np.ndarray:
    path = directory / f"{name}.npy"
    if not path.is_file():
        raise DataError(f"{path}: not found; run `dvc repro preprocess` first")
    return np.load(path)


def main() -> None:
    timer = StageTimer()
    args = stage_arguments(__doc__.splitlines()[0], dataset=True)
    params = load_params(args.params)
    gan_params = params.gan_for(args.dataset)
    processed = paths.processed(args.dataset)
    train, validation = load_split(processed, "train"), load_split(processed, "validation")
    encoder = TabularEncoder.from_json((processed / "encoder.json").read_text(encoding="utf-8"))
    spec_path = processed / SPEC_FILE
    if not spec_path.is_file():
        raise DataError(f"{spec_path}: not found; run `dvc repro preprocess` first")
    spec = TableSpec.load(spec_path)
    settings = gan_params.settings()

    from ganexp.tabular.training import train_seeds

    with ExitStack() as stack:
        staged = stack.enter_context(staged_path(paths.checkpoints(args.dataset)))
        history_path = paths.dataset_metrics(args.dataset) / "history.tsv"
        staged_history = stack.enter_context(staged_path(history_path))
        staged.mkdir()
        runs = train_seeds(
            encoder,
            settings,
            gan_params.seeds,
            train,
            validation,
            checkpoint_every=gan_params.checkpoint_every,
            folder=staged,
            label=f"train_gan@{args.dataset}",
            spec=spec,
        )
        history = history_frame({seed: run.history for seed, run in runs.items()})
        history.to_csv(staged_history, sep="\t", index=False, float_format="%.6f")

    seconds = float(np.mean([run.seconds_per_epoch for run in runs.values()]))
    steps_per_epoch = settings.steps_for(len(train))
    timer.write(
        paths.timing("train_gan", args.dataset),
        seconds_per_epoch=seconds,
        steps_per_second=steps_per_epoch / seconds,
        seeds_side_by_side=len(runs),
    )


if __name__ == "__main__":
    run_stage(main)
