"""The refine stage's work: each seed's selected synthesizer copied with a refiner fitted on a
real split (``ganexp.tabular.refine``), ready for ``TabularSynthesizer.load`` and sampling."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np

from ganexp.tabular.model.checkpoints import seed_folder
from ganexp.tabular.refine.settings import RefineSettings
from ganexp.tabular.synthesizer import TabularSynthesizer


def refine_seeds(
    selected: Path, seeds: list[int], real: np.ndarray, settings: RefineSettings, out: Path
) -> dict[int, float]:
    """Copy each seed's synthesizer from ``selected`` into ``out`` and, if ``settings`` are
    enabled, fit and save its refiner on ``real`` encoded rows; returns each fit's seconds."""
    seconds = {}
    for seed in seeds:
        source, target = seed_folder(selected, seed), seed_folder(out, seed)
        shutil.copytree(source, target)
        if not settings.enabled:
            continue
        synthesizer = TabularSynthesizer.load(source)
        refiner = synthesizer.fit_refiner(real, settings)
        refiner.save(target)
        seconds[seed] = refiner.fit_seconds
    return seconds
