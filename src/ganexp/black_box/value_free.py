"""What the generator knows of a table: its spec without values, and the encoding built from it.

A numeric column is min-max scaled over its stated range (whole numbers stay whole: a snapped
head and rounding when decoded); a nominal one is one-hot over its categories (plus a slot for a
missing value where the spec says values may be missing). Nothing else: no quantile grid, no
median, no category shares, no identifier format, no relation found in the rows.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np
import pandas as pd

from ganexp.errors import DataError
from ganexp.tabular.encoding.column_spec import ColumnSpec
from ganexp.tabular.encoding.columns import NominalColumn, NumericColumn
from ganexp.tabular.encoding.encoder import TabularEncoder
from ganexp.tabular.encoding.layout import Block
from ganexp.tabular.spec import TableSpec


@dataclass(frozen=True)
class ValueFreeTable:
    """A table spec without values, its target left out of the generated columns."""

    spec: TableSpec  # the whole table's, without values (``TableSpec.without_values``)

    def __post_init__(self) -> None:
        for column in self.features:
            _check_column(column)

    @classmethod
    def of(cls, spec: TableSpec) -> ValueFreeTable:
        """The value-free part of ``spec`` (the generator gets nothing else)."""
        return cls(replace(spec.without_values(), joint=()))

    @property
    def target(self) -> str | None:
        return self.spec.target

    @property
    def features(self) -> tuple[ColumnSpec, ...]:
        """The columns the generator makes: every column but the target."""
        return tuple(c for c in self.spec.columns if c.name != self.spec.target)

    @property
    def feature_names(self) -> list[str]:
        return [c.name for c in self.features]

    @cached_property
    def encoder(self) -> TabularEncoder:
        return TabularEncoder.of_columns(
            [_encoded(column) for column in self.features], nominal="onehot", numeric="minmax"
        )

    @property
    def blocks(self) -> list[Block]:
        return self.encoder.layout

    def rows(self, encoded: np.ndarray) -> pd.DataFrame:
        """Encoded rows as a frame of the feature columns, in the spec's dtypes and values."""
        decoded = self.encoder.inverse_transform(encoded)
        for column in self.features:
            step = column.resolution
            if column.kind == "numeric" and isinstance(step, float) and 0 < step < 1:
                decoded[column.name] = np.round(decoded[column.name] / step) * step
        features = replace(self.spec, columns=self.features, target=None)
        return features.restored_frame(decoded)


def _check_column(column: ColumnSpec) -> None:
    if column.kind == "numeric":
        if column.minimum is None or column.maximum is None:
            raise DataError(
                f"column {column.name!r}: a numeric column needs its minimum and maximum in "
                "the table spec (the generator knows the range from nothing else)"
            )
        return
    if column.kind != "nominal":
        raise DataError(
            f"column {column.name!r} is {column.kind}: the black-box generator makes numeric "
            "and nominal columns only; leave it out of the spec"
        )
    if not column.categories:
        raise DataError(f"column {column.name!r}: a nominal column needs its categories")


def _encoded(column: ColumnSpec) -> NumericColumn | NominalColumn:
    if column.nominal:
        return NominalColumn(column.name, tuple(column.texts), column.nullable, encoding="onehot")
    low, high = float(column.minimum), float(column.maximum)
    return NumericColumn(
        column.name,
        low,
        high,
        median=(low + high) / 2,  # only what a missing value is read as; never generated
        integer=column.resolution == 1.0 or column.dtype.startswith(("int", "Int", "uint")),
    )
