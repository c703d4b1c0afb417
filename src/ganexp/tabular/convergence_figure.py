"""The loss and criteria curves of one training run, as the original study drew them."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from ganexp.tabular.convergence import ACCURACY_COLUMN, Criteria, Verdict


def convergence_figure(
    history: pd.DataFrame, flags: pd.DataFrame, criteria: Criteria, verdict: Verdict, title: str
) -> Figure:
    """Top: validation losses (training losses faint). Bottom: discriminator accuracy and
    deception rate with their thresholds. Converged epochs shaded, the selected one marked."""
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
    state = "converged" if verdict.converged else "did not converge"
    fig.suptitle(
        f"{title}: {state}; {len(verdict.converged_epochs)} converged epoch(s) shaded, "
        f"epoch {verdict.selected_epoch} selected ({verdict.rule})",
        fontsize=10,
    )
    return fig
