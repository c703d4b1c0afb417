"""The 2-D study's metrics files (``train_combined``'s details, ``compare_variants``'s
comparison) as the documents read them; keys the documents do not read are ignored."""

from __future__ import annotations

from ganexp.records import ReadRecord as Record


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
    epochs: int | None = None
    eval_every: int | None = None
    # the long run's budget (train_long_run), as the engine counts steps
    judge_steps: int | None = None
    generator_steps: int | None = None


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
