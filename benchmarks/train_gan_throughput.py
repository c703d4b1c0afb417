"""Tabular GAN on Adult: the engine's epoch against the trainer before it, and the matmul bound.

Same data (Adult's encoded train split from `dvc repro preprocess@adult`), networks and batch
(params.yaml `gan`) for every line. Lines: the trainer before the engine (R1 on every step, the
discriminator called twice per step; `_tabular_trainer_before.py`), the engine in float32 with
R1 on every step (params `gan`), the engine with lazy R1 (`r1_every: 16`), the engine with the
earlier defaults (dropout 0.2 in the discriminator, batch 256), and, where the hardware has
bfloat16 natively, the engine in bfloat16 (what `precision: auto` takes there).
Each is timed in interleaved rounds and the fastest round counts, so a noisy neighbour slows
all lines alike. The bound is the GFLOP/s this process measures for a batch x width @ width x
width matmul, in float32 and (where the hardware has it natively) bfloat16; a line's share is
its analytic FLOPs per epoch (``gan.flops``) over time, against each bound.

Run: python benchmarks/train_gan_throughput.py [--epochs 2] [--rounds 3] [--threads 1]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import ganexp  # noqa: F401  (before TensorFlow: it silences TensorFlow's start-up logging)

# isort: split

import numpy as np
import tensorflow as tf
from _engine_before_issue22 import as_before
from _tabular_trainer_before import TrainerBefore

from ganexp.gan.flops import epoch_flops, matmul_gflops
from ganexp.gan.precision import has_native_bfloat16
from ganexp.gan.seeding import seed_everything
from ganexp.pipeline import paths
from ganexp.pipeline.params import load_params
from ganexp.tabular.encoding.encoder import TabularEncoder
from ganexp.tabular.encoding.layout import onehot_width, row_width
from ganexp.tabular.model.gan import build_trainer

EARLIER = "engine, earlier defaults (D dropout 0.2, b. 256)"
BFLOAT16 = "engine in bfloat16 (precision auto here)"
AT_START = "engine at issue 22's start (float32, unpaired)"
BEFORE = "before the engine (R1 every step, 2 D calls)"
UNPAIRED = (BEFORE, AT_START)  # generator steps on fresh noise: a generator pass of their own


def timed(run_epoch, epochs: int) -> float:
    start = time.perf_counter()
    for _ in range(epochs):
        run_epoch()
    return (time.perf_counter() - start) / epochs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=2, help="timed epochs per round and line")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--threads", type=int, default=1, help="TensorFlow threads (1: as a stage's workers)"
    )
    args = parser.parse_args()
    tf.config.threading.set_intra_op_parallelism_threads(args.threads)
    tf.config.threading.set_inter_op_parallelism_threads(args.threads)

    params = load_params("params.yaml")
    seed_everything(params.seed)
    processed = paths.processed("adult")
    if not (processed / "train.npy").is_file():
        raise SystemExit(f"{processed}/train.npy: not found; run `dvc repro preprocess@adult`")
    encoder = TabularEncoder.from_json(Path(processed / "encoder.json").read_text())
    data = tf.constant(np.load(processed / "train.npy"))
    settings = params.gan.settings()
    blocks = encoder.layout
    n_rows = int(data.shape[0])  # a learning-rate schedule needs it: its decay spans the run

    native = has_native_bfloat16()
    in_float32 = settings.model_copy(update={"precision": "float32"})
    engine = build_trainer(blocks, in_float32, params.seed, n_rows)
    at_start = as_before(build_trainer(blocks, in_float32, params.seed, n_rows))
    in_bfloat16 = settings.model_copy(update={"precision": "bfloat16"})
    engine16 = build_trainer(blocks, in_bfloat16, params.seed, n_rows) if native else None
    lazy_r1 = in_float32.model_copy(update={"r1_every": 16})
    lazy = build_trainer(blocks, lazy_r1, params.seed, n_rows)
    discriminator = settings.discriminator.model_copy(update={"dropout": 0.2})
    first_defaults = in_float32.model_copy(
        update={"batch_size": 256, "discriminator": discriminator}
    )
    first = build_trainer(blocks, first_defaults, params.seed, n_rows)
    before_networks = build_trainer(blocks, in_float32, params.seed, n_rows)
    before = TrainerBefore(
        before_networks.generator,
        before_networks.judges["discriminator"].network,
        batch_size=settings.batch_size,
        lr=settings.generator_lr,
        beta_1=settings.beta_1,
        seed=params.seed,
        r1=settings.r1_penalty,
        decay=settings.generator_average,
    )
    lines = {
        BEFORE: (1, lambda: before.train_epoch(data)),
        AT_START: (settings.r1_every, lambda: at_start.train_epoch(data, 1)),
        f"engine in float32 (r1_every {settings.r1_every})": (
            settings.r1_every,
            lambda: engine.train_epoch(data, 1),
        ),
        "engine, lazy R1 (r1_every 16)": (16, lambda: lazy.train_epoch(data, 1)),
        EARLIER: (
            first_defaults.r1_every,
            lambda: first.train_epoch(data, 1),
        ),
    }
    if engine16 is not None:
        lines[BFLOAT16] = (settings.r1_every, lambda: engine16.train_epoch(data, 1))
    for _, run in lines.values():  # trace and warm up
        run()
    best = dict.fromkeys(lines, float("inf"))
    for _ in range(args.rounds):
        for name, (_, run) in lines.items():
            best[name] = min(best[name], timed(run, args.epochs))

    n_rows, width = int(data.shape[0]), int(data.shape[1])
    hidden_g, hidden_d = list(settings.generator.hidden), list(settings.discriminator.hidden)
    noise = settings.latent_dim  # the category uniforms bypass the network
    generator_widths = [noise, *hidden_g, row_width(blocks)]
    judge_widths = [width, *hidden_d, 1]
    batches = {name: settings.batch_size for name in lines} | {EARLIER: first_defaults.batch_size}
    flops = {
        name: epoch_flops(
            n_rows,
            batches[name],
            generator_widths,
            judge_widths,
            penalty_every=every,
            paired=name not in UNPAIRED,
        )
        for name, (every, _) in lines.items()
    }
    bound = matmul_gflops(settings.batch_size, hidden_d[0])
    # the bfloat16 bound where it is native: what a bfloat16 trainer could reach
    bound16 = matmul_gflops(settings.batch_size, hidden_d[0], dtype="bfloat16") if native else None
    print(
        f"Adult train split ({encoder.nominal}+{encoder.numeric}): {n_rows} rows x {width} "
        f"columns (+{onehot_width(blocks)} category uniforms), batch "
        f"{settings.batch_size}, networks {hidden_g} / {hidden_d}"
    )
    print(
        f"matmul bound ({settings.batch_size}x{hidden_d[0]} @ {hidden_d[0]}x{hidden_d[0]} "
        f"float32, TensorFlow): {bound:.1f} GFLOP/s; bfloat16: "
        + ("not native here" if bound16 is None else f"{bound16:.1f} GFLOP/s")
    )
    print(f"{'line':<48} {'GFLOP/epoch':>11} {'s/epoch':>8} {'GFLOP/s':>8} {'f32':>5} {'bf16':>5}")
    for name in lines:
        rate = flops[name] / best[name] / 1e9
        share16 = "-" if bound16 is None else f"{100 * rate / bound16:.0f}%"
        print(
            f"{name:<48} {flops[name] / 1e9:>11.1f} {best[name]:>8.3f} {rate:>8.1f} "
            f"{100 * rate / bound:>4.0f}% {share16:>5}"
        )
    names = [name for name in lines if name != AT_START]
    speed_up = best[names[0]] / best[names[1]]
    print(f"speed-up of the float32 engine's epoch over the trainer before: {speed_up:.2f}x")
    kept = BFLOAT16 if BFLOAT16 in best else names[1]  # what precision auto takes here
    if BFLOAT16 in best:
        ratio16 = best[names[1]] / best[BFLOAT16]
        print(f"bfloat16 over float32 (the engine's epoch, same run): {ratio16:.2f}x")
    else:
        print("bfloat16: not native on this CPU, so precision auto trains in float32 here")
    start = best[AT_START]
    print(
        "updates per second, precision auto against the engine at issue 22's start: "
        f"{start / best[kept]:.2f}x (float32 alone: {start / best[names[1]]:.2f}x)"
    )
    print(f"lazy R1 (every 16) over the trainer before: {best[names[0]] / best[names[2]]:.2f}x")
    ratio = best[names[1]] / best[EARLIER]
    print(f"an epoch with today's defaults over one with the earlier defaults: {ratio:.2f}x")
    passes = settings.repeats_for(n_rows)  # an epoch of fewer than min_steps_per_epoch batches
    total = best[kept] * passes * settings.epochs
    print(
        f"default run ({settings.epochs} epochs of {passes} pass(es) over the rows; the lines "
        f"above time one pass), training alone: {total:.0f} s"
    )


if __name__ == "__main__":
    main()
