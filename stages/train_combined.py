"""Stage train_combined@<benchmark>-<variant>: the GAN+WGAN generator on a 2-D mixture, one run
per seed.

Outputs (renamed into place only when every run finished), under metrics/combined/<benchmark>/:
  <variant>.json               headline: runs capturing every mode, the median first epoch they
                               did, final modes captured, high-quality fraction, reverse KL
  <variant>/details.json       the same per seed and across seeds, with the 5%-per-mode rule
  <variant>/losses.tsv         per epoch, first seed: phase and mean losses
  <variant>/modes.tsv          every eval_every epochs: the mode metrics, mean over seeds and
                               per seed
and data/combined/<benchmark>/<variant>/frames.npz (first seed, every frame_every epochs: the
generated points, for render_gif), metrics/timing/train_combined-<benchmark>-<variant>.json.
"""

from __future__ import annotations

from contextlib import ExitStack

import numpy as np
import pandas as pd

from ganexp.errors import ParamsError
from ganexp.gan.precision import resolve
from ganexp.gaussians.mixtures import make_mixture
from ganexp.gaussians.runs import summarise, train_seeds, wide_table
from ganexp.pipeline import paths
from ganexp.pipeline.cli import StageTimer, run_stage, stage_arguments
from ganexp.pipeline.headline import modes_headline
from ganexp.pipeline.outputs import dumps_metrics, staged_path
from ganexp.pipeline.params import load_params


def main() -> None:
    timer = StageTimer()
    args = stage_arguments(__doc__.splitlines()[0], benchmark=True, variant=True)
    params = load_params(args.params)
    combined = params.combined
    variant = combined.variant(args.variant)
    settings = combined.run_settings(args.benchmark, args.params, args.variant)
    n_points = combined.benchmark(args.benchmark).n_points
    try:
        mixture = make_mixture(args.benchmark, n_points, params.seed)
    except ValueError as exc:
        key = f"combined.benchmarks.{args.benchmark}.n_points"
        raise ParamsError(f"{args.params}: {key}: {exc}") from None

    label = f"train_combined@{args.benchmark}-{args.variant}"
    runs = train_seeds(settings, variant, mixture, combined.seeds, label)
    first = runs[combined.seeds[0]]
    modes = pd.DataFrame([row for run in runs.values() for row in run["modes"]])
    result = {
        "benchmark": args.benchmark,
        "variant": args.variant,
        "switch_epoch": variant.switch_epoch,
        "critic": variant.critic,
        "epochs": settings.epochs,
        "eval_every": settings.eval_every,
        "precision": resolve(settings.precision),
        **summarise(modes, combined.seeds, n_modes=len(mixture.centres)),
    }

    with ExitStack() as stack:
        staged = {
            name: stack.enter_context(staged_path(path))
            for name, path in (
                ("json", paths.variant_headline(args.benchmark, args.variant)),
                ("tables", paths.variant_tables(args.benchmark, args.variant)),
                ("frames", paths.frames(args.benchmark, args.variant)),
            )
        }
        staged["tables"].mkdir()
        staged["json"].write_text(dumps_metrics(modes_headline(result)), encoding="utf-8")
        (staged["tables"] / "details.json").write_text(dumps_metrics(result), encoding="utf-8")
        pd.DataFrame(first["losses"]).to_csv(
            staged["tables"] / "losses.tsv", sep="\t", index=False, float_format="%.6f"
        )
        wide_table(modes).to_csv(
            staged["tables"] / "modes.tsv", sep="\t", index=False, float_format="%.6f"
        )
        with staged["frames"].open("wb") as handle:
            np.savez(handle, points=first["frames"], epochs=first["frame_epochs"])

    timer.write(
        paths.timing("train_combined", f"{args.benchmark}-{args.variant}"),
        seconds_per_epoch=float(np.mean([run["seconds_per_epoch"] for run in runs.values()])),
    )
    print(
        f"{label}: all {result['n_modes']} modes captured in {result['runs_all_captured']} of "
        f"{result['runs']} run(s) (median first epoch {result['first_epoch_all_captured_median']});"
        f" final modes {result['final_modes_captured_mean']}, high-quality "
        f"{result['final_high_quality_fraction_mean']}"
    )


if __name__ == "__main__":
    run_stage(main)
