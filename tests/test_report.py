"""The README's results block is exactly what the committed metrics say.

Both sides are read from git's HEAD, not the working tree: a local `dvc repro` on another CPU
rounds differently and rewrites metrics/, and that must not fail the suite (issue: `make repro`
then `make test` on a new machine)."""

from __future__ import annotations

import json
import subprocess
import tarfile
from io import BytesIO
from pathlib import Path

import pytest
from conftest import REPO

from ganexp.pipeline.report import END, START, results_block


def committed(destination: Path, *paths: str) -> Path:
    """The files git holds at HEAD under ``paths``, extracted into ``destination``."""
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


@pytest.fixture(scope="module")
def head(tmp_path_factory) -> Path:
    return committed(tmp_path_factory.mktemp("head"), "README.md", "metrics")


def test_readme_results_match_the_committed_metrics(head):
    readme = (head / "README.md").read_text(encoding="utf-8")
    block = readme[readme.index(START) : readme.index(END) + len(END)]
    assert block == results_block(head / "metrics"), (
        "README results are stale: run `make readme` and commit README.md with metrics/"
    )


def test_tables_show_each_dataset_and_variant_from_its_own_files(head):
    block = results_block(head / "metrics")
    for name in ("adult", "bank", "adult-codes", "bank-codes", "labor", "zoo"):
        details = json.loads((head / f"metrics/{name}/convergence_details.json").read_text())
        row = f"| {name} | {details['seeds']} | {details['original_converged']} |"
        assert row in block
        samples = json.loads((head / f"metrics/{name}/samples_details.json").read_text())
        for seed, run in details["per_seed"].items():  # the per-seed table, one row each
            shapes = samples["per_seed"][seed]["fidelity"]["column_shapes"]
            assert f"| {name} | {seed} | {run['selected_epoch']} | {shapes:.3f} |" in block
    assert "| adult | 32,561 | 22,792 | 4,884 | 4,885 |" in block
    assert "| bank | 45,211 | 31,647 | 6,782 | 6,782 |" in block
    for benchmark, n_modes in (("ring5", 5), ("ring8", 8), ("grid25", 25)):
        for variant in ("gan", "wgan", "wgan-gp", "combined"):
            assert f"\n| {benchmark} ({n_modes}) | {variant} | " in block
            details = json.loads(
                (head / f"metrics/combined/{benchmark}/{variant}/details.json").read_text()
            )
            assert f"| {details['runs_all_captured']} of {details['runs']} |" in block
        for other in ("gan", "wgan", "wgan-gp"):
            assert f"\n| {benchmark} | {other} | " in block  # the paired comparison
    assert (
        "| ring8 | *published: GAN, PacGAN Table 1 (10 runs)* | | | | 6.3 ± 0.5 | 98.2% |" in block
    )


def test_committed_metrics_are_strict_json(head):
    """`grep -rn NaN metrics/` finds nothing: an undefined figure is null."""
    files = sorted((head / "metrics").rglob("*.json"))
    assert files
    for path in files:
        text = path.read_text()
        for token in ("NaN", "Infinity"):
            assert token not in text, f"{path.relative_to(head)}: {token}"
        json.loads(text)


def test_readme_headline_output_matches_the_committed_headline_files(head):
    """The README shows `dvc metrics show --precision 3`; its figures are the committed ones."""
    readme = (head / "README.md").read_text(encoding="utf-8")
    command = "$ dvc metrics show --precision 3\n"
    block = readme[readme.index(command) + len(command) :].split("```")[0].splitlines()
    header, rows = block[0].split(), [line.split() for line in block[1:]]
    stale = "README's `dvc metrics show` output is stale: paste it again from the committed metrics"
    assert header[0] == "Path"
    declared = {str(p.relative_to(head)) for p in (head / "metrics").glob("*/convergence.json")}
    declared |= {str(p.relative_to(head)) for p in (head / "metrics").glob("*/samples.json")}
    declared |= {
        str(p.relative_to(head))
        for p in (head / "metrics/combined").glob("*/*.json")
        if p.name != "comparison.json"
    }
    assert {row[0] for row in rows} == declared, stale
    for path, *cells in rows:
        figures = json.loads((head / path).read_text())
        for key, cell in zip(header[1:], cells, strict=True):
            value = figures.get(key)
            if value is None:
                assert cell == "-", f"{stale} ({path}: {key})"
            elif isinstance(value, bool):
                assert cell == str(value), f"{stale} ({path}: {key})"
            else:
                assert float(cell) == round(value, 3), f"{stale} ({path}: {key})"


def test_the_original_studys_published_distances_stand_beside_ours(head):
    """0.631 / 0.823 (Adult) and 0.726 / 0.933 (Bank): fooled / not-fooled cosine similarity."""
    rows = results_block(head / "metrics").splitlines()
    adult = [line for line in rows if line.startswith("| adult | onehot+quantile | ")]
    bank = [line for line in rows if line.startswith("| bank | onehot+quantile | ")]
    assert any("| 0.631 / 0.823 |" in line for line in adult)
    assert any("| 0.726 / 0.933 |" in line for line in bank)
