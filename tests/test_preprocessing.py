"""The preprocessing of one table from its params entry, without files: splits, counts, errors."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ganexp.errors import ParamsError
from ganexp.pipeline.params import DatasetParams, PreprocessParams
from ganexp.pipeline.preprocessing import preprocess_table

SPLIT = PreprocessParams(validation_fraction=0.25, test_fraction=0.25, stratify=True)


def table() -> pd.DataFrame:
    n = 40
    grade = pd.Categorical(np.tile(["a", "b", "c", "d"], n // 4))
    return pd.DataFrame(
        {
            "size": np.arange(n, dtype="float64"),
            "grade": grade,
            "rank": np.tile([1, 2, 3, 4], n // 4),  # a function of grade
            "label": pd.Categorical(np.repeat(["no", "yes"], n // 2)),
        }
    )


def entry(**changes) -> DatasetParams:
    return DatasetParams(**{"path": "t.arff", "target": "label", **changes})


def test_a_table_is_encoded_split_by_its_target_and_counted():
    done = preprocess_table("t", entry(), SPLIT, 0, table())
    assert {s: done.splits[s].size for s in done.splits} == {
        "train": 20,
        "validation": 10,
        "test": 10,
    }
    labels = table()["label"].to_numpy()
    assert (labels[done.splits["test"]] == "yes").sum() == 5  # stratified
    assert done.metrics["derived_from"] == {"rank": "grade"}
    assert done.metrics["columns"] == {
        "encoded": 3,
        "nominal": 2,
        "numeric": 1,
        "derived": 1,
        "joint": 0,
        "discrete": 0,
        "features": 7,
        "dropped": 0,
        "identifiers": 0,
        "datetimes": 0,
    }
    assert done.encoded.shape == (40, 7)
    assert done.summary("t") == (
        "preprocess@t: 40 rows -> train 20, validation 10, test 10; 4 columns, "
        "rank derived from grade; 0 missing values"
    )
    joint = preprocess_table("t", entry(joint_columns=[["size", "grade"]]), SPLIT, 0, table())
    assert joint.metrics["joint_combinations"] == {"size+grade": 40}
    assert "size+grade joint (40 combinations)" in joint.summary("t")
    discrete = preprocess_table("t", entry(discrete_columns=["size"]), SPLIT, 0, table())
    assert discrete.metrics["columns"]["discrete"] == 1
    assert discrete.metrics["columns"]["features"] == 6 + 40
    assert discrete.summary("t").endswith("size discrete; 0 missing values")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"target": "size"}, "preprocess.stratify: the target 'size' of t is numeric"),
        ({"drop": ["x"]}, "datasets.t.drop: column 'x' is not in t.arff"),
        ({"joint_columns": [["size", "x"]]}, "datasets.t.joint_columns: column 'x' is not in"),
        ({"discrete_columns": ["x"]}, "datasets.t.discrete_columns: column 'x' is not in"),
        ({"discrete_columns": ["grade"]}, "discrete_columns: column 'grade' is nominal already"),
    ],
)
def test_an_entry_that_does_not_fit_the_table_names_its_key(changes, message):
    with pytest.raises(ParamsError, match=message):
        preprocess_table("t", entry(**changes), SPLIT, 0, table())


def test_a_discrete_column_cannot_also_be_joint():
    with pytest.raises(ValueError, match="discrete_columns: 'size' is also in joint_columns"):
        entry(joint_columns=[["size", "grade"]], discrete_columns=["size"])
