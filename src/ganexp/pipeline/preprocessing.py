"""One table from its params entry to encoded splits: what stage preprocess runs, testable
without files. Errors about the entry name its params key; errors about the data name the file.

The params entry and the file make the table spec (``ganexp.tabular.spec.TableSpec``), which
types the table as the synthesizer types a DataFrame: dates and times become numbers,
identifier columns are left out of the encoding. The spec saved (``table.json``) is how the
synthetic rows are written back: as the encoder decodes them, except dates (in the input's
resolution and time zone) and identifiers (fresh values in the input's format)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ganexp.errors import DataError, ParamsError
from ganexp.pipeline.params import DatasetParams, PreprocessParams
from ganexp.tabular.encoding.encoder import TabularEncoder
from ganexp.tabular.encoding.identifiers import flag_message, flagged_columns
from ganexp.tabular.spec import TableSpec
from ganexp.tabular.tables.reader import read_table
from ganexp.tabular.tables.splits import SPLITS, split_indices


@dataclass
class PreprocessedTable:
    encoder: TabularEncoder
    encoded: np.ndarray  # every row, encoded
    splits: dict[str, np.ndarray]  # row indices per split
    metrics: dict[str, Any]  # preprocess.json
    spec: TableSpec  # the table, as synthetic rows are written back (table.json)
    warnings: list[str] = field(default_factory=list)  # flagged, undeclared identifiers

    def summary(self, name: str) -> str:
        """One line for the stage's output."""
        joint = self.metrics["joint_combinations"]
        missing = self.metrics["missing_values"]["total"]
        return (
            f"preprocess@{name}: {self.metrics['rows']['total']} rows -> "
            + ", ".join(f"{s} {self.splits[s].size}" for s in SPLITS)
            + f"; {len(self.encoder.columns_)} columns"
            + "".join(f", {d} derived from {s}" for d, s in self.encoder.derived.items())
            + "".join(f", {j} joint ({n} combinations)" for j, n in joint.items())
            + "".join(f", {d} discrete" for d in self.encoder.discrete)
            + "".join(f", {c.name} dates" for c in self.spec.columns if c.kind == "datetime")
            + "".join(f", {c.name} identifiers" for c in self.spec.columns if c.kind == "id")
            + "".join(f", {c} point masses {m}" for c, m in self.metrics["point_masses"].items())
            + (f", tails flagged on {', '.join(t)}" if (t := self.metrics["tails"]) else "")
            + (f", {n} exact relations kept" if (n := len(self.encoder.relations_)) else "")
            + f"; {missing} missing values"
        )


def check_columns(name: str, dataset: DatasetParams, frame: pd.DataFrame) -> None:
    """The target, the drops, the joint and the discrete columns named in params must be
    columns of the file (a joint or discrete column must also be kept; a discrete one numeric)."""
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
    for column in dataset.discrete_columns:
        if column not in columns or column in dataset.drop:
            raise ParamsError(
                f"params.yaml: datasets.{name}.discrete_columns: column '{column}' is not in "
                f"{dataset.path} or is dropped (columns: {shown})"
            )
        if not pd.api.types.is_numeric_dtype(frame[column]):
            raise ParamsError(
                f"params.yaml: datasets.{name}.discrete_columns: column '{column}' is nominal "
                "already; list only numeric columns"
            )


def read_dataset(dataset: DatasetParams) -> pd.DataFrame:
    """The entry's table, with its column kinds and missing-value markers."""
    return read_table(dataset.path, dataset.columns, dataset.missing)


def identifier_columns(
    name: str, dataset: DatasetParams, frame: pd.DataFrame
) -> tuple[set[str], list[str]]:
    """The declared identifier columns and the text columns that look like one and have no
    declared kind; a warning per flagged column says how to declare it or keep it."""
    declared = {c for c, kind in dataset.columns.items() if kind == "id"}
    flagged = flagged_columns(frame, exempt={*dataset.columns, *dataset.drop, dataset.target})
    warnings = [
        f"warning: {dataset.path}: {flag_message(frame[column])}; declare it in params.yaml "
        f"datasets.{name}.columns as {{{column}: id}}, or {{{column}: nominal}} to learn it"
        for column in flagged
    ]
    return declared | set(flagged), warnings


def table_spec(
    name: str, dataset: DatasetParams, frame: pd.DataFrame
) -> tuple[TableSpec, list[str]]:
    """The spec the entry and the file make (the file's kinds, the declared and flagged
    identifiers, the target, the joint columns, the missing markers), and a warning per
    flagged identifier."""
    identifiers, warnings = identifier_columns(name, dataset, frame)
    try:
        spec = TableSpec.detect(
            frame,
            identifiers=identifiers,
            target=dataset.target,
            joint=dataset.joint_columns,
            missing=dataset.missing,
        )
    except DataError as exc:
        raise DataError(f"{dataset.path}: {exc}") from None
    return spec, warnings


def stratify_labels(
    name: str, dataset: DatasetParams, frame: pd.DataFrame, stratify: bool
) -> np.ndarray | None:
    """The target's category codes to stratify the splits by (None: no stratification)."""
    if not stratify:
        return None
    target = frame[dataset.target]
    if not isinstance(target.dtype, pd.CategoricalDtype):
        raise ParamsError(
            f"params.yaml: preprocess.stratify: the target '{dataset.target}' of "
            f"{name} is numeric; stratify only by a nominal target (set it to false)"
        )
    return target.cat.codes.to_numpy()


def dataset_encoder(dataset: DatasetParams, **changes: Any) -> TabularEncoder:
    """An unfitted encoder as a params entry describes it, with any keyword ``changes``
    (``TabularEncoder``'s). Relations are learned apart, on the train split."""
    options = {
        "drop": dataset.drop,
        "nominal": dataset.nominal_encoding,
        "numeric": dataset.numeric_encoding,
        "derive": dataset.derive_columns,
        "joint": dataset.joint_columns,
        "discrete": dataset.discrete_columns,
        "point_mass": dataset.point_mass,
        "knots": dataset.knots,
        "normal": dataset.normal_scores,
        "tails": dataset.tails,
    }
    return TabularEncoder(**(options | changes))


def preprocess_table(
    name: str,
    dataset: DatasetParams,
    preprocess: PreprocessParams,
    seed: int,
    frame: pd.DataFrame,
) -> PreprocessedTable:
    """Check the entry against ``frame``, fit the encoder the entry describes on the whole
    table, split the rows, and count what preprocess.json reports."""
    check_columns(name, dataset, frame)
    spec, warnings = table_spec(name, dataset, frame)
    try:
        typed = spec.typed_frame(frame)
    except DataError as exc:
        raise DataError(f"{dataset.path}: {exc}") from None
    encoder = dataset_encoder(dataset, interpolated=spec.datetimes)
    encoded = encoder.fit_transform(typed)
    labels = stratify_labels(name, dataset, typed, preprocess.stratify)
    try:
        splits = split_indices(
            len(frame),
            preprocess.validation_fraction,
            preprocess.test_fraction,
            seed,
            stratify=labels,
        )
    except ValueError as exc:  # too few rows, or a class too rare to stratify
        raise DataError(f"{dataset.path}: cannot split {len(frame)} rows: {exc}") from None
    if dataset.relations:  # those every training row keeps, as the analysis finds them
        encoder.learn_relations(typed.iloc[splits["train"]])
    missing = encoder.missing_counts
    layout = encoder.summary()
    metrics = {
        "rows": {"total": len(frame), **{s: int(splits[s].size) for s in SPLITS}},
        "columns": {
            **layout["columns"],
            "features": encoded.shape[1],
            "dropped": len(dataset.drop),
            "identifiers": sum(1 for c in spec.columns if c.kind == "id"),
            "datetimes": sum(
                1 for c in spec.columns if c.kind == "datetime" and c.name not in dataset.drop
            ),
        },
        "derived_from": layout["derived_from"],
        "joint_combinations": layout["joint_combinations"],
        "point_masses": layout["point_masses"],
        "tails": layout["tails"],
        "relations": [str(relation) for relation in encoder.relations_],
        "missing_values": {"total": sum(missing.values()), "by_column": missing},
    }
    spec = spec.decoded_as(encoder)
    return PreprocessedTable(encoder, encoded, splits, metrics, spec, warnings)
