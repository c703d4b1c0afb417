"""Which pool rows to keep: n draws without replacement, each row's chance in proportion to
its clipped odds (Efraimidis and Spirakis' keys, one vectorised pass, seeded)."""

from __future__ import annotations

import numpy as np

from ganexp.errors import DataError

EPSILON = 1e-6  # a probability of exactly 0 or 1 would give odds of 0 or infinity


def odds(probability_real: np.ndarray) -> np.ndarray:
    """D / (1 - D): with classes balanced in training, an estimate of the density ratio
    p_real / p_generated at each row."""
    p = np.clip(np.asarray(probability_real, dtype="float64"), EPSILON, 1.0 - EPSILON)
    return p / (1.0 - p)


def weights(probability_real: np.ndarray, clip: float) -> np.ndarray:
    """The odds capped at ``clip``."""
    if clip <= 0:
        raise DataError(f"clip: expected a number > 0, got {clip!r}")
    return np.minimum(odds(probability_real), clip)


def kept_rows(
    probability_real: np.ndarray, n: int, clip: float, seed: int | np.random.Generator
) -> np.ndarray:
    """The indices (in pool order) of ``n`` rows drawn without replacement by clipped odds:
    the n smallest Exp(1) / weight keys, an exact weighted draw without replacement."""
    w = weights(probability_real, clip)
    if n > len(w):
        raise DataError(f"n: cannot keep {n} rows of a pool of {len(w)}")
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    keys = np.random.default_rng(seed).exponential(size=len(w)) / w
    return np.sort(np.argpartition(keys, n - 1)[:n])
