"""Shared fixtures: the repository root, the real datasets, and a writer for small ARFF files."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

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
