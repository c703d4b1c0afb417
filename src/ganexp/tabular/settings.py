"""Everything that defines a tabular GAN and its training, as plain JSON-able data.

No TensorFlow here: a saved synthesizer's settings can be read, and bad ones rejected, before
any model is built. The pipeline's params section ``gan`` maps onto these fields one to one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, fields
from typing import Any

LR_SCHEDULES = ("constant", "linear", "cosine")
LOSSES = ("gan", "wgan-gp")


@dataclass(frozen=True)
class NetworkSpec:
    """Hidden layer widths, their activation, and dropout after each hidden layer."""

    hidden: Sequence[int]
    activation: str = "relu"
    dropout: float = 0.0


@dataclass(frozen=True)
class GANSettings:
    """The tabular GAN: MLPs, Adam, binary cross-entropy with the non-saturating generator loss
    and a lazy R1 penalty (or, with ``loss: wgan-gp``, a critic with a gradient penalty and
    ``n_critic`` critic steps per generator step); optionally the combined model's schedule
    (``wgan_epochs`` epochs against a weight-clipped critic, RMSprop, before the discriminator
    takes over)."""

    epochs: int = 150
    batch_size: int = 512
    latent_dim: int = 32  # uniform noise in [-1, 1]
    generator: NetworkSpec = field(default_factory=lambda: NetworkSpec((256, 256), "relu", 0.0))
    discriminator: NetworkSpec = field(
        default_factory=lambda: NetworkSpec((256, 256), "leaky_relu", 0.0)
    )
    generator_lr: float = 0.0004
    discriminator_lr: float = 0.0004
    beta_1: float = 0.5
    snap_to_grid: bool = True  # round generated codes/integers to their grid (straight-through)
    sample_categories: bool = True  # draw one-hot categories from their softmax (Gumbel)
    r1_penalty: float = 10.0  # R1 weight on real rows (0: off)
    r1_every: int = 1  # k > 1: lazy R1, applied on one discriminator step in k, k times the weight
    generator_average: float | None = 0.999  # decay of the generator's moving average (None: off)
    wgan_epochs: int = 0  # epochs against a weight-clipped critic before the discriminator
    critic_lr: float = 0.00005
    clip_value: float = 0.01
    n_critic: int = 5  # critic steps per generator step: WGAN phase, and loss wgan-gp
    n_deception_samples: int = 1000  # generated rows scored for the deception rate per epoch
    min_steps_per_epoch: int = 50  # small tables: an epoch repeats the rows to about this many
    max_batch_fraction: float = 0.25  # a batch holds at most this share of the training rows
    marginal_init: bool = False  # start each category's logit at log(its share of training rows)
    quality_every: int = 5  # quality figures of generated rows every N epochs (0: never)
    linear_values: bool = False  # gridded value columns: 0.5 + logit, snapped (not a sigmoid)
    pack: int = 1  # PacGAN: the judge scores this many rows at once (1: each row on its own)
    lr_schedule: str = "linear"  # constant, linear, cosine: the GAN phase's rates decay to 0
    loss: str = "gan"  # gan: discriminator, cross-entropy, R1; wgan-gp: critic, gradient penalty
    gradient_penalty: float = 10.0  # WGAN-GP's weight (loss wgan-gp; n_critic steps per G step)

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
        """Judge steps in one epoch of the GAN phase on ``n_rows`` rows (as many generator
        steps with ``loss: gan``; one in ``n_critic`` with ``wgan-gp``)."""
        return -(-n_rows * self.repeats_for(n_rows) // self.batch_for(n_rows))

    @property
    def judge_steps(self) -> int:
        """Judge steps per generator step in the GAN phase."""
        return self.n_critic if self.loss == "wgan-gp" else 1

    def to_dict(self) -> dict[str, Any]:
        state = asdict(self)
        for name in ("generator", "discriminator"):
            state[name]["hidden"] = list(state[name]["hidden"])
        return state

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> GANSettings:
        """Settings from plain values; a one-line ValueError names an unknown or bad key."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ValueError(
                f"unknown GAN setting(s): {', '.join(unknown)}; expected some of: "
                + ", ".join(sorted(known))
            )
        values = dict(values)
        for name in ("generator", "discriminator"):
            spec = values.get(name)
            if isinstance(spec, dict):
                extra = sorted(set(spec) - {"hidden", "activation", "dropout"})
                if extra:
                    raise ValueError(f"{name}: unknown key(s) {', '.join(extra)}")
                values[name] = NetworkSpec(**{**spec, "hidden": tuple(spec.get("hidden", ()))})
        settings = cls(**values)
        settings.check()
        return settings

    def check(self) -> None:
        positive = (
            "epochs",
            "batch_size",
            "latent_dim",
            "r1_every",
            "n_critic",
            "min_steps_per_epoch",
            "pack",
        )
        for name in positive:
            value = getattr(self, name)
            if not isinstance(value, int) or value < 1:
                raise ValueError(f"{name}: expected a whole number >= 1, got {value!r}")
        if not 0 <= self.wgan_epochs <= self.epochs:
            raise ValueError(
                f"wgan_epochs: expected 0..epochs ({self.epochs}), got {self.wgan_epochs}"
            )
        if self.generator_average is not None and not 0 < self.generator_average < 1:
            raise ValueError("generator_average: expected a decay in (0, 1) or None")
        if self.r1_penalty < 0:
            raise ValueError(f"r1_penalty: expected >= 0, got {self.r1_penalty}")
        if not isinstance(self.quality_every, int) or self.quality_every < 0:
            raise ValueError(
                f"quality_every: expected a whole number >= 0, got {self.quality_every}"
            )
        if self.lr_schedule not in LR_SCHEDULES:
            raise ValueError(
                f"lr_schedule: expected one of {', '.join(LR_SCHEDULES)}, got {self.lr_schedule!r}"
            )
        if self.loss not in LOSSES:
            raise ValueError(f"loss: expected one of {', '.join(LOSSES)}, got {self.loss!r}")
        if self.gradient_penalty < 0:
            raise ValueError(f"gradient_penalty: expected >= 0, got {self.gradient_penalty}")
        if not 0 < self.max_batch_fraction <= 1:
            raise ValueError(f"max_batch_fraction: expected (0, 1], got {self.max_batch_fraction}")
