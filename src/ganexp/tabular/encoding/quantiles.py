"""A numeric column's quantile encoding, apart from the column: its resolution, its point
masses, its grid of levels or knots, and the normal scores of its places."""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy.special import ndtr, ndtri

_DECIMALS = 6  # a numeric column's resolution is found down to 10**-6


def decimal_step(numbers: np.ndarray) -> float | None:
    """The coarsest power of ten (at most 1) that every number is a whole multiple of (None:
    finer than 10**-6): a numeric column's resolution."""
    for decimals in range(_DECIMALS + 1):
        scaled = numbers * 10.0**decimals
        if np.all(np.abs(scaled - np.round(scaled)) < 1e-6):
            return 10.0**-decimals if decimals else 1.0
    return None


def point_masses(observed: np.ndarray, share: float | None) -> np.ndarray:
    """The values that each cover more than ``share`` of ``observed`` (none if None), sorted."""
    if share is None or observed.size == 0:
        return np.empty(0)
    distinct, counts = np.unique(observed, return_counts=True)
    return distinct[counts > share * observed.size]


def quantile_grid(rest: np.ndarray, integer: bool, levels: bool, knots: int) -> dict[str, Any]:
    """A quantile column's grid over ``rest`` (its values off the point masses): whole numbers
    with at most ``knots`` distinct values keep their levels (where ``levels``); any other
    column gets scikit-learn's ``QuantileTransformer`` grid, the quantiles at at most ``knots``
    evenly spaced levels, decoded by interpolating between them (new values, not copies)."""
    if rest.size == 0:
        return {}
    distinct, counts = np.unique(rest, return_counts=True)
    if integer and levels and distinct.size <= knots:
        upto = np.cumsum(counts) / rest.size
        return dict(
            values=tuple(float(v) for v in distinct),
            positions=tuple(float(p) for p in upto - counts / 2.0 / rest.size),
            edges=tuple(float(e) for e in upto[:-1]),
        )
    spaced = np.linspace(0.0, 1.0, min(knots, distinct.size))
    return dict(
        values=tuple(float(v) for v in np.quantile(rest, spaced)),
        positions=tuple(float(p) for p in spaced),
        interpolate=True,
    )


NORMAL_TAIL = 1e-6  # normal scores of places within this of 0 or 1 are those of the limits
_NORMAL_LIMIT = float(ndtri(1.0 - NORMAL_TAIL))  # 4.75


def normal_score(places: np.ndarray) -> np.ndarray:
    """Quantile places in [0, 1] as their standard normal scores, scaled linearly into [0, 1]
    (the places 1e-6 and 1 - 1e-6 to 0 and 1; 0.5 stays 0.5)."""
    clipped = np.clip(np.asarray(places, "float64"), NORMAL_TAIL, 1.0 - NORMAL_TAIL)
    return np.clip(0.5 + ndtri(clipped) / (2.0 * _NORMAL_LIMIT), 0.0, 1.0)


def normal_place(scores: np.ndarray) -> np.ndarray:
    """The inverse of ``normal_score`` on [0, 1] (any value clipped into it first)."""
    clipped = np.clip(np.asarray(scores, "float64"), 0.0, 1.0)
    return ndtr((clipped - 0.5) * 2.0 * _NORMAL_LIMIT)
