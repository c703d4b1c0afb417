"""The table spec ``fit`` detects from a DataFrame and its keywords (``discrete_columns``,
``id_columns``, ``joint_columns``): detect, then let the user correct (``TableSpec.update_column``),
as SDV's single-table metadata does."""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import pandas as pd

from ganexp.errors import DataError
from ganexp.tabular.encoding.identifiers import flag_message, flagged_columns
from ganexp.tabular.spec import TableSpec


def _known_columns(data: pd.DataFrame, keyword: str, names: Sequence[str]) -> set[str]:
    unknown = sorted(set(names) - set(data.columns), key=str)
    if unknown:
        raise DataError(f"{keyword}: no such column(s): {', '.join(map(str, unknown))}")
    return set(names)


def detected_spec(
    data: pd.DataFrame,
    discrete_columns: Sequence[str] | None = None,
    id_columns: Sequence[str] | None = None,
    joint_columns: Sequence[Sequence[str]] = (),
) -> TableSpec:
    """The spec ``fit`` detects: ``discrete_columns`` nominal, ``id_columns`` identifiers (or,
    left as None, the text columns that look like one, each with a warning saying how to
    declare it or keep it), the rest by dtype."""
    discrete = _known_columns(data, "discrete_columns", discrete_columns or ())
    if id_columns is not None:
        if isinstance(id_columns, str):
            raise DataError(f"id_columns: expected a list of column names, got {id_columns!r}")
        ids = _known_columns(data, "id_columns", id_columns)
    else:
        flagged = flagged_columns(data, discrete)
        ids = set(flagged)
        for name in flagged:
            warnings.warn(
                f"{flag_message(data[name])}. Pass id_columns=[{name!r}] to say so, or "
                "id_columns=[] to learn it as a category.",
                UserWarning,
                stacklevel=3,
            )
    kinds = dict.fromkeys(discrete - ids, "nominal")
    return TableSpec.detect(data, kinds=kinds, identifiers=ids, joint=joint_columns)
