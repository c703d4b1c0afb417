"""The loss and criteria curves of one training run, as the original study drew them."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from ganexp.tabular.convergence.settings import ACCURACY_COLUMN, Criteria, EarlyStopping
from ganexp.tabular.convergence.verdicts import (
    EarlyStoppingVerdict,
    Verdict,
    criteria_rule,
    early_stopping_verdict,
    evaluate,
    select_epoch,
)


def convergence_figure(
    history: pd.DataFrame,
    flags: pd.DataFrame,
    criteria: Criteria,
    verdict: Verdict,
    title: str,
    quality: EarlyStoppingVerdict | None = None,
) -> Figure:
    """Top: validation losses (training losses faint). Bottom: discriminator accuracy and
    deception rate with their thresholds, and the quality figures every few epochs. Epochs the
    original criteria call converged shaded, their selection marked; with ``quality``, the
    early stopping's stop and selected epochs too."""
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(9, 6.5), sharex=True, layout="constrained")
    epochs = history["epoch"]
    top.plot(epochs, history["discriminator_loss"], color="tab:blue", label="discriminator loss")
    top.plot(epochs, history["generator_loss"], color="tab:orange", label="generator loss")
    top.plot(
        epochs, history["train_judge_loss"], color="tab:blue", alpha=0.3, lw=1, label="(train)"
    )
    top.plot(epochs, history["train_generator_loss"], color="tab:orange", alpha=0.3, lw=1)
    limits: dict[float, list[str]] = {}
    for value, name in [
        (criteria.max_discriminator_loss, "max D loss"),
        (criteria.max_generator_loss, "max G loss"),
    ]:
        if value is not None:
            limits.setdefault(value, []).append(name)
    for value, names in limits.items():
        top.axhline(value, color="grey", ls=":", lw=1)
        top.annotate(
            " / ".join(names), (epochs.iloc[0], value), fontsize=8, color="grey", va="bottom"
        )
    top.set_ylabel("loss (validation split)")
    top.legend(loc="upper right", fontsize=8, ncols=3)

    accuracy = ACCURACY_COLUMN[criteria.accuracy_on]
    bottom.plot(epochs, history[accuracy], color="tab:green", label=f"D accuracy ({accuracy})")
    if criteria.accuracy_on != "balanced":
        bottom.plot(
            epochs,
            history["discriminator_accuracy"],
            color="tab:green",
            alpha=0.35,
            lw=1,
            label="D accuracy (balanced)",
        )
    bottom.plot(epochs, history["deception_rate"], color="tab:red", label="deception rate")
    if "quality_detection_auc" in history:
        evaluated = history.dropna(subset=["quality_detection_auc"])
        bottom.plot(
            evaluated["epoch"],
            evaluated["quality_detection_auc"],
            "o-",
            color="tab:purple",
            ms=3,
            label="detection AUC (quality)",
        )
    if criteria.min_discriminator_accuracy is not None:
        bottom.axhline(criteria.min_discriminator_accuracy, color="tab:green", ls="--", lw=1)
    if criteria.min_deception_rate is not None:
        bottom.axhline(criteria.min_deception_rate, color="tab:red", ls="--", lw=1)
    bottom.set_ylim(-0.02, 1.02)
    bottom.set_xlabel("epoch")
    bottom.set_ylabel("share")
    bottom.legend(loc="lower right", fontsize=8, ncols=2)

    for axis in (top, bottom):
        for epoch in flags.loc[flags["converged"], "epoch"]:
            axis.axvspan(epoch - 0.5, epoch + 0.5, color="tab:green", alpha=0.15, lw=0)
        axis.axvline(verdict.selected_epoch, color="black", lw=1, ls="-.")
        if quality is not None:
            axis.axvline(quality.best_epoch, color="tab:purple", lw=1.5, ls="-")
            if quality.stop_epoch is not None:
                axis.axvline(quality.stop_epoch, color="tab:purple", lw=1, ls=":")
    state = "converged" if verdict.converged else "did not converge"
    caption = (
        f"{title}: original criteria {state}, {len(verdict.converged_epochs)} epoch(s) shaded, "
        f"epoch {verdict.selected_epoch} ({verdict.rule}, dash-dot)"
    )
    if quality is not None:
        stop = "never" if quality.stop_epoch is None else f"at {quality.stop_epoch} (dotted)"
        caption += (
            f"\nearly stopping: stops {stop}; best epoch of the run {quality.best_epoch} (purple)"
        )
    fig.suptitle(caption, fontsize=10)
    return fig


def run_figure(
    history: pd.DataFrame,
    criteria: Criteria,
    select: str,
    rule: EarlyStopping,
    available: list[int],
    title: str,
) -> Figure:
    """``convergence_figure`` of one run with both verdicts, as check_convergence judged it."""
    verdict = select_epoch(history, criteria, criteria_rule(select), available)
    quality = early_stopping_verdict(history, rule, available)
    return convergence_figure(
        history, evaluate(history, criteria), criteria, verdict, title, quality
    )
