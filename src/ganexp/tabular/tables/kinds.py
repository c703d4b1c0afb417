"""The words a dataset's params entry uses for its file and its columns: which table formats
are read (by the file's extension) and which kinds a column can be given."""

from __future__ import annotations

from typing import Literal

ColumnKind = Literal["numeric", "nominal", "datetime", "id"]
FORMATS = (".arff", ".csv", ".tsv", ".parquet")
