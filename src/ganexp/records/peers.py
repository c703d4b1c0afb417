"""The peers' results, as train_peer writes them (``metrics/peers/<dataset>/<peer>.json``) and
the documents read them: one ``SampleSummary`` per seed, as analyze_samples measures the GAN's
rows, their mean and std, and what ran (packages and versions, settings). Fit times are
wall-clock figures, kept apart in ``metrics/timing/train_peer-<dataset>-<peer>.json``."""

from __future__ import annotations

from typing import Any

from ganexp.records import Record
from ganexp.records.tabular import SampleSummary


class PeerDetails(Record):
    peer: str
    synthesizer: str  # the library's class (SDV's single-table synthesizer, or arfpy's arf)
    versions: dict[str, str]  # package: version
    settings: dict[str, Any]  # keywords beside the library's defaults
    seeds: list[int]
    mean: SampleSummary
    std: SampleSummary
    per_seed: dict[str, SampleSummary]

    @property
    def library(self) -> str:
        """The wrapped library and its version, as a label: ``SDV 2.0.0``, ``arfpy 0.1.1``."""
        for package, label in (("sdv", "SDV"), ("arfpy", "arfpy")):
            if package in self.versions:
                return f"{label} {self.versions[package]}"
        return ", ".join(f"{package} {version}" for package, version in self.versions.items())
