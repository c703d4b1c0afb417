"""The 2-D benchmarks where GANs drop modes, and the metrics the papers report on them.

``ring8`` and ``grid25`` as PacGAN (Lin et al., 2018) and VEEGAN (Srivastava et al., 2017) define
them: 8 Gaussians of standard deviation 0.01 evenly spaced on the unit circle, and 25 of standard
deviation 0.05 centred on {-4, -2, 0, 2, 4}². A benchmark's training set is a fixed sample of
``n_points`` points, as evenly spread over the modes as the count allows.

The metrics (PacGAN's and VEEGAN's), on generated points: a point is *high-quality* when it lies
within 3 standard deviations of its nearest centre; a mode is *captured* when at least one
high-quality point is nearest to it; the *reverse KL* is KL(p || uniform), p being the modes'
shares of the high-quality points (0 when they spread evenly, log K when all sit on one mode; a
mode without points adds nothing). Beside them, the original study's rule: a mode is *covered*
when at least 5% of all points are its high-quality points.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ganexp.gaussians.mixtures import COVERED_SHARE, HIGH_QUALITY_SIGMAS


@dataclass(frozen=True)
class Mixture:
    """Training points and, in the same space, the mode centres and their standard deviation."""

    name: str
    points: np.ndarray  # (n, 2) float32
    centres: np.ndarray  # (n_modes, 2)
    std: float


def ring_centres(n_modes: int, radius: float = 1.0) -> np.ndarray:
    """``n_modes`` points evenly on a circle, the first at angle 0."""
    angles = 2.0 * np.pi * np.arange(n_modes) / n_modes
    return radius * np.stack([np.cos(angles), np.sin(angles)], axis=1)


def grid_centres(values: tuple[float, ...] = (-4.0, -2.0, 0.0, 2.0, 4.0)) -> np.ndarray:
    """Every pair of ``values``: a square grid of len(values)² centres."""
    xs, ys = np.meshgrid(values, values, indexing="ij")
    return np.stack([xs.ravel(), ys.ravel()], axis=1)


def sample_mixture(name: str, centres: np.ndarray, std: float, n_points: int, seed: int) -> Mixture:
    """``n_points`` points, mode k taking the k-th share of them (the first ``n_points mod K``
    modes one point more), each drawn from N(centre, std² I)."""
    if n_points < len(centres):
        raise ValueError(f"{name}: n_points ({n_points}) is below the number of modes")
    rng = np.random.default_rng(seed)
    counts = np.full(len(centres), n_points // len(centres))
    counts[: n_points % len(centres)] += 1
    points = np.concatenate(
        [
            rng.normal(centre, std, size=(count, 2))
            for centre, count in zip(centres, counts, strict=True)
        ]
    )
    return Mixture(name, points.astype("float32"), np.asarray(centres, dtype="float64"), std)


def ring8(n_points: int, seed: int) -> Mixture:
    return sample_mixture("ring8", ring_centres(8), 0.01, n_points, seed)


def grid25(n_points: int, seed: int) -> Mixture:
    return sample_mixture("grid25", grid_centres(), 0.05, n_points, seed)


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
