"""Everything analyze_samples measures, from a synthesizer and the real splits."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ganexp.errors import DataError
from ganexp.gan.seeding import stream_seed
from ganexp.records.tabular import Baseline, RowSetFigures, SamplesDetails, SampleSummary
from ganexp.spread import sample_sd
from ganexp.tabular.encoding.encoder import TabularEncoder
from ganexp.tabular.encoding.relations import broken_share, find_relations
from ganexp.tabular.encoding.settings import POINT_MASS
from ganexp.tabular.evaluation.baseline import independent_columns
from ganexp.tabular.evaluation.deception import deception_experiment
from ganexp.tabular.evaluation.fidelity import (
    column_shapes,
    distance_to_closest,
    efficacy,
    pair_trends,
)
from ganexp.tabular.evaluation.settings import AnalysisSettings
from ganexp.tabular.evaluation.statistics import detection_auc
from ganexp.tabular.model.conditions import judge_view
from ganexp.tabular.model.networks import real_probability
from ganexp.tabular.synthesizer import TabularSynthesizer


@dataclass
class SeedAnalysis:
    """One synthesizer's figures (and, if asked for, the baseline's), its synthetic table,
    the real rows it is measured against and its per-column similarities."""

    summary: SampleSummary  # the rows handed out: kept by the refiner where there is one
    generated: SampleSummary | None  # the generator's own rows beside the kept ones
    baseline: Baseline | None
    synthetic_rows: pd.DataFrame
    real_rows: pd.DataFrame
    column_shapes: pd.DataFrame


@dataclass
class AnalysisReport:
    """The figures of every seed and across them (``samples_details.json``), the first seed's
    synthetic table, and the per-column similarities averaged over the seeds."""

    details: SamplesDetails
    synthetic_rows: pd.DataFrame
    real_rows: pd.DataFrame
    column_shapes: pd.DataFrame


def probability_real(
    judge, rows: np.ndarray, real: np.ndarray, critic: bool, seed: int = 0
) -> np.ndarray:
    """The judge's probability that ``rows`` are real (a critic's: relative to ``real`` rows);
    ``seed``: the groups a judge trained by sampling sees beside them (``judge_view``)."""
    scores = judge(judge_view(judge, rows.astype("float32"), seed), training=False)
    real_scores = (
        judge(judge_view(judge, real.astype("float32"), seed + 1), training=False)
        if critic
        else scores
    )
    return np.asarray(real_probability(scores, real_scores, critic))


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


def analyze(
    synthesizer: TabularSynthesizer,
    train: np.ndarray,
    test: np.ndarray,
    settings: AnalysisSettings,
    *,
    seed: int,
    baseline: bool = True,
) -> SeedAnalysis:
    """The original experiment on ``settings.n_samples`` rows (``n_repeats`` times), then a
    synthetic table of ``n_synthetic`` rows (default: as many as the train split) and its
    fidelity figures against the target of the synthesizer's table spec, and (with
    ``baseline``) the same figures for as many rows of the independent-columns baseline.

    With a refiner the summary is the kept rows' (the rows the pipeline hands out) and
    ``generated`` the generator's own, measured alike; question 2 is answered by both judges:
    the GAN's discriminator and the refiner's classifier."""
    target = synthesizer.spec.target
    if target is None:
        raise DataError("the synthesizer's table spec names no target: set spec.target")
    n_samples, n_repeats = settings.n_samples, settings.n_repeats
    encoder = synthesizer.encoder
    real_rows = encoder.inverse_transform(train)
    original_space = TabularEncoder().fit(real_rows)  # the original study's feature space
    real_space = original_space.transform(real_rows)

    def judged_by(judge) -> dict[str, Any]:
        experiment = deception_experiment(
            synthesizer.sample_encoded,
            judge,
            lambda rows: original_space.transform(encoder.inverse_transform(rows)),
            real_space,
            n_samples,
            n_repeats,
            seed,
        )
        return {**experiment, "n_samples": n_samples, "n_repeats": n_repeats}

    experiment = judged_by(
        lambda rows: probability_real(
            synthesizer.discriminator, rows, train, synthesizer.settings.judge_is_critic
        )
    )
    refiner = synthesizer.refiner
    n_rows = settings.n_synthetic or len(train)
    synthetic_seed = stream_seed(seed, "analysis.synthetic")
    test_rows = encoder.inverse_transform(test)
    measure = {
        "target": target,
        "seed": seed,
        "max_rows": settings.max_rows,
        "folds": settings.detection_folds,
    }

    def measured(decoded: pd.DataFrame, **experiments: Any) -> tuple[SampleSummary, pd.DataFrame]:
        # measured as the encoder reads rows: dates as numbers
        summary, shapes = fidelity_summary(real_rows, decoded, test_rows, **measure)
        record = SampleSummary(
            **experiments,
            **summary,
            n_synthetic_rows=n_rows,
            encoding=f"{encoder.nominal}+{encoder.numeric}",
        )
        return record, shapes

    generated_rows = synthesizer.sample_decoded(n_rows, synthetic_seed)
    generated, shapes = measured(generated_rows, deception_experiment=experiment)
    decoded, record = generated_rows, generated
    if refiner is not None:
        decoded = synthesizer.sample_decoded(n_rows, synthetic_seed, refine=True)
        record, shapes = measured(
            decoded,
            deception_experiment=experiment,
            refiner_deception_experiment=judged_by(refiner.classifier.probability_real),
        )
    synthetic_rows = synthesizer.spec.restored_frame(decoded, synthetic_seed)  # the CSV
    independent = None
    if baseline:
        baseline_rows = independent_columns(
            real_rows, n_rows, stream_seed(seed, "analysis.baseline")
        )
        figures, _ = fidelity_summary(real_rows, baseline_rows, test_rows, baseline=True, **measure)
        independent = Baseline(**figures)
    beside = generated if refiner is not None else None
    return SeedAnalysis(record, beside, independent, synthetic_rows, real_rows, shapes)


def analyze_seeds(
    synthesizers: dict[int, TabularSynthesizer],
    train: np.ndarray,
    test: np.ndarray,
    settings: AnalysisSettings,
    *,
    seed: int,
) -> AnalysisReport:
    """``analyze`` for each seed's synthesizer (the baseline once), and the figures across seeds:
    ``mean`` and ``std`` (the sample sd, None for one seed) of every figure, ``per_seed`` as
    ``analyze`` reports it. The synthetic rows are the first seed's; the column shapes the mean
    over seeds."""
    reports = {
        run: analyze(synthesizer, train, test, settings, seed=seed, baseline=index == 0)
        for index, (run, synthesizer) in enumerate(synthesizers.items())
    }
    first = next(iter(reports.values()))
    shapes = pd.concat([report.column_shapes for report in reports.values()])
    shapes = (
        shapes.groupby(["column", "kind", "statistic"], sort=False)["score"]
        .agg(score="mean", score_std=sample_sd)
        .reset_index()
    )
    mean, std = summary_spread([report.summary for report in reports.values()])
    generated = None
    if all(report.generated is not None for report in reports.values()):
        own = {str(run): report.generated for run, report in reports.items()}
        own_mean, own_std = summary_spread(list(own.values()))
        generated = RowSetFigures(mean=own_mean, std=own_std, per_seed=own)
    details = SamplesDetails(
        seeds=[int(run) for run in reports],
        rows="kept" if generated is not None else "generated",
        mean=mean,
        std=std,
        per_seed={str(run): report.summary for run, report in reports.items()},
        generated=generated,
        independent_columns=first.baseline,
    )
    return AnalysisReport(details, first.synthetic_rows, first.real_rows, shapes)


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
