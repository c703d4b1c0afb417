"""The refiner: a classifier trained after the generator keeps the rows it takes for real.

Draws by clipped odds on constructed scores; a refiner that learns an easy constructed task
keeps rows nearer the real ones; the synthesizer's sampling through it (seeded, saved and loaded
without pickle, conditions, refine=False, a model saved without a refiner) and its errors."""

from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest
from test_synthesizer import SMALL, ganexp_command, mixed_frame

from ganexp import TabularSynthesizer
from ganexp.errors import DataError
from ganexp.tabular.refine.draws import kept_rows, odds, weights
from ganexp.tabular.refine.refiner import Refiner
from ganexp.tabular.refine.settings import RefineSettings


def test_odds_are_the_density_ratio_and_the_clip_caps_them():
    np.testing.assert_allclose(odds(np.array([0.5, 0.75, 0.2])), [1.0, 3.0, 0.25])
    assert np.isfinite(odds(np.array([0.0, 1.0]))).all()  # no infinite weight at D = 1
    np.testing.assert_allclose(weights(np.array([0.5, 0.99, 0.2]), clip=2.0), [1.0, 2.0, 0.25])
    with pytest.raises(DataError, match=r"clip: expected a number > 0, got 0"):
        weights(np.array([0.5]), clip=0)


def test_draws_are_distinct_seeded_in_pool_order_and_follow_the_odds():
    scores = np.r_[np.full(500, 0.9), np.full(500, 0.1)]  # odds 9 against 1/9
    kept = kept_rows(scores, 100, clip=20.0, seed=1)
    assert len(np.unique(kept)) == 100 and (np.diff(kept) > 0).all()
    np.testing.assert_array_equal(kept, kept_rows(scores, 100, clip=20.0, seed=1))
    assert not np.array_equal(kept, kept_rows(scores, 100, clip=20.0, seed=2))
    assert (kept < 500).mean() > 0.95  # 81 times the weight: nearly all from the first half
    # clipped at 1, every row with D >= 0.5 weighs the same as one of D = 0.5
    flat = kept_rows(np.r_[np.full(500, 0.99), np.full(500, 0.5)], 500, clip=1.0, seed=3)
    assert 0.4 < (flat < 500).mean() < 0.6
    with pytest.raises(DataError, match=r"n: cannot keep 11 rows of a pool of 10"):
        kept_rows(np.full(10, 0.5), 11, clip=1.0, seed=0)


@pytest.mark.parametrize("classifier", ["boosting", "mlp"])
def test_a_refiner_learns_an_easy_task_and_keeps_rows_nearer_the_real_ones(classifier):
    """Real rows fill [0, 0.5) of the first column, the 'generator' all of [0, 1): rows kept
    from its pool fall where the real rows are far more often than the pool's half."""
    rng = np.random.default_rng(0)
    real = np.c_[rng.uniform(0.0, 0.5, 2000), rng.uniform(size=2000)].astype("float32")

    def generate(n: int, seed: int) -> np.ndarray:
        return np.random.default_rng(seed).uniform(size=(n, 2)).astype("float32")

    settings = RefineSettings(classifier=classifier, clip=20.0)
    refiner = Refiner.fit(real, generate, settings, seed=1)
    pool = generate(4000, 7)
    kept = refiner.keep(pool, 1000, seed=2)
    assert (pool[:, 0] < 0.5).mean() == pytest.approx(0.5, abs=0.03)
    assert (kept[:, 0] < 0.5).mean() > 0.85


def test_refine_settings_are_checked_with_one_line_errors():
    for bad, message in [
        ({"pool": 0.5}, r"^refine\.pool: Input should be greater than or equal to 1"),
        ({"clip": 0.0}, r"^refine\.clip: Input should be greater than 0"),
        ({"classifier": "svm"}, r"^refine\.classifier: Input should be 'boosting', 'mlp'"),
        ({"pools": 2.0}, r"^refine\.pools: unknown key"),
    ]:
        with pytest.raises(ValueError, match=message):
            TabularSynthesizer(refine=bad)


@pytest.fixture(scope="module")
def refined(tmp_path_factory):
    frame = mixed_frame()
    synthesizer = TabularSynthesizer(epochs=2, seed=1, refine={"pool": 3.0}, **SMALL)
    synthesizer.fit(frame, discrete_columns=["children"])
    folder = tmp_path_factory.mktemp("refined")
    synthesizer.save(folder)
    return synthesizer, folder


def test_refined_rows_are_seeded_and_survive_save_and_load(refined):
    synthesizer, folder = refined
    assert synthesizer.refiner is not None and synthesizer.refiner.settings.pool == 3.0
    loaded = TabularSynthesizer.load(folder)
    assert loaded.refiner.settings == synthesizer.refiner.settings
    pd.testing.assert_frame_equal(loaded.sample(300, seed=5), synthesizer.sample(300, seed=5))
    kept = synthesizer.sample(300, seed=5)
    assert not kept.equals(synthesizer.sample(300, seed=5, refine=False))
    assert not kept.equals(synthesizer.sample(300, seed=6))


def test_a_model_saved_without_a_refiner_samples_the_generators_rows(refined, tmp_path):
    synthesizer, folder = refined
    shutil.copytree(folder, tmp_path / "old")
    shutil.rmtree(tmp_path / "old" / "refiner")  # as a synthesizer saved before refiners
    old = TabularSynthesizer.load(tmp_path / "old")
    assert old.refiner is None
    pd.testing.assert_frame_equal(
        old.sample(200, seed=4), synthesizer.sample(200, seed=4, refine=False)
    )
    with pytest.raises(DataError, match=r"^refine: the synthesizer has no refiner"):
        old.sample(10, refine=True)
    with pytest.raises(DataError, match=r"not fitted: call fit or load first"):
        TabularSynthesizer().fit_refiner(np.zeros((4, 3)))


def test_refined_rows_meet_conditions_drawn_from_a_pool_under_them(refined):
    synthesizer, _ = refined
    rows = synthesizer.sample(100, seed=3, conditions={"city": "Oslo"})
    assert len(rows) == 100 and (rows["city"] == "Oslo").all()
    pd.testing.assert_frame_equal(
        rows, synthesizer.sample(100, seed=3, conditions={"city": "Oslo"})
    )
    plain = synthesizer.sample(100, seed=3, conditions={"city": "Oslo"}, refine=False)
    assert (plain["city"] == "Oslo").all() and not plain.equals(rows)


def test_ganexp_sample_no_refine_writes_the_generators_rows(refined, tmp_path):
    synthesizer, folder = refined
    for flags, refine in (([], None), (["--no-refine"], False)):
        out = tmp_path / f"rows{len(flags)}.csv"
        result = ganexp_command(
            "sample", str(folder), "--rows", "80", "--out", str(out), "--seed", "2", *flags
        )
        assert result.returncode == 0, result.stderr
        expected = synthesizer.sample(80, seed=2, refine=refine)
        np.testing.assert_array_equal(pd.read_csv(out)["age"], expected["age"])
