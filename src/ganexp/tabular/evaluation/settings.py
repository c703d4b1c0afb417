"""What the analysis of a trained synthesizer generates and how it measures it: the one
definition for the Python API and params.yaml's section ``analysis`` alike."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from ganexp.validation import Section


class AnalysisSettings(Section):
    """``n_samples`` rows ``n_repeats`` times for the original fooled / not-fooled experiment;
    a synthetic table of ``n_synthetic`` rows (None: as many as the train split) for the
    fidelity figures, of which at most ``max_rows`` a side for detection and distances,
    ``detection_folds`` cross-validation folds for the detection AUC."""

    n_samples: int = Field(ge=1)
    n_repeats: int = Field(ge=1)
    n_synthetic: Annotated[int, Field(ge=10)] | None = None
    max_rows: int = Field(ge=100)
    detection_folds: int = Field(ge=2, le=20)
