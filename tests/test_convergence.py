"""Convergence criteria and epoch selection on constructed histories."""

from __future__ import annotations

import pandas as pd
import pytest

from ganexp.tabular.convergence import Criteria, evaluate, select_epoch, shortfall

DEFAULT = Criteria(
    min_discriminator_accuracy=0.8,
    max_loss_gap=0.3,
    max_generator_loss=1.0,
    max_discriminator_loss=1.0,
    min_deception_rate=0.4,
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
    assert select_epoch(runs, DEFAULT, "best").selected_epoch == 2
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
    nothing = Criteria(None, "real", None, None, None, None)
    assert evaluate(history(LOW_ACC), nothing)["converged"].tolist() == [True]


def test_balanced_accuracy_option_uses_its_column():
    balanced = Criteria(0.8, "balanced", None, None, None, 0.4)
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
