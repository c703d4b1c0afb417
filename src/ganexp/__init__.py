"""ganexp: reproducible tabular GAN and GAN+WGAN experiments, driven by DVC.

``from ganexp import TabularSynthesizer`` is the public way to fit, sample, save and load a
tabular GAN; the pipeline's stages use it too."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ganexp import quiet

quiet.install()  # before anything imports TensorFlow: its start-up lines stay off stderr

__version__ = "0.1.0"
__all__ = ["TabularSynthesizer"]

if TYPE_CHECKING:
    from ganexp.tabular.synthesizer import TabularSynthesizer


def __getattr__(name: str) -> Any:
    """Import the synthesizer on first use: ``import ganexp.pipeline...`` stays light."""
    if name == "TabularSynthesizer":
        from ganexp.tabular.synthesizer import TabularSynthesizer

        return TabularSynthesizer
    raise AttributeError(f"module 'ganexp' has no attribute {name!r}")
