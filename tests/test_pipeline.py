"""End to end, the tabular study: `dvc repro` of the tabular and black-box stages in a temporary
copy of the repository, with tiny params.

It checks that the committed preprocessing results are what the pipeline produces (byte for byte),
that the pipeline is clean afterwards, that a CSV and a Parquet table need only a params entry
(tests/data: dates, identifiers, missing markers), that each stage re-runs only for the params it
reads, and that a forced re-run repeats its metrics. The 2-D stages run end to end in
test_pipeline_2d.py, on their own copy (the two run side by side under `make test`)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from conftest import (
    REPO,
    TINY_ANALYSIS,
    TINY_GAN,
    TWO_D_STAGES,
    assert_strict_json,
    commit_all,
    committed,
    copy_repository,
    dvc,
    edit_params,
    keep_stages,
    run,
    stages_run,
    tiny_params,
    tool_env,
)

from ganexp.pipeline.params import load_params
from ganexp.tabular.convergence.verdicts import judge_run

pytestmark = pytest.mark.slow

# two small tables of tests/data (make_tables.py) with a three-class target each: a CSV with an
# identifier, dates, a ZIP code kept as text and `?` for missing; a Parquet file with zone-aware
# timestamps, encoded as the original study did (codes + min-max)
THIRD = {
    "path": "tests/data/customers.csv",
    "target": "plan",
    "columns": {"customer_id": "id", "zip": "nominal"},
    "missing": ["?"],
}
FOURTH = {
    "path": "tests/data/sensors.parquet",
    "target": "status",
    "columns": {"sensor": "id"},
    "nominal_encoding": "codes",
    "numeric_encoding": "minmax",
}


# One table per code path, which keeps the suite under 10 minutes: a large one-hot + quantile
# table with a derived column (adult); "third" and "fourth", added below, are a CSV and a
# Parquet table, the second in the original study's codes + min-max. bank, the *-codes
# tables, labor and zoo run the same code as these.
KEPT = ("adult",)


@pytest.fixture(scope="module")
def repo_copy(tmp_path_factory) -> Path:
    root = copy_repository(tmp_path_factory.mktemp("repo"))
    params = tiny_params(root)
    params["datasets"] = {name: params["datasets"][name] for name in KEPT}
    params["datasets"] |= {"third": THIRD, "fourth": FOURTH}
    (root / "params.yaml").write_text(yaml.safe_dump(params, sort_keys=False))
    stages = yaml.safe_load((root / "dvc.yaml").read_text())["stages"]
    tabular = set(stages) - set(TWO_D_STAGES)  # and the black box's
    keep_stages(root, tabular, "history.tsv")
    # the committed documents and metrics, as a fresh clone holds them, then a local run
    # rewrites metrics/ (issue 37: `make repro`, then `make test`, on another CPU)
    for name in ("README.md", "docs", "metrics"):
        shutil.rmtree(root / name) if (root / name).is_dir() else (root / name).unlink()
    committed(root, "README.md", "docs", "metrics")
    commit_all(root, "as cloned")
    result = dvc(root, "repro")
    assert result.returncode == 0, result.stdout + result.stderr
    REPORT_AFTER_A_LOCAL_RUN.append(report_tests(root))
    commit_all(root, "baseline")
    return root


# the report's tests, run in the copy after its tiny run rewrote metrics/ (set by repo_copy)
REPORT_AFTER_A_LOCAL_RUN: list[subprocess.CompletedProcess[str]] = []


def report_tests(root: Path) -> subprocess.CompletedProcess[str]:
    """tests/test_report.py in ``root``: its HEAD holds the committed documents and metrics, its
    working tree the metrics a local run wrote."""
    env = {k: v for k, v in tool_env().items() if not k.startswith("PYTEST_")}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist"]
    return subprocess.run(
        [*command, "tests/test_report.py"], cwd=root, env=env, capture_output=True, text=True
    )


def test_the_report_tests_hold_on_metrics_a_local_run_rewrote(repo_copy):
    """No test may depend on what a local run wrote to metrics/: the documents are checked
    against git's HEAD, and the tests that build tables from the working tree's files hold for
    any valid figures (here: a tiny run's)."""
    (result,) = REPORT_AFTER_A_LOCAL_RUN
    assert json.loads((repo_copy / "metrics/adult/samples_details.json").read_text())["seeds"] == [
        *TINY_GAN["seeds"]
    ]  # the working tree held the tiny run's figures
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert " passed" in result.stdout and " failed" not in result.stdout


DATASETS = (*KEPT, "third", "fourth")


def test_committed_preprocessing_is_what_the_pipeline_produces_and_headlines_keep_their_keys(
    repo_copy,
):
    """Preprocessing involves no float training, so its figures repeat on any CPU byte for byte;
    trained figures do not (another CPU rounds differently), but every headline file the tiny
    run writes has exactly the keys of the committed one: a renamed or dropped figure fails."""
    committed = [Path(f"metrics/{name}/preprocess.json") for name in KEPT]
    assert all((REPO / name).is_file() for name in committed), "no committed metrics"
    for name in committed:
        assert (repo_copy / name).read_bytes() == (REPO / name).read_bytes(), name
    headlines = [f"metrics/{d}/{f}.json" for d in DATASETS for f in ("convergence", "samples")]
    for name in headlines:
        if (REPO / name).is_file():
            tiny = json.loads((repo_copy / name).read_text())
            assert set(tiny) == set(json.loads((REPO / name).read_text())), name


def test_pipeline_is_up_to_date_after_repro(repo_copy):
    status = dvc(repo_copy, "status")
    assert status.returncode == 0
    assert "up to date" in status.stdout, status.stdout


def test_every_dataset_is_trained_checked_and_analysed_once_per_seed(repo_copy):
    params = load_params(repo_copy / "params.yaml")
    convergence = params.convergence
    for name in DATASETS:
        seeds = params.gan_for(name).seeds
        table = pd.read_csv(repo_copy / f"metrics/{name}/history.tsv", sep="\t")
        assert list(table.columns[:3]) == ["seed", "epoch", "phase"]
        assert list(table["seed"].unique()) == seeds
        assert len(table) == len(seeds) * TINY_GAN["epochs"]
        verdict = json.loads((repo_copy / f"metrics/{name}/convergence_details.json").read_text())
        assert set(verdict["per_seed"]) == {str(seed) for seed in seeds}
        for seed in seeds:
            # the stage's verdicts are the library's on the history it wrote, with the params
            run = table[table["seed"] == seed].reset_index(drop=True)
            expected = judge_run(
                run,
                convergence,
                convergence.select,
                convergence.early_stopping,
                list(run["epoch"]),
            ).dump()
            stage = verdict["per_seed"][str(seed)]
            assert stage["epochs"] == TINY_GAN["epochs"]
            assert stage["selected_epoch"] == expected["selected_epoch"]
            assert stage["early_stopping"] == expected["early_stopping"]
            for key in ("converged", "selected_epoch", "n_converged_epochs"):
                assert stage["original"][key] == expected["original"][key], key
            for figure, value in stage["original"]["at_selected_epoch"].items():
                assert value == pytest.approx(expected["original"]["at_selected_epoch"][figure])
            for model in ("generator", "discriminator"):
                selected = repo_copy / f"data/models/{name}/selected/seed-{seed}"
                assert (selected / f"{model}.weights.h5").is_file()
            refined = repo_copy / f"data/models/{name}/refined/seed-{seed}"
            assert (refined / "refiner/refiner.skops").is_file()  # the models handed out
        assert (repo_copy / f"metrics/{name}/convergence.png").stat().st_size > 10_000
        samples = json.loads((repo_copy / f"metrics/{name}/samples_details.json").read_text())
        headline = json.loads((repo_copy / f"metrics/{name}/samples.json").read_text())
        assert samples["seeds"] == seeds and set(samples["per_seed"]) == set(verdict["per_seed"])
        mean = samples["mean"]["fidelity"]["column_shapes"]
        assert headline["shapes"] == mean
        per_seed = [s["fidelity"]["column_shapes"] for s in samples["per_seed"].values()]
        assert mean == pytest.approx(np.mean(per_seed), abs=1e-6)
        assert headline["shapes_sd"] == pytest.approx(np.std(per_seed, ddof=1), abs=1e-6)
        assert samples["mean"]["deception_experiment"]["n_repeats"] == TINY_ANALYSIS["n_repeats"]
        # the kept rows are the headline; the generator's own are measured beside them
        assert samples["rows"] == "kept" and set(samples["generated"]["per_seed"]) == {
            str(seed) for seed in seeds
        }
        assert samples["mean"]["refiner_deception_experiment"]["n_samples"] > 0
        assert samples["mean"]["fidelity"]["detection_auc_forest"] is not None


def test_the_black_box_generator_trains_from_no_split(repo_copy):
    """Its training stage depends on the black box and the value-free spec, never on a split;
    it trains with the splits gone; the analysis reports every learner and seed."""
    stage = yaml.safe_load((repo_copy / "dvc.yaml").read_text())["stages"]
    deps = stage["train_confidence_generator"]["do"]["deps"]
    assert [d for d in deps if d.startswith("data/")] == ["data/models/${item}/black_box"]
    spec = json.loads((repo_copy / "data/models/adult/black_box/table.json").read_text())
    assert spec["derived"] == {} and all("identifier" not in c for c in spec["columns"])
    written = [
        repo_copy / "data/models/adult/confidence/surrogate/seed-1/rows.csv",
        repo_copy / "metrics/adult/black_box/confidence_history.tsv",
    ]
    before = [path.read_bytes() for path in written]
    processed, away = repo_copy / "data/processed", repo_copy / "processed-away"
    processed.rename(away)
    try:
        result = run(
            [sys.executable, "stages/train_confidence_generator.py", "--dataset", "adult"],
            cwd=repo_copy,
        )
    finally:
        away.rename(processed)
    assert result.returncode == 0, result.stderr
    details = json.loads(
        (repo_copy / "metrics/adult/black_box/confidence_details.json").read_text()
    )
    assert set(details["learners"]) == set(
        load_params(repo_copy / "params.yaml").black_box.learners
    )
    for learn, results in details["learners"].items():
        assert set(results["per_seed"]) == {"1"}
        # the figure is the one the written rows give: |C - Y| over the run's rows
        made = pd.read_csv(repo_copy / f"data/models/adult/confidence/{learn}/seed-1/rows.csv")
        gap = (made["requested_confidence"] - made["black_box_confidence"]).abs().mean()
        assert results["mean"]["control"]["mean_abs_error"] == pytest.approx(gap, abs=1e-5)
        assert results["std"]["control"]["mean_abs_error"] is None  # one seed: no spread
    rows = pd.read_csv(repo_copy / "data/models/adult/confidence/surrogate/seed-1/rows.csv")
    assert len(rows) == 200 and rows["requested_confidence"].between(0, 1).all()
    assert [path.read_bytes() for path in written] == before  # the same rows, the same bytes


def synthetic_table(root: Path, name: str) -> pd.DataFrame:
    """A synthetic.csv read with its dataset's column kinds (``?``: missing, as written)."""
    from ganexp.tabular.tables.reader import read_table

    kinds = load_params(root / "params.yaml").dataset(name).columns
    return read_table(root / f"data/samples/{name}/synthetic.csv", kinds, missing=["?"])


def test_synthetic_csv_reads_like_the_input_and_re_encodes(repo_copy):
    from ganexp.tabular.encoding.encoder import TabularEncoder
    from ganexp.tabular.tables.arff import read_arff

    synthetic = synthetic_table(repo_copy, "adult")
    real = read_arff(repo_copy / "data/raw/adult.arff").drop(columns=["fnlwgt"])
    assert list(synthetic.columns) == list(real.columns)
    assert len(synthetic) == TINY_ANALYSIS["n_synthetic"]
    for column in real.columns:
        if isinstance(real[column].dtype, pd.CategoricalDtype):
            assert set(synthetic[column].dropna()) <= set(real[column].cat.categories)
        else:
            assert synthetic[column].dtype == "int64"  # every numeric column is whole
            assert real[column].min() <= synthetic[column].min()
            assert synthetic[column].max() <= real[column].max()
    encoder_state = (repo_copy / "data/processed/adult/encoder.json").read_text()
    encoder = TabularEncoder.from_json(encoder_state)
    assert encoder.transform(synthetic).shape[0] == len(synthetic)


@pytest.mark.parametrize(("name", "entry"), [("third", THIRD), ("fourth", FOURTH)])
def test_csv_and_parquet_tables_come_back_with_dates_and_fresh_identifiers(repo_copy, name, entry):
    from ganexp.tabular.tables.reader import read_table

    real = read_table(repo_copy / entry["path"], entry["columns"], entry.get("missing", ()))
    synthetic = synthetic_table(repo_copy, name)
    assert list(synthetic.columns) == list(real.columns)
    assert len(synthetic) == TINY_ANALYSIS["n_synthetic"]
    (identifier,) = [c for c, kind in entry["columns"].items() if kind == "id"]
    assert (
        synthetic[identifier].is_unique and not synthetic[identifier].isin(real[identifier]).any()
    )
    prefix = real[identifier].iloc[0].rstrip("0123456789")
    assert synthetic[identifier].str.fullmatch(rf"{prefix}\d+").all()  # the input's format
    (dates,) = [c for c in real.columns if pd.api.types.is_datetime64_any_dtype(real[c])]
    assert (
        real[dates].min() <= synthetic[dates].min() <= synthetic[dates].max() <= real[dates].max()
    )
    for column in real.columns:
        if real[column].dtype == "str" and column != identifier:  # ZIP codes keep their zeros
            assert set(synthetic[column].dropna()) <= set(real[column].dropna())
    metrics = json.loads((repo_copy / f"metrics/{name}/preprocess.json").read_text())
    assert metrics["columns"]["identifiers"] == 1 and metrics["columns"]["datetimes"] == 1


def test_threshold_change_reruns_only_the_check(repo_copy):
    edit_params(repo_copy, "convergence", "min_deception_rate", 0.05)
    diff = dvc(repo_copy, "params", "diff")
    assert "convergence.min_deception_rate" in diff.stdout and "0.05" in diff.stdout
    result = dvc(repo_copy, "repro")
    assert result.returncode == 0, result.stderr
    ran = stages_run(result.stdout)
    assert {f"check_convergence@{n}" for n in DATASETS} <= ran
    assert not any(stage.startswith(("train_gan", "preprocess")) for stage in ran)


def lock_without_timing(root: Path) -> dict:
    """dvc.lock less the wall-clock files' hashes, the one thing a rerun may change."""
    lock = yaml.safe_load((root / "dvc.lock").read_text())
    for stage in lock["stages"].values():
        stage["outs"] = [out for out in stage.get("outs", []) if "timing" not in out["path"]]
    return lock


def test_forced_rerun_repeats_the_metrics_and_leaves_the_lock_alone(repo_copy):
    """Same params, data and machine: the same checkpoint bytes (so the same hashes in dvc.lock,
    nothing downstream stale) and byte-identical metrics."""
    names = [
        "metrics/third/history.tsv",
        "metrics/third/convergence.json",
        "metrics/third/convergence_details.json",
        "metrics/third/samples.json",
        "metrics/third/samples_details.json",
        "metrics/third/column_shapes.tsv",
    ]
    before = {name: (repo_copy / name).read_bytes() for name in names}
    lock = lock_without_timing(repo_copy)
    stages = ["train_gan@third", "check_convergence@third", "analyze_samples@third"]
    result = dvc(repo_copy, "repro", "-f", "-s", *stages)
    assert result.returncode == 0, result.stderr
    assert stages_run(result.stdout) == set(stages)
    assert {name: (repo_copy / name).read_bytes() for name in names} == before
    assert lock_without_timing(repo_copy) == lock
    assert "up to date" in dvc(repo_copy, "status").stdout


def test_dataset_param_change_reruns_only_that_dataset(repo_copy):
    edit_params(repo_copy, "datasets.third", "drop", ["visits"])
    result = dvc(repo_copy, "repro")
    assert result.returncode == 0, result.stderr
    assert stages_run(result.stdout) == {
        "preprocess@third",
        "train_gan@third",
        "check_convergence@third",
        "refine@third",
        "analyze_samples@third",
    }


def test_broken_input_fails_the_stage_with_one_line(repo_copy):
    table = repo_copy / THIRD["path"]
    lines = table.read_text().splitlines(keepends=True)
    lines[7] = lines[7].replace(",", ",,", 1)  # one value too many on line 8
    table.write_text("".join(lines))
    try:
        result = dvc(repo_copy, "repro", "preprocess@third")
    finally:
        shutil.copy(REPO / THIRD["path"], table)
    assert result.returncode != 0
    assert f"error: {THIRD['path']}:8: row has 9 value(s), expected 8" in result.stderr
    assert "Traceback" not in result.stderr


def test_headline_metrics_fit_a_terminal(repo_copy):
    """`dvc metrics show` answers "converged, at which epoch, how good, how spread" in one
    full-screen terminal width: on the committed metrics of every stage (one table whose columns
    are the union of every file's keys), and the tiny run lists its headline files only."""
    shown = dvc(REPO, "metrics", "show").stdout.splitlines()
    # 240 columns: a full-screen terminal at 1920 pixels
    assert max(len(line) for line in shown) <= 240, "\n".join(shown)
    header = shown[0].split()
    assert {"converged", "epoch", "shapes", "shapes_sd", "tstr", "all_modes", "gap"} <= set(header)
    paths = [line.split()[0] for line in dvc(repo_copy, "metrics", "show").stdout.splitlines()[1:]]
    for name in DATASETS:
        assert f"metrics/{name}/convergence.json" in paths
        assert f"metrics/{name}/samples.json" in paths
    assert not [p for p in paths if "timing" in p or "preprocess" in p or "details" in p]


def test_every_metrics_file_is_strict_json(repo_copy):
    assert_strict_json(repo_copy, at_least=30)
