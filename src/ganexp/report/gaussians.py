"""The 2-D study's tables: every benchmark and variant beside the published rows, and the
combined model against each other variant, paired by seed."""

from __future__ import annotations

from pathlib import Path

from ganexp.report.format import load, percent, pm, range_text
from ganexp.report.published import CLAIMS, PUBLISHED_MODES

BENCHMARK_ORDER = ("ring5", "ring8", "grid25")
VARIANT_ORDER = ("gan", "wgan", "wgan-gp", "combined")


def ordered(names, order) -> list[str]:
    return sorted(names, key=lambda n: (order.index(n) if n in order else len(order), n))


def benchmark_details(metrics: Path) -> dict[str, dict[str, dict]]:
    """benchmark -> variant -> its details.json, in the report's order."""
    found: dict[str, dict[str, dict]] = {}
    for path in (metrics / "combined").glob("*/*/details.json"):
        found.setdefault(path.parent.parent.name, {})[path.parent.name] = load(path)
    return {
        b: {v: found[b][v] for v in ordered(found[b], VARIANT_ORDER)}
        for b in ordered(found, BENCHMARK_ORDER)
    }


def combined_table(metrics: Path) -> str:
    """One row per benchmark and variant, across its seeds, and the published rows."""
    lines = [
        "| benchmark | variant | switch epoch | runs capturing all modes | first epoch with all: "
        "median (range) | modes captured | high-quality | reverse KL | modes covered (5% rule) "
        "| the original's claim |",
        "|---|---|---:|---:|---|---|---|---|---|---|",
    ]
    for benchmark, variants in benchmark_details(metrics).items():
        for m in variants.values():
            median = m["first_epoch_all_captured_median"]
            spread = range_text(
                m["first_epoch_all_captured_min"], m["first_epoch_all_captured_max"]
            )
            first = "never" if median is None else f"{median:g} ({spread})"
            switch = "never" if m["switch_epoch"] is None else m["switch_epoch"]
            claim = CLAIMS.get(m["variant"], "") if benchmark == "ring5" else ""
            lines.append(
                f"| {benchmark} ({m['n_modes']}) | {m['variant']} | {switch} "
                f"| {m['runs_all_captured']} of {m['runs']} | {first} "
                f"| {pm(m, 'final_modes_captured', 1)} "
                f"| {percent(m, 'final_high_quality_fraction')} "
                f"| {pm(m, 'final_reverse_kl')} | {pm(m, 'final_modes_covered', 1)} | {claim} |"
            )
        for source, modes, quality, kl in PUBLISHED_MODES.get(benchmark, ()):
            lines.append(
                f"| {benchmark} | *published: {source}* | | | | {modes} | {quality} | {kl} | | |"
            )
    return "\n".join(lines)


def _difference(figure: dict, digits: int) -> str:
    if figure["mean_difference"] is None:
        return "n/a"
    interval = ""
    if figure["low"] is not None:
        interval = f" [{figure['low']:+.{digits}f}, {figure['high']:+.{digits}f}]"
    counts = f"{figure['better']}/{figure['same']}/{figure['worse']}"
    return f"{figure['mean_difference']:+.{digits}f}{interval} ({counts})"


def comparison_table(metrics: Path) -> str:
    """The combined model against each other variant, seed by seed."""
    lines = [
        "| benchmark | combined minus | modes captured | first epoch with all modes | high-quality "
        "fraction | reverse KL |",
        "|---|---|---|---|---|---|",
    ]
    for benchmark in ordered(
        [p.parent.name for p in (metrics / "combined").glob("*/comparison.json")], BENCHMARK_ORDER
    ):
        result = load(metrics / "combined" / benchmark / "comparison.json")
        for other in ordered(result["against"], VARIANT_ORDER):
            f = result["against"][other]
            lines.append(
                f"| {benchmark} | {other} | {_difference(f['final_modes_captured'], 1)} "
                f"| {_difference(f['first_epoch_all_captured'], 0)} "
                f"| {_difference(f['final_high_quality_fraction'], 3)} "
                f"| {_difference(f['final_reverse_kl'], 3)} |"
            )
    return "\n".join(lines)
