"""The column interface every kind implements, and the two plain kinds: numeric and nominal.

Each column reads its values from a frame and encodes them into [0, 1] floats, decodes any such
array back into values the column can hold, and gives its part of the generator head's layout
(``layout``). ``TabularEncoder`` (``encoder``) lays them side by
side through ``EncodedColumn`` alone; derived and joint columns (``related_columns``) implement
it too.
"""

from __future__ import annotations

import itertools
import zlib
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal, Protocol

import numpy as np
import pandas as pd

from ganexp.errors import DataError
from ganexp.tabular.encoding.layout import Block, OneHotBlock, ValueBlock
from ganexp.tabular.encoding.quantiles import normal_place, normal_score

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
    a value column does). It decodes back into numbers either way.

    ``quantile`` encodes a value as its place in the column's empirical distribution. A column of
    whole numbers with at most as many distinct values as knots keeps its *levels*: ``values``
    are the distinct values, ``positions`` their mid-ranks and ``edges`` the cumulative shares
    between them, and a value decodes to one of them. Any other column is *continuous*
    (``interpolate``): ``values`` are at most a knot count of its quantiles (``positions``: their
    levels) and a value decodes by interpolating between them, rounded to the column's ``step``,
    so generated values are new ones and the state holds the knots, not the column.

    ``masses`` are point masses (a value on more than a set share of the rows, e.g. Adult's
    capital-gain 0): a one-hot flag picks one of them or the rest, and the value column encodes
    only the rest's distribution (its levels or knots). A row on a mass carries, in its value
    column, the encoding of a random value of the rest (``filler``), so the value column says
    nothing about the flag and the flag alone decides.

    With ``normal``, a quantile place u is encoded as its normal score, scaled into [0, 1]
    (``normal_score``): the tails, which u squeezes against 0 and 1 (the 99th and the 99.99th
    percentile 0.0099 apart), get room a judge can see (0.15 apart) and a generator can reach.

    With ``tails`` (a share t; continuous columns only), the rest is three segments of its
    places, each flagged in the one-hot group as a point mass is: the lower tail (u < t), the
    middle and the upper tail (u >= 1 - t), and the value column holds the place within the
    row's segment, stretched over [0, 1]. A generator then makes a tail row by picking its
    flag, as often as real rows have one, and the far end of a tail by a value near 1, not
    1 - 1/n (CTGAN's mode-specific normalisation gives a column's modes the same shape: a
    one-hot mode, a value within it). Levels keep one grid: the head snaps a value to it
    whatever the flag, and a grid that changed with the segment would give generated rows
    values real rows never hold."""

    name: str
    minimum: float
    maximum: float
    median: float
    integer: bool
    n_missing: int = 0
    encoding: NumericEncoding = "minmax"
    values: tuple[float, ...] = ()  # onehot: the distinct values; quantile: levels or knots
    positions: tuple[float, ...] = ()  # quantile: the values' places in [0, 1]
    edges: tuple[float, ...] = ()  # quantile levels: the cumulative shares between them
    interpolate: bool = False  # quantile: decode between the knots (else: to the levels)
    step: float | None = None  # interpolate: decoded values are whole multiples of it
    masses: tuple[float, ...] = ()  # quantile: point masses, each flagged in a one-hot group
    normal: bool = False  # quantile: places as their normal scores, in [0, 1]
    tails: float = 0.0  # quantile: each tail's share of the rest, flagged apart (0: none)
    encoded_as: str = field(default="numeric", init=False)

    @property
    def has_rest(self) -> bool:
        """Whether any value lies off the point masses (a value column then encodes it)."""
        return bool(self.values)

    @property
    def segments(self) -> int:
        """The rest's flagged segments: 3 with tails (lower, middle, upper), else 1."""
        return 3 if self.tails > 0 and self.has_rest else 1

    @property
    def flagged(self) -> bool:
        """Whether a one-hot group (point masses, the rest's segments) comes before the value."""
        return bool(self.masses) or self.segments > 1

    @property
    def n_flags(self) -> int:
        return len(self.masses) + self.segments * int(self.has_rest)

    @property
    def width(self) -> int:
        if self.encoding == "onehot":
            return len(self.values)
        if self.flagged:
            return self.n_flags + int(self.has_rest)
        return 1

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
            if not self.flagged:
                return self._scored(self._quantile(filled))[:, None]
            return self._flagged(filled)
        span = self.maximum - self.minimum
        scaled = (filled - self.minimum) / span if span > 0 else np.zeros_like(filled)
        return scaled[:, None]

    def decode(self, block: np.ndarray) -> np.ndarray:
        if self.encoding == "onehot":
            values = np.asarray(self.values)[np.argmax(block, axis=1)]
            return values.astype("int64") if self.integer else values
        if self.encoding == "quantile":
            if not self.flagged:
                return self._unquantile(self._unscored(block[:, 0]))
            slot = np.argmax(block[:, : self.n_flags], axis=1)
            rests = self.segments * int(self.has_rest)
            on_mass = np.asarray(self.masses + (np.nan,) * rests)[slot]
            if not self.has_rest:
                return on_mass.astype("int64") if self.integer else on_mass
            segment = np.clip(slot - len(self.masses), 0, self.segments - 1)
            rest = self._unquantile(self._placed(segment, self._unscored(block[:, -1])))
            values = np.where(slot < len(self.masses), on_mass, rest)
            return values.astype("int64") if self.integer else values
        scaled = np.clip(block[:, 0].astype("float64"), 0.0, 1.0)
        values = self.minimum + scaled * (self.maximum - self.minimum)
        values = np.clip(values, self.minimum, self.maximum)
        return np.rint(values).astype("int64") if self.integer else values

    def _quantile(self, filled: np.ndarray) -> np.ndarray:
        """Values' places in the rest's distribution (on knots: scikit-learn's two-sided
        interpolation, so a run of equal knots maps to the middle of its levels)."""
        knots, levels = np.asarray(self.values), np.asarray(self.positions)
        if not self.interpolate:
            return np.interp(filled, knots, levels)
        upward = np.interp(filled, knots, levels)
        downward = -np.interp(-filled, -knots[::-1], -levels[::-1])
        return 0.5 * (upward + downward)

    def _unquantile(self, column: np.ndarray) -> np.ndarray:
        """The inverse: the level whose share holds the place, or the value between the knots
        rounded to the column's step."""
        scaled = np.clip(column.astype("float64"), 0.0, 1.0)
        if not self.interpolate:  # the inverse empirical CDF: each value its own share
            values = np.asarray(self.values)[np.searchsorted(self.edges, scaled, side="right")]
            return values.astype("int64") if self.integer else values
        values = np.interp(scaled, self.positions, self.values)
        if self.step:
            values = np.clip(np.round(values / self.step) * self.step, self.minimum, self.maximum)
        return np.rint(values).astype("int64") if self.integer else values

    def _flagged(self, filled: np.ndarray) -> np.ndarray:
        """The one-hot flag (a mass, or the rest's segment) and the rest's value column."""
        on_mass = np.zeros(len(filled), dtype=bool)
        slot = np.zeros(len(filled), dtype="int64")
        for k, mass in enumerate(self.masses):
            slot[filled == mass] = k
            on_mass |= filled == mass
        if not self.has_rest:
            return np.eye(self.n_flags)[slot]
        segment, within = self._segmented(self._quantile(filled))
        slot = np.where(on_mass, slot, len(self.masses) + segment)
        value = np.where(on_mass, self.filler(len(filled)), self._scored(within))
        return np.concatenate([np.eye(self.n_flags)[slot], value[:, None]], axis=1)

    def _bounds(self) -> np.ndarray:
        """The places where the rest's segments start and end."""
        if self.segments == 1:
            return np.array([0.0, 1.0])
        return np.array([0.0, self.tails, 1.0 - self.tails, 1.0])

    def _segmented(self, places: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Each place's segment and its place within it, in [0, 1]."""
        bounds = self._bounds()
        segment = np.digitize(places, bounds[1:-1])
        low, high = bounds[segment], bounds[segment + 1]
        return segment, np.clip((places - low) / (high - low), 0.0, 1.0)

    def _placed(self, segment: np.ndarray, within: np.ndarray) -> np.ndarray:
        """The inverse of ``_segmented``: places in the rest from places within segments."""
        bounds = self._bounds()
        low, high = bounds[segment], bounds[segment + 1]
        return low + np.clip(within, 0.0, 1.0) * (high - low)

    def filler(self, n: int) -> np.ndarray:
        """``n`` encodings of random values of the rest, the same on every call (a stream
        named by the column), for rows on a point mass."""
        rng = np.random.default_rng(zlib.crc32(self.name.encode("utf-8")))
        places = rng.uniform(size=n)
        if not self.interpolate:
            places = np.asarray(self.positions)[np.searchsorted(self.edges, places, side="right")]
        return self._scored(self._segmented(places)[1])

    def _scored(self, places: np.ndarray) -> np.ndarray:
        return normal_score(places) if self.normal else places

    def _unscored(self, column: np.ndarray) -> np.ndarray:
        return normal_place(column) if self.normal else column

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> NumericColumn:
        for key in ("values", "positions", "edges", "masses"):
            state[key] = tuple(state.get(key, ()))
        return cls(**state)

    def feature_names(self) -> list[str]:
        if self.encoding == "onehot":
            return [f"{self.name}={v:g}" for v in self.values]
        if self.flagged:
            flags = [f"{self.name}={m:g}" for m in self.masses]
            segments = ["lower tail", "rest", "upper tail"] if self.segments > 1 else ["rest"]
            rest = [f"{self.name}={s}" for s in segments] + [self.name] if self.has_rest else []
            return flags + rest
        return [self.name]

    def blocks(self) -> list[Block]:
        if self.encoding == "onehot":
            return [OneHotBlock(self.width)]
        value = [ValueBlock.on_points(self.snap_points())]
        if not self.flagged:
            return value
        flag = OneHotBlock(self.n_flags)
        return [flag, *value] if self.has_rest else [flag]

    def snap_points(self) -> tuple[list[float], list[float]] | None:
        """The encoded values real rows take and the edges between them (None: continuous)."""
        if self.encoding == "quantile":
            if self.interpolate or self.segments > 1:
                return None
            positions, edges = (self._scored(np.asarray(p)) for p in (self.positions, self.edges))
            return [float(p) for p in positions], [float(e) for e in edges]
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
