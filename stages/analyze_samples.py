"""Stage analyze_samples@<dataset>: generate rows with each seed's selected model and measure them.

Outputs:
  data/samples/<dataset>/synthetic.csv       the first seed's decoded rows: original columns,
                                             categories and units
  metrics/<dataset>/samples.json             headline: fidelity and train-on-synthetic AUC,
                                             mean and std over the seeds
  metrics/<dataset>/samples_details.json     the original experiment and every fidelity figure:
                                             mean, std, per seed; the independent-columns baseline
  metrics/<dataset>/column_shapes.tsv        per-column similarity, mean over seeds (plot table)
  metrics/<dataset>/distributions.png        real vs the first seed's synthetic rows per column
"""

from __future__ import annotations

from contextlib import ExitStack

import numpy as np

from ganexp.errors import DataError
from ganexp.pipeline import paths
from ganexp.pipeline.cli import StageTimer, run_stage, stage_arguments
from ganexp.pipeline.headline import samples_headline
from ganexp.pipeline.outputs import dumps_metrics, rounded, staged_path
from ganexp.pipeline.params import load_params
from ganexp.spread import mean_sd
from ganexp.tabular.model.checkpoints import seed_folder, seeds_in
from ganexp.tabular.synthesizer import TabularSynthesizer


def main() -> None:
    timer = StageTimer()
    args = stage_arguments(__doc__.splitlines()[0], dataset=True)
    params = load_params(args.params)
    processed = paths.processed(args.dataset)
    for name in ("train", "test"):
        if not (processed / f"{name}.npy").is_file():
            raise DataError(f"{processed / name}.npy: not found; run `dvc repro preprocess` first")
    models = paths.refined(args.dataset)
    seeds = seeds_in(models) if models.is_dir() else []
    if not seeds:
        raise DataError(f"{models}: no seed-<seed> folders; run `dvc repro refine` first")
    synthesizers = {seed: TabularSynthesizer.load(seed_folder(models, seed)) for seed in seeds}
    target = synthesizers[seeds[0]].spec.target
    if target is None or target not in synthesizers[seeds[0]].encoder.names_:
        raise DataError(f"{models}: the synthesizer's table spec names no target column")
    train, test = np.load(processed / "train.npy"), np.load(processed / "test.npy")

    from ganexp.gan.seeding import seed_everything
    from ganexp.tabular.analysis import analyze_seeds
    from ganexp.tabular.evaluation.column_figure import distribution_figure

    seed_everything(params.seed)
    report = analyze_seeds(synthesizers, train, test, params.analysis, seed=params.seed)
    figure = distribution_figure(
        report.real_rows, report.synthetic_rows, report.column_shapes, title=args.dataset
    )

    metrics_dir = paths.dataset_metrics(args.dataset)
    with ExitStack() as stack:
        csv = stack.enter_context(staged_path(paths.synthetic_table(args.dataset)))
        headline = stack.enter_context(staged_path(metrics_dir / "samples.json"))
        details = stack.enter_context(staged_path(metrics_dir / "samples_details.json"))
        shapes = stack.enter_context(staged_path(metrics_dir / "column_shapes.tsv"))
        png = stack.enter_context(staged_path(metrics_dir / "distributions.png"))
        report.synthetic_rows.to_csv(csv, index=False, na_rep="?")
        summary = rounded(report.details.dump())
        headline.write_text(dumps_metrics(samples_headline(summary)), encoding="utf-8")
        details.write_text(dumps_metrics(summary), encoding="utf-8")
        report.column_shapes.to_csv(shapes, sep="\t", index=False, float_format="%.6f")
        figure.savefig(png, dpi=80, format="png", metadata={"Software": None})

    timer.write(paths.timing("analyze_samples", args.dataset))
    mean, std = report.details.mean.fidelity, report.details.std.fidelity
    if mean is None or std is None:
        print(f"analyze_samples@{args.dataset} ({len(seeds)} seeds): fidelity undefined")
        return
    print(
        f"analyze_samples@{args.dataset} ({len(seeds)} seeds): column shapes "
        f"{mean_sd(mean.column_shapes, std.column_shapes)}, pair trends "
        f"{mean_sd(mean.pair_trends, std.pair_trends)}, detection AUC "
        f"{mean_sd(mean.detection_auc, std.detection_auc)}"
    )


if __name__ == "__main__":
    run_stage(main)
