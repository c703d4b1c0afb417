"""Shared fixtures: the repository root, the real datasets, and a writer for small ARFF files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

from ganexp.arff_io import read_arff

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


@pytest.fixture(scope="session")
def adult() -> pd.DataFrame:
    return read_arff(REPO / "data/raw/adult.arff")


@pytest.fixture(scope="session")
def bank() -> pd.DataFrame:
    return read_arff(REPO / "data/raw/bank-full.arff")


@pytest.fixture
def write_arff(tmp_path: Path):
    def write(text: str, name: str = "table.arff", newline: str = "\n") -> Path:
        path = tmp_path / name
        path.write_bytes(text.replace("\n", newline).encode("utf-8"))
        return path

    return write


def tool_env() -> dict[str, str]:
    """The environment stage commands run in: this interpreter's bin first, so `python` and
    `dvc` are the virtualenv's."""
    env = dict(os.environ)
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["PYTHONHASHSEED"] = "0"
    return env


def run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=cwd, env=tool_env(), capture_output=True, text=True)


TOY = (
    "@relation toy\n"
    "@attribute size numeric\n"
    "@attribute colour {red,green,blue}\n"
    "@attribute extra numeric\n"
    "@attribute label {no,yes}\n"
    "@data\n"
    + "".join(
        f"{i},{['red', 'green', 'blue', '?'][i % 4]},{i * 2},{['no', 'yes'][i % 2]}\n"
        for i in range(40)
    )
)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "data/raw").mkdir(parents=True)
    (tmp_path / "data/raw/toy.arff").write_text(TOY)
    write_params(tmp_path)
    return tmp_path


def write_params(root: Path, sections: dict | None = None, **dataset_overrides) -> None:
    """The repository's params with the toy dataset; ``sections`` overrides keys per section."""
    dataset = {
        "path": "data/raw/toy.arff",
        "target": "label",
        "drop": ["extra"],
        "nominal_encoding": "onehot",
        "numeric_encoding": "quantile",
    }
    dataset.update(dataset_overrides)
    params = yaml.safe_load((REPO / "params.yaml").read_text())
    params["seed"] = 0
    params["datasets"] = {"toy": dataset}
    params["preprocess"] = {"validation_fraction": 0.25, "test_fraction": 0.25, "stratify": True}
    for section, values in (sections or {}).items():
        params[section].update(values)
    (root / "params.yaml").write_text(yaml.safe_dump(params))
