"""Synthesizer settings from params `gan`: the one place that section becomes a model's settings."""

from __future__ import annotations

from ganexp.pipeline.params import GanParams
from ganexp.tabular.settings import GANSettings


def gan_settings(gan: GanParams) -> GANSettings:
    """The synthesizer settings that params `gan` (one dataset's, overrides merged) describe."""
    return GANSettings.from_dict(gan.settings())
