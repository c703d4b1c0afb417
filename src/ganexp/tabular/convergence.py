"""Did the GAN converge, and which epoch's weights to keep: explicit criteria on a history.

An epoch converged when all applied criteria hold:
1. the discriminator is accurate: accuracy (on real validation rows, or balanced over real and
   generated ones) above ``min_discriminator_accuracy``;
2. the losses are low and balanced: |G loss - D loss| at most ``max_loss_gap``, G loss at most
   ``max_generator_loss``, D loss at most ``max_discriminator_loss``;
3. the generator fools the discriminator: deception rate above ``min_deception_rate``.
A threshold of None is not applied.

Why accuracy on *real* rows by default: the balanced accuracy is (TPR + 1 - deception) / 2, so a
balanced accuracy above 0.80 forces a deception rate below 0.40. With the default thresholds
criteria 1 and 3 could never hold together; the original study's "accurate discriminator" can only
have meant that it recognises real rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

ACCURACY_COLUMN = {"real": "discriminator_accuracy_real", "balanced": "discriminator_accuracy"}


@dataclass(frozen=True)
class Criteria:
    min_discriminator_accuracy: float | None = 0.80
    accuracy_on: Literal["real", "balanced"] = "real"
    max_loss_gap: float | None = None
    max_generator_loss: float | None = None
    max_discriminator_loss: float | None = None
    min_deception_rate: float | None = 0.40

    def checks(self) -> list[tuple[str, str, str, float]]:
        """(name, history column, 'min' or 'max', threshold) for each applied criterion."""
        listed = [
            (
                "discriminator_accuracy",
                ACCURACY_COLUMN[self.accuracy_on],
                "min",
                self.min_discriminator_accuracy,
            ),
            ("loss_gap", "loss_gap", "max", self.max_loss_gap),
            ("generator_loss", "generator_loss", "max", self.max_generator_loss),
            ("discriminator_loss", "discriminator_loss", "max", self.max_discriminator_loss),
            ("deception_rate", "deception_rate", "min", self.min_deception_rate),
        ]
        return [check for check in listed if check[3] is not None]


@dataclass(frozen=True)
class Verdict:
    converged: bool
    selected_epoch: int
    rule: str  # "last", "best" or "closest" (no epoch converged)
    converged_epochs: list[int]


def evaluate(history: pd.DataFrame, criteria: Criteria) -> pd.DataFrame:
    """One row per epoch: whether each applied criterion holds, and ``converged`` (all hold)."""
    values = history.assign(
        loss_gap=(history["generator_loss"] - history["discriminator_loss"]).abs()
    )
    flags = pd.DataFrame({"epoch": history["epoch"].astype(int)})
    for name, column, kind, threshold in criteria.checks():
        flags[name] = values[column] > threshold if kind == "min" else values[column] <= threshold
    applied = [name for name, *_ in criteria.checks()]
    flags["converged"] = flags[applied].all(axis=1) if applied else True
    return flags


def shortfall(history: pd.DataFrame, criteria: Criteria) -> pd.Series:
    """How far each epoch is from meeting the criteria: the sum over criteria of the relative
    distance to its threshold (0 for a criterion that holds). Used only when nothing converged."""
    values = history.assign(
        loss_gap=(history["generator_loss"] - history["discriminator_loss"]).abs()
    )
    total = pd.Series(0.0, index=history.index)
    for _, column, kind, threshold in criteria.checks():
        scale = max(abs(threshold), 1e-9)
        if kind == "min":
            total += np.maximum(0.0, threshold - values[column]) / scale
        else:
            total += np.maximum(0.0, values[column] - threshold) / scale
    return total


def select_epoch(
    history: pd.DataFrame,
    criteria: Criteria,
    rule: Literal["last", "best"] = "last",
    available: list[int] | None = None,
) -> Verdict:
    """Pick the epoch whose weights to keep, among ``available`` epochs (those checkpointed).

    ``last``: the last converged epoch (the original study kept the last). ``best``: the converged
    epoch with the highest deception rate (the earliest on a tie). When no epoch converged, the
    one with the smallest shortfall (the latest on a tie) and ``converged`` False."""
    if history.empty:
        raise ValueError("the history has no epochs")
    if available is not None:
        history = history[history["epoch"].isin(available)].reset_index(drop=True)
        if history.empty:
            raise ValueError("no checkpointed epoch in the history")
    flags = evaluate(history, criteria)
    converged = history[flags["converged"]]
    epochs = [int(e) for e in converged["epoch"]]
    if epochs:
        if rule == "last":
            chosen = epochs[-1]
        else:
            chosen = int(converged.loc[converged["deception_rate"].idxmax(), "epoch"])
        return Verdict(True, chosen, rule, epochs)
    gaps = shortfall(history, criteria).to_numpy()
    best = int(np.flatnonzero(gaps == gaps.min())[-1])
    return Verdict(False, int(history["epoch"].iloc[best]), "closest", [])
