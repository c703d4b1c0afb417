"""Encode a typed table into [0, 1] floats for a GAN, and decode generated rows back.

The scikit-learn contract: ``fit`` learns the column layout, ``transform`` encodes, and
``inverse_transform`` decodes *any* array in [0, 1] (a generator's output included) into rows that
read like the input. State is plain JSON, never a pickle.

Two encodings per kind of column:
- nominal ``codes`` (the original study's): the category code in declared order, min-max scaled to
  one column; ``onehot``: one column per category.
- numeric ``minmax`` (the original study's): (x - min) / (max - min); ``quantile``: the mid-rank of
  x among the observed values (its empirical CDF), so every column is spread evenly over [0, 1]
  and a spike such as capital-gain's 92% of zeros becomes a wide interval a generator can hit.
A missing nominal value (``?`` in ARFF) is a category of its own; a missing numeric one is imputed
with the median and counted.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from ganexp.errors import DataError

_FORMAT = "ganexp.TabularEncoder"
_VERSION = 2

NominalEncoding = Literal["codes", "onehot"]
NumericEncoding = Literal["minmax", "quantile"]


@dataclass(frozen=True)
class NumericColumn:
    """A numeric column in one encoded column."""

    name: str
    minimum: float
    maximum: float
    median: float
    integer: bool
    n_missing: int = 0
    encoding: NumericEncoding = "minmax"
    values: tuple[float, ...] = ()  # the distinct observed values, sorted
    positions: tuple[float, ...] = ()  # quantile: their mid-ranks in [0, 1]
    edges: tuple[float, ...] = ()  # quantile: the cumulative shares between them
    kind: str = field(default="numeric", init=False)

    @property
    def width(self) -> int:
        return 1

    def encode(self, values: pd.Series) -> np.ndarray:
        filled = values.to_numpy(dtype="float64", na_value=np.nan)
        filled = np.where(np.isnan(filled), self.median, filled)
        if self.encoding == "quantile":
            return np.interp(filled, self.values, self.positions)[:, None]
        span = self.maximum - self.minimum
        scaled = (filled - self.minimum) / span if span > 0 else np.zeros_like(filled)
        return scaled[:, None]

    def decode(self, block: np.ndarray) -> np.ndarray:
        scaled = np.clip(block[:, 0].astype("float64"), 0.0, 1.0)
        if self.encoding == "quantile":  # the inverse empirical CDF: each value its own share
            values = np.asarray(self.values)[np.searchsorted(self.edges, scaled, side="right")]
            return values.astype("int64") if self.integer else values
        values = self.minimum + scaled * (self.maximum - self.minimum)
        values = np.clip(values, self.minimum, self.maximum)
        return np.rint(values).astype("int64") if self.integer else values

    def snap_points(self) -> tuple[list[float], list[float]] | None:
        """The encoded values real rows take and the edges between them (None: continuous)."""
        if self.encoding == "quantile":
            return list(self.positions), list(self.edges)
        if not self.integer or self.maximum == self.minimum:
            return None
        span = self.maximum - self.minimum
        return _with_midpoints([(v - self.minimum) / span for v in self.values])


@dataclass(frozen=True)
class NominalColumn:
    """A nominal column: a scaled category code (one column) or one-hot (one per category)."""

    name: str
    categories: tuple[str, ...]
    missing_category: bool
    n_missing: int = 0
    encoding: NominalEncoding = "codes"
    kind: str = field(default="nominal", init=False)

    @property
    def n_codes(self) -> int:
        return len(self.categories) + int(self.missing_category)

    @property
    def width(self) -> int:
        return self.n_codes if self.encoding == "onehot" else 1

    def codes(self, values: pd.Series) -> np.ndarray:
        unknown = values.notna() & ~values.isin(self.categories)
        if unknown.any():
            bad = values[unknown].iloc[0]
            raise DataError(
                f"column '{self.name}': value {bad!r} is not one of the encoder's categories"
            )
        codes = pd.Categorical(values, categories=list(self.categories)).codes.astype("int64")
        if (codes < 0).any():
            if not self.missing_category:
                raise DataError(
                    f"column '{self.name}' has missing values but had none when the encoder was fit"
                )
            codes[codes < 0] = len(self.categories)
        return codes

    def encode(self, values: pd.Series) -> np.ndarray:
        codes = self.codes(values)
        if self.encoding == "onehot":
            return np.eye(self.n_codes)[codes]
        top = self.n_codes - 1
        return (codes / top if top > 0 else np.zeros(len(codes)))[:, None]

    def decode(self, block: np.ndarray) -> pd.Categorical:
        if self.encoding == "onehot":
            codes = np.argmax(block, axis=1).astype("int64")
        else:
            top = self.n_codes - 1
            codes = np.rint(np.clip(block[:, 0].astype("float64"), 0.0, 1.0) * top).astype("int64")
        codes[codes >= len(self.categories)] = -1  # the missing category decodes to NaN
        return pd.Categorical.from_codes(codes, categories=list(self.categories))

    def snap_points(self) -> tuple[list[float], list[float]] | None:
        top = self.n_codes - 1
        return _with_midpoints([k / top if top > 0 else 0.0 for k in range(self.n_codes)])


Column = NumericColumn | NominalColumn


class TabularEncoder:
    """Encodes a table from ``read_arff``; ``drop`` names columns left out (Adult's ``fnlwgt``)."""

    def __init__(
        self,
        drop: Sequence[str] = (),
        nominal: NominalEncoding = "codes",
        numeric: NumericEncoding = "minmax",
    ) -> None:
        self.drop = tuple(drop)
        self.nominal = nominal
        self.numeric = numeric
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
        self.columns_ = tuple(self._fit_column(name, frame[name]) for name in kept)
        return self

    def transform(self, frame: pd.DataFrame) -> np.ndarray:
        """Encode rows to a float32 array (one column per encoded feature)."""
        self._check_fitted()
        absent = [c.name for c in self.columns_ if c.name not in frame.columns]
        if absent:
            raise DataError(f"missing column(s) the encoder was fit with: {', '.join(absent)}")
        encoded = [column.encode(frame[column.name]) for column in self.columns_]
        return np.concatenate(encoded, axis=1).astype("float32")

    def fit_transform(self, frame: pd.DataFrame) -> np.ndarray:
        return self.fit(frame).transform(frame)

    def inverse_transform(self, array: np.ndarray) -> pd.DataFrame:
        """Decode any array (clipped to [0, 1]) into valid rows: the nearest category or the
        largest one-hot entry, numeric values in the observed range, integer columns as integers."""
        self._check_fitted()
        array = np.asarray(array)
        width = sum(column.width for column in self.columns_)
        if array.ndim != 2 or array.shape[1] != width:
            raise DataError(f"expected an array of shape (rows, {width}), got {array.shape}")
        if not np.isfinite(array).all():
            raise DataError("cannot decode rows containing NaN or infinite values")
        slices = self.column_slices()
        return pd.DataFrame({c.name: c.decode(array[:, slices[c.name]]) for c in self.columns_})

    # -- introspection ---------------------------------------------------------------------------
    @property
    def feature_names_out(self) -> list[str]:
        names = []
        for column in self.columns_:
            if column.width == 1:
                names.append(column.name)
            else:
                names.extend(
                    f"{column.name}={c}" for c in [*column.categories, "?"][: column.width]
                )
        return names

    def column_slices(self) -> dict[str, slice]:
        """Where each input column lies in the encoded array."""
        slices, start = {}, 0
        for column in self.columns_:
            slices[column.name] = slice(start, start + column.width)
            start += column.width
        return slices

    @property
    def layout(self) -> list[dict[str, Any]]:
        """What a generator's output head needs: per block, a one-hot group of ``width`` columns,
        or one value column with the encoded values real rows take (``allowed``, sorted) and the
        ``edges`` between them that decide which one a generated value becomes (None: any value)."""
        blocks: list[dict[str, Any]] = []
        for column in self.columns_:
            if column.kind == "nominal" and column.encoding == "onehot":
                blocks.append({"kind": "onehot", "width": column.width})
                continue
            points = column.snap_points()
            allowed, edges = points if points else (None, None)
            blocks.append({"kind": "value", "allowed": allowed, "edges": edges})
        return blocks

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
            for key in ("categories", "values", "positions", "edges"):
                if key in state:
                    state[key] = list(state[key])
            columns.append(state)
        return {
            "format": _FORMAT,
            "version": _VERSION,
            "drop": list(self.drop),
            "nominal": self.nominal,
            "numeric": self.numeric,
            "columns": columns,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=1) + "\n"

    @classmethod
    def from_dict(cls, state: dict[str, Any]) -> TabularEncoder:
        if state.get("format") != _FORMAT or state.get("version") != _VERSION:
            raise DataError(f"not a {_FORMAT} v{_VERSION} state")
        encoder = cls(drop=state["drop"], nominal=state["nominal"], numeric=state["numeric"])
        columns: list[Column] = []
        for entry in state["columns"]:
            entry = dict(entry)
            kind = entry.pop("kind")
            if kind == "numeric":
                for key in ("values", "positions", "edges"):
                    entry[key] = tuple(entry[key])
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

    def _fit_column(self, name: str, values: pd.Series) -> Column:
        n_missing = int(values.isna().sum())
        if isinstance(values.dtype, pd.CategoricalDtype):
            categories = tuple(str(c) for c in values.cat.categories)
            return NominalColumn(
                name, categories, n_missing > 0, n_missing=n_missing, encoding=self.nominal
            )
        if not pd.api.types.is_numeric_dtype(values):
            raise DataError(f"column '{name}' is neither numeric nor categorical ({values.dtype})")
        observed = values.dropna().to_numpy(dtype="float64")
        if observed.size == 0:
            raise DataError(f"column '{name}' has no values, only missing ones")
        distinct, counts = np.unique(observed, return_counts=True)
        upto = np.cumsum(counts) / observed.size
        positions = upto - counts / 2.0 / observed.size
        quantile = self.numeric == "quantile"
        return NumericColumn(
            name,
            minimum=float(observed.min()),
            maximum=float(observed.max()),
            median=float(np.median(observed)),
            integer=bool(np.all(observed == np.rint(observed))),
            n_missing=n_missing,
            encoding=self.numeric,
            values=tuple(float(v) for v in distinct),
            positions=tuple(float(p) for p in positions) if quantile else (),
            edges=tuple(float(e) for e in upto[:-1]) if quantile else (),
        )


def _with_midpoints(points: list[float]) -> tuple[list[float], list[float]]:
    """Sorted points and the midpoints between them: nearest-value rounding."""
    return points, [(a + b) / 2.0 for a, b in itertools.pairwise(points)]
