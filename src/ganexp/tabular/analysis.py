"""Everything analyze_samples measures, from a synthesizer and the real splits (the figures
themselves: ``ganexp.tabular.evaluation.summary``)."""

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
from ganexp.tabular.evaluation.baseline import independent_columns
from ganexp.tabular.evaluation.deception import deception_experiment
from ganexp.tabular.evaluation.settings import AnalysisSettings
from ganexp.tabular.evaluation.summary import fidelity_summary, summary_spread
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
