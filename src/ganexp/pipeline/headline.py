"""The headline figures: what `dvc metrics show` prints with no arguments.

Each stage writes its full results to a details file and the few figures a reader asks first to
the file declared as a DVC metric, so the table fits a terminal (one row per file, one column per
key across all files: the keys are short and shared by the rows of one experiment). Wall-clock
figures never appear here; they live in metrics/timing/.
"""

from __future__ import annotations

from typing import Any


def convergence_headline(details: dict[str, Any]) -> dict[str, Any]:
    """Over the seeds: how many runs each verdict called converged, the median epoch kept, and
    how often the two verdicts agreed."""
    return {
        "converged": details["original_converged"],
        "quality_converged": details["quality_converged"],
        "selected_epoch": details["selected_epoch_median"],
        "agreement": details["agreement_mean"],
    }


def samples_headline(details: dict[str, Any]) -> dict[str, Any]:
    """How good the synthetic rows are: shapes, pairs, detectability, use for a classifier;
    the mean over the seeds and (``*_std``) its spread."""
    headline: dict[str, Any] = {}
    for name in ("column_shapes", "pair_trends", "detection_auc", "tstr_auc"):
        for statistic, suffix in (("mean", ""), ("std", "_std")):
            figures = details[statistic]
            headline[name + suffix] = (
                figures["efficacy"]["train_synthetic_test_real"]["roc_auc"]
                if name == "tstr_auc"
                else figures["fidelity"][name]
            )
    return headline


def modes_headline(details: dict[str, Any]) -> dict[str, Any]:
    """Over a 2-D variant's runs: how many covered every mode, the median first epoch they did,
    and the modes covered and high-quality fraction at the end (mean, and its spread)."""
    return {
        "all_modes": details["runs_covering_all_modes"],
        "first_epoch": details["first_epoch_all_modes_median"],
        "modes": details["final_modes_covered_mean"],
        "quality": details["final_high_quality_fraction_mean"],
        "quality_std": details["final_high_quality_fraction_std"],
    }
