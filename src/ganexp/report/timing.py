"""What each part of `dvc repro` cost on the machine that made the committed metrics: the
stages' wall-clock files (``metrics/timing/<stage>-<instance>.json``)."""

from __future__ import annotations

import json
from pathlib import Path

STAGES = (
    "preprocess",
    "train_gan",
    "check_convergence",
    "refine",
    "analyze_samples",
    "train_black_box",
    "train_confidence_generator",
    "analyze_confidence",
    "train_combined",
    "compare_variants",
    "render_gif",
)


def stage_figures(metrics: Path, stage: str, instance: str) -> dict[str, float]:
    """One stage run's wall-clock file (``{}`` where there is none)."""
    path = metrics / "timing" / f"{stage}-{instance}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def stage_seconds(metrics: Path) -> dict[str, dict[str, float]]:
    """stage -> instance -> seconds, in pipeline order."""
    found: dict[str, dict[str, float]] = {stage: {} for stage in STAGES}
    for path in sorted((metrics / "timing").glob("*.json")):
        stage = next((s for s in STAGES if path.stem.startswith(f"{s}-")), None)
        if stage is not None:
            seconds = json.loads(path.read_text(encoding="utf-8"))["seconds"]
            found[stage][path.stem.removeprefix(f"{stage}-")] = float(seconds)
    return {stage: runs for stage, runs in found.items() if runs}


def _minutes(seconds: float) -> str:
    return f"{seconds / 60:.1f} min"


def timing_table(metrics: Path) -> str:
    lines = [
        "| stage | instances | longest | all of them (one after another) |",
        "|---|---:|---|---:|",
    ]
    total = 0.0
    for stage, runs in stage_seconds(metrics).items():
        longest = max(runs, key=runs.get)
        total += sum(runs.values())
        lines.append(
            f"| `{stage}` | {len(runs)} | `{stage}@{longest}`: {runs[longest]:.0f} s "
            f"| {_minutes(sum(runs.values()))} |"
        )
    lines.append(f"| all | | | {_minutes(total)} |")
    return "\n".join(lines)
