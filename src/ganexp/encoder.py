"""Encode a typed table into [0, 1] floats for a GAN, and decode generated rows back.

The scikit-learn contract: ``fit`` learns the column layout, ``transform`` encodes, and
``inverse_transform`` decodes *any* array in [0, 1] (a generator's output included) into rows that
read like the input. The encoding is the original study's: a nominal column becomes its category
code in declared order, then every column is min-max scaled. State is plain JSON, never a pickle.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ganexp.errors import DataError

_FORMAT = "ganexp.TabularEncoder"
_VERSION = 1


@dataclass(frozen=True)
class NumericColumn:
    """A numeric column: min-max scaled; missing values imputed with the median."""

    name: str
    minimum: float
    maximum: float
    median: float
    integer: bool
    n_missing: int = 0
    kind: str = field(default="numeric", init=False)

    def encode(self, values: pd.Series) -> np.ndarray:
        filled = values.to_numpy(dtype="float64", na_value=np.nan)
        filled = np.where(np.isnan(filled), self.median, filled)
        span = self.maximum - self.minimum
        return (filled - self.minimum) / span if span > 0 else np.zeros_like(filled)

    def decode(self, scaled: np.ndarray) -> np.ndarray:
        values = self.minimum + np.clip(scaled.astype("float64"), 0.0, 1.0) * (
            self.maximum - self.minimum
        )
        values = np.clip(values, self.minimum, self.maximum)
        return np.rint(values).astype("int64") if self.integer else values


@dataclass(frozen=True)
class NominalColumn:
    """A nominal column: its category code in declared order, scaled to [0, 1].

    A missing value (``?`` in ARFF) is a category of its own, coded after the declared ones."""

    name: str
    categories: tuple[str, ...]
    missing_category: bool
    n_missing: int = 0
    kind: str = field(default="nominal", init=False)

    @property
    def n_codes(self) -> int:
        return len(self.categories) + int(self.missing_category)

    def encode(self, values: pd.Series) -> np.ndarray:
        unknown = values.notna() & ~values.isin(self.categories)
        if unknown.any():
            bad = values[unknown].iloc[0]
            raise DataError(
                f"column '{self.name}': value {bad!r} is not one of the encoder's categories"
            )
        categorical = pd.Categorical(values, categories=list(self.categories))
        codes = categorical.codes.astype("float64")
        if (codes < 0).any():
            if not self.missing_category:
                raise DataError(
                    f"column '{self.name}' has missing values but had none when the encoder was fit"
                )
            codes[codes < 0] = len(self.categories)
        top = self.n_codes - 1
        return codes / top if top > 0 else np.zeros_like(codes)

    def decode(self, scaled: np.ndarray) -> pd.Categorical:
        top = self.n_codes - 1
        codes = np.rint(np.clip(scaled.astype("float64"), 0.0, 1.0) * top).astype("int64")
        codes[codes >= len(self.categories)] = -1  # the missing category decodes to NaN
        return pd.Categorical.from_codes(codes, categories=list(self.categories))


Column = NumericColumn | NominalColumn


class TabularEncoder:
    """Category codes + min-max scaling, fitted on a table from ``read_arff``.

    ``drop`` names columns left out of the encoding (Adult's ``fnlwgt``)."""

    def __init__(self, drop: Sequence[str] = ()) -> None:
        self.drop = tuple(drop)
        self.columns_: tuple[Column, ...] = ()

    # -- the scikit-learn contract -------------------------------------------------------------
    def fit(self, frame: pd.DataFrame) -> TabularEncoder:
        """Learn the layout: categories from the Categorical dtypes, ranges from the data."""
        missing = [name for name in self.drop if name not in frame.columns]
        if missing:
            raise DataError(f"cannot drop column(s) not in the data: {', '.join(missing)}")
        kept = [name for name in frame.columns if name not in self.drop]
        if not kept:
            raise DataError("no columns left to encode after the drops")
        self.columns_ = tuple(_fit_column(name, frame[name]) for name in kept)
        return self

    def transform(self, frame: pd.DataFrame) -> np.ndarray:
        """Encode rows to a float32 array with one column per kept input column."""
        self._check_fitted()
        absent = [c.name for c in self.columns_ if c.name not in frame.columns]
        if absent:
            raise DataError(f"missing column(s) the encoder was fit with: {', '.join(absent)}")
        encoded = [column.encode(frame[column.name]) for column in self.columns_]
        return np.column_stack(encoded).astype("float32")

    def fit_transform(self, frame: pd.DataFrame) -> np.ndarray:
        return self.fit(frame).transform(frame)

    def inverse_transform(self, array: np.ndarray) -> pd.DataFrame:
        """Decode any array (clipped to [0, 1]) into valid rows: the nearest category, values in
        the observed range, integer columns as integers."""
        self._check_fitted()
        array = np.asarray(array)
        if array.ndim != 2 or array.shape[1] != len(self.columns_):
            raise DataError(
                f"expected an array of shape (rows, {len(self.columns_)}), got {array.shape}"
            )
        if not np.isfinite(array).all():
            raise DataError("cannot decode rows containing NaN or infinite values")
        return pd.DataFrame(
            {column.name: column.decode(array[:, i]) for i, column in enumerate(self.columns_)}
        )

    # -- introspection ---------------------------------------------------------------------------
    @property
    def feature_names_out(self) -> list[str]:
        return [column.name for column in self.columns_]

    @property
    def grid_steps(self) -> list[float]:
        """The spacing of each encoded column's valid values in [0, 1] (0: continuous)."""
        steps = []
        for column in self.columns_:
            if isinstance(column, NominalColumn):
                steps.append(1.0 / (column.n_codes - 1) if column.n_codes > 1 else 0.0)
            else:
                span = column.maximum - column.minimum
                steps.append(1.0 / span if column.integer and span > 0 else 0.0)
        return steps

    @property
    def missing_counts(self) -> dict[str, int]:
        """Missing values seen at fit time, per column (only columns that had any)."""
        return {c.name: c.n_missing for c in self.columns_ if c.n_missing}

    # -- JSON state ------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        self._check_fitted()
        columns = []
        for column in self.columns_:
            state = asdict(column)
            if isinstance(column, NominalColumn):
                state["categories"] = list(column.categories)
            columns.append(state)
        return {"format": _FORMAT, "version": _VERSION, "drop": list(self.drop), "columns": columns}

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2) + "\n"

    @classmethod
    def from_dict(cls, state: dict[str, Any]) -> TabularEncoder:
        if state.get("format") != _FORMAT or state.get("version") != _VERSION:
            raise DataError(f"not a {_FORMAT} v{_VERSION} state")
        encoder = cls(drop=state["drop"])
        columns: list[Column] = []
        for entry in state["columns"]:
            entry = dict(entry)
            kind = entry.pop("kind")
            if kind == "numeric":
                columns.append(NumericColumn(**entry))
            elif kind == "nominal":
                entry["categories"] = tuple(entry["categories"])
                columns.append(NominalColumn(**entry))
            else:
                raise DataError(f"unknown column kind {kind!r} in encoder state")
        encoder.columns_ = tuple(columns)
        return encoder

    @classmethod
    def from_json(cls, text: str) -> TabularEncoder:
        return cls.from_dict(json.loads(text))

    def _check_fitted(self) -> None:
        if not self.columns_:
            raise DataError("the encoder is not fitted yet: call fit first")


def _fit_column(name: str, values: pd.Series) -> Column:
    n_missing = int(values.isna().sum())
    if isinstance(values.dtype, pd.CategoricalDtype):
        categories = tuple(str(c) for c in values.cat.categories)
        return NominalColumn(name, categories, missing_category=n_missing > 0, n_missing=n_missing)
    if not pd.api.types.is_numeric_dtype(values):
        raise DataError(f"column '{name}' is neither numeric nor categorical ({values.dtype})")
    observed = values.dropna().to_numpy(dtype="float64")
    if observed.size == 0:
        raise DataError(f"column '{name}' has no values, only missing ones")
    return NumericColumn(
        name,
        minimum=float(observed.min()),
        maximum=float(observed.max()),
        median=float(np.median(observed)),
        integer=bool(np.all(observed == np.rint(observed))),
        n_missing=n_missing,
    )
