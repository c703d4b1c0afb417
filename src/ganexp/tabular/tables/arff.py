"""Read Weka ARFF files into typed pandas DataFrames, with errors that name the file and line.

liac-arff does the parsing (quoting, escapes, comments, sparse rows, CRLF). This module adds what
the pipeline needs on top: typed columns (numeric as float, nominal as a Categorical in the declared
order, ``?`` as missing) and an error message a user can act on for every way a file can be broken.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import arff
import pandas as pd

from ganexp.errors import ArffError, GanexpError

_NUMERIC_TYPES = {"NUMERIC", "REAL", "INTEGER"}
_SUPPORTED = "numeric, real, integer or nominal {a,b,...}"
_ATTRIBUTE_LINE = re.compile(r"^\s*@attribute\b", re.IGNORECASE)
_DATA_LINE = re.compile(r"^\s*@data\s*$", re.IGNORECASE)
_TYPE_WORD = re.compile(r"(\S+)\s*$")


def read_arff(path: str | Path) -> pd.DataFrame:
    """Read an ARFF file: numeric columns as float64, nominal ones as ordered-by-declaration
    Categoricals; ``?`` becomes NaN. Raises ArffError naming ``file:line`` on any defect."""
    path = Path(path)
    text = read_text(path, "ARFF")
    lines = text.splitlines()
    if not text.strip():
        raise ArffError(f"{path}:1: empty file, expected '@relation <name>'")
    _check_header(path, lines)
    if not any(_DATA_LINE.match(line) for line in lines):
        raise ArffError(
            f"{path}:{len(lines)}: reached the end of the file without an '@data' line "
            "(expected '@data' after the @attribute declarations)"
        )
    try:
        decoded = arff.loads(text)
    except arff.ArffException as exc:
        raise _explain(path, lines, exc) from None
    except (ValueError, IndexError) as exc:  # liac-arff's own unguarded parsing
        raise ArffError(f"{path}: cannot parse the file ({exc})") from None

    attributes = decoded["attributes"]
    for index, (name, kind) in enumerate(attributes):
        if isinstance(kind, str) and kind.upper() not in _NUMERIC_TYPES:
            line = _attribute_line_numbers(lines)[index]
            raise ArffError(
                f"{path}:{line}: attribute '{name}' has unsupported type '{kind.lower()}' "
                f"(expected {_SUPPORTED})"
            )
    if not decoded["data"]:
        line = _data_line(lines)
        raise ArffError(
            f"{path}:{line}: no data rows after '@data': the table has no rows "
            "(expected one comma-separated row per line)"
        )
    _check_finite(path, lines, decoded["data"], attributes)
    return _to_frame(decoded["data"], attributes)


def _check_finite(path: Path, lines: list[str], rows: list, attributes: list) -> None:
    """A numeric value that is no finite number (``inf``, ``-inf``, ``nan``, ``1e400``) is an
    error naming its line and column: ``?`` is ARFF's missing value, and an infinity has no
    place on a quantile or min-max scale."""
    numeric = {i for i, (_, kind) in enumerate(attributes) if not isinstance(kind, list)}
    for number, row in enumerate(rows):
        values = row.items() if isinstance(row, dict) else enumerate(row)  # sparse rows: dicts
        for index, value in values:
            if index in numeric and isinstance(value, float) and not math.isfinite(value):
                line = _data_line_numbers(lines)[number]
                raise ArffError(
                    f"{path}:{line}: column '{attributes[index][0]}' holds {value}, not a finite "
                    "number (write ? for a missing value)"
                )


def _data_line(lines: list[str]) -> int:
    """The line number of the '@data' line (the caller has checked there is one)."""
    return next(n for n, text in enumerate(lines, start=1) if _DATA_LINE.match(text))


def _data_line_numbers(lines: list[str]) -> list[int]:
    """The line number of each data row: the lines after '@data' that are not blank or %."""
    start = _data_line(lines)
    return [
        n
        for n, text in enumerate(lines[start:], start=start + 1)
        if text.strip() and not text.strip().startswith("%")
    ]


def read_text(path: Path, expected: str, error: type[GanexpError] = ArffError) -> str:
    """A UTF-8 text file (a byte-order mark is skipped); ``error`` names a missing file, a
    directory or the line of a byte that is not UTF-8, and says what was ``expected``."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise error(f"{path}: file not found") from None
    except IsADirectoryError:
        raise error(f"{path}: is a directory, expected {expected}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise error(
            f"{path}:{line}: not UTF-8 text (byte {exc.start}), expected {expected}"
        ) from None


def _check_header(path: Path, lines: list[str]) -> None:
    """Lines before @data: '@relation <name>' first, then '@attribute' lines and % comments.

    liac-arff skips stray header lines silently; a typo there should not go unnoticed."""
    seen_relation = False
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line or line.startswith("%"):
            continue
        if _DATA_LINE.match(line):
            return
        keyword = line.split(maxsplit=1)[0].lower()
        if not seen_relation:
            if keyword != "@relation":
                raise ArffError(
                    f"{path}:{number}: expected '@relation <name>' first, found {line!r}"
                )
            if len(line.split(maxsplit=1)) < 2:
                raise ArffError(f"{path}:{number}: '@relation' needs a name")
            seen_relation = True
        elif keyword != "@attribute":
            raise ArffError(
                f"{path}:{number}: unexpected line {line!r} in the header "
                "(expected '@attribute <name> <type>', '@data' or a % comment)"
            )


def _to_frame(rows: list, attributes: list[tuple[str, object]]) -> pd.DataFrame:
    columns: dict[str, object] = {}
    for index, (name, kind) in enumerate(attributes):
        values = [row[index] for row in rows]
        if isinstance(kind, list):
            columns[name] = pd.Categorical(values, categories=kind)
        else:
            columns[name] = pd.array(values, dtype="float64").to_numpy(na_value=float("nan"))
    return pd.DataFrame(columns)


def _attribute_line_numbers(lines: list[str]) -> list[int]:
    return [n for n, line in enumerate(lines, start=1) if _ATTRIBUTE_LINE.match(line)]


def _explain(path: Path, lines: list[str], exc: arff.ArffException) -> ArffError:
    """Turn a liac-arff exception into one line saying where and what, in the user's terms."""
    line_no = getattr(exc, "line", None) or 1
    text = lines[line_no - 1].strip() if 0 < line_no <= len(lines) else ""
    where = f"{path}:{line_no}"

    if isinstance(exc, arff.BadNumericalValue | arff.BadNominalValue):
        detail = _find_bad_value(lines, line_no)
        if detail:
            return ArffError(f"{where}: {detail}")
    if isinstance(exc, arff.BadDataFormat):
        return ArffError(f"{where}: {_wrong_count(lines, text)}")
    if isinstance(exc, arff.BadNominalValue):
        return ArffError(f"{where}: value not among the column's declared categories: {text!r}")
    if isinstance(exc, arff.BadNumericalValue):
        return ArffError(f"{where}: text in a numeric column: {text!r}")
    if isinstance(exc, arff.BadAttributeType):
        found = _TYPE_WORD.search(text)
        kind = found.group(1).lower() if found else text
        return ArffError(
            f"{where}: unsupported attribute type '{kind}' in {text!r} (expected {_SUPPORTED})"
        )
    if isinstance(exc, arff.BadAttributeName):
        first = re.search(r"in line (\d+)", str(exc))
        earlier = f" (first declared on line {first.group(1)})" if first else ""
        return ArffError(f"{where}: duplicate attribute name in {text!r}{earlier}")
    if isinstance(exc, arff.BadAttributeFormat):
        return ArffError(f"{where}: bad declaration {text!r}, expected '@attribute <name> <type>'")
    if isinstance(exc, arff.BadRelationFormat):
        return ArffError(f"{where}: bad declaration {text!r}, expected '@relation <name>'")
    if isinstance(exc, arff.BadLayout):
        return ArffError(f"{where}: {_layout_problem(lines, line_no, text, str(exc))}")
    return ArffError(f"{where}: {exc}")


def _layout_problem(lines: list[str], line_no: int, text: str, message: str) -> str:
    if "Error parsing" in message:
        return f"cannot split the row into values (unbalanced quote?): {text!r}"
    if _DATA_LINE.match(text) and not _attribute_line_numbers(lines[:line_no]):
        return "'@data' before any '@attribute' declaration"
    if not any(line.strip().lower().startswith("@relation") for line in lines[:line_no]):
        return f"expected '@relation <name>' first, found {text!r}"
    return f"unexpected line {text!r} (expected @attribute, @data, a data row or a % comment)"


def _header_attributes(lines: list[str]) -> list[tuple[str, object]] | None:
    """The declared attributes, parsed from the header alone (None if the header is broken)."""
    for n, line in enumerate(lines):
        if _DATA_LINE.match(line):
            try:
                return arff.loads("\n".join([*lines[:n], "@data", ""]))["attributes"]
            except arff.ArffException:
                return None
    return None


def _split_row(text: str) -> list[str] | None:
    try:
        values = arff._parse_values(text)  # liac-arff's own row splitter, so quoting agrees
    except Exception:
        return None
    return values if isinstance(values, list) else None


def _wrong_count(lines: list[str], text: str) -> str:
    attributes = _header_attributes(lines) or []
    values = _split_row(text)
    expected = len(attributes)
    if values is None or not expected:
        return f"malformed data row {text!r}"
    names = ", ".join(name for name, _ in attributes)
    found = f"{len(values)} value" + ("" if len(values) == 1 else "s")
    return f"row has {found}, expected {expected} ({names})"


def _find_bad_value(lines: list[str], line_no: int) -> str | None:
    attributes = _header_attributes(lines)
    values = _split_row(lines[line_no - 1].strip())
    if attributes is None or values is None or len(values) != len(attributes):
        return None
    for value, (name, kind) in zip(values, attributes, strict=True):
        if value is None:
            continue
        if isinstance(kind, list):
            if value not in kind:
                shown = ", ".join(kind[:8]) + (", ..." if len(kind) > 8 else "")
                return (
                    f"value {value!r} in column '{name}' is not one of its categories {{{shown}}}"
                )
        else:
            try:
                float(value)
            except (TypeError, ValueError):
                return f"column '{name}' is numeric, found {value!r}"
    return None
