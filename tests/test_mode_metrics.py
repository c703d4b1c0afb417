"""The mode-collapse benchmarks and their published metrics, on constructed point sets."""

from __future__ import annotations

import math

import numpy as np
import pytest

from ganexp.gaussians.mixtures import grid25, grid_centres, ring8, ring_centres
from ganexp.gaussians.mode_metrics import mode_metrics

RING = ring_centres(8)
STD = 0.01


def at(mode: int, n: int, offset: float = 0.0) -> np.ndarray:
    return np.repeat(RING[mode][None, :] + [offset, 0.0], n, axis=0)


def test_points_on_every_mode_capture_all_of_them_evenly():
    points = np.concatenate([at(k, 10) for k in range(8)])
    metrics = mode_metrics(points, RING, STD)
    assert metrics.modes_captured == 8 and metrics.modes_covered == 8
    assert metrics.high_quality_fraction == 1.0
    assert metrics.reverse_kl == pytest.approx(0.0, abs=1e-12)
    assert metrics.per_mode == pytest.approx((0.125,) * 8)


def test_a_collapsed_generator_captures_one_mode_at_the_largest_reverse_kl():
    metrics = mode_metrics(at(3, 100), RING, STD)
    assert metrics.modes_captured == 1 and metrics.modes_covered == 1
    assert metrics.high_quality_fraction == 1.0
    assert metrics.reverse_kl == pytest.approx(math.log(8))
    assert metrics.per_mode[3] == 1.0


def test_off_mode_noise_is_not_high_quality_and_one_point_captures_a_mode():
    far = np.full((57, 2), 10.0)
    points = np.concatenate([at(0, 30), at(1, 10), at(2, 3, offset=2.9 * STD), far])  # 100 points
    metrics = mode_metrics(points, RING, STD)
    assert metrics.high_quality_fraction == pytest.approx(0.43)
    # points 2.9 std away are high-quality; 3 points (3%) capture mode 2, not cover it
    assert metrics.modes_captured == 3 and metrics.modes_covered == 2
    p = np.array([30, 10, 3]) / 43
    assert metrics.reverse_kl == pytest.approx(float(np.sum(p * np.log(8 * p))))
    assert metrics.per_mode[:3] == pytest.approx((0.30, 0.10, 0.03))
    just_outside = at(0, 1, offset=3.01 * STD)
    assert mode_metrics(just_outside, RING, STD).modes_captured == 0


def test_no_high_quality_point_leaves_the_reverse_kl_undefined_and_no_point_everything():
    nowhere = mode_metrics(np.full((20, 2), 10.0), RING, STD)
    assert (nowhere.modes_captured, nowhere.high_quality_fraction) == (0, 0.0)
    assert nowhere.reverse_kl is None
    empty = mode_metrics(np.empty((0, 2)), RING, STD)
    assert (empty.modes_captured, empty.modes_covered) == (0, 0)
    assert empty.high_quality_fraction is None and empty.reverse_kl is None
    diverged = mode_metrics(np.concatenate([at(0, 3), np.full((1, 2), np.nan)]), RING, STD)
    assert diverged.high_quality_fraction == 0.75 and diverged.modes_captured == 1
    with pytest.raises(ValueError, match=r"expected an \(n, 2\) array of points, got shape \(4,\)"):
        mode_metrics(np.zeros(4), RING, STD)


def test_the_benchmarks_are_the_published_ones():
    np.testing.assert_allclose(np.linalg.norm(RING, axis=1), 1.0)
    np.testing.assert_allclose(RING[2], [0.0, 1.0], atol=1e-12)
    grid = grid_centres()
    assert len(grid) == 25 and {tuple(c) for c in grid} >= {(-4.0, -4.0), (0.0, 0.0), (4.0, 2.0)}
    ring = ring8(1000, seed=0)
    assert ring.points.shape == (1000, 2) and ring.std == 0.01
    metrics = mode_metrics(ring.points, ring.centres, ring.std)
    assert metrics.per_mode == pytest.approx((0.125,) * 8, abs=0.006)  # 125 points each
    assert metrics.high_quality_fraction > 0.98  # 3 std in 2-D holds 98.9% of a Gaussian
    grid = grid25(2500, seed=1)
    assert mode_metrics(grid.points, grid.centres, grid.std).modes_captured == 25
    np.testing.assert_array_equal(grid25(2500, seed=1).points, grid.points)
    with pytest.raises(ValueError, match="grid25: n_points \\(10\\) is below the number of modes"):
        grid25(10, seed=0)
