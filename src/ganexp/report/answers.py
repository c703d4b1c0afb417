"""The README's three answers: a sentence each, worded from the metrics, and a small table."""

from __future__ import annotations

from pathlib import Path

from ganexp.report.format import each, fmt, load, pm
from ganexp.report.gaussians import benchmark_details, ordered
from ganexp.report.published import PUBLISHED_DECEPTION

MAIN_DATASETS = ("adult", "bank")


def _median(value: float | None) -> str:
    return "none" if value is None else f"{value:g}"


def convergence_answer(metrics: Path) -> str:
    rows = [
        "| dataset | runs | original criteria: runs converged | their first converged epoch "
        "(median) | quality rule: runs stopped | stop epoch (median) | agreement |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    runs = original = quality = 0
    for name, m in each(metrics, "convergence_details.json"):
        runs += m["seeds"]
        original += m["original_converged"]
        quality += m["quality_converged"]
        rows.append(
            f"| {name} | {m['seeds']} | {m['original_converged']} "
            f"| {_median(m['original_first_converged_epoch_median'])} "
            f"| {m['quality_converged']} | {_median(m['quality_stop_epoch_median'])} "
            f"| {fmt(m['agreement_mean'], 2)} |"
        )
    sentence = (
        f"Of {runs} training runs, the original study's criteria call {original} converged at "
        f"some epoch and the quality rule (early stopping on how real the generated rows look) "
        f"stops {quality}; the pipeline keeps each run's best epoch by the quality rule."
    )
    return sentence + "\n\n" + "\n".join(rows)


def _relation(fooled: dict, other: dict) -> str:
    """How the fooled rows' mean cosine to real rows compares with the others', given spread."""
    a, b = fooled["cosine_to_random_real_mean"], other["cosine_to_random_real_mean"]
    spread = max(fooled["cosine_to_random_real_std"], other["cosine_to_random_real_std"])
    if abs(a - b) <= spread:
        return "no nearer to real rows than those that do not"
    return "nearer to real rows" if a > b else "farther from real rows than those that do not"


def deception_answer(metrics: Path) -> str:
    rows = [
        "| dataset | fooled rows: cosine to a random real row | not fooled | published "
        "(fooled / not fooled) |",
        "|---|---:|---:|---:|",
    ]
    said = []
    for name, m in each(metrics, "samples_details.json"):
        experiment = m["mean"]["deception_experiment"]
        fooled, other = experiment["fooled"], experiment["not_fooled"]
        published = PUBLISHED_DECEPTION.get(name)
        shown = f"{published[0]:.3f} / {published[1]:.3f}" if published else "n/a"
        rows.append(
            f"| {name} | {pm(fooled, 'cosine_to_random_real')} "
            f"| {pm(other, 'cosine_to_random_real')} | {shown} |"
        )
        if name in MAIN_DATASETS:
            said.append(f"on {name.capitalize()} {_relation(fooled, other)}")
    sentence = (
        "By mean cosine similarity to a random real row, against the larger of the two standard "
        "deviations, rows that fool the discriminator lie "
        + "; ".join(said)
        + ". The original study reported 0.631 against 0.823 on Adult and 0.726 against 0.933 "
        "on Bank."
    )
    return sentence + "\n\n" + "\n".join(rows)


def _interval(figure: dict) -> str:
    if figure["mean_difference"] is None:
        return "n/a"
    if figure["low"] is None:
        return f"{figure['mean_difference']:+.1f}"
    return f"{figure['mean_difference']:+.1f} [{figure['low']:+.1f}, {figure['high']:+.1f}]"


def combined_answer(metrics: Path) -> str:
    details = benchmark_details(metrics)
    variants = ordered({v for found in details.values() for v in found}, ())
    variants = [v for v in ("gan", "wgan", "wgan-gp", "combined") if v in variants]
    rows = [
        "| benchmark | "
        + " | ".join(f"{v}: modes captured" for v in variants)
        + " | combined minus gan [95% CI] | combined minus wgan [95% CI] |",
        "|---|" + "---:|" * len(variants) + "---:|---:|",
    ]
    fewer = clearly_fewer = more = 0
    for benchmark, found in details.items():
        comparison = load(metrics / "combined" / benchmark / "comparison.json")["against"]
        gan, wgan = (comparison[v]["final_modes_captured"] for v in ("gan", "wgan"))
        fewer += gan["mean_difference"] is not None and gan["mean_difference"] < 0
        clearly_fewer += gan["high"] is not None and gan["high"] < 0
        more += wgan["low"] is not None and wgan["low"] > 0
        n_modes = next(iter(found.values()))["n_modes"]
        cells = " | ".join(pm(found[v], "final_modes_captured", 1) for v in variants)
        rows.append(f"| {benchmark} ({n_modes}) | {cells} | {_interval(gan)} | {_interval(wgan)} |")
    sentence = (
        f"The combined model ends with fewer modes than the plain GAN on {fewer} of "
        f"{len(details)} benchmarks on average over the seeds ({clearly_fewer} with the 95% "
        f"interval of the paired difference below 0), and with more than the clipped WGAN on "
        f"{more} of {len(details)} (interval above 0)."
    )
    return sentence + "\n\n" + "\n".join(rows)
