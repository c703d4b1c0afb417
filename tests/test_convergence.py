"""Convergence criteria and epoch selection on constructed histories."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ganexp.tabular.convergence.verdicts import (
    Criteria,
    EarlyStopping,
    agreement,
    early_stopping_verdict,
    evaluate,
    judge_run,
    select_epoch,
    shortfall,
)

DEFAULT = Criteria(
    min_discriminator_accuracy=0.8,
    max_loss_gap=0.3,
    max_generator_loss=1.0,
    max_discriminator_loss=1.0,
    min_deception_rate=0.4,
)

# the criteria on the discriminator's accuracy and the deception rate only
ACCURACY_AND_DECEPTION = Criteria(
    max_loss_gap=None, max_generator_loss=None, max_discriminator_loss=None
)


def history(*rows: tuple[float, float, float, float, float]) -> pd.DataFrame:
    """Rows of (accuracy on real rows, deception rate, D loss, G loss, balanced accuracy)."""
    columns = [
        "discriminator_accuracy_real",
        "deception_rate",
        "discriminator_loss",
        "generator_loss",
        "discriminator_accuracy",
    ]
    frame = pd.DataFrame(rows, columns=columns)
    frame.insert(0, "epoch", range(1, len(rows) + 1))
    return frame


GOOD = (0.85, 0.5, 0.68, 0.70, 0.67)
LOW_ACC = (0.70, 0.5, 0.68, 0.70, 0.60)
NOT_FOOLED = (0.95, 0.1, 0.45, 1.2, 0.92)
UNBALANCED = (0.85, 0.5, 0.30, 0.90, 0.67)


def test_never_converges_selects_the_closest_epoch():
    runs = history(NOT_FOOLED, LOW_ACC, NOT_FOOLED)
    verdict = select_epoch(runs, DEFAULT)
    assert not verdict.converged
    assert verdict.rule == "closest"
    assert verdict.converged_epochs == []
    assert verdict.selected_epoch == 2  # only the accuracy is short, by 0.10 / 0.80
    assert shortfall(runs, DEFAULT).iloc[1] == pytest.approx(0.125)


def test_closest_prefers_the_later_epoch_on_a_tie():
    verdict = select_epoch(history(LOW_ACC, LOW_ACC), DEFAULT)
    assert verdict.selected_epoch == 2


def test_converges_once():
    verdict = select_epoch(history(NOT_FOOLED, GOOD, LOW_ACC), DEFAULT)
    assert verdict.converged and verdict.selected_epoch == 2
    assert verdict.converged_epochs == [2]


def test_last_and_best_rules():
    more = (0.9, 0.7, 0.69, 0.69, 0.6)
    runs = history(GOOD, more, GOOD, LOW_ACC)
    assert select_epoch(runs, DEFAULT, "last").selected_epoch == 3
    assert select_epoch(runs, DEFAULT, "most_deceptive").selected_epoch == 2
    assert select_epoch(runs, DEFAULT, "last").converged_epochs == [1, 2, 3]


def test_each_criterion_is_checked():
    flags = evaluate(history(GOOD, LOW_ACC, NOT_FOOLED, UNBALANCED), DEFAULT)
    assert flags["converged"].tolist() == [True, False, False, False]
    assert flags["discriminator_accuracy"].tolist() == [True, False, True, True]
    assert flags["deception_rate"].tolist() == [True, True, False, True]
    assert flags["loss_gap"].tolist() == [True, True, False, False]
    assert flags["generator_loss"].tolist() == [True, True, False, True]


def test_null_thresholds_are_not_applied():
    lenient = Criteria(
        min_discriminator_accuracy=0.8,
        max_loss_gap=None,
        max_generator_loss=None,
        max_discriminator_loss=None,
        min_deception_rate=None,
    )
    flags = evaluate(history(UNBALANCED, NOT_FOOLED, LOW_ACC), lenient)
    assert list(flags.columns) == ["epoch", "discriminator_accuracy", "converged"]
    assert flags["converged"].tolist() == [True, True, False]
    nothing = Criteria(
        min_discriminator_accuracy=None,
        max_loss_gap=None,
        max_generator_loss=None,
        max_discriminator_loss=None,
        min_deception_rate=None,
    )
    assert evaluate(history(LOW_ACC), nothing)["converged"].tolist() == [True]


def test_balanced_accuracy_option_uses_its_column():
    balanced = ACCURACY_AND_DECEPTION.model_copy(update={"accuracy_on": "balanced"})
    assert not select_epoch(history(GOOD), balanced).converged  # balanced accuracy 0.67
    assert select_epoch(history((0.5, 0.5, 0.6, 0.6, 0.85)), balanced).converged


def test_thresholds_are_strict_for_minimums():
    at_threshold = (0.8, 0.4, 0.68, 0.70, 0.7)
    assert not select_epoch(history(at_threshold), DEFAULT).converged


def test_only_checkpointed_epochs_are_selectable():
    runs = history(GOOD, GOOD, GOOD, LOW_ACC)
    verdict = select_epoch(runs, DEFAULT, "last", available=[2, 4])
    assert verdict.selected_epoch == 2 and verdict.converged_epochs == [2]
    with pytest.raises(ValueError, match="no checkpointed epoch"):
        select_epoch(runs, DEFAULT, available=[9])


# -- the verdict that tracks quality ------------------------------------------------------------


def quality_history(aucs: list[float], every: int = 5, flags_seed: int | None = None):
    """A history whose quality figure is ``aucs`` every ``every`` epochs; with ``flags_seed``
    the original criteria's figures jump at random, so they hold at scattered epochs."""
    epochs = len(aucs) * every
    rng = np.random.default_rng(flags_seed or 0)
    accuracy = rng.uniform(0.1, 0.95, epochs) if flags_seed is not None else np.full(epochs, 0.5)
    deception = rng.uniform(0.1, 0.95, epochs) if flags_seed is not None else np.full(epochs, 0.1)
    figure = np.full(epochs, np.nan)
    figure[every - 1 :: every] = aucs
    return pd.DataFrame(
        {
            "epoch": np.arange(1, epochs + 1),
            "discriminator_accuracy": accuracy,
            "discriminator_accuracy_real": accuracy,
            "deception_rate": deception,
            "discriminator_loss": np.full(epochs, 0.6),
            "generator_loss": np.full(epochs, 0.8),
            "quality_detection_auc": figure,
            "quality_column_shapes": 1.5 - figure,
        }
    )


# improves by 0.05 per evaluation until epoch 40 (0.60), then wobbles within 0.004
PLATEAU = [0.95, 0.90, 0.85, 0.80, 0.75, 0.70, 0.65, 0.60, 0.603, 0.598, 0.601, 0.6, 0.599, 0.6]


def test_early_stopping_stops_after_patience_evaluations_without_improvement():
    verdict = early_stopping_verdict(
        quality_history(PLATEAU), EarlyStopping(metric="detection_auc", patience=4, min_delta=0.005)
    )
    # best 0.60 at epoch 40; epochs 45..60 improve by less than 0.005: stop at the 4th of them.
    # The 0.598 at epoch 50 is the best figure seen, so it is the epoch kept.
    assert (verdict.converged, verdict.reason, verdict.stop_epoch) == (True, "plateau", 60)
    assert verdict.kept_at_stop == 50 and verdict.figure_at_stop == pytest.approx(0.598)
    assert verdict.evaluations == len(PLATEAU)


def test_early_stopping_target_fires_first_and_an_improving_run_is_not_converged():
    history = quality_history(PLATEAU)
    target = early_stopping_verdict(history, EarlyStopping(metric="detection_auc", target=0.71))
    assert (target.reason, target.stop_epoch, target.kept_at_stop) == ("target", 30, 30)
    improving = early_stopping_verdict(
        quality_history(PLATEAU[:8]), EarlyStopping(metric="detection_auc", patience=4)
    )
    assert not improving.converged and improving.reason == "still improving"
    assert improving.stop_epoch is None and improving.kept_at_stop == 40


def test_early_stopping_counts_detection_by_its_distance_from_one_half():
    # 0.40 separates the rows as well as 0.60 does: 0.52 is the best epoch, not 0.40
    verdict = early_stopping_verdict(
        quality_history([0.7, 0.52, 0.4, 0.45]), EarlyStopping(metric="detection_auc", patience=9)
    )
    assert verdict.kept_at_stop == 10 and verdict.figure_at_stop == pytest.approx(0.52)


def test_early_stopping_on_column_shapes_prefers_the_highest_and_sees_only_checkpoints():
    history = quality_history(PLATEAU)  # shapes = 1.5 - AUC: the same curve upside down
    rule = EarlyStopping(metric="column_shapes", patience=4)
    assert early_stopping_verdict(history, rule).kept_at_stop == 50
    kept = early_stopping_verdict(history, rule, available=[10, 20, 30])
    assert kept.kept_at_stop == 30 and not kept.converged


def test_early_stopping_without_figures_is_a_clear_error():
    history = quality_history(PLATEAU).drop(columns="quality_detection_auc")
    with pytest.raises(ValueError, match="no column quality_detection_auc"):
        early_stopping_verdict(history, EarlyStopping())
    with pytest.raises(ValueError, match="no checkpointed epoch carries the quality figures"):
        early_stopping_verdict(quality_history(PLATEAU), EarlyStopping(), available=[1, 2, 3])


def test_the_score_follows_column_shapes_while_the_detector_is_saturated():
    """The original encoding's rows are always detected (AUC 1.0 at every evaluation): on the
    AUC alone the rule stops after `patience` evaluations and keeps the first epoch; the score
    (mean of shapes and 2 - 2 x AUC) still sees the shapes improve until epoch 40."""
    history = quality_history([1.0] * 14)
    shapes = [0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9]
    history.loc[history["epoch"] % 5 == 0, "quality_column_shapes"] = shapes
    on_auc = early_stopping_verdict(history, EarlyStopping(metric="detection_auc", patience=4))
    assert (on_auc.stop_epoch, on_auc.kept_at_stop) == (25, 5)
    on_score = early_stopping_verdict(history, EarlyStopping(metric="score", patience=4))
    assert (on_score.stop_epoch, on_score.kept_at_stop) == (55, 35)
    assert on_score.figure_at_stop == pytest.approx(0.5 * 0.9 + 0.5 * 0.0)


@pytest.mark.parametrize("flags_seed", [1, 2, 3, 4, 5])
def test_the_original_criteria_fire_at_random_the_early_stopping_verdict_does_not(flags_seed):
    """Five histories with the same quality curve and discriminator figures that swing at
    random (as under R1 on Adult): the original criteria pick a different epoch every time, the
    quality rule the same one, and agreement reports how far apart they are."""
    history = quality_history(PLATEAU, flags_seed=flags_seed)
    rule = EarlyStopping(metric="detection_auc", patience=4, min_delta=0.005)
    run = judge_run(history, ACCURACY_AND_DECEPTION, "best_quality", rule, list(range(1, 71)))
    assert run.selected_epoch == 50 and run.early_stopping.stop_epoch == 60
    assert run.original.converged  # with scattered epochs...
    assert run.original.n_converged_epochs < 40  # ...only some of them
    assert 0.0 <= run.agreement <= 1.0
    original = [
        judge_run(
            quality_history(PLATEAU, flags_seed=s), ACCURACY_AND_DECEPTION, "last", rule, None
        ).original.first_converged_epoch
        for s in (1, 2, 3, 4, 5)
    ]
    assert len(set(original)) > 1  # the original verdict moves with the noise


def test_agreement_counts_evaluated_epochs_where_both_verdicts_answer_alike():
    history = quality_history(PLATEAU)
    verdict = early_stopping_verdict(
        history, EarlyStopping(metric="detection_auc", patience=4)
    )  # stops at 60
    flags = pd.DataFrame({"epoch": history["epoch"], "converged": history["epoch"] >= 50})
    evaluated = list(range(5, 71, 5))
    # they differ at epochs 50 and 55 only: 12 of 14 evaluations agree
    assert agreement(flags, verdict, evaluated) == pytest.approx(12 / 14, abs=1e-6)
    assert agreement(flags, verdict, []) is None


def test_the_best_epoch_of_the_run_can_come_after_the_stop():
    """Early stopping keeps the best epoch before its stop; a pipeline that trained to the end
    keeps the best of the whole run (select: best_quality)."""
    history = quality_history([0.9, 0.8, 0.7, 0.7, 0.7, 0.7, 0.7, 0.6])
    verdict = early_stopping_verdict(history, EarlyStopping(metric="detection_auc", patience=4))
    assert (verdict.stop_epoch, verdict.kept_at_stop) == (35, 15)
    assert (verdict.best_epoch, verdict.best_figure) == (40, pytest.approx(0.6))
    run = judge_run(
        history, ACCURACY_AND_DECEPTION, "best_quality", EarlyStopping(metric="detection_auc"), None
    )
    assert run.selected_epoch == 40 and run.early_stopping.kept_at_stop == 15
