"""Adversarial losses and judge penalties: the one implementation of each.

A *judge* scores rows: a discriminator (a probability that the row is real) or a critic (an
unbounded score, higher = more real). A loss turns the judge's scores on real and generated rows
into the judge's loss and the generator's loss; a penalty adds a term to the judge's objective.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import tensorflow as tf

_EPSILON = 1e-7  # as keras.losses.BinaryCrossentropy: log(0) never reached


class AdversarialLoss(Protocol):
    def judge_loss(self, real_scores: tf.Tensor, fake_scores: tf.Tensor) -> tf.Tensor: ...

    def generator_loss(self, fake_scores: tf.Tensor) -> tf.Tensor: ...


def _log(p: tf.Tensor) -> tf.Tensor:
    return tf.math.log(tf.clip_by_value(p, _EPSILON, 1.0 - _EPSILON))


@dataclass(frozen=True)
class BinaryCrossEntropy:
    """The standard GAN on a discriminator's probabilities (real = 1, generated = 0).

    Judge: the mean of the two cross-entropies. Generator: the non-saturating loss -log D(G(z))
    (Goodfellow et al., 2014), which keeps gradients when the discriminator wins."""

    def judge_loss(self, real_scores: tf.Tensor, fake_scores: tf.Tensor) -> tf.Tensor:
        return -0.5 * (tf.reduce_mean(_log(real_scores)) + tf.reduce_mean(_log(1.0 - fake_scores)))

    def generator_loss(self, fake_scores: tf.Tensor) -> tf.Tensor:
        return -tf.reduce_mean(_log(fake_scores))


@dataclass(frozen=True)
class Wasserstein:
    """The WGAN loss on a critic's scores (Arjovsky et al., 2017): the critic maximises
    E[C(real)] - E[C(fake)], the generator maximises E[C(fake)]. The critic must be kept
    Lipschitz: weight clipping (``Judge.clip_value``) or a gradient penalty."""

    def judge_loss(self, real_scores: tf.Tensor, fake_scores: tf.Tensor) -> tf.Tensor:
        return tf.reduce_mean(fake_scores) - tf.reduce_mean(real_scores)

    def generator_loss(self, fake_scores: tf.Tensor) -> tf.Tensor:
        return -tf.reduce_mean(fake_scores)


@dataclass(frozen=True)
class Likelihood:
    """A judge whose score is a log-likelihood it fits, not a verdict on real against
    generated: the judge maximises it on the real pairs alone, the generator on its own (the
    black-box experiment's surrogate: the real pairs are the black box's answers)."""

    def judge_loss(self, real_scores: tf.Tensor, fake_scores: tf.Tensor) -> tf.Tensor:
        return -tf.reduce_mean(real_scores)

    def generator_loss(self, fake_scores: tf.Tensor) -> tf.Tensor:
        return -tf.reduce_mean(fake_scores)


def _input_gradient(network, rows: tf.Tensor) -> tuple[tf.Tensor, tf.Tensor]:
    """The network's scores on ``rows`` and their gradient with respect to the rows."""
    with tf.GradientTape() as tape:
        tape.watch(rows)
        scores = network(rows, training=True)
        total = tf.reduce_sum(scores)
    return scores, tape.gradient(total, rows)


@dataclass(frozen=True)
class R1:
    """R1 (Mescheder et al., 2018): ``weight`` / 2 times the squared gradient norm of the judge
    on real rows. ``every`` > 1 is StyleGAN2's lazy regularisation: the term is applied on one
    judge step in ``every``, multiplied by ``every``, so its average weight is unchanged."""

    weight: float
    every: int = 1

    def scores_and_term(self, network, real, fake, rng) -> tuple[tf.Tensor, tf.Tensor, tf.Tensor]:
        real_scores, slope = _input_gradient(network, real)
        term = 0.5 * tf.reduce_mean(tf.reduce_sum(tf.square(slope), axis=1))
        return real_scores, network(fake, training=True), term

    def __post_init__(self) -> None:
        _check_penalty(self.weight, self.every)


@dataclass(frozen=True)
class GradientPenalty:
    """WGAN-GP (Gulrajani et al., 2017): ``weight`` times (||grad C(x)|| - 1)^2 at random points
    x on the lines between real and generated rows. ``every`` as for R1."""

    weight: float
    every: int = 1

    def scores_and_term(self, network, real, fake, rng) -> tuple[tf.Tensor, tf.Tensor, tf.Tensor]:
        n = tf.shape(real)[0]
        scores = network(tf.concat([real, fake], axis=0), training=True)
        share = rng.uniform((n, 1), 0.0, 1.0)
        _, slope = _input_gradient(network, real + share * (fake - real))
        norm = tf.sqrt(tf.reduce_sum(tf.square(slope), axis=1) + 1e-12)
        return scores[:n], scores[n:], tf.reduce_mean(tf.square(norm - 1.0))

    def __post_init__(self) -> None:
        _check_penalty(self.weight, self.every)


Penalty = R1 | GradientPenalty


def _check_penalty(weight: float, every: int) -> None:
    if weight < 0:
        raise ValueError(f"a penalty weight must be >= 0, got {weight}")
    if every < 1:
        raise ValueError(f"a penalty applies every k >= 1 judge steps, got every={every}")
