"""The combined model's settings: the one definition of each, for the Python API and for
params.yaml's section ``combined`` (``ganexp.pipeline.params.CombinedParams`` adds the seeds, the
benchmarks and the variants). No TensorFlow here, so the multi-seed runner can pass them to its
worker processes before any model exists. The defaults are the original study's model on ring5.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, field_validator

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

Critic = Literal["clip", "gradient-penalty"]  # how the critic stays Lipschitz


class CombinedSettings(Section):
    """The networks and optimisers of the combined model (the schedule's switch apart)."""

    batch_size: PositiveInt = 64
    latent_dim: PositiveInt = 2  # uniform noise in [-1, 1]
    hidden: tuple[Width, ...] = (512, 512, 512)  # hidden layers of all three networks
    activation: Activation = "relu"  # of every hidden layer
    learning_rate: LearningRate = 5e-5
    beta_1: Beta = 0.5  # Adam's, for the discriminator, the generator and the GP critic
    clip_value: Positive = 0.01  # the clipped critic's weights stay in [-clip_value, clip_value]
    gradient_penalty: NonNegative = 10.0  # the weight of WGAN-GP's penalty
    n_critic: PositiveInt = 5  # critic steps per generator step
    warmup_epochs: NonNegativeInt = 10
    warmup_n_critic: PositiveInt = 8  # in the first warmup_epochs: the original's warm-up
    r1_penalty: NonNegative = 0.0  # R1 on the discriminator (GAN phase; 0: off, the original)
    r1_every: PositiveInt = 1
    generator_average: Decay | None = None  # moving average of the generator (None: off)
    jit_compile: bool = False  # XLA-compile the epoch functions
    precision: Precision = "auto"  # hidden layers' matmuls: auto = bfloat16 where native

    _hidden = field_validator("hidden", mode="before")(as_tuple)


class RunSettings(CombinedSettings):
    """Everything one training run needs besides its data, seed and variant."""

    epochs: PositiveInt = 180
    eval_every: PositiveInt = 5  # mode metrics every N epochs
    n_eval_points: PositiveInt = 2500  # generated points per evaluation, as PacGAN and VEEGAN
    frame_every: PositiveInt = 10  # generated points kept for the GIF every N epochs


class Variant(Section):
    """One schedule of the combined model: the critic until ``switch_epoch`` (0: plain GAN;
    None: never switches, plain WGAN), kept Lipschitz as ``critic`` says. ``settings``: run
    settings of its own where its paper has them (WGAN-GP's), over the benchmark's and the
    shared ones (checked by ``CombinedParams.run_settings``)."""

    switch_epoch: NonNegativeInt | None
    critic: Critic = "clip"
    settings: dict[str, Any] = Field(default_factory=dict)
