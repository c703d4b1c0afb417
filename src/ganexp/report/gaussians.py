"""The 2-D study's tables: every benchmark and variant beside the published rows, and the
combined model against each other variant, paired by seed."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ganexp.records import read
from ganexp.records.gaussians import Comparison, PairedDifference, VariantDetails
from ganexp.report.format import percent, pm, range_text
from ganexp.report.published import CLAIMS, PUBLISHED_MODES

BENCHMARK_ORDER = ("ring5", "ring8", "grid25")
VARIANT_ORDER = ("gan", "wgan", "wgan-gp", "combined")


def ordered(names: Iterable[str], order: tuple[str, ...]) -> list[str]:
    return sorted(names, key=lambda n: (order.index(n) if n in order else len(order), n))


def benchmark_details(metrics: Path) -> dict[str, dict[str, VariantDetails]]:
    """benchmark -> variant -> its details.json, in the report's order."""
    found: dict[str, dict[str, VariantDetails]] = {}
    for path in (metrics / "combined").glob("*/*/details.json"):
        found.setdefault(path.parent.parent.name, {})[path.parent.name] = read(path, VariantDetails)
    return {
        b: {v: found[b][v] for v in ordered(found[b], VARIANT_ORDER)}
        for b in ordered(found, BENCHMARK_ORDER)
    }


def comparisons(metrics: Path) -> dict[str, Comparison]:
    """benchmark -> its comparison.json, in the report's order."""
    names = [p.parent.name for p in (metrics / "combined").glob("*/comparison.json")]
    return {
        b: read(metrics / "combined" / b / "comparison.json", Comparison)
        for b in ordered(names, BENCHMARK_ORDER)
    }


def combined_table(metrics: Path) -> str:
    """One row per benchmark and variant, across its seeds, and the published rows."""
    lines = [
        "| benchmark | variant | switch epoch | runs capturing all modes | first epoch with all: "
        "median (range) | modes captured | at the peak (runs ending below it) | high-quality "
        "| reverse KL | modes covered (5% rule) | the original's claim |",
        "|---|---|---:|---:|---|---|---|---|---|---|---|",
    ]
    for benchmark, variants in benchmark_details(metrics).items():
        for m in variants.values():
            median = m.first_epoch_all_captured_median
            spread = range_text(m.first_epoch_all_captured_min, m.first_epoch_all_captured_max)
            first = "never" if median is None else f"{median:g} ({spread})"
            switch = "never" if m.switch_epoch is None else m.switch_epoch
            claim = CLAIMS.get(m.variant, "") if benchmark == "ring5" else ""
            quality = percent(m.final_high_quality_fraction_mean, m.final_high_quality_fraction_std)
            lines.append(
                f"| {benchmark} ({m.n_modes}) | {m.variant} | {switch} "
                f"| {m.runs_all_captured} of {m.runs} | {first} "
                f"| {pm(m.final_modes_captured_mean, m.final_modes_captured_std, 1)} "
                f"| {peak_text(m)} "
                f"| {quality} | {pm(m.final_reverse_kl_mean, m.final_reverse_kl_std)} "
                f"| {pm(m.final_modes_covered_mean, m.final_modes_covered_std, 1)} | {claim} |"
            )
        for source, modes, quality, kl in PUBLISHED_MODES.get(benchmark, ()):
            lines.append(
                f"| {benchmark} | *published: {source}* | | | | {modes} | | {quality} | {kl} | | |"
            )
    return "\n".join(lines)


def peak_text(m: VariantDetails) -> str:
    """The most modes captured at any evaluation (mean over seeds) and how many runs end with
    fewer; a blank for details from before the figure existed."""
    if m.runs_losing_modes is None:
        return ""
    peak = pm(m.peak_modes_captured_mean, m.peak_modes_captured_std, 1)
    return f"{peak} ({m.runs_losing_modes} of {m.runs})"


def difference(figure: PairedDifference, digits: int, counts: bool = True) -> str:
    """``+d [low, high] (better/same/worse)``."""
    if figure.mean_difference is None:
        return "n/a"
    interval = ""
    if figure.low is not None and figure.high is not None:
        interval = f" [{figure.low:+.{digits}f}, {figure.high:+.{digits}f}]"
    tally = f" ({figure.better}/{figure.same}/{figure.worse})" if counts else ""
    return f"{figure.mean_difference:+.{digits}f}{interval}{tally}"


def comparison_table(metrics: Path) -> str:
    """The combined model against each other variant, seed by seed."""
    lines = [
        "| benchmark | combined minus | modes captured | first epoch with all modes | high-quality "
        "fraction | reverse KL |",
        "|---|---|---|---|---|---|",
    ]
    for benchmark, result in comparisons(metrics).items():
        for other in ordered(result.against, VARIANT_ORDER):
            f = result.against[other]
            lines.append(
                f"| {benchmark} | {other} | {difference(f.final_modes_captured, 1)} "
                f"| {difference(f.first_epoch_all_captured, 0)} "
                f"| {difference(f.final_high_quality_fraction, 3)} "
                f"| {difference(f.final_reverse_kl, 3)} |"
            )
    return "\n".join(lines)
