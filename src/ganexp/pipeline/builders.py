"""Library objects built from params: the one place where a params section becomes a model."""

from __future__ import annotations

from dataclasses import fields

from ganexp.gaussians.runs import RunSettings
from ganexp.gaussians.settings import CombinedSettings
from ganexp.pipeline.params import CombinedParams, GanParams
from ganexp.tabular.encoder import TabularEncoder
from ganexp.tabular.settings import GANSettings
from ganexp.tabular.synthesizer import TabularSynthesizer


def build_synthesizer(gan: GanParams, encoder: TabularEncoder, seed: int) -> TabularSynthesizer:
    """The synthesizer that params `gan` describe, for the rows ``encoder`` makes."""
    return TabularSynthesizer.from_encoder(encoder, GANSettings.from_dict(gan.settings()), seed)


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
