"""Stage train_combined@<variant>: the GAN+WGAN generator on five Gaussians, one run per seed.

Outputs (renamed into place only when every run finished):
  metrics/combined/<variant>.json              headline: runs covering all modes, median first
                                               epoch with all five, final modes and quality
  metrics/combined/<variant>/details.json      the same per seed and across seeds (min, max, std)
  metrics/combined/<variant>/losses.tsv        per epoch, first seed: mode and mean losses
  metrics/combined/<variant>/modes.tsv         every eval_every epochs: modes covered and
                                               high-quality fraction, mean over seeds and per seed
  data/combined/<variant>/frames.npz           first seed, every frame_every epochs: generated
                                               points and the epoch (for render_gif)
  metrics/timing/train_combined-<variant>.json wall-clock figures (not expected to repeat)
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import ExitStack, suppress
from pathlib import Path

import numpy as np
import pandas as pd
from tqdm import tqdm

from ganexp.gan.seeding import seed_everything
from ganexp.gaussians.mixtures import Ring, make_ring, mode_coverage
from ganexp.pipeline.cli import StageTimer, run_stage, stage_arguments
from ganexp.pipeline.headline import modes_headline
from ganexp.pipeline.outputs import dumps_metrics, staged_path
from ganexp.pipeline.params import CombinedParams, load_params

LOSS_COLUMNS = ("critic_loss", "discriminator_loss", "generator_loss")


def train_one_seed(
    params: CombinedParams, switch_epoch: int | None, ring: Ring, seed: int, progress
) -> dict:
    """Train one run in a worker process; return its per-epoch losses, mode metrics, frames and
    seconds. ``progress`` (a queue) gets each finished epoch.

    TensorFlow runs on one thread here: these 64 x 512 matmuls gain little from a second
    thread, so one run per core finishes the seeds sooner, and the results do not depend on how
    many cores the machine has."""
    import tensorflow as tf

    tf.config.threading.set_intra_op_parallelism_threads(1)
    tf.config.threading.set_inter_op_parallelism_threads(1)
    seed_everything(seed)

    from ganexp.gaussians.combined import (
        CombinedTrainer,
        Schedule,
        build_critic,
        build_discriminator,
        build_generator,
    )

    schedule = Schedule(
        switch_epoch=switch_epoch,
        n_critic=params.n_critic,
        warmup_epochs=params.warmup_epochs,
        warmup_n_critic=params.warmup_n_critic,
    )
    trainer = CombinedTrainer(
        build_generator(params.latent_dim, params.hidden),
        build_discriminator(params.hidden),
        build_critic(params.hidden),
        schedule=schedule,
        batch_size=params.batch_size,
        learning_rate=params.learning_rate,
        clip_value=params.clip_value,
        adam_beta_1=params.adam_beta_1,
        seed=seed,
        jit_compile=params.jit_compile,
    )
    data = tf.constant(ring.points)
    # the evaluation noise is drawn once: changes between evaluations are the generator's
    z_eval = tf.random.Generator.from_seed(seed + 1).uniform(
        (params.n_eval_points, params.latent_dim), -1.0, 1.0
    )
    losses, modes, frames, frame_epochs = [], [], [], []
    train_seconds = 0.0

    def observe(epoch: int) -> None:
        last = epoch == params.epochs
        evaluate = epoch % params.eval_every == 0 or last
        keep_frame = epoch % params.frame_every == 0 or last
        if not (evaluate or keep_frame):
            return  # generating 2,500 points costs about a third of an epoch
        points = trainer.generate(z_eval)
        if evaluate:
            coverage = mode_coverage(points, ring)
            modes.append(
                {
                    "epoch": epoch,
                    "seed": seed,
                    "modes_covered": coverage.modes_covered,
                    "high_quality_fraction": coverage.high_quality_fraction,
                }
            )
        if keep_frame:
            frames.append(points.astype("float32"))
            frame_epochs.append(epoch)

    observe(0)
    for epoch in range(1, params.epochs + 1):
        started = time.perf_counter()
        row = trainer.train_epoch(data, epoch - 1)
        train_seconds += time.perf_counter() - started
        losses.append({"epoch": epoch, **{k: row.get(k) for k in ("mode", *LOSS_COLUMNS)}})
        observe(epoch)
        progress.put(1)
    return {
        "losses": losses,
        "modes": modes,
        "frames": np.stack(frames),
        "frame_epochs": np.array(frame_epochs, dtype="int32"),
        "seconds_per_epoch": train_seconds / params.epochs,
    }


def summarise(modes: pd.DataFrame, seeds: list[int]) -> dict:
    """Per seed and across seeds: when all five modes were first covered, and the end state."""
    per_seed = {}
    for seed in seeds:
        run = modes[modes["seed"] == seed].sort_values("epoch")
        full = run.loc[run["modes_covered"] == 5, "epoch"]
        last = run.iloc[-1]
        per_seed[str(seed)] = {
            "first_epoch_all_modes": int(full.iloc[0]) if len(full) else None,
            "final_modes_covered": int(last["modes_covered"]),
            "final_high_quality_fraction": round(float(last["high_quality_fraction"]), 6),
        }
    firsts = [r["first_epoch_all_modes"] for r in per_seed.values()]
    reached = [f for f in firsts if f is not None]
    finals = [r["final_modes_covered"] for r in per_seed.values()]
    quality = [r["final_high_quality_fraction"] for r in per_seed.values()]
    return {
        "seeds": per_seed,
        "runs": len(seeds),
        "runs_covering_all_modes": len(reached),
        "first_epoch_all_modes_median": float(np.median(reached)) if reached else None,
        "first_epoch_all_modes_min": min(reached) if reached else None,
        "first_epoch_all_modes_max": max(reached) if reached else None,
        "final_modes_covered_mean": round(float(np.mean(finals)), 6),
        "final_modes_covered_min": min(finals),
        "final_high_quality_fraction_mean": round(float(np.mean(quality)), 6),
        "final_high_quality_fraction_std": round(float(np.std(quality)), 6),
    }


def wide_table(modes: pd.DataFrame) -> pd.DataFrame:
    """One row per evaluated epoch: the mean over seeds first (what the plots draw), then each
    seed's own column."""
    table = pd.DataFrame({"epoch": sorted(modes["epoch"].unique())})
    for figure in ("modes_covered", "high_quality_fraction"):
        per_seed = modes.pivot(index="epoch", columns="seed", values=figure)
        table[figure] = per_seed.mean(axis=1).to_numpy()
        for seed in per_seed.columns:
            table[f"{figure}_seed{seed}"] = per_seed[seed].to_numpy()
    return table


def train_seeds(params: CombinedParams, switch_epoch: int | None, ring: Ring, label: str) -> dict:
    """One single-threaded worker process per seed, all at once up to twice the cores (three
    seeds on two cores finish sooner side by side than two and then one); one progress bar."""
    context = multiprocessing.get_context("spawn")  # a fresh TensorFlow in every worker
    workers = min(len(params.seeds), 2 * (os.cpu_count() or 1))
    with (
        context.Manager() as manager,
        ProcessPoolExecutor(workers, mp_context=context) as pool,
        tqdm(
            total=len(params.seeds) * params.epochs,
            desc=f"{label} ({len(params.seeds)} seeds, {workers} at a time)",
            unit="epoch",
            mininterval=1.0,
        ) as bar,
    ):
        progress = manager.Queue()
        futures = {
            seed: pool.submit(train_one_seed, params, switch_epoch, ring, seed, progress)
            for seed in params.seeds
        }
        while not all(future.done() for future in futures.values()):
            with suppress(queue.Empty):
                bar.update(progress.get(timeout=0.5))
        return {seed: future.result() for seed, future in futures.items()}


def main() -> None:
    timer = StageTimer()
    args = stage_arguments(__doc__.splitlines()[0], variant=True)
    params = load_params(args.params)
    combined = params.combined
    switch_epoch = combined.variant(args.variant).switch_epoch
    ring = make_ring(combined.points_per_mode, seed=params.seed)

    runs = train_seeds(combined, switch_epoch, ring, f"train_combined@{args.variant}")
    first = runs[combined.seeds[0]]
    modes = pd.DataFrame([row for run in runs.values() for row in run["modes"]])
    result = {
        "variant": args.variant,
        "switch_epoch": switch_epoch,
        "epochs": combined.epochs,
        **summarise(modes, combined.seeds),
    }

    out = Path("metrics/combined")
    with ExitStack() as stack:
        staged_json = stack.enter_context(staged_path(out / f"{args.variant}.json"))
        staged_tables = stack.enter_context(staged_path(out / args.variant))
        staged_frames = stack.enter_context(
            staged_path(Path("data/combined") / args.variant / "frames.npz")
        )
        staged_tables.mkdir()
        staged_json.write_text(dumps_metrics(modes_headline(result)), encoding="utf-8")
        (staged_tables / "details.json").write_text(dumps_metrics(result), encoding="utf-8")
        pd.DataFrame(first["losses"]).to_csv(
            staged_tables / "losses.tsv", sep="\t", index=False, float_format="%.6f"
        )
        wide_table(modes).to_csv(
            staged_tables / "modes.tsv", sep="\t", index=False, float_format="%.6f"
        )
        with staged_frames.open("wb") as handle:
            np.savez(handle, points=first["frames"], epochs=first["frame_epochs"])

    timer.write(
        Path("metrics/timing") / f"train_combined-{args.variant}.json",
        seconds_per_epoch=float(np.mean([run["seconds_per_epoch"] for run in runs.values()])),
    )
    print(
        f"train_combined@{args.variant}: all five modes covered in "
        f"{result['runs_covering_all_modes']} of {result['runs']} run(s); first at epoch "
        f"{result['first_epoch_all_modes_min']} (median {result['first_epoch_all_modes_median']})"
    )


if __name__ == "__main__":
    run_stage(main)
