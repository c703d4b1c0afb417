"""The tabular experiment's tables: preprocessing, both convergence verdicts, the original
fooled / not-fooled experiment beside the published distances, fidelity and every seed."""

from __future__ import annotations

from pathlib import Path

from ganexp.records import read
from ganexp.records.tabular import (
    Baseline,
    ConvergenceDetails,
    Preprocessing,
    QualityAt,
    RowGroup,
    SamplesDetails,
    SampleSummary,
    SdmetricsAgreement,
)
from ganexp.report.format import each, fmt, per_seed, percent, pm, share
from ganexp.report.published import PUBLISHED_DECEPTION


def preprocess_table(metrics: Path) -> str:
    lines = [
        "| dataset | rows | train | validation | test | encoded columns (nominal + numeric "
        "[+ joint]) | derived, not generated | dropped | missing values |",
        "|---|---:|---:|---:|---:|---|---|---:|---|",
    ]
    for name, m in each(metrics, "preprocess.json", Preprocessing):
        rows, columns, missing = m.rows, m.columns, m.missing_values
        detail = ", ".join(f"{k} {v:,}" for k, v in sorted(missing.by_column.items()))
        joint = f" + {columns.joint}" if columns.joint else ""
        if columns.discrete:
            joint += f"; {columns.discrete} numeric one-hot"
        derived = ", ".join(f"{k} (of {v})" for k, v in m.derived_from.items()) or "none"
        lines.append(
            f"| {name} | {rows.total:,} | {rows.train:,} | {rows.validation:,} "
            f"| {rows.test:,} | {columns.encoded} ({columns.nominal} + "
            f"{columns.numeric}{joint}) | {derived} | {columns.dropped} "
            f"| {missing.total:,}" + (f" ({detail})" if detail else "") + " |"
        )
    return "\n".join(lines)


def _auc(figures: QualityAt | None) -> str:
    return "n/a" if figures is None else f"{figures.detection_auc:.3f}"


def convergence_table(metrics: Path) -> str:
    lines = [
        "| dataset | seeds | original criteria: runs converged | first converged epoch "
        "| early stopping: runs stopped | stop epoch | selected epoch | detection AUC there "
        "| detection AUC at the original's choice | agreement |",
        "|---|---:|---:|---|---:|---|---|---|---|---:|",
    ]
    for name, m in each(metrics, "convergence_details.json", ConvergenceDetails):
        runs = list(m.per_seed.values())
        lines.append(
            f"| {name} | {m.seeds} | {m.original_converged} "
            f"| {per_seed([r.original.first_converged_epoch for r in runs])} "
            f"| {m.early_stopping_converged} "
            f"| {per_seed([r.early_stopping.stop_epoch for r in runs])} "
            f"| {per_seed([r.selected_epoch for r in runs])} ({m.selection}) "
            f"| {', '.join(_auc(r.early_stopping.at_best_epoch) for r in runs)} "
            f"| {', '.join(_auc(r.original.quality_near_selected_epoch) for r in runs)} "
            f"| {fmt(m.agreement_mean, 2)} |"
        )
    return "\n".join(lines)


def published_pair(name: str) -> str:
    """The original study's fooled / not-fooled cosine distance for a table (any encoding)."""
    published = PUBLISHED_DECEPTION.get(name.split("-")[0])
    return f"{published[0]:.3f} / {published[1]:.3f}" if published else "n/a"


def cosine_distance(group: RowGroup) -> str:
    """A group's mean cosine distance to a random real row, ± its sample sd."""
    return pm(group.cosine_distance_to_random_real_mean, group.cosine_distance_to_random_real_std)


JUDGES = (
    ("the GAN's discriminator", "deception_experiment"),
    ("the refiner's classifier", "refiner_deception_experiment"),
)


def deception_table(metrics: Path) -> str:
    """The original experiment judged by the GAN's own discriminator and by the classifier
    trained after the generator (the refiner), where there is one."""
    lines = [
        "| dataset | encoding | judge | rows it takes for real | cosine distance to a random "
        "real row: taken for real | not | published (fooled / not fooled) | distance to "
        "nearest real row: taken for real | not |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, m in each(metrics, "samples_details.json", SamplesDetails):
        for judge, field in JUDGES:
            experiment = getattr(m.mean, field)
            if experiment is None:
                continue
            fooled, other = experiment.fooled, experiment.not_fooled
            near = (fooled.distance_to_nearest_real_mean, fooled.distance_to_nearest_real_std)
            far = (other.distance_to_nearest_real_mean, other.distance_to_nearest_real_std)
            published = published_pair(name) if field == "deception_experiment" else ""
            lines.append(
                f"| {name.split('-')[0]} | {m.mean.encoding} | {judge} "
                f"| {fooled.size_mean:.1f} of {experiment.n_samples:g} "
                f"| {cosine_distance(fooled)} | {cosine_distance(other)} | {published} "
                f"| {pm(*near)} | {pm(*far)} |"
            )
    return "\n".join(lines)


def row_sets(m: SamplesDetails) -> list[tuple[str, SampleSummary, SampleSummary]]:
    """(label, mean, sd) of the rows the pipeline hands out and, beside kept rows, of the
    generator's own."""
    handed_out = [(m.rows, m.mean, m.std)]
    if m.generated is None:
        return handed_out
    return [*handed_out, ("generated", m.generated.mean, m.generated.std)]


def fidelity_table(metrics: Path) -> str:
    lines = [
        "| dataset | encoding | rows | seeds | column shapes | pair trends | detection AUC "
        "| second detector (forest) | rows breaking a relation | TSTR ROC AUC | TRTR ROC AUC "
        "| TSTR accuracy | TRTR accuracy | DCR synthetic / real test | copies of a training row "
        "(real test rows) |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    baselines: dict[str, Baseline] = {}
    for name, m in each(metrics, "samples_details.json", SamplesDetails):
        source = name.split("-")[0]
        for rows, mean, std in row_sets(m):
            f, fs = mean.fidelity, std.fidelity
            tstr, tstr_sd = (
                mean.efficacy.train_synthetic_test_real,
                std.efficacy.train_synthetic_test_real,
            )
            trtr = mean.efficacy.train_real_test_real
            lines.append(
                f"| {source} | {mean.encoding} | {rows} | {len(m.seeds)} "
                f"| {pm(f.column_shapes, fs.column_shapes)} "
                f"| {pm(f.pair_trends, fs.pair_trends)} "
                f"| {pm(f.detection_auc, fs.detection_auc)} "
                f"| {pm(f.detection_auc_forest, fs.detection_auc_forest)} "
                f"| {percent(f.relations_broken, fs.relations_broken)} "
                f"| {pm(tstr.roc_auc, tstr_sd.roc_auc)} | {fmt(trtr.roc_auc if trtr else None)} "
                f"| {pm(tstr.accuracy, tstr_sd.accuracy)} "
                f"| {fmt(trtr.accuracy if trtr else None)} "
                f"| {mean.privacy.dcr_synthetic_median:.3f} / "
                f"{mean.privacy.dcr_real_test_median:.3f} | {copies(mean, std)} |"
            )
        baselines.setdefault(source, m.independent_columns)
    for source, b in baselines.items():  # one row per table: it does not depend on the encoding
        f, t = b.fidelity, b.efficacy.train_synthetic_test_real
        lines.append(
            f"| {source} | *independent columns* | | | {f.column_shapes:.3f} "
            f"| {f.pair_trends:.3f} | {f.detection_auc:.3f} | {fmt(f.detection_auc_forest)} "
            f"| {share(f.relations_broken)} | {fmt(t.roc_auc)} | | {fmt(t.accuracy)} | | | |"
        )
    return "\n".join(lines)


def copies(mean: SampleSummary, std: SampleSummary) -> str:
    """Rows equal to a training row as a share of those compared, the real test rows' beside."""
    m, s = mean.privacy, std.privacy
    if m is None or not m.rows_compared:
        return "n/a"
    rows = m.rows_compared
    sd = None if s is None or s.exact_copies_of_train_rows is None else s.exact_copies_of_train_rows
    own = percent(m.exact_copies_of_train_rows / rows, None if sd is None else sd / rows)
    return f"{own} ({share(m.real_test_copy_share())})"


def seeds_table(metrics: Path) -> str:
    """Every seed's headline figures and the epoch it kept."""
    lines = [
        "| dataset | seed | selected epoch | rows | column shapes | pair trends | detection AUC "
        "| TSTR ROC AUC |",
        "|---|---:|---:|---|---:|---:|---:|---:|",
    ]
    for name, m in each(metrics, "samples_details.json", SamplesDetails):
        verdicts = read(metrics / name / "convergence_details.json", ConvergenceDetails)
        sets = [(m.rows, m.per_seed)]
        if m.generated is not None:
            sets.append(("generated", m.generated.per_seed))
        for seed in m.per_seed:
            for rows, summaries in sets:
                f = summaries[seed].fidelity
                auc = summaries[seed].efficacy.train_synthetic_test_real.roc_auc
                lines.append(
                    f"| {name} | {seed} | {verdicts.per_seed[seed].selected_epoch} | {rows} "
                    f"| {f.column_shapes:.3f} | {f.pair_trends:.3f} "
                    f"| {f.detection_auc:.3f} | {fmt(auc)} |"
                )
    return "\n".join(lines)


def sdmetrics_table(metrics: Path) -> str:
    """SDMetrics' own Column Shapes and Column Pair Trends beside the project's, on each table's
    first-seed synthetic rows (``metrics/sdmetrics.json``, from the optional extra)."""
    path = metrics / "sdmetrics.json"
    if not path.is_file():
        return "*Not measured: `make sdmetrics` writes `metrics/sdmetrics.json`.*"
    agreement = read(path, SdmetricsAgreement)
    lines = [
        f"SDMetrics {agreement.sdmetrics_version}'s `QualityReport` on each table's first-seed "
        "synthetic rows against its train split (`make sdmetrics`, "
        "`metrics/sdmetrics.json`). Pair trends over every pair, as the published tables; "
        "the library's default report now averages only the pairs whose real correlation is "
        "above 0.5 or Cramér's V above 0.3 (last column).",
        "",
        "| dataset | column shapes: SDMetrics / ours | pair trends: SDMetrics / ours "
        "| SDMetrics' default pair trends |",
        "|---|---|---|---:|",
    ]
    for name, table in agreement.tables.items():
        library, own = table.sdmetrics, table.ganexp
        lines.append(
            f"| {name} | {library.column_shapes:.4f} / {own.column_shapes:.4f} "
            f"| {library.pair_trends:.4f} / {own.pair_trends:.4f} "
            f"| {fmt(library.pair_trends_thresholded, 4)} |"
        )
    return "\n".join(lines)
