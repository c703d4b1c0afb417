"""The preprocess stage script: outputs on good input; one line, exit 1, nothing written on bad."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from conftest import REPO, TOY, run, write_params

from ganexp.tabular.encoding.encoder import TabularEncoder

SCRIPT = str(REPO / "stages/preprocess.py")


def outputs(root: Path) -> list[str]:
    return sorted(
        str(p.relative_to(root))
        for p in root.rglob("*")
        if p.is_file() and "raw" not in p.parts and p.name != "params.yaml"
    )


def test_writes_splits_encoder_and_metrics(project):
    result = run(["python", SCRIPT, "--dataset", "toy"], cwd=project)
    assert result.returncode == 0, result.stderr
    assert outputs(project) == [
        "data/processed/toy/encoder.json",
        "data/processed/toy/table.json",
        "data/processed/toy/test.npy",
        "data/processed/toy/train.npy",
        "data/processed/toy/validation.npy",
        "metrics/timing/preprocess-toy.json",
        "metrics/toy/preprocess.json",
    ]
    splits = {s: np.load(project / f"data/processed/toy/{s}.npy") for s in ("train", "test")}
    assert splits["train"].dtype == np.float32 and splits["train"].shape == (20, 7)
    assert splits["train"].min() >= 0.0 and splits["train"].max() <= 1.0
    encoder = TabularEncoder.from_json((project / "data/processed/toy/encoder.json").read_text())
    assert encoder.feature_names_out == [
        "size",
        "colour=red",
        "colour=green",
        "colour=blue",
        "colour=?",
        "label=no",
        "label=yes",
    ]
    labels = encoder.inverse_transform(splits["test"])["label"]
    assert labels.value_counts().to_dict() == {"no": 5, "yes": 5}  # stratified
    metrics = json.loads((project / "metrics/toy/preprocess.json").read_text())
    assert metrics["rows"] == {"total": 40, "train": 20, "validation": 10, "test": 10}
    assert metrics["missing_values"] == {"total": 10, "by_column": {"colour": 10}}
    assert metrics["columns"] == {
        "encoded": 3,
        "features": 7,
        "nominal": 2,
        "numeric": 1,
        "derived": 0,
        "joint": 0,
        "discrete": 0,
        "dropped": 1,
        "identifiers": 0,
        "datetimes": 0,
    }
    assert metrics["derived_from"] == {} and metrics["joint_combinations"] == {}


def test_joint_columns_are_encoded_as_one_and_counted(project):
    write_params(project, joint_columns=[["label", "size"]])
    result = run(["python", SCRIPT, "--dataset", "toy"], cwd=project)
    assert result.returncode == 0, result.stderr
    assert "label+size joint (40 combinations)" in result.stdout
    metrics = json.loads((project / "metrics/toy/preprocess.json").read_text())
    assert metrics["columns"]["joint"] == 1 and metrics["columns"]["features"] == 5
    assert metrics["joint_combinations"] == {"label+size": 40}


def test_a_column_that_is_a_function_of_a_nominal_one_is_derived_unless_switched_off(project):
    # extra = 2 x the colour's position: a function of colour, 10 rows per colour (? included)
    shade = {"red": 0, "green": 2, "blue": 4, "?": 6}
    rows = TOY[TOY.index("@data\n") + 6 :].splitlines()
    table = [r.split(",") for r in rows]
    text = TOY[: TOY.index("@data\n") + 6] + "".join(
        f"{size},{colour},{shade[colour]},{label}\n" for size, colour, _, label in table
    )
    (project / "data/raw/toy.arff").write_text(text)
    for derive, features in ((True, 7), (False, 8)):
        write_params(project, drop=[], derive_columns=derive, point_mass=None)  # no flags
        result = run(["python", SCRIPT, "--dataset", "toy"], cwd=project)
        assert result.returncode == 0, result.stderr
        assert ("extra derived from colour" in result.stdout) is derive
        metrics = json.loads((project / "metrics/toy/preprocess.json").read_text())
        assert metrics["columns"]["features"] == features
        assert metrics["derived_from"] == ({"extra": "colour"} if derive else {})
        train = np.load(project / "data/processed/toy/train.npy")
        encoder = TabularEncoder.from_json(
            (project / "data/processed/toy/encoder.json").read_text()
        )
        decoded = encoder.inverse_transform(train)
        expected = decoded["colour"].astype(object).fillna("?").map(shade)
        assert (decoded["extra"] == expected).all()


def test_same_params_give_identical_outputs(project, tmp_path_factory):
    other = tmp_path_factory.mktemp("again")
    (other / "data/raw").mkdir(parents=True)
    (other / "data/raw/toy.arff").write_text(TOY)
    write_params(other)
    for root in (project, other):
        assert run(["python", SCRIPT, "--dataset", "toy"], cwd=root).returncode == 0
    for name in ("metrics/toy/preprocess.json", "data/processed/toy/train.npy"):
        assert (project / name).read_bytes() == (other / name).read_bytes()


def fails_cleanly(project: Path, fragment: str) -> None:
    before = {name: (project / name).read_bytes() for name in outputs(project)}
    result = run(["python", SCRIPT, "--dataset", "toy"], cwd=project)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ") and fragment in lines[0], lines[0]
    after = {name: (project / name).read_bytes() for name in outputs(project)}
    assert after == before  # nothing half-written, nothing earlier lost


def test_broken_arff_leaves_no_output(project):
    (project / "data/raw/toy.arff").write_text(TOY.replace("3,?,6,no", "3,purple,6,no"))
    fails_cleanly(project, "data/raw/toy.arff:10: value 'purple' in column 'colour'")
    assert outputs(project) == []


def test_failure_keeps_earlier_outputs(project):
    assert run(["python", SCRIPT, "--dataset", "toy"], cwd=project).returncode == 0
    (project / "data/raw/toy.arff").write_text(TOY.replace("@data", "@dada"))
    fails_cleanly(project, "toy.arff:6: unexpected line '@dada'")


@pytest.mark.parametrize(
    ("override", "fragment"),
    [
        ({"target": "income"}, "datasets.toy.target: column 'income' is not in data/raw/toy.arff"),
        ({"drop": ["fnlwgt"]}, "datasets.toy.drop: column 'fnlwgt' is not in data/raw/toy.arff"),
        ({"target": "size"}, "preprocess.stratify: the target 'size' of toy is numeric"),
        ({"path": "data/raw/missing.arff"}, "data/raw/missing.arff: file not found"),
        ({"colour": 1}, "datasets.toy.colour: unknown key"),
        (
            {"joint_columns": [["size", "hour"]]},
            "datasets.toy.joint_columns: column 'hour' is not in data/raw/toy.arff",
        ),
        ({"joint_columns": [["size"]]}, "joint_columns: ['size'] is not a group of 2+"),
        ({"joint_columns": [["colour", "size"]]}, "'colour' has missing values"),
    ],
)
def test_params_that_do_not_fit_the_data(project, override, fragment):
    write_params(project, **override)
    fails_cleanly(project, fragment)


def test_unknown_dataset(project):
    result = run(["python", SCRIPT, "--dataset", "iris"], cwd=project)
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "error: params.yaml: datasets.iris: no such dataset (declared: toy)"
    )


def test_empty_data_section_names_the_file_and_the_data_line(project):
    assert run(["python", SCRIPT, "--dataset", "toy"], cwd=project).returncode == 0
    header = TOY[: TOY.index("@data") + len("@data\n")]
    (project / "data/raw/toy.arff").write_text(header + "% rows to come\n")
    fails_cleanly(
        project,
        "data/raw/toy.arff:6: no data rows after '@data': the table has no rows",
    )


CSV = "member,joined,size,label\n" + "".join(
    f"m{i:03d},2024-01-{1 + i % 28:02d},{i % 9},{'no' if i % 3 else 'yes'}\n" for i in range(40)
)


def test_a_csv_table_with_an_undeclared_identifier_warns_once_and_writes_it_fresh(project):
    (project / "data/raw/toy.csv").write_text(CSV)
    write_params(project, path="data/raw/toy.csv", drop=[])
    result = run(["python", SCRIPT, "--dataset", "toy"], cwd=project)
    assert result.returncode == 0, result.stderr
    (warning,) = result.stderr.strip().splitlines()
    assert warning.startswith("warning: data/raw/toy.csv: column 'member' has a distinct value")
    assert "datasets.toy.columns as {member: id}, or {member: nominal} to learn it" in warning
    assert "joined dates, member identifiers" in result.stdout
    spec = json.loads((project / "data/processed/toy/table.json").read_text())
    columns = spec["columns"]
    assert [c["name"] for c in columns] == ["member", "joined", "size", "label"]
    assert [c["kind"] for c in columns] == ["id", "datetime", "numeric", "nominal"]
    assert columns[0]["identifier"]["prefix"] == "m" and columns[1]["resolution"] == "D"
    assert spec["target"] == "label"
    write_params(project, path="data/raw/toy.csv", drop=[], columns={"member": "id"})
    declared = run(["python", SCRIPT, "--dataset", "toy"], cwd=project)
    assert declared.returncode == 0 and declared.stderr == ""


@pytest.mark.parametrize(
    ("override", "fragment"),
    [
        (
            {"path": "data/raw/toy.xlsx"},
            "datasets.toy.path: 'data/raw/toy.xlsx' is not a table this reads",
        ),
        ({"columns": {"size": "date"}}, "datasets.toy.columns.size: Input should be 'numeric'"),
        ({"columns": {"label": "id"}}, "the target 'label' cannot be an identifier"),
        ({"columns": {"shade": "id"}}, "toy.arff: no column(s) 'shade' to give a kind"),
        ({"columns": {"colour": "numeric"}}, "toy.arff: row 1: column 'colour' is numeric"),
    ],
)
def test_bad_column_kinds_name_the_key_or_the_row(project, override, fragment):
    write_params(project, **override)
    fails_cleanly(project, fragment)
