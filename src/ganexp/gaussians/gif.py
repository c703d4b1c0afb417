"""Training GIFs of the five-Gaussian experiment, drawn with matplotlib and written by Pillow.

Two kinds: one run as the original showed it (real vs generated points on the left, the losses so
far on the right, the title naming the mode and the epoch), and several variants side by side at
the same epochs. Axes are fixed for the whole GIF so motion is the generator's, not the scale's.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from PIL import Image

MARGIN = 1.35  # axes reach 1.35 times the data's extent: points that overshoot stay visible
# (column, mode it belongs to, label, colour, axis): BCE losses on the left axis, the critic's
# Wasserstein estimates (small: its weights are clipped) on their own axis at the right
LOSS_LINES = (
    ("discriminator_loss", "gan", "discriminator (BCE)", "tab:red", "left"),
    ("generator_loss", "gan", "generator vs D (BCE)", "tab:blue", "left"),
    ("critic_loss", "wgan", "critic (Wasserstein)", "tab:purple", "right"),
    ("generator_loss", "wgan", "generator vs critic", "tab:cyan", "right"),
)


@dataclass(frozen=True)
class Run:
    """What one variant's GIF panel needs: its name, frames and per-epoch losses."""

    name: str
    frame_epochs: np.ndarray  # (F,)
    frames: np.ndarray  # (F, n, 2)
    losses: pd.DataFrame  # epoch, phase, critic_loss, discriminator_loss, generator_loss


def _mode_at(run: Run, epoch: int) -> str:
    rows = run.losses[run.losses["epoch"] == max(epoch, 1)]
    return str(rows["phase"].iloc[0]).upper() if len(rows) else ""


def _scatter(ax, real: np.ndarray, generated: np.ndarray) -> None:
    limit = MARGIN * float(np.abs(real).max())
    ax.scatter(real[:, 0], real[:, 1], s=4, c="0.6", label="real", linewidths=0)
    ax.scatter(
        generated[:, 0], generated[:, 1], s=4, c="tab:orange", label="generated", linewidths=0
    )
    ax.set_xlim(-limit, limit)
    ax.set_ylim(-limit, limit)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])


def _limits(values: np.ndarray) -> tuple[float, float] | None:
    values = values[np.isfinite(values)]
    if not values.size:
        return None
    low, high = np.percentile(values, [1, 99])
    pad = 0.1 * max(high - low, 1e-6)
    return float(low - pad), float(high + pad)


def _loss_panel(ax, losses: pd.DataFrame, epoch: int, last_epoch: int) -> None:
    """Losses up to ``epoch``, each network's in the mode it trained in; the axes' limits come
    from the whole run, so they stay fixed from frame to frame."""
    lines = [
        (column, losses[losses["phase"] == mode], label, colour, side)
        for column, mode, label, colour, side in LOSS_LINES
        if column in losses and losses.loc[losses["phase"] == mode, column].notna().any()
    ]
    axes = {"left": ax}
    if any(side == "right" for *_, side in lines):
        axes["right"] = ax.twinx()
        axes["right"].set_ylabel("Wasserstein estimate")
    for side, target in axes.items():
        values = [rows[column].to_numpy(float) for column, rows, *_, s in lines if s == side]
        limits = _limits(np.concatenate(values)) if values else None
        if limits:
            target.set_ylim(*limits)
    handles = []
    for column, rows, label, colour, side in lines:
        shown = rows[rows["epoch"] <= epoch]
        (line,) = axes[side].plot(shown["epoch"], shown[column], lw=1, c=colour, label=label)
        handles.append(line)
    ax.set_xlim(0, last_epoch)
    ax.set_xlabel("epoch")
    ax.set_ylabel("BCE loss (epoch mean)")
    if handles:
        ax.legend(handles=handles, loc="upper right", fontsize=7)


def _to_image(figure) -> Image.Image:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=figure.dpi)
    buffer.seek(0)
    return Image.open(buffer).convert("RGB")


def single_run_frames(
    run: Run, real: np.ndarray, size: tuple[float, float], dpi: int
) -> list[Image.Image]:
    """The original GIF's layout: scatter left, losses so far right, mode and epoch in the title."""
    images = []
    for epoch, points in zip(run.frame_epochs, run.frames, strict=True):
        figure, (left, right) = plt.subplots(1, 2, figsize=size, dpi=dpi)
        _scatter(left, real, points)
        left.legend(loc="upper right", fontsize=7, markerscale=2)
        _loss_panel(right, run.losses, int(epoch), int(run.losses["epoch"].max()))
        figure.suptitle(f"{run.name}: {_mode_at(run, int(epoch))} mode, epoch {int(epoch)}")
        figure.tight_layout()
        images.append(_to_image(figure))
        plt.close(figure)
    return images


def side_by_side_frames(
    runs: Sequence[Run], real: np.ndarray, size: tuple[float, float], dpi: int
) -> list[Image.Image]:
    """One scatter per variant, at the epochs every run has a frame for."""
    common = sorted(set.intersection(*(set(r.frame_epochs.tolist()) for r in runs)))
    images = []
    for epoch in common:
        figure, axes = plt.subplots(1, len(runs), figsize=size, dpi=dpi, squeeze=False)
        for ax, run in zip(axes[0], runs, strict=True):
            index = int(np.flatnonzero(run.frame_epochs == epoch)[0])
            _scatter(ax, real, run.frames[index])
            ax.set_title(f"{run.name} ({_mode_at(run, epoch)})", fontsize=10)
        figure.suptitle(f"epoch {epoch}")
        figure.tight_layout()
        images.append(_to_image(figure))
        plt.close(figure)
    return images


def write_gif(images: Sequence[Image.Image], target, fps: float) -> None:
    """An adaptive palette per frame keeps the file small; the last frame is held longer."""
    frames = [image.quantize(colors=64, method=Image.Quantize.MEDIANCUT) for image in images]
    duration = [round(1000 / fps)] * len(frames)
    duration[-1] = 2000
    frames[0].save(
        target,
        format="GIF",
        save_all=True,
        append_images=frames[1:],
        duration=duration,
        loop=0,
        optimize=True,
    )
