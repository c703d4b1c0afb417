"""The combined model's networks and optimisers as plain data (no TensorFlow here, so the
multi-seed runner can pass them to its worker processes before any model exists)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CombinedSettings:
    """The networks and optimisers of the combined model (the schedule's switch apart)."""

    batch_size: int = 64
    latent_dim: int = 2
    hidden: tuple[int, ...] = (512, 512, 512)
    activation: str = "relu"  # of every hidden layer (a Keras activation name)
    learning_rate: float = 5e-5
    adam_beta_1: float = 0.5
    clip_value: float = 0.01
    gradient_penalty: float = 10.0  # the weight of WGAN-GP's penalty (critic "gradient-penalty")
    n_critic: int = 5
    warmup_epochs: int = 0
    warmup_n_critic: int = 5
    r1_penalty: float = 0.0
    r1_every: int = 1
    generator_average: float | None = None
    jit_compile: bool = False


@dataclass(frozen=True)
class Variant:
    """One schedule of the combined model: the critic until ``switch_epoch`` (0: plain GAN;
    None: never switches, plain WGAN), kept Lipschitz as ``critic`` says ("clip" or
    "gradient-penalty")."""

    name: str
    switch_epoch: int | None
    critic: str = "clip"
