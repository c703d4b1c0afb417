"""The figures of a synthetic table against real rows, and their spread over seeds: what
analyze_samples, the black-box analysis and the peers all measure rows with (one definition)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from ganexp.records.tabular import SampleSummary
from ganexp.spread import sample_sd
from ganexp.tabular.encoding.encoder import TabularEncoder
from ganexp.tabular.encoding.relations import broken_share, find_relations
from ganexp.tabular.encoding.settings import POINT_MASS
from ganexp.tabular.evaluation.fidelity import (
    column_shapes,
    distance_to_closest,
    efficacy,
    pair_trends,
)
from ganexp.tabular.evaluation.statistics import detection_auc


def fidelity_summary(
    real_rows: pd.DataFrame,
    synthetic_rows: pd.DataFrame,
    test_rows: pd.DataFrame,
    *,
    target: str,
    seed: int,
    max_rows: int,
    folds: int,
    baseline: bool = False,
) -> tuple[dict[str, Any], pd.DataFrame]:
    """All fidelity figures of ``synthetic_rows`` against ``real_rows`` (decoded tables), with
    ``test_rows`` as the held-out real rows for efficacy and privacy. For a ``baseline`` table
    only its fidelity and train-on-synthetic figures: train-on-real and the privacy distances
    are the synthetic table's to report, not computed twice.

    Classifiers and distances work in one fixed space, whatever encoding the GAN used: category
    codes and min-max scaling fitted on the real rows (the original study's feature space), so
    figures from different encodings compare. Detection (boosted trees, and a random forest as
    the second detector) tells the rows from ``test_rows``: real rows no model learned from.
    ``relations_broken``: the share of synthetic rows
    that break an exact relation between columns found on every real row (``relations``)."""
    shapes = column_shapes(real_rows, synthetic_rows)
    relations = find_relations(real_rows, POINT_MASS)  # those every real row keeps
    trends = pair_trends(real_rows, synthetic_rows)
    encoder = TabularEncoder().fit(real_rows)
    real_x, synthetic_x, test_x = (
        encoder.transform(rows) for rows in (real_rows, synthetic_rows, test_rows)
    )
    rng = np.random.default_rng(seed)

    def cap(x: np.ndarray) -> np.ndarray:
        return x[rng.permutation(len(x))[:max_rows]] if len(x) > max_rows else x

    features = [i for i, name in enumerate(encoder.feature_names_out) if name != target]

    def labels(rows: pd.DataFrame) -> np.ndarray:
        return rows[target].astype("object").fillna("?").astype(str).to_numpy()

    tstr = efficacy(
        synthetic_x[:, features],
        labels(synthetic_rows),
        test_x[:, features],
        labels(test_rows),
        seed,
    )
    # the rows for the distances are drawn before those for detection, for every table alike
    synthetic_sample, test_sample = cap(synthetic_x), cap(test_x)
    held_out, detected = cap(test_x), cap(synthetic_x)
    fidelity = {
        "column_shapes": float(shapes["score"].mean()),
        "column_shapes_numeric": _mean(shapes, "numeric"),
        "column_shapes_nominal": _mean(shapes, "nominal"),
        "pair_trends": trends["score"],
        "correlation_difference": trends["correlation_difference"],
        "contingency_difference": trends["contingency_difference"],
        "detection_auc": detection_auc(held_out, detected, seed, folds=folds),
        "detection_auc_forest": detection_auc(
            held_out, detected, seed, folds=folds, detector="forest"
        ),
        "relations_found": len(relations),
        "relations_broken": broken_share(synthetic_rows, relations),
        **_undefined_kinds(shapes),
    }
    if baseline:
        return {"fidelity": fidelity, "efficacy": {"train_synthetic_test_real": tstr}}, shapes
    trtr = efficacy(
        real_x[:, features], labels(real_rows), test_x[:, features], labels(test_rows), seed
    )
    synthetic_dcr = distance_to_closest(real_x, synthetic_sample)
    test_dcr = distance_to_closest(real_x, test_sample)
    summary = {
        "fidelity": fidelity,
        "efficacy": {"train_synthetic_test_real": tstr, "train_real_test_real": trtr},
        "privacy": {
            "dcr_synthetic_median": float(np.median(synthetic_dcr)),
            "dcr_real_test_median": float(np.median(test_dcr)),
            "exact_copies_of_train_rows": int((synthetic_dcr == 0.0).sum()),
            "real_test_rows_equal_to_train_rows": int((test_dcr == 0.0).sum()),
            "rows_compared": len(synthetic_dcr),
            "real_test_rows_compared": len(test_dcr),
        },
    }
    return summary, shapes


def _undefined_kinds(shapes: pd.DataFrame) -> dict[str, dict[str, str]]:
    """Why a per-kind column-shapes mean is None: the table has no column of that kind."""
    missing = {
        f"column_shapes_{kind}": f"the table has no {kind} column"
        for kind in ("numeric", "nominal")
        if not (shapes["kind"] == kind).any()
    }
    return {"undefined": missing} if missing else {}


def _mean(shapes: pd.DataFrame, kind: str) -> float | None:
    scores = shapes.loc[shapes["kind"] == kind, "score"]
    return float(scores.mean()) if len(scores) else None


def summary_spread(summaries: list[SampleSummary]) -> tuple[SampleSummary, SampleSummary]:
    """The mean and the sample sd over the seeds' summaries of every figure."""
    dumped = [summary.dump() for summary in summaries]
    mean, std = (across_seeds(dumped, statistic) for statistic in (np.mean, sample_sd))
    return SampleSummary.model_validate(mean), SampleSummary.model_validate(std)


def across_seeds(summaries: list[dict], statistic) -> dict:
    """``statistic`` over the seeds of every number in the summaries (same nested keys; a
    statistic may return None, as the sample sd of one seed does): a figure
    undefined (None) for any seed is None, and so is a group of figures undefined for any seed;
    text equal for all seeds is kept, other text dropped."""
    combined: dict[str, Any] = {}
    for key, value in summaries[0].items():
        values = [summary.get(key) for summary in summaries]
        if isinstance(value, dict):
            complete = all(isinstance(v, dict) for v in values)
            combined[key] = across_seeds(values, statistic) if complete else None
        elif isinstance(value, (bool, str)):
            if all(v == value for v in values):
                combined[key] = value
        elif isinstance(value, (int, float)) or value is None:
            numbers = [v for v in values if isinstance(v, (int, float))]
            figure = statistic(numbers) if len(numbers) == len(values) and numbers else None
            combined[key] = None if figure is None else float(figure)
    return combined
