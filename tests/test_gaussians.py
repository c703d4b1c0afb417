"""The original five-Gaussian ring, and the mode metrics on it, on sets whose answer is known."""

from __future__ import annotations

import numpy as np
import pytest

from ganexp.gaussians.mixtures import make_mixture, ring5
from ganexp.gaussians.mode_metrics import mode_metrics


@pytest.fixture(scope="module")
def ring():
    return ring5(500, seed=0)


def test_ring_is_centred_and_scaled(ring):
    assert ring.points.shape == (500, 2)
    assert ring.points.dtype == np.float32
    np.testing.assert_allclose(ring.points.mean(axis=0), 0.0, atol=1e-6)
    assert np.abs(ring.points).max() == pytest.approx(1.0)


def test_centres_and_std_follow_the_same_scaling(ring):
    # the unscaled centres sit on the unit circle, 72 degrees apart
    gaps = np.linalg.norm(np.diff(ring.centres, axis=0, append=ring.centres[:1]), axis=1)
    np.testing.assert_allclose(gaps, gaps[0])
    scale = 2 * np.sin(np.pi / 5) / gaps[0]  # chord of 72 degrees on the unit circle
    assert ring.std * scale == pytest.approx(np.sqrt(0.0125))
    # each mode's points lie around its centre
    for k, centre in enumerate(ring.centres):
        mode = ring.points[k * 100 : (k + 1) * 100]
        assert np.linalg.norm(mode.mean(axis=0) - centre) < ring.std


def test_same_seed_same_points():
    np.testing.assert_array_equal(ring5(seed=3).points, ring5(seed=3).points)
    assert not np.array_equal(ring5(seed=3).points, ring5(seed=4).points)


def test_real_points_cover_all_modes(ring):
    metrics = mode_metrics(ring.points, ring.centres, ring.std)
    assert metrics.modes_covered == 5
    assert metrics.high_quality_fraction > 0.98


def test_one_mode(ring):
    rng = np.random.default_rng(1)
    points = ring.centres[2] + rng.normal(0, ring.std, size=(2500, 2))
    metrics = mode_metrics(points, ring.centres, ring.std)
    assert metrics.modes_covered == 1
    assert metrics.per_mode[2] > 0.95
    assert metrics.high_quality_fraction > 0.95


def test_off_mode_noise(ring):
    # points at the ring's centre are far (> 3 std) from every mode
    points = np.random.default_rng(2).normal(0, ring.std, size=(2500, 2))
    metrics = mode_metrics(points, ring.centres, ring.std)
    assert metrics.modes_covered == 0
    assert metrics.high_quality_fraction < 0.01


def test_a_mode_needs_five_percent_of_the_points(ring):
    on_mode = np.repeat(ring.centres[:1], 4, axis=0)
    far = np.full((96, 2), 5.0)
    assert mode_metrics(np.concatenate([on_mode, far]), ring.centres, ring.std).modes_covered == 0
    on_mode = np.repeat(ring.centres[:1], 5, axis=0)
    assert (
        mode_metrics(np.concatenate([on_mode, far[:95]]), ring.centres, ring.std).modes_covered == 1
    )


def test_non_finite_points_are_not_high_quality(ring):
    points = np.concatenate([ring.points, np.full((500, 2), np.nan)])
    metrics = mode_metrics(points, ring.centres, ring.std)
    assert metrics.high_quality_fraction == pytest.approx(0.496, abs=0.01)


def test_bad_shape_is_a_clear_error(ring):
    with pytest.raises(ValueError, match=r"\(n, 2\)"):
        mode_metrics(np.zeros((10, 3)), ring.centres, ring.std)


def test_benchmarks_are_named_and_an_unknown_name_lists_the_known_ones():
    assert make_mixture("ring5", 500, 0).name == "ring5"
    np.testing.assert_array_equal(make_mixture("ring5", 500, 0).points, ring5(500, 0).points)
    assert make_mixture("grid25", 50, 0).extent > 4.0
    with pytest.raises(
        ValueError, match="no benchmark named 'ring9' \\(known: ring5, ring8, grid25\\)"
    ):
        make_mixture("ring9", 100, 0)
