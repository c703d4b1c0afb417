"""The synthesizer beside its peers: the GAN's figures, each peer's (``metrics/peers/``, run by
`make peers`) and the independent-columns baseline, on the same splits and the same figures."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ganexp.records import read
from ganexp.records.peers import PeerDetails
from ganexp.records.tabular import ConvergenceDetails, SamplesDetails, SampleSummary
from ganexp.report.format import fmt, percent, pm, share
from ganexp.report.published import PUBLISHED_PEERS, PUBLISHED_PEERS_SOURCE
from ganexp.report.timing import stage_figures

DATASETS = ("adult", "bank")
GAN = "**this GAN**"
GENERATED = "this GAN, rows as generated"
EARLIER = (
    "*: measured before detection moved to the real test split (against the train split, with "
    "no second detector); `make peers` measures it again."
)


@dataclass
class Entry:
    """One synthesizer's figures on one dataset: mean and std over its seeds, its fit time."""

    label: str
    seeds: int
    mean: SampleSummary
    std: SampleSummary
    fit: str  # per seed, on the machine that made the metrics

    def figure(self, mean: float | None, std: float | None) -> str:
        """mean ± sd, or the one figure of a single fit (whatever spread its file records)."""
        return pm(mean, std) if self.seeds > 1 else fmt(mean)

    def percentage(self, mean: float | None, std: float | None) -> str:
        return percent(mean, std) if self.seeds > 1 else share(mean)

    @property
    def copies(self) -> str:
        """Synthetic rows equal to a training row, as a share of the rows compared."""
        m, s = self.mean.privacy, self.std.privacy
        if m is None or s is None or not m.rows_compared:
            return "n/a"
        sd = s.exact_copies_of_train_rows
        return self.percentage(
            m.exact_copies_of_train_rows / m.rows_compared,
            None if sd is None else sd / m.rows_compared,
        )

    @property
    def detection(self) -> str:
        figure = self.figure(self.mean.fidelity.detection_auc, self.std.fidelity.detection_auc)
        return f"{figure}*" if self.earlier else figure

    @property
    def earlier(self) -> bool:
        """Measured before the second detector, when detection read the train split."""
        return self.mean.fidelity.detection_auc_forest is None

    @property
    def second_detection(self) -> str:
        f, s = self.mean.fidelity, self.std.fidelity
        return self.figure(f.detection_auc_forest, s.detection_auc_forest)

    @property
    def tstr(self) -> str:
        mean = self.mean.efficacy.train_synthetic_test_real
        return self.figure(mean.roc_auc, self.std.efficacy.train_synthetic_test_real.roc_auc)


def gan_details(metrics: Path, name: str) -> SamplesDetails | None:
    """The GAN's analysis of dataset ``name``, None where it is not committed."""
    path = metrics / name / "samples_details.json"
    return read(path, SamplesDetails) if path.is_file() else None


def entries(metrics: Path, name: str, gan: SamplesDetails) -> list[Entry]:
    """This GAN (its analysis ``gan``) and every peer with committed metrics on dataset
    ``name``, peers by file name."""
    per_epoch = stage_figures(metrics, "train_gan", name).get("seconds_per_epoch")
    verdicts = metrics / name / "convergence_details.json"
    fit = "n/a"
    if per_epoch is not None and verdicts.is_file():
        runs = read(verdicts, ConvergenceDetails).per_seed.values()
        fit = f"{per_epoch * max(run.epochs for run in runs) / 60:.1f} min (side by side)"
    label = f"{GAN} (rows kept by its refiner)" if gan.generated is not None else GAN
    found = [Entry(label, len(gan.seeds), gan.mean, gan.std, fit)]
    if gan.generated is not None:
        own = gan.generated
        found.append(Entry(GENERATED, len(gan.seeds), own.mean, own.std, fit))
    for peer_path in sorted((metrics / "peers" / name).glob("*.json")):
        details = read(peer_path, PeerDetails)
        seconds = stage_figures(metrics, "train_peer", f"{name}-{details.peer}").get("fit_seconds")
        fit = "n/a" if seconds is None else f"{seconds / 60:.1f} min"
        label = f"{details.synthesizer} ({details.library})"
        found.append(Entry(label, len(details.seeds), details.mean, details.std, fit))
    return found


def peers_table(metrics: Path) -> str:
    """One block per dataset: this project's GAN, every peer with committed metrics, the
    published rows (another evaluator: not comparable to the third decimal) and the
    independent-columns baseline; fit time per seed on the machine that made the metrics."""
    lines = [
        "| dataset: synthesizer | seeds | detection AUC | second detector (forest) "
        "| TSTR ROC AUC | column shapes | pair trends | rows breaking a relation | DCR median "
        "| copies of a training row | fit per seed |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    earlier = False
    for name in DATASETS:
        gan = gan_details(metrics, name)
        if gan is None:
            continue
        for entry in entries(metrics, name, gan):
            earlier |= entry.earlier
            f, s = entry.mean.fidelity, entry.std.fidelity
            dcr = entry.mean.privacy.dcr_synthetic_median if entry.mean.privacy else None
            lines.append(
                f"| {name}: {entry.label} | {entry.seeds} | {entry.detection} "
                f"| {entry.second_detection} | {entry.tstr} "
                f"| {entry.figure(f.column_shapes, s.column_shapes)} "
                f"| {entry.figure(f.pair_trends, s.pair_trends)} "
                f"| {entry.percentage(f.relations_broken, s.relations_broken)} | {fmt(dcr)} "
                f"| {entry.copies} | {entry.fit} |"
            )
        for label, detection, tstr_auc in PUBLISHED_PEERS.get(name, ()):
            lines.append(
                f"| {name}: {label} (*published*, {PUBLISHED_PEERS_SOURCE}'s evaluator) "
                f"| | {detection} | | {tstr_auc} | | | | | | |"
            )
        b = gan.independent_columns
        tstr = b.efficacy.train_synthetic_test_real
        lines.append(
            f"| {name}: *independent columns* | | {b.fidelity.detection_auc:.3f} "
            f"| {fmt(b.fidelity.detection_auc_forest)} | {fmt(tstr.roc_auc)} "
            f"| {b.fidelity.column_shapes:.3f} "
            f"| {b.fidelity.pair_trends:.3f} | {share(b.fidelity.relations_broken)} | | | |"
        )
        privacy = gan.mean.privacy  # the real test rows, as the GAN's analysis compared them
        if privacy is not None and privacy.rows_compared:
            copies = share(privacy.real_test_copy_share())
            lines.append(
                f"| {name}: *real test rows* (not trained on) | | | | | | | "
                f"| {privacy.dcr_real_test_median:.3f} | {copies} | |"
            )
    if earlier:
        lines.append("\n" + EARLIER)
    return "\n".join(lines)


def peers_answer(metrics: Path) -> str:
    """The README's answer: a sentence and one row per synthesizer, both datasets side by side
    (detection, TSTR, fit time); every figure is in docs/results.md."""
    analyses = {name: gan_details(metrics, name) for name in DATASETS}
    per_dataset = {
        name: {entry.label: entry for entry in entries(metrics, name, gan)}
        for name, gan in analyses.items()
        if gan is not None
    }
    if not per_dataset:
        return "No analysis of Adult or Bank is committed yet: `make repro`, then `make peers`."
    labels = list(dict.fromkeys(label for found in per_dataset.values() for label in found))
    first = next(iter(per_dataset.values()))
    labels.sort(key=lambda label: _detection(first.get(label)))
    header = "| synthesizer | seeds |" + "".join(
        f" {name.capitalize()}: detection AUC | TSTR ROC AUC | fit per seed |"
        for name in per_dataset
    )
    lines = [header, "|---|---:|" + "---:|---:|---|" * len(per_dataset)]
    for label in labels:
        seeds = next(found[label].seeds for found in per_dataset.values() if label in found)
        row = f"| {label} | {seeds} |"
        for found in per_dataset.values():
            entry = found.get(label)
            row += f" {entry.detection} | {entry.tstr} | {entry.fit} |" if entry else " | | |"
        lines.append(row)
    published = ", ".join(
        f"{label} {detection}" for label, detection, _ in PUBLISHED_PEERS.get("adult", ())
    )
    text = (
        "Fitted on the same train split and measured by the same analysis, each with its "
        "library's own preprocessing and defaults (`make peers` installs them and runs their "
        "stages, in extras/dvc.yaml; `dvc repro` never does). Detection AUC, against real "
        "test rows no model learned from: lower is better, 0.5 cannot tell; the GAN's rows "
        "as its refiner keeps them and as generated; a single seed is shown without a spread; "
        "fit per seed on the machine that made the metrics."
        f" Published on Adult by another evaluator ({PUBLISHED_PEERS_SOURCE}), "
        f"detection AUC: {published}. Every figure, with the baseline: "
        "[results](docs/results.md#beside-its-peers)."
    )
    if any(entry.earlier for found in per_dataset.values() for entry in found.values()):
        lines.append("\n" + EARLIER)
    return text + "\n\n" + "\n".join(lines)


def _detection(entry: Entry | None) -> float:
    if entry is None or entry.mean.fidelity.detection_auc is None:
        return 2.0
    return entry.mean.fidelity.detection_auc
