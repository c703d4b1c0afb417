"""The headline figures: what `dvc metrics show` prints with no arguments.

Each stage writes its full results to a details file and the few figures a reader asks first to
the file declared as a DVC metric, so the table fits a terminal (one row per file, one column per
key across all files: the keys are short and shared by the rows of one experiment). Wall-clock
figures never appear here; they live in metrics/timing/.
"""

from __future__ import annotations

from typing import Any


def convergence_headline(details: dict[str, Any]) -> dict[str, Any]:
    """Did the tabular GAN converge, and which epoch's weights were kept."""
    return {"converged": details["converged"], "selected_epoch": details["selected_epoch"]}


def samples_headline(details: dict[str, Any]) -> dict[str, Any]:
    """How good the synthetic rows are: shapes, pairs, detectability, use for a classifier."""
    fidelity = details["fidelity"]
    return {
        "column_shapes": fidelity["column_shapes"],
        "pair_trends": fidelity["pair_trends"],
        "detection_auc": fidelity["detection_auc"],
        "tstr_auc": details["efficacy"]["train_synthetic_test_real"]["roc_auc"],
    }


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
