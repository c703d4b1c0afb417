"""Paired comparisons of 2-D variants over seeds, on constructed per-seed figures."""

from __future__ import annotations

import pytest

from ganexp.gaussians.comparison import compare_variants, paired_difference


def test_a_constant_difference_has_a_point_interval_and_counts_every_seed_as_better():
    result = paired_difference([8, 8, 8], [6, 6, 6], higher_is_better=True)
    assert result == {"pairs": 3, "mean_difference": 2.0, "low": 2.0, "high": 2.0,
                      "better": 3, "same": 0, "worse": 0}  # fmt: skip


def test_the_interval_holds_the_mean_and_lies_within_the_extreme_differences():
    result = paired_difference([5, 7, 6, 8, 4], [5, 5, 5, 5, 5], higher_is_better=True, seed=1)
    assert result["mean_difference"] == 1.0
    assert -1.0 <= result["low"] < 1.0 < result["high"] <= 3.0
    assert (result["better"], result["same"], result["worse"]) == (3, 1, 1)
    again = paired_difference([5, 7, 6, 8, 4], [5, 5, 5, 5, 5], higher_is_better=True, seed=1)
    assert again == result  # the resampling is seeded


def test_lower_is_better_flips_the_counts_and_undefined_pairs_are_left_out():
    result = paired_difference([0.1, None, 0.3], [0.2, 0.5, 0.3], higher_is_better=False)
    assert result["pairs"] == 2 and result["mean_difference"] == pytest.approx(-0.05)
    assert (result["better"], result["same"], result["worse"]) == (1, 1, 0)
    assert paired_difference([None], [1.0], higher_is_better=True)["mean_difference"] is None
    single = paired_difference([2.0], [1.0], higher_is_better=True)
    assert single["mean_difference"] == 1.0 and single["low"] is None


def details(firsts, finals):
    return {
        "epochs": 100,
        "eval_every": 5,
        "seeds": {
            str(seed): {
                "first_epoch_all_captured": first,
                "final_modes_captured": final,
                "final_high_quality_fraction": 0.5,
                "final_reverse_kl": 0.1,
            }
            for seed, first, final in zip((42, 43), firsts, finals, strict=True)
        },
    }


def test_a_run_that_never_captured_every_mode_counts_as_one_evaluation_past_the_budget():
    result = compare_variants(
        {"combined": details([40, 0], [8, 8]), "gan": details([None, 10], [6, 8])}, "combined"
    )
    assert result["subject"] == "combined" and result["seeds"] == 2
    first = result["against"]["gan"]["first_epoch_all_captured"]
    assert first["mean_difference"] == pytest.approx(((40 - 105) + (0 - 10)) / 2)
    assert (first["better"], first["worse"]) == (2, 0)
    modes = result["against"]["gan"]["final_modes_captured"]
    assert (modes["mean_difference"], modes["better"], modes["same"]) == (1.0, 1, 1)
    with pytest.raises(
        ValueError, match="no variant 'pacgan' to compare \\(have: combined, gan\\)"
    ):
        compare_variants(
            {"combined": details([1, 1], [8, 8]), "gan": details([1, 1], [8, 8])}, "pacgan"
        )
