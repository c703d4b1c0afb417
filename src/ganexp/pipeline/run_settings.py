"""The 2-D runs' settings built from params `combined`: the one place that section becomes a
``RunSettings`` and a ``Variant``."""

from __future__ import annotations

from dataclasses import fields

from ganexp.gaussians.runs import RunSettings
from ganexp.gaussians.settings import CombinedSettings, Variant
from ganexp.pipeline.params import CombinedParams


def combined_run_settings(combined: CombinedParams, benchmark: str) -> RunSettings:
    """One training run on ``benchmark`` as params `combined` describe it (the variant apart):
    the benchmark's own keys, else the shared ones."""
    model = {f.name: combined.setting(benchmark, f.name) for f in fields(CombinedSettings)}
    return RunSettings(
        epochs=combined.setting(benchmark, "epochs"),
        eval_every=combined.eval_every,
        n_eval_points=combined.n_eval_points,
        frame_every=combined.setting(benchmark, "frame_every"),
        model=CombinedSettings(**{**model, "hidden": tuple(model["hidden"])}),
    )


def combined_variant(combined: CombinedParams, name: str) -> Variant:
    """The schedule params `combined.variants.<name>` describe."""
    variant = combined.variant(name)
    return Variant(name, variant.switch_epoch, variant.critic)
