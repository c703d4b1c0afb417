"""The 2-D mixtures the GANs learn: the original five-Gaussian ring and the two benchmarks where
GANs drop modes.

- ``ring5``, the original experiment's data: centres (sin 2πk/5, cos 2πk/5), covariance
  0.0125·I, then centred and divided by the largest absolute coordinate. The centres and the
  standard deviation go through the same centring and scaling, so the mode metrics are measured
  in the space the networks see.
- ``ring8`` and ``grid25`` as PacGAN (Lin et al., 2018) and VEEGAN (Srivastava et al., 2017)
  define them: 8 Gaussians of standard deviation 0.01 evenly spaced on the unit circle, and 25 of
  standard deviation 0.05 centred on {-4, -2, 0, 2, 4}².

A training set is a fixed sample of ``n_points`` points, as evenly spread over the modes as the
count allows (the original's 500 ring5 points: 100 per mode, drawn mode by mode).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Mixture:
    """Training points and, in the same space, the mode centres and their standard deviation."""

    name: str
    points: np.ndarray  # (n, 2) float32
    centres: np.ndarray  # (n_modes, 2)
    std: float

    @property
    def extent(self) -> float:
        """The largest absolute coordinate of a training point (for plot limits)."""
        return float(np.abs(self.points).max())


def ring_centres(n_modes: int, radius: float = 1.0) -> np.ndarray:
    """``n_modes`` points evenly on a circle, the first at angle 0."""
    angles = 2.0 * np.pi * np.arange(n_modes) / n_modes
    return radius * np.stack([np.cos(angles), np.sin(angles)], axis=1)


def grid_centres(values: tuple[float, ...] = (-4.0, -2.0, 0.0, 2.0, 4.0)) -> np.ndarray:
    """Every pair of ``values``: a square grid of len(values)² centres."""
    xs, ys = np.meshgrid(values, values, indexing="ij")
    return np.stack([xs.ravel(), ys.ravel()], axis=1)


def _draw(name: str, centres: np.ndarray, std: float, n_points: int, seed: int) -> np.ndarray:
    """``n_points`` points, mode k taking the k-th share of them (the first ``n_points mod K``
    modes one point more), each drawn from N(centre, std² I), mode by mode."""
    if n_points < len(centres):
        raise ValueError(f"{name}: n_points ({n_points}) is below the number of modes")
    rng = np.random.default_rng(seed)
    counts = np.full(len(centres), n_points // len(centres))
    counts[: n_points % len(centres)] += 1
    return np.concatenate(
        [
            rng.normal(centre, std, size=(count, 2))
            for centre, count in zip(centres, counts, strict=True)
        ]
    )


def sample_mixture(name: str, centres: np.ndarray, std: float, n_points: int, seed: int) -> Mixture:
    """A training set drawn as ``_draw`` does, with its centres and deviation."""
    points = _draw(name, centres, std, n_points, seed)
    return Mixture(name, points.astype("float32"), np.asarray(centres, dtype="float64"), std)


def ring5(n_points: int = 500, seed: int = 0) -> Mixture:
    """The original data, centred on its mean and divided by its largest absolute coordinate."""
    angles = 2.0 * np.pi * np.arange(5) / 5
    centres = np.stack([np.sin(angles), np.cos(angles)], axis=1)
    std = float(np.sqrt(0.0125))
    points = _draw("ring5", centres, std, n_points, seed)
    mean = points.mean(axis=0)
    scale = float(np.abs(points - mean).max())
    return Mixture(
        "ring5",
        ((points - mean) / scale).astype("float32"),
        (centres - mean) / scale,
        std / scale,
    )


def ring8(n_points: int, seed: int) -> Mixture:
    return sample_mixture("ring8", ring_centres(8), 0.01, n_points, seed)


def grid25(n_points: int, seed: int) -> Mixture:
    return sample_mixture("grid25", grid_centres(), 0.05, n_points, seed)


BENCHMARKS: dict[str, Callable[[int, int], Mixture]] = {
    "ring5": ring5,
    "ring8": ring8,
    "grid25": grid25,
}


def make_mixture(benchmark: str, n_points: int, seed: int) -> Mixture:
    """The named benchmark's training set (``BENCHMARKS``)."""
    if benchmark not in BENCHMARKS:
        known = ", ".join(BENCHMARKS)
        raise ValueError(f"no benchmark named {benchmark!r} (known: {known})")
    return BENCHMARKS[benchmark](n_points, seed)
