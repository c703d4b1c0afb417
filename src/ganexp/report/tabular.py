"""The tabular experiment's tables: preprocessing, both convergence verdicts, the original
fooled / not-fooled experiment beside the published distances, fidelity and every seed."""

from __future__ import annotations

from pathlib import Path

from ganexp.report.format import auc, each, fmt, load, per_seed, pm, spread
from ganexp.report.published import PUBLISHED_DECEPTION


def preprocess_table(metrics: Path) -> str:
    lines = [
        "| dataset | rows | train | validation | test | encoded columns (nominal + numeric "
        "[+ joint]) | derived, not generated | dropped | missing values |",
        "|---|---:|---:|---:|---:|---|---|---:|---|",
    ]
    for name, m in each(metrics, "preprocess.json"):
        rows, columns, missing = m["rows"], m["columns"], m["missing_values"]
        detail = ", ".join(f"{k} {v:,}" for k, v in sorted(missing["by_column"].items()))
        joint = f" + {columns['joint']}" if columns.get("joint") else ""
        if columns.get("discrete"):
            joint += f"; {columns['discrete']} numeric one-hot"
        derived = m.get("derived_from", {})
        derived_text = ", ".join(f"{k} (of {v})" for k, v in derived.items()) or "none"
        lines.append(
            f"| {name} | {rows['total']:,} | {rows['train']:,} | {rows['validation']:,} "
            f"| {rows['test']:,} | {columns['encoded']} ({columns['nominal']} + "
            f"{columns['numeric']}{joint}) | {derived_text} | {columns['dropped']} "
            f"| {missing['total']:,}" + (f" ({detail})" if detail else "") + " |"
        )
    return "\n".join(lines)


def convergence_table(metrics: Path) -> str:
    lines = [
        "| dataset | seeds | original criteria: runs converged | first converged epoch "
        "| quality rule: runs converged | stop epoch | selected epoch | detection AUC there "
        "| detection AUC at the original's choice | agreement |",
        "|---|---:|---:|---|---:|---|---|---|---|---:|",
    ]
    for name, m in each(metrics, "convergence_details.json"):
        runs = list(m["per_seed"].values())
        original = [r["original"] for r in runs]
        quality = [r["quality"] for r in runs]
        lines.append(
            f"| {name} | {m['seeds']} | {m['original_converged']} "
            f"| {per_seed([o['first_converged_epoch'] for o in original])} "
            f"| {m['quality_converged']} | {per_seed([q['stop_epoch'] for q in quality])} "
            f"| {per_seed([r['selected_epoch'] for r in runs])} ({m['selection']}) "
            f"| {', '.join(auc(q['at_best_epoch']) for q in quality)} "
            f"| {', '.join(auc(o['quality_near_selected_epoch']) for o in original)} "
            f"| {fmt(m['agreement_mean'], 2)} |"
        )
    return "\n".join(lines)


def deception_table(metrics: Path) -> str:
    lines = [
        "| dataset | encoding | fooled rows | cosine to a random real row: fooled "
        "| not fooled | published (fooled / not fooled) | distance to nearest real row: fooled "
        "| not fooled |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, m in each(metrics, "samples_details.json"):
        experiment = m["mean"]["deception_experiment"]
        fooled, other = experiment["fooled"], experiment["not_fooled"]
        base = name.split("-")[0]
        published = PUBLISHED_DECEPTION.get(base)
        shown = f"{published[0]:.3f} / {published[1]:.3f}" if published else "n/a"
        lines.append(
            f"| {base} | {m['mean']['encoding']} | {fooled['size_mean']:.1f} of "
            f"{experiment['n_samples']:g} "
            f"| {pm(fooled, 'cosine_to_random_real')} | {pm(other, 'cosine_to_random_real')} "
            f"| {shown} | {pm(fooled, 'distance_to_nearest_real')} "
            f"| {pm(other, 'distance_to_nearest_real')} |"
        )
    return "\n".join(lines)


def fidelity_table(metrics: Path) -> str:
    lines = [
        "| dataset | encoding | seeds | column shapes | pair trends | detection AUC "
        "| TSTR ROC AUC | TRTR ROC AUC | TSTR accuracy | TRTR accuracy "
        "| DCR synthetic / real test |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    baselines: dict[str, dict] = {}
    tstr = ("efficacy", "train_synthetic_test_real")
    trtr = ("efficacy", "train_real_test_real")
    for name, m in each(metrics, "samples_details.json"):
        mean, source = m["mean"], name.split("-")[0]
        lines.append(
            f"| {source} | {mean['encoding']} | {len(m['seeds'])} "
            f"| {spread(m, 'fidelity', 'column_shapes')} "
            f"| {spread(m, 'fidelity', 'pair_trends')} "
            f"| {spread(m, 'fidelity', 'detection_auc')} | {spread(m, *tstr, 'roc_auc')} "
            f"| {fmt(mean['efficacy']['train_real_test_real']['roc_auc'])} "
            f"| {spread(m, *tstr, 'accuracy')} | {fmt(mean[trtr[0]][trtr[1]]['accuracy'])} "
            f"| {mean['privacy']['dcr_synthetic_median']:.3f} / "
            f"{mean['privacy']['dcr_real_test_median']:.3f} |"
        )
        baselines.setdefault(source, m["independent_columns"])
    for source, b in baselines.items():  # one row per table: it does not depend on the encoding
        f, t = b["fidelity"], b["efficacy"]["train_synthetic_test_real"]
        lines.append(
            f"| {source} | *independent columns* | | {f['column_shapes']:.3f} "
            f"| {f['pair_trends']:.3f} | {f['detection_auc']:.3f} | {fmt(t['roc_auc'])} "
            f"| | {fmt(t['accuracy'])} | | |"
        )
    return "\n".join(lines)


def seeds_table(metrics: Path) -> str:
    """Every seed's headline figures and the epoch it kept."""
    lines = [
        "| dataset | seed | selected epoch | column shapes | pair trends | detection AUC "
        "| TSTR ROC AUC |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, m in each(metrics, "samples_details.json"):
        convergence = load(metrics / name / "convergence_details.json")["per_seed"]
        for seed, summary in m["per_seed"].items():
            f = summary["fidelity"]
            auc = summary["efficacy"]["train_synthetic_test_real"]["roc_auc"]
            lines.append(
                f"| {name} | {seed} | {convergence[seed]['selected_epoch']} "
                f"| {f['column_shapes']:.3f} | {f['pair_trends']:.3f} "
                f"| {f['detection_auc']:.3f} | {fmt(auc)} |"
            )
    return "\n".join(lines)
