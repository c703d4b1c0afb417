"""The generator's input: uniform noise in [-1, 1], drawn from one seeded stream.

Every noise draw of both experiments goes through here, so a seed means the same rows whether a
trainer, an evaluation or a loaded synthesizer draws them."""

from __future__ import annotations

import tensorflow as tf


def uniform_noise(rng: tf.random.Generator, n, width: int) -> tf.Tensor:
    """``n`` rows of ``width`` uniforms in [-1, 1] from ``rng`` (advances it)."""
    return rng.uniform((n, width), -1.0, 1.0)


def noise_from_seed(seed: int, n: int, width: int) -> tf.Tensor:
    """The same ``n`` x ``width`` noise for the same seed, independent of any other stream."""
    return uniform_noise(tf.random.Generator.from_seed(seed), n, width)
