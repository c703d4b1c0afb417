"""The original combined model as a configuration of the engine: one generator trained first
against a weight-clipped critic (WGAN), then against a discriminator (GAN); plain GAN and plain
WGAN are the same schedule with the switch at epoch 0 or never.

In the WGAN phase every batch is one critic step (RMSprop, Wasserstein loss, weights clipped) and
the generator takes one step (RMSprop) after every ``n_critic`` critic steps, or
``warmup_n_critic`` in the first ``warmup_epochs`` epochs. In the GAN phase every batch is one
discriminator step and one generator step (Adam, binary cross-entropy, the non-saturating
generator loss), optionally with R1 on the discriminator and a moving average of the generator.

The critic is kept Lipschitz as the original did, by clipping its weights (``CLIPPED``), or with
WGAN-GP's gradient penalty and Adam (β2 0.9) instead (``GRADIENT_PENALTY``, the modern reference).
"""

from __future__ import annotations

from collections.abc import Sequence

import keras

from ganexp.gan.flops import epoch_flops
from ganexp.gan.losses import R1, BinaryCrossEntropy, GradientPenalty, Wasserstein
from ganexp.gan.precision import Resolved, hidden_policy, resolve
from ganexp.gan.schedule import Phase, PhaseSchedule, switch_schedule
from ganexp.gan.trainer import AdversarialTrainer, Judge
from ganexp.gaussians.settings import CombinedSettings

WGAN, GAN = "wgan", "gan"
CLIPPED, GRADIENT_PENALTY = "clip", "gradient-penalty"  # how the critic stays Lipschitz
CRITICS = (CLIPPED, GRADIENT_PENALTY)


def _mlp(
    input_dim: int,
    hidden: Sequence[int],
    output: keras.layers.Layer,
    name: str,
    activation: str = "relu",
    precision: Resolved = "float32",
):
    """Hidden layers in ``precision`` (``gan.precision.hidden_policy``), ``output`` float32."""
    policy = hidden_policy(precision)
    layers: list[keras.layers.Layer] = [keras.Input((input_dim,))]
    layers += [keras.layers.Dense(width, activation=activation, dtype=policy) for width in hidden]
    layers.append(output)
    return keras.Sequential(layers, name=name)


def build_generator(
    latent_dim: int = 2,
    hidden: Sequence[int] = (512, 512, 512),
    activation: str = "relu",
    precision: Resolved = "float32",
):
    """Uniform noise in [-1, 1]^latent_dim -> a 2-D point (linear output, float32)."""
    output = keras.layers.Dense(2, dtype="float32")
    return _mlp(latent_dim, hidden, output, "generator", activation, precision)


def build_discriminator(
    hidden: Sequence[int] = (512, 512, 512),
    activation: str = "relu",
    precision: Resolved = "float32",
):
    """A 2-D point -> probability that it is real."""
    output = keras.layers.Dense(1, activation="sigmoid", dtype="float32")
    return _mlp(2, hidden, output, "discriminator", activation, precision)


def build_critic(
    hidden: Sequence[int] = (512, 512, 512),
    activation: str = "relu",
    precision: Resolved = "float32",
):
    """A 2-D point -> an unbounded score (higher: more real), kept Lipschitz by the trainer."""
    output = keras.layers.Dense(1, dtype="float32")
    return _mlp(2, hidden, output, "critic", activation, precision)


def combined_schedule(settings: CombinedSettings, switch_epoch: int | None) -> PhaseSchedule:
    """Critic before ``switch_epoch``, discriminator from it (0: plain GAN; None: plain WGAN)."""
    critic = Phase(
        WGAN,
        "critic",
        judge_steps=settings.n_critic,
        warmup_epochs=settings.warmup_epochs,
        warmup_judge_steps=settings.warmup_n_critic,
    )
    return switch_schedule(switch_epoch, critic=critic, discriminator=Phase(GAN, "discriminator"))


def _critic(settings: CombinedSettings, kind: str, precision: Resolved) -> Judge:
    """The original's weight-clipped critic (RMSprop), or WGAN-GP's (Adam, β2 0.9)."""
    s = settings
    network = build_critic(s.hidden, s.activation, precision)
    if kind == CLIPPED:
        return Judge(
            network,
            Wasserstein(),
            keras.optimizers.RMSprop(s.learning_rate),
            keras.optimizers.RMSprop(s.learning_rate),
            clip_value=s.clip_value,
        )
    if kind == GRADIENT_PENALTY:
        adam = {"learning_rate": s.learning_rate, "beta_1": s.beta_1, "beta_2": 0.9}
        return Judge(
            network,
            Wasserstein(),
            keras.optimizers.Adam(**adam),
            keras.optimizers.Adam(**adam),
            penalty=GradientPenalty(s.gradient_penalty),
        )
    raise ValueError(f"critic must be one of {', '.join(CRITICS)}, got {kind!r}")


def combined_trainer(
    settings: CombinedSettings, switch_epoch: int | None, seed: int, critic: str = CLIPPED
) -> AdversarialTrainer:
    """The engine set up as the original combined model (with the switch at ``switch_epoch``),
    its critic kept Lipschitz as ``critic`` says."""
    s = settings
    precision = resolve(s.precision)
    adam = {"learning_rate": s.learning_rate, "beta_1": s.beta_1}
    judges = {
        "critic": _critic(s, critic, precision),
        "discriminator": Judge(
            build_discriminator(s.hidden, s.activation, precision),
            BinaryCrossEntropy(),
            keras.optimizers.Adam(**adam),
            keras.optimizers.Adam(**adam),
            penalty=R1(s.r1_penalty, s.r1_every) if s.r1_penalty else None,
        ),
    }
    return AdversarialTrainer(
        build_generator(s.latent_dim, s.hidden, s.activation, precision),
        judges,
        combined_schedule(s, switch_epoch),
        batch_size=s.batch_size,
        seed=seed,
        generator_average=s.generator_average,
        jit_compile=s.jit_compile,
    )


def analytic_flops_per_epoch(
    settings: CombinedSettings, switch_epoch: int | None, n_points: int, epochs: int
) -> float:
    """Dense FLOPs per epoch averaged over ``epochs`` of the schedule (``gan.flops``)."""
    schedule = combined_schedule(settings, switch_epoch)
    generator = [settings.latent_dim, *settings.hidden, 2]
    judge = [2, *settings.hidden, 1]
    total = sum(
        epoch_flops(n_points, settings.batch_size, generator, judge, schedule.judge_steps(epoch))
        for epoch in range(epochs)
    )
    return total / epochs
