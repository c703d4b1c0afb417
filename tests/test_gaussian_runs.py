"""The summary across seeds of the 2-D runs, on constructed mode histories."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from ganexp.gaussians.runs import summarise, wide_table

COLUMNS = [
    "seed",
    "epoch",
    "modes_captured",
    "modes_covered",
    "high_quality_fraction",
    "reverse_kl",
]
MODES = pd.DataFrame(
    [
        (1, 0, 1, 0, 0.0, 0.0), (1, 5, 5, 5, 0.5, 0.1), (1, 10, 5, 4, 0.6, 0.3),  # lost one (5%)
        (2, 0, 1, 1, 0.1, 1.6), (2, 5, 5, 3, 0.3, 0.9), (2, 10, 5, 5, 0.9, 0.0),  # both late
        (3, 0, 0, 0, 0.0, None), (3, 5, 2, 2, 0.2, 0.6), (3, 10, 2, 2, 0.3, 0.5),  # never
    ],
    columns=COLUMNS,
)  # fmt: skip


def test_first_epoch_with_all_modes_under_both_rules_and_the_end_state_per_seed():
    summary = summarise(MODES, [1, 2, 3], n_modes=5)
    per_seed = {
        seed: (
            r["first_epoch_all_captured"],
            r["first_epoch_all_covered"],
            r["final_modes_captured"],
            r["final_modes_covered"],
            r["final_high_quality_fraction"],
            r["final_reverse_kl"],
        )
        for seed, r in summary["seeds"].items()
    }
    assert per_seed == {
        "1": (5, 5, 5, 4, 0.6, 0.3),
        "2": (5, 10, 5, 5, 0.9, 0.0),
        "3": (None, None, 2, 2, 0.3, 0.5),
    }
    assert (summary["runs"], summary["n_modes"]) == (3, 5)
    assert (summary["runs_all_captured"], summary["runs_all_covered"]) == (2, 2)
    assert summary["first_epoch_all_captured_median"] == 5.0  # of the runs that got there
    assert summary["first_epoch_all_covered_median"] == 7.5
    assert (summary["first_epoch_all_covered_min"], summary["first_epoch_all_covered_max"]) == (
        5,
        10,
    )
    assert summary["final_modes_captured_mean"] == 4.0
    assert summary["final_modes_captured_std"] == pytest.approx(math.sqrt(3), abs=1e-6)  # ddof 1
    assert summary["final_modes_covered_mean"] == pytest.approx(11 / 3, abs=1e-6)
    assert summary["final_high_quality_fraction_mean"] == pytest.approx(0.6)
    assert summary["final_high_quality_fraction_std"] == pytest.approx(0.3, abs=1e-6)
    assert summary["final_reverse_kl_mean"] == pytest.approx(0.8 / 3, abs=1e-6)
    peaks = {
        seed: (r["peak_modes_captured"], r["peak_epoch"]) for seed, r in summary["seeds"].items()
    }
    assert peaks == {"1": (5, 5), "2": (5, 5), "3": (2, 5)}
    assert summary["runs_losing_modes"] == 0 and summary["peak_modes_captured_mean"] == 4.0


def test_a_run_that_drops_modes_after_its_peak_is_counted():
    late = MODES.copy()
    late.loc[(late["seed"] == 1) & (late["epoch"] == 10), "modes_captured"] = 3  # 5, then 3
    summary = summarise(late, [1, 2, 3], n_modes=5)
    assert summary["seeds"]["1"]["peak_modes_captured"] == 5
    assert summary["seeds"]["1"]["final_modes_captured"] == 3
    assert summary["runs_losing_modes"] == 1


def test_an_undefined_reverse_kl_stays_undefined_and_the_mode_count_comes_from_the_mixture():
    start = MODES[(MODES["seed"] == 3) & (MODES["epoch"] == 0)]
    summary = summarise(start, [3], n_modes=5)
    assert summary["seeds"]["3"]["final_reverse_kl"] is None
    assert summary["final_reverse_kl_mean"] is None and summary["final_reverse_kl_std"] is None
    two_modes = MODES[MODES["seed"] == 3]  # a mixture of two modes, both captured from epoch 5
    assert summarise(two_modes, [3], n_modes=2)["seeds"]["3"]["first_epoch_all_captured"] == 5
    assert summarise(two_modes, [3], n_modes=5)["first_epoch_all_captured_median"] is None


def test_wide_table_puts_the_mean_first_then_each_seed():
    table = wide_table(MODES[MODES["seed"] != 3])
    assert list(table.columns[:4]) == [
        "epoch",
        "modes_captured",
        "modes_captured_seed1",
        "modes_captured_seed2",
    ]
    assert list(table.columns[-3:]) == [
        "modes_covered",
        "modes_covered_seed1",
        "modes_covered_seed2",
    ]
    assert list(table["epoch"]) == [0, 5, 10]
    assert list(table["modes_covered"]) == [0.5, 4.0, 4.5]
    assert list(table["reverse_kl"]) == pytest.approx([0.8, 0.5, 0.15])
