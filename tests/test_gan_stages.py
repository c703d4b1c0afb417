"""train_gan and check_convergence run as scripts on a toy dataset; bad input gives one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import REPO, TINY_GAN, run, write_params

TINY = {**TINY_GAN, "batch_size": 8, "n_deception_samples": 50, "checkpoint_every": 2}


pytestmark = pytest.mark.slow  # each test runs stage scripts (TensorFlow start-up, training)


def stage(name: str, root: Path, dataset: str = "toy"):
    return run(["python", str(REPO / f"stages/{name}.py"), "--dataset", dataset], cwd=root)


@pytest.fixture
def trained(project: Path) -> Path:
    write_params(project, sections={"gan": TINY})
    for name in ("preprocess", "train_gan"):
        result = stage(name, project)
        assert result.returncode == 0, result.stderr
    return project


def test_train_gan_writes_history_and_checkpoints(trained):
    history = (trained / "metrics/toy/history.tsv").read_text().splitlines()
    assert history[0].split("\t") == [
        "seed",
        "epoch",
        "phase",
        "train_judge_loss",
        "train_generator_loss",
        "discriminator_loss",
        "generator_loss",
        "discriminator_accuracy",
        "discriminator_accuracy_real",
        "deception_rate",
        "quality_column_shapes",
        "quality_detection_auc",
    ]
    rows = [line.split("\t") for line in history[1:]]
    assert [(row[0], row[1]) for row in rows] == [(s, e) for s in "12" for e in "123"]
    # quality figures every quality_every (5) epochs and at the last: only epoch 3 here
    assert [bool(row[-1]) for row in rows] == [False, False, True] * 2
    folder = trained / "data/models/toy/checkpoints"
    assert sorted(p.name for p in folder.iterdir()) == ["seed-1", "seed-2"]
    checkpoints = sorted(p.name for p in (folder / "seed-2").iterdir())
    assert checkpoints == [  # the architectures once; weights every 2nd epoch, and the last
        "discriminator.json",
        "epoch-0002",
        "epoch-0003",
        "generator.json",
        "synthesizer.json",
        "table.json",
    ]
    weights = sorted(p.name for p in (folder / "seed-2/epoch-0003").iterdir())
    assert weights == ["discriminator.weights.h5", "generator.weights.h5"]
    timing = json.loads((trained / "metrics/timing/train_gan-toy.json").read_text())
    assert timing["seconds_per_epoch"] > 0 and timing["seeds_side_by_side"] == 2


def test_check_convergence_selects_a_checkpointed_epoch_per_seed(trained):
    write_params(trained, sections={"gan": TINY, "convergence": {"min_deception_rate": None}})
    result = stage("check_convergence", trained)
    assert result.returncode == 0, result.stderr
    verdict = json.loads((trained / "metrics/toy/convergence_details.json").read_text())
    headline = json.loads((trained / "metrics/toy/convergence.json").read_text())
    assert headline == {
        "converged": verdict["original_converged"],
        "epoch": verdict["selected_epoch_median"],
    }
    assert set(verdict["per_seed"]) == {"1", "2"}
    for seed_run in verdict["per_seed"].values():
        # select: best_quality keeps the best epoch with a quality figure: epoch 3, the only one
        assert seed_run["selection"] == "best_quality" and seed_run["selected_epoch"] == 3
        # one evaluation cannot show a plateau
        assert seed_run["early_stopping"]["converged"] is False
        assert seed_run["early_stopping"]["reason"] == "still improving"
        assert seed_run["original"]["selected_epoch"] in (2, 3)
        assert set(seed_run["original"]["at_selected_epoch"]) == {
            "discriminator_accuracy",
            "discriminator_accuracy_real",
            "deception_rate",
            "discriminator_loss",
            "generator_loss",
        }
    assert verdict["thresholds"]["min_deception_rate"] is None
    for seed in ("seed-1", "seed-2"):
        selected = sorted(p.name for p in (trained / "data/models/toy/selected" / seed).iterdir())
        assert selected == [
            "discriminator.json",
            "discriminator.weights.h5",
            "generator.json",
            "generator.weights.h5",
            "synthesizer.json",
            "table.json",
        ]
    assert (trained / "metrics/toy/convergence.png").read_bytes()[:4] == b"\x89PNG"


def test_no_converged_epoch_is_false_with_a_reason(trained):
    # accuracy on real rows can never exceed 1.0: no epoch converges
    write_params(
        trained, sections={"gan": TINY, "convergence": {"min_discriminator_accuracy": 1.0}}
    )
    assert stage("check_convergence", trained).returncode == 0
    verdict = json.loads((trained / "metrics/toy/convergence_details.json").read_text())
    for seed_run in verdict["per_seed"].values():
        original = seed_run["original"]
        assert original["converged"] is False and original["first_converged_epoch"] is None
        assert original["undefined"] == {"first_converged_epoch": "no epoch met every criterion"}
    assert json.loads((trained / "metrics/toy/convergence.json").read_text())["converged"] == 0


def one_line_error(result) -> str:
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    return lines[0]


def test_check_convergence_before_training(project):
    message = one_line_error(stage("check_convergence", project))
    assert "metrics/toy/history.tsv: not found; run `dvc repro train_gan` first" in message


def test_train_gan_before_preprocess(project):
    message = one_line_error(stage("train_gan", project))
    assert "data/processed/toy/train.npy: not found" in message


@pytest.mark.parametrize(
    ("section", "values", "fragment"),
    [
        ("gan", {"epochs": 0}, "gan.epochs: Input should be greater than or equal to 1"),
        (
            "gan",
            {"generator": {"hidden": [8], "activation": "sigmoidal"}},
            "gan.generator.activation",
        ),
        ("gan", {"generator_lr": -1.0}, "gan.generator_lr: Input should be greater than 0"),
        (
            "convergence",
            {"select": "first"},
            "convergence.select: Input should be 'last', 'most_deceptive' or 'best_quality'",
        ),
        ("convergence", {"min_deception_rate": 1.5}, "convergence.min_deception_rate"),
    ],
)
def test_bad_gan_params_name_the_key(project, section, values, fragment):
    write_params(project, sections={section: values})
    assert fragment in one_line_error(stage("train_gan", project))


def test_a_training_stage_prints_its_own_lines_only(project):
    """Workers import TensorFlow too: its start-up lines must not reach the stage's stderr."""
    write_params(project, sections={"gan": {**TINY, "seeds": [1], "epochs": 1}})
    assert stage("preprocess", project).returncode == 0
    result = stage("train_gan", project)
    assert result.returncode == 0, result.stderr
    for noise in ("oneDNN", "absl::InitializeLog", "cpu_feature_guard", "port.cc"):
        assert noise not in result.stderr
