"""The networks of the black-box experiment.

The generator is the tabular GAN's (``build_generator``: an MLP and the row head over the
value-free layout) with one more input column, the desired confidence C, which it takes in and
passes through: its output is the encoded row followed by C, so a judge sees (row, score) pairs
and the engine's losses stay as they are. Its input is uniform in [-1, 1] like every noise of
the engine; C = (u + 1) / 2 is read off the last column.

A judge takes a row followed by a score: a discriminator (is this score the black box's answer
Y, or the requested C?), or a surrogate whose output is the log-likelihood of the score under its
own estimate of the black box's confidence on the row; or, the assignment's discriminator, a row
followed by both scores (is the first one Y?).
"""

from __future__ import annotations

from collections.abc import Sequence

import keras
import tensorflow as tf

from ganexp.black_box.settings import ConfidenceSettings
from ganexp.gan.precision import Resolved
from ganexp.tabular.encoding.layout import Block, onehot_width, row_width
from ganexp.tabular.model.networks import (
    NoiseColumns,
    _hidden_layers,
    build_discriminator,
    build_generator,
)

_EPSILON = 1e-6


def noise_width(blocks: Sequence[Block], settings: ConfidenceSettings) -> int:
    """The generator's input: the latent noise, C's column (``settings.latent_dim``), then a
    uniform per one-hot column (with ``sample_categories``)."""
    extra = onehot_width(blocks) if settings.sample_categories else 0
    return settings.latent_dim + 1 + extra


@keras.saving.register_keras_serializable(package="ganexp")
class Confidence(keras.layers.Layer):
    """Input column ``index``, u in [-1, 1], as the desired confidence C = (u + 1) / 2."""

    def __init__(self, index: int, **kwargs) -> None:
        super().__init__(**kwargs)
        self.index = index

    def call(self, noise):
        return 0.5 * (noise[:, self.index : self.index + 1] + 1.0)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], 1)

    def get_config(self) -> dict:
        return {**super().get_config(), "index": self.index}


def build_confidence_generator(
    blocks: Sequence[Block], settings: ConfidenceSettings, precision: Resolved
) -> keras.Model:
    """(noise, C) -> (encoded row, C): the tabular generator whose latent input is the noise
    and C's column together, so C steers the row it makes."""
    noise = keras.Input((noise_width(blocks, settings),), name="noise_and_confidence")
    with_c = settings.model_copy(update={"latent_dim": settings.latent_dim + 1})
    rows = build_generator(blocks, with_c, precision)(noise)
    confidence = Confidence(settings.latent_dim, name="confidence")(noise)
    pair = keras.layers.Concatenate(name="row_and_confidence")([rows, confidence])
    return keras.Model(noise, pair, name="confidence_generator")


@keras.saving.register_keras_serializable(package="ganexp")
class ScoreLikelihood(keras.layers.Layer):
    """``[estimate, score]`` -> the log-likelihood of ``score`` as a Bernoulli outcome of
    ``estimate``: highest where the estimate equals the score."""

    def call(self, inputs):
        estimate, score = inputs
        estimate = tf.clip_by_value(tf.cast(estimate, tf.float32), _EPSILON, 1.0 - _EPSILON)
        return score * tf.math.log(estimate) + (1.0 - score) * tf.math.log(1.0 - estimate)


def build_judge(
    blocks: Sequence[Block], settings: ConfidenceSettings, precision: Resolved
) -> keras.Model:
    """(encoded row, score) -> the discriminator's probability that the score is the black
    box's, or the surrogate's log-likelihood of the score; for ``choice``, (encoded row, score,
    score) -> the probability that the first score is the black box's."""
    width = row_width(blocks)
    if settings.learn == "discriminator":
        return build_discriminator(width + 1, settings.judge, 1, precision)
    if settings.learn == "choice":  # (row, first score, second score): is the first Y?
        return build_discriminator(width + 2, settings.judge, 1, precision)
    pairs = keras.Input((width + 1,), name="row_and_score")
    rows = NoiseColumns(0, width, name="row")(pairs)
    score = NoiseColumns(width, width + 1, name="score")(pairs)
    hidden = _hidden_layers(rows, settings.judge, precision)
    estimate = keras.layers.Dense(1, activation="sigmoid", name="estimate", dtype="float32")(hidden)
    return keras.Model(
        pairs, ScoreLikelihood(name="likelihood")([estimate, score]), name="surrogate"
    )
