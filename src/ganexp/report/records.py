"""The metrics files the documents read, as typed records: what a table needs is an attribute,
not a chain of string keys, and a file whose shape changed fails to load with the key named.

They describe what the stages write (``check_convergence``, ``analyze_samples``,
``train_combined``, ``compare_variants``, ``preprocess``); keys the documents do not read are
ignored. A test loads every committed metrics file through them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ConfigDict


class Record(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


R = TypeVar("R", bound=Record)


def read(path: Path, kind: type[R]) -> R:
    return kind.model_validate(json.loads(path.read_text(encoding="utf-8")))


# -- preprocess.json --------------------------------------------------------------------------
class RowCounts(Record):
    total: int
    train: int
    validation: int
    test: int


class ColumnCounts(Record):
    encoded: int
    nominal: int
    numeric: int
    dropped: int
    joint: int = 0
    discrete: int = 0


class MissingValues(Record):
    total: int
    by_column: dict[str, int]


class Preprocessing(Record):
    rows: RowCounts
    columns: ColumnCounts
    missing_values: MissingValues
    derived_from: dict[str, str] = {}


# -- convergence_details.json -------------------------------------------------------------------
class QualityAt(Record):
    epoch: int
    detection_auc: float
    column_shapes: float


class OriginalVerdict(Record):
    converged: bool
    first_converged_epoch: int | None
    quality_near_selected_epoch: QualityAt | None


class EarlyStoppingVerdict(Record):
    converged: bool
    stop_epoch: int | None
    at_best_epoch: QualityAt | None


class RunVerdicts(Record):
    selected_epoch: int
    original: OriginalVerdict
    early_stopping: EarlyStoppingVerdict


class ConvergenceDetails(Record):
    seeds: int
    original_converged: int
    early_stopping_converged: int
    original_first_converged_epoch_median: float | None
    stop_epoch_median: float | None
    selected_epoch_median: float | None
    agreement_mean: float | None
    selection: str
    per_seed: dict[str, RunVerdicts]
    precision: str | None = None  # what the hidden layers computed in (None: not recorded)


# -- samples_details.json ---------------------------------------------------------------------
class Fidelity(Record):
    column_shapes: float
    pair_trends: float
    detection_auc: float


class Classifier(Record):
    accuracy: float | None
    roc_auc: float | None


class Efficacy(Record):
    train_synthetic_test_real: Classifier
    train_real_test_real: Classifier | None = None


class Privacy(Record):
    dcr_synthetic_median: float
    dcr_real_test_median: float


class RowGroup(Record):
    """Fooled or not-fooled rows: each figure's mean and std over the repeats."""

    size_mean: float
    cosine_to_random_real_mean: float | None
    cosine_to_random_real_std: float | None
    distance_to_nearest_real_mean: float | None
    distance_to_nearest_real_std: float | None


class DeceptionExperiment(Record):
    n_samples: float
    fooled: RowGroup
    not_fooled: RowGroup


class SampleSummary(Record):
    """One seed's figures, or their mean or std over the seeds."""

    encoding: str
    fidelity: Fidelity
    efficacy: Efficacy
    privacy: Privacy
    deception_experiment: DeceptionExperiment


class Baseline(Record):
    fidelity: Fidelity
    efficacy: Efficacy


class SamplesDetails(Record):
    seeds: list[int]
    mean: SampleSummary
    std: SampleSummary
    per_seed: dict[str, SampleSummary]
    independent_columns: Baseline


# -- metrics/combined/<benchmark>/<variant>/details.json ------------------------------------------
class VariantDetails(Record):
    benchmark: str
    variant: str
    switch_epoch: int | None
    n_modes: int
    runs: int
    runs_all_captured: int
    first_epoch_all_captured_median: float | None
    first_epoch_all_captured_min: int | None
    first_epoch_all_captured_max: int | None
    final_modes_captured_mean: float | None
    final_modes_captured_std: float | None
    final_high_quality_fraction_mean: float | None
    final_high_quality_fraction_std: float | None
    final_reverse_kl_mean: float | None
    final_reverse_kl_std: float | None
    final_modes_covered_mean: float | None
    final_modes_covered_std: float | None
    # the most modes captured at any evaluation, and the runs that end below it (dropped late)
    peak_modes_captured_mean: float | None = None
    peak_modes_captured_std: float | None = None
    runs_losing_modes: int | None = None
    precision: str | None = None  # what the hidden layers computed in (None: not recorded)


# -- metrics/combined/<benchmark>/comparison.json ------------------------------------------------
class PairedDifference(Record):
    """The subject minus another variant, seed by seed: the mean, its 95% bootstrap interval
    and how many seeds came out better / the same / worse for the subject."""

    mean_difference: float | None
    low: float | None
    high: float | None
    better: int
    same: int
    worse: int


class Differences(Record):
    """The subject against one other variant, figure by figure."""

    final_modes_captured: PairedDifference
    first_epoch_all_captured: PairedDifference
    final_high_quality_fraction: PairedDifference
    final_reverse_kl: PairedDifference


class Comparison(Record):
    subject: str
    against: dict[str, Differences]
