"""Did the GAN converge, and which epoch's weights to keep: explicit criteria on a history.

An epoch converged when all applied criteria hold:
1. the discriminator is accurate: accuracy (on real validation rows, or balanced over real and
   generated ones) above ``min_discriminator_accuracy``;
2. the losses are low and balanced: |G loss - D loss| at most ``max_loss_gap``, G loss at most
   ``max_generator_loss``, D loss at most ``max_discriminator_loss``;
3. the generator fools the discriminator: deception rate above ``min_deception_rate``.
A threshold of None is not applied.

Why accuracy on *real* rows by default: the balanced accuracy is (TPR + 1 - deception) / 2, so a
balanced accuracy above 0.80 forces a deception rate below 0.40. With the default thresholds
criteria 1 and 3 could never hold together; the original study's "accurate discriminator" can only
have meant that it recognises real rows.

Beside them, early stopping (``EarlyStopping``, ``early_stopping_verdict``) on the quality
figures of generated rows that train_gan records every few epochs. ``judge_run`` applies both to
one run and says how often they agree; ``select: best_quality`` keeps the run's best epoch by
its quality figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from ganexp.records.tabular import (
    ConvergenceDetails,
    EarlyStoppingVerdict,
    JudgeFigures,
    OriginalVerdict,
    QualityAt,
    RunVerdicts,
)
from ganexp.tabular.convergence.settings import (
    ConvergenceSettings,
    Criteria,
    EarlyStopping,
    Selection,
)
from ganexp.tabular.evaluation.figures import FIGURES
from ganexp.tabular.model.history import JUDGE_COLUMNS, QUALITY_COLUMNS


@dataclass(frozen=True)
class Verdict:
    converged: bool
    selected_epoch: int
    rule: str  # "last", "most_deceptive" or "closest" (no epoch converged)
    converged_epochs: list[int]


def with_loss_gap(history: pd.DataFrame) -> pd.DataFrame:
    """``history`` with ``loss_gap``: |generator loss - discriminator loss| on validation."""
    return history.assign(
        loss_gap=(history["generator_loss"] - history["discriminator_loss"]).abs()
    )


def criteria_rule(select: Selection) -> Literal["last", "most_deceptive"]:
    """The rule that picks an epoch among those the original criteria accept: ``select``'s
    own, or ``last`` where ``select`` picks by the quality figures."""
    return "most_deceptive" if select == "most_deceptive" else "last"


def evaluate(history: pd.DataFrame, criteria: Criteria) -> pd.DataFrame:
    """One row per epoch: whether each applied criterion holds, and ``converged`` (all hold)."""
    values = with_loss_gap(history)
    flags = pd.DataFrame({"epoch": history["epoch"].astype(int)})
    for check in criteria.checks():
        column = values[check.column]
        flags[check.name] = (
            column > check.threshold if check.bound == "min" else column <= check.threshold
        )
    applied = [check.name for check in criteria.checks()]
    flags["converged"] = flags[applied].all(axis=1) if applied else True
    return flags


def shortfall(history: pd.DataFrame, criteria: Criteria) -> pd.Series:
    """How far each epoch is from meeting the criteria: the sum over criteria of the relative
    distance to its threshold (0 for a criterion that holds). Used only when nothing converged."""
    values = with_loss_gap(history)
    total = pd.Series(0.0, index=history.index)
    for check in criteria.checks():
        scale = max(abs(check.threshold), 1e-9)
        column, threshold = values[check.column], check.threshold
        if check.bound == "min":
            total += np.maximum(0.0, threshold - column) / scale
        else:
            total += np.maximum(0.0, column - threshold) / scale
    return total


def select_epoch(
    history: pd.DataFrame,
    criteria: Criteria,
    rule: Literal["last", "most_deceptive"] = "last",
    available: list[int] | None = None,
) -> Verdict:
    """Pick the epoch whose weights to keep, among ``available`` epochs (those checkpointed).

    ``last``: the last converged epoch (the original study kept the last). ``most_deceptive``:
    the converged epoch with the highest deception rate (the earliest on a tie). When no epoch
    converged, the one with the smallest shortfall (the latest on a tie) and ``converged``
    False."""
    if history.empty:
        raise ValueError("the history has no epochs")
    if available is not None:
        history = history[history["epoch"].isin(available)].reset_index(drop=True)
        if history.empty:
            raise ValueError("no checkpointed epoch in the history")
    flags = evaluate(history, criteria)
    converged = history[flags["converged"]]
    epochs = [int(e) for e in converged["epoch"]]
    if epochs:
        if rule == "last":
            chosen = epochs[-1]
        else:
            chosen = int(converged.loc[converged["deception_rate"].idxmax(), "epoch"])
        return Verdict(True, chosen, rule, epochs)
    gaps = shortfall(history, criteria).to_numpy()
    best = int(np.flatnonzero(gaps == gaps.min())[-1])
    return Verdict(False, int(history["epoch"].iloc[best]), "closest", [])


# -- early stopping on the quality figures ---------------------------------------------------------
def quality_figures(history: pd.DataFrame, metric: str) -> pd.Series:
    """The rule's figure (``evaluation.per_epoch.FIGURES``) at each epoch that carries the
    quality figures, indexed by epoch."""
    missing = [c for c in QUALITY_COLUMNS if c not in history.columns]
    if missing:
        raise ValueError(f"the history has no column {', '.join(missing)}")
    rows = history.dropna(subset=list(QUALITY_COLUMNS)).set_index("epoch")
    figures = FIGURES[metric].of(rows["quality_column_shapes"], rows["quality_detection_auc"])
    figures.index = figures.index.astype(int)
    return figures.astype("float64")


def early_stopping_verdict(
    history: pd.DataFrame, rule: EarlyStopping, available: list[int] | None = None
) -> EarlyStoppingVerdict:
    """Apply ``rule`` to the epochs that carry the quality figures; keep the best of them up
    to the stop among ``available`` (checkpointed) epochs, the earliest on a tie."""
    figures = quality_figures(history, rule.metric)
    if available is not None:
        figures = figures[figures.index.isin(available)]
    if figures.empty:
        raise ValueError("no checkpointed epoch carries the quality figures")
    sign = 1.0 if rule.higher_is_better else -1.0  # sign * figure: higher is better
    epochs, values = figures.index.to_numpy(), figures.to_numpy()
    best, waited, stop, reason = -np.inf, 0, None, "still improving"
    for index, value in enumerate(values):
        score = sign * value
        if rule.target is not None and score >= sign * rule.target:
            stop, reason = index, "target"
            break
        if score > best + rule.min_delta:
            best, waited = score, 0
        else:
            waited += 1
            if waited >= rule.patience:
                stop, reason = index, "plateau"
                break
    seen = values if stop is None else values[: stop + 1]
    chosen, best_overall = int(np.argmax(sign * seen)), int(np.argmax(sign * values))
    return EarlyStoppingVerdict(
        converged=stop is not None,
        reason=reason,
        stop_epoch=None if stop is None else int(epochs[stop]),
        kept_at_stop=int(epochs[chosen]),
        figure_at_stop=round(float(seen[chosen]), 6),
        best_epoch=int(epochs[best_overall]),
        metric=rule.metric,
        best_figure=round(float(values[best_overall]), 6),
        at_best_epoch=_quality_at(history, int(epochs[best_overall])),
        evaluations=len(values),
    )


def agreement(
    flags: pd.DataFrame, verdict: EarlyStoppingVerdict, evaluated: list[int]
) -> float | None:
    """Share of the evaluated epochs at which the original criteria and early stopping give the
    same answer to "has training converged by now?" (early stopping: from its stop epoch on)."""
    rows = flags[flags["epoch"].isin(evaluated)]
    if rows.empty:
        return None
    quality_says = (
        rows["epoch"] >= verdict.stop_epoch if verdict.converged else rows["epoch"] < 0
    ).to_numpy()
    return round(float((rows["converged"].to_numpy() == quality_says).mean()), 6)


def original_verdict(
    history: pd.DataFrame, criteria: Criteria, select: Selection, available: list[int]
) -> OriginalVerdict:
    """The original criteria on one run: the epoch their rule keeps, and the figures there."""
    verdict = select_epoch(history, criteria, criteria_rule(select), available)
    at = history.set_index("epoch").loc[verdict.selected_epoch]
    converged = verdict.converged_epochs
    return OriginalVerdict(
        converged=verdict.converged,
        selected_epoch=verdict.selected_epoch,
        rule=verdict.rule,
        first_converged_epoch=converged[0] if converged else None,
        n_converged_epochs=len(converged),
        at_selected_epoch=JudgeFigures(
            **{name: round(float(at[name]), 6) for name in JUDGE_COLUMNS}
        ),
        quality_near_selected_epoch=_quality_at(history, verdict.selected_epoch),
        **({} if converged else {"undefined": {"first_converged_epoch": NO_CONVERGED_EPOCH}}),
    )


NO_CONVERGED_EPOCH = "no epoch met every criterion"


def judge_run(
    history: pd.DataFrame,
    criteria: Criteria,
    select: Selection,
    rule: EarlyStopping,
    available: list[int],
) -> RunVerdicts:
    """Both verdicts on one run's history, which epoch to keep, and how far they agree.

    ``select``: ``last`` / ``most_deceptive`` by the original criteria (``select_epoch``),
    ``best_quality`` the epoch with the best quality figure of the whole run (the run went on
    past any stop)."""
    original = original_verdict(history, criteria, select, available)
    quality = early_stopping_verdict(history, rule, available)
    evaluated = [int(e) for e in history.dropna(subset=list(QUALITY_COLUMNS))["epoch"]]
    best_quality = select == "best_quality"
    return RunVerdicts(
        selected_epoch=quality.best_epoch if best_quality else original.selected_epoch,
        selection="best_quality" if best_quality else original.rule,
        original=original,
        early_stopping=quality,
        agreement=agreement(evaluate(history, criteria), quality, evaluated),
        epochs=len(history),
    )


def judge_runs(
    history: pd.DataFrame,
    criteria: Criteria,
    select: Selection,
    rule: EarlyStopping,
    available: dict[int, list[int]],
) -> dict[int, RunVerdicts]:
    """``judge_run`` for each seed of a history with a ``seed`` column; ``available``: each
    seed's checkpointed epochs. A ValueError names a seed without history or checkpoints."""
    runs = {}
    for seed, epochs in available.items():
        run = history[history["seed"] == seed].reset_index(drop=True)
        if run.empty or not epochs:
            raise ValueError(f"seed {seed} has no history rows or no checkpoints")
        try:
            runs[seed] = judge_run(run, criteria, select, rule, epochs)
        except ValueError as exc:
            raise ValueError(f"seed {seed}: {exc}") from None
    return runs


def _quality_at(history: pd.DataFrame, epoch: int) -> QualityAt | None:
    """Both quality figures at ``epoch``, or at the last evaluated epoch before it (None if
    there is none: the epoch comes before the first evaluation)."""
    rows = history.dropna(subset=["quality_column_shapes"])
    rows = rows[rows["epoch"] <= epoch]
    if rows.empty:
        return None
    last = rows.iloc[-1]
    auc = last["quality_detection_auc"]
    return QualityAt(
        epoch=int(last["epoch"]),
        detection_auc=None if pd.isna(auc) else round(float(auc), 6),
        column_shapes=round(float(last["quality_column_shapes"]), 6),
    )


def convergence_details(
    runs: dict[int, RunVerdicts],
    settings: ConvergenceSettings,
    precision: str | None = None,
) -> ConvergenceDetails:
    """What the runs of several seeds say together, with every run's verdicts, the settings
    they were judged by and the ``precision`` the runs trained in."""

    def median(values: list) -> float | None:
        values = [v for v in values if v is not None]
        return float(np.median(values)) if values else None

    verdicts = list(runs.values())
    agreements = [r.agreement for r in verdicts if r.agreement is not None]
    return ConvergenceDetails(
        seeds=len(verdicts),
        original_converged=sum(r.original.converged for r in verdicts),
        early_stopping_converged=sum(r.early_stopping.converged for r in verdicts),
        selected_epoch_median=median([r.selected_epoch for r in verdicts]),
        original_first_converged_epoch_median=median(
            [r.original.first_converged_epoch for r in verdicts]
        ),
        stop_epoch_median=median([r.early_stopping.stop_epoch for r in verdicts]),
        agreement_mean=round(float(np.mean(agreements)), 6) if agreements else None,
        selection=settings.select,
        precision=precision,
        per_seed={str(seed): run for seed, run in runs.items()},
        thresholds=settings.model_dump(),
    )
