"""Stage train_long_run (extras/dvc.yaml, `make long-run`; `dvc repro` leaves it alone): one 2-D
variant trained far past the default epochs, one run per seed, to say whether and when it finds
every mode (params long_run: the original study's claim that the clipped WGAN needs more than
300 epochs).

Outputs (renamed into place only when every run finished), under
metrics/combined/<benchmark>/<variant>-long/:
  details.json   as train_combined's, with the budget in critic and generator steps
  modes.tsv      every eval_every epochs: the mode metrics, mean over seeds and per seed
  losses.tsv     the first seed's losses, every eval_every-th epoch
and metrics/timing/train_long_run.json.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ganexp.gan.precision import resolve
from ganexp.gaussians.mixtures import make_mixture
from ganexp.gaussians.runs import step_counts, summarise, train_seeds, wide_table
from ganexp.pipeline import paths
from ganexp.pipeline.cli import StageTimer, run_stage, stage_arguments
from ganexp.pipeline.outputs import dumps_metrics, staged_path
from ganexp.pipeline.params import load_params


def main() -> None:
    timer = StageTimer()
    args = stage_arguments(__doc__.splitlines()[0])
    params = load_params(args.params)
    long_run, combined = params.long_run, params.combined
    settings = long_run.run_settings(combined, args.params)
    variant = combined.variant(long_run.variant)
    mixture = make_mixture(
        long_run.benchmark, combined.benchmark(long_run.benchmark).n_points, params.seed
    )
    name = f"{long_run.variant}-long"
    label = f"train_long_run@{long_run.benchmark}-{name}"
    runs = train_seeds(settings, variant, mixture, long_run.seeds, label)
    modes = pd.DataFrame([row for run in runs.values() for row in run["modes"]])
    result = {
        "benchmark": long_run.benchmark,
        "variant": name,
        "switch_epoch": variant.switch_epoch,
        "critic": variant.critic,
        "epochs": settings.epochs,
        "eval_every": settings.eval_every,
        "batch_size": settings.batch_size,
        **step_counts(settings, len(mixture.points), variant.switch_epoch),
        "precision": resolve(settings.precision),
        **summarise(modes, long_run.seeds, n_modes=len(mixture.centres)),
    }
    losses = pd.DataFrame(runs[long_run.seeds[0]]["losses"])
    losses = losses[losses["epoch"] % settings.eval_every == 0]

    with staged_path(paths.variant_tables(long_run.benchmark, name)) as tables:
        tables.mkdir()
        (tables / "details.json").write_text(dumps_metrics(result), encoding="utf-8")
        losses.to_csv(tables / "losses.tsv", sep="\t", index=False, float_format="%.6f")
        wide_table(modes).to_csv(tables / "modes.tsv", sep="\t", index=False, float_format="%.6f")
    timer.write(
        paths.timing("train_long_run"),
        seconds_per_epoch=float(np.mean([run["seconds_per_epoch"] for run in runs.values()])),
    )
    first = result["first_epoch_all_captured_min"], result["first_epoch_all_captured_max"]
    print(
        f"{label}: all {result['n_modes']} modes captured in {result['runs_all_captured']} of "
        f"{result['runs']} run(s) ("
        + ("never" if first[0] is None else f"first at epoch {first[0]} to {first[1]}")
        + f"); final modes {result['final_modes_captured_mean']} after "
        f"{result['generator_steps']:,} generator steps"
    )


if __name__ == "__main__":
    run_stage(main)
