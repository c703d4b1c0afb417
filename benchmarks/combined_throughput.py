"""Five Gaussians (GAN+WGAN): the engine against the 2019 loop, and the matmul bound.

Same data (500 points), networks (params.yaml `combined`: 3x512 ReLU), batch size and schedule for
both. The reference is the original's loop: per batch `G.predict` for the fake points, the critic
(or discriminator) through `train_on_batch`, critic weights clipped through `get_weights` /
`set_weights`, and the generator through a stacked model's `train_on_batch`. The bound is the
GFLOP/s this process measures for a 64x512 @ 512x512 float32 matmul in TensorFlow; the compiled
trainer's share of it is analytic FLOPs per epoch (``analytic_flops_per_epoch``) over time.

Then each benchmark's GAN and WGAN epochs in float32 and bfloat16 (where native), with their
shares of both bounds at the benchmark's shapes, and the lever of several seeds in one graph.

Run: python benchmarks/combined_throughput.py [--epochs 10] [--reference-epochs 2] [--threads 1]
"""

from __future__ import annotations

import argparse
import time
import warnings

import ganexp  # noqa: F401  (before TensorFlow: it silences TensorFlow's start-up logging)

# isort: split

import keras
import numpy as np
import tensorflow as tf
from _engine_before_issue22 import as_before

from ganexp.gan.flops import matmul_gflops
from ganexp.gan.precision import has_native_bfloat16, resolve
from ganexp.gan.seeding import seed_everything
from ganexp.gaussians.combined import (
    GAN,
    WGAN,
    analytic_flops_per_epoch,
    build_critic,
    build_discriminator,
    build_generator,
    combined_trainer,
)
from ganexp.gaussians.mixtures import make_mixture, ring5
from ganexp.pipeline.params import load_params


def compiled_seconds(
    params,
    data: np.ndarray,
    mode: str,
    epochs: int,
    benchmark: str = "ring5",
    precision: str = "float32",
    at_start: bool = False,
) -> float:
    """Seconds per epoch of the engine in one mode (the combined model's configuration); with
    ``at_start``, the engine as it was when issue 22 began (``_engine_before_issue22``)."""
    settings = params.combined.run_settings(benchmark)
    settings = settings.model_copy(update={"precision": precision})
    trainer = combined_trainer(settings, None if mode == WGAN else 0, params.seed)
    if at_start:
        as_before(trainer)
    tensor = tf.constant(data)
    for epoch in range(2):  # trace and warm up
        trainer.train_epoch(tensor, epoch)
    start = time.perf_counter()
    for epoch in range(epochs):
        trainer.train_epoch(tensor, epoch)
    return (time.perf_counter() - start) / epochs


def reference_seconds(params, data: np.ndarray, mode: str, epochs: int) -> float:
    """Seconds per epoch of the original loop in one mode (with its defects fixed: every batch
    used, standard labels, the critic really trained)."""
    c = params.combined
    generator = build_generator(c.latent_dim, c.hidden)
    judge = build_critic(c.hidden) if mode == WGAN else build_discriminator(c.hidden)
    if mode == WGAN:
        judge.compile(keras.optimizers.RMSprop(c.learning_rate), wasserstein)
    else:
        judge.compile(keras.optimizers.Adam(c.learning_rate, beta_1=c.beta_1), "bce")
    size = c.batch_size
    real_label = -np.ones((size, 1)) if mode == WGAN else np.ones((size, 1))
    fake_label = -real_label if mode == WGAN else np.zeros((size, 1))
    judge.train_on_batch(data[:size], real_label)  # trace while trainable: it stays trained
    judge.trainable = False  # its compiled train_on_batch keeps updating it (checked below)
    warnings.filterwarnings("ignore", message="The model does not have any trainable weights")
    z = keras.Input((c.latent_dim,))
    stacked = keras.Model(z, judge(generator(z)))
    optimiser = (
        keras.optimizers.RMSprop(c.learning_rate)
        if mode == WGAN
        else keras.optimizers.Adam(c.learning_rate, beta_1=c.beta_1)
    )
    stacked.compile(optimiser, wasserstein if mode == WGAN else "bce")
    rng = np.random.default_rng(0)
    steps = 0

    def epoch() -> None:
        nonlocal steps
        order = rng.permutation(len(data))
        for start in range(0, len(data), size):
            real = data[order[start : start + size]]
            n = len(real)
            noise = rng.uniform(-1, 1, (n, c.latent_dim)).astype("float32")
            fake = generator.predict(noise, verbose=0)
            judge.train_on_batch(real, real_label[:n])
            judge.train_on_batch(fake, fake_label[:n])
            if mode == WGAN:
                judge.set_weights(
                    [np.clip(w, -c.clip_value, c.clip_value) for w in judge.get_weights()]
                )
            steps += 1
            if mode == GAN or steps % c.n_critic == 0:
                noise = rng.uniform(-1, 1, (size, c.latent_dim)).astype("float32")
                stacked.train_on_batch(noise, real_label)

    before = [w.copy() for w in judge.get_weights()]
    epoch()  # warm up
    if all(np.array_equal(a, b) for a, b in zip(before, judge.get_weights(), strict=True)):
        raise RuntimeError("the reference loop left the critic/discriminator untrained")
    start = time.perf_counter()
    for _ in range(epochs):
        epoch()
    return (time.perf_counter() - start) / epochs


def wasserstein(y_true, y_pred):
    """The original's critic loss: labels -1 (real) and +1 (fake) times the score."""
    return keras.ops.mean(y_true * y_pred)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=10, help="timed epochs per mode, compiled")
    parser.add_argument("--reference-epochs", type=int, default=2, help="timed, per mode")
    parser.add_argument(
        "--threads", type=int, default=1, help="TensorFlow threads (1: as a stage's workers)"
    )
    args = parser.parse_args()
    tf.config.threading.set_intra_op_parallelism_threads(args.threads)
    tf.config.threading.set_inter_op_parallelism_threads(args.threads)

    params = load_params("params.yaml")
    seed_everything(params.seed)
    c = params.combined
    data = ring5(c.benchmark("ring5").n_points, seed=params.seed).points  # the original's
    switch = c.variants["combined"].switch_epoch if "combined" in c.variants else 30
    settings = c.run_settings("ring5")
    wgan_share = min(switch if switch is not None else c.epochs, c.epochs) / c.epochs

    bound = matmul_gflops(c.batch_size, c.hidden[0])
    native = has_native_bfloat16()
    bound16 = matmul_gflops(c.batch_size, c.hidden[0], dtype="bfloat16") if native else None
    compiled = {m: compiled_seconds(params, data, m, args.epochs) for m in (WGAN, GAN)}
    reference = {m: reference_seconds(params, data, m, args.reference_epochs) for m in (WGAN, GAN)}

    def schedule_mean(figures: dict[str, float]) -> float:
        return wgan_share * figures[WGAN] + (1 - wgan_share) * figures[GAN]

    flops = {
        m: analytic_flops_per_epoch(settings, None if m == WGAN else 0, len(data), epochs=1)
        for m in (WGAN, GAN)
    }
    flops_combined = analytic_flops_per_epoch(settings, switch, len(data), c.epochs)
    print(
        f"{len(data)} points, batch {c.batch_size}, networks 3x{c.hidden[0]}, n_critic "
        f"{c.n_critic}; combined schedule: {switch} WGAN epochs of {c.epochs}"
    )
    print(
        f"matmul bound ({c.batch_size}x{c.hidden[0]} @ {c.hidden[0]}x{c.hidden[0]} float32, "
        f"TensorFlow): {bound:.1f} GFLOP/s; bfloat16: "
        + ("not native here" if bound16 is None else f"{bound16:.1f} GFLOP/s")
    )
    print(f"{'':<28} {'WGAN epoch':>11} {'GAN epoch':>11} {'combined':>11}")
    print(
        f"{'analytic GFLOP per epoch':<28} {flops[WGAN] / 1e9:>11.2f} {flops[GAN] / 1e9:>11.2f} "
        f"{flops_combined / 1e9:>11.2f}"
    )
    for name, figures in (("compiled s/epoch", compiled), ("reference s/epoch", reference)):
        print(
            f"{name:<28} {figures[WGAN]:>11.4f} {figures[GAN]:>11.4f} "
            f"{schedule_mean(figures):>11.4f}"
        )
    ratio = schedule_mean(reference) / schedule_mean(compiled)
    share = flops_combined / schedule_mean(compiled) / 1e9 / bound
    print(f"speed-up (reference / compiled, combined schedule): {ratio:.1f}x")
    rate = flops_combined / schedule_mean(compiled) / 1e9
    against16 = "" if bound16 is None else f", {100 * rate / bound16:.0f}% of the bfloat16 one"
    print(f"compiled: {rate:.1f} GFLOP/s = {100 * share:.0f}% of the float32 bound{against16}")
    print(
        f"{c.epochs} epochs per run: compiled {schedule_mean(compiled) * c.epochs:.0f} s, "
        f"reference {schedule_mean(reference) * c.epochs:.0f} s"
    )
    precisions(params, args.epochs, native)
    ensemble_axis(params.combined.run_settings("ring8"), members=3)


def ensemble_axis(settings, members: int, steps: int = 500) -> None:
    """The lever of several seeds in one graph, before building it: a hidden layer's matmul
    and activation for ``members`` seeds as one batched matmul (a leading ensemble axis)
    against one seed's alone, at the benchmark's batch and width, in float32."""
    rng = np.random.default_rng(0)
    shape = (members, settings.batch_size, settings.hidden[0])
    x = tf.constant(rng.uniform(-1, 1, shape), tf.float32)
    w = tf.constant(rng.normal(0, shape[2] ** -0.5, (members, shape[2], shape[2])), tf.float32)

    @tf.function
    def batched(x):
        for _ in tf.range(steps):
            x = tf.tanh(tf.matmul(x, w))
        return x

    @tf.function
    def alone(x):
        for _ in tf.range(steps):
            x = tf.tanh(tf.matmul(x, w[0]))
        return x

    first = x[0]
    batched(x), alone(first)  # trace
    best = {"batched": float("inf"), "alone": float("inf")}
    for _ in range(3):
        for name, run, start in (("batched", batched, x), ("alone", alone, first)):
            began = time.perf_counter()
            run(start).numpy()
            best[name] = min(best[name], time.perf_counter() - began)
    per_member = best["batched"] / members / steps * 1e6
    single = best["alone"] / steps * 1e6
    same = np.array_equal(batched(x).numpy()[0], alone(first).numpy())
    print(
        f"ensemble axis ({members} seeds, {shape[1]}x{shape[2]} @ {shape[2]}x{shape[2]} + "
        f"{settings.activation}): {per_member:.1f} us per seed and layer batched, "
        f"{single:.1f} alone ({single / per_member:.2f}x); a seed's values "
        f"{'identical' if same else 'different'} batched and alone"
    )


def precisions(params, epochs: int, native: bool) -> None:
    """Each benchmark's GAN and WGAN epochs in float32 and bfloat16, with their shares of both
    matmul bounds at the benchmark's batch and width (what params.yaml's `precision` rests on)."""
    if not native:
        print("bfloat16: not native on this CPU, so precision auto trains in float32 here")
        return
    print(
        f"{'benchmark, phase':<22} {'start s':>8} {'f32 s':>8} {'bf16 s':>8} {'bf16/f32':>8} "
        f"{'f32: of f32 bound':>18} {'bf16: of bf16 bound':>20} {'auto/start':>10}"
    )
    for benchmark in params.combined.benchmarks:
        settings = params.combined.run_settings(benchmark)
        data = make_mixture(benchmark, params.combined.benchmark(benchmark).n_points, 42).points
        width, batch = settings.hidden[0], settings.batch_size
        bounds = {p: matmul_gflops(batch, width, dtype=p) for p in ("float32", "bfloat16")}
        for mode in (GAN, WGAN):
            seconds = {
                p: compiled_seconds(params, data, mode, epochs, benchmark, p) for p in bounds
            }
            start = compiled_seconds(params, data, mode, epochs, benchmark, at_start=True)
            auto = seconds[resolve(settings.precision)]  # what params.yaml's precision takes
            flops = analytic_flops_per_epoch(settings, None if mode == WGAN else 0, len(data), 1)
            shares = {p: flops / seconds[p] / 1e9 / bounds[p] for p in bounds}
            print(
                f"{benchmark + ', ' + mode:<22} {start:>8.4f} {seconds['float32']:>8.4f} "
                f"{seconds['bfloat16']:>8.4f} {seconds['float32'] / seconds['bfloat16']:>7.2f}x "
                f"{100 * shares['float32']:>17.0f}% {100 * shares['bfloat16']:>19.0f}% "
                f"{start / auto:>9.2f}x"
            )


if __name__ == "__main__":
    main()
