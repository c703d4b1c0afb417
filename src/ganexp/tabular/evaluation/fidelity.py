"""How good are synthetic rows? The figures synthetic-data practitioners expect, real vs synthetic.

- column shapes: 1 - KS statistic (numeric), 1 - total variation distance (nominal, over the
  values present), per column;
- pair trends: 1 - |correlation difference| / 2 for numeric pairs and 1 - TVD of the pair's
  contingency table for pairs with a nominal column (a missing value is a category there; a
  numeric column in 10 bins of equal width over its range, in each table);

Column shapes and pair trends are SDMetrics' Column Shapes and Column Pair Trends (its
``QualityReport``: KSComplement, TVComplement, CorrelationSimilarity, ContingencySimilarity), the
figures the published tables report: the same definitions, checked against the library's own
figures on a fixed table (tests/test_fidelity.py; ``benchmarks/sdmetrics_agreement.py``).
- detection: cross-validated ROC AUC of a classifier telling real from synthetic (0.5 is ideal);
- machine-learning efficacy: train on synthetic, test on real (TSTR) next to train on real (TRTR);
- privacy: median distance from each synthetic row to its closest real training row (DCR), next
  to the same figure for real held-out rows.

Tables come in as decoded DataFrames (the encoder's ``inverse_transform`` output) and, where a model
or distance needs numbers, as the encoder's [0, 1] arrays. SciPy and scikit-learn do the statistics.
"""

from __future__ import annotations

from itertools import combinations
from typing import Any

import numpy as np
import pandas as pd
from sklearn.metrics import accuracy_score, f1_score, roc_auc_score
from sklearn.neighbors import NearestNeighbors

from ganexp.tabular.evaluation.statistics import (
    classifier,
    ks_statistic,
    total_variation,
)

N_BINS = 10


def _is_nominal(series: pd.Series) -> bool:
    return isinstance(series.dtype, pd.CategoricalDtype)


def _frequencies(series: pd.Series, categories: list) -> np.ndarray:
    """Each category's share of the values present (a missing value is left out, as SDMetrics'
    TVComplement leaves it)."""
    counts = series.dropna().astype("object").value_counts()
    return np.array([counts.get(c, 0) for c in categories], dtype="float64") / max(
        int(counts.sum()), 1
    )


def column_shapes(real: pd.DataFrame, synthetic: pd.DataFrame) -> pd.DataFrame:
    """One row per column: its kind, the statistic used and the similarity (1 is identical)."""
    rows = []
    for column in real.columns:
        if _is_nominal(real[column]):
            labels = list(real[column].cat.categories)
            tvd = total_variation(
                _frequencies(real[column], labels), _frequencies(synthetic[column], labels)
            )
            rows.append((column, "nominal", "1 - TVD", 1.0 - tvd))
        else:
            ks = ks_statistic(real[column].to_numpy(float), synthetic[column].to_numpy(float))
            rows.append((column, "numeric", "1 - KS", 1.0 - ks))
    return pd.DataFrame(rows, columns=["column", "kind", "statistic", "score"])


def _binned(series: pd.Series) -> pd.Series:
    """A numeric column in ``N_BINS`` bins of equal width over its own range, as SDMetrics'
    Column Pair Trends bins each table's column (the real and the synthetic one apart)."""
    values = series.to_numpy(float)
    edges = np.histogram_bin_edges(values[~np.isnan(values)], bins=N_BINS)
    return pd.Series(np.digitize(values, edges).astype(str), index=series.index)


def _as_labels(series: pd.Series) -> pd.Series:
    if _is_nominal(series):
        return series.astype("object").fillna("?").astype(str)
    return _binned(series)


def pair_trends(real: pd.DataFrame, synthetic: pd.DataFrame) -> dict[str, float]:
    """Mean similarity over all column pairs, and the two differences it is built from."""
    correlation_gaps, contingency_gaps = [], []
    for a, b in combinations(real.columns, 2):
        if not _is_nominal(real[a]) and not _is_nominal(real[b]):
            r = real[a].astype(float).corr(real[b].astype(float))
            s = synthetic[a].astype(float).corr(synthetic[b].astype(float))
            r, s = (0.0 if np.isnan(v) else v for v in (r, s))  # a constant column correlates 0
            correlation_gaps.append(abs(r - s))
        else:
            joint_real = pd.crosstab(_as_labels(real[a]), _as_labels(real[b]), normalize=True)
            joint_synthetic = pd.crosstab(
                _as_labels(synthetic[a]), _as_labels(synthetic[b]), normalize=True
            )
            union = joint_real.add(joint_synthetic, fill_value=0.0)
            gap = total_variation(
                joint_real.reindex_like(union).fillna(0.0).to_numpy(),
                joint_synthetic.reindex_like(union).fillna(0.0).to_numpy(),
            )
            contingency_gaps.append(gap)
    similarities = [1.0 - g / 2.0 for g in correlation_gaps] + [1.0 - g for g in contingency_gaps]
    return {
        "score": float(np.mean(similarities)) if similarities else 1.0,
        "correlation_difference": float(np.mean(correlation_gaps)) if correlation_gaps else 0.0,
        "contingency_difference": float(np.mean(contingency_gaps)) if contingency_gaps else 0.0,
    }


def efficacy(
    train_x: np.ndarray, train_y: np.ndarray, test_x: np.ndarray, test_y: np.ndarray, seed: int
) -> dict[str, Any]:
    """Accuracy, macro F1 and ROC AUC (one-vs-rest macro average for more than two classes) on the
    real test rows of a classifier fit on ``train``.

    A figure that is undefined is None, and ``undefined`` says why: with one class only in the
    training labels there is nothing to rank (AUC), with no feature besides the target nothing to
    learn from (all three)."""
    if train_x.shape[1] == 0:
        reason = "no feature besides the target"
        return {
            "accuracy": None,
            "f1_macro": None,
            "roc_auc": None,
            "undefined": dict.fromkeys(("accuracy", "f1_macro", "roc_auc"), reason),
        }
    classes = np.unique(train_y)
    if len(classes) < 2:
        predicted = np.full(len(test_y), classes[0])
        return {
            "accuracy": float(accuracy_score(test_y, predicted)),
            "f1_macro": float(f1_score(test_y, predicted, average="macro")),
            "roc_auc": None,
            "undefined": {
                "roc_auc": f"the training rows hold one class only ({str(classes[0])!r})"
            },
        }
    model = classifier(seed, len(train_x)).fit(train_x, train_y)
    probabilities = model.predict_proba(test_x)
    predicted = model.classes_[probabilities.argmax(axis=1)]
    auc, reason = one_vs_rest_auc(test_y, probabilities, model.classes_)
    figures: dict[str, Any] = {
        "accuracy": float(accuracy_score(test_y, predicted)),
        "f1_macro": float(f1_score(test_y, predicted, average="macro")),
        "roc_auc": auc,
    }
    if reason:
        figures["undefined"] = {"roc_auc": reason}
    return figures


def one_vs_rest_auc(
    labels: np.ndarray, probabilities: np.ndarray, classes: np.ndarray
) -> tuple[float | None, str | None]:
    """ROC AUC of ``probabilities`` (one column per class) against ``labels``: the plain AUC of
    the second class for two classes, else the mean one-vs-rest AUC over the classes that both
    occur and do not fill the test rows. None and the reason where no class can be ranked."""
    if len(classes) == 2:
        positives = labels == classes[1]
        if positives.all() or not positives.any():
            return None, f"the test rows hold one class only ({str(labels[0])!r})"
        return float(roc_auc_score(positives, probabilities[:, 1])), None
    scores = [
        roc_auc_score(labels == label, probabilities[:, column])
        for column, label in enumerate(classes)
        if 0 < (labels == label).sum() < len(labels)
    ]
    if not scores:
        return None, "no class of the training rows is ranked against another in the test rows"
    return float(np.mean(scores)), None


def distance_to_closest(reference: np.ndarray, queries: np.ndarray) -> np.ndarray:
    """Euclidean distance from each query row to its nearest reference row."""
    distances, _ = NearestNeighbors(n_neighbors=1).fit(reference).kneighbors(queries)
    return distances[:, 0]
