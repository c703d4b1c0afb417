"""Library objects built from params: the one place where a params section becomes a model."""

from __future__ import annotations

from ganexp.pipeline.params import GanParams


def build_tabular_gan(gan: GanParams, blocks: list[dict], seed: int):
    """The tabular GAN that params `gan` describe, for an encoder layout ``blocks``."""
    from ganexp.tabular.model import (
        NetworkSpec,
        TabularGAN,
        build_discriminator,
        build_generator,
        row_width,
    )

    def spec(network) -> NetworkSpec:
        return NetworkSpec(tuple(network.hidden), network.activation, network.dropout)

    generator = build_generator(
        gan.latent_dim, blocks, spec(gan.generator), gan.snap_to_grid, gan.sample_categories
    )
    discriminator = build_discriminator(row_width(blocks), spec(gan.discriminator))
    return TabularGAN(
        generator,
        discriminator,
        batch_size=gan.batch_size,
        generator_lr=gan.generator_lr,
        discriminator_lr=gan.discriminator_lr,
        beta_1=gan.beta_1,
        seed=seed,
        r1_penalty=gan.r1_penalty,
        generator_ema=gan.generator_ema,
    )
