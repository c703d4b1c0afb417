"""Stage check_convergence@<dataset>: apply the criteria to every epoch and select the weights.

Reads only the history, the checkpoints and params `convergence`, so changing a threshold never
re-runs training. Outputs:
  metrics/<dataset>/convergence.json       headline: converged, converged epochs, selected epoch
  metrics/<dataset>/convergence_details.json   the same, first epoch, figures there, thresholds
  metrics/<dataset>/convergence.png        loss and criteria curves
  data/models/<dataset>/selected/         the selected epoch: a TabularSynthesizer directory
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
from ganexp.tabular.checkpoints import checkpointed_epochs, copy_checkpoint
from ganexp.tabular.convergence import Criteria, evaluate, select_epoch

REPORTED = (
    "discriminator_accuracy",
    "discriminator_accuracy_real",
    "deception_rate",
    "discriminator_loss",
    "generator_loss",
)


def read_history(path: Path) -> pd.DataFrame:
    if not path.is_file():
        raise DataError(f"{path}: not found; run `dvc repro train_gan` first")
    history = pd.read_csv(path, sep="\t")
    missing = [c for c in ("epoch", *REPORTED) if c not in history.columns]
    if missing:
        raise DataError(f"{path}: missing column(s) {', '.join(missing)}")
    return history


def main() -> None:
    timer = StageTimer()
    args = stage_arguments(__doc__.splitlines()[0], dataset=True)
    params = load_params(args.params)
    params.dataset(args.dataset)
    criteria = Criteria(**params.convergence.model_dump(exclude={"select"}))

    history = read_history(paths.dataset_metrics(args.dataset) / "history.tsv")
    checkpoints = paths.checkpoints(args.dataset)
    available = checkpointed_epochs(checkpoints)
    if not available:
        raise DataError(f"{checkpoints}: no checkpoints; run `dvc repro train_gan` first")
    verdict = select_epoch(history, criteria, params.convergence.select, available)
    flags = evaluate(history, criteria)
    at = history.set_index("epoch").loc[verdict.selected_epoch]

    result = {
        "converged": verdict.converged,
        "selection": verdict.rule,
        "selected_epoch": verdict.selected_epoch,
        "first_converged_epoch": verdict.converged_epochs[0] if verdict.converged_epochs else None,
        "n_converged_epochs": len(verdict.converged_epochs),
        "epochs": len(history),
        "at_selected_epoch": {name: round(float(at[name]), 6) for name in REPORTED},
        "thresholds": params.convergence.model_dump(),
    }
    if not verdict.converged_epochs:
        result["undefined"] = {"first_converged_epoch": "no epoch met every criterion"}

    from ganexp.tabular.convergence_figure import convergence_figure

    figure = convergence_figure(history, flags, criteria, verdict, title=args.dataset)
    selected = paths.selected(args.dataset)
    with ExitStack() as stack:
        staged_models = stack.enter_context(staged_path(selected))
        metrics_dir = paths.dataset_metrics(args.dataset)
        staged_json = stack.enter_context(staged_path(metrics_dir / "convergence.json"))
        staged_details = stack.enter_context(staged_path(metrics_dir / "convergence_details.json"))
        staged_png = stack.enter_context(staged_path(metrics_dir / "convergence.png"))
        staged_models.mkdir()
        copy_checkpoint(checkpoints, verdict.selected_epoch, staged_models)
        staged_json.write_text(dumps_metrics(convergence_headline(result)), encoding="utf-8")
        staged_details.write_text(dumps_metrics(result), encoding="utf-8")
        figure.savefig(staged_png, dpi=110, format="png", metadata={"Software": None})

    timer.write(paths.timing("check_convergence", args.dataset))
    state = "converged" if verdict.converged else "did not converge"
    print(
        f"check_convergence@{args.dataset}: {state}; {len(verdict.converged_epochs)} converged "
        f"epoch(s); selected epoch {verdict.selected_epoch} ({verdict.rule})"
    )


if __name__ == "__main__":
    run_stage(main)
