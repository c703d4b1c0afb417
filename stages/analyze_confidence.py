"""Stage analyze_confidence@<dataset>: measure the black-box generator's rows of every learner
and seed: how Y follows C, collapse, and how close rows made without data come to the real table
(the tabular GAN's figures against the train split; the generator never read it).

Outputs:
  metrics/<dataset>/confidence.json             headline: the default learner's mean |C - Y|
                                                and detection AUC (mean, sd) over the seeds
  metrics/<dataset>/black_box/confidence_details.json   the black box, and per learner (and
                                                for uniform rows, the baseline) every figure:
                                                mean, sample sd, per seed
  metrics/<dataset>/black_box/calibration.tsv   per learner, seed and requested-C decile: rows,
                                                mean C, mean Y (plot table)
  metrics/<dataset>/black_box/confidence.png    calibration, and Y beside real rows' scores
  metrics/<dataset>/black_box/learners.png      per learner and the baseline: losses by epoch,
                                                C against Y, Y by predicted class beside real
                                                rows' scores, class balance beside the table's
"""

from __future__ import annotations

from contextlib import ExitStack

import numpy as np
import pandas as pd

from ganexp.errors import DataError
from ganexp.pipeline import paths
from ganexp.pipeline.cli import StageTimer, run_stage, stage_arguments
from ganexp.pipeline.headline import confidence_headline
from ganexp.pipeline.outputs import dumps_metrics, rounded, staged_path
from ganexp.pipeline.params import load_params
from ganexp.records import read
from ganexp.records.black_box import BlackBoxSummary


def main() -> None:
    timer = StageTimer()
    args = stage_arguments(__doc__.splitlines()[0], dataset=True)
    params = load_params(args.params)
    settings = params.black_box
    metrics_dir = paths.black_box_metrics(args.dataset)
    runs_dir = paths.confidence_generators(args.dataset)
    history_path = metrics_dir / "confidence_history.tsv"
    for path in (history_path, metrics_dir / "black_box.json", paths.black_box(args.dataset)):
        if not path.exists():
            raise DataError(f"{path}: not found; run `dvc repro train_confidence_generator` first")

    from ganexp.black_box.analysis import Thresholds, analyze_runs
    from ganexp.black_box.figure import report_figures
    from ganexp.black_box.forest import ForestBlackBox
    from ganexp.black_box.value_free import ValueFreeTable
    from ganexp.gan.seeding import seed_everything
    from ganexp.tabular.encoding.encoder import TabularEncoder
    from ganexp.tabular.model.checkpoints import SPEC_FILE
    from ganexp.tabular.spec import TableSpec

    seed_everything(params.seed)
    processed = paths.processed(args.dataset)
    encoder = TabularEncoder.from_json((processed / "encoder.json").read_text(encoding="utf-8"))
    summary = read(metrics_dir / "black_box.json", BlackBoxSummary)
    history = pd.read_csv(history_path, sep="\t")
    table = ValueFreeTable(TableSpec.load(paths.black_box(args.dataset) / SPEC_FILE))
    report = analyze_runs(
        runs_dir,
        settings.learners,
        settings.seeds,
        history,
        black_box=ForestBlackBox.load(paths.black_box(args.dataset)),
        summary=summary,
        table=table,
        train=encoder.inverse_transform(np.load(processed / "train.npy")),
        test=encoder.inverse_transform(np.load(processed / "test.npy")),
        settings=params.analysis,
        thresholds=Thresholds(
            params.convergence.min_discriminator_accuracy, params.convergence.min_deception_rate
        ),
        seed=params.seed,
    )
    figure, per_learner = report_figures(report, history, target=table.target, label=args.dataset)

    with ExitStack() as stack:
        out = stack.enter_context(staged_path(metrics_dir / "confidence_details.json"))
        headline_path = paths.dataset_metrics(args.dataset) / "confidence.json"
        headline = stack.enter_context(staged_path(headline_path))
        tsv = stack.enter_context(staged_path(metrics_dir / "calibration.tsv"))
        png = stack.enter_context(staged_path(metrics_dir / "confidence.png"))
        learners_png = stack.enter_context(staged_path(metrics_dir / "learners.png"))
        summary_json = rounded(report.details.dump())
        out.write_text(dumps_metrics(summary_json), encoding="utf-8")
        headline.write_text(dumps_metrics(confidence_headline(summary_json)), encoding="utf-8")
        report.calibration.to_csv(tsv, sep="\t", index=False, float_format="%.6f")
        figure.savefig(png, dpi=80, format="png", metadata={"Software": None})
        per_learner.savefig(learners_png, dpi=70, format="png", metadata={"Software": None})
    timer.write(paths.timing("analyze_confidence", args.dataset))
    for line in report.summary_lines(f"analyze_confidence@{args.dataset}"):
        print(line)


if __name__ == "__main__":
    run_stage(main)
