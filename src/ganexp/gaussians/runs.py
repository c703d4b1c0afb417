"""Multi-seed runs of the combined trainer on a 2-D mixture: one worker process per seed
(``ganexp.gan.workers``), mode metrics every few epochs, frames for the GIFs, and the summary
across seeds.

Plain settings in, plain results out: no params file, no paths, so a notebook can call
``train_seeds`` as the stage does.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ganexp.gan.seeding import seed_everything
from ganexp.gan.workers import run_seeds
from ganexp.gaussians.mixtures import Ring, mode_coverage
from ganexp.gaussians.settings import CombinedSettings

LOSS_COLUMNS = ("critic_loss", "discriminator_loss", "generator_loss")


@dataclass(frozen=True)
class RunSettings:
    """Everything one training run needs besides its data, seed and switch epoch."""

    epochs: int
    eval_every: int
    n_eval_points: int
    frame_every: int
    model: CombinedSettings


def train_one_seed(
    seed: int, settings: RunSettings, switch_epoch: int | None, ring: Ring, progress
) -> dict[str, Any]:
    """Train one run (in a single-threaded worker process); return its per-epoch losses, mode
    metrics, frames and seconds. ``progress`` (a queue) gets each finished epoch."""
    import tensorflow as tf

    seed_everything(seed)

    from ganexp.gan.noise import noise_from_seed
    from ganexp.gaussians.combined import combined_trainer

    trainer = combined_trainer(settings.model, switch_epoch, seed)
    data = tf.constant(ring.points)
    # the evaluation noise is drawn once: changes between evaluations are the generator's
    z_eval = noise_from_seed(seed + 1, settings.n_eval_points, settings.model.latent_dim)
    losses, modes, frames, frame_epochs = [], [], [], []
    train_seconds = 0.0

    def observe(epoch: int) -> None:
        last = epoch == settings.epochs
        evaluate = epoch % settings.eval_every == 0 or last
        keep_frame = epoch % settings.frame_every == 0 or last
        if not (evaluate or keep_frame):
            return  # generating 2,500 points costs about a third of an epoch
        points = trainer.kept_generator(z_eval, training=False).numpy()
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
    for epoch in range(1, settings.epochs + 1):
        started = time.perf_counter()
        row = trainer.train_epoch(data, epoch - 1)
        train_seconds += time.perf_counter() - started
        losses.append({"epoch": epoch, **{k: row.get(k) for k in ("phase", *LOSS_COLUMNS)}})
        observe(epoch)
        progress.put(1)
    return {
        "losses": losses,
        "modes": modes,
        "frames": np.stack(frames),
        "frame_epochs": np.array(frame_epochs, dtype="int32"),
        "seconds_per_epoch": train_seconds / settings.epochs,
    }


def train_seeds(
    settings: RunSettings, switch_epoch: int | None, ring: Ring, seeds: list[int], label: str
) -> dict[int, dict[str, Any]]:
    """Every seed's run, side by side (``ganexp.gan.workers.run_seeds``)."""
    return run_seeds(
        train_one_seed,
        seeds,
        settings,
        switch_epoch,
        ring,
        steps_per_seed=settings.epochs,
        label=label,
    )


def summarise(modes: pd.DataFrame, seeds: list[int], n_modes: int) -> dict[str, Any]:
    """Per seed and across seeds: when all ``n_modes`` modes were first covered, and the end
    state (``modes``: one row per seed and evaluated epoch)."""
    per_seed = {}
    for seed in seeds:
        run = modes[modes["seed"] == seed].sort_values("epoch")
        full = run.loc[run["modes_covered"] == n_modes, "epoch"]
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
