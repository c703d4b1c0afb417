"""How results travel and how runs scale out, with DVC's own machinery, on a tiny project.

A copy of the repository with one small dataset, tiny settings and the tabular stages is trained
once; then (in this order, each test building on the one before):
- `dvc push` there and `dvc pull` in a teammate's clone give the models and synthetic tables, with
  `dvc status` clean and nothing retrained (the default remote, a directory beside the clones);
- a sweep through the experiment queue with two workers, read back with `dvc exp show`;
- `dvc exp push` / `dvc exp pull` through a bare git remote bring an experiment to another clone;
- a stage killed with SIGKILL loses nothing that `git checkout` + `dvc checkout` or `dvc repro`
  cannot restore, and leaves no temporary files behind.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
import yaml
from conftest import (
    TWO_D_STAGES,
    commit_all,
    copy_repository,
    drop_extras,
    dvc,
    git,
    set_identity,
    tiny_params,
    tool_env,
)

pytestmark = pytest.mark.slow

SMALL = "@relation small\n@attribute x numeric\n@attribute kind {a,b}\n@data\n" + "".join(
    f"{i % 9},{'ab'[i % 2]}\n" for i in range(80)
)
SHARED = (
    "data/models/small/selected/seed-1/generator.weights.h5",
    "data/samples/small/synthetic.csv",
)


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    """A directory holding the trained project (``origin``) and, once pushed, the default DVC
    remote beside it (``ganexp-dvc-storage``, as for any clone of the repository)."""
    base = tmp_path_factory.mktemp("workflows")
    origin = copy_repository(base / "origin")
    (origin / "data/raw/small.arff").write_text(SMALL)
    params = tiny_params(origin)
    params["datasets"] = {"small": {"path": "data/raw/small.arff", "target": "kind", "drop": []}}
    params["black_box"]["datasets"] = ["small"]
    (origin / "params.yaml").write_text(yaml.safe_dump(params, sort_keys=False))
    # the tabular GAN's stages only: the 2-D and black-box ones run end to end in
    # test_pipeline*.py; the extras (the peers, the long run) are not `dvc repro`'s
    drop_extras(origin)
    pipeline = yaml.safe_load((origin / "dvc.yaml").read_text())
    black_box = ("train_black_box", "train_confidence_generator", "analyze_confidence")
    for name in (*TWO_D_STAGES, *black_box):
        del pipeline["stages"][name]
    pipeline["plots"] = [p for p in pipeline["plots"] if "metrics/combined" not in str(p)]
    (origin / "dvc.yaml").write_text(yaml.safe_dump(pipeline, sort_keys=False))
    ok(dvc(origin, "repro"))
    commit_all(origin, "baseline")
    return base


def clone(source: Path | str, destination: Path) -> Path:
    subprocess.run(["git", "clone", "-q", str(source), str(destination)], check=True)
    set_identity(destination)
    return destination


def test_push_then_pull_in_a_second_clone_needs_no_retraining(workspace):
    origin = workspace / "origin"
    ok(dvc(origin, "push"))
    assert (workspace / "ganexp-dvc-storage/files/md5").is_dir()  # the default remote
    teammate = clone(origin, workspace / "teammate")
    assert not (teammate / SHARED[0]).exists()
    ok(dvc(teammate, "pull"))
    for name in SHARED:
        assert (teammate / name).read_bytes() == (origin / name).read_bytes(), name
    assert "up to date" in ok(dvc(teammate, "status"))
    assert "Running stage" not in ok(dvc(teammate, "repro"))


def sweep_finished(root: Path, names: set[str]) -> bool:
    """Every task has left the queue and every experiment's ref is in the repository. A task
    reads `Success` a moment before its worker copies the ref back (DVC issue #8014): with two
    workers, `dvc exp show` right after the queue empties can still miss one of them."""
    status = ok(dvc(root, "queue", "status"))
    if any(word in status for word in ("Queued", "Running")):
        return False
    if "Failed" in status:
        return True
    return names <= set(ok(dvc(root, "exp", "list", "--name-only")).split())


def test_a_queued_sweep_runs_on_two_workers(workspace):
    origin = workspace / "origin"
    rates = {"strict": 0.9, "lenient": 0.05}
    for name, rate in rates.items():
        ok(
            dvc(
                origin,
                "exp",
                "run",
                "--queue",
                "-n",
                name,
                "-S",
                f"convergence.min_deception_rate={rate}",
            )
        )
    ok(dvc(origin, "queue", "start", "-j", "2"))
    deadline = time.monotonic() + 600
    while not sweep_finished(origin, set(rates)):
        assert time.monotonic() < deadline, ok(dvc(origin, "queue", "status"))
        time.sleep(2)
    status = ok(dvc(origin, "queue", "status"))
    dvc(origin, "queue", "stop")
    assert status.count("Success") == 2 and "Failed" not in status, status
    shown = json.loads(ok(dvc(origin, "exp", "show", "--json")))
    experiments = {
        exp["name"]: exp["revs"][0]["data"]
        for baseline in shown
        for exp in (baseline.get("experiments") or [])
    }
    assert set(rates) <= set(experiments)
    for name, rate in rates.items():
        data = experiments[name]
        assert data["params"]["params.yaml"]["data"]["convergence"]["min_deception_rate"] == rate
        headline = data["metrics"]["metrics/small/convergence.json"]["data"]
        assert {"converged", "epoch"} <= set(headline)
    table = ok(dvc(origin, "exp", "show", "--only-changed", "--csv")).splitlines()
    header = table[0].split(",")
    assert "convergence.min_deception_rate" in header
    assert "gan.epochs" not in header  # --only-changed: the params the sweep did not touch
    rows = {line.split(",")[0]: line.split(",") for line in table[1:]}
    column = header.index("convergence.min_deception_rate")
    assert {rows[name][column] for name in rates} == {"0.9", "0.05"}


def test_experiments_travel_through_a_git_remote(workspace):
    origin = workspace / "origin"
    bare = workspace / "shared.git"
    subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(bare)], check=True)
    git(origin, "remote", "add", "origin", str(bare))
    git(origin, "push", "-q", "origin", "main")
    ok(dvc(origin, "exp", "push", "origin", "lenient"))  # the git refs, and its data to the remote
    elsewhere = clone(bare, workspace / "elsewhere")
    assert "lenient" not in ok(dvc(elsewhere, "exp", "list"))
    ok(dvc(elsewhere, "exp", "pull", "origin", "lenient"))
    assert "lenient" in ok(dvc(elsewhere, "exp", "list"))
    ok(dvc(elsewhere, "exp", "apply", "lenient"))
    ok(dvc(elsewhere, "pull"))
    params = yaml.safe_load((elsewhere / "params.yaml").read_text())
    assert params["convergence"]["min_deception_rate"] == 0.05
    assert "up to date" in ok(dvc(elsewhere, "status"))


def kill_mid_training(root: Path) -> None:
    """Start `dvc repro -f train_gan@small` and SIGKILL its whole process group once the first
    epoch's checkpoint is on disk: mid-run, with the outputs half-written."""
    process = subprocess.Popen(
        ["dvc", "repro", "-f", "train_gan@small"],
        cwd=root,
        env=tool_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    models = root / "data/models/small"
    deadline = time.monotonic() + 120
    while not list(models.glob(".checkpoints.partial.*/checkpoints/seed-*/epoch-0001/*.h5")):
        assert process.poll() is None, "the stage ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert partial_files(root), "the kill should leave a half-written output behind"


def partial_files(root: Path) -> list[Path]:
    return [p for p in root.rglob(".*.partial.*") if ".dvc" not in p.parts]


def test_a_killed_stage_loses_nothing(workspace):
    root = workspace / "origin"
    git(root, "checkout", "-q", "-f", "main")
    ok(dvc(root, "checkout", "--force"))
    history = root / "metrics/small/history.tsv"
    committed = history.read_bytes()

    kill_mid_training(root)
    assert not history.exists()  # DVC removes a stage's outputs before running it
    # what the README's troubleshooting says: committed files back from git, the rest from DVC
    git(root, "checkout", "--", "metrics/", "dvc.lock")
    ok(dvc(root, "checkout", "--force"))
    assert history.read_bytes() == committed
    assert "up to date" in ok(dvc(root, "status"))

    kill_mid_training(root)
    ok(dvc(root, "repro"))  # or run again: DVC restores this run from its run cache
    assert history.read_bytes() == committed
    assert "up to date" in ok(dvc(root, "status"))
    # the killed run's temporary siblings are ignored by git and DVC until the stage runs again
    assert partial_files(root)
    assert git(root, "status", "--porcelain", "--untracked-files=all") == ""
    ok(dvc(root, "repro", "-f", "train_gan@small"))
    assert partial_files(root) == []
    assert history.read_bytes() == committed  # same machine, same params: same bytes
