"""Stage train_confidence_generator@<dataset>: train the generator of the original study's second
architecture once per learner and seed (params black_box.learners, black_box.seeds), side by
side, from the black box and the table spec without values alone: this stage reads no split.

Outputs (renamed into place only when every run finished):
  data/models/<dataset>/confidence/<learner>/seed-<seed>/   a ConfidenceGenerator (load()) and
      rows.csv: n_rows rows for C uniform in [0, 1], the black box's class as the target,
      requested_confidence (C) and black_box_confidence (Y)
  metrics/<dataset>/black_box/confidence_history.tsv        per learner, seed and epoch: losses,
      |C - Y|, Spearman, the discriminator's accuracy and deception rate, queries
  metrics/timing/train_confidence_generator-<dataset>.json  wall-clock figures
"""

from __future__ import annotations

from contextlib import ExitStack

import numpy as np

from ganexp.errors import DataError
from ganexp.pipeline import paths
from ganexp.pipeline.cli import StageTimer, run_stage, stage_arguments
from ganexp.pipeline.outputs import staged_path
from ganexp.pipeline.params import load_params


def main() -> None:
    timer = StageTimer()
    args = stage_arguments(__doc__.splitlines()[0], dataset=True)
    params = load_params(args.params)
    settings = params.black_box
    black_box = paths.black_box(args.dataset)
    if not (black_box / "forest.json").is_file():
        raise DataError(f"{black_box}: no black box; run `dvc repro train_black_box` first")

    from ganexp.black_box.training import history_frame, last_epochs, train_seeds

    with ExitStack() as stack:
        folder = stack.enter_context(staged_path(paths.confidence_generators(args.dataset)))
        history_path = paths.black_box_metrics(args.dataset) / "confidence_history.tsv"
        staged_history = stack.enter_context(staged_path(history_path))
        folder.mkdir()
        runs = train_seeds(
            black_box,
            settings.settings(),
            settings.seeds,
            folder=folder,
            n_rows=settings.n_rows,
            label=f"train_confidence_generator@{args.dataset}",
        )
        history = history_frame(runs)
        history.to_csv(staged_history, sep="\t", index=False, float_format="%.6f")

    seconds = {learn: [] for learn in settings.learners}
    for (learn, _), run in runs.items():
        seconds[learn].append(run.seconds)
    timer.write(
        paths.timing("train_confidence_generator", args.dataset),
        runs_side_by_side=len(runs),
        **{f"seconds_per_run_{learn}": float(np.mean(s)) for learn, s in seconds.items()},
    )
    last = last_epochs(history)
    for learn in settings.learners:
        final = [last[(learn, seed)] for seed in settings.seeds]
        print(
            f"train_confidence_generator@{args.dataset} {learn}: mean |C - Y| "
            f"{np.mean([r.mean_abs_error for r in final]):.3f}, Spearman "
            f"{np.mean([r.spearman for r in final]):.3f} ({len(final)} seeds)"
        )


if __name__ == "__main__":
    run_stage(main)
