"""Exact relations between columns: "every row with ``when`` has ``then``", where each side is
an *event*, a nominal column's category or a numeric column's point mass (Bank: every row with
``pdays`` = -1 has ``poutcome`` = unknown; ``previous`` = 0 if and only if ``pdays`` = -1).

``find_relations`` finds those that hold on every row of a table (each with at least
``MIN_SUPPORT`` rows behind it, so a few rows agreeing by chance do not count). The encoder keeps
the ones found on the rows it is fitted on, and ``keep_relations`` makes decoded rows keep them by
construction: a row that has ``when`` but not ``then`` is given ``then``, until no relation is
broken. A detector needs only one broken rule to tell a synthetic row, and the analysis counts
the rows that break one (``broken_share``).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, MutableMapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ganexp.tabular.encoding.quantiles import point_masses

MIN_SUPPORT = 50  # rows with an event before a relation from it counts


@dataclass(frozen=True)
class Event:
    """A column taking one value: a nominal column's category (text) or a numeric one's point
    mass (a number)."""

    column: str
    value: str | float

    @property
    def nominal(self) -> bool:
        return isinstance(self.value, str)

    def holds(self, values: Any) -> np.ndarray:
        """Where ``values`` (a column: Categorical, Series or array) take this event's value."""
        if self.nominal:
            text = pd.Series(np.asarray(values, dtype=object)).map(str, na_action="ignore")
            return (text == self.value).to_numpy()
        return np.asarray(values, dtype="float64") == float(self.value)

    def impose(self, values: Any, where: np.ndarray) -> Any:
        """``values`` with this event's value ``where`` True (a new column, same type)."""
        if isinstance(values, pd.Categorical):
            codes = np.asarray(values.codes).copy()
            codes[where] = list(values.categories).index(self.value)
            return pd.Categorical.from_codes(codes, categories=values.categories)
        array = np.asarray(values).copy()
        array[where] = self.value
        return array

    def to_dict(self) -> dict[str, Any]:
        return {"column": self.column, "value": self.value}

    def __str__(self) -> str:
        shown = self.value if self.nominal else f"{float(self.value):g}"
        return f"{self.column} = {shown}"


@dataclass(frozen=True)
class Relation:
    """Every row with ``when`` has ``then``."""

    when: Event
    then: Event

    def broken(self, frame: Mapping[str, Any]) -> np.ndarray:
        """Rows of ``frame`` (a DataFrame or decoded columns by name) that break it."""
        return self.when.holds(frame[self.when.column]) & ~self.then.holds(frame[self.then.column])

    def to_dict(self) -> dict[str, Any]:
        return {"if": self.when.to_dict(), "then": self.then.to_dict()}

    @classmethod
    def from_dict(cls, state: Mapping[str, Any]) -> Relation:
        return cls(Event(**state["if"]), Event(**state["then"]))

    def __str__(self) -> str:
        return f"{self.when} => {self.then}"


def events(frame: pd.DataFrame, point_mass: float, exclude: Collection[str] = ()) -> list[Event]:
    """Each nominal category and each numeric point mass (a value on more than ``point_mass``
    of the rows) with ``MIN_SUPPORT`` rows or more, column by column."""
    found: list[Event] = []
    for name in frame.columns:
        if name in exclude:
            continue
        values = frame[name]
        if isinstance(values.dtype, pd.CategoricalDtype) or not pd.api.types.is_numeric_dtype(
            values
        ):
            counts = values.dropna().map(str).value_counts()
            found += [Event(name, str(v)) for v, c in counts.items() if c >= MIN_SUPPORT]
            continue
        observed = values.dropna().to_numpy(dtype="float64")
        masses = point_masses(observed, point_mass)
        found += [Event(name, float(m)) for m in masses if (observed == m).sum() >= MIN_SUPPORT]
    return found


def find_relations(
    frame: pd.DataFrame, point_mass: float, exclude: Collection[str] = ()
) -> tuple[Relation, ...]:
    """The relations between events of different columns that hold on every row of ``frame``
    (a ``then`` that holds on every row is no relation), in column order."""
    found = events(frame, point_mass, exclude)
    if not found or frame.empty:
        return ()
    held = np.stack([e.holds(frame[e.column]) for e in found], axis=1).astype("float64")
    together = held.T @ held  # rows with both events
    support = np.diag(together)
    relations = []
    for i, when in enumerate(found):
        for j, then in enumerate(found):
            always = support[j] == len(frame)
            if when.column != then.column and not always and together[i, j] == support[i]:
                relations.append(Relation(when, then))
    return tuple(relations)


def keep_relations(decoded: MutableMapping[str, Any], relations: Sequence[Relation]) -> None:
    """Give every row of ``decoded`` (columns by name) that has a relation's ``when`` its
    ``then``, in turns until none is broken (a change may start another relation). Relations
    that hold together on real rows never ask one row for two values of a column; if generated
    ones do, the last asked stands and a pass limit ends the turns."""
    for _ in range(len(relations) + 1):
        changed = False
        for relation in relations:
            broken = relation.broken(decoded)
            if broken.any():
                column = relation.then.column
                decoded[column] = relation.then.impose(decoded[column], broken)
                changed = True
        if not changed:
            return


def broken_share(frame: pd.DataFrame, relations: Sequence[Relation]) -> float | None:
    """The share of ``frame``'s rows that break at least one of ``relations`` (None: no rows)."""
    if frame.empty:
        return None
    broken = np.zeros(len(frame), dtype=bool)
    for relation in relations:
        broken |= relation.broken(frame)
    return float(broken.mean())
