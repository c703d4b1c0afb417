"""The synthesizer beside its peers: the GAN's figures, each peer's (``metrics/peers/``, run by
`make peers`) and the independent-columns baseline, on the same splits and the same figures."""

from __future__ import annotations

from pathlib import Path

from ganexp.records import read
from ganexp.records.peers import PeerDetails
from ganexp.records.tabular import ConvergenceDetails, SamplesDetails, SampleSummary
from ganexp.report.format import fmt, pm
from ganexp.report.published import PUBLISHED_PEERS
from ganexp.report.timing import stage_figures

DATASETS = ("adult", "bank")


def _row(label: str, seeds: int, mean: SampleSummary, std: SampleSummary, fit: str) -> str:
    """One synthesizer's figures: mean ± std over its seeds, or the one figure of a single fit
    (a spread of one run would read as no spread)."""

    def figure(value: float | None, spread: float | None) -> str:
        return pm(value, spread) if seeds > 1 else fmt(value)

    f, s = mean.fidelity, std.fidelity
    tstr, tstr_sd = mean.efficacy.train_synthetic_test_real, std.efficacy.train_synthetic_test_real
    dcr = mean.privacy.dcr_synthetic_median if mean.privacy else None
    return (
        f"| {label} | {seeds} | {figure(f.detection_auc, s.detection_auc)} "
        f"| {figure(tstr.roc_auc, tstr_sd.roc_auc)} "
        f"| {figure(f.column_shapes, s.column_shapes)} "
        f"| {figure(f.pair_trends, s.pair_trends)} | {fmt(dcr)} | {fit} |"
    )


def peers_table(metrics: Path) -> str:
    """One block per dataset: this project's GAN, every peer with committed metrics, the
    published rows (another evaluator: not comparable to the third decimal) and the
    independent-columns baseline; fit time per seed on the machine that made the metrics."""
    lines = [
        "| dataset: synthesizer | seeds | detection AUC | TSTR ROC AUC | column shapes "
        "| pair trends | DCR median | fit per seed |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name in DATASETS:
        path = metrics / name / "samples_details.json"
        if not path.is_file():
            continue
        gan = read(path, SamplesDetails)
        per_epoch = stage_figures(metrics, "train_gan", name).get("seconds_per_epoch")
        verdicts = metrics / name / "convergence_details.json"
        fit = "n/a"
        if per_epoch is not None and verdicts.is_file():
            runs = read(verdicts, ConvergenceDetails).per_seed.values()
            epochs = max(run.epochs for run in runs)
            fit = f"{per_epoch * epochs / 60:.1f} min (side by side)"
        lines.append(_row(f"{name}: **this GAN**", len(gan.seeds), gan.mean, gan.std, fit))
        for peer_path in sorted((metrics / "peers" / name).glob("*.json")):
            details = read(peer_path, PeerDetails)
            peer = details.peer
            seconds = stage_figures(metrics, "train_peer", f"{name}-{peer}").get("fit_seconds")
            fit = "n/a" if seconds is None else f"{seconds / 60:.1f} min"
            label = f"{name}: {details.synthesizer} (SDV {details.versions['sdv']})"
            lines.append(_row(label, len(details.seeds), details.mean, details.std, fit))
        for label, detection, tstr_auc in PUBLISHED_PEERS.get(name, ()):
            lines.append(
                f"| {name}: {label} (*published*, arXiv 2603.23016's evaluator) "
                f"| | {detection} | {tstr_auc} | | | | |"
            )
        b = gan.independent_columns
        tstr = b.efficacy.train_synthetic_test_real
        lines.append(
            f"| {name}: *independent columns* | | {b.fidelity.detection_auc:.3f} "
            f"| {fmt(tstr.roc_auc)} | {b.fidelity.column_shapes:.3f} "
            f"| {b.fidelity.pair_trends:.3f} | | |"
        )
    return "\n".join(lines)


def peers_answer(metrics: Path) -> str:
    """The README's answer: which synthesizer's rows a detector tells from real ones least
    easily, dataset by dataset (the table is in docs/results.md)."""
    sentences = []
    for name in DATASETS:
        path = metrics / name / "samples_details.json"
        if not path.is_file():
            continue
        scores = {"this GAN": read(path, SamplesDetails).mean.fidelity.detection_auc}
        for peer_path in sorted((metrics / "peers" / name).glob("*.json")):
            details = read(peer_path, PeerDetails)
            scores[details.synthesizer] = details.mean.fidelity.detection_auc
        ranked = ", ".join(f"{label} {auc:.3f}" for label, auc in sorted(scores.items(), key=_by))
        sentences.append(f"on {name.capitalize()}, detection AUC (lower is better): {ranked}")
    text = (
        "Fitted on the same train split and measured by the same analysis, with each "
        "library's own preprocessing and defaults (`make peers`; not part of `dvc repro`): "
        + "; ".join(sentences)
        + ". Every figure beside this GAN's, with fit times: "
        "[results](docs/results.md#beside-its-peers)."
    )
    return text


def _by(item: tuple[str, float | None]) -> float:
    return 2.0 if item[1] is None else item[1]
