"""The 2-D mixture of five Gaussians on the unit circle, and how well generated points cover it.

The data is the original experiment's: centres (sin 2πk/5, cos 2πk/5), covariance 0.0125·I, 100
points per mode, then centred and divided by the largest absolute coordinate. The centres and the
standard deviation go through the same centring and scaling, so the mode metrics are measured in the
space the networks see.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

N_MODES = 5
VARIANCE = 0.0125
HIGH_QUALITY_SIGMAS = 3.0
COVERED_SHARE = 0.05


@dataclass(frozen=True)
class Ring:
    """Training points and, in the same (centred, scaled) space, the mode centres and the std."""

    points: np.ndarray  # (n_modes * points_per_mode, 2) float32
    centres: np.ndarray  # (n_modes, 2)
    std: float


def make_ring(points_per_mode: int = 100, seed: int = 0) -> Ring:
    """Sample the ring, centre it on its mean and divide by its maximum absolute coordinate."""
    rng = np.random.default_rng(seed)
    angles = 2.0 * np.pi * np.arange(N_MODES) / N_MODES
    centres = np.stack([np.sin(angles), np.cos(angles)], axis=1)
    std = float(np.sqrt(VARIANCE))
    points = np.concatenate(
        [rng.normal(centre, std, size=(points_per_mode, 2)) for centre in centres]
    )
    mean = points.mean(axis=0)
    scale = float(np.abs(points - mean).max())
    return Ring(
        points=((points - mean) / scale).astype("float32"),
        centres=(centres - mean) / scale,
        std=std / scale,
    )


@dataclass(frozen=True)
class ModeCoverage:
    modes_covered: int
    high_quality_fraction: float
    per_mode: tuple[float, ...]  # share of all points that are high-quality points of each mode


def mode_coverage(points: np.ndarray, ring: Ring) -> ModeCoverage:
    """A point is high-quality when within 3 std of its nearest centre; a mode is covered when at
    least 5% of all points are high-quality points of that mode."""
    points = np.asarray(points, dtype="float64")
    if points.ndim != 2 or points.shape[1] != 2 or not len(points):
        raise ValueError(f"expected a non-empty (n, 2) array of points, got shape {points.shape}")
    distances = np.linalg.norm(points[:, None, :] - ring.centres[None, :, :], axis=2)
    nearest = distances.argmin(axis=1)
    good = distances[np.arange(len(points)), nearest] <= HIGH_QUALITY_SIGMAS * ring.std
    # non-finite points (a diverged generator) are neither high-quality nor any mode's
    good &= np.isfinite(points).all(axis=1)
    shares = np.bincount(nearest[good], minlength=len(ring.centres)) / len(points)
    return ModeCoverage(
        modes_covered=int((shares >= COVERED_SHARE).sum()),
        high_quality_fraction=float(good.mean()),
        per_mode=tuple(float(s) for s in shares),
    )
