"""The words a dataset's params entry uses for its file and its columns: which table formats
are read (by the file's extension) and which kinds a column can be given; and a column's kind
as its dtype declares it."""

from __future__ import annotations

from typing import Literal

import pandas as pd

ColumnKind = Literal["numeric", "nominal", "datetime", "id"]
FORMATS = (".arff", ".csv", ".tsv", ".parquet")


def kind_of_dtype(values: pd.Series) -> ColumnKind:
    """A column's kind by its dtype alone: numbers numeric, date-times datetime, else nominal
    (text, booleans, categories)."""
    dtype = values.dtype
    if pd.api.types.is_datetime64_any_dtype(dtype):
        return "datetime"
    if pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype):
        return "numeric"
    return "nominal"
