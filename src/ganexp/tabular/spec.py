"""The input's columns as a user handed them in: names, dtypes and categories.

The encoder works on categoricals of text and on floats; a synthesizer gives rows back in the
input's own dtypes and category values (a bool stays a bool, 7 stays the integer 7). A
``ColumnSchema`` per input column carries what that takes, and is saved in ``synthesizer.json``.
An identifier column is not encoded at all: its values are generated fresh (``identifiers``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ganexp.errors import DataError
from ganexp.tabular.encoding.encoder import TabularEncoder
from ganexp.tabular.encoding.identifiers import IdFormat, format_from_dict, id_format


@dataclass(frozen=True)
class ColumnSchema:
    """One input column: its dtype's name, whether it is nominal, and a nominal column's
    categories in the input's own values (their text must differ)."""

    name: str
    dtype: str
    nominal: bool
    categories: tuple[Any, ...] = ()
    unit: str | None = None  # a date-time column's resolution (D, h, min, s, ms, us, ns)
    identifier: IdFormat | None = None  # an identifier column: fresh values in this format

    @classmethod
    def of_series(cls, values: pd.Series, discrete: bool, identifier: bool = False) -> ColumnSchema:
        """Numbers are numeric unless ``discrete``; dates and times are numeric too (their
        nanoseconds, generated back in the input's resolution and time zone); text, booleans
        and categoricals are nominal; an ``identifier`` is none of these: never encoded."""
        dtype = values.dtype
        if identifier:
            return cls(str(values.name), str(dtype), False, identifier=id_format(values))
        numeric = pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype)
        if pd.api.types.is_datetime64_any_dtype(dtype) and not discrete:
            return cls(str(values.name), str(dtype), False, unit=_resolution(values))
        if numeric and not discrete:
            return cls(str(values.name), str(dtype), False)
        if isinstance(dtype, pd.CategoricalDtype):
            categories = list(dtype.categories)
        else:
            categories = sorted(values.dropna().unique().tolist(), key=lambda v: (str(type(v)), v))
        plain = tuple(v.item() if isinstance(v, np.generic) else v for v in categories)
        if len(set(map(str, plain))) != len(plain):
            raise DataError(f"column {values.name!r}: two categories print the same")
        return cls(str(values.name), str(dtype), True, plain)

    @classmethod
    def plain(cls, name: str, categories: Sequence[str], integer: bool) -> ColumnSchema:
        """A column as an encoder knows it: a category column, or integers or floats."""
        if categories:
            return cls(name, "category", True, tuple(categories))
        return cls(name, "int64" if integer else "float64", False)

    @property
    def texts(self) -> list[str]:
        """The categories as the encoder holds them."""
        return [str(v) for v in self.categories]

    def to_dict(self) -> dict[str, Any]:
        state: dict[str, Any] = {"name": self.name, "dtype": self.dtype, "nominal": self.nominal}
        if self.nominal:
            state["categories"] = list(self.categories)
        if self.unit:
            state["unit"] = self.unit
        if self.identifier is not None:
            state["identifier"] = self.identifier.to_dict()
        return state

    @classmethod
    def from_dict(cls, state: Mapping[str, Any]) -> ColumnSchema:
        return cls(
            state["name"],
            state["dtype"],
            state["nominal"],
            tuple(state.get("categories", ())),
            state.get("unit"),
            format_from_dict(state["identifier"]) if "identifier" in state else None,
        )

    def typed(self, values: pd.Series) -> pd.Series | pd.Categorical:
        """``values`` as the encoder reads them (dates and times: nanoseconds since 1970, UTC)."""
        if self.unit:
            return pd.Series(_nanoseconds(values), index=values.index, name=values.name)
        if not self.nominal:
            return values
        return pd.Categorical(values.map(str, na_action="ignore"), categories=self.texts)

    def restored(self, values: pd.Series) -> Any:
        """Decoded ``values`` in the input's dtype and category values."""
        if self.unit:
            return _as_datetimes(values, self.dtype, self.unit)
        if not self.nominal:
            return values.astype(self.dtype)
        back = dict(zip(self.texts, self.categories, strict=True))
        original = values.astype(object).map(back)
        if self.dtype == "category":
            return pd.Categorical(original, categories=list(self.categories))
        return _as_dtype(pd.Series(original, dtype=object), self.dtype)


# the resolutions a date-time column may have, coarsest first, in nanoseconds
_UNITS = {"D": 86_400 * 10**9, "h": 3_600 * 10**9, "min": 60 * 10**9, "s": 10**9}
_UNITS |= {"ms": 10**6, "us": 10**3, "ns": 1}


def _wall_clock(values: pd.Series) -> pd.Series:
    """Date-times as the clock on the wall shows them (a time zone's local time, naive)."""
    stamps = pd.to_datetime(values)
    return stamps.dt.tz_localize(None) if stamps.dt.tz is not None else stamps


def _resolution(values: pd.Series) -> str:
    """The coarsest unit that every (wall-clock) value of the column is a whole number of."""
    nanos = _wall_clock(values).dropna().to_numpy(dtype="datetime64[ns]").view("int64")
    return next(unit for unit, size in _UNITS.items() if np.all(nanos % size == 0))


def _nanoseconds(values: pd.Series) -> np.ndarray:
    """Nanoseconds since 1970 (UTC for a zone-aware column) as floats; NaT is NaN."""
    stamps = pd.to_datetime(values)
    if stamps.dt.tz is not None:
        stamps = stamps.dt.tz_convert("UTC").dt.tz_localize(None)
    nanos = stamps.to_numpy(dtype="datetime64[ns]").view("int64").astype("float64")
    nanos[stamps.isna().to_numpy()] = np.nan
    return nanos


def _as_datetimes(values: pd.Series, dtype: str, unit: str) -> pd.Series:
    """Decoded nanoseconds back as ``dtype`` date-times, rounded to ``unit`` on the wall clock
    of the column's time zone."""
    nanos = np.rint(values.to_numpy(dtype="float64")).astype("int64")
    stamps = pd.Series(pd.to_datetime(nanos, unit="ns"), index=values.index)
    zone = getattr(pd.api.types.pandas_dtype(dtype), "tz", None)
    if zone is not None:
        local = stamps.dt.tz_localize("UTC").dt.tz_convert(zone).dt.tz_localize(None)
        local = local.dt.round(unit)
        stamps = local.dt.tz_localize(zone, ambiguous="NaT", nonexistent="shift_forward")
    else:
        stamps = stamps.dt.round(unit)
    return stamps.astype(dtype)


def _as_dtype(values: pd.Series, dtype: str) -> pd.Series:
    """``values`` in ``dtype``, unless missing values would be turned into numbers or True."""
    if values.isna().any() and not (dtype == "object" or "str" in dtype or "float" in dtype):
        return values
    return values.astype(dtype)


def save_columns(columns: Sequence[ColumnSchema], path: Path) -> None:
    path.write_text(json.dumps([c.to_dict() for c in columns], indent=1) + "\n", encoding="utf-8")


def load_columns(path: Path) -> list[ColumnSchema]:
    if not path.is_file():
        raise DataError(f"{path}: not found; run `dvc repro preprocess` first")
    return [ColumnSchema.from_dict(c) for c in json.loads(path.read_text(encoding="utf-8"))]


def schema_of_encoder(encoder: TabularEncoder) -> list[ColumnSchema]:
    """The input's columns as a fitted encoder knows them (a joint column's parts one by one):
    for rows the pipeline encoded, where no DataFrame is at hand."""
    found: dict[str, ColumnSchema] = {}
    for column in encoder.columns_:
        parts = getattr(column, "parts", None)
        if parts is not None:  # a joint column
            for part, categories, integer in zip(
                parts, column.categories, column.integer, strict=True
            ):
                found[part] = ColumnSchema.plain(part, categories, integer)
        else:  # numeric, nominal, or derived (nominal if it has categories)
            integer = getattr(column, "integer", False)
            found[column.name] = ColumnSchema.plain(
                column.name, getattr(column, "categories", ()), integer
            )
    return [found[name] for name in encoder.names_]


def typed_frame(schema: Sequence[ColumnSchema], frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` as the encoder reads it; a DataError names a missing column, or the column
    and row of an infinite number (a missing one is NaN; an infinity has no place on the
    encoder's scales)."""
    encoded = [c for c in schema if c.identifier is None]
    missing = [c.name for c in encoded if c.name not in frame.columns]
    if missing:
        raise DataError(f"missing column(s) the synthesizer was fit with: {', '.join(missing)}")
    for column in encoded:
        if not column.nominal:
            _check_finite(frame[column.name])
    return pd.DataFrame({c.name: c.typed(frame[c.name]) for c in encoded}, index=frame.index)


def _check_finite(values: pd.Series) -> None:
    numbers = values.to_numpy(dtype="float64", na_value=np.nan)
    infinite = np.flatnonzero(np.isinf(numbers))
    if infinite.size:
        first = infinite[0]
        raise DataError(
            f"column {values.name!r}, row {values.index[first]!r}: {numbers[first]} is not a "
            f"finite number ({infinite.size} such row(s); use NaN for a missing value)"
        )


def restored_frame(
    schema: Sequence[ColumnSchema], decoded: pd.DataFrame, seed: int = 0
) -> pd.DataFrame:
    """Decoded rows in the input's dtypes and category values, with fresh identifiers (distinct
    on every row, the same for the same ``seed``)."""
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            c.name: (
                c.restored(decoded[c.name])
                if c.identifier is None
                else pd.Series(
                    c.identifier.generate(len(decoded), rng), index=decoded.index, dtype=c.dtype
                )
            )
            for c in schema
        },
        index=decoded.index,
    )


def checked_conditions(
    schema: Sequence[ColumnSchema], conditions: Mapping[str, Any]
) -> dict[str, str]:
    """``conditions`` as the encoder's category texts; a DataError names a bad one."""
    by_name = {c.name: c for c in schema}
    wanted = {}
    for name, value in conditions.items():
        if name not in by_name:
            raise DataError(
                f"conditions: no column {name!r}; columns: {', '.join(map(str, by_name))}"
            )
        column = by_name[name]
        if column.identifier is not None:
            raise DataError(f"conditions: column {name!r} is an identifier; it cannot be fixed")
        if not column.nominal:
            raise DataError(
                f"conditions: column {name!r} is numeric; only nominal ones can be fixed"
            )
        if str(value) not in column.texts:
            shown = ", ".join(repr(v) for v in column.categories[:10])
            raise DataError(f"conditions: {name}={value!r} is not a category of {name!r} ({shown})")
        wanted[name] = str(value)
    return wanted
