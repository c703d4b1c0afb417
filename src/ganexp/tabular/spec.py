"""What a table is, in one place: its columns (kind, dtype, categories, range, resolution,
whether values may be missing), its identifiers, its derived and joint columns, and its target.

As SDV's single-table metadata: ``TableSpec.detect`` reads a spec off a DataFrame, the user
corrects it (``update_column``, or by hand in its JSON), and ``validate`` checks it with one-line
errors. preprocess writes it (``table.json`` beside the splits), a synthesizer keeps it
(``table.json`` beside its networks) and gives rows back in its dtypes, the analysis reads the
target from it. ``without_values`` is the spec as a data dictionary states it: names, kinds,
categories, ranges and resolutions, and nothing computed from the rows beyond those (no
identifier format, whose keyed hashes come from the values; no derived column, a relation found
in the rows).

The kinds are the params entry's (``tables.kinds``): ``numeric`` (numbers), ``nominal`` (text,
booleans, categories; a ``discrete_columns`` number in the API), ``datetime`` (encoded as
nanoseconds since 1970, given back in the input's resolution and time zone) and ``id`` (never
encoded: fresh values in the column's format, ``encoding.identifiers``).
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, get_args

import numpy as np
import pandas as pd

from ganexp.errors import DataError
from ganexp.tabular.encoding import dates
from ganexp.tabular.encoding.column_spec import ColumnSpec
from ganexp.tabular.encoding.encoder import TabularEncoder
from ganexp.tabular.encoding.relations import Relation
from ganexp.tabular.tables.kinds import ColumnKind, kind_of_dtype

_FORMAT = "ganexp.TableSpec"
_VERSION = 1


@dataclass(frozen=True)
class TableSpec:
    """A table: its columns in order, the ``target`` (a column a model predicts; optional),
    ``joint`` groups (generated as one value over the combinations the rows have), ``derived``
    columns (a column -> the nominal column it is a function of, rebuilt from it) and the
    ``missing`` markers a file writes for a missing value besides an empty cell."""

    columns: tuple[ColumnSpec, ...]
    target: str | None = None
    joint: tuple[tuple[str, ...], ...] = ()
    derived: Mapping[str, str] = field(default_factory=dict)
    missing: tuple[str, ...] = ()
    relations: tuple[Relation, ...] = ()  # exact relations every fitted row keeps

    # -- building ---------------------------------------------------------------------------------
    @classmethod
    def detect(
        cls,
        frame: pd.DataFrame,
        *,
        kinds: Mapping[str, ColumnKind] | None = None,
        identifiers: Collection[str] = (),
        target: str | None = None,
        joint: Sequence[Sequence[str]] = (),
        missing: Sequence[str] = (),
    ) -> TableSpec:
        """The spec of ``frame``: each column's kind from ``kinds`` where given, ``id`` for the
        ``identifiers``, else from its dtype (numbers numeric, date-times datetime, anything
        else nominal); then validated."""
        kinds = dict(kinds or {})
        unknown = [name for name in [*kinds, *identifiers] if name not in frame.columns]
        if unknown:
            raise DataError(f"no such column(s): {', '.join(map(str, unknown))}")
        kinds |= dict.fromkeys(identifiers, "id")
        columns = tuple(
            ColumnSpec.of_series(frame[name], kinds.get(name) or kind_of_dtype(frame[name]))
            for name in frame.columns
        )
        joint = tuple(tuple(group) for group in joint)
        return cls(columns, target, joint, {}, tuple(missing)).validate()

    @classmethod
    def of_encoder(cls, encoder: TabularEncoder, target: str | None = None) -> TableSpec:
        """The columns as a fitted encoder decodes them (categories as text, whole numbers as
        int64), for rows the encoder made where no DataFrame is at hand."""
        return cls(
            tuple(_decoded_columns(encoder)),
            target,
            _joint_of(encoder),
            encoder.derived,
            relations=encoder.relations_,
        )

    def decoded_as(self, encoder: TabularEncoder) -> TableSpec:
        """This spec with the columns ``encoder`` encodes (not the dropped ones) given back as it
        decodes them: categories as text, whole numbers as int64; dates and identifiers as the
        spec has them. With the encoder's derived columns."""
        decoded = {c.name: c for c in _decoded_columns(encoder)}
        columns = tuple(
            c
            if c.kind in ("datetime", "id")
            else replace(
                c,
                kind=decoded[c.name].kind,
                dtype=decoded[c.name].dtype,
                categories=decoded[c.name].categories,
            )
            for c in self.columns
            if c.name in decoded or c.kind == "id"
        )
        return replace(
            self, columns=columns, derived=dict(encoder.derived), relations=encoder.relations_
        ).validate()

    def update_column(self, name: str, **changes: Any) -> TableSpec:
        """The spec with column ``name``'s fields changed (``kind``, ``categories``,
        ``minimum``...), validated: the correction step after ``detect``."""
        self.column(name)
        bad = sorted(set(changes) - set(ColumnSpec.__dataclass_fields__) - {"name"})
        if bad:
            raise DataError(f"update_column: unknown field(s) {', '.join(bad)}")
        if "categories" in changes:
            changes["categories"] = tuple(changes["categories"])
        columns = tuple(replace(c, **changes) if c.name == name else c for c in self.columns)
        return replace(self, columns=columns).validate()

    def without_values(self) -> TableSpec:
        """The spec as a data dictionary states it: no identifier format, no derived columns,
        no relations found in the rows."""
        columns = tuple(replace(c, identifier=None) for c in self.columns)
        return replace(self, columns=columns, derived={}, relations=())

    # -- reading ----------------------------------------------------------------------------------
    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def datetimes(self) -> list[str]:
        """The date-time columns (the encoder decodes them between knots, never to levels)."""
        return [c.name for c in self.columns if c.kind == "datetime"]

    @property
    def holds_values(self) -> bool:
        """Whether anything here was computed from the rows beyond names, kinds, categories,
        ranges and resolutions (an identifier's format, a derived column)."""
        return (
            bool(self.derived)
            or bool(self.relations)
            or any(c.identifier is not None for c in self.columns)
        )

    def column(self, name: str) -> ColumnSpec:
        for column in self.columns:
            if column.name == name:
                return column
        raise DataError(f"no column {name!r} in the table (columns: {', '.join(self.names)})")

    def validate(self) -> TableSpec:
        """``self``, or a DataError naming the first thing wrong."""
        names = self.names
        if len(set(names)) != len(names):
            raise DataError(f"table spec: column {_first_repeat(names)!r} appears twice")
        for c in self.columns:
            _check_column(c)
        kinds = {c.name: c.kind for c in self.columns}
        if self.target is not None and kinds.get(self.target, "id") == "id":
            raise DataError(f"table spec: target {self.target!r} is not a column of the table")
        seen: set[str] = set()
        for group in self.joint:
            if len(group) < 2 or len(set(group)) < len(group):
                raise DataError(f"table spec: joint {list(group)} is not a group of 2+ columns")
            for name in group:
                if kinds.get(name, "id") == "id" or name in seen:
                    raise DataError(
                        f"table spec: joint column {name!r} is not a column, is an identifier "
                        "or is in two groups"
                    )
                seen.add(name)
        for name, source in self.derived.items():
            if name not in kinds or kinds.get(source) != "nominal":
                raise DataError(f"table spec: derived {name!r} needs a nominal source column")
        for relation in self.relations:
            for event in (relation.when, relation.then):
                if kinds.get(event.column) not in ("nominal", "numeric"):
                    raise DataError(
                        f"table spec: relation {relation}: {event.column!r} is not a nominal "
                        "or numeric column"
                    )
        return self

    def typed_frame(self, frame: pd.DataFrame) -> pd.DataFrame:
        """``frame`` as the encoder reads it (no identifiers); a DataError names a missing
        column, or the column and row of an infinite number (a missing one is NaN; an infinity
        has no place on the encoder's scales)."""
        encoded = [c for c in self.columns if c.kind != "id"]
        missing = [c.name for c in encoded if c.name not in frame.columns]
        if missing:
            raise DataError(f"missing column(s) the table spec names: {', '.join(missing)}")
        for column in encoded:
            if column.kind == "numeric":
                _check_finite(frame[column.name])
        return pd.DataFrame({c.name: c.typed(frame[c.name]) for c in encoded}, index=frame.index)

    def restored_frame(self, decoded: pd.DataFrame, seed: int = 0) -> pd.DataFrame:
        """Decoded rows in the spec's dtypes and category values, with fresh identifiers
        (distinct on every row, the same for the same ``seed``)."""
        formatless = [c.name for c in self.columns if c.kind == "id" and c.identifier is None]
        if formatless:
            raise DataError(
                f"identifier column(s) {', '.join(formatless)} have no format to generate values "
                "in (a spec without values); give them one or leave them out"
            )
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
                for c in self.columns
            },
            index=decoded.index,
        )

    def checked_conditions(self, conditions: Mapping[str, Any]) -> dict[str, str]:
        """``conditions`` as the encoder's category texts; a DataError names a bad one."""
        wanted = {}
        for name, value in conditions.items():
            if name not in self.names:
                raise DataError(f"conditions: no column {name!r}; columns: {', '.join(self.names)}")
            column = self.column(name)
            if column.kind == "id":
                raise DataError(f"conditions: column {name!r} is an identifier; it cannot be fixed")
            if not column.nominal:
                raise DataError(
                    f"conditions: column {name!r} is {column.kind}; only nominal ones can be fixed"
                )
            if str(value) not in column.texts:
                shown = ", ".join(repr(v) for v in column.categories[:10])
                raise DataError(
                    f"conditions: {name}={value!r} is not a category of {name!r} ({shown})"
                )
            wanted[name] = str(value)
        return wanted

    # -- saving -----------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {
            "format": _FORMAT,
            "version": _VERSION,
            "target": self.target,
            "joint": [list(group) for group in self.joint],
            "derived": dict(self.derived),
            "missing": list(self.missing),
            "relations": [relation.to_dict() for relation in self.relations],
            "columns": [c.to_dict() for c in self.columns],
        }

    @classmethod
    def from_dict(cls, state: Mapping[str, Any]) -> TableSpec:
        if state.get("format") != _FORMAT or state.get("version") != _VERSION:
            raise DataError(f"not a {_FORMAT} v{_VERSION}")
        return cls(
            tuple(ColumnSpec.from_dict(c) for c in state["columns"]),
            state.get("target"),
            tuple(tuple(g) for g in state.get("joint", ())),
            dict(state.get("derived", {})),
            tuple(state.get("missing", ())),
            tuple(Relation.from_dict(r) for r in state.get("relations", ())),
        ).validate()

    def save(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.to_dict(), indent=1) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> TableSpec:
        """A saved spec; a DataError names the file and what is wrong with it."""
        path = Path(path)
        if not path.is_file():
            raise DataError(f"{path}: not found")
        try:
            return cls.from_dict(json.loads(path.read_text(encoding="utf-8")))
        except json.JSONDecodeError as exc:
            raise DataError(f"{path}:{exc.lineno}: not valid JSON ({exc.msg})") from None
        except (DataError, KeyError, TypeError, ValueError) as exc:
            raise DataError(f"{path}: {exc}") from None


def _check_column(c: ColumnSpec) -> None:
    where = f"table spec: column {c.name!r}"
    if c.kind not in get_args(ColumnKind):
        raise DataError(f"{where}: kind {c.kind!r} is none of {', '.join(get_args(ColumnKind))}")
    if c.nominal and len(set(c.texts)) != len(c.categories):
        raise DataError(f"{where}: two categories print the same")
    if c.kind == "datetime" and c.resolution not in dates.UNITS:
        raise DataError(f"{where}: resolution {c.resolution!r} is none of {', '.join(dates.UNITS)}")
    low, high = c.minimum, c.maximum
    if c.kind == "datetime" and low is not None and high is not None:
        low, high = dates.from_iso(str(low)), dates.from_iso(str(high))
    if low is not None and high is not None and low > high:
        raise DataError(f"{where}: minimum {c.minimum!r} is above maximum {c.maximum!r}")


def _decoded_columns(encoder: TabularEncoder) -> list[ColumnSpec]:
    """The input's columns as a fitted encoder decodes them (a joint column's parts one by one)."""
    found: dict[str, ColumnSpec] = {}
    for column in encoder.columns_:
        parts = getattr(column, "parts", None)
        if parts is not None:  # a joint column
            pieces = list(zip(parts, column.categories, column.integer, strict=True))
        else:
            integer = getattr(column, "integer", False)
            pieces = [(column.name, getattr(column, "categories", ()), integer)]
        for name, categories, integer in pieces:
            if categories:
                found[name] = ColumnSpec(name, "nominal", "category", tuple(categories))
            else:
                found[name] = ColumnSpec(name, "numeric", "int64" if integer else "float64")
    return [found[name] for name in encoder.names_]


def _joint_of(encoder: TabularEncoder) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(parts) for parts in encoder.joint_columns.values())


def _first_repeat(names: list[str]) -> str:
    return next(name for index, name in enumerate(names) if name in names[:index])


def _check_finite(values: pd.Series) -> None:
    numbers = values.to_numpy(dtype="float64", na_value=np.nan)
    infinite = np.flatnonzero(np.isinf(numbers))
    if infinite.size:
        first = infinite[0]
        raise DataError(
            f"column {values.name!r}, row {values.index[first]!r}: {numbers[first]} is not a "
            f"finite number ({infinite.size} such row(s); use NaN for a missing value)"
        )
