"""ARFF reading: typed columns on valid files, and a one-line file:line error on broken ones."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ganexp.errors import ArffError
from ganexp.tabular.tables.arff import read_arff

HEADER = "@relation r\n@attribute a numeric\n@attribute b {x,y}\n@data\n"


def test_types_category_order_and_missing(write_arff):
    path = write_arff(
        "% a comment before everything\n"
        "@RELATION 'my table'\n\n"
        "@attribute 'first col' INTEGER\n"
        "@attribute score REAL\n"
        "@attribute colour {red, 'dark blue', 'a,b', 'it\\'s'}\n"
        "@ATTRIBUTE flag {z,y}\n"
        "@DATA\n"
        "% a comment among the rows\n"
        "1,2.5,red,y\n"
        "?,-3e2,'dark blue',?\n"
        "\n"
        "3,0,'a,b',z\n"
        "4,1.25,'it\\'s',z\n"
    )
    frame = read_arff(path)
    assert list(frame.columns) == ["first col", "score", "colour", "flag"]
    assert frame["first col"].dtype == np.float64
    assert np.isnan(frame.loc[1, "first col"])
    assert frame["score"].tolist() == [2.5, -300.0, 0.0, 1.25]
    assert list(frame["colour"].cat.categories) == ["red", "dark blue", "a,b", "it's"]
    assert frame["colour"].tolist() == ["red", "dark blue", "a,b", "it's"]
    assert list(frame["flag"].cat.categories) == ["z", "y"]  # declared order, not sorted
    assert pd.isna(frame.loc[1, "flag"])


def test_crlf_line_endings_read_like_lf(write_arff):
    text = HEADER + "1,x\n2,'y'\n"
    lf = read_arff(write_arff(text, "lf.arff"))
    crlf = read_arff(write_arff(text, "crlf.arff", newline="\r\n"))
    pd.testing.assert_frame_equal(lf, crlf)


def test_sparse_rows(write_arff):
    frame = read_arff(write_arff(HEADER + "{0 5, 1 y}\n{1 x}\n"))
    assert frame["a"].tolist() == [5.0, 0.0]
    assert frame["b"].tolist() == ["y", "x"]


def test_real_adult(adult):
    assert adult.shape == (32561, 15)
    assert adult["income"].cat.categories.tolist() == ["<=50K", ">50K"]
    missing = adult.isna().sum()
    assert missing[missing > 0].to_dict() == {
        "workclass": 1836,
        "occupation": 1843,
        "native-country": 583,
    }


def test_real_bank(bank):
    assert bank.shape == (45211, 17)
    assert not bank.isna().any().any()
    assert bank["y"].cat.categories.tolist() == ["no", "yes"]
    assert (bank["pdays"] == -1).sum() > 0


BROKEN = {
    "empty file": ("", 1, "empty file"),
    "no @data": ("@relation r\n@attribute a numeric\n", 2, "without an '@data' line"),
    "no @relation": ("@attribute a numeric\n@data\n1\n", 1, "expected '@relation <name>' first"),
    "@relation without name": ("@relation\n@attribute a numeric\n@data\n1\n", 1, "needs a name"),
    "no attributes": ("@relation r\n@data\n1\n", 2, "before any '@attribute'"),
    "stray header line": (
        "@relation r\n@attribute a numeric\nhello\n@data\n1\n",
        3,
        "unexpected line 'hello' in the header",
    ),
    "too many values": (HEADER + "1,x\n1,x,3\n", 6, "row has 3 values, expected 2 (a, b)"),
    "too few values": (HEADER + "1\n", 5, "row has 1 value, expected 2 (a, b)"),
    "unknown category": (
        HEADER + "1,x\n2,z\n",
        6,
        "value 'z' in column 'b' is not one of its categories {x, y}",
    ),
    "text in numeric": (HEADER + "abc,x\n", 5, "column 'a' is numeric, found 'abc'"),
    "infinity in numeric": (
        HEADER + "1,x\n% a comment\n\n-inf,y\n",
        8,
        "column 'a' holds -inf, not a finite number (write ? for a missing value)",
    ),
    "nan in numeric": (HEADER + "1,x\nnan,y\n", 6, "column 'a' holds nan, not a finite number"),
    "overflow in sparse row": (HEADER + "{0 1e400, 1 x}\n", 5, "column 'a' holds inf"),
    "string type": (
        "@relation r\n@attribute s string\n@data\n'hi'\n",
        2,
        "attribute 's' has unsupported type 'string'",
    ),
    "date type": (
        "@relation r\n@attribute d date\n@data\n'2020-01-01'\n",
        2,
        "unsupported attribute type 'date'",
    ),
    "duplicate attribute": (
        "@relation r\n@attribute a numeric\n@attribute a numeric\n@data\n1,2\n",
        3,
        "duplicate attribute name in '@attribute a numeric' (first declared on line 2)",
    ),
    "attribute without type": (
        "@relation r\n@attribute a\n@data\n1\n",
        2,
        "expected '@attribute <name> <type>'",
    ),
    "unbalanced quote": (HEADER + "1,'x\n", 5, "unbalanced quote"),
    "empty @data": (
        HEADER + "% no rows yet\n\n",
        4,
        "no data rows after '@data': the table has no",
    ),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_file_names_file_and_line(write_arff, case):
    text, line, fragment = BROKEN[case]
    path = write_arff(text)
    with pytest.raises(ArffError) as caught:
        read_arff(path)
    message = str(caught.value)
    assert message.startswith(f"{path}:{line}: "), message
    assert fragment in message
    assert "\n" not in message


def test_missing_file(tmp_path):
    path = tmp_path / "nope.arff"
    with pytest.raises(ArffError, match=r"nope\.arff: file not found$"):
        read_arff(path)


def test_binary_file_names_line(tmp_path):
    path = tmp_path / "binary.arff"
    path.write_bytes(b"@relation r\n@attribute a numeric\n@data\n\xff\xfe\n")
    with pytest.raises(ArffError, match=r"binary\.arff:4: not UTF-8 text"):
        read_arff(path)
