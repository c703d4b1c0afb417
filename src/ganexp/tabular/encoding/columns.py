"""The column interface every kind implements, and the two plain kinds: numeric and nominal.

Each column reads its values from a frame and encodes them into [0, 1] floats, decodes any such
array back into values the column can hold, and gives its part of the generator head's layout
(``layout``). ``TabularEncoder`` (``encoder``) lays them side by
side through ``EncodedColumn`` alone; derived and joint columns (``related_columns``) implement
it too.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal, Protocol

import numpy as np
import pandas as pd

from ganexp.errors import DataError
from ganexp.tabular.encoding.layout import Block, OneHotBlock, ValueBlock

NominalEncoding = Literal["codes", "onehot"]
NumericEncoding = Literal["minmax", "quantile", "onehot"]


class EncodedColumn(Protocol):
    """What the encoder asks of a column, whatever its kind."""

    name: str
    encoded_as: str  # saved in the encoder's state: which class reads the column back
    n_missing: int

    @property
    def width(self) -> int:
        """Encoded columns it takes (0: rebuilt from others, not encoded)."""

    @property
    def depends_on(self) -> tuple[str, ...]:
        """Columns that must be decoded before it."""

    def encode_frame(self, frame: pd.DataFrame) -> np.ndarray:
        """Its encoded columns, (rows, width), read from the input's columns."""

    def decode_into(self, block: np.ndarray, decoded: dict[str, Any]) -> None:
        """Add its decoded input column(s) to ``decoded``."""

    def blocks(self) -> list[Block]:
        """Its part of the generator head's layout."""

    def feature_names(self) -> list[str]: ...


class _InputColumn:
    """What a column encoded from one input column of its own does the same whatever its kind:
    read that column, write it back, and give one layout block (one-hot or value)."""

    depends_on: ClassVar[tuple[str, ...]] = ()

    def encode_frame(self, frame: pd.DataFrame) -> np.ndarray:
        return self.encode(frame[self.name])

    def decode_into(self, block: np.ndarray, decoded: dict[str, Any]) -> None:
        decoded[self.name] = self.decode(block)

    def blocks(self) -> list[Block]:
        if self.encoding == "onehot":
            return [OneHotBlock(self.width)]
        return [ValueBlock.on_points(self.snap_points())]


@dataclass(frozen=True)
class NumericColumn(_InputColumn):
    """A numeric column in one encoded column, or (``onehot``, a *discrete* column) in one per
    observed value: for a number that names a category more than it measures an amount (Bank's
    day of the month: its days go with its months, which a one-hot group pairs up far better than
    a value column does). It decodes back into numbers either way."""

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
    encoded_as: str = field(default="numeric", init=False)

    @property
    def width(self) -> int:
        return len(self.values) if self.encoding == "onehot" else 1

    def encode(self, values: pd.Series) -> np.ndarray:
        filled = values.to_numpy(dtype="float64", na_value=np.nan)
        filled = np.where(np.isnan(filled), self.median, filled)
        if self.encoding == "onehot":  # the nearest observed value's slot
            points = np.asarray(self.values)
            upper = np.clip(np.searchsorted(points, filled), 1, max(len(points) - 1, 1))
            lower = upper - 1
            nearer = np.abs(filled - points[lower]) <= np.abs(points[upper] - filled)
            return np.eye(len(points))[np.where(nearer, lower, upper)]
        if self.encoding == "quantile":
            return np.interp(filled, self.values, self.positions)[:, None]
        span = self.maximum - self.minimum
        scaled = (filled - self.minimum) / span if span > 0 else np.zeros_like(filled)
        return scaled[:, None]

    def decode(self, block: np.ndarray) -> np.ndarray:
        if self.encoding == "onehot":
            values = np.asarray(self.values)[np.argmax(block, axis=1)]
            return values.astype("int64") if self.integer else values
        scaled = np.clip(block[:, 0].astype("float64"), 0.0, 1.0)
        if self.encoding == "quantile":  # the inverse empirical CDF: each value its own share
            values = np.asarray(self.values)[np.searchsorted(self.edges, scaled, side="right")]
            return values.astype("int64") if self.integer else values
        values = self.minimum + scaled * (self.maximum - self.minimum)
        values = np.clip(values, self.minimum, self.maximum)
        return np.rint(values).astype("int64") if self.integer else values

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> NumericColumn:
        for key in ("values", "positions", "edges"):
            state[key] = tuple(state[key])
        return cls(**state)

    def feature_names(self) -> list[str]:
        if self.encoding == "onehot":
            return [f"{self.name}={v:g}" for v in self.values]
        return [self.name]

    def snap_points(self) -> tuple[list[float], list[float]] | None:
        """The encoded values real rows take and the edges between them (None: continuous)."""
        if self.encoding == "quantile":
            return list(self.positions), list(self.edges)
        if not self.integer or self.maximum == self.minimum or not self.values:
            return None  # continuous, constant, or no observed values (rounded when decoded)
        span = self.maximum - self.minimum
        return _with_midpoints([(v - self.minimum) / span for v in self.values])


@dataclass(frozen=True)
class NominalColumn(_InputColumn):
    """A nominal column: a scaled category code (one column) or one-hot (one per category)."""

    name: str
    categories: tuple[str, ...]
    missing_category: bool
    n_missing: int = 0
    encoding: NominalEncoding = "codes"
    encoded_as: str = field(default="nominal", init=False)

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

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> NominalColumn:
        state["categories"] = tuple(state["categories"])
        return cls(**state)

    def feature_names(self) -> list[str]:
        if self.width == 1:  # codes, or a one-hot group of one category
            return [self.name]
        return [f"{self.name}={c}" for c in [*self.categories, "?"][: self.width]]

    def snap_points(self) -> tuple[list[float], list[float]] | None:
        top = self.n_codes - 1
        return _with_midpoints([k / top if top > 0 else 0.0 for k in range(self.n_codes)])


def _with_midpoints(points: list[float]) -> tuple[list[float], list[float]]:
    """Sorted points and the midpoints between them: nearest-value rounding."""
    return points, [(a + b) / 2.0 for a, b in itertools.pairwise(points)]
