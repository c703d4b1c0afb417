"""What each part of `dvc repro` cost on the machine that made the committed metrics: the
stages' wall-clock files (``metrics/timing/<stage>-<instance>.json``)."""

from __future__ import annotations

import json
from pathlib import Path

STAGES = (
    "preprocess",
    "train_gan",
    "check_convergence",
    "analyze_samples",
    "train_combined",
    "compare_variants",
    "render_gif",
)


def stage_seconds(metrics: Path) -> dict[str, dict[str, float]]:
    """stage -> instance -> seconds, in pipeline order."""
    found: dict[str, dict[str, float]] = {stage: {} for stage in STAGES}
    for path in sorted((metrics / "timing").glob("*.json")):
        stage = next((s for s in STAGES if path.stem.startswith(f"{s}-")), None)
        if stage is not None:
            seconds = json.loads(path.read_text(encoding="utf-8"))["seconds"]
            found[stage][path.stem.removeprefix(f"{stage}-")] = float(seconds)
    return {stage: runs for stage, runs in found.items() if runs}


def precisions(metrics: Path) -> dict[str, dict[str, list[str]]]:
    """precision -> training stage -> what it trained on (a dataset; a benchmark, whichever
    variants), from the timing files that record a precision."""
    found: dict[str, dict[str, list[str]]] = {}
    for path in sorted((metrics / "timing").glob("train_*.json")):
        precision = json.loads(path.read_text(encoding="utf-8")).get("precision")
        stage, _, instance = path.stem.partition("-")
        if not precision or stage not in STAGES:
            continue
        subject = instance.split("-")[0] if stage == "train_combined" else instance
        subjects = found.setdefault(precision, {}).setdefault(stage, [])
        if subject not in subjects:
            subjects.append(subject)
    return {
        precision: {stage: sorted(by[stage]) for stage in STAGES if stage in by}
        for precision, by in found.items()
    }


def precision_sentence(metrics: Path) -> str:
    """Which training stages computed in which precision (``precision: auto`` takes bfloat16
    where the CPU or GPU has it natively); empty where the timing files do not say."""
    parts = [
        f"{precision} for "
        + " and ".join(f"`{stage}` on {', '.join(subjects)}" for stage, subjects in by.items())
        for precision, by in sorted(precisions(metrics).items())
    ]
    if not parts:
        return ""
    return "The hidden layers computed in " + "; in ".join(parts) + "."


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
