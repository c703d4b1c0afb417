"""The black-box experiment's figure: calibration by requested-C decile for each learner, and
the black box's answers on generated rows beside its scores on real held-out rows."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from ganexp.black_box.analysis import ConfidenceReport

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


def learners_figure(
    history: pd.DataFrame,
    rows: Mapping[str, pd.DataFrame],
    real_scores: Mapping[str, np.ndarray],
    real_shares: Mapping[str, float],
    *,
    target: str,
    target_class: str,
    title: str,
):
    """The assignment's figures, one row of panels per learner (and the uniform rows'): the
    judge's and generator's losses by epoch (``history``: confidence_history.tsv), the
    requested C against the black box's Y per row, Y by the class it predicts beside its
    scores on real held-out rows of each class, and the class balance of the rows beside the
    real table's. ``rows``: each learner's written rows (seeds pooled)."""
    from ganexp.black_box.generator import CONFIDENCE
    from ganexp.black_box.training import ANSWER

    names = list(rows)
    figure, axes = plt.subplots(len(names), 4, figsize=(14, 2.8 * len(names)), squeeze=False)
    classes = list(real_shares)
    for (losses, scatter, scores, balance), name in zip(axes, names, strict=True):
        made = rows[name]
        runs = history[history["learner"] == name]
        if len(runs):
            by_epoch = runs.groupby("epoch")
            for column, label in (
                ("train_judge_loss", "judge"),
                ("train_generator_loss", "generator"),
            ):
                mean, low, high = (by_epoch[column].agg(s) for s in ("mean", "min", "max"))
                losses.plot(mean.index, mean, label=label)
                losses.fill_between(mean.index, low, high, alpha=0.2)
            losses.legend(fontsize=7)
            losses.set(xlabel="epoch", ylabel="loss (mean, range over seeds)")
        else:
            losses.text(0.5, 0.5, "no training", ha="center", va="center")
            losses.set_axis_off()
        losses.set_title(name, loc="left", fontsize=10, fontweight="bold")
        scatter.plot([0, 1], [0, 1], color="0.7", linestyle="--")
        scatter.scatter(made[CONFIDENCE], made[ANSWER], s=2, alpha=0.3)
        scatter.set(xlabel="requested C", ylabel="Y", xlim=(0, 1), ylim=(0, 1))
        predicted = made[target].astype("object").map(str)
        for cls in classes:
            mine = made.loc[predicted == cls, ANSWER]
            if len(mine):  # a class the black box gives none of the rows draws nothing
                scores.hist(
                    mine,
                    bins=BINS,
                    density=True,
                    histtype="step",
                    linewidth=1.5,
                    label=f"rows it calls {cls!r}",
                )
            scores.hist(real_scores[cls], bins=BINS, density=True, alpha=0.2, label=f"real {cls!r}")
        scores.set(xlabel=f"Y: confidence of {target_class!r}", ylabel="density")
        scores.legend(fontsize=6)
        shares = predicted.value_counts(normalize=True)
        where = np.arange(len(classes))
        balance.bar(where - 0.2, [shares.get(c, 0.0) for c in classes], 0.4, label="these rows")
        balance.bar(where + 0.2, [real_shares[c] for c in classes], 0.4, label="real (train)")
        balance.set(xticks=where, xticklabels=classes, ylabel="share of rows", ylim=(0, 1))
        balance.legend(fontsize=7)
    figure.suptitle(title)
    figure.tight_layout()
    return figure


def report_figures(report: ConfidenceReport, history: pd.DataFrame, *, target: str, label: str):
    """analyze_confidence's two figures of one table: calibration and scores
    (``confidence_figure``), and each learner's panels (``learners_figure``)."""
    target_class = report.details.black_box.target_class
    return (
        confidence_figure(
            report.calibration,
            report.answers,
            report.real_scores,
            target_class=target_class,
            title=f"{label}: rows made from a black box's confidence",
        ),
        learners_figure(
            history,
            report.rows,
            report.real_scores,
            report.details.real_class_shares or {},
            target=target,
            target_class=target_class,
            title=f"{label}: each learner's losses, C against Y, Y by class, class balance",
        ),
    )
