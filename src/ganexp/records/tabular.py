"""The tabular experiment's results, as preprocess, check_convergence and analyze_samples write
them and the documents read them: ``preprocess.json``, ``convergence_details.json`` (one
``RunVerdicts`` per seed) and ``samples_details.json`` (one ``SampleSummary`` per seed, their
mean and std, and the independent-columns ``Baseline``).

Counts are whole numbers for one seed and means over seeds, hence ``int | float``; a figure that
is undefined is None, and the record's ``undefined`` says why."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from ganexp.records import Record

Count = int | float  # a count for one seed, its mean or std over seeds


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
    derived: int = 0
    joint: int = 0
    discrete: int = 0
    features: int
    dropped: int
    identifiers: int = 0
    datetimes: int = 0


class MissingValues(Record):
    total: int
    by_column: dict[str, int]


class Preprocessing(Record):
    rows: RowCounts
    columns: ColumnCounts
    derived_from: dict[str, str]
    joint_combinations: dict[str, int]
    point_masses: dict[str, list[float]] = Field(default_factory=dict)  # flagged apart
    tails: list[str] = Field(default_factory=list)  # columns whose tails are flagged apart
    relations: list[str] = Field(default_factory=list)  # kept on decoding
    missing_values: MissingValues


# -- convergence_details.json -------------------------------------------------------------------
class QualityAt(Record):
    """Both per-epoch quality figures at an epoch."""

    epoch: int
    detection_auc: float | None
    column_shapes: float


class JudgeFigures(Record):
    """The discriminator's figures on the validation split after an epoch."""

    discriminator_loss: float
    generator_loss: float
    discriminator_accuracy: float
    discriminator_accuracy_real: float
    deception_rate: float


class OriginalVerdict(Record):
    """The original study's criteria on one run."""

    converged: bool
    selected_epoch: int
    rule: str  # "last", "most_deceptive" or "closest" (no epoch converged)
    first_converged_epoch: int | None
    n_converged_epochs: int
    at_selected_epoch: JudgeFigures
    quality_near_selected_epoch: QualityAt | None
    undefined: dict[str, str] | None = None


class EarlyStoppingVerdict(Record):
    """Early stopping on one run's quality figures: where it fired, what it kept there, and
    the best epoch of the whole run (training went on to the end)."""

    converged: bool
    reason: str  # "target", "plateau" or "still improving"
    stop_epoch: int | None
    kept_at_stop: int
    figure_at_stop: float
    best_epoch: int
    metric: str  # the figure followed (``evaluation.figures.FIGURES``)
    best_figure: float
    at_best_epoch: QualityAt | None
    evaluations: int


class RunVerdicts(Record):
    """Both verdicts on one run, the epoch kept, and how often the two agree."""

    selected_epoch: int
    selection: str
    original: OriginalVerdict
    early_stopping: EarlyStoppingVerdict
    agreement: float | None
    epochs: int


class ConvergenceDetails(Record):
    seeds: int
    original_converged: int
    early_stopping_converged: int
    selected_epoch_median: float | None
    original_first_converged_epoch_median: float | None
    stop_epoch_median: float | None
    agreement_mean: float | None
    selection: str
    precision: str | None = None  # what the hidden layers computed in (None: not recorded)
    per_seed: dict[str, RunVerdicts]
    thresholds: dict[str, Any]


# -- samples_details.json ---------------------------------------------------------------------
class Fidelity(Record):
    column_shapes: float | None
    column_shapes_numeric: float | None
    column_shapes_nominal: float | None
    pair_trends: float | None
    correlation_difference: float | None
    contingency_difference: float | None
    detection_auc: float | None  # boosted trees, against the real test rows
    detection_auc_forest: float | None = None  # the second detector (None: not measured)
    relations_found: int | None = None  # exact relations every real row keeps (None: not measured)
    relations_broken: float | None = None  # the share of rows that break one of them
    undefined: dict[str, str] | None = None


class Classifier(Record):
    accuracy: float | None
    f1_macro: float | None
    roc_auc: float | None
    undefined: dict[str, str] | None = None


class Efficacy(Record):
    train_synthetic_test_real: Classifier
    train_real_test_real: Classifier | None = None


class Privacy(Record):
    """Distances to the closest training row (DCR) and exact copies of one, for the synthetic
    rows and, beside them, the real test rows; each count is out of its own rows compared."""

    dcr_synthetic_median: float | None
    dcr_real_test_median: float | None
    exact_copies_of_train_rows: Count | None
    real_test_rows_equal_to_train_rows: Count | None
    rows_compared: Count | None  # synthetic rows
    real_test_rows_compared: Count | None = None  # None: not recorded

    def copy_share(self) -> float | None:
        """The share of synthetic rows equal to a training row."""
        if self.exact_copies_of_train_rows is None or not self.rows_compared:
            return None
        return self.exact_copies_of_train_rows / self.rows_compared

    def real_test_copy_share(self) -> float | None:
        """The share of real test rows equal to a training row (out of the test rows compared,
        which a small split makes fewer than the synthetic rows)."""
        if self.real_test_rows_equal_to_train_rows is None or not self.real_test_rows_compared:
            return None
        return self.real_test_rows_equal_to_train_rows / self.real_test_rows_compared


class RowGroup(Record):
    """Fooled or not-fooled rows: each figure's mean and sample sd over the repeats. The cosine
    distance is 1 - cosine similarity, as the original study measured it: smaller is nearer."""

    size_mean: float | None
    size_std: float | None
    cosine_distance_to_random_real_mean: float | None
    cosine_distance_to_random_real_std: float | None
    distance_to_nearest_real_mean: float | None
    distance_to_nearest_real_std: float | None
    undefined: dict[str, str] | None = None


class DeceptionExperiment(Record):
    n_samples: Count | None
    n_repeats: Count | None
    fooled: RowGroup | None
    not_fooled: RowGroup | None


class SampleSummary(Record):
    """One seed's figures, or their mean or sample sd over the seeds (text equal for every seed
    is kept, other text left out). A figure is None where it is undefined: for one seed, or for a
    spread of a single seed."""

    encoding: str | None = None
    n_synthetic_rows: Count | None
    fidelity: Fidelity | None
    efficacy: Efficacy | None
    privacy: Privacy | None
    deception_experiment: DeceptionExperiment | None
    # question 2 with the classifier trained after the generator as the judge (None: no refiner)
    refiner_deception_experiment: DeceptionExperiment | None = None


class RowSetFigures(Record):
    """One row set's figures per seed and their mean and sample sd over the seeds."""

    mean: SampleSummary
    std: SampleSummary
    per_seed: dict[str, SampleSummary]


class Baseline(Record):
    """The independent-columns baseline: fidelity and train-on-synthetic only."""

    fidelity: Fidelity
    efficacy: Efficacy


class SamplesDetails(Record):
    """``mean``, ``std`` and ``per_seed``: the rows the pipeline hands out (``rows``: "kept" by
    the refiner, or "generated" where there is none); ``generated``: the generator's own rows
    beside the kept ones."""

    seeds: list[int]
    rows: str = "generated"
    mean: SampleSummary
    std: SampleSummary
    per_seed: dict[str, SampleSummary]
    generated: RowSetFigures | None = None
    independent_columns: Baseline


# -- sdmetrics.json (benchmarks/sdmetrics_agreement.py) ------------------------------------------
class LibraryFigures(Record):
    column_shapes: float
    pair_trends: float  # over every pair, as the published tables
    pair_trends_thresholded: float | None = None  # SDMetrics' default report: strong pairs only


class SdmetricsTable(Record):
    sdmetrics: LibraryFigures
    ganexp: LibraryFigures


class SdmetricsAgreement(Record):
    sdmetrics_version: str
    tables: dict[str, SdmetricsTable]
