"""How well generated points cover a mixture's modes: the metrics the papers report.

PacGAN's and VEEGAN's, on generated points: a point is *high-quality* when it lies within 3
standard deviations of its nearest centre; a mode is *captured* when at least one high-quality
point is nearest to it; the *reverse KL* is KL(p || uniform), p being the modes' shares of the
high-quality points (0 when they spread evenly, log K when all sit on one mode; a mode without
points adds nothing). Beside them, the original study's rule: a mode is *covered* when at least
5% of all points are its high-quality points.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

HIGH_QUALITY_SIGMAS = 3.0
COVERED_SHARE = 0.05


@dataclass(frozen=True)
class ModeMetrics:
    modes_captured: int  # modes with at least one high-quality point (PacGAN, VEEGAN)
    high_quality_fraction: float | None  # None: no points
    reverse_kl: float | None  # KL(high-quality shares || uniform); None: no high-quality point
    modes_covered: int  # modes with at least 5% of all points as high-quality (the original's)
    per_mode: tuple[float, ...]  # each mode's high-quality points, as a share of all points


def mode_metrics(points: np.ndarray, centres: np.ndarray, std: float) -> ModeMetrics:
    """The metrics above for ``points`` against modes at ``centres`` with deviation ``std``.
    Non-finite points (a diverged generator) count as points, never as high-quality ones; no
    points at all capture nothing, and their fractions are undefined (None)."""
    points = np.asarray(points, dtype="float64")
    if points.ndim != 2 or points.shape[1] != 2:
        raise ValueError(f"expected an (n, 2) array of points, got shape {points.shape}")
    centres = np.asarray(centres, dtype="float64")
    if not len(points):
        return ModeMetrics(0, None, None, 0, (0.0,) * len(centres))
    distances = np.linalg.norm(points[:, None, :] - centres[None, :, :], axis=2)
    finite = np.isfinite(points).all(axis=1)
    nearest = np.where(finite, np.nan_to_num(distances, nan=np.inf).argmin(axis=1), 0)
    good = finite & (distances[np.arange(len(points)), nearest] <= HIGH_QUALITY_SIGMAS * std)
    counts = np.bincount(nearest[good], minlength=len(centres))
    shares = counts / len(points)
    return ModeMetrics(
        modes_captured=int((counts > 0).sum()),
        high_quality_fraction=float(good.mean()),
        reverse_kl=_kl_to_uniform(counts),
        modes_covered=int((shares >= COVERED_SHARE).sum()),
        per_mode=tuple(float(s) for s in shares),
    )


def _kl_to_uniform(counts: np.ndarray) -> float | None:
    total = counts.sum()
    if total == 0:
        return None
    p = counts[counts > 0] / total
    return float(np.sum(p * np.log(p * len(counts))))
