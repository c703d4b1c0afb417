"""A peer's runs on one dataset: one fit per seed on the train split, as many rows as it holds,
each measured as analyze_samples measures the GAN's (``fidelity_summary``), then the figures
across the seeds. What stage train_peer runs, testable without DVC."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from ganexp.peers.sdv_peers import fit_sample, versions
from ganexp.peers.settings import SYNTHESIZERS, PeerParams
from ganexp.records.peers import PeerDetails
from ganexp.records.tabular import SampleSummary
from ganexp.tabular.analysis import across_seeds, fidelity_summary
from ganexp.tabular.evaluation.settings import AnalysisSettings


@dataclass
class PeerReport:
    details: PeerDetails
    fit_seconds: dict[int, float]  # per seed: wall-clock, not expected to repeat


def peer_runs(
    peer: str,
    params: PeerParams,
    real_rows: pd.DataFrame,
    test_rows: pd.DataFrame,
    *,
    target: str,
    analysis: AnalysisSettings,
    seed: int,
) -> PeerReport:
    """Peer ``peer`` fitted once per seed of ``params`` on ``real_rows`` (the train split as the
    analysis reads it) and sampled to as many rows; each table measured against ``real_rows``
    and ``test_rows`` with the analysis' ``seed``, as the GAN's are."""
    package_versions = versions()
    summaries: dict[str, dict] = {}
    fit_seconds: dict[int, float] = {}
    for peer_seed in params.seeds:
        fit = fit_sample(peer, real_rows, len(real_rows), peer_seed, params.settings)
        summary, _ = fidelity_summary(
            real_rows,
            fit.rows,
            test_rows,
            target=target,
            seed=seed,
            max_rows=analysis.max_rows,
            folds=analysis.detection_folds,
        )
        summaries[str(peer_seed)] = {
            **summary,
            "n_synthetic_rows": len(fit.rows),
            "deception_experiment": None,  # the GAN's own discriminator: no peer has one
        }
        fit_seconds[peer_seed] = fit.fit_seconds
    per_seed = {key: SampleSummary.model_validate(value) for key, value in summaries.items()}
    dumped = [summary.dump() for summary in per_seed.values()]
    details = PeerDetails(
        peer=peer,
        synthesizer=SYNTHESIZERS[peer],
        versions=package_versions,
        settings=params.settings,
        seeds=list(params.seeds),
        mean=SampleSummary.model_validate(across_seeds(dumped, np.mean)),
        std=SampleSummary.model_validate(across_seeds(dumped, np.std)),
        per_seed=per_seed,
    )
    return PeerReport(details, fit_seconds)
