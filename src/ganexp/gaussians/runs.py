"""Multi-seed runs of the combined trainer on a 2-D mixture: one worker process per seed
(``ganexp.gan.workers``), mode metrics every few epochs, frames for the GIFs, and the summary
across seeds (both rules for "all modes": PacGAN's *captured*, the original's 5% *covered*).

Plain settings in, plain results out: no params file, no paths, so a notebook can call
``train_seeds`` as the stage does.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np
import pandas as pd

from ganexp import spread
from ganexp.gan.seeding import seed_everything
from ganexp.gan.workers import run_seeds
from ganexp.gaussians.mixtures import Mixture
from ganexp.gaussians.mode_metrics import mode_metrics
from ganexp.gaussians.settings import RunSettings, Variant

LOSS_COLUMNS = ("critic_loss", "discriminator_loss", "generator_loss")


def train_one_seed(
    seed: int, settings: RunSettings, variant: Variant, mixture: Mixture, progress
) -> dict[str, Any]:
    """Train one run (in a single-threaded worker process); return its per-epoch losses, mode
    metrics, frames and seconds. ``progress`` (a queue) gets each finished epoch."""
    import tensorflow as tf

    seed_everything(seed)

    from ganexp.gan.noise import noise_from_seed
    from ganexp.gaussians.combined import combined_trainer

    trainer = combined_trainer(settings, variant.switch_epoch, seed, variant.critic)
    data = tf.constant(mixture.points)
    # the evaluation noise is drawn once: changes between evaluations are the generator's
    z_eval = noise_from_seed(seed + 1, settings.n_eval_points, settings.latent_dim)
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
            metrics = mode_metrics(points, mixture.centres, mixture.std)
            modes.append(
                {
                    "epoch": epoch,
                    "seed": seed,
                    "modes_captured": metrics.modes_captured,
                    "high_quality_fraction": metrics.high_quality_fraction,
                    "reverse_kl": metrics.reverse_kl,
                    "modes_covered": metrics.modes_covered,
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


def step_counts(settings: RunSettings, n_points: int, switch_epoch: int | None) -> dict[str, int]:
    """The judge and generator steps one run takes, counted as the engine counts them: every
    batch a judge step, a generator step after every ``judge_steps`` of them (the count carried
    across epochs), or after each one in a phase of one judge step per generator step."""
    from ganexp.gaussians.combined import combined_schedule

    schedule = combined_schedule(settings, switch_epoch)
    batches = -(-n_points // settings.batch_size)
    judge = generator = pending = 0
    for epoch in range(settings.epochs):
        every = schedule.judge_steps(epoch)
        judge += batches
        if every == 1 and pending == 0:
            generator += batches
            continue
        pending += batches
        generator += pending // every
        pending %= every
    return {"judge_steps": judge, "generator_steps": generator}


def train_seeds(
    settings: RunSettings, variant: Variant, mixture: Mixture, seeds: list[int], label: str
) -> dict[int, dict[str, Any]]:
    """Every seed's run, side by side (``ganexp.gan.workers.run_seeds``)."""
    return run_seeds(
        train_one_seed,
        seeds,
        settings,
        variant,
        mixture,
        steps_per_seed=settings.epochs,
        label=label,
    )


FIGURES = ("modes_captured", "high_quality_fraction", "reverse_kl", "modes_covered")


def _first_epoch(run: pd.DataFrame, column: str, n_modes: int) -> int | None:
    reached = run.loc[run[column] == n_modes, "epoch"]
    return int(reached.iloc[0]) if len(reached) else None


def _spread(values: list[float | None], name: str) -> dict[str, float | None]:
    """Mean and sample sd over the seeds where the figure is defined (None where it cannot be)."""
    defined = [v for v in values if v is not None]
    mean, sd = spread.mean(defined), spread.sample_sd(defined)
    return {
        f"{name}_mean": None if mean is None else round(mean, 6),
        f"{name}_std": None if sd is None else round(sd, 6),
    }


def _firsts(firsts: list[int | None], name: str) -> dict[str, Any]:
    reached = [f for f in firsts if f is not None]
    return {
        f"runs_all_{name}": len(reached),
        f"first_epoch_all_{name}_median": float(np.median(reached)) if reached else None,
        f"first_epoch_all_{name}_min": min(reached) if reached else None,
        f"first_epoch_all_{name}_max": max(reached) if reached else None,
    }


def summarise(modes: pd.DataFrame, seeds: list[int], n_modes: int) -> dict[str, Any]:
    """Per seed and across seeds: when all ``n_modes`` modes were first captured (PacGAN's
    rule) and first covered (the original's), the most modes captured at any evaluation (and
    how many runs end with fewer: modes dropped late), and the end state (``modes``: one row
    per seed and evaluated epoch). Standard deviations are the sample sd over the seeds."""
    per_seed = {}
    for seed in seeds:
        run = modes[modes["seed"] == seed].sort_values("epoch")
        last = run.iloc[-1]
        kl = last["reverse_kl"]
        peak = int(run["modes_captured"].max())
        per_seed[str(seed)] = {
            "first_epoch_all_captured": _first_epoch(run, "modes_captured", n_modes),
            "first_epoch_all_covered": _first_epoch(run, "modes_covered", n_modes),
            "peak_modes_captured": peak,
            "peak_epoch": _first_epoch(run, "modes_captured", peak),
            "final_modes_captured": int(last["modes_captured"]),
            "final_modes_covered": int(last["modes_covered"]),
            "final_high_quality_fraction": round(float(last["high_quality_fraction"]), 6),
            "final_reverse_kl": None if pd.isna(kl) else round(float(kl), 6),
        }
    runs = list(per_seed.values())
    summary: dict[str, Any] = {"seeds": per_seed, "runs": len(seeds), "n_modes": n_modes}
    for rule in ("captured", "covered"):
        summary |= _firsts([r[f"first_epoch_all_{rule}"] for r in runs], rule)
    for figure in FIGURES:
        summary |= _spread([r[f"final_{figure}"] for r in runs], f"final_{figure}")
    summary |= _spread([r["peak_modes_captured"] for r in runs], "peak_modes_captured")
    # a run that once captured more modes than it ends with dropped modes late in training
    summary["runs_losing_modes"] = sum(
        r["final_modes_captured"] < r["peak_modes_captured"] for r in runs
    )
    return summary


def wide_table(modes: pd.DataFrame) -> pd.DataFrame:
    """One row per evaluated epoch: the mean over seeds first (what the plots draw), then each
    seed's own column."""
    table = pd.DataFrame({"epoch": sorted(modes["epoch"].unique())})
    for figure in FIGURES:
        per_seed = modes.pivot(index="epoch", columns="seed", values=figure).astype(float)
        table[figure] = per_seed.mean(axis=1).to_numpy()
        for seed in per_seed.columns:
            table[f"{figure}_seed{seed}"] = per_seed[seed].to_numpy()
    return table
