"""Which precision each training stage computed in (``precision: auto`` takes bfloat16 where the
CPU or GPU has it natively), from the details that record it: ``convergence_details.json`` of a
dataset, ``black_box/confidence_details.json`` and ``details.json`` of a 2-D variant."""

from __future__ import annotations

from pathlib import Path

from ganexp.records.tabular import ConvergenceDetails
from ganexp.report.black_box import each_experiment
from ganexp.report.format import each
from ganexp.report.gaussians import benchmark_details


def precisions(metrics: Path) -> dict[str, dict[str, list[str]]]:
    """precision -> training stage -> what it trained on (datasets; benchmarks, whichever
    variants)."""
    found: dict[str, dict[str, list[str]]] = {}

    def add(precision: str | None, stage: str, subject: str) -> None:
        if precision is None:  # details from before the setting
            return
        subjects = found.setdefault(precision, {}).setdefault(stage, [])
        if subject not in subjects:
            subjects.append(subject)

    for name, details in each(metrics, "convergence_details.json", ConvergenceDetails):
        add(details.precision, "train_gan", name)
    for name, experiment in each_experiment(metrics):
        add(experiment.precision, "train_confidence_generator", name)
    for benchmark, variants in sorted(benchmark_details(metrics).items()):
        for details in variants.values():
            stage = "train_long_run" if details.variant.endswith("-long") else "train_combined"
            add(details.precision, stage, benchmark)
    return {
        precision: {stage: sorted(subjects) for stage, subjects in by.items()}
        for precision, by in found.items()
    }


def precision_sentence(metrics: Path) -> str:
    """One sentence for the README's cost block; empty where no details say."""
    parts = [
        f"{precision} for "
        + " and ".join(f"`{stage}` on {', '.join(subjects)}" for stage, subjects in by.items())
        for precision, by in sorted(precisions(metrics).items())
    ]
    if not parts:
        return ""
    return "The hidden layers computed in " + "; in ".join(parts) + "."
