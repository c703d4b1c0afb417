"""A cheap quality figure of generated rows, taken during training so that a convergence verdict
can follow what users care about (are the rows like real ones?) rather than the losses.

Both figures work on encoded rows, so no decoding is needed after each epoch:
- column shapes: per block of the layout, 1 - total variation distance of the category shares
  (one-hot group) or 1 - the Kolmogorov-Smirnov statistic (value column), averaged;
- detection AUC: a small gradient-boosted classifier telling real from generated rows,
  cross-validated (0.5: it cannot tell them apart, 1: it always can).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
from scipy.stats import ks_2samp
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict

from ganexp.tabular.encoding.layout import Block, OneHotBlock

QUALITY_ROWS = 2000  # rows per side for the detector: enough for a stable AUC, cheap per epoch
FOLDS = 3
ITERATIONS = 30


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
            scores.append(1.0 - 0.5 * float(np.abs(shares_real - shares_generated).sum()))
            position += width
        else:
            scores.append(1.0 - ks_statistic(real[:, position], generated[:, position]))
            position += 1
    return float(np.mean(scores)) if scores else 1.0


def ks_statistic(real: np.ndarray, generated: np.ndarray) -> float:
    """The two-sample Kolmogorov-Smirnov statistic. Only the statistic is used, so SciPy's
    notice that it computed the p-value asymptotically (many ties) is not shown."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "ks_2samp: Exact calculation unsuccessful")
        return float(ks_2samp(real, generated).statistic)


def encoded_detection_auc(real: np.ndarray, generated: np.ndarray, seed: int) -> float:
    """Cross-validated ROC AUC of a small classifier telling ``real`` (0) from ``generated`` (1),
    on at most ``QUALITY_ROWS`` rows per side (the same count on both)."""
    rng = np.random.default_rng(seed)
    n = min(len(real), len(generated), QUALITY_ROWS)
    if n < FOLDS:
        return float("nan")  # too few validation rows to cross-validate
    x = np.vstack(
        [real[rng.permutation(len(real))[:n]], generated[rng.permutation(len(generated))[:n]]]
    )
    y = np.repeat([0, 1], n)
    folds = StratifiedKFold(FOLDS, shuffle=True, random_state=seed)
    model = HistGradientBoostingClassifier(max_iter=ITERATIONS, random_state=seed)
    scores = cross_val_predict(model, x, y, cv=folds, method="predict_proba")[:, 1]
    return float(roc_auc_score(y, scores))


def quality(
    real: np.ndarray, generated: np.ndarray, blocks: Sequence[Block], seed: int
) -> dict[str, float]:
    """Both figures, keyed as the history's ``QUALITY_COLUMNS`` (``model.history``)."""
    return {
        "quality_column_shapes": encoded_column_shapes(real, generated, blocks),
        "quality_detection_auc": encoded_detection_auc(real, generated, seed),
    }
