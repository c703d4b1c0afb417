"""What analyze_confidence measures on a black-box generator's rows: how well the black box's
answer Y follows the requested C, whether the generator collapsed, and how close rows made
without data come to the real table (the tabular GAN's own figures, ``fidelity_summary``).

The analysis may read real rows; the generator never did.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ganexp.black_box.forest import ForestBlackBox
from ganexp.black_box.generator import CONFIDENCE, saved_precision
from ganexp.black_box.run import control_figures
from ganexp.black_box.training import ANSWER, last_epochs, run_folder, scored_rows
from ganexp.black_box.value_free import ValueFreeTable
from ganexp.gan.seeding import stream_seed
from ganexp.records.black_box import (
    Answers,
    BlackBoxSummary,
    Closeness,
    Collapse,
    ConfidenceDetails,
    ConfidenceSummary,
    Control,
    ControlEpoch,
    Criteria,
    LearnerResults,
    Scores,
)
from ganexp.spread import mean, mean_sd, sample_sd
from ganexp.tabular.evaluation.settings import AnalysisSettings
from ganexp.tabular.evaluation.summary import across_seeds, fidelity_summary

BASELINE = "uniform rows"  # the baseline's label beside the learners'
DECILES = 10
MIDDLE = (0.4, 0.6)  # a black box's "don't know": where a collapsed generator's rows sit
NUMERIC_BINS = 20  # a numeric column's entropy: over this many equal bins of its stated range


@dataclass(frozen=True)
class Thresholds:
    """The original criteria's, from params ``convergence``."""

    min_judge_accuracy: float | None
    min_deception_rate: float | None


@dataclass
class ConfidenceReport:
    """Every learner's figures over the seeds, their calibration tables (learner, seed, decile,
    rows, mean_requested, mean_answered), the black box's confidence on held-out real rows by
    their true class, and each learner's rows and the baseline's (seeds pooled)."""

    details: ConfidenceDetails
    calibration: pd.DataFrame
    real_scores: dict[str, np.ndarray]
    rows: dict[str, pd.DataFrame]

    @property
    def answers(self) -> dict[str, np.ndarray]:
        """The black box's answers Y on each learner's rows and the baseline's."""
        return {learn: rows[ANSWER].to_numpy() for learn, rows in self.rows.items()}

    def summary_lines(self, label: str) -> list[str]:
        """One line per learner: |C - Y|, Spearman and detection AUC, mean ± sd over seeds."""
        return [
            f"{label} {learn} ({len(r.seeds)} seeds): |C - Y| "
            f"{mean_sd(r.mean.control.mean_abs_error, r.std.control.mean_abs_error)}, Spearman "
            f"{mean_sd(r.mean.control.spearman, r.std.control.spearman)}, detection AUC "
            f"{mean_sd(r.mean.closeness.detection_auc, r.std.closeness.detection_auc)}"
            for learn, r in self.details.learners.items()
        ]


def analyze_runs(
    folder: Path,
    learners: Sequence[str],
    seeds: Sequence[int],
    history: pd.DataFrame,
    *,
    black_box: ForestBlackBox,
    summary: BlackBoxSummary,
    table: ValueFreeTable,
    train: pd.DataFrame,
    test: pd.DataFrame,
    settings: AnalysisSettings,
    thresholds: Thresholds,
    seed: int,
) -> ConfidenceReport:
    """``analyze_run`` for every learner and seed saved in ``folder`` (``run_folder``), with
    their last epochs from ``history`` (``confidence_history.tsv``); the first learner listed
    is the default."""
    last = last_epochs(history)
    results, tables, made = {}, [], {}
    measure = {
        "table": table,
        "real_train": train,
        "real_test": test,
        "settings": settings,
        "thresholds": thresholds,
        "classes": summary.classes,
        "seed": seed,
    }
    for learn in [*learners, BASELINE]:
        summaries, pooled = [], []
        for run_seed in seeds:
            if learn == BASELINE:
                n_rows = len(made[learners[0]]) // len(seeds)  # as many as a learner's run
                rows = uniform_rows(table, black_box, summary.target_class, n_rows, run_seed)
                record, queries = None, n_rows
            else:
                rows = pd.read_csv(run_folder(folder, learn, run_seed) / "rows.csv")
                record = last[(learn, run_seed)]
                queries = record.queries
            result, by_decile = analyze_run(rows, record, queries=queries, **measure)
            summaries.append(result)
            tables.append(by_decile.assign(learner=learn, seed=run_seed))
            pooled.append(rows)
        results[learn] = across(seeds, summaries)
        made[learn] = pd.concat(pooled, ignore_index=True)
    shares = train[table.target].astype("object").map(str).value_counts(normalize=True)
    details = ConfidenceDetails(
        black_box=summary,
        default=learners[0],
        learners={learn: results[learn] for learn in learners},
        precision=saved_precision(run_folder(folder, learners[0], seeds[0])),
        baseline=results[BASELINE],
        real_class_shares={name: float(shares.get(name, 0.0)) for name in summary.classes},
    )
    columns = ["learner", "seed", "decile", "rows", "mean_requested", "mean_answered"]
    scores = black_box.predict_proba(test)[:, list(summary.classes).index(summary.target_class)]
    labels = test[table.target].astype("object").map(str).to_numpy()
    return ConfidenceReport(
        details,
        pd.concat(tables, ignore_index=True)[columns],
        {name: scores[labels == name] for name in summary.classes},
        made,
    )


def uniform_rows(
    table: ValueFreeTable, black_box: ForestBlackBox, target_class: str, n: int, seed: int
) -> pd.DataFrame:
    """The baseline: ``n`` rows drawn uniformly from the spec's ranges and categories (its
    value-free encoding filled with uniform noise), each with a requested C drawn uniformly from
    [0, 1], scored by the black box as a learner's rows are. What a learner's rows show beyond
    these, learning made."""
    rng = np.random.default_rng(stream_seed(seed, "black_box.uniform_rows"))
    width = len(table.encoder.feature_names_out)
    features = table.rows(rng.uniform(size=(n, width)).astype("float32"))
    return scored_rows(features, black_box, table.target, target_class, rng.uniform(size=n))


def answer_figures(answered: np.ndarray, predicted: pd.Series, classes: Sequence[str]) -> Answers:
    """Y on all the rows and by the class the black box predicts for each, with the shares."""
    labels = predicted.astype("object").map(str).to_numpy()

    def scores(values: np.ndarray) -> Scores:
        found = len(values) > 0
        return Scores(
            rows=len(values),
            minimum=float(values.min()) if found else None,
            maximum=float(values.max()) if found else None,
            mean=mean(values),
            sd=sample_sd(values),
        )

    return Answers(
        all=scores(answered),
        by_class={name: scores(answered[labels == name]) for name in classes},
        class_shares={name: float((labels == name).mean()) for name in classes},
    )


def calibration(requested: np.ndarray, answered: np.ndarray) -> pd.DataFrame:
    """Per requested-C decile: its rows, mean C and mean Y."""
    decile = np.clip((requested * DECILES).astype(int), 0, DECILES - 1)
    frame = pd.DataFrame({"decile": decile + 1, "requested": requested, "answered": answered})
    table = frame.groupby("decile").agg(
        rows=("requested", "size"),
        mean_requested=("requested", "mean"),
        mean_answered=("answered", "mean"),
    )
    return table.reindex(range(1, DECILES + 1)).reset_index()


def _entropy(shares: np.ndarray) -> float:
    shares = shares[shares > 0]
    return float(-(shares * np.log(shares)).sum())


def _shares(values: pd.Series, column) -> np.ndarray:
    if column.nominal:
        texts = values.astype("object").map(str, na_action="ignore").fillna("\0missing")
        return texts.value_counts(normalize=True).to_numpy()
    edges = np.linspace(float(column.minimum), float(column.maximum), NUMERIC_BINS + 1)
    counts, _ = np.histogram(pd.to_numeric(values, errors="coerce").dropna(), bins=edges)
    return counts / max(counts.sum(), 1)


def collapse(
    rows: pd.DataFrame, real: pd.DataFrame, table: ValueFreeTable, answered: np.ndarray
) -> Collapse:
    features = table.features
    ratios = []
    for column in features:
        real_entropy = _entropy(_shares(real[column.name], column))
        if real_entropy > 0:
            ratios.append(_entropy(_shares(rows[column.name], column)) / real_entropy)
    low, high = MIDDLE
    return Collapse(
        distinct_rows=len(rows[[c.name for c in features]].drop_duplicates()),
        entropy_ratio=float(np.median(ratios)),
        categories_reached={
            c.name: int(rows[c.name].dropna().astype(str).nunique()) for c in features if c.nominal
        },
        middle_share=float(((answered >= low) & (answered <= high)).mean()),
    )


def analyze_run(
    rows: pd.DataFrame,
    last: ControlEpoch | None,
    *,
    table: ValueFreeTable,
    real_train: pd.DataFrame,
    real_test: pd.DataFrame,
    settings: AnalysisSettings,
    thresholds: Thresholds,
    classes: Sequence[str],
    seed: int,
    queries: int,
) -> tuple[ConfidenceSummary, pd.DataFrame]:
    """One run's figures from its written rows (features, the black box's class as the target,
    C and Y) and its last epoch's record (None for the baseline's rows, which no learner
    made); and its calibration table."""
    requested, answered = rows[CONFIDENCE].to_numpy(), rows[ANSWER].to_numpy()
    table_by_decile = calibration(requested, answered)
    filled = table_by_decile.dropna()
    gap = (filled["mean_requested"] - filled["mean_answered"]).abs()
    control = Control(
        **control_figures(requested, answered),
        calibration_error=float((gap * filled["rows"]).sum() / filled["rows"].sum()),
    )
    synthetic = _like(rows[list(real_train.columns)], real_train)
    summary, _ = fidelity_summary(
        real_train,
        synthetic,
        real_test,
        target=table.target,
        seed=seed,
        max_rows=settings.max_rows,
        folds=settings.detection_folds,
    )
    fidelity, privacy = summary["fidelity"], summary["privacy"]
    undefined: dict[str, str] = {}
    tstr = summary["efficacy"]["train_synthetic_test_real"]
    if tstr["roc_auc"] is None:
        undefined["closeness.train_synthetic_test_real"] = tstr["undefined"]["roc_auc"]
    closeness = Closeness(
        column_shapes=fidelity["column_shapes"],
        pair_trends=fidelity["pair_trends"],
        detection_auc=fidelity["detection_auc"],
        train_synthetic_test_real=tstr["roc_auc"],
        dcr_synthetic_median=privacy["dcr_synthetic_median"],
        dcr_real_test_median=privacy["dcr_real_test_median"],
        exact_copies_of_train_rows=privacy["exact_copies_of_train_rows"],
    )
    criteria = _criteria(last, thresholds, undefined)
    record = ConfidenceSummary(
        rows=len(rows),
        queries=queries,
        control=control,
        collapse=collapse(rows, real_train, table, answered),
        closeness=closeness,
        criteria=criteria,
        answers=answer_figures(answered, rows[table.target], classes),
        **({"undefined": undefined} if undefined else {}),
    )
    return record, table_by_decile


def _criteria(
    last: ControlEpoch | None, thresholds: Thresholds, undefined: dict[str, str]
) -> Criteria:
    if last is None or last.judge_accuracy is None or last.deception_rate is None:
        reason = (
            "uniform rows: no learner, no discriminator"
            if last is None
            else "a surrogate fits the black box's answers; it tells no answer from a request"
        )
        for key in ("judge_accuracy", "deception_rate", "accurate", "deceived"):
            undefined[f"criteria.{key}"] = reason
        return Criteria(judge_accuracy=None, deception_rate=None, accurate=None, deceived=None)
    accurate = (
        None
        if thresholds.min_judge_accuracy is None
        else last.judge_accuracy >= thresholds.min_judge_accuracy
    )
    deceived = (
        None
        if thresholds.min_deception_rate is None
        else last.deception_rate >= thresholds.min_deception_rate
    )
    return Criteria(
        judge_accuracy=last.judge_accuracy,
        deception_rate=last.deception_rate,
        accurate=accurate,
        deceived=deceived,
    )


def _like(rows: pd.DataFrame, real: pd.DataFrame) -> pd.DataFrame:
    """``rows`` (read from CSV) with the real frame's categories, so both read alike."""
    out = rows.copy()
    for name in real.columns:
        if isinstance(real[name].dtype, pd.CategoricalDtype):
            texts = out[name].astype("object").map(str, na_action="ignore")
            out[name] = pd.Categorical(texts, categories=real[name].cat.categories)
    return out


def across(seeds: Sequence[int], summaries: Sequence[ConfidenceSummary]) -> LearnerResults:
    """Mean and sample sd over the seeds; a pass/fail criterion's mean is the share of
    seeds that passed."""
    dumps = [_numbers(summary.dump()) for summary in summaries]

    def combined(statistic) -> ConfidenceSummary:
        values = across_seeds(dumps, statistic)
        values["undefined"] = summaries[0].undefined
        return ConfidenceSummary.model_validate(
            {k: v for k, v in values.items() if v is not None or k != "undefined"}
        )

    return LearnerResults(
        seeds=list(seeds),
        mean=combined(np.mean),
        std=combined(sample_sd),
        per_seed={str(seed): summary for seed, summary in zip(seeds, summaries, strict=True)},
    )


def _numbers(values: Any) -> Any:
    if isinstance(values, dict):
        return {k: _numbers(v) for k, v in values.items() if k != "undefined"}
    if isinstance(values, bool):
        return float(values)
    return values
