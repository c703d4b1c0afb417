"""One generator against one or more judges, epoch by epoch: the engine both experiments use.

An epoch is one pass over the shuffled rows in batches. Every batch is one judge step: generated
rows from fresh noise, one pass of the judge over real and generated rows together (twice the rows
per matmul, one call), the phase's loss, the judge's penalty on the steps it is due, the judge's
optimiser, then its weight clipping. After every ``judge_steps`` judge steps comes one generator
step on a full batch of fresh noise; the count carries across epochs, so no step is lost at an
epoch's end. A phase of one judge step per generator step pairs them instead: the generator step
is scored on the rows its judge step generated, by the judge just updated (as the PyTorch DCGAN
example does), which saves a generator pass per batch. After each generator step the moving
average of its weights, if kept, moves.

Each phase's epoch is one ``tf.function`` (Python is entered once per epoch), and all noise,
shuffling and penalty points come from one seeded ``tf.random.Generator``.

With a ``sampler`` (the tabular GAN's training-by-sampling), a batch is not the next rows of the
shuffle: the sampler draws the real rows, the generator's noise, and what the judge sees beside
every row, real or generated (the condition both were drawn under).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

import keras
import tensorflow as tf

from ganexp.gan.losses import AdversarialLoss, Penalty
from ganexp.gan.noise import uniform_noise
from ganexp.gan.schedule import PhaseSchedule


def per_instance_function(python_function, **options) -> tf.types.experimental.GenericFunction:
    """``tf.function(python_function)`` for a function that each trainer traces once, over its
    own networks. TensorFlow counts traces per code object across all instances, so every new
    trainer in a process (a notebook fitting several synthesizers) looks like a retrace and
    prints its "triggered tf.function retracing" warning; that warning is turned off for these
    functions, as TensorFlow turns it off for the functions of a loaded SavedModel."""
    function = tf.function(python_function, **options)
    function._omit_frequent_tracing_warning = True  # TensorFlow's own switch (pinned 2.21)
    return function


class BatchSampler(Protocol):
    def draw(
        self, rng: tf.random.Generator, data: tf.Tensor, n
    ) -> tuple[tf.Tensor, tf.Tensor, tf.Tensor]:
        """``n`` real rows of ``data``, the generator's noise, and the judge's extra columns."""
        ...


@dataclass
class Judge:
    """A network that scores rows, how it learns, and the generator's optimiser while it is the
    one training the generator (each phase keeps its own, as the original combined model)."""

    network: keras.Model
    loss: AdversarialLoss
    optimizer: keras.optimizers.Optimizer
    generator_optimizer: keras.optimizers.Optimizer
    penalty: Penalty | None = None
    clip_value: float | None = None  # weights kept in [-clip_value, clip_value] (WGAN)


class AdversarialTrainer:
    """Trains ``generator`` against the ``judges`` its ``schedule`` names.

    With ``generator_average`` (a decay such as 0.999), ``kept_generator`` is an exponential
    moving average of the generator's weights (as in progressive GANs and StyleGAN): the trained
    generator jitters from step to step, its average much less. Without it, ``kept_generator``
    is the generator itself. Either way it is the one to evaluate, save and sample from."""

    def __init__(
        self,
        generator: keras.Model,
        judges: Mapping[str, Judge],
        schedule: PhaseSchedule,
        *,
        batch_size: int,
        seed: int,
        generator_average: float | None = None,
        jit_compile: bool = False,
        sampler: BatchSampler | None = None,
    ) -> None:
        missing = [name for name in schedule.judges if name not in judges]
        if missing:
            raise ValueError(f"the schedule names judge(s) not given: {', '.join(missing)}")
        self.generator = generator
        self.judges = dict(judges)
        self.schedule = schedule
        self.batch_size = batch_size
        self.noise_width = int(generator.input_shape[-1])
        self.sampler = sampler
        self.rng = tf.random.Generator.from_seed(seed)
        self.generator_average = generator_average
        if generator_average is None:
            self.kept_generator = generator
        else:
            self.kept_generator = keras.models.clone_model(generator)
            self.kept_generator.set_weights(generator.get_weights())
        built: set[int] = set()  # optimiser slots are made now, outside the compiled epochs
        for judge in self.judges.values():
            for optimizer, weights in (
                (judge.optimizer, judge.network.trainable_weights),
                (judge.generator_optimizer, generator.trainable_weights),
            ):
                if id(optimizer) not in built:
                    optimizer.build(weights)
                    built.add(id(optimizer))
            self._clip(judge)  # a clipped critic starts inside its box too
        # judge steps since the last generator step, and judge steps in all (for lazy penalties)
        self.pending_judge_steps = tf.Variable(0, dtype=tf.int32, trainable=False)
        self.judge_step_count = tf.Variable(0, dtype=tf.int32, trainable=False)
        self.jit_compile = jit_compile
        self._epochs = self._compiled_epochs()

    def _compiled_epochs(self) -> dict:
        """One compiled epoch per judge, with and without the pending-step count (a caller
        that changes a step method calls this again, so the change is traced)."""
        return {
            (name, every_step): per_instance_function(
                self._epoch_function(name, every_step), jit_compile=self.jit_compile
            )
            for name in self.judges
            for every_step in (False, True)
        }

    # -- steps -----------------------------------------------------------------------------------
    def noise(self, n) -> tf.Tensor:
        return uniform_noise(self.rng, n, self.noise_width)

    @staticmethod
    def _clip(judge: Judge) -> None:
        if judge.clip_value is None:
            return
        for weight in judge.network.trainable_weights:
            weight.assign(tf.clip_by_value(weight, -judge.clip_value, judge.clip_value))

    def _judge_gradients(self, judge: Judge, real, fake, penalised: bool):
        network = judge.network
        n = tf.shape(real)[0]
        with tf.GradientTape() as tape:
            if penalised:
                real_scores, fake_scores, term = judge.penalty.scores_and_term(
                    network, real, fake, self.rng
                )
            else:
                scores = network(tf.concat([real, fake], axis=0), training=True)
                real_scores, fake_scores = scores[:n], scores[n:]
            loss = judge.loss.judge_loss(real_scores, fake_scores)
            objective = loss
            if penalised:
                objective += judge.penalty.weight * judge.penalty.every * term
        return loss, tape.gradient(objective, network.trainable_weights)

    def _judge_step(self, judge: Judge, real: tf.Tensor, fake: tf.Tensor | None = None):
        if fake is None:
            fake = self.generator(self.noise(tf.shape(real)[0]), training=True)
        penalty = judge.penalty
        if penalty is None or penalty.weight == 0:
            loss, grads = self._judge_gradients(judge, real, fake, penalised=False)
        elif penalty.every == 1:
            loss, grads = self._judge_gradients(judge, real, fake, penalised=True)
        else:
            loss, grads = tf.cond(
                self.judge_step_count % penalty.every == 0,
                lambda: self._judge_gradients(judge, real, fake, penalised=True),
                lambda: self._judge_gradients(judge, real, fake, penalised=False),
            )
        weights = judge.network.trainable_weights
        judge.optimizer.apply_gradients(zip(grads, weights, strict=True))
        self._clip(judge)
        self.judge_step_count.assign_add(1)
        return loss

    def _fake(self, noise: tf.Tensor, beside: tf.Tensor | None) -> tf.Tensor:
        """Generated rows as the judge sees them (with a sampler's columns beside them)."""
        fake = self.generator(noise, training=True)
        return fake if beside is None else tf.concat([fake, beside], axis=1)

    def _generator_step(self, judge: Judge, data: tf.Tensor) -> tf.Tensor:
        with tf.GradientTape() as tape:
            if self.sampler is None:
                fake = self.generator(self.noise(self.batch_size), training=True)
            else:
                _, noise, beside = self.sampler.draw(self.rng, data, self.batch_size)
                fake = self._fake(noise, beside)
            loss = judge.loss.generator_loss(judge.network(fake, training=True))
        return self._apply_generator(judge, tape, loss)

    def _paired_steps(
        self,
        judge: Judge,
        real: tf.Tensor,
        noise: tf.Tensor | None = None,
        beside: tf.Tensor | None = None,
    ) -> tuple[tf.Tensor, tf.Tensor]:
        """A judge step, then a generator step on the very rows the judge step generated (as
        the PyTorch DCGAN example): one generator forward pass per batch instead of two."""
        with tf.GradientTape() as tape:
            if noise is None:
                noise = self.noise(tf.shape(real)[0])
            fake = self._fake(noise, beside)
            with tape.stop_recording():
                judge_loss = self._judge_step(judge, real, fake)
            loss = judge.loss.generator_loss(judge.network(fake, training=True))
        return judge_loss, self._apply_generator(judge, tape, loss)

    def _apply_generator(self, judge: Judge, tape: tf.GradientTape, loss: tf.Tensor):
        weights = self.generator.trainable_weights
        grads = tape.gradient(loss, weights)
        judge.generator_optimizer.apply_gradients(zip(grads, weights, strict=True))
        if self.generator_average is not None:
            decay = self.generator_average
            for average, weight in zip(self.kept_generator.trainable_weights, weights, strict=True):
                average.assign(decay * average + (1.0 - decay) * weight)
        return loss

    # -- the compiled epoch ----------------------------------------------------------------------
    def _epoch_function(self, judge_name: str, every_step: bool):
        """The epoch against one judge; ``every_step``: a generator step after every judge
        step (the count is then not kept: a phase with one judge step per generator step
        leaves nothing pending)."""
        judge = self.judges[judge_name]

        def epoch(data: tf.Tensor, judge_steps: tf.Tensor) -> dict[str, tf.Tensor]:
            n = tf.shape(data)[0]
            order = tf.argsort(self.rng.uniform((n,)))
            n_batches = (n + self.batch_size - 1) // self.batch_size
            judge_total, generator_total = tf.constant(0.0), tf.constant(0.0)
            generator_steps = tf.constant(0)
            for i in tf.range(n_batches):
                index = order[i * self.batch_size : tf.minimum((i + 1) * self.batch_size, n)]
                if self.sampler is None:
                    real, noise, beside = tf.gather(data, index), None, None
                else:
                    real, noise, beside = self.sampler.draw(self.rng, data, tf.size(index))
                    real = tf.concat([real, beside], axis=1)
                if every_step:  # a generator step after each judge step: no counter
                    judge_loss, generator_loss = self._paired_steps(judge, real, noise, beside)
                    judge_total += judge_loss
                    generator_total += generator_loss
                    generator_steps += 1
                    continue
                fake = None if noise is None else self._fake(noise, beside)
                judge_total += self._judge_step(judge, real, fake)
                self.pending_judge_steps.assign_add(1)
                if self.pending_judge_steps >= judge_steps:
                    self.pending_judge_steps.assign(0)
                    generator_total += self._generator_step(judge, data)
                    generator_steps += 1
            return {
                "judge_loss": judge_total / tf.cast(n_batches, tf.float32),
                "generator_loss": generator_total
                / tf.maximum(tf.cast(generator_steps, tf.float32), 1.0),
                "generator_steps": generator_steps,
            }

        return epoch

    def train_epoch(self, data: tf.Tensor, epoch: int) -> dict[str, float | int | str]:
        """Train 0-based ``epoch`` in its scheduled phase. Returns the phase's name, its judge,
        the mean losses (``<judge>_loss``, ``generator_loss``) and the generator steps taken."""
        phase = self.schedule.phase(epoch)
        steps = self.schedule.judge_steps(epoch)
        every_step = steps == 1 and int(self.pending_judge_steps.numpy()) == 0
        figures = self._epochs[phase.judge, every_step](data, tf.constant(steps, dtype=tf.int32))
        return {
            "phase": phase.name,
            "judge": phase.judge,
            f"{phase.judge}_loss": float(figures["judge_loss"]),
            "generator_loss": float(figures["generator_loss"]),
            "generator_steps": int(figures["generator_steps"]),
        }
