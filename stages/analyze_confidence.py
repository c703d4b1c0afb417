"""Stage analyze_confidence@<dataset>: measure the black-box generator's rows of every learner
and seed: how Y follows C, collapse, and how close rows made without data come to the real table
(the tabular GAN's figures against the train split; the generator never read it).

Outputs:
  metrics/<dataset>/black_box/confidence.json   headline: the default learner's mean |C - Y|
                                                and detection AUC (mean, sd) over the seeds
  metrics/<dataset>/black_box/confidence_details.json   the black box, and per learner every
                                                figure: mean, std, per seed
  metrics/<dataset>/black_box/calibration.tsv   per learner, seed and requested-C decile: rows,
                                                mean C, mean Y (plot table)
  metrics/<dataset>/black_box/confidence.png    calibration, and Y beside real rows' scores
"""

from __future__ import annotations

import json
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
from ganexp.records.black_box import BlackBoxSummary, ConfidenceDetails, ControlEpoch


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

    from ganexp.black_box.analysis import Thresholds, across, analyze_run
    from ganexp.black_box.figure import confidence_figure
    from ganexp.black_box.forest import ForestBlackBox
    from ganexp.black_box.generator import STATE_FILE
    from ganexp.black_box.training import run_folder
    from ganexp.black_box.value_free import ValueFreeTable
    from ganexp.gan.seeding import seed_everything
    from ganexp.tabular.encoding.encoder import TabularEncoder
    from ganexp.tabular.model.checkpoints import SPEC_FILE
    from ganexp.tabular.spec import TableSpec

    seed_everything(params.seed)
    summary = read(metrics_dir / "black_box.json", BlackBoxSummary)
    black_box = ForestBlackBox.load(paths.black_box(args.dataset))
    table = ValueFreeTable(TableSpec.load(paths.black_box(args.dataset) / SPEC_FILE))
    processed = paths.processed(args.dataset)
    encoder = TabularEncoder.from_json((processed / "encoder.json").read_text(encoding="utf-8"))
    train = encoder.inverse_transform(np.load(processed / "train.npy"))
    test = encoder.inverse_transform(np.load(processed / "test.npy"))
    history = pd.read_csv(history_path, sep="\t")
    thresholds = Thresholds(
        params.convergence.min_discriminator_accuracy, params.convergence.min_deception_rate
    )

    learners, tables, answers = {}, [], {}
    for learn in settings.learners:
        summaries = []
        for seed in settings.seeds:
            rows = pd.read_csv(run_folder(runs_dir, learn, seed) / "rows.csv")
            runs = history[(history.learner == learn) & (history.seed == seed)]
            record = runs.drop(columns=["learner", "seed"]).iloc[-1].to_dict()
            last = ControlEpoch.model_validate(_plain(record))
            result, by_decile = analyze_run(
                rows,
                last,
                table,
                train,
                test,
                params.analysis,
                thresholds,
                seed=params.seed,
                queries=int(last.queries),
            )
            summaries.append(result)
            tables.append(by_decile.assign(learner=learn, seed=seed))
        learners[learn] = across(settings.seeds, summaries)
        answers[learn] = np.concatenate(
            [
                pd.read_csv(run_folder(runs_dir, learn, s) / "rows.csv")[
                    "black_box_confidence"
                ].to_numpy()
                for s in settings.seeds
            ]
        )
    first = run_folder(runs_dir, settings.learners[0], settings.seeds[0]) / STATE_FILE
    details = ConfidenceDetails(
        black_box=summary,
        default=settings.learners[0],
        learners=learners,
        precision=json.loads(first.read_text(encoding="utf-8"))["precision"],
    )
    calibration = pd.concat(tables, ignore_index=True)[
        ["learner", "seed", "decile", "rows", "mean_requested", "mean_answered"]
    ]
    scores = black_box.predict_proba(test)[:, list(summary.classes).index(summary.target_class)]
    labels = test[table.target].astype("object").map(str).to_numpy()
    figure = confidence_figure(
        calibration,
        answers,
        {name: scores[labels == name] for name in summary.classes},
        target_class=summary.target_class,
        title=f"{args.dataset}: rows made from a black box's confidence",
    )

    with ExitStack() as stack:
        out = stack.enter_context(staged_path(metrics_dir / "confidence_details.json"))
        headline = stack.enter_context(staged_path(metrics_dir / "confidence.json"))
        tsv = stack.enter_context(staged_path(metrics_dir / "calibration.tsv"))
        png = stack.enter_context(staged_path(metrics_dir / "confidence.png"))
        summary_json = rounded(details.dump())
        out.write_text(dumps_metrics(summary_json), encoding="utf-8")
        headline.write_text(dumps_metrics(confidence_headline(summary_json)), encoding="utf-8")
        calibration.to_csv(tsv, sep="\t", index=False, float_format="%.6f")
        figure.savefig(png, dpi=80, format="png", metadata={"Software": None})
    timer.write(paths.timing("analyze_confidence", args.dataset))
    for learn, results in learners.items():
        mean, std = results.mean, results.std
        print(
            f"analyze_confidence@{args.dataset} {learn} ({len(settings.seeds)} seeds): "
            f"|C - Y| {mean.control.mean_abs_error:.3f} ± {std.control.mean_abs_error:.3f}, "
            f"Spearman {mean.control.spearman:.3f} ± {std.control.spearman:.3f}, detection AUC "
            f"{mean.closeness.detection_auc:.3f} ± {std.closeness.detection_auc:.3f}"
        )


def _plain(record: dict) -> dict:
    """A history row as its record's values: empty cells None, counts whole."""
    values = {k: (None if isinstance(v, float) and np.isnan(v) else v) for k, v in record.items()}
    values["epoch"], values["queries"] = int(values["epoch"]), int(values["queries"])
    return values


if __name__ == "__main__":
    run_stage(main)
