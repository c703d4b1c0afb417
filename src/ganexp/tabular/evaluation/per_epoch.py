"""A cheap quality figure of generated rows, taken during training so that a convergence verdict
can follow what users care about (are the rows like real ones?) rather than the losses.

Both figures work on encoded rows, so no decoding is needed after each epoch:
- column shapes: per block of the layout, 1 - total variation distance of the category shares
  (one-hot group) or 1 - the Kolmogorov-Smirnov statistic (value column), averaged;
- detection AUC: a small gradient-boosted classifier telling real from generated rows,
  cross-validated (0.5: it cannot tell them apart, 1: it always can).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ganexp.tabular.encoding.layout import Block, OneHotBlock
from ganexp.tabular.evaluation.statistics import detection_auc, ks_statistic, total_variation

QUALITY_ROWS = 2000  # rows per side for the detector: enough for a stable AUC, cheap per epoch
FOLDS = 3
ITERATIONS = 30


@dataclass(frozen=True)
class Quality:
    """The two per-epoch figures; ``detection_auc`` None where there are too few rows."""

    column_shapes: float
    detection_auc: float | None


def encoded_column_shapes(
    real: np.ndarray, generated: np.ndarray, blocks: Sequence[Block]
) -> float:
    """Mean over the layout's blocks of 1 - TVD (one-hot group) or 1 - KS (value column)."""
    scores, position = [], 0
    for block in blocks:
        if isinstance(block, OneHotBlock):
            width = block.width
            shares_real = real[:, position : position + width].mean(axis=0)
            shares_generated = generated[:, position : position + width].mean(axis=0)
            scores.append(1.0 - total_variation(shares_real, shares_generated))
            position += width
        else:
            scores.append(1.0 - ks_statistic(real[:, position], generated[:, position]))
            position += 1
    return float(np.mean(scores)) if scores else 1.0


def quality(real: np.ndarray, generated: np.ndarray, blocks: Sequence[Block], seed: int) -> Quality:
    """Both figures of ``generated`` rows against ``real`` ones (at most ``QUALITY_ROWS`` a side
    for the detector)."""
    return Quality(
        column_shapes=encoded_column_shapes(real, generated, blocks),
        detection_auc=detection_auc(
            real, generated, seed, folds=FOLDS, iterations=ITERATIONS, max_rows=QUALITY_ROWS
        ),
    )
