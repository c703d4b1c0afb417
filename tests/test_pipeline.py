"""End to end: `dvc repro` in a temporary copy of the repository, with tiny GAN params.

It checks that the committed preprocessing results are what the pipeline produces (byte for byte),
that the pipeline is clean afterwards, that a third ARFF dataset needs only a params entry, that
each stage re-runs only for the params it reads, and that a forced re-run repeats its metrics."""

from __future__ import annotations

import json
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
    params["gan"].update(TINY_GAN)
    (root / "params.yaml").write_text(yaml.safe_dump(params, sort_keys=False))
    result = dvc(root, "repro")
    assert result.returncode == 0, result.stdout + result.stderr
    git = ["git", "-c", "user.name=test", "-c", "user.email=test@example.com"]
    subprocess.run([*git, "add", "-A"], cwd=root, check=True, capture_output=True)
    subprocess.run([*git, "commit", "-qm", "baseline"], cwd=root, check=True, capture_output=True)
    return root


TINY_GAN = {
    "epochs": 3,
    "batch_size": 256,
    "latent_dim": 4,
    "generator": {"hidden": [16], "activation": "relu", "dropout": 0.0},
    "discriminator": {"hidden": [16], "activation": "leaky_relu", "dropout": 0.0},
    "n_deception_samples": 100,
}


def edit_params(root: Path, section: str, key: str, value) -> None:
    params = yaml.safe_load((root / "params.yaml").read_text())
    node = params
    for part in section.split("."):
        node = node[part]
    node[key] = value
    (root / "params.yaml").write_text(yaml.safe_dump(params, sort_keys=False))


def stages_run(output: str) -> set[str]:
    return {line.split("'")[1] for line in output.splitlines() if line.startswith("Running stage")}


def test_committed_metrics_are_what_the_pipeline_produces(repo_copy):
    committed = sorted(p.relative_to(REPO) for p in (REPO / "metrics").glob("*/preprocess.json"))
    assert committed, "no committed metrics"
    for name in committed:
        assert (repo_copy / name).read_bytes() == (REPO / name).read_bytes(), name


def test_pipeline_is_up_to_date_after_repro(repo_copy):
    status = dvc(repo_copy, "status")
    assert status.returncode == 0
    assert "up to date" in status.stdout, status.stdout


def test_every_dataset_is_trained_and_checked(repo_copy):
    for name in ("adult", "bank", "third"):
        history = (repo_copy / f"metrics/{name}/history.tsv").read_text().splitlines()
        assert history[0].split("\t")[:2] == ["epoch", "train_d_loss"]
        assert len(history) == 1 + TINY_GAN["epochs"]
        verdict = json.loads((repo_copy / f"metrics/{name}/convergence.json").read_text())
        assert verdict["epochs"] == TINY_GAN["epochs"]
        assert 1 <= verdict["selected_epoch"] <= TINY_GAN["epochs"]
        for model in ("generator", "discriminator"):
            assert (repo_copy / f"data/models/{name}/selected/{model}.keras").is_file()
        assert (repo_copy / f"metrics/{name}/convergence.png").stat().st_size > 10_000


def test_threshold_change_reruns_only_the_check(repo_copy):
    edit_params(repo_copy, "convergence", "min_deception_rate", 0.05)
    diff = dvc(repo_copy, "params", "diff")
    assert "convergence.min_deception_rate" in diff.stdout and "0.05" in diff.stdout
    result = dvc(repo_copy, "repro")
    assert result.returncode == 0, result.stderr
    assert stages_run(result.stdout) == {
        f"check_convergence@{n}" for n in ("adult", "bank", "third")
    }


def test_forced_rerun_repeats_the_metrics(repo_copy):
    names = ["metrics/third/history.tsv", "metrics/third/convergence.json"]
    before = {name: (repo_copy / name).read_bytes() for name in names}
    stages = ["train_gan@third", "check_convergence@third"]
    result = dvc(repo_copy, "repro", "-f", "-s", *stages)
    assert result.returncode == 0, result.stderr
    assert stages_run(result.stdout) == set(stages)
    assert {name: (repo_copy / name).read_bytes() for name in names} == before


def test_dataset_param_change_reruns_only_that_dataset(repo_copy):
    edit_params(repo_copy, "datasets.third", "drop", ["x"])
    result = dvc(repo_copy, "repro")
    assert result.returncode == 0, result.stderr
    assert stages_run(result.stdout) == {
        "preprocess@third",
        "train_gan@third",
        "check_convergence@third",
    }


def test_broken_input_fails_the_stage_with_one_line(repo_copy):
    (repo_copy / "data/raw/third.arff").write_text(THIRD.replace("3,b", "3,c", 1))
    result = dvc(repo_copy, "repro", "preprocess@third")
    assert result.returncode != 0
    assert "error: data/raw/third.arff:8: value 'c' in column 'kind'" in result.stderr
    assert "Traceback" not in result.stderr
