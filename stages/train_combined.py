"""Stage train_combined@<variant>: the GAN+WGAN generator on five Gaussians, one run per seed.

Outputs (renamed into place only when every run finished):
  metrics/combined/<variant>.json              headline: runs covering all modes, median first
                                               epoch with all five, final modes and quality
  metrics/combined/<variant>/details.json      the same per seed and across seeds (min, max, std)
  metrics/combined/<variant>/losses.tsv        per epoch, first seed: mode and mean losses
  metrics/combined/<variant>/modes.tsv         every eval_every epochs: modes covered and
                                               high-quality fraction, mean over seeds and per seed
  data/combined/<variant>/frames.npz           first seed, every frame_every epochs: generated
                                               points and the epoch (for render_gif)
  metrics/timing/train_combined-<variant>.json wall-clock figures (not expected to repeat)
"""

from __future__ import annotations

from contextlib import ExitStack

import numpy as np
import pandas as pd

from ganexp.gaussians.mixtures import make_ring
from ganexp.gaussians.runs import summarise, train_seeds, wide_table
from ganexp.pipeline import paths
from ganexp.pipeline.cli import StageTimer, run_stage, stage_arguments
from ganexp.pipeline.headline import modes_headline
from ganexp.pipeline.outputs import dumps_metrics, staged_path
from ganexp.pipeline.params import load_params
from ganexp.pipeline.run_settings import combined_run_settings


def main() -> None:
    timer = StageTimer()
    args = stage_arguments(__doc__.splitlines()[0], variant=True)
    params = load_params(args.params)
    combined = params.combined
    switch_epoch = combined.variant(args.variant).switch_epoch
    ring = make_ring(combined.points_per_mode, seed=params.seed)
    settings = combined_run_settings(combined)

    label = f"train_combined@{args.variant}"
    runs = train_seeds(settings, switch_epoch, ring, combined.seeds, label)
    first = runs[combined.seeds[0]]
    modes = pd.DataFrame([row for run in runs.values() for row in run["modes"]])
    result = {
        "variant": args.variant,
        "switch_epoch": switch_epoch,
        "epochs": combined.epochs,
        **summarise(modes, combined.seeds, n_modes=len(ring.centres)),
    }

    with ExitStack() as stack:
        staged_json = stack.enter_context(staged_path(paths.variant_headline(args.variant)))
        staged_tables = stack.enter_context(staged_path(paths.variant_tables(args.variant)))
        staged_frames = stack.enter_context(staged_path(paths.frames(args.variant)))
        staged_tables.mkdir()
        staged_json.write_text(dumps_metrics(modes_headline(result)), encoding="utf-8")
        (staged_tables / "details.json").write_text(dumps_metrics(result), encoding="utf-8")
        pd.DataFrame(first["losses"]).to_csv(
            staged_tables / "losses.tsv", sep="\t", index=False, float_format="%.6f"
        )
        wide_table(modes).to_csv(
            staged_tables / "modes.tsv", sep="\t", index=False, float_format="%.6f"
        )
        with staged_frames.open("wb") as handle:
            np.savez(handle, points=first["frames"], epochs=first["frame_epochs"])

    timer.write(
        paths.timing("train_combined", args.variant),
        seconds_per_epoch=float(np.mean([run["seconds_per_epoch"] for run in runs.values()])),
    )
    print(
        f"{label}: all five modes covered in {result['runs_covering_all_modes']} of "
        f"{result['runs']} run(s); first at epoch {result['first_epoch_all_modes_min']} "
        f"(median {result['first_epoch_all_modes_median']})"
    )


if __name__ == "__main__":
    run_stage(main)
