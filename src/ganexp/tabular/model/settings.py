"""Everything that defines a tabular GAN and its training: the one definition of each setting.

``TabularSynthesizer(**settings)`` and params.yaml's section ``gan`` (with its pipeline-only keys
``seeds`` and ``checkpoint_every``, ``ganexp.pipeline.params.GanParams``) are both validated by
``GANSettings``: one set of defaults, one set of constraints. No TensorFlow here: a saved
synthesizer's settings can be read, and bad ones rejected, before any model is built.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, field_validator, model_validator

from ganexp.gan.precision import Precision
from ganexp.validation import (
    Activation,
    Beta,
    Decay,
    LearningRate,
    NonNegative,
    NonNegativeInt,
    Positive,
    PositiveInt,
    Section,
    Width,
    as_tuple,
)


class NetworkSpec(Section):
    """Hidden layer widths, their activation, and dropout after each hidden layer."""

    hidden: tuple[Width, ...] = Field(min_length=1)
    activation: Activation = "relu"
    dropout: Annotated[float, Field(ge=0.0, lt=1.0)] = 0.0

    _hidden = field_validator("hidden", mode="before")(as_tuple)


class GANSettings(Section):
    """The tabular GAN: MLPs, Adam, binary cross-entropy with the non-saturating generator loss
    and a lazy R1 penalty (or, with ``loss: wgan-gp``, a critic with a gradient penalty and
    ``n_critic`` critic steps per generator step); optionally the combined model's schedule
    (``wgan_epochs`` epochs against a weight-clipped critic, RMSprop, before the discriminator
    takes over)."""

    epochs: PositiveInt = 290
    batch_size: PositiveInt = 512
    latent_dim: PositiveInt = 32  # uniform noise in [-1, 1]
    generator: NetworkSpec = NetworkSpec(hidden=(256, 256), activation="relu")
    discriminator: NetworkSpec = NetworkSpec(hidden=(256, 256), activation="leaky_relu")
    generator_lr: LearningRate = 0.0004
    discriminator_lr: LearningRate = 0.0004
    beta_1: Beta = 0.5
    snap_to_grid: bool = True  # round generated codes/integers to their grid (straight-through)
    sample_categories: bool = True  # draw one-hot categories from their softmax (Gumbel)
    r1_penalty: NonNegative = 10.0  # R1 weight on real rows (0: off)
    r1_every: PositiveInt = 1  # k > 1: lazy R1, on one discriminator step in k, k x the weight
    generator_average: Decay | None = 0.999  # moving average of the generator (None: off)
    wgan_epochs: NonNegativeInt = 0  # epochs against a weight-clipped critic first
    critic_lr: LearningRate = 0.00005
    clip_value: Positive = 0.01
    n_critic: PositiveInt = 5  # critic steps per generator step: WGAN phase, and loss wgan-gp
    n_deception_samples: PositiveInt = 1000  # generated rows scored per epoch for deception
    min_steps_per_epoch: PositiveInt = 50  # small tables: an epoch repeats rows to about this
    max_batch_fraction: Annotated[float, Field(gt=0.0, le=1.0)] = 0.25  # of the training rows
    marginal_init: bool = False  # start each category's logit at log(its share of rows)
    quality_every: NonNegativeInt = 5  # quality figures of generated rows every N epochs (0: never)
    linear_values: bool = False  # gridded value columns: 0.5 + logit, snapped (not a sigmoid)
    pack: Annotated[int, Field(ge=1, le=64)] = 1  # PacGAN: the judge scores this many rows at once
    lr_schedule: Literal["constant", "linear", "cosine"] = "linear"  # GAN-phase rates decay to 0
    loss: Literal["gan", "wgan-gp"] = "gan"  # gan: discriminator + R1; wgan-gp: critic + penalty
    gradient_penalty: NonNegative = 10.0  # WGAN-GP's weight (loss wgan-gp)
    precision: Precision = "auto"  # hidden layers' matmuls: auto = bfloat16 where native
    training_by_sampling: bool = False  # CTGAN's conditional vector (model/conditions.py)

    @model_validator(mode="after")
    def _wgan_within_training(self) -> GANSettings:
        if self.wgan_epochs > self.epochs:
            raise ValueError(f"wgan_epochs: {self.wgan_epochs} exceeds epochs ({self.epochs})")
        return self

    def batch_for(self, n_rows: int) -> int:
        """The batch size on ``n_rows`` training rows: ``batch_size``, capped so an epoch of a
        small table still has several batches, and a multiple of ``pack`` so no pack mixes real
        and generated rows."""
        batch = max(1, min(self.batch_size, int(n_rows * self.max_batch_fraction)))
        return max(self.pack, batch - batch % self.pack)

    def repeats_for(self, n_rows: int) -> int:
        """How many times an epoch goes through ``n_rows`` training rows: the whole number of
        passes whose batches come nearest ``min_steps_per_epoch``, at least one (a 57-row table
        gets as many generator updates per epoch as a 13,000-row one). Nearest, not at least: a
        table of 45 batches is one pass, not two (twice the time for 10% short of the mark)."""
        batch = self.batch_for(n_rows)
        return max(1, int(self.min_steps_per_epoch * batch / max(n_rows, 1) + 0.5))

    def steps_for(self, n_rows: int) -> int:
        """Judge steps in one epoch of the GAN phase on ``n_rows`` rows: the rows repeated
        ``repeats_for`` times, in batches of ``batch_for`` (as many generator steps with
        ``loss: gan``; one in ``n_critic`` with ``wgan-gp``)."""
        return -(-n_rows * self.repeats_for(n_rows) // self.batch_for(n_rows))

    @property
    def judge_is_critic(self) -> bool:
        """Whether the GAN phase's judge is a critic (unbounded scores) rather than a
        discriminator (probabilities); either is saved as the synthesizer's ``discriminator``,
        as CTGAN names its WGAN-GP critic."""
        return self.loss == "wgan-gp"

    @property
    def judge_steps(self) -> int:
        """Judge steps per generator step in the GAN phase."""
        return self.n_critic if self.loss == "wgan-gp" else 1

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON values, in field order (what ``synthesizer.json`` holds)."""
        return self.model_dump(mode="json")

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> GANSettings:
        """Settings from keywords; a one-line ValueError names the first unknown or bad one."""
        return cls(**values)
