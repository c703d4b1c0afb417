"""The README's results block is exactly what the committed metrics say."""

from __future__ import annotations

from conftest import REPO

from ganexp.report import END, START, results_block


def test_readme_results_match_the_committed_metrics():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme[readme.index(START) : readme.index(END) + len(END)]
    assert block == results_block(REPO / "metrics"), (
        "README results are stale: run `python -m ganexp.report` and commit README.md"
    )


def test_tables_list_every_dataset():
    block = results_block(REPO / "metrics")
    for name in ("adult", "bank"):
        assert f"| {name} | 32,561 |" in block or f"| {name} | 45,211 |" in block
        assert f"| {name} | yes |" in block or f"| {name} | no |" in block
