"""Shared fixtures: the repository root, the real datasets, and a writer for small ARFF files."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

# Under `make test` two or more pytest workers share the cores (pytest-xdist): each runs its
# in-process TensorFlow and OpenMP (scikit-learn) on one thread, as a seed's worker process does
# (ganexp.gan.workers), and the stage processes its tests start inherit that. Threads that spin
# waiting for a core another worker holds made the suite slower side by side than one by one.
if os.environ.get("PYTEST_XDIST_WORKER"):
    for name in ("OMP_NUM_THREADS", "TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS"):
        os.environ[name] = "1"

import pandas as pd
import pytest
import yaml

from ganexp.tabular.tables.arff import read_arff

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


# The end-to-end modules, longest first: `make test` runs modules side by side (pytest-xdist,
# --dist loadfile, in collection order), and the suite ends soonest when these start first.
END_TO_END = ("test_pipeline.py", "test_pipeline_2d.py", "test_dvc_workflows.py")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        name = item.path.name
        return END_TO_END.index(name) if name in END_TO_END else len(END_TO_END)

    items.sort(key=rank)


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


def run(
    cmd: list[str], cwd: Path, timeout: float | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        cmd, cwd=cwd, env=tool_env(), capture_output=True, text=True, timeout=timeout
    )


def dvc(root: Path, *args: str, timeout: float | None = None) -> subprocess.CompletedProcess[str]:
    return run(["dvc", *args], cwd=root, timeout=timeout)


def git(root: Path, *args: str) -> str:
    """Run git in ``root``; its stdout (a failure raises with git's message)."""
    result = run(["git", *args], cwd=root)
    assert result.returncode == 0, f"git {' '.join(args)}: {result.stderr}"
    return result.stdout


def commit_all(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-qm", message)


def copy_repository(destination: Path) -> Path:
    """The files git tracks plus untracked, non-ignored ones (what a fresh clone would hold, with
    the working tree's edits) in a new git repository with a committer identity."""
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
    git(destination, "init", "-q", "-b", "main")
    set_identity(destination)
    return destination


def committed(destination: Path, *paths: str) -> Path:
    """The files git holds at HEAD under ``paths``, extracted into ``destination`` (the test
    skips outside a git checkout with a commit)."""
    import tarfile
    from io import BytesIO

    archive = subprocess.run(
        ["git", "archive", "--format=tar", "HEAD", *paths],
        cwd=REPO,
        capture_output=True,
        check=False,
    )
    if archive.returncode != 0:
        pytest.skip(f"not a git checkout with a commit: {archive.stderr.decode().strip()}")
    with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
        tar.extractall(destination, filter="data")
    return destination


def set_identity(root: Path) -> None:
    git(root, "config", "user.name", "test")
    git(root, "config", "user.email", "test@example.com")


# Tiny settings for end-to-end runs: every stage runs for real, in seconds.
TINY_GAN = {
    "seeds": [1, 2],
    "epochs": 3,
    "batch_size": 256,
    "latent_dim": 4,
    "generator": {"hidden": [16], "activation": "relu", "dropout": 0.0},
    "discriminator": {"hidden": [16], "activation": "leaky_relu", "dropout": 0.0},
    "n_deception_samples": 100,
}
TINY_COMBINED = {
    "seeds": [1, 2],
    "epochs": 6,
    "hidden": [16, 16],
    "learning_rate": 1e-3,
    "warmup_epochs": 1,
    "eval_every": 2,
    "n_eval_points": 200,
    "frame_every": 3,
    "benchmarks": {
        "ring5": {"n_points": 500},
        "ring8": {"n_points": 160, "batch_size": 32, "activation": "tanh"},
        "grid25": {"n_points": 200, "batch_size": 50, "activation": "tanh", "epochs": 4},
    },
    "variants": {
        "gan": {"switch_epoch": 0},
        "wgan": {"switch_epoch": None},
        "combined": {"switch_epoch": 3},
        "wgan-gp": {"switch_epoch": None, "critic": "gradient-penalty"},
    },
}
VARIANTS = ("gan", "wgan", "combined", "wgan-gp")
TINY_GIF = {"dpi": 30, "n_points": 50}
TINY_BLACK_BOX = {
    "datasets": ["adult"],
    "seeds": [1],
    "n_rows": 200,
    "forest": {"n_estimators": 10, "min_samples_leaf": 5, "max_depth": 8},
}
TINY_CONFIDENCE = {
    "epochs": 2,
    "steps_per_epoch": 5,
    "batch_size": 64,
    "latent_dim": 4,
    "generator": {"hidden": [16], "activation": "relu"},
    "judge": {"hidden": [16], "activation": "leaky_relu"},
    "n_control_rows": 100,
}
TINY_ANALYSIS = {"n_repeats": 2, "n_synthetic": 1000, "max_rows": 500, "detection_folds": 2}


def edit_params(root: Path, section: str, key: str, value) -> None:
    """Set ``section.key`` (dotted section) in ``root``'s params.yaml."""
    params = yaml.safe_load((root / "params.yaml").read_text())
    node = params
    for part in section.split("."):
        node = node[part]
    node[key] = value
    (root / "params.yaml").write_text(yaml.safe_dump(params, sort_keys=False))


def stages_run(output: str) -> set[str]:
    """The stages a `dvc repro` ran, from its output."""
    return {line.split("'")[1] for line in output.splitlines() if line.startswith("Running stage")}


# the 2-D study's stage families
TWO_D_STAGES = ("train_combined", "compare_variants", "render_gif")
# the stages `dvc repro` leaves alone (the peers, the long run), in a pipeline file of their own
EXTRAS = Path("extras/dvc.yaml")


def drop_extras(root: Path) -> None:
    """Remove the extras' pipeline from a copy: its stages need an optional extra or an hour,
    and `dvc status` would list them against the copy's tiny params."""
    for name in (EXTRAS, EXTRAS.with_suffix(".lock")):
        (root / name).unlink(missing_ok=True)


def keep_stages(root: Path, names: set[str], plots_under: str) -> None:
    """Cut ``root``'s dvc.yaml to the stage families ``names`` and the plots that draw a file
    whose path holds ``plots_under``, without the extras: an end-to-end copy runs one part of
    the pipeline."""
    drop_extras(root)
    pipeline = yaml.safe_load((root / "dvc.yaml").read_text())
    pipeline["stages"] = {k: v for k, v in pipeline["stages"].items() if k in names}
    pipeline["plots"] = [p for p in pipeline["plots"] if plots_under in str(p)]
    (root / "dvc.yaml").write_text(yaml.safe_dump(pipeline, sort_keys=False))


def refuse(token: str) -> None:
    raise ValueError(f"{token} is not JSON")


def assert_strict_json(root: Path, at_least: int) -> None:
    """Every metrics file under ``root`` parses as strict JSON (no NaN or Infinity)."""
    files = sorted((root / "metrics").rglob("*.json"))
    assert len(files) >= at_least
    for path in files:
        json.loads(path.read_text(), parse_constant=refuse)


def tiny_params(root: Path) -> dict:
    """The repository's params.yaml in ``root`` with every section cut to the tiny settings."""
    params = yaml.safe_load((root / "params.yaml").read_text())
    params["gan"].update(TINY_GAN)
    params["analysis"].update(TINY_ANALYSIS)
    params["combined"].update(TINY_COMBINED)
    params["gif"].update(TINY_GIF)
    params["black_box"].update(TINY_BLACK_BOX)
    params["black_box"]["generator"].update(TINY_CONFIDENCE)
    return params


TOY = (
    "@relation toy\n"
    "@attribute size numeric\n"
    "@attribute colour {red,green,blue}\n"
    "@attribute extra numeric\n"
    "@attribute label {no,yes}\n"
    "@data\n"
    + "".join(
        f"{i},{['red', 'green', 'blue', '?'][i % 4]},{i * 2},{['no', 'yes'][(i // 4) % 2]}\n"
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
    params["black_box"]["datasets"] = ["toy"]
    params["preprocess"] = {"validation_fraction": 0.25, "test_fraction": 0.25, "stratify": True}
    for section, values in (sections or {}).items():
        params[section].update(values)
    (root / "params.yaml").write_text(yaml.safe_dump(params))
