"""The models learn: on easy constructed tasks, training gets what a model that learned nothing
could not. Short runs (seconds), seeded, with margins far from the thresholds."""

from __future__ import annotations

import numpy as np
import pandas as pd
import tensorflow as tf

from ganexp.gaussians.combined import combined_trainer
from ganexp.gaussians.mixtures import ring_centres, sample_mixture
from ganexp.gaussians.mode_metrics import mode_metrics
from ganexp.gaussians.settings import CombinedSettings
from ganexp.tabular.evaluation.baseline import independent_columns
from ganexp.tabular.evaluation.fidelity import pair_trends
from ganexp.tabular.synthesizer import TabularSynthesizer


def test_the_2d_gan_captures_every_mode_of_an_easy_mixture():
    """Four well-separated modes: before training the generator's points sit near the origin and
    capture none; a short plain-GAN run captures all four."""
    mixture = sample_mixture("four", ring_centres(4, radius=2.0), 0.1, 2048, seed=0)
    settings = CombinedSettings(
        batch_size=128, hidden=(64, 64), activation="tanh", learning_rate=2e-3, warmup_epochs=0
    )
    trainer = combined_trainer(settings, switch_epoch=0, seed=1)
    z = tf.random.stateless_uniform((2000, 2), seed=(3, 4), minval=-1.0, maxval=1.0)

    def captured() -> int:
        points = trainer.kept_generator(z, training=False).numpy()
        return mode_metrics(points, mixture.centres, mixture.std).modes_captured

    before = captured()
    data = tf.constant(mixture.points)
    for epoch in range(60):
        trainer.train_epoch(data, epoch)
    assert before < 4
    assert captured() == 4


def correlated_table(n: int, seed: int) -> pd.DataFrame:
    """Two strongly correlated numbers and a category that follows their sign."""
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    y = 2.0 * x + 0.2 * rng.normal(size=n)
    side = np.where(x + 0.1 * rng.normal(size=n) > 0, "up", "down")
    return pd.DataFrame({"x": x, "y": y, "side": pd.Categorical(side)})


def sign_agreement(table: pd.DataFrame) -> float:
    """The share of rows whose category says the sign of x (the real table's: 0.97)."""
    side = np.asarray(table["side"].astype(str))
    return float(np.mean(side == np.where(table["x"] > 0, "up", "down")))


def test_the_tabular_gan_keeps_the_pairs_independent_columns_lose():
    """Independent columns keep each column's shape and lose every pair; a briefly trained
    synthesizer keeps the pairs too: the correlation of x and y, and the category that follows
    x's sign. (Not the pair-trends score itself: SDMetrics' report bins each table over its own
    range, so after a few epochs it says more about the synthetic tails than about the pairs.)"""
    real = correlated_table(2000, seed=0)
    synthesizer = TabularSynthesizer(
        seed=0,
        epochs=12,
        batch_size=128,
        generator={"hidden": [64, 64]},
        discriminator={"hidden": [64, 64], "activation": "leaky_relu"},
        generator_lr=2e-3,
        discriminator_lr=2e-3,
        quality_every=0,
        n_deception_samples=100,
        generator_average=None,  # a 0.999 average lags far behind over a few hundred steps
    ).fit(real)
    synthetic = synthesizer.sample(2000, seed=1)
    baseline = independent_columns(real, 2000, seed=1)
    ours, theirs = pair_trends(real, synthetic), pair_trends(real, baseline)
    # |r(x, y) real - r(x, y) generated|: about 0.99 for independent columns
    assert ours["correlation_difference"] < 0.1 < 0.9 < theirs["correlation_difference"]
    assert sign_agreement(synthetic) > sign_agreement(baseline) + 0.2  # independent columns: ~0.5
