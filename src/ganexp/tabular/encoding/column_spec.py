"""One column of a table spec (``ganexp.tabular.spec``): its kind, the dtype rows are given back
in, its categories, range and resolution, whether values may be missing, an identifier's
format; how the encoder reads its values and how decoded values are given back."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ganexp.tabular.encoding import dates
from ganexp.tabular.encoding.identifiers import IdFormat, format_from_dict, id_format
from ganexp.tabular.encoding.quantiles import decimal_step
from ganexp.tabular.tables.kinds import ColumnKind

_NONE = (None, None)  # the range of a column with no values


@dataclass(frozen=True)
class ColumnSpec:
    """One column. ``minimum`` / ``maximum``: a number (numeric) or ISO 8601 text (datetime);
    ``resolution``: the smallest step of a numeric column (1 for whole numbers, 0.01 for
    cents; None if finer than 10**-6) or a datetime's unit (D, h, min, s, ms, us, ns);
    ``categories``: a nominal column's, in the input's own values (their text must differ)."""

    name: str
    kind: ColumnKind
    dtype: str  # the dtype rows are given back in
    categories: tuple[Any, ...] = ()
    minimum: float | str | None = None
    maximum: float | str | None = None
    resolution: float | str | None = None
    nullable: bool = False
    identifier: IdFormat | None = field(default=None, compare=False)  # an id column's format

    @property
    def nominal(self) -> bool:
        return self.kind == "nominal"

    @property
    def texts(self) -> list[str]:
        """The categories as the encoder holds them."""
        return [str(v) for v in self.categories]

    @classmethod
    def of_series(cls, values: pd.Series, kind: ColumnKind) -> ColumnSpec:
        """The spec of ``values`` taken as a column of ``kind``."""
        name, dtype = str(values.name), str(values.dtype)
        nullable = bool(values.isna().any())
        present = values.dropna()
        if kind == "id":
            return cls(name, kind, dtype, nullable=nullable, identifier=id_format(values))
        if kind == "datetime":
            nanos = dates.nanoseconds(present)
            low, high = (dates.iso(nanos.min()), dates.iso(nanos.max())) if nanos.size else _NONE
            return cls(name, kind, dtype, (), low, high, dates.resolution(values), nullable)
        if kind == "numeric":
            numbers = present.to_numpy(dtype="float64")
            numbers = numbers[np.isfinite(numbers)]  # an infinity is typed_frame's error
            low, high = (float(numbers.min()), float(numbers.max())) if numbers.size else _NONE
            return cls(name, kind, dtype, (), low, high, decimal_step(numbers), nullable)
        if isinstance(values.dtype, pd.CategoricalDtype):
            categories = list(values.dtype.categories)
        else:
            categories = sorted(present.unique().tolist(), key=lambda v: (str(type(v)), v))
        plain = tuple(v.item() if isinstance(v, np.generic) else v for v in categories)
        return cls(name, kind, dtype, plain, nullable=nullable)

    def typed(self, values: pd.Series) -> pd.Series | pd.Categorical:
        """``values`` as the encoder reads them (dates and times: nanoseconds since 1970, UTC)."""
        if self.kind == "datetime":
            return pd.Series(dates.nanoseconds(values), index=values.index, name=values.name)
        if not self.nominal:
            return values
        return pd.Categorical(values.map(str, na_action="ignore"), categories=self.texts)

    def restored(self, values: pd.Series) -> Any:
        """Decoded ``values`` in the column's dtype and category values."""
        if self.kind == "datetime":
            return dates.as_datetimes(values, self.dtype, str(self.resolution))
        if not self.nominal:
            return values.astype(self.dtype)
        back = dict(zip(self.texts, self.categories, strict=True))
        original = values.astype(object).map(back)
        if self.dtype == "category":
            return pd.Categorical(original, categories=list(self.categories))
        return _as_dtype(pd.Series(original, dtype=object), self.dtype)

    def to_dict(self) -> dict[str, Any]:
        state: dict[str, Any] = {"name": self.name, "kind": self.kind, "dtype": self.dtype}
        if self.nominal:
            state["categories"] = list(self.categories)
        for key in ("minimum", "maximum", "resolution"):
            if getattr(self, key) is not None:
                state[key] = getattr(self, key)
        state["nullable"] = self.nullable
        if self.identifier is not None:
            state["identifier"] = self.identifier.to_dict()
        return state

    @classmethod
    def from_dict(cls, state: Mapping[str, Any]) -> ColumnSpec:
        """A column of a saved spec, or of a synthesizer saved before specs (``nominal``,
        ``unit`` and ``identifier`` instead of a kind)."""
        kind = state.get("kind") or (
            "id"
            if "identifier" in state
            else "datetime"
            if state.get("unit")
            else "nominal"
            if state["nominal"]
            else "numeric"
        )
        identifier = state.get("identifier")
        return cls(
            name=state["name"],
            kind=kind,
            dtype=state["dtype"],
            categories=tuple(state.get("categories", ())),
            minimum=state.get("minimum"),
            maximum=state.get("maximum"),
            resolution=state.get("resolution", state.get("unit")),
            nullable=bool(state.get("nullable", False)),
            identifier=format_from_dict(identifier) if identifier else None,
        )


def _as_dtype(values: pd.Series, dtype: str) -> pd.Series:
    """``values`` in ``dtype``, unless missing values would be turned into numbers or True."""
    if values.isna().any() and not (dtype == "object" or "str" in dtype or "float" in dtype):
        return values
    return values.astype(dtype)
