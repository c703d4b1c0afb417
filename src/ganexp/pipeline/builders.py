"""The tabular synthesizer built from params `gan`: the one place that section becomes a model."""

from __future__ import annotations

from ganexp.pipeline.params import GanParams
from ganexp.tabular.encoder import TabularEncoder
from ganexp.tabular.settings import GANSettings
from ganexp.tabular.synthesizer import TabularSynthesizer


def build_synthesizer(gan: GanParams, encoder: TabularEncoder, seed: int) -> TabularSynthesizer:
    """The synthesizer that params `gan` describe, for the rows ``encoder`` makes."""
    return TabularSynthesizer.from_encoder(encoder, GANSettings.from_dict(gan.settings()), seed)
