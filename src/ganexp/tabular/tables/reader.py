"""Read a dataset's table from ARFF, CSV, TSV or Parquet, chosen by the file's extension.

Each column gets a kind: ``numeric``, ``nominal`` (text, booleans, categories), ``datetime``, or
``id`` (an identifier, never learned: ``encoding.identifiers``). ARFF and Parquet declare
their types; a CSV's are inferred from its text: a column of numbers is numeric, ``true``/``false``
is nominal, ISO 8601 dates and times (``2024-03-01``, ``2024-03-01T09:30:00+01:00``) are
datetime, any other text nominal. ``kinds`` overrides any of them per column (a ZIP code as
nominal keeps its leading zeros). A missing value is an empty cell, ARFF's ``?``, a Parquet null,
or one of the ``missing`` markers. A defect is one error naming the file, the line (CSV; an ARFF
file's own defects) or the row (a kind an ARFF or Parquet column cannot take) and the column.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from ganexp.errors import DataError
from ganexp.tabular.tables.arff import read_arff, read_text
from ganexp.tabular.tables.kinds import FORMATS, ColumnKind, kind_of_dtype

_NONFINITE = {"nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"}
_MISSING_HINT = " (leave the cell empty or use a missing marker)"
_ISO_DATE = re.compile(
    r"^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$"
)


def read_table(
    path: str | Path,
    kinds: Mapping[str, ColumnKind] | None = None,
    missing: Sequence[str] = (),
) -> pd.DataFrame:
    """The table at ``path`` with one dtype per column kind: numbers as int64 (a CSV's whole
    numbers with none missing) or float64, nominal columns as text, categories or booleans,
    dates as datetime64; an ``id`` column as the file types it (a CSV's as text)."""
    path = Path(path)
    kinds = dict(kinds or {})
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise DataError(f"{path}: unknown table format '{suffix}' (expected {', '.join(FORMATS)})")
    if suffix == ".arff":
        frame, where = read_arff(path), _row_locator(path)
    elif suffix == ".parquet":
        frame, where = _read_parquet(path), _row_locator(path)
    else:
        frame, where = _read_delimited(path, "\t" if suffix == ".tsv" else ",")
    kind_of = _kind_of_text if suffix in (".csv", ".tsv") else kind_of_dtype  # ARFF, Parquet
    unknown = [name for name in kinds if name not in frame.columns]
    if unknown:
        raise DataError(
            f"{path}: no column(s) {', '.join(map(repr, unknown))} to give a kind "
            f"(columns: {', '.join(map(str, frame.columns))})"
        )
    columns = {}
    for name in frame.columns:
        values = _without_markers(frame[name], missing)
        kind = kinds.get(name) or kind_of(values)
        columns[name] = _as_kind(values, kind, lambda row, n=name: f"{where(row)}: column '{n}'")
    return pd.DataFrame(columns)


def _row_locator(path: Path) -> Callable[[int], str]:
    return lambda row: f"{path}: row {row + 1}"


def _read_parquet(path: Path) -> pd.DataFrame:
    if not path.is_file():
        raise DataError(f"{path}: file not found")
    try:
        frame = pd.read_parquet(path)
    except Exception as exc:  # pyarrow raises its own types for a file that is not Parquet
        raise DataError(f"{path}: not a readable Parquet file ({exc})") from None
    for name in frame.columns:
        dtype = frame[name].dtype
        readable = (
            pd.api.types.is_numeric_dtype(dtype)
            or pd.api.types.is_bool_dtype(dtype)
            or pd.api.types.is_datetime64_any_dtype(dtype)
            or isinstance(dtype, pd.CategoricalDtype)
            or pd.api.types.infer_dtype(frame[name], skipna=True) in ("string", "empty")
        )
        if not readable:
            raise DataError(
                f"{path}: column '{name}' has type {dtype}, expected numbers, text, "
                "booleans, categories or timestamps"
            )
    return frame.reset_index(drop=True)


def _read_delimited(path: Path, delimiter: str) -> tuple[pd.DataFrame, Callable[[int], str]]:
    """Every cell as text (empty: missing), and where each row starts in the file."""
    text = read_text(path, "a table", DataError)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader, None)
        if not header or not any(cell.strip() for cell in header):
            raise DataError(f"{path}:1: no header line, expected the column names")
        names = [cell.strip() for cell in header]
        if "" in names:
            raise DataError(f"{path}:1: column {names.index('') + 1} has no name")
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            raise DataError(f"{path}:1: column name(s) {', '.join(repeated)} used twice")
        rows, lines = [], []
        start = reader.line_num + 1
        for row in reader:
            if row and len(row) != len(names):
                raise DataError(
                    f"{path}:{start}: row has {len(row)} value(s), expected {len(names)} "
                    f"({', '.join(names)})"
                )
            if row:
                rows.append(row)
                lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise DataError(f"{path}:{reader.line_num}: cannot split the row ({exc})") from None
    if not rows:
        raise DataError(f"{path}:{start}: no data rows after the header")
    cells = np.array(rows, dtype=object)
    frame = pd.DataFrame(
        {name: pd.Series(cells[:, i], dtype=object) for i, name in enumerate(names)}
    )
    frame = frame.where(frame.map(lambda cell: cell.strip() != ""))
    return frame, lambda row: f"{path}:{lines[row]}"


def _without_markers(values: pd.Series, missing: Sequence[str]) -> pd.Series:
    if not missing or not _is_text(values):
        return values
    return values.where(~values.isin(list(missing)))


def _is_number(values: pd.Series) -> bool:
    dtype = values.dtype
    return pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype)


def _is_text(values: pd.Series) -> bool:
    return values.dtype == object or pd.api.types.is_string_dtype(values.dtype)


def _kind_of_text(values: pd.Series) -> ColumnKind:
    """A CSV column's kind: what all its values read as."""
    present = values.dropna().astype(str).str.strip()
    if present.empty:
        return "nominal"
    lowered = present.str.lower()
    if (pd.to_numeric(present, errors="coerce").notna() | lowered.isin(_NONFINITE)).all():
        return "numeric"
    if lowered.isin(("true", "false")).all():
        return "nominal"
    if present.str.match(_ISO_DATE).all():
        return "datetime"
    return "nominal"


def _as_kind(values: pd.Series, kind: ColumnKind, where: Callable[[int], str]) -> pd.Series:
    """``values`` in the dtype of ``kind``; ``where(row)`` names a bad value's place."""
    if kind == "numeric":
        return _numbers(values, where)
    if kind == "datetime":
        return _datetimes(values, where)
    if not _is_text(values):
        return _texts_of_numbers(values) if kind == "nominal" and _is_number(values) else values
    present = values.dropna().astype(str).str.strip()
    flags = present.str.lower().isin(("true", "false"))
    if kind == "nominal" and not present.empty and flags.all():
        flags = values.map(lambda cell: cell.strip().lower() == "true", na_action="ignore")
        return flags.astype("boolean" if flags.isna().any() else "bool")
    return values.map(str.strip, na_action="ignore").astype("str")


def _numbers(values: pd.Series, where: Callable[[int], str]) -> pd.Series:
    """Text as numbers (int64 if all whole, none missing); typed numbers as they are."""
    if _is_number(values):
        _check_finite(values, where)
        return values
    texts = values.astype(object).map(lambda cell: str(cell).strip(), na_action="ignore")
    numbers = pd.to_numeric(texts, errors="coerce")
    for row in np.flatnonzero(texts.notna().to_numpy() & numbers.isna().to_numpy()):
        token = texts.iloc[row]
        if token.lower() in _NONFINITE:
            raise DataError(f"{where(row)} holds {token}, not a finite number{_MISSING_HINT}")
        raise DataError(f"{where(row)} is numeric, found {token!r}")
    _check_finite(numbers, where)
    whole = numbers.notna().all() and (numbers % 1 == 0).all() and numbers.abs().max() < 2**53
    return numbers.astype("int64") if whole else numbers.astype("float64")


def _check_finite(values: pd.Series, where: Callable[[int], str]) -> None:
    numbers = values.to_numpy(dtype="float64", na_value=np.nan)
    infinite = np.flatnonzero(np.isinf(numbers))
    if infinite.size:
        row = infinite[0]
        raise DataError(f"{where(row)} holds {numbers[row]}, not a finite number{_MISSING_HINT}")


def _texts_of_numbers(values: pd.Series) -> pd.Series:
    """Numbers as nominal text: a whole number without its ``.0``."""

    def text(number: float) -> str:
        return str(int(number)) if float(number).is_integer() else str(number)

    return values.map(text, na_action="ignore").astype("str")


def _datetimes(values: pd.Series, where: Callable[[int], str]) -> pd.Series:
    """ISO 8601 text as date-times; a column mixing UTC offsets (a summer and a winter time)
    as UTC."""
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        return values
    texts = values.astype(object).map(lambda cell: str(cell).strip(), na_action="ignore")
    try:
        return pd.Series(pd.to_datetime(texts, format="ISO8601"), index=values.index)
    except (ValueError, TypeError):
        pass
    for row, cell in enumerate(texts):
        if isinstance(cell, str) and pd.isna(
            pd.to_datetime(cell, format="ISO8601", errors="coerce")
        ):
            raise DataError(
                f"{where(row)} is a date-time, found {cell!r} (expected ISO 8601 such as "
                "2024-03-01 or 2024-03-01T09:30:00+01:00)"
            )
    return pd.Series(pd.to_datetime(texts, format="ISO8601", utc=True), index=values.index)
