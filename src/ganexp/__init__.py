"""ganexp: reproducible tabular GAN and GAN+WGAN experiments, driven by DVC.

``from ganexp import TabularSynthesizer`` is the public way to fit, sample, save and load a
tabular GAN; the pipeline's stages use it too. ``from ganexp import ConfidenceGenerator``: the
original study's second architecture, rows from a black box's confidence."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ganexp import quiet

quiet.install()  # before anything imports TensorFlow: its start-up lines stay off stderr

__version__ = "0.1.0"
__all__ = ["ConfidenceGenerator", "TabularSynthesizer"]

if TYPE_CHECKING:
    from ganexp.black_box.generator import ConfidenceGenerator
    from ganexp.tabular.synthesizer import TabularSynthesizer


def __getattr__(name: str) -> Any:
    """Import the models on first use: ``import ganexp.pipeline...`` stays light."""
    if name == "TabularSynthesizer":
        from ganexp.tabular.synthesizer import TabularSynthesizer

        return TabularSynthesizer
    if name == "ConfidenceGenerator":
        from ganexp.black_box.generator import ConfidenceGenerator

        return ConfidenceGenerator
    raise AttributeError(f"module 'ganexp' has no attribute {name!r}")
