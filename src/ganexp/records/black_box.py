"""The black-box experiment's results, as its stages write them and the documents read them:
the black box (``black_box.json``), the generator's history (``confidence_history.tsv``, one
``ControlEpoch`` per row) and the analysis of its rows (``confidence_details.json``: per
learner, one ``ConfidenceSummary`` per seed, their mean and sample sd; the same for uniform rows,
the baseline).

A figure that is undefined is None, and the record's ``undefined`` says why."""

from __future__ import annotations

from ganexp.records import Record

Count = int | float  # a count for one seed, its mean or std over seeds


class ControlEpoch(Record):
    """One epoch of one run: losses, and the control figures on the control rows."""

    epoch: int
    train_judge_loss: float
    train_generator_loss: float
    mean_abs_error: float  # mean |C - Y|
    spearman: float  # rank correlation of C and Y (0 where every row gets the same Y)
    within_0_1: float  # share of rows with |C - Y| < 0.1
    # a discriminator's accuracy on (row, Y) against (row, C), or the assignment's on (row, Y, C)
    # against (row, C, Y); the share of requests it takes for the black box's answer
    judge_accuracy: float | None = None
    deception_rate: float | None = None
    queries: int  # rows the black box scored so far


class ScoreShares(Record):
    """The black box's scores on held-out real rows of one class."""

    rows: int
    mean: float
    std: float | None  # the sample sd; None for a class of one row
    minimum: float | None = None
    maximum: float | None = None


class Scores(Record):
    """The black box's confidence Y on a set of generated rows: how many, their range, mean
    and sample sd (None where the set is empty, or for a spread of one row)."""

    rows: Count | None
    minimum: float | None
    maximum: float | None
    mean: float | None
    sd: float | None


class Answers(Record):
    """Y on a run's rows: on all of them, and by the class the black box predicts for each (its
    most likely one), with the share of rows in each class."""

    all: Scores
    by_class: dict[str, Scores]
    class_shares: dict[str, float | None]


class BlackBoxSummary(Record):
    """The black box on its held-out 30%."""

    model: str
    classes: list[str]
    target_class: str  # C is this class's confidence
    train_rows: int
    held_out_rows: int
    accuracy: float
    roc_auc: float  # of the target class against the rest
    scores_by_class: dict[str, ScoreShares]


class Control(Record):
    mean_abs_error: float | None
    spearman: float | None
    within_0_1: float | None
    calibration_error: float | None  # mean over requested-C deciles of |mean C - mean Y|, by rows


class Collapse(Record):
    distinct_rows: Count | None  # per n_rows generated rows
    entropy_ratio: float | None  # median over columns of the rows' entropy over the real table's
    categories_reached: dict[str, Count | None]  # per nominal column, categories ever generated
    middle_share: float | None  # share of Y in [0.4, 0.6]


class Closeness(Record):
    """The tabular GAN's figures on these rows against the real training rows."""

    column_shapes: float | None
    pair_trends: float | None
    detection_auc: float | None
    train_synthetic_test_real: float | None  # ROC AUC; None where the rows hold one class
    dcr_synthetic_median: float | None  # distance to the nearest training row
    dcr_real_test_median: float | None  # the same for held-out real rows
    exact_copies_of_train_rows: Count | None


class Criteria(Record):
    """The original criteria where they mean something: a discriminator's accuracy and
    deception rate at the last epoch, and whether they pass the convergence thresholds."""

    judge_accuracy: float | None
    deception_rate: float | None
    accurate: bool | float | None  # a mean over seeds is the share that passed
    deceived: bool | float | None


class ConfidenceSummary(Record):
    rows: int | None
    queries: Count | None
    control: Control
    collapse: Collapse
    closeness: Closeness
    criteria: Criteria
    answers: Answers | None = None  # None: a file from before the figure
    undefined: dict[str, str] | None = None


class LearnerResults(Record):
    seeds: list[int]
    mean: ConfidenceSummary
    std: ConfidenceSummary
    per_seed: dict[str, ConfidenceSummary]


class ConfidenceDetails(Record):
    """``confidence_details.json``: the black box, and each learner's figures (``default``: the one
    params.yaml lists first, the README's)."""

    black_box: BlackBoxSummary
    default: str
    learners: dict[str, LearnerResults]
    precision: str | None = None  # what the generators' hidden layers computed in
    # rows drawn uniformly from the spec's ranges and categories, scored by the black box: chance
    baseline: LearnerResults | None = None
    real_class_shares: dict[str, float] | None = None  # the train split's target classes
