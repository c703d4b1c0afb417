"""Date-time columns as the encoder reads them and back: nanoseconds since 1970 (UTC for a
zone-aware column) as floats, returned in the input's dtype, time zone and resolution (the
coarsest unit every value is a whole number of)."""

from __future__ import annotations

import numpy as np
import pandas as pd

# the resolutions a date-time column may have, coarsest first, in nanoseconds
UNITS = {"D": 86_400 * 10**9, "h": 3_600 * 10**9, "min": 60 * 10**9, "s": 10**9}
UNITS |= {"ms": 10**6, "us": 10**3, "ns": 1}


def _wall_clock(values: pd.Series) -> pd.Series:
    """Date-times as the clock on the wall shows them (a time zone's local time, naive)."""
    stamps = pd.to_datetime(values)
    return stamps.dt.tz_localize(None) if stamps.dt.tz is not None else stamps


def resolution(values: pd.Series) -> str:
    """The coarsest unit that every (wall-clock) value of the column is a whole number of."""
    nanos = _wall_clock(values).dropna().to_numpy(dtype="datetime64[ns]").view("int64")
    return next(unit for unit, size in UNITS.items() if np.all(nanos % size == 0))


def nanoseconds(values: pd.Series) -> np.ndarray:
    """Nanoseconds since 1970 (UTC for a zone-aware column) as floats; NaT is NaN."""
    stamps = pd.to_datetime(values)
    if stamps.dt.tz is not None:
        stamps = stamps.dt.tz_convert("UTC").dt.tz_localize(None)
    nanos = stamps.to_numpy(dtype="datetime64[ns]").view("int64").astype("float64")
    nanos[stamps.isna().to_numpy()] = np.nan
    return nanos


def as_datetimes(values: pd.Series, dtype: str, unit: str) -> pd.Series:
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


def iso(nanos: float) -> str:
    """A timestamp of nanoseconds since 1970 (UTC) as ISO 8601 text, for a table spec's range."""
    return pd.Timestamp(int(nanos), unit="ns").isoformat()


def from_iso(text: str) -> float:
    """``iso``'s inverse: nanoseconds since 1970 (UTC)."""
    stamp = pd.Timestamp(text)
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert("UTC").tz_localize(None)
    return float(stamp.value)
