"""Training throughput of the tabular GAN on Adult: the compiled loop against the 2019-era loop.

The reference is how the original code trained: per batch, `G.predict` for the fake rows, two
`D.train_on_batch` calls (real, fake) and one `combined.train_on_batch` for the generator. Both
loops use the same data, networks (from params.yaml `gan`) and batch size and the plain GAN
losses; only the loop differs. A third line times the compiled loop with the default extras the
reference does not have (R1 penalty, generator moving average): what `train_gan` actually runs.

Run: python benchmarks/train_gan_throughput.py [--epochs 3] [--reference-batches 60]
"""

from __future__ import annotations

import argparse
import os
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras
import numpy as np

from ganexp.gan.seeding import seed_everything
from ganexp.pipeline.params import load_params
from ganexp.tabular.arff_io import read_arff
from ganexp.tabular.encoder import TabularEncoder
from ganexp.tabular.model import (
    NetworkSpec,
    TabularGAN,
    build_discriminator,
    build_generator,
    row_width,
)


def networks(params, blocks: list[dict]):
    gan = params.gan
    g = NetworkSpec(tuple(gan.generator.hidden), gan.generator.activation, gan.generator.dropout)
    d = NetworkSpec(
        tuple(gan.discriminator.hidden), gan.discriminator.activation, gan.discriminator.dropout
    )
    generator = build_generator(gan.latent_dim, blocks, g, gan.snap_to_grid, gan.sample_categories)
    return generator, build_discriminator(row_width(blocks), d)


def compiled_seconds_per_epoch(
    params, data: np.ndarray, blocks, epochs: int, extras: bool
) -> float:
    import tensorflow as tf

    generator, discriminator = networks(params, blocks)
    gan = TabularGAN(
        generator,
        discriminator,
        batch_size=params.gan.batch_size,
        generator_lr=params.gan.generator_lr,
        discriminator_lr=params.gan.discriminator_lr,
        beta_1=params.gan.beta_1,
        seed=params.seed,
        r1_penalty=params.gan.r1_penalty if extras else 0.0,
        generator_ema=params.gan.generator_ema if extras else None,
    )
    tensor = tf.constant(data)
    gan._train_epoch(tensor)  # trace and warm up
    start = time.perf_counter()
    for _ in range(epochs):
        gan._train_epoch(tensor)
    return (time.perf_counter() - start) / epochs


def reference_seconds_per_batch(params, data: np.ndarray, blocks, batches: int) -> float:
    gan = params.gan
    generator, discriminator = networks(params, blocks)
    discriminator.compile(keras.optimizers.Adam(gan.discriminator_lr, beta_1=gan.beta_1), "bce")
    discriminator.trainable = False
    noise_width = int(generator.input_shape[-1])
    z = keras.Input((noise_width,))
    combined = keras.Model(z, discriminator(generator(z)))
    combined.compile(keras.optimizers.Adam(gan.generator_lr, beta_1=gan.beta_1), "bce")
    discriminator.trainable = True
    rng = np.random.default_rng(0)
    size = gan.batch_size
    ones, zeros = np.ones((size, 1)), np.zeros((size, 1))

    def one_batch(i: int) -> None:
        real = data[(i * size) % (len(data) - size) :][:size]
        noise = rng.uniform(-1, 1, (size, noise_width)).astype("float32")
        fake = generator.predict(noise, verbose=0)
        discriminator.train_on_batch(real, ones)
        discriminator.train_on_batch(fake, zeros)
        combined.train_on_batch(noise, ones)

    for i in range(5):  # trace and warm up
        one_batch(i)
    start = time.perf_counter()
    for i in range(batches):
        one_batch(i)
    return (time.perf_counter() - start) / batches


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=3, help="timed epochs of the compiled loop")
    parser.add_argument("--reference-batches", type=int, default=60)
    args = parser.parse_args()

    params = load_params("params.yaml")
    seed_everything(params.seed)
    dataset = params.dataset("adult")
    encoder = TabularEncoder(
        drop=dataset.drop, nominal=dataset.nominal_encoding, numeric=dataset.numeric_encoding
    )
    data = encoder.fit_transform(read_arff(dataset.path))
    n_train = int(
        len(data) * (1 - params.preprocess.validation_fraction - params.preprocess.test_fraction)
    )
    data = data[:n_train]
    blocks = encoder.layout
    batches_per_epoch = -(-len(data) // params.gan.batch_size)

    compiled = compiled_seconds_per_epoch(params, data, blocks, args.epochs, extras=False)
    default = compiled_seconds_per_epoch(params, data, blocks, args.epochs, extras=True)
    reference = reference_seconds_per_batch(params, data, blocks, args.reference_batches) * (
        batches_per_epoch
    )
    print(
        f"Adult train split ({encoder.nominal}+{encoder.numeric}): "
        f"{len(data)} rows x {data.shape[1]} columns, "
        f"batch {params.gan.batch_size}, {batches_per_epoch} steps per epoch"
    )
    print(f"{'loop':<44} {'s/epoch':>9} {'steps/s':>9}")
    print(
        f"{'compiled (tf.function over the epoch)':<44} {compiled:>9.3f} "
        f"{batches_per_epoch / compiled:>9.1f}"
    )
    print(
        f"{'reference (predict + train_on_batch)':<44} {reference:>9.3f} "
        f"{batches_per_epoch / reference:>9.1f}"
    )
    print(f"speed-up: {reference / compiled:.1f}x")
    print(
        f"{'compiled + R1 penalty + generator average':<44} {default:>9.3f} "
        f"{batches_per_epoch / default:>9.1f}"
    )
    epochs = params.gan.epochs
    print(
        f"default run ({epochs} epochs), training alone: compiled with extras "
        f"{default * epochs:.0f} s, reference (no extras) {reference * epochs:.0f} s"
    )


if __name__ == "__main__":
    main()
