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

With ``derive``, a column that is a function of a nominal column in the rows the encoder is fit on
(Adult's ``education-num`` is ``education``'s rank) is not encoded at all: it is rebuilt from its
source column on decoding, so generated rows cannot contradict the function. A GAN that has to
learn it instead gets it wrong often enough for a classifier to tell its rows from real ones by
that pair alone.
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
_VERSION = 3
_READABLE_VERSIONS = (2, 3)  # version 2: no derived columns
MIN_SUPPORT = 10  # rows each category of a source must have: a few rows agree by chance

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


@dataclass(frozen=True)
class DerivedColumn:
    """A column that is a function of the nominal column ``source``: no encoded width, decoded
    from the source's decoded codes. ``values[k]`` is its value for the source's code k (its
    categories, then its missing category); a code no fitted row had gets the column's most
    common value. ``categories`` are a nominal column's own (empty: a numeric column)."""

    name: str
    source: str
    values: tuple[Any, ...]
    categories: tuple[str, ...] = ()
    integer: bool = False
    n_missing: int = 0  # a derived column never has missing values
    kind: str = field(default="derived", init=False)

    @property
    def width(self) -> int:
        return 0

    def encode(self, values: pd.Series) -> np.ndarray:
        return np.zeros((len(values), 0))

    def decode_from(self, source: NominalColumn, decoded: pd.Categorical) -> Any:
        codes = np.asarray(decoded.codes, dtype="int64").copy()
        codes[codes < 0] = len(source.categories)  # the missing category's slot
        picked = [self.values[code] for code in codes]
        if self.categories:
            return pd.Categorical(picked, categories=list(self.categories))
        return np.asarray(picked, dtype="int64" if self.integer else "float64")


@dataclass(frozen=True)
class JointColumn:
    """Columns generated as one (``parts``, e.g. Bank's month and day): the combinations of
    their values that the rows have, in one value column encoded as quantile columns are (each
    combination an interval as wide as its share of the rows, the generator snapped to them) and
    decoded back into every part. A generator that makes each part on its own makes dates that
    never occur; here it picks among the dates that do. ``categories[i]``: a nominal part's
    categories (empty: numeric, whole numbers if ``integer[i]``)."""

    name: str
    parts: tuple[str, ...]
    categories: tuple[tuple[str, ...], ...]
    integer: tuple[bool, ...]
    combinations: tuple[tuple[Any, ...], ...]  # sorted by the parts' codes / values in turn
    positions: tuple[float, ...]
    edges: tuple[float, ...]
    n_missing: int = 0  # parts of a joint column may not have missing values
    kind: str = field(default="joint", init=False)

    @property
    def width(self) -> int:
        return 1

    def keys(self, frame: pd.DataFrame) -> list[tuple[Any, ...]]:
        columns = [
            frame[part].astype(object).map(str) if self.categories[i] else frame[part].astype(float)
            for i, part in enumerate(self.parts)
        ]
        return list(zip(*(c.tolist() for c in columns), strict=True))

    def encode(self, frame: pd.DataFrame) -> np.ndarray:
        where = {combination: k for k, combination in enumerate(self.combinations)}
        keys = self.keys(frame)
        unknown = [key for key in keys if key not in where]
        if unknown:
            raise DataError(
                f"columns {', '.join(self.parts)}: the combination {unknown[0]!r} is not one "
                "of the encoder's"
            )
        return np.asarray(self.positions)[[where[key] for key in keys]][:, None]

    def decode(self, block: np.ndarray) -> dict[str, Any]:
        scaled = np.clip(block[:, 0].astype("float64"), 0.0, 1.0)
        picked = np.searchsorted(self.edges, scaled, side="right")
        decoded: dict[str, Any] = {}
        for i, part in enumerate(self.parts):
            values = [self.combinations[k][i] for k in picked]
            if self.categories[i]:
                decoded[part] = pd.Categorical(values, categories=list(self.categories[i]))
            else:
                decoded[part] = np.asarray(values, dtype="int64" if self.integer[i] else "float64")
        return decoded

    def snap_points(self) -> tuple[list[float], list[float]]:
        return list(self.positions), list(self.edges)


Column = NumericColumn | NominalColumn | DerivedColumn | JointColumn


class TabularEncoder:
    """Encodes a table from ``read_arff``; ``drop`` names columns left out (Adult's ``fnlwgt``)."""

    def __init__(
        self,
        drop: Sequence[str] = (),
        nominal: NominalEncoding = "codes",
        numeric: NumericEncoding = "minmax",
        derive: bool = False,
        joint: Sequence[Sequence[str]] = (),
    ) -> None:
        self.drop = tuple(drop)
        self.nominal = nominal
        self.numeric = numeric
        self.derive = derive
        self.joint = tuple(tuple(group) for group in joint)
        self.columns_: tuple[Column, ...] = ()
        self.names_: tuple[str, ...] = ()  # the input's columns, in order (less the drops)

    # -- the scikit-learn contract -------------------------------------------------------------
    def fit(self, frame: pd.DataFrame) -> TabularEncoder:
        """Learn the layout: categories from the Categorical dtypes, ranges from the data."""
        missing = [name for name in self.drop if name not in frame.columns]
        if missing:
            raise DataError(f"cannot drop column(s) not in the data: {', '.join(missing)}")
        kept = [name for name in frame.columns if name not in self.drop]
        if not kept:
            raise DataError("no columns left to encode after the drops")
        grouped = _check_joint(self.joint, kept, frame)
        columns: list[Column] = []
        for name in kept:
            group = grouped.get(name)
            if group is None:
                columns.append(self._fit_column(name, frame[name]))
            elif name == min(group, key=kept.index):  # where its first part was
                columns.append(_joint_column(group, frame))
        if self.derive:
            columns = _with_derived(columns, frame)
        self.columns_ = tuple(columns)
        self.names_ = tuple(kept)
        return self

    def transform(self, frame: pd.DataFrame) -> np.ndarray:
        """Encode rows to a float32 array (one column per encoded feature)."""
        self._check_fitted()
        absent = [name for name in self.names_ if name not in frame.columns]
        if absent:
            raise DataError(f"missing column(s) the encoder was fit with: {', '.join(absent)}")
        encoded = [
            column.encode(frame if isinstance(column, JointColumn) else frame[column.name])
            for column in self.columns_
        ]
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
        decoded: dict[str, Any] = {}
        for column in self.columns_:
            if isinstance(column, JointColumn):
                decoded.update(column.decode(array[:, slices[column.name]]))
            elif not isinstance(column, DerivedColumn):
                decoded[column.name] = column.decode(array[:, slices[column.name]])
        sources = {c.name: c for c in self.columns_}
        for column in self.columns_:
            if isinstance(column, DerivedColumn):
                source = sources[column.source]
                decoded[column.name] = column.decode_from(source, decoded[column.source])
        return pd.DataFrame({name: decoded[name] for name in self.names_})

    # -- introspection ---------------------------------------------------------------------------
    @property
    def feature_names_out(self) -> list[str]:
        names = []
        for column in self.columns_:
            if column.width == 0:
                continue  # derived: not encoded
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
            if column.width == 0:
                continue  # derived: not encoded
            if column.kind == "nominal" and column.encoding == "onehot":
                blocks.append({"kind": "onehot", "width": column.width})
                continue
            points = column.snap_points()
            allowed, edges = points if points else (None, None)
            blocks.append({"kind": "value", "allowed": allowed, "edges": edges})
        return blocks

    @property
    def derived(self) -> dict[str, str]:
        """Each derived column's source column."""
        return {c.name: c.source for c in self.columns_ if isinstance(c, DerivedColumn)}

    @property
    def joint_columns(self) -> dict[str, tuple[str, ...]]:
        """Each joint column's parts."""
        return {c.name: c.parts for c in self.columns_ if isinstance(c, JointColumn)}

    def summary(self) -> dict[str, Any]:
        """How many columns of each kind the layout has, what is derived from what, and how
        many combinations each joint column holds."""
        self._check_fitted()
        kinds = [column.kind for column in self.columns_]
        return {
            "columns": {
                "encoded": len(kinds) - kinds.count("derived"),
                "nominal": kinds.count("nominal"),
                "numeric": kinds.count("numeric"),
                "derived": kinds.count("derived"),
                "joint": kinds.count("joint"),
            },
            "derived_from": self.derived,
            "joint_combinations": {
                c.name: len(c.combinations) for c in self.columns_ if isinstance(c, JointColumn)
            },
        }

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
            "derive": self.derive,
            "joint": [list(group) for group in self.joint],
            "names": list(self.names_),
            "columns": columns,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=1) + "\n"

    @classmethod
    def from_dict(cls, state: dict[str, Any]) -> TabularEncoder:
        if state.get("format") != _FORMAT or state.get("version") not in _READABLE_VERSIONS:
            raise DataError(
                f"not a {_FORMAT} state of version {' or '.join(map(str, _READABLE_VERSIONS))}"
            )
        encoder = cls(
            drop=state["drop"],
            nominal=state["nominal"],
            numeric=state["numeric"],
            derive=state.get("derive", False),
            joint=state.get("joint", ()),
        )
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
            elif kind == "derived":
                entry["values"] = tuple(entry["values"])
                entry["categories"] = tuple(entry["categories"])
                columns.append(DerivedColumn(**entry))
            elif kind == "joint":
                for key in ("parts", "integer", "positions", "edges"):
                    entry[key] = tuple(entry[key])
                entry["categories"] = tuple(tuple(c) for c in entry["categories"])
                entry["combinations"] = tuple(tuple(c) for c in entry["combinations"])
                columns.append(JointColumn(**entry))
            else:
                raise DataError(f"unknown column kind {kind!r} in encoder state")
        encoder.columns_ = tuple(columns)
        encoder.names_ = tuple(state.get("names", [c.name for c in columns]))
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


def _check_joint(
    joint: Sequence[tuple[str, ...]], kept: Sequence[str], frame: pd.DataFrame
) -> dict[str, tuple[str, ...]]:
    """Each part's group; a DataError names a group that cannot be joined."""
    grouped: dict[str, tuple[str, ...]] = {}
    for group in joint:
        if len(group) < 2:
            raise DataError(f"joint columns {list(group)}: expected two or more columns")
        for part in group:
            if part not in kept:
                raise DataError(f"joint columns {list(group)}: no column {part!r} to join")
            if part in grouped:
                raise DataError(f"joint columns: {part!r} is in two groups")
            if frame[part].isna().any():
                raise DataError(f"joint columns {list(group)}: {part!r} has missing values")
            grouped[part] = group
    return grouped


def _joint_column(group: tuple[str, ...], frame: pd.DataFrame) -> JointColumn:
    """The observed combinations of ``group``'s columns, sorted part by part (a nominal part by
    its category order), with quantile positions by their shares of the rows."""
    parts = frame[list(group)]
    nominal = [isinstance(parts[p].dtype, pd.CategoricalDtype) for p in group]
    keys = pd.DataFrame(
        {i: parts[p].cat.codes if nominal[i] else parts[p] for i, p in enumerate(group)}
    )
    counted = keys.value_counts().sort_index()
    combinations = tuple(
        tuple(
            str(parts[p].cat.categories[int(key)]) if nominal[i] else float(key)
            for i, (p, key) in enumerate(zip(group, combination, strict=True))
        )
        for combination in counted.index
    )
    counts = counted.to_numpy(dtype="float64")
    upto = np.cumsum(counts) / counts.sum()
    return JointColumn(
        "+".join(group),
        tuple(group),
        tuple(
            tuple(str(c) for c in parts[p].cat.categories) if nominal[i] else ()
            for i, p in enumerate(group)
        ),
        tuple(
            (not nominal[i]) and bool(np.all(parts[p] == np.rint(parts[p])))
            for i, p in enumerate(group)
        ),
        combinations,
        tuple(float(v) for v in upto - counts / 2.0 / counts.sum()),
        tuple(float(e) for e in upto[:-1]),
    )


def _with_derived(columns: list[Column], frame: pd.DataFrame) -> list[Column]:
    """``columns`` with each one that is a function of an earlier-found nominal source replaced
    by a ``DerivedColumn``. A source is a nominal column whose every observed category has at
    least ``MIN_SUPPORT`` rows; a derived column has no missing values and two or more distinct
    values, and is never itself a source (of two columns that determine each other, the nominal
    one comes first in column order is kept)."""
    codes = {c.name: c.codes(frame[c.name]) for c in columns if isinstance(c, NominalColumn)}
    sources = []
    for column in columns:
        n_codes = column.n_codes if isinstance(column, NominalColumn) else 0
        counts = np.bincount(codes[column.name], minlength=n_codes) if n_codes else None
        if counts is not None and counts[counts > 0].min() >= MIN_SUPPORT:
            sources.append(column)
    derived: dict[str, DerivedColumn] = {}
    for column in columns:
        if isinstance(column, JointColumn):
            continue  # its parts are generated together already
        values = frame[column.name]
        if values.isna().any() or values.nunique() < 2:
            continue
        if any(d.source == column.name for d in derived.values()):
            continue  # a source of another derived column stays encoded
        for source in sources:
            if source.name == column.name or source.name in derived:
                continue
            by_code = pd.Series(np.asarray(values, dtype=object)).groupby(codes[source.name])
            if (by_code.nunique() > 1).any():
                continue
            derived[column.name] = _derived_column(column, source, by_code.first(), values)
            break
    return [derived.get(c.name, c) for c in columns]


def _derived_column(
    column: Column, source: NominalColumn, by_code: pd.Series, values: pd.Series
) -> DerivedColumn:
    common = values.mode().iloc[0]
    nominal = isinstance(column, NominalColumn)

    def plain(value: Any) -> Any:
        return str(value) if nominal else float(value)

    per_code = tuple(
        plain(by_code[k]) if k in by_code.index else plain(common) for k in range(source.n_codes)
    )
    return DerivedColumn(
        column.name,
        source.name,
        per_code,
        categories=column.categories if nominal else (),
        integer=(not nominal) and column.integer,
    )


def _with_midpoints(points: list[float]) -> tuple[list[float], list[float]]:
    """Sorted points and the midpoints between them: nearest-value rounding."""
    return points, [(a + b) / 2.0 for a, b in itertools.pairwise(points)]
