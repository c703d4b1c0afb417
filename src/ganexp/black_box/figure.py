"""The black-box experiment's figure: calibration by requested-C decile for each learner, and
the black box's answers on generated rows beside its scores on real held-out rows."""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

BINS = np.linspace(0.0, 1.0, 21)


def confidence_figure(
    calibration: pd.DataFrame,
    answers: Mapping[str, np.ndarray],
    real_scores: Mapping[str, np.ndarray],
    *,
    target_class: str,
    title: str,
):
    """``calibration``: rows of learner, seed, decile, mean_requested, mean_answered;
    ``answers``: Y on each learner's generated rows (seeds pooled); ``real_scores``: the black
    box's confidence on held-out real rows, by their true class."""
    figure, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    left.plot([0, 1], [0, 1], color="0.7", linestyle="--", label="Y = C")
    for learn, runs in calibration.groupby("learner", sort=False):
        by_decile = runs.groupby("decile")
        mean = by_decile[["mean_requested", "mean_answered"]].mean()
        spread = by_decile["mean_answered"].std(ddof=1)  # the sample sd over seeds
        left.errorbar(
            mean["mean_requested"],
            mean["mean_answered"],
            yerr=spread,
            marker="o",
            capsize=3,
            label=learn,
        )
    left.set(
        xlabel="requested confidence C (decile mean)",
        ylabel=f"black box's confidence Y of {target_class!r}",
        xlim=(0, 1),
        ylim=(0, 1),
        title="calibration (mean ± sd over seeds)",
    )
    left.legend(loc="upper left", fontsize=8)
    for learn, values in answers.items():
        right.hist(
            values,
            bins=BINS,
            density=True,
            histtype="step",
            linewidth=1.5,
            label=f"generated ({learn})",
        )
    for name, values in real_scores.items():
        right.hist(
            values,
            bins=BINS,
            density=True,
            alpha=0.3,
            label=f"real held-out rows of class {name!r}",
        )
    right.set(
        xlabel=f"black box's confidence of {target_class!r}", ylabel="density", title="scores"
    )
    right.legend(fontsize=8)
    figure.suptitle(title)
    figure.tight_layout()
    return figure
