"""The summary across seeds of the 2-D runs, on constructed mode histories."""

from __future__ import annotations

import pandas as pd
import pytest

from ganexp.gaussians.runs import summarise, wide_table


def history(rows: list[tuple[int, int, int, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["seed", "epoch", "modes_covered", "high_quality_fraction"])


MODES = history(
    [
        (1, 0, 0, 0.0), (1, 5, 5, 0.5), (1, 10, 4, 0.6),  # all five at 5, one lost by the end
        (2, 0, 1, 0.1), (2, 5, 3, 0.3), (2, 10, 5, 0.9),  # all five only at the end
        (3, 0, 0, 0.0), (3, 5, 2, 0.2), (3, 10, 2, 0.3),  # never
    ]
)  # fmt: skip


def test_first_epoch_with_all_modes_and_the_end_state_per_seed():
    summary = summarise(MODES, [1, 2, 3], n_modes=5)
    per_seed = {
        seed: (
            r["first_epoch_all_modes"],
            r["final_modes_covered"],
            r["final_high_quality_fraction"],
        )
        for seed, r in summary["seeds"].items()
    }
    assert per_seed == {"1": (5, 4, 0.6), "2": (10, 5, 0.9), "3": (None, 2, 0.3)}
    assert summary["runs"] == 3 and summary["runs_covering_all_modes"] == 2
    assert summary["first_epoch_all_modes_median"] == 7.5  # of the runs that got there
    assert (summary["first_epoch_all_modes_min"], summary["first_epoch_all_modes_max"]) == (5, 10)
    assert summary["final_modes_covered_mean"] == pytest.approx(11 / 3, abs=1e-6)
    assert summary["final_modes_covered_min"] == 2
    assert summary["final_high_quality_fraction_mean"] == pytest.approx(0.6)
    assert summary["final_high_quality_fraction_std"] == pytest.approx(0.244949, abs=1e-6)


def test_the_mode_count_comes_from_the_mixture():
    two_modes = MODES[MODES["seed"] == 3]  # a mixture of two modes, both covered from epoch 5
    assert summarise(two_modes, [3], n_modes=2)["seeds"]["3"]["first_epoch_all_modes"] == 5
    assert summarise(two_modes, [3], n_modes=5)["first_epoch_all_modes_median"] is None


def test_wide_table_puts_the_mean_first_then_each_seed():
    table = wide_table(MODES[MODES["seed"] != 3])
    assert list(table.columns) == [
        "epoch",
        "modes_covered",
        "modes_covered_seed1",
        "modes_covered_seed2",
        "high_quality_fraction",
        "high_quality_fraction_seed1",
        "high_quality_fraction_seed2",
    ]
    assert list(table["epoch"]) == [0, 5, 10]
    assert list(table["modes_covered"]) == [0.5, 4.0, 4.5]
