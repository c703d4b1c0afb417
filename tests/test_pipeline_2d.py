"""End to end, the 2-D study: `dvc repro` of the train_combined, compare_variants and render_gif
stages in a temporary copy of the repository, with tiny params, on grid25.

It checks that every variant writes its tables, figures and GIFs, that the plots render, that a
forced re-run repeats its metrics, and that bad params are one line. grid25 is the benchmark with
its own keys (batch size, activation, epochs); ring5 and ring8 run the same code on other points,
which the unit tests of `ganexp.gaussians.mixtures` cover. The tabular stages run end to end in
test_pipeline.py, on their own copy (the two run side by side under `make test`)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
import yaml
from conftest import (
    REPO,
    TWO_D_STAGES,
    VARIANTS,
    assert_strict_json,
    commit_all,
    copy_repository,
    dvc,
    edit_params,
    keep_stages,
    tiny_params,
)

pytestmark = pytest.mark.slow

BENCHMARK = "grid25"
EPOCHS = 4  # grid25's own epochs in the tiny params
SWITCH = {"combined": 3, "gan": 0, "wgan": None, "wgan-gp": None}


@pytest.fixture(scope="module")
def repo_2d(tmp_path_factory) -> Path:
    root = copy_repository(tmp_path_factory.mktemp("repo"))
    (root / "params.yaml").write_text(yaml.safe_dump(tiny_params(root), sort_keys=False))
    keep_stages(root, set(TWO_D_STAGES), f"/{BENCHMARK}/")
    pipeline = yaml.safe_load((root / "dvc.yaml").read_text())
    stages = pipeline["stages"]
    stages["train_combined"]["matrix"]["benchmark"] = [BENCHMARK]
    for name in ("compare_variants", "render_gif"):
        stages[name]["foreach"] = [BENCHMARK]
    (root / "dvc.yaml").write_text(yaml.safe_dump(pipeline, sort_keys=False))
    result = dvc(root, "repro")
    assert result.returncode == 0, result.stdout + result.stderr
    commit_all(root, "baseline")
    return root


def test_the_2d_pipeline_is_up_to_date_and_its_headlines_keep_their_keys(repo_2d):
    assert "up to date" in dvc(repo_2d, "status").stdout
    for variant in VARIANTS:
        name = f"metrics/combined/{BENCHMARK}/{variant}.json"
        tiny = json.loads((repo_2d / name).read_text())
        assert set(tiny) == set(json.loads((REPO / name).read_text())), name
    assert_strict_json(repo_2d, at_least=30)


def test_combined_variants_write_metrics_tables_and_gifs(repo_2d):
    from PIL import Image

    for variant, switch in SWITCH.items():
        tables = repo_2d / f"metrics/combined/{BENCHMARK}/{variant}"
        result = json.loads((tables / "details.json").read_text())
        assert (result["switch_epoch"], result["n_modes"]) == (switch, 25)
        assert result["critic"] == ("gradient-penalty" if variant == "wgan-gp" else "clip")
        assert set(result["seeds"]) == {"1", "2"}
        modes = pd.read_csv(tables / "modes.tsv", sep="\t")
        assert list(modes["epoch"]) == list(range(0, EPOCHS + 1, 2))
        for seed, seed_run in result["seeds"].items():
            # the summary is what the per-epoch table says, seed by seed
            captured = modes[f"modes_captured_seed{seed}"]
            assert seed_run["final_modes_captured"] == captured.iloc[-1]
            assert seed_run["final_modes_covered"] == modes[f"modes_covered_seed{seed}"].iloc[-1]
            full = modes.loc[captured == 25, "epoch"]
            expected = int(full.iloc[0]) if len(full) else None
            assert seed_run["first_epoch_all_captured"] == expected
        losses = pd.read_csv(tables / "losses.tsv", sep="\t")
        assert list(losses["epoch"]) == list(range(1, EPOCHS + 1))
        wgan_epochs = EPOCHS if switch is None else min(switch, EPOCHS)
        assert list(losses["phase"]) == ["wgan"] * wgan_epochs + ["gan"] * (EPOCHS - wgan_epochs)
        timing = repo_2d / f"metrics/timing/train_combined-{BENCHMARK}-{variant}.json"
        assert json.loads(timing.read_text())["seconds_per_epoch"] > 0
    comparison = json.loads((repo_2d / f"metrics/combined/{BENCHMARK}/comparison.json").read_text())
    assert comparison["subject"] == "combined"
    assert set(comparison["against"]) == {"gan", "wgan", "wgan-gp"}
    assert comparison["against"]["gan"]["final_modes_captured"]["pairs"] == 2
    for name in ("training.gif", "variants.gif"):
        with Image.open(repo_2d / f"metrics/combined/{BENCHMARK}/{name}") as gif:
            assert gif.format == "GIF"
            assert gif.n_frames == 3  # epochs 0 and 3 (frame_every), and the last, 4


def test_combined_plots_render(repo_2d):
    result = dvc(repo_2d, "plots", "show", "--json")
    assert result.returncode == 0, result.stderr
    for plot in (f"{BENCHMARK}_modes", f"{BENCHMARK}_quality"):
        assert plot in result.stdout


def test_forced_rerun_repeats_the_combined_metrics(repo_2d):
    names = [
        f"metrics/combined/{BENCHMARK}/{v}{suffix}"
        for v in ("combined", "wgan-gp")
        for suffix in (".json", "/details.json", "/losses.tsv", "/modes.tsv")
    ]
    before = {name: (repo_2d / name).read_bytes() for name in names}
    stages = [f"train_combined@{BENCHMARK}-combined", f"train_combined@{BENCHMARK}-wgan-gp"]
    result = dvc(repo_2d, "repro", "-f", "-s", *stages)
    assert result.returncode == 0, result.stderr
    assert {name: (repo_2d / name).read_bytes() for name in names} == before


def test_unknown_gif_variant_and_a_too_small_benchmark_are_one_line(repo_2d):
    edit_params(repo_2d, "gif", "single", "nope")
    result = dvc(repo_2d, "repro", f"render_gif@{BENCHMARK}")
    edit_params(repo_2d, "gif", "single", "combined")
    assert result.returncode != 0
    declared = "declared: combined, gan, wgan, wgan-gp"
    assert f"combined.variants.nope: no such variant ({declared})" in result.stderr
    assert "Traceback" not in result.stderr
    edit_params(repo_2d, f"combined.benchmarks.{BENCHMARK}", "n_points", 20)
    result = dvc(repo_2d, "repro", "-s", f"train_combined@{BENCHMARK}-gan")
    edit_params(repo_2d, f"combined.benchmarks.{BENCHMARK}", "n_points", 200)
    assert result.returncode != 0
    key = f"combined.benchmarks.{BENCHMARK}.n_points"
    assert f"{key}: {BENCHMARK}: n_points (20) is below the number of modes" in result.stderr
    assert "Traceback" not in result.stderr
