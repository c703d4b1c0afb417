"""The figures early stopping can follow, each computed from the two per-epoch quality figures
(``per_epoch``) as they stand in a history, and each declaring once whether higher or lower is
better: ``EarlyStopping`` and the verdicts read the direction from here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Figure:
    """A figure early stopping can follow: how it is computed from the two per-epoch figures
    (as columns of a history), and which way is better."""

    higher_is_better: bool
    of: Callable[[pd.Series, pd.Series], pd.Series]  # (column shapes, detection AUC) -> figure
    description: str


def folded_auc(auc: pd.Series) -> pd.Series:
    """The AUC folded at 0.5: 0.4 tells the rows apart as well as 0.6 does (on a small table a
    generator that copies training rows drives the cross-validated AUC below 0.5)."""
    return 0.5 + (auc - 0.5).abs()


FIGURES: dict[str, Figure] = {
    "detection_auc": Figure(
        False, lambda shapes, auc: folded_auc(auc), "the detection AUC folded at 0.5"
    ),
    "column_shapes": Figure(True, lambda shapes, auc: shapes, "the column shapes"),
    "score": Figure(
        True,
        lambda shapes, auc: 0.5 * shapes + 0.5 * (2.0 - 2.0 * folded_auc(auc)),
        "the mean of column shapes and the detection score 2 - 2 x folded AUC (1 when the "
        "detector is at chance, 0 when it always tells), as SDMetrics scores detection: it "
        "keeps a signal when either figure saturates",
    ),
}
