"""Finding the committed metrics files and writing their figures: one wording for every table."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ganexp.records import R, read
from ganexp.spread import mean_sd


def datasets(metrics: Path) -> list[str]:
    return sorted(p.parent.name for p in metrics.glob("*/preprocess.json"))


def each(metrics: Path, filename: str, kind: type[R]) -> Iterator[tuple[str, R]]:
    """(dataset, its metrics file as ``kind``) for every dataset that has ``filename``."""
    for name in datasets(metrics):
        path = metrics / name / filename
        if path.is_file():
            yield name, read(path, kind)


def per_seed(values: list) -> str:
    return ", ".join("none" if v is None else f"{v:g}" for v in values)


def fmt(value: float | None, digits: int = 3) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def pm(mean: float | None, std: float | None, digits: int = 3) -> str:
    """``mean ± sd`` (the sample sd over seeds; ``ganexp.spread.mean_sd``)."""
    return mean_sd(mean, std, digits)


def share(value: float | None) -> str:
    """A share as a percentage; n/a for an undefined one."""
    return "n/a" if value is None else f"{100 * value:.1f}%"


def percent(mean: float | None, std: float | None) -> str:
    if mean is None:
        return "n/a"
    return f"{100 * mean:.1f}%" if std is None else f"{100 * mean:.1f}% ± {100 * std:.1f}"


def range_text(low: int | None, high: int | None) -> str:
    if low is None:
        return "never"
    return f"{low}" if low == high else f"{low} to {high}"
