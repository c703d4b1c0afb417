"""One definition of the spread every result reports: the sample standard deviation (ddof 1).

Results are reported over a few seeds (three, five): the population sd (ddof 0) of three values
is about 20% below the sample sd, and would make a difference look surer than it is. A figure
measured once has no spread: ``None``, never 0 and never NaN."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def sample_sd(values: Sequence[float] | np.ndarray) -> float | None:
    """The sample standard deviation of ``values`` (ddof 1); None for fewer than two values."""
    values = np.asarray(values, dtype=np.float64).reshape(-1)
    if len(values) < 2:
        return None
    return float(np.std(values, ddof=1))


def mean(values: Sequence[float] | np.ndarray) -> float | None:
    """The mean of ``values``; None for none."""
    values = np.asarray(values, dtype=np.float64).reshape(-1)
    return float(values.mean()) if len(values) else None


def mean_sd(mean: float | None, sd: float | None, digits: int = 3) -> str:
    """``mean ± sd``; the mean alone where there is no spread (one seed); n/a where the figure
    is undefined."""
    if mean is None:
        return "n/a"
    return f"{mean:.{digits}f}" if sd is None else f"{mean:.{digits}f} ± {sd:.{digits}f}"
