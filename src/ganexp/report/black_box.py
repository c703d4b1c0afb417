"""The black-box experiment in the documents: the README's fourth answer and the results
page's tables, from ``metrics/<dataset>/black_box/confidence_details.json`` (and, beside them, the
tabular GAN's ``samples_details.json``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from ganexp.records import read
from ganexp.records.black_box import (
    ConfidenceDetails,
    ConfidenceSummary,
    LearnerResults,
    Scores,
    ScoreShares,
)
from ganexp.records.tabular import SamplesDetails
from ganexp.report.format import datasets, fmt, pm, share
from ganexp.spread import mean, sample_sd

FILE = "black_box/confidence_details.json"
BASELINE = "uniform rows"  # rows drawn from the spec's ranges and categories, scored: chance


def each_experiment(metrics: Path) -> Iterator[tuple[str, ConfidenceDetails]]:
    for name in datasets(metrics):
        path = metrics / name / FILE
        if path.is_file():
            yield name, read(path, ConfidenceDetails)


def _gan(metrics: Path, name: str) -> SamplesDetails | None:
    path = metrics / name / "samples_details.json"
    return read(path, SamplesDetails) if path.is_file() else None


def _entries(d: ConfidenceDetails) -> Iterator[tuple[str, LearnerResults]]:
    """The default learner's results, the other learners', then the uniform rows' (the
    baseline)."""
    yield f"{d.default} (default)", d.learners[d.default]
    for learn, results in d.learners.items():
        if learn != d.default:
            yield learn, results
    if d.baseline is not None:
        yield f"*{BASELINE}* (baseline)", d.baseline


def over_defined(r: LearnerResults, figure: Callable[[ConfidenceSummary], float | None]) -> str:
    """A figure's mean ± sd over the seeds; where some seed leaves it undefined, the mean over
    the seeds where it is defined, with their count (n/a where none is)."""
    values = [figure(summary) for summary in r.per_seed.values()]
    defined = [v for v in values if v is not None]
    if len(defined) == len(values):
        return pm(figure(r.mean), figure(r.std))
    if not defined:
        return "n/a"
    return f"{pm(mean(defined), sample_sd(defined))} ({len(defined)} of {len(values)} seeds)"


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
        for label, results in _entries(d):
            gap, rho, _ = _control(results)
            closeness = results.mean.closeness, results.std.closeness
            beside = (
                "n/a"
                if gan is None
                else f"{gan.mean.fidelity.detection_auc:.3f} / "
                f"{gan.independent_columns.fidelity.detection_auc:.3f}"
            )
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
        "is sure about (docs/findings.md). The assignment's discriminator (`choice`) gets a row "
        "with both scores and says which is the black box's; *uniform rows*, drawn from the "
        "spec's ranges and categories with C drawn apart, are what chance gives."
    )
    return sentence + "\n\n" + "\n".join(rows)


def _scores(shares: Scores | ScoreShares | None, digits: int = 3) -> str:
    """min / max / mean ± sd of a set of Y, or of real rows' scores."""
    if shares is None or not shares.rows:
        return "n/a (no row)"
    if shares.mean is None:  # a mean over the seeds, one of which made no such row
        return "n/a (no row on some seed)"
    if isinstance(shares, ScoreShares):
        low, high, middle, sd = shares.minimum, shares.maximum, shares.mean, shares.std
    else:
        low, high, middle, sd = shares.minimum, shares.maximum, shares.mean, shares.sd
    return f"{fmt(low, digits)} / {fmt(high, digits)} / {pm(middle, sd, digits)}"


def black_box_tables(metrics: Path) -> str:
    """The results page's section: the black box; control and collapse per learner and for
    uniform rows; the black box's answers Y on the rows (the assignment's table), by the class
    it predicts, and the rows' class balance; how close the rows come to the real table beside
    the GAN and the independent columns; the figures."""
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
    answers = [
        "| dataset | rows | Y on all rows: min / max / mean ± sd | Y by the class the black box "
        "predicts: min / max / mean ± sd | share of rows per predicted class |",
        "|---|---|---|---|---|",
    ]
    close = [
        "| dataset | rows | column shapes | pair trends | detection AUC | TSTR ROC AUC "
        "| DCR to train: rows / real held-out |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    figures = []
    for name, d in each_experiment(metrics):
        b = d.black_box
        scores = "; ".join(f"{cls}: {pm(s.mean, s.std)}" for cls, s in b.scores_by_class.items())
        boxes.append(
            f"| {name} | {b.target_class} | {b.train_rows} | {b.held_out_rows} "
            f"| {b.accuracy:.3f} | {b.roc_auc:.3f} | {scores} |"
        )
        real = "; ".join(f"{cls}: {_scores(s)}" for cls, s in b.scores_by_class.items())
        balance = "; ".join(f"{cls} {share(v)}" for cls, v in (d.real_class_shares or {}).items())
        answers.append(f"| {name} | *real held-out rows, by true class* | | {real} | {balance} |")
        for label, r in _entries(d):
            m, s = r.mean, r.std
            gap, rho, within = _control(r)
            criteria = (
                "n/a (no discriminator)"
                if m.criteria.judge_accuracy is None
                else f"{pm(m.criteria.judge_accuracy, s.criteria.judge_accuracy)} / "
                f"{pm(m.criteria.deception_rate, s.criteria.deception_rate)}"
            )
            control.append(
                f"| {name} | {label} | {len(r.seeds)} | {m.queries:,.0f} | {gap} | {rho} "
                f"| {within} "
                f"| {pm(m.control.calibration_error, s.control.calibration_error)} "
                f"| {pm(m.collapse.middle_share, s.collapse.middle_share, 2)} "
                f"| {pm(m.collapse.distinct_rows, s.collapse.distinct_rows, 0)} of {m.rows:.0f} "
                f"| {pm(m.collapse.entropy_ratio, s.collapse.entropy_ratio, 2)} | {criteria} |"
            )
            if m.answers is not None:
                by_class = "; ".join(
                    f"{cls}: {_scores(v)}" for cls, v in m.answers.by_class.items()
                )
                shares = "; ".join(f"{cls} {share(v)}" for cls, v in m.answers.class_shares.items())
                answers.append(
                    f"| {name} | {label} | {_scores(m.answers.all)} | {by_class} | {shares} |"
                )
            c, cs = m.closeness, s.closeness
            tstr = over_defined(r, lambda summary: summary.closeness.train_synthetic_test_real)
            close.append(
                f"| {name} | black box, {label} | {pm(c.column_shapes, cs.column_shapes)} "
                f"| {pm(c.pair_trends, cs.pair_trends)} | {pm(c.detection_auc, cs.detection_auc)} "
                f"| {tstr} | {fmt(c.dcr_synthetic_median)} / {fmt(c.dcr_real_test_median)} |"
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
                f"| {fmt(g.privacy.dcr_synthetic_median)} / "
                f"{fmt(g.privacy.dcr_real_test_median)} |"
            )
            t = gan.independent_columns.efficacy.train_synthetic_test_real
            close.append(
                f"| {name} | *independent columns* (saw rows) | {fmt(base.column_shapes)} "
                f"| {fmt(base.pair_trends)} | {fmt(base.detection_auc)} | {fmt(t.roc_auc)} | |"
            )
        figures.append(
            f"![{name}: calibration by requested-C decile, and the black box's scores]"
            f"(../metrics/{name}/black_box/confidence.png)"
        )
        if (metrics / name / "black_box/learners.png").is_file():
            figures.append(
                f"![{name}: per learner and for uniform rows, losses by epoch, C against Y, Y by "
                f"predicted class beside real rows, class balance]"
                f"(../metrics/{name}/black_box/learners.png)"
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
            f"same Y. *{BASELINE}*: as many rows per seed drawn uniformly from the spec's ranges "
            "and categories, each with a C drawn uniformly apart, scored by the black box: what "
            "chance gives without learning.",
            "\n".join(control),
            "**The black box's answers Y on the rows** (the assignment's table), on the rows of "
            "each run, their figures averaged over the seeds: over all rows and by the class the "
            "black box predicts for each (its most likely), beside its scores on real held-out "
            "rows by their true class; and the class balance of the rows beside the train "
            "split's.",
            "\n".join(answers),
            "**How close rows made without data come to the real table**, by the tabular GAN's "
            "own figures (detection against the test split, the rest against the train "
            "split; the GAN's rows are as many as that split, "
            "these 1,000 per run); the target of these rows is the black box's most likely "
            "class; a figure some seed leaves undefined (TSTR where the rows hold one class) is "
            "the mean over the seeds that define it, with their count.",
            "\n".join(close),
            *figures,
        ]
    )
