"""A peer's runs on one dataset: one fit per seed on the train split, as many rows as it holds,
each measured as analyze_samples measures the GAN's (``fidelity_summary``), then the figures
across the seeds. What stage train_peer runs, testable without DVC."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ganexp.peers import arf_peer, sdv_peers
from ganexp.peers.fit import PeerFit
from ganexp.peers.settings import SYNTHESIZERS, PeerParams
from ganexp.records.peers import PeerDetails
from ganexp.records.tabular import SampleSummary
from ganexp.tabular.evaluation.settings import AnalysisSettings
from ganexp.tabular.evaluation.summary import fidelity_summary, summary_spread


@dataclass
class PeerReport:
    details: PeerDetails
    fit_seconds: dict[int, float]  # per seed: wall-clock, not expected to repeat

    @property
    def mean_fit_seconds(self) -> float:
        return float(np.mean(list(self.fit_seconds.values())))


def fit_sample(
    peer: str, rows: pd.DataFrame, seed: int, params: PeerParams, *, arf_python: Path
) -> PeerFit:
    """Peer ``peer`` fitted on ``rows`` with ``seed`` and sampled to as many rows, by its own
    library: SDV's in this interpreter, arfpy's under ``arf_python`` (its own environment)."""
    if peer == "arf":
        return arf_peer.fit_sample(rows, len(rows), seed, params.settings, python=arf_python)
    return sdv_peers.fit_sample(peer, rows, len(rows), seed, params.settings)


def peer_runs(
    peer: str,
    params: PeerParams,
    real_rows: pd.DataFrame,
    test_rows: pd.DataFrame,
    *,
    target: str,
    analysis: AnalysisSettings,
    seed: int,
    arf_python: Path,
) -> PeerReport:
    """Peer ``peer`` fitted once per seed of ``params`` on ``real_rows`` (the train split as the
    analysis reads it) and sampled to as many rows; each table measured against ``real_rows``
    and ``test_rows`` with the analysis' ``seed``, as the GAN's are."""
    per_seed: dict[str, SampleSummary] = {}
    fit_seconds: dict[int, float] = {}
    versions: dict[str, str] = {}
    for peer_seed in params.seeds:
        fit = fit_sample(peer, real_rows, peer_seed, params, arf_python=arf_python)
        summary, _ = fidelity_summary(
            real_rows,
            fit.rows,
            test_rows,
            target=target,
            seed=seed,
            max_rows=analysis.max_rows,
            folds=analysis.detection_folds,
        )
        per_seed[str(peer_seed)] = SampleSummary.model_validate(
            {
                **summary,
                "n_synthetic_rows": len(fit.rows),
                "deception_experiment": None,  # the GAN's own discriminator: no peer has one
            }
        )
        fit_seconds[peer_seed] = fit.fit_seconds
        versions = fit.versions
    mean, std = summary_spread(list(per_seed.values()))
    details = PeerDetails(
        peer=peer,
        synthesizer=SYNTHESIZERS[peer],
        versions=versions,
        settings=params.settings,
        seeds=list(params.seeds),
        mean=mean,
        std=std,
        per_seed=per_seed,
    )
    return PeerReport(details, fit_seconds)
