"""The tabular GAN: the engine configured for encoded rows, with the figures the convergence
check needs computed on the validation split after every epoch.

One phase by default: a discriminator (binary cross-entropy, non-saturating generator loss, lazy
R1, Adam); with ``loss: wgan-gp`` a critic instead (Wasserstein loss, gradient penalty,
``n_critic`` critic steps per generator step). With ``wgan_epochs`` the combined model's schedule
runs first: a weight-clipped critic (Wasserstein loss, RMSprop, ``n_critic`` critic steps per
generator step) trains the generator for those epochs, then the discriminator takes over.
With ``training_by_sampling``, batches are drawn by condition (``model.conditions``) and the
judge sees each row with the group its condition is in.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import keras
import numpy as np
import tensorflow as tf

from ganexp.gan.losses import R1, BinaryCrossEntropy, GradientPenalty, Wasserstein
from ganexp.gan.noise import noise_from_seed
from ganexp.gan.precision import Resolved, resolve
from ganexp.gan.schedule import Phase, PhaseSchedule
from ganexp.gan.seeding import stream_seed
from ganexp.gan.trainer import AdversarialTrainer, Judge, per_instance_function
from ganexp.tabular.encoding.layout import Block, row_width
from ganexp.tabular.evaluation.per_epoch import QUALITY_ROWS, quality
from ganexp.tabular.model.conditions import Conditions, ConditionSampler, random_groups
from ganexp.tabular.model.history import EpochRecord
from ganexp.tabular.model.networks import (
    build_critic,
    build_discriminator,
    build_generator,
    real_probability,
)
from ganexp.tabular.model.settings import GANSettings


def learning_rate(
    settings: GANSettings, rate: float, steps: int | None
) -> float | keras.optimizers.schedules.LearningRateSchedule:
    """``rate``, or ``settings.lr_schedule``'s decay from it to 0 over ``steps`` optimiser steps
    (the GAN phase's: an optimiser counts only its own steps)."""
    if settings.lr_schedule == "constant":
        return rate
    if steps is None:
        raise ValueError(f"lr_schedule {settings.lr_schedule!r} needs the number of training rows")
    if settings.lr_schedule == "linear":
        return keras.optimizers.schedules.PolynomialDecay(rate, steps, end_learning_rate=0.0)
    return keras.optimizers.schedules.CosineDecay(rate, steps)


def build_trainer(
    blocks: Sequence[Block],
    settings: GANSettings,
    seed: int,
    n_rows: int | None = None,
    precision: Resolved | None = None,
) -> AdversarialTrainer:
    """The engine set up as ``settings`` describe, for rows laid out as ``blocks`` (with
    ``n_rows`` training rows, the batch is capped as ``GANSettings.batch_for`` says);
    ``precision`` is ``settings.precision`` already resolved (None: resolved here)."""
    s = settings
    precision = resolve(s.precision) if precision is None else precision
    generator = build_generator(blocks, s, precision)
    sampler = None
    width = row_width(blocks)
    if s.training_by_sampling:
        sampler = ConditionSampler(Conditions.of_blocks(blocks), int(generator.input_shape[-1]))
        width += sampler.conditions.n_groups
    gan_steps = None if n_rows is None else (s.epochs - s.wgan_epochs) * s.steps_for(n_rows)
    generator_steps = None if gan_steps is None else -(-gan_steps // s.judge_steps)
    adam = {"beta_1": s.beta_1}
    if s.loss == "wgan-gp":  # Gulrajani et al. (2017): Adam with beta_2 0.9, critic unbounded
        network, loss = build_critic(width, s.discriminator, s.pack, precision), Wasserstein()
        penalty = GradientPenalty(s.gradient_penalty) if s.gradient_penalty else None
        adam["beta_2"] = 0.9
    else:
        network, loss = (
            build_discriminator(width, s.discriminator, s.pack, precision),
            BinaryCrossEntropy(),
        )
        penalty = R1(s.r1_penalty, s.r1_every) if s.r1_penalty else None
    judges = {
        "discriminator": Judge(
            network,
            loss,
            keras.optimizers.Adam(learning_rate(s, s.discriminator_lr, gan_steps), **adam),
            keras.optimizers.Adam(learning_rate(s, s.generator_lr, generator_steps), **adam),
            penalty=penalty,
        )
    }
    phases = [Phase("gan", "discriminator", s.wgan_epochs, judge_steps=s.judge_steps)]
    if s.wgan_epochs:
        judges["critic"] = Judge(
            build_critic(width, s.discriminator, s.pack, precision),
            Wasserstein(),
            keras.optimizers.RMSprop(s.critic_lr),
            keras.optimizers.RMSprop(s.critic_lr),
            clip_value=s.clip_value,
        )
        phases.append(Phase("wgan", "critic", 0, judge_steps=s.n_critic))
    return AdversarialTrainer(
        generator,
        judges,
        PhaseSchedule(phases),
        batch_size=s.batch_size if n_rows is None else s.batch_for(n_rows),
        seed=seed,
        generator_average=s.generator_average,
        sampler=sampler,
    )


class TabularGAN:
    """A trainer for encoded rows plus the per-epoch evaluation of its kept generator."""

    def __init__(
        self, blocks: Sequence[Block], settings: GANSettings, seed: int, n_rows: int | None = None
    ) -> None:
        self.settings = settings
        self.seed = seed
        self.blocks = list(blocks)
        self.precision: Resolved = resolve(settings.precision)  # what the hidden layers compute in
        self.trainer = build_trainer(blocks, settings, seed, n_rows, self.precision)
        self._evaluate = per_instance_function(self._evaluate_rows)

    @property
    def kept_generator(self) -> keras.Model:
        return self.trainer.kept_generator

    @property
    def discriminator(self) -> keras.Model:
        return self.trainer.judges["discriminator"].network

    @property
    def conditions(self) -> Conditions | None:
        sampler = self.trainer.sampler
        return None if sampler is None else sampler.conditions

    def _evaluate_rows(
        self, real: tf.Tensor, z_val: tf.Tensor, z_deception: tf.Tensor, beside: tuple
    ) -> dict:
        """The judge's own losses on its scores; accuracies and the deception rate on its
        probabilities of real (a critic's, relative to real rows: ``real_probability``).
        ``beside``: what the judge sees beside the real, validation and deception rows."""
        generator, judge = self.kept_generator, self.trainer.judges["discriminator"]
        network, critic = judge.network, self.settings.judge_is_critic

        def view(rows, extra):
            return rows if extra is None else tf.concat([rows, extra], axis=1)

        s_real = network(view(real, beside[0]), training=False)
        s_fake = network(view(generator(z_val, training=False), beside[1]), training=False)
        s_deceive = network(view(generator(z_deception, training=False), beside[2]), training=False)
        p_real, p_fake, p_deceive = (
            real_probability(scores, s_real, critic) for scores in (s_real, s_fake, s_deceive)
        )
        hit_real = tf.reduce_mean(tf.cast(p_real >= 0.5, tf.float32))
        hit_fake = tf.reduce_mean(tf.cast(p_fake < 0.5, tf.float32))
        return {
            "discriminator_loss": judge.loss.judge_loss(s_real, s_fake),
            "generator_loss": judge.loss.generator_loss(s_fake),
            "discriminator_accuracy": 0.5 * (hit_real + hit_fake),
            "discriminator_accuracy_real": hit_real,
            "deception_rate": tf.reduce_mean(tf.cast(p_deceive >= 0.5, tf.float32)),
        }

    def fit(
        self,
        train: np.ndarray,
        validation: np.ndarray,
        *,
        on_epoch_end: Callable[[int, EpochRecord], None] | None = None,
    ) -> list[EpochRecord]:
        """Train for ``settings.epochs``; after each epoch, evaluate the kept generator and the
        discriminator on ``validation`` (real rows against as many generated ones) and on
        ``n_deception_samples`` generated rows. Returns one record per epoch.

        The evaluation noise is drawn once, from streams of its own named after what they are
        for (``stream_seed``), so epoch-to-epoch changes are the models', not the noise's. On a
        small table an epoch goes through the rows several times (``GANSettings.repeats_for``)."""
        trainer, width = self.trainer, self.trainer.noise_width
        repeats = self.settings.repeats_for(len(train))
        rows = np.tile(train, (repeats, 1)) if repeats > 1 else train
        if trainer.sampler is not None:
            trainer.sampler.index(rows)
        data = tf.constant(rows, tf.float32)
        real_val = tf.constant(validation, dtype=tf.float32)
        z_val = noise_from_seed(
            stream_seed(self.seed, "evaluation.validation"), len(validation), width
        )
        z_deception = noise_from_seed(
            stream_seed(self.seed, "evaluation.deception"), self.settings.n_deception_samples, width
        )
        # quality figures against training rows, the rows analyze_samples compares with (a
        # small table's validation split is too small to train a classifier on)
        quality_seed = stream_seed(self.seed, "evaluation.quality")
        n_quality = min(len(train), QUALITY_ROWS)
        real_quality = train[np.random.default_rng(quality_seed).permutation(len(train))]
        real_quality = real_quality[:n_quality]
        z_quality = noise_from_seed(
            stream_seed(self.seed, "evaluation.quality_noise"), n_quality, width
        )
        beside = (None, None, None)
        if self.conditions is not None:
            beside = tuple(
                tf.constant(
                    random_groups(n, self.conditions.n_groups, stream_seed(self.seed, name))
                )
                for n, name in (
                    (len(validation), "evaluation.groups.real"),
                    (len(validation), "evaluation.groups.validation"),
                    (self.settings.n_deception_samples, "evaluation.groups.deception"),
                )
            )
        history = []
        every = self.settings.quality_every
        for epoch in range(1, self.settings.epochs + 1):
            trained = trainer.train_epoch(data, epoch - 1)
            figures = self._evaluate(real_val, z_val, z_deception, beside)
            record = EpochRecord(
                epoch=epoch,
                phase=trained["phase"],
                train_judge_loss=float(trained[f"{trained['judge']}_loss"]),
                train_generator_loss=float(trained["generator_loss"]),
                **{key: float(value) for key, value in figures.items()},
            )
            if every and (epoch % every == 0 or epoch == self.settings.epochs):
                generated = self.kept_generator(z_quality, training=False).numpy()
                figures = quality(real_quality, generated, self.blocks, quality_seed)
                record = record.with_quality(figures.column_shapes, figures.detection_auc)
            history.append(record)
            if on_epoch_end is not None:
                on_epoch_end(epoch, record)
        return history
