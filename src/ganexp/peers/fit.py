"""What every peer's wrapper gives back, whichever library and environment it runs in: the
sampled rows in the training rows' columns and types, the fit's time, and the versions of the
packages the rows were made with."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ganexp.errors import MissingExtraError


@dataclass
class PeerFit:
    rows: pd.DataFrame  # sampled, in the training rows' columns and types
    fit_seconds: float  # fitting only, not sampling
    versions: dict[str, str]  # package: version, as installed where the peer ran


def missing_extra(package: str) -> MissingExtraError:
    return MissingExtraError(
        f"the peers need the optional extra ({package} is not installed): `make peers` "
        "installs it (PyTorch, SDV, arfpy's environment and their pins, see the Makefile)"
    )


def is_categorical(column: pd.Series) -> bool:
    return isinstance(column.dtype, pd.CategoricalDtype)


def as_typed_like(sampled: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    """``sampled`` in ``rows``' column order and types: a category column in the same
    categories (a value outside them missing); a numeric one in the same dtype where no value
    is missing (an integer column's floats rounded to the nearest integer), else float."""
    typed = {}
    for name in rows.columns:
        column, real = sampled[name], rows[name]
        if is_categorical(real):
            categories = real.cat.categories
            typed[name] = pd.Categorical(column.where(column.isin(categories)), categories)
        elif column.notna().all():
            if pd.api.types.is_integer_dtype(real) and pd.api.types.is_float_dtype(column):
                column = column.round()
            typed[name] = column.astype(real.dtype)
        else:
            typed[name] = column.astype("float64")
    return pd.DataFrame(typed, index=pd.RangeIndex(len(sampled)))
