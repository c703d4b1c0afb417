"""Reading the committed metrics and writing their figures: one wording for every table."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def datasets(metrics: Path) -> list[str]:
    return sorted(p.parent.name for p in metrics.glob("*/preprocess.json"))


def each(metrics: Path, filename: str) -> Iterator[tuple[str, dict]]:
    """(dataset, its metrics file) for every dataset that has ``filename``, in name order."""
    for name in datasets(metrics):
        path = metrics / name / filename
        if path.is_file():
            yield name, load(path)


def per_seed(values: list) -> str:
    return ", ".join("none" if v is None else f"{v:g}" for v in values)


def auc(figures: dict | None) -> str:
    return "n/a" if figures is None else f"{figures['detection_auc']:.3f}"


def fmt(value: float | None, digits: int = 3) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def pm(group: dict, name: str, digits: int = 3) -> str:
    mean, std = group[f"{name}_mean"], group[f"{name}_std"]
    return "n/a" if mean is None else f"{mean:.{digits}f} ± {std:.{digits}f}"


def spread(m: dict, *keys: str) -> str:
    """``mean ± std`` over the seeds of the figure at ``keys`` in the details' summaries."""
    mean, std = m["mean"], m["std"]
    for key in keys:
        mean, std = mean[key], std[key]
    return "n/a" if mean is None else f"{mean:.3f} ± {std:.3f}"


def percent(group: dict, name: str) -> str:
    mean, std = group[f"{name}_mean"], group[f"{name}_std"]
    return "n/a" if mean is None else f"{100 * mean:.1f}% ± {100 * std:.1f}"


def range_text(low, high) -> str:
    if low is None:
        return "never"
    return f"{low}" if low == high else f"{low} to {high}"
