"""How the classifier trained after the generator is fitted and how it keeps rows: the one
definition for the Python API (``TabularSynthesizer(refine=...)``) and params.yaml's section
``refine`` alike. No TensorFlow here."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from ganexp.validation import Section

# boosting: gradient-boosted trees (scikit-learn, saved with skops); mlp: a fresh Keras MLP;
# discriminator: the GAN's own as trained (DRS without fine-tuning); tuned: the GAN's own,
# fine-tuned on the final generator's rows (as DRS does)
Classifier = Literal["boosting", "mlp", "discriminator", "tuned"]


class RefineSettings(Section):
    """A pool of ``pool`` x n generated rows is scored by a classifier telling real rows from
    the generator's; n rows are drawn from it without replacement with weights D / (1 - D)
    (its odds, an estimate of the real density over the generator's), clipped at ``clip`` so no
    row outweighs ``clip`` typical ones. The classifier learns from real rows the GAN never saw
    (``fit_on: validation``; the Python API holds ``holdout`` of the frame back from the GAN) or
    from its training rows (``fit_on: train``), at most ``max_rows`` a side."""

    enabled: bool = True
    classifier: Classifier = "boosting"
    pool: Annotated[float, Field(ge=1.0, le=100.0)] = 4.0
    clip: Annotated[float, Field(gt=0.0)] = 5.0
    fit_on: Literal["train", "validation"] = "train"
    holdout: Annotated[float, Field(gt=0.0, lt=1.0)] = 0.15
    max_rows: Annotated[int, Field(ge=10)] = 20000
    iterations: Annotated[int, Field(ge=1)] = 200  # boosting rounds, or MLP / fine-tuning epochs
