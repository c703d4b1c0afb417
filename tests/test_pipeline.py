"""End to end: `dvc repro` in a temporary copy of the repository.

It checks that the committed results are what the pipeline produces (byte for byte), that the
pipeline is clean afterwards, and that a third ARFF dataset needs only a params entry."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import REPO, run

pytestmark = pytest.mark.slow

THIRD = "@relation third\n@attribute x numeric\n@attribute kind {a,b}\n@data\n" + "".join(
    f"{i % 7},{'ab'[i % 2]}\n" for i in range(60)
)


def copy_repository(destination: Path) -> Path:
    """The files git tracks plus untracked, non-ignored ones: what a fresh clone would hold."""
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\0")
    for name in filter(None, listed):
        source = REPO / name
        if source.is_file():
            target = destination / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    subprocess.run(["git", "init", "-q"], cwd=destination, check=True)
    return destination


def dvc(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return run(["dvc", *args], cwd=root)


@pytest.fixture(scope="module")
def repo_copy(tmp_path_factory) -> Path:
    root = copy_repository(tmp_path_factory.mktemp("repo"))
    (root / "data/raw/third.arff").write_text(THIRD)
    params = yaml.safe_load((root / "params.yaml").read_text())
    params["datasets"]["third"] = {"path": "data/raw/third.arff", "target": "kind", "drop": []}
    (root / "params.yaml").write_text(yaml.safe_dump(params, sort_keys=False))
    result = dvc(root, "repro")
    assert result.returncode == 0, result.stdout + result.stderr
    return root


def test_committed_metrics_are_what_the_pipeline_produces(repo_copy):
    committed = sorted(
        p.relative_to(REPO) for p in (REPO / "metrics").rglob("*.json") if "timing" not in p.parts
    )
    assert committed, "no committed metrics"
    for name in committed:
        assert (repo_copy / name).read_bytes() == (REPO / name).read_bytes(), name


def test_pipeline_is_up_to_date_after_repro(repo_copy):
    status = dvc(repo_copy, "status")
    assert status.returncode == 0
    assert "up to date" in status.stdout, status.stdout


def test_third_dataset_needs_only_params(repo_copy):
    assert (repo_copy / "data/processed/third/train.npy").is_file()
    assert (repo_copy / "metrics/third/preprocess.json").is_file()


def test_param_change_reruns_only_what_reads_it(repo_copy):
    params = yaml.safe_load((repo_copy / "params.yaml").read_text())
    params["datasets"]["third"]["drop"] = ["x"]
    (repo_copy / "params.yaml").write_text(yaml.safe_dump(params, sort_keys=False))
    result = dvc(repo_copy, "repro")
    assert result.returncode == 0, result.stderr
    assert "Running stage 'preprocess@third'" in result.stdout
    assert "Running stage 'preprocess@adult'" not in result.stdout


def test_broken_input_fails_the_stage_with_one_line(repo_copy):
    (repo_copy / "data/raw/third.arff").write_text(THIRD.replace("3,b", "3,c", 1))
    result = dvc(repo_copy, "repro", "preprocess@third")
    assert result.returncode != 0
    assert "error: data/raw/third.arff:8: value 'c' in column 'kind'" in result.stderr
    assert "Traceback" not in result.stderr
