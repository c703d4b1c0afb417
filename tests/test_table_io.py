"""Reading CSV, TSV and Parquet tables: kinds inferred and overridden, missing markers, and one
error naming the file, the line or row and the column for every defect."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import REPO

from ganexp.errors import DataError
from ganexp.tabular.tables.reader import read_table

CSV = (
    "id,zip,joined,score,ok,city\n"
    "c001,02139,2024-01-05,1.5,true,Oslo\n"
    "c002,10001,2024-02-07,2,FALSE,\n"
    '"c003",?,2024-03-09,,True,"Bergen, Vestland"\n'
)


@pytest.fixture
def write(tmp_path: Path):
    def write(text: str, name: str = "table.csv") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


def test_csv_kinds_are_inferred_from_the_text(write):
    frame = read_table(write(CSV))
    assert frame.dtypes.astype(str).to_dict() == {
        "id": "str",
        "zip": "str",  # 02139 and ? are not all numbers: text
        "joined": "datetime64[us]",
        "score": "float64",  # an empty cell is missing
        "ok": "bool",
        "city": "str",
    }
    assert frame["ok"].tolist() == [True, False, True]
    assert frame["city"].tolist()[2] == "Bergen, Vestland" and pd.isna(frame["city"][1])
    assert frame["score"].isna().tolist() == [False, False, True]


def test_kinds_and_missing_markers_override_the_inference(write):
    frame = read_table(write(CSV), {"zip": "nominal", "score": "numeric"}, missing=["?"])
    assert frame["zip"].tolist()[:2] == ["02139", "10001"] and pd.isna(frame["zip"][2])
    numbers = read_table(write("n,m\n1,2\n3,4\n"), {"m": "nominal"})
    assert numbers["n"].dtype == "int64" and numbers["m"].tolist() == ["2", "4"]


def test_tsv_and_parquet_read_like_the_csv(write, tmp_path):
    frame = read_table(write(CSV), {"zip": "nominal"}, missing=["?"])
    tsv = read_table(write(CSV.replace(",", "\t").replace("Bergen\t ", "Bergen, "), "t.tsv"))
    assert list(tsv.columns) == list(frame.columns) and tsv["joined"].equals(frame["joined"])
    frame.to_parquet(tmp_path / "t.parquet")
    parquet = read_table(tmp_path / "t.parquet")
    assert parquet.dtypes.astype(str).to_dict() == frame.dtypes.astype(str).to_dict()
    assert parquet["zip"].tolist()[:2] == ["02139", "10001"]  # a Parquet string stays text


def test_the_committed_tables_read_with_their_kinds():
    customers = read_table(REPO / "tests/data/customers.csv", {"zip": "nominal"}, ["?"])
    assert customers["zip"].str.len().eq(5).all() and customers["region"].isna().sum() > 0
    sensors = read_table(REPO / "tests/data/sensors.parquet")
    assert str(sensors["read_at"].dt.tz) == "Europe/Oslo"
    assert isinstance(sensors["status"].dtype, pd.CategoricalDtype)


@pytest.mark.parametrize(
    ("text", "kinds", "message"),
    [
        ("a,b\n1,2\n3,4,5\n", {}, "table.csv:3: row has 3 value(s), expected 2 (a, b)"),
        ("a,b\n1,2\n3,inf\n", {}, "table.csv:3: column 'b' holds inf, not a finite number"),
        ("a,b\n1,nan\n", {}, "table.csv:2: column 'b' holds nan, not a finite number"),
        ("a,b\n1,2\n\n3,x\n", {"b": "numeric"}, "table.csv:4: column 'b' is numeric, found 'x'"),
        ("a,b\n1,2024-01-01\n2,soon\n", {"b": "datetime"}, "table.csv:3: column 'b' is a date"),
        ("a,a\n1,2\n", {}, "table.csv:1: column name(s) a used twice"),
        ("a,\n1,2\n", {}, "table.csv:1: column 2 has no name"),
        ("a,b\n", {}, "table.csv:2: no data rows after the header"),
        ("a,b\n1,2\n", {"c": "id"}, "table.csv: no column(s) 'c' to give a kind (columns: a, b)"),
    ],
)
def test_defects_name_the_file_line_and_column(write, text, kinds, message):
    with pytest.raises(DataError) as caught:
        read_table(write(text), kinds)
    assert message in str(caught.value) and "\n" not in str(caught.value)


def test_file_problems_are_one_line(tmp_path):
    for path, message in [
        (tmp_path / "x.xlsx", "unknown table format '.xlsx' (expected .arff, .csv"),
        (tmp_path / "none.csv", "none.csv: file not found"),
        (tmp_path / "none.parquet", "none.parquet: file not found"),
    ]:
        with pytest.raises(DataError, match=re.escape(message)):
            read_table(path)
    (tmp_path / "bad.parquet").write_text("not parquet")
    with pytest.raises(DataError, match=r"bad\.parquet: not a readable Parquet file"):
        read_table(tmp_path / "bad.parquet")


def test_parquet_infinities_and_odd_types_name_the_row_and_column(tmp_path):
    frame = pd.DataFrame({"x": [1.0, 2.0, -np.inf], "y": [b"a", b"b", b"c"]})
    frame[["x"]].to_parquet(tmp_path / "inf.parquet")
    with pytest.raises(DataError, match=r"inf\.parquet: row 3: column 'x' holds -inf"):
        read_table(tmp_path / "inf.parquet")
    frame[["y"]].to_parquet(tmp_path / "bytes.parquet")
    with pytest.raises(DataError, match=r"bytes\.parquet: column 'y' has type"):
        read_table(tmp_path / "bytes.parquet")
