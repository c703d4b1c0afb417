"""Stage check_convergence@<dataset>: two verdicts on every seed's run, and the weights to keep.

The original criteria (discriminator accuracy, losses, deception rate) and early stopping on
the quality figure train_gan recorded, reported side by side
with how often they agree. Reads only the history, the checkpoints and params `convergence`, so
changing a threshold never re-runs training. Outputs:
  metrics/<dataset>/convergence.json           headline: seeds converged by each verdict,
                                               median selected epoch, agreement
  metrics/<dataset>/convergence_details.json   per seed: both verdicts, figures, thresholds
  metrics/<dataset>/convergence.png            the first seed's loss, criteria and quality curves
  data/models/<dataset>/selected/seed-<seed>/  each seed's selected epoch: a TabularSynthesizer
"""

from __future__ import annotations

from contextlib import ExitStack
from pathlib import Path

import pandas as pd

from ganexp.errors import DataError
from ganexp.pipeline import paths
from ganexp.pipeline.cli import StageTimer, run_stage, stage_arguments
from ganexp.pipeline.headline import convergence_headline
from ganexp.pipeline.outputs import dumps_metrics, staged_path
from ganexp.pipeline.params import load_params
from ganexp.tabular.convergence.verdicts import convergence_details, judge_runs
from ganexp.tabular.model.checkpoints import (
    checkpointed_epochs,
    copy_checkpoint,
    seed_folder,
    seeds_in,
    trained_precision,
)
from ganexp.tabular.model.history import JUDGE_COLUMNS, QUALITY_COLUMNS


def read_history(path: Path) -> pd.DataFrame:
    if not path.is_file():
        raise DataError(f"{path}: not found; run `dvc repro train_gan` first")
    history = pd.read_csv(path, sep="\t")
    expected = ("seed", "epoch", *JUDGE_COLUMNS, *QUALITY_COLUMNS)
    missing = [c for c in expected if c not in history.columns]
    if missing:
        raise DataError(f"{path}: missing column(s) {', '.join(missing)}")
    return history


def main() -> None:
    timer = StageTimer()
    args = stage_arguments(__doc__.splitlines()[0], dataset=True)
    params = load_params(args.params)
    params.dataset(args.dataset)
    convergence = params.convergence

    history = read_history(paths.dataset_metrics(args.dataset) / "history.tsv")
    checkpoints = paths.checkpoints(args.dataset)
    seeds = seeds_in(checkpoints)
    if not seeds:
        raise DataError(f"{checkpoints}: no seed-<seed> folders; run `dvc repro train_gan` first")
    available = {seed: checkpointed_epochs(seed_folder(checkpoints, seed)) for seed in seeds}
    try:
        runs = judge_runs(
            history, convergence, convergence.select, convergence.early_stopping, available
        )
    except ValueError as exc:
        raise DataError(f"{checkpoints}: {exc}") from None
    precision = trained_precision(seed_folder(checkpoints, seeds[0]))
    result = convergence_details(runs, convergence, precision).dump()

    from ganexp.tabular.convergence.figure import run_figure

    first = history[history["seed"] == seeds[0]].reset_index(drop=True)
    figure = run_figure(
        first,
        convergence,
        convergence.select,
        convergence.early_stopping,
        available[seeds[0]],
        f"{args.dataset}, seed {seeds[0]}",
    )
    selected = paths.selected(args.dataset)
    with ExitStack() as stack:
        staged_models = stack.enter_context(staged_path(selected))
        metrics_dir = paths.dataset_metrics(args.dataset)
        staged_json = stack.enter_context(staged_path(metrics_dir / "convergence.json"))
        staged_details = stack.enter_context(staged_path(metrics_dir / "convergence_details.json"))
        staged_png = stack.enter_context(staged_path(metrics_dir / "convergence.png"))
        staged_models.mkdir()
        for seed, run in runs.items():
            target = seed_folder(staged_models, seed)
            target.mkdir()
            copy_checkpoint(seed_folder(checkpoints, seed), run.selected_epoch, target)
        staged_json.write_text(dumps_metrics(convergence_headline(result)), encoding="utf-8")
        staged_details.write_text(dumps_metrics(result), encoding="utf-8")
        figure.savefig(staged_png, dpi=110, format="png", metadata={"Software": None})

    timer.write(paths.timing("check_convergence", args.dataset))
    print(
        f"check_convergence@{args.dataset}: original criteria met in "
        f"{result['original_converged']} of {len(seeds)} seed(s), early stopping in "
        f"{result['early_stopping_converged']}; agreement {result['agreement_mean']}; "
        "selected epochs " + ", ".join(str(run.selected_epoch) for run in runs.values())
    )


if __name__ == "__main__":
    run_stage(main)
