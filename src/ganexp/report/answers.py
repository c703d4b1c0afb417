"""The README's three answers: a sentence each, worded from the metrics, and a small table."""

from __future__ import annotations

from pathlib import Path

from ganexp.records.tabular import ConvergenceDetails, RowGroup, SamplesDetails
from ganexp.report.format import each, fmt, pm, range_text
from ganexp.report.gaussians import VARIANT_ORDER, benchmark_details, comparisons, difference
from ganexp.report.tabular import cosine_distance, published_pair

MAIN_DATASETS = ("adult", "bank")  # the original study's tables


def _median(value: float | None) -> str:
    return "none" if value is None else f"{value:g}"


def convergence_answer(metrics: Path) -> str:
    rows = [
        "| dataset | runs | original criteria: runs converged | their first converged epoch "
        "(median) | early stopping: runs stopped | stop epoch (median) | agreement |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    runs = original = quality = 0
    for name, m in each(metrics, "convergence_details.json", ConvergenceDetails):
        runs += m.seeds
        original += m.original_converged
        quality += m.early_stopping_converged
        rows.append(
            f"| {name} | {m.seeds} | {m.original_converged} "
            f"| {_median(m.original_first_converged_epoch_median)} "
            f"| {m.early_stopping_converged} | {_median(m.stop_epoch_median)} "
            f"| {fmt(m.agreement_mean, 2)} |"
        )
    sentence = (
        f"Of {runs} training runs, the original study's criteria call {original} converged at "
        f"some epoch, and early stopping on how real the generated rows look stops {quality}; "
        "the pipeline keeps each run's epoch with the best quality figure."
    )
    return sentence + "\n\n" + "\n".join(rows)


def relation(fooled: RowGroup, other: RowGroup, distance: str = "cosine") -> str:
    """Where the fooled rows lie against the others, by a mean distance (smaller is nearer):
    ``cosine``, the original's cosine distance to a random real row, or ``nearest``, the
    distance to the nearest real row; nearer or farther only when the gap exceeds the larger
    sample sd of the two."""
    figure = (
        "cosine_distance_to_random_real" if distance == "cosine" else "distance_to_nearest_real"
    )
    a, b = getattr(fooled, f"{figure}_mean"), getattr(other, f"{figure}_mean")
    if a is None or b is None:
        return "undefined: one group was empty"
    spread = max(getattr(fooled, f"{figure}_std") or 0.0, getattr(other, f"{figure}_std") or 0.0)
    if abs(a - b) <= spread:
        return "no nearer to real rows than those that do not"
    if a < b:
        return "nearer to real rows than those that do not"
    return "farther from real rows than those that do not"


def deception_answer(metrics: Path) -> str:
    rows = [
        "| dataset | fooled rows: cosine distance to a random real row | not fooled | published "
        "(fooled / not fooled) | the refiner's judge: taken for real | not |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    said, nearest, refiner = [], [], []
    for name, m in each(metrics, "samples_details.json", SamplesDetails):
        fooled = m.mean.deception_experiment.fooled
        other = m.mean.deception_experiment.not_fooled
        second = m.mean.refiner_deception_experiment
        judged = (
            f"{cosine_distance(second.fooled)} | {cosine_distance(second.not_fooled)}"
            if second is not None
            else "n/a | n/a"
        )
        rows.append(
            f"| {name} | {cosine_distance(fooled)} | {cosine_distance(other)} "
            f"| {published_pair(name)} | {judged} |"
        )
        if name in MAIN_DATASETS:
            said.append(f"on {name.capitalize()} they lie {relation(fooled, other)}")
            nearest.append(
                f"{relation(fooled, other, 'nearest').split(' than')[0]} on {name.capitalize()}"
            )
            if second is not None:
                taken, rest = second.fooled, second.not_fooled
                refiner.append(
                    f"{relation(taken, rest).split(' than')[0]} by the cosine distance and "
                    f"{relation(taken, rest, 'nearest').split(' than')[0]} by the nearest real "
                    f"row on {name.capitalize()}"
                )
    sentence = (
        "By the mean cosine distance (1 - cosine similarity: smaller is nearer) of generated "
        "rows that fool the discriminator to a random real row, against the larger of the two "
        "sample sds: "
        + "; ".join(said)
        + ". The original study reported fooled rows nearer: 0.631 against 0.823 on Adult and "
        "0.726 against 0.933 on Bank. By the distance to the nearest real row (the last "
        "columns of [results](docs/results.md#the-original-experiment-fooled-and-not-fooled-rows)"
        "), they lie " + " and ".join(nearest) + "."
    )
    if refiner:
        sentence += (
            " Judged instead by the classifier trained after the generator (the refiner, "
            "which picks the rows the pipeline hands out), the rows it takes for real lie "
            + "; ".join(refiner)
            + "."
        )
    return sentence + "\n\n" + "\n".join(rows)


def combined_answer(metrics: Path) -> str:
    details, paired = benchmark_details(metrics), comparisons(metrics)
    variants = [v for v in VARIANT_ORDER if any(v in found for found in details.values())]
    rows = [
        "| benchmark | "
        + " | ".join(f"{v}: modes captured" for v in variants)
        + " | combined minus gan [95% CI] | combined minus wgan [95% CI] "
        "| first epoch with all modes: combined minus gan |",
        "|---|" + "---:|" * len(variants) + "---:|---:|---:|",
    ]
    fewer = clearly_fewer = more = 0
    for benchmark, found in details.items():
        against = paired[benchmark].against
        gan, wgan = against["gan"].final_modes_captured, against["wgan"].final_modes_captured
        fewer += gan.mean_difference is not None and gan.mean_difference < 0
        clearly_fewer += gan.high is not None and gan.high < 0
        more += wgan.low is not None and wgan.low > 0
        n_modes = next(iter(found.values())).n_modes
        cells = " | ".join(
            pm(found[v].final_modes_captured_mean, found[v].final_modes_captured_std, 1)
            if v in found
            else "n/a"
            for v in variants
        )
        rows.append(
            f"| {benchmark} ({n_modes}) | {cells} | {difference(gan, 1, counts=False)} "
            f"| {difference(wgan, 1, counts=False)} "
            f"| {difference(against['gan'].first_epoch_all_captured, 0, counts=False)} |"
        )
    sentence = (
        (
            f"The combined model ends with fewer modes than the plain GAN on {fewer} of "
            f"{len(details)} benchmarks on average over the seeds ({clearly_fewer} with the 95% "
            f"interval of the paired difference below 0), and with more than the clipped WGAN on "
            f"{more} of {len(details)} (interval above 0). A run that never captured every mode "
            "counts as one evaluation past its last epoch."
        )
        + _late_losses(details)
        + long_run_sentence(details)
    )
    return sentence + "\n\n" + "\n".join(rows)


LONG = "-long"  # the long run's variant: train_long_run's, beside train_combined's


def long_run_sentence(details: dict) -> str:
    """What the long run (``<variant>-long``, `make long-run`) found: whether and when it captured
    every mode, and what it ends with; empty where it has not run."""
    for benchmark, found in details.items():
        for name, m in found.items():
            if not name.endswith(LONG) or m.generator_steps is None:
                continue
            variant = name.removesuffix(LONG)
            budget = (
                f" Trained for {m.epochs:,} epochs ({m.judge_steps:,} critic and "
                f"{m.generator_steps:,} generator steps, the original repository's budget; "
                f"the default run takes {found[variant].epochs or 0:,} epochs), the {variant} "
                if variant in found
                else f" Trained for {m.epochs:,} epochs, the {variant} "
            )
            if m.runs_all_captured == 0:
                found_all = f"captured all {m.n_modes} modes in none of {m.runs} runs"
            else:
                first = range_text(m.first_epoch_all_captured_min, m.first_epoch_all_captured_max)
                steps = range_text(
                    *(
                        round(epoch * m.generator_steps / m.epochs)
                        for epoch in (
                            m.first_epoch_all_captured_min,
                            m.first_epoch_all_captured_max,
                        )
                    )
                )
                found_all = (
                    f"captured all {m.n_modes} modes in {m.runs_all_captured} of {m.runs} runs, "
                    f"first at epoch {first} (about {steps} generator steps; evaluated every "
                    f"{m.eval_every or 1} epochs)"
                )
            return (
                budget
                + f"on {benchmark} {found_all}, and ends with "
                + f"{pm(m.final_modes_captured_mean, m.final_modes_captured_std, 1)} modes "
                + "(the original: it needs more than 300 epochs)."
            )
    return ""


def _late_losses(details: dict) -> str:
    """How many runs of the plain GAN and of the combined model end with fewer modes than they
    once captured (modes dropped late in training), per benchmark; empty for details from
    before the figure existed."""
    parts = []
    for variant in ("gan", "combined"):
        counts = [
            f"{found[variant].runs_losing_modes} of {found[variant].runs} on {benchmark}"
            for benchmark, found in details.items()
            if variant in found and found[variant].runs_losing_modes is not None
        ]
        if counts:
            parts.append(
                f"the {'plain GAN' if variant == 'gan' else 'combined model'} in "
                + ", ".join(counts)
            )
    if not parts:
        return ""
    return (
        " Runs that end with fewer modes than they once captured (modes dropped late): "
        + "; ".join(parts)
        + "."
    )
