"""The headline figures: what `dvc metrics show` prints with no arguments.

Each stage writes its full results to a details file and the few figures a reader asks first to
the file declared as a DVC metric, so the table fits a terminal (one row per file, one column per
key across all files: the keys are short and shared by the rows of one experiment). Wall-clock
figures never appear here; they live in metrics/timing/.
"""

from __future__ import annotations

from typing import Any


def convergence_headline(details: dict[str, Any]) -> dict[str, Any]:
    """Over the seeds: how many runs the original criteria called converged, and the median
    epoch kept (``epoch``; both verdicts and their agreement are in the details file)."""
    return {
        "converged": details["original_converged"],
        "epoch": details["selected_epoch_median"],
    }


SAMPLES_HEADLINE = {  # headline key: where the figure sits in a summary
    "shapes": ("fidelity", "column_shapes"),
    "pairs": ("fidelity", "pair_trends"),
    "detection": ("fidelity", "detection_auc"),
    "tstr": ("efficacy", "train_synthetic_test_real", "roc_auc"),  # an AUC, as detection
}
# rows breaking an exact relation every real row keeps: 0 by construction for the synthesizer, so
# its spread (in the details file) would only take a column of the terminal
SAMPLES_HEADLINE_WITHOUT_SD = {"broken": ("fidelity", "relations_broken")}


def samples_headline(details: dict[str, Any]) -> dict[str, Any]:
    """How good the synthetic rows are: shapes, pairs, detectability, use for a classifier,
    the share of rows that break a relation every real row keeps;
    the mean over the seeds and (``*_sd``) its standard deviation. Short keys, so that
    `dvc metrics show` stays one terminal wide."""
    headline: dict[str, Any] = {}
    for key, where in (SAMPLES_HEADLINE | SAMPLES_HEADLINE_WITHOUT_SD).items():
        statistics = [("mean", key)]
        if key in SAMPLES_HEADLINE:
            statistics.append(("std", f"{key}_sd"))
        for statistic, name in statistics:
            figure = details[statistic]
            for part in where:
                figure = figure[part]
            headline[name] = figure
    return headline


def modes_headline(details: dict[str, Any]) -> dict[str, Any]:
    """Over a 2-D variant's runs on one benchmark: how many captured every mode, the median first
    epoch they did, and at the end the modes captured (mean, and ``modes_sd`` its spread), the
    high-quality fraction and the reverse KL (means; their spread, and the modes the original's
    5% rule counts, are in the details file and docs/results.md)."""
    return {
        "all_modes": details["runs_all_captured"],
        "first_epoch": details["first_epoch_all_captured_median"],
        "modes": details["final_modes_captured_mean"],
        "modes_sd": details["final_modes_captured_std"],
        "quality": details["final_high_quality_fraction_mean"],
        "kl": details["final_reverse_kl_mean"],
    }


def confidence_headline(details: dict[str, Any]) -> dict[str, Any]:
    """The black-box generator's default learner, over the seeds: how far the black box's answer
    is from the requested confidence (``gap``: mean |C - Y|) and how detectable its rows are
    (``detection``, ``detection_sd``). One new column only, so the table stays one terminal
    wide; the spread of the gap and the rank correlation are in the details file."""
    results = details["learners"][details["default"]]
    return {
        "gap": results["mean"]["control"]["mean_abs_error"],
        "detection": results["mean"]["closeness"]["detection_auc"],
        "detection_sd": results["std"]["closeness"]["detection_auc"],
    }
