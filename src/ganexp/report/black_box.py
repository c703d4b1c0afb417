"""The black-box experiment in the documents: the README's fourth answer and the results
page's tables, from ``metrics/<dataset>/black_box/confidence_details.json`` (and, beside them, the
tabular GAN's ``samples_details.json``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ganexp.records import read
from ganexp.records.black_box import ConfidenceDetails, LearnerResults
from ganexp.records.tabular import SamplesDetails
from ganexp.report.format import datasets, fmt, pm

FILE = "black_box/confidence_details.json"


def each_experiment(metrics: Path) -> Iterator[tuple[str, ConfidenceDetails]]:
    for name in datasets(metrics):
        path = metrics / name / FILE
        if path.is_file():
            yield name, read(path, ConfidenceDetails)


def _gan(metrics: Path, name: str) -> SamplesDetails | None:
    path = metrics / name / "samples_details.json"
    return read(path, SamplesDetails) if path.is_file() else None


def _control(r: LearnerResults) -> tuple[str, str, str]:
    m, s = r.mean.control, r.std.control
    return (
        pm(m.mean_abs_error, s.mean_abs_error),
        pm(m.spearman, s.spearman),
        pm(m.within_0_1, s.within_0_1, 2),
    )


def black_box_answer(metrics: Path) -> str:
    rows = [
        "| dataset | black box: accuracy / ROC AUC (30% held out) | learner | mean \\|C - Y\\| "
        "| Spearman rho(C, Y) | detection AUC: these rows / GAN / independent columns |",
        "|---|---|---|---:|---:|---|",
    ]
    said = []
    for name, d in each_experiment(metrics):
        gan = _gan(metrics, name)
        for learn, results in d.learners.items():
            gap, rho, _ = _control(results)
            closeness = results.mean.closeness, results.std.closeness
            beside = (
                "n/a"
                if gan is None
                else f"{gan.mean.fidelity.detection_auc:.3f} / "
                f"{gan.independent_columns.fidelity.detection_auc:.3f}"
            )
            label = f"{learn} (default)" if learn == d.default else learn
            rows.append(
                f"| {name} | {d.black_box.accuracy:.3f} / {d.black_box.roc_auc:.3f} | {label} "
                f"| {gap} | {rho} | {pm(closeness[0].detection_auc, closeness[1].detection_auc)} "
                f"/ {beside} |"
            )
        default = d.learners[d.default].mean
        said.append(
            f"on {name.capitalize()} the default learner's rows are scored "
            f"{fmt(default.control.mean_abs_error)} from the requested confidence on average "
            f"(rho {fmt(default.control.spearman)}), and a "
            f"detector tells them from real rows at AUC {fmt(default.closeness.detection_auc)}"
        )
    sentence = (
        "A generator that never sees a row learns from a random forest's answers to make rows "
        "it scores at the confidence asked for: "
        + "; ".join(said)
        + ". Made without data, the rows are not like the table's: they are what the black box "
        "is sure about (docs/findings.md)."
    )
    return sentence + "\n\n" + "\n".join(rows)


def black_box_tables(metrics: Path) -> str:
    """The results page's section: the black box, control and collapse per learner, and how
    close the rows come to the real table beside the GAN and the independent columns."""
    boxes = [
        "| dataset | target class (C) | train rows | held-out rows | accuracy | ROC AUC "
        "| its confidence on held-out rows, per true class (mean ± sd) |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    control = [
        "| dataset | learner | seeds | queries per run | mean \\|C - Y\\| | Spearman rho | share "
        "\\|C - Y\\| < 0.1 | calibration error | Y in [0.4, 0.6] | distinct rows | entropy / "
        "real | discriminator accuracy / deception (last epoch) |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    close = [
        "| dataset | rows | column shapes | pair trends | detection AUC | TSTR ROC AUC "
        "| DCR to train: rows / real held-out |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    figures = []
    for name, d in each_experiment(metrics):
        b = d.black_box
        scores = "; ".join(
            f"{cls}: {s.mean:.3f} ± {s.std:.3f}" for cls, s in b.scores_by_class.items()
        )
        boxes.append(
            f"| {name} | {b.target_class} | {b.train_rows} | {b.held_out_rows} "
            f"| {b.accuracy:.3f} | {b.roc_auc:.3f} | {scores} |"
        )
        for learn, r in d.learners.items():
            m, s = r.mean, r.std
            gap, rho, within = _control(r)
            criteria = (
                "n/a (a surrogate)"
                if m.criteria.judge_accuracy is None
                else f"{pm(m.criteria.judge_accuracy, s.criteria.judge_accuracy)} / "
                f"{pm(m.criteria.deception_rate, s.criteria.deception_rate)}"
            )
            control.append(
                f"| {name} | {learn} | {len(r.seeds)} | {m.queries:,.0f} | {gap} | {rho} "
                f"| {within} "
                f"| {pm(m.control.calibration_error, s.control.calibration_error)} "
                f"| {pm(m.collapse.middle_share, s.collapse.middle_share, 2)} "
                f"| {pm(m.collapse.distinct_rows, s.collapse.distinct_rows, 0)} of {m.rows:.0f} "
                f"| {pm(m.collapse.entropy_ratio, s.collapse.entropy_ratio, 2)} | {criteria} |"
            )
            c, cs = m.closeness, s.closeness
            close.append(
                f"| {name} | black box, {learn} | {pm(c.column_shapes, cs.column_shapes)} "
                f"| {pm(c.pair_trends, cs.pair_trends)} | {pm(c.detection_auc, cs.detection_auc)} "
                f"| {pm(c.train_synthetic_test_real, cs.train_synthetic_test_real)} "
                f"| {c.dcr_synthetic_median:.3f} / {c.dcr_real_test_median:.3f} |"
            )
        gan = _gan(metrics, name)
        if gan is not None:
            g, gs, base = gan.mean, gan.std, gan.independent_columns.fidelity
            gf, gsf = g.fidelity, gs.fidelity
            tstr, tstr_sd = (
                g.efficacy.train_synthetic_test_real,
                gs.efficacy.train_synthetic_test_real,
            )
            close.append(
                f"| {name} | tabular GAN (saw rows) | {pm(gf.column_shapes, gsf.column_shapes)} "
                f"| {pm(gf.pair_trends, gsf.pair_trends)} "
                f"| {pm(gf.detection_auc, gsf.detection_auc)} "
                f"| {pm(tstr.roc_auc, tstr_sd.roc_auc)} "
                f"| {g.privacy.dcr_synthetic_median:.3f} / {g.privacy.dcr_real_test_median:.3f} |"
            )
            t = gan.independent_columns.efficacy.train_synthetic_test_real
            close.append(
                f"| {name} | *independent columns* (saw rows) | {base.column_shapes:.3f} "
                f"| {base.pair_trends:.3f} | {base.detection_auc:.3f} | {fmt(t.roc_auc)} | |"
            )
        figures.append(
            f"![{name}: calibration by requested-C decile, and the black box's scores]"
            f"(../metrics/{name}/black_box/confidence.png)"
        )
    return "\n\n".join(
        [
            "**The black box** (`metrics/<dataset>/black_box/black_box.json`): a random forest on "
            "the train split, scored on the validation and test splits.",
            "\n".join(boxes),
            "**Control and collapse**, on 1,000 rows per run with C uniform in [0, 1] "
            "(`metrics/<dataset>/black_box/confidence_details.json`); calibration error: the mean "
            "over requested-C deciles of |mean C - mean Y|, weighted by rows; entropy / real: each "
            "column's entropy over the real table's, median over the columns (a numeric column "
            "over 20 equal bins of its stated range); Spearman is 0 where every row gets the "
            "same Y.",
            "\n".join(control),
            "**How close rows made without data come to the real table**, by the tabular GAN's "
            "own figures against the train split (the GAN's rows are as many as that split, "
            "these 1,000 per run); the target of these rows is the black box's most likely class.",
            "\n".join(close),
            *figures,
        ]
    )
