"""The 2-D runs' settings built from params `combined`: the one place that section becomes a
``RunSettings``."""

from __future__ import annotations

from dataclasses import fields

from ganexp.gaussians.runs import RunSettings
from ganexp.gaussians.settings import CombinedSettings
from ganexp.pipeline.params import CombinedParams


def combined_run_settings(combined: CombinedParams) -> RunSettings:
    """One 2-D training run as params `combined` describe it (the switch epoch apart)."""
    model = {f.name: getattr(combined, f.name) for f in fields(CombinedSettings)}
    return RunSettings(
        epochs=combined.epochs,
        eval_every=combined.eval_every,
        n_eval_points=combined.n_eval_points,
        frame_every=combined.frame_every,
        model=CombinedSettings(**{**model, "hidden": tuple(combined.hidden)}),
    )
