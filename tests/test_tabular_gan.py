"""The tabular GAN: a tiny run trains for real, deterministically; the grid snap; saved models."""

from __future__ import annotations

import keras
import numpy as np
import pytest
import tensorflow as tf

from ganexp.seeding import seed_everything
from ganexp.tabular_gan import (
    HISTORY_COLUMNS,
    GridSnap,
    NetworkSpec,
    TabularGAN,
    build_discriminator,
    build_generator,
)


def toy_rows(n: int, seed: int = 0) -> np.ndarray:
    """Two clusters on a grid of steps 0.5 (a nominal column) and a continuous column."""
    rng = np.random.default_rng(seed)
    code = rng.integers(0, 3, n) / 2.0
    value = np.clip(0.8 + 0.05 * rng.standard_normal(n), 0, 1)
    return np.column_stack([code, value]).astype("float32")


def tiny_gan(seed: int = 0) -> TabularGAN:
    seed_everything(seed)
    generator = build_generator(4, 2, NetworkSpec((16,)), grid_steps=[0.5, 0.0])
    discriminator = build_discriminator(2, NetworkSpec((16,), "leaky_relu", 0.1))
    return TabularGAN(
        generator,
        discriminator,
        batch_size=32,
        generator_lr=1e-3,
        discriminator_lr=1e-3,
        beta_1=0.5,
        seed=seed,
    )


def test_tiny_run_trains_and_discriminator_beats_chance():
    gan = tiny_gan()
    before = [w.numpy().copy() for w in gan.discriminator.trainable_weights]
    history = gan.fit(toy_rows(1024), toy_rows(256, seed=1), epochs=6, n_deception_samples=100)
    assert [row["epoch"] for row in history] == [1, 2, 3, 4, 5, 6]
    assert all(set(row) == set(HISTORY_COLUMNS) for row in history)
    assert all(np.isfinite(v) for row in history for v in row.values())
    # generated rows start off the data: within a few epochs the discriminator tells them apart
    assert max(row["d_accuracy"] for row in history[3:]) > 0.7
    after = gan.discriminator.trainable_weights
    assert any(not np.array_equal(b, a.numpy()) for b, a in zip(before, after, strict=True))
    for row in history:
        assert 0.0 <= row["deception_rate"] <= 1.0
        assert 0.0 <= row["d_accuracy_real"] <= 1.0


def test_same_seed_same_history():
    runs = []
    for _ in range(2):
        gan = tiny_gan(seed=7)
        runs.append(gan.fit(toy_rows(128), toy_rows(64, 1), epochs=2, n_deception_samples=50))
    assert runs[0] == runs[1]


def test_generated_rows_are_on_the_grid():
    rows = tiny_gan().generate(200, seed=3)
    assert rows.shape == (200, 2)
    assert set(np.unique(rows[:, 0])) <= {0.0, 0.5, 1.0}
    assert len(np.unique(rows[:, 1])) > 10  # a step of 0 leaves the column continuous


def test_grid_snap_rounds_forward_and_passes_gradients():
    snap = GridSnap([0.25, 0.0])
    x = tf.Variable([[0.3, 0.3], [0.9, 0.61]])
    with tf.GradientTape() as tape:
        y = snap(x)
        total = tf.reduce_sum(y * tf.constant([[1.0, 2.0], [3.0, 4.0]]))
    np.testing.assert_allclose(y.numpy(), [[0.25, 0.3], [1.0, 0.61]], rtol=1e-6)
    np.testing.assert_allclose(tape.gradient(total, x).numpy(), [[1.0, 2.0], [3.0, 4.0]])


def test_saved_generator_loads_and_generates_the_same(tmp_path):
    gan = tiny_gan()
    path = tmp_path / "generator.keras"
    gan.generator.save(path)
    loaded = keras.saving.load_model(path)
    z = np.random.default_rng(0).uniform(-1, 1, (20, 4)).astype("float32")
    np.testing.assert_array_equal(loaded(z).numpy(), gan.generator(z).numpy())


@pytest.mark.parametrize("hidden", [(8,), (8, 8, 8)])
def test_network_sizes_follow_the_spec(hidden):
    generator = build_generator(3, 5, NetworkSpec(hidden, dropout=0.5))
    dense = [layer for layer in generator.layers if isinstance(layer, keras.layers.Dense)]
    assert [layer.units for layer in dense] == [*hidden, 5]
    assert sum(isinstance(layer, keras.layers.Dropout) for layer in generator.layers) == len(hidden)
