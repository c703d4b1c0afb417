"""Stage preprocess@<dataset>: ARFF -> encoded float32 train/validation/test splits + encoder JSON.

Outputs (all written to temporary names and renamed only once everything succeeded):
  data/processed/<dataset>/{train,validation,test}.npy, encoder.json
  metrics/<dataset>/preprocess.json        rows per split, columns, missing values found
  metrics/timing/preprocess-<dataset>.json wall-clock seconds (not expected to repeat)
"""

from __future__ import annotations

from contextlib import ExitStack

import numpy as np
import pandas as pd

from ganexp.errors import DataError, ParamsError
from ganexp.pipeline import paths
from ganexp.pipeline.cli import StageTimer, run_stage, stage_arguments
from ganexp.pipeline.outputs import dumps_metrics, staged_path
from ganexp.pipeline.params import DatasetParams, load_params
from ganexp.tabular.arff_io import read_arff
from ganexp.tabular.encoder import TabularEncoder
from ganexp.tabular.splits import SPLITS, split_indices


def check_columns(name: str, dataset: DatasetParams, frame: pd.DataFrame) -> None:
    """The target and the drops named in params must be columns of the file."""
    columns = list(frame.columns)
    shown = ", ".join(columns)
    if dataset.target not in columns:
        raise ParamsError(
            f"params.yaml: datasets.{name}.target: column '{dataset.target}' is not in "
            f"{dataset.path} (columns: {shown})"
        )
    for column in dataset.drop:
        if column not in columns:
            raise ParamsError(
                f"params.yaml: datasets.{name}.drop: column '{column}' is not in "
                f"{dataset.path} (columns: {shown})"
            )
    for group in dataset.joint_columns:
        for column in group:
            if column not in columns or column in dataset.drop:
                raise ParamsError(
                    f"params.yaml: datasets.{name}.joint_columns: column '{column}' is not in "
                    f"{dataset.path} or is dropped (columns: {shown})"
                )


def main() -> None:
    timer = StageTimer()
    args = stage_arguments(__doc__.splitlines()[0], dataset=True)
    params = load_params(args.params)
    dataset = params.dataset(args.dataset)
    frame = read_arff(dataset.path)
    check_columns(args.dataset, dataset, frame)

    encoder = TabularEncoder(
        drop=dataset.drop,
        nominal=dataset.nominal_encoding,
        numeric=dataset.numeric_encoding,
        derive=dataset.derive_columns,
        joint=dataset.joint_columns,
    )
    encoded = encoder.fit_transform(frame)

    labels = None
    if params.preprocess.stratify:
        target = frame[dataset.target]
        if not isinstance(target.dtype, pd.CategoricalDtype):
            raise ParamsError(
                f"params.yaml: preprocess.stratify: the target '{dataset.target}' of "
                f"{args.dataset} is numeric; stratify only by a nominal target (set it to false)"
            )
        labels = target.cat.codes.to_numpy()
    try:
        splits = split_indices(
            len(frame),
            params.preprocess.validation_fraction,
            params.preprocess.test_fraction,
            params.seed,
            stratify=labels,
        )
    except ValueError as exc:  # too few rows, or a class too rare to stratify
        raise DataError(f"{dataset.path}: cannot split {len(frame)} rows: {exc}") from None

    missing = encoder.missing_counts
    layout = encoder.summary()
    metrics = {
        "rows": {"total": len(frame), **{s: int(splits[s].size) for s in SPLITS}},
        "columns": {
            **layout["columns"],
            "features": encoded.shape[1],
            "dropped": len(dataset.drop),
        },
        "derived_from": layout["derived_from"],
        "joint_combinations": layout["joint_combinations"],
        "missing_values": {"total": sum(missing.values()), "by_column": missing},
    }

    out_dir = paths.processed(args.dataset)
    metrics_path = paths.dataset_metrics(args.dataset) / "preprocess.json"
    with ExitStack() as stack:
        staged_dir = stack.enter_context(staged_path(out_dir))
        staged_metrics = stack.enter_context(staged_path(metrics_path))
        staged_dir.mkdir()
        for split in SPLITS:
            np.save(staged_dir / f"{split}.npy", encoded[splits[split]])
        (staged_dir / "encoder.json").write_text(encoder.to_json(), encoding="utf-8")
        staged_metrics.write_text(dumps_metrics(metrics), encoding="utf-8")

    timer.write(paths.timing("preprocess", args.dataset))
    print(
        f"preprocess@{args.dataset}: {len(frame)} rows -> "
        + ", ".join(f"{s} {splits[s].size}" for s in SPLITS)
        + f"; {len(encoder.columns_)} columns"
        + "".join(f", {name} derived from {source}" for name, source in encoder.derived.items())
        + "".join(
            f", {name} joint ({n} combinations)" for name, n in layout["joint_combinations"].items()
        )
        + f"; {sum(missing.values())} missing values"
    )


if __name__ == "__main__":
    run_stage(main)
