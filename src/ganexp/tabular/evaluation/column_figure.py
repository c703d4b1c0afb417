"""Real against synthetic, column by column: histograms for numeric columns, bars for nominal."""

from __future__ import annotations

import math

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

MAX_BARS = 12


def distribution_figure(
    real: pd.DataFrame, synthetic: pd.DataFrame, scores: pd.DataFrame, title: str
) -> Figure:
    """One panel per column, titled with its similarity score (1 - KS or 1 - TVD)."""
    columns = list(real.columns)
    n_cols = 4
    n_rows = math.ceil(len(columns) / n_cols)
    fig, axes = plt.subplots(
        n_rows, n_cols, figsize=(4.2 * n_cols, 2.9 * n_rows), layout="constrained"
    )
    score_of = dict(zip(scores["column"], scores["score"], strict=True))
    for axis, column in zip(axes.flat, columns, strict=False):
        if isinstance(real[column].dtype, pd.CategoricalDtype):
            _bars(axis, real[column], synthetic[column])
        else:
            _histogram(axis, real[column], synthetic[column])
        axis.set_title(f"{column} ({score_of[column]:.2f})", fontsize=9)
        axis.tick_params(labelsize=7)
    for axis in list(axes.flat)[len(columns) :]:
        axis.axis("off")
    handles, labels = axes.flat[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="upper right", fontsize=8)
    fig.suptitle(f"{title}: real vs synthetic per column (similarity in brackets)", fontsize=11)
    return fig


def _histogram(axis, real: pd.Series, synthetic: pd.Series) -> None:
    values = real.to_numpy(float)
    low, high = np.quantile(values, [0.0, 0.995])  # long tails (capital-gain) would hide the rest
    bins = np.linspace(low, high if high > low else low + 1, 31)
    for series, colour, label in (
        (real, "tab:blue", "real"),
        (synthetic, "tab:orange", "synthetic"),
    ):
        clipped = np.clip(series.to_numpy(float), bins[0], bins[-1])
        axis.hist(clipped, bins=bins, density=True, alpha=0.5, color=colour, label=label)
    axis.set_yticks([])


def _bars(axis, real: pd.Series, synthetic: pd.Series) -> None:
    labels = [*real.cat.categories, "?"]
    shares = {
        name: series.astype("object").fillna("?").value_counts(normalize=True)
        for name, series in (("real", real), ("synthetic", synthetic))
    }
    order = shares["real"].reindex(labels).fillna(0).sort_values(ascending=False)
    shown = [
        label for label in order.index if order[label] > 0 or shares["synthetic"].get(label, 0)
    ]
    shown = shown[:MAX_BARS]
    x = np.arange(len(shown))
    for offset, (name, colour) in zip(
        (-0.2, 0.2), (("real", "tab:blue"), ("synthetic", "tab:orange")), strict=True
    ):
        heights = [shares[name].get(label, 0.0) for label in shown]
        axis.bar(x + offset, heights, width=0.4, color=colour, alpha=0.8, label=name)
    axis.set_xticks(x, [str(label)[:10] for label in shown], rotation=60, ha="right", fontsize=6)
