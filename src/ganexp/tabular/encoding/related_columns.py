"""Columns generated through another: derived columns (a function of a nominal column, rebuilt
from it on decoding) and joint columns (a group generated as one value over the combinations the
rows have). The encoder finds the first and is told the second (``encoder``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from ganexp.errors import DataError
from ganexp.tabular.encoding.columns import NominalColumn, NumericColumn
from ganexp.tabular.encoding.layout import Block, ValueBlock

MIN_SUPPORT = 10  # rows each category of a source must have: a few rows agree by chance


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
    encoded_as: str = field(default="derived", init=False)

    @property
    def width(self) -> int:
        return 0

    @property
    def depends_on(self) -> tuple[str, ...]:
        return (self.source,)

    def blocks(self) -> list[Block]:
        return []  # not encoded: no part of the layout

    def feature_names(self) -> list[str]:
        return []

    def encode_frame(self, frame: pd.DataFrame) -> np.ndarray:
        return np.zeros((len(frame), 0))

    def decode_into(self, block: np.ndarray, decoded: dict[str, Any]) -> None:
        """From the source's decoded categories (its missing category: the last slot)."""
        source = decoded[self.source]
        codes = np.asarray(source.codes, dtype="int64").copy()
        codes[codes < 0] = len(source.categories)
        picked = [self.values[code] for code in codes]
        if self.categories:
            decoded[self.name] = pd.Categorical(picked, categories=list(self.categories))
        else:
            decoded[self.name] = np.asarray(picked, dtype="int64" if self.integer else "float64")

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> DerivedColumn:
        state["values"] = tuple(state["values"])
        state["categories"] = tuple(state["categories"])
        return cls(**state)


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
    encoded_as: str = field(default="joint", init=False)

    depends_on: ClassVar[tuple[str, ...]] = ()

    @property
    def width(self) -> int:
        return 1

    def keys(self, frame: pd.DataFrame) -> list[tuple[Any, ...]]:
        columns = [
            frame[part].astype(object).map(str) if self.categories[i] else frame[part].astype(float)
            for i, part in enumerate(self.parts)
        ]
        return list(zip(*(c.tolist() for c in columns), strict=True))

    def encode_frame(self, frame: pd.DataFrame) -> np.ndarray:
        where = {combination: k for k, combination in enumerate(self.combinations)}
        keys = self.keys(frame)
        unknown = [key for key in keys if key not in where]
        if unknown:
            raise DataError(
                f"columns {', '.join(self.parts)}: the combination {unknown[0]!r} is not one "
                "of the encoder's"
            )
        return np.asarray(self.positions)[[where[key] for key in keys]][:, None]

    def decode_into(self, block: np.ndarray, decoded: dict[str, Any]) -> None:
        scaled = np.clip(block[:, 0].astype("float64"), 0.0, 1.0)
        picked = np.searchsorted(self.edges, scaled, side="right")
        for i, part in enumerate(self.parts):
            values = [self.combinations[k][i] for k in picked]
            if self.categories[i]:
                decoded[part] = pd.Categorical(values, categories=list(self.categories[i]))
            else:
                decoded[part] = np.asarray(values, dtype="int64" if self.integer[i] else "float64")

    def snap_points(self) -> tuple[list[float], list[float]]:
        return list(self.positions), list(self.edges)

    def blocks(self) -> list[Block]:
        return [ValueBlock.on_points(self.snap_points())]

    def feature_names(self) -> list[str]:
        return [self.name]

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> JointColumn:
        for key in ("parts", "integer", "positions", "edges"):
            state[key] = tuple(state[key])
        state["categories"] = tuple(tuple(c) for c in state["categories"])
        state["combinations"] = tuple(tuple(c) for c in state["combinations"])
        return cls(**state)


Column = NumericColumn | NominalColumn | DerivedColumn | JointColumn
# the encoded column's class by its ``encoded_as`` tag (the encoder's state names it per column)
ENCODED_AS = {
    kind.encoded_as: kind for kind in (NumericColumn, NominalColumn, DerivedColumn, JointColumn)
}


def check_joint(
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


def joint_column(group: tuple[str, ...], frame: pd.DataFrame) -> JointColumn:
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


def with_derived(columns: list[Column], frame: pd.DataFrame) -> list[Column]:
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
