"""The statistics every figure of generated rows is built from, one routine each: the
Kolmogorov-Smirnov statistic, the total variation distance, and the detection AUC of a
classifier telling real rows from generated ones. The per-epoch figures (encoded rows) and the
final figures (decoded rows) both call these, with their own row counts and folds."""

from __future__ import annotations

import warnings

import numpy as np
from scipy.stats import ks_2samp
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict


def ks_statistic(real: np.ndarray, generated: np.ndarray) -> float:
    """The two-sample Kolmogorov-Smirnov statistic. Only the statistic is used, so SciPy's
    notice that it computed the p-value asymptotically (many ties) is not shown."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "ks_2samp: Exact calculation unsuccessful")
        return float(ks_2samp(real, generated).statistic)


def total_variation(shares: np.ndarray, other: np.ndarray) -> float:
    """Total variation distance between two distributions over the same categories (each
    summing to 1): half the sum of the absolute differences, 0 identical, 1 disjoint."""
    return 0.5 * float(np.abs(np.asarray(shares) - np.asarray(other)).sum())


def classifier(seed: int, n_rows: int, iterations: int = 100) -> HistGradientBoostingClassifier:
    """Gradient-boosted trees; on a small table with leaves small enough to split at all (the
    default 20 rows per leaf leaves a 40-row table one leaf: every prediction the same, AUC 0.5)."""
    leaf = max(1, min(20, n_rows // 20))
    return HistGradientBoostingClassifier(
        max_iter=iterations, random_state=seed, min_samples_leaf=leaf
    )


def forest(seed: int, n_rows: int, trees: int = 100) -> RandomForestClassifier:
    """A random forest: the second detector, of another family than the boosted trees, so a
    gain is not one classifier's blind spot (leaves of at least 5 rows: calibrated enough to
    rank, and a few seconds on 20,000 rows)."""
    leaf = max(1, min(5, n_rows // 20))
    return RandomForestClassifier(
        n_estimators=trees, min_samples_leaf=leaf, random_state=seed, n_jobs=-1
    )


DETECTORS = ("boosting", "forest")


def detection_auc(
    real: np.ndarray,
    generated: np.ndarray,
    seed: int,
    *,
    folds: int = 5,
    iterations: int = 100,
    max_rows: int | None = None,
    detector: str = "boosting",
) -> float | None:
    """Cross-validated ROC AUC of a classifier telling ``real`` rows (label 0) from
    ``generated`` ones (label 1): 0.5 it cannot tell them apart, 1 it always can. Both sides are
    cut to the same number of rows (at most ``max_rows`` each), so the classes are balanced.
    None where there are fewer rows per side than ``folds``: nothing to cross-validate.
    ``detector``: gradient-boosted trees (``classifier``) or a random forest (``forest``)."""
    rng = np.random.default_rng(seed)
    n = min(len(real), len(generated), max_rows or len(real))
    if n < folds:
        return None
    x = np.vstack(
        [real[rng.permutation(len(real))[:n]], generated[rng.permutation(len(generated))[:n]]]
    )
    y = np.repeat([0, 1], n)
    split = StratifiedKFold(folds, shuffle=True, random_state=seed)
    if detector not in DETECTORS:
        raise ValueError(f"detector: expected one of {DETECTORS}, got {detector!r}")
    model = classifier(seed, len(x), iterations) if detector == "boosting" else forest(seed, len(x))
    scores = cross_val_predict(model, x, y, cv=split, method="predict_proba")[:, 1]
    return float(roc_auc_score(y, scores))
