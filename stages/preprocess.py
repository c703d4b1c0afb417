"""Stage preprocess@<dataset>: a table (ARFF, CSV, TSV, Parquet) -> encoded float32 splits.

Outputs (all written to temporary names and renamed only once everything succeeded):
  data/processed/<dataset>/{train,validation,test}.npy, encoder.json
  data/processed/<dataset>/table.json      the table spec: columns (kinds, categories, ranges),
                                           identifiers, derived and joint columns, the target
  metrics/<dataset>/preprocess.json        rows per split, columns, missing values found
  metrics/timing/preprocess-<dataset>.json wall-clock seconds (not expected to repeat)
"""

from __future__ import annotations

import sys
from contextlib import ExitStack

import numpy as np

from ganexp.pipeline import paths
from ganexp.pipeline.cli import StageTimer, run_stage, stage_arguments
from ganexp.pipeline.outputs import dumps_metrics, staged_path
from ganexp.pipeline.params import load_params
from ganexp.pipeline.preprocessing import preprocess_table, read_dataset
from ganexp.tabular.model.checkpoints import SPEC_FILE
from ganexp.tabular.tables.splits import SPLITS


def main() -> None:
    timer = StageTimer()
    args = stage_arguments(__doc__.splitlines()[0], dataset=True)
    params = load_params(args.params)
    dataset = params.dataset(args.dataset)
    table = preprocess_table(
        args.dataset, dataset, params.preprocess, params.seed, read_dataset(dataset)
    )
    for warning in table.warnings:
        print(warning, file=sys.stderr)

    out_dir = paths.processed(args.dataset)
    metrics_path = paths.dataset_metrics(args.dataset) / "preprocess.json"
    with ExitStack() as stack:
        staged_dir = stack.enter_context(staged_path(out_dir))
        staged_metrics = stack.enter_context(staged_path(metrics_path))
        staged_dir.mkdir()
        for split in SPLITS:
            np.save(staged_dir / f"{split}.npy", table.encoded[table.splits[split]])
        (staged_dir / "encoder.json").write_text(table.encoder.to_json(), encoding="utf-8")
        table.spec.save(staged_dir / SPEC_FILE)
        staged_metrics.write_text(dumps_metrics(table.metrics), encoding="utf-8")

    timer.write(paths.timing("preprocess", args.dataset))
    print(table.summary(args.dataset))


if __name__ == "__main__":
    run_stage(main)
