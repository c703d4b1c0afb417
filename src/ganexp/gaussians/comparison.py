"""One variant against another over the same seeds: paired differences and their bootstrap
interval.

Every variant trains from the same seeds, so seed s of ``combined`` and seed s of ``gan`` share
the data, the initial generator and the evaluation noise; their difference is the schedule's
effect plus the run's own chance. Over five seeds, the mean difference, a 95% percentile
bootstrap interval of it (SciPy), and the count of seeds where the variant did better, the same
or worse say how large the effect is and how sure five runs make us.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from scipy import stats

# figure in a details file's per-seed entry: True when higher is better
FIGURES = {
    "final_modes_captured": True,
    "first_epoch_all_captured": False,
    "final_high_quality_fraction": True,
    "final_reverse_kl": False,
}


def paired_difference(
    ours: Sequence[float | None],
    theirs: Sequence[float | None],
    *,
    higher_is_better: bool,
    seed: int = 0,
    n_resamples: int = 10_000,
) -> dict[str, Any]:
    """Mean of ``ours - theirs`` over the pairs where both are defined, its 95% bootstrap
    interval (None below two pairs), and how many pairs went each way."""
    pairs = [(a, b) for a, b in zip(ours, theirs, strict=True) if a is not None and b is not None]
    diff = np.array([a - b for a, b in pairs], dtype="float64")
    if not len(diff):
        return {"pairs": 0, "mean_difference": None, "low": None, "high": None,
                "better": 0, "same": 0, "worse": 0}  # fmt: skip
    low = high = None
    if len(diff) >= 2:
        if np.all(diff == diff[0]):
            low = high = float(diff[0])  # every resample has the same mean
        else:
            interval = stats.bootstrap(
                (diff,),
                np.mean,
                n_resamples=n_resamples,
                method="percentile",
                random_state=np.random.default_rng(seed),
            ).confidence_interval
            low, high = float(interval.low), float(interval.high)
    signed = diff if higher_is_better else -diff
    return {
        "pairs": len(diff),
        "mean_difference": round(float(diff.mean()), 6),
        "low": None if low is None else round(low, 6),
        "high": None if high is None else round(high, 6),
        "better": int((signed > 0).sum()),
        "same": int((signed == 0).sum()),
        "worse": int((signed < 0).sum()),
    }


def never_reached_as_budget(details: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Per seed figures, a run that never captured every mode counted as capturing them one
    evaluation after its last epoch (a censored time: its true one is later still)."""
    censored = details["epochs"] + details["eval_every"]
    per_seed = {}
    for seed, figures in details["seeds"].items():
        first = figures["first_epoch_all_captured"]
        per_seed[seed] = {
            **figures,
            "first_epoch_all_captured": censored if first is None else first,
        }
    return per_seed


def compare_variants(
    details: Mapping[str, Mapping[str, Any]], subject: str, seed: int = 0
) -> dict[str, Any]:
    """``subject`` against every other variant in ``details`` (variant -> its details file), on
    each figure of ``FIGURES``, over the seeds both ran."""
    if subject not in details:
        raise ValueError(f"no variant {subject!r} to compare (have: {', '.join(details)})")
    ours = never_reached_as_budget(details[subject])
    result: dict[str, Any] = {}
    for other, other_details in details.items():
        if other == subject:
            continue
        theirs = never_reached_as_budget(other_details)
        seeds = [s for s in ours if s in theirs]
        result[other] = {
            figure: paired_difference(
                [ours[s][figure] for s in seeds],
                [theirs[s][figure] for s in seeds],
                higher_is_better=higher,
                seed=seed,
            )
            for figure, higher in FIGURES.items()
        }
    return {"subject": subject, "seeds": len(ours), "against": result}
