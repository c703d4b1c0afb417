"""The two verdicts' settings: the original study's criteria, early stopping, and which epoch
to keep. The one definition of each, for the Python API and params.yaml's section
``convergence`` alike; the defaults are the pipeline's. A threshold of None is not applied."""

from __future__ import annotations

from typing import Annotated, Literal, NamedTuple

from pydantic import Field

from ganexp.tabular.evaluation.figures import FIGURES
from ganexp.validation import NonNegative, PositiveInt, Probability, Section

ACCURACY_COLUMN = {"real": "discriminator_accuracy_real", "balanced": "discriminator_accuracy"}
Selection = Literal["last", "most_deceptive", "best_quality"]


class Check(NamedTuple):
    """One criterion: the history ``column`` must be above (``min``) or at most (``max``)
    ``threshold``."""

    name: str
    column: str
    bound: Literal["min", "max"]
    threshold: float | None


class Criteria(Section):
    """When an epoch counts as converged by the original study's criteria (all applied ones hold).

    Accuracy on *real* rows by default: the balanced accuracy is (TPR + 1 - deception) / 2, so a
    balanced accuracy above 0.80 forces a deception rate below 0.40, and with these thresholds
    criteria 1 and 3 could never hold together."""

    min_discriminator_accuracy: Probability | None = 0.80
    accuracy_on: Literal["real", "balanced"] = "real"
    max_loss_gap: NonNegative | None = 0.3  # |generator loss - discriminator loss| on validation
    max_generator_loss: Annotated[float, Field(gt=0.0)] | None = 1.0
    max_discriminator_loss: Annotated[float, Field(gt=0.0)] | None = 1.0
    min_deception_rate: Probability | None = 0.40

    def checks(self) -> list[Check]:
        """Each applied criterion (its threshold not None)."""
        listed = [
            Check(
                "discriminator_accuracy",
                ACCURACY_COLUMN[self.accuracy_on],
                "min",
                self.min_discriminator_accuracy,
            ),
            Check("loss_gap", "loss_gap", "max", self.max_loss_gap),
            Check("generator_loss", "generator_loss", "max", self.max_generator_loss),
            Check("discriminator_loss", "discriminator_loss", "max", self.max_discriminator_loss),
            Check("deception_rate", "deception_rate", "min", self.min_deception_rate),
        ]
        return [check for check in listed if check.threshold is not None]


class EarlyStopping(Section):
    """Early stopping on a quality figure of generated rows, as Keras' EarlyStopping on a
    validation metric: converged once the figure reaches ``target``, or once ``patience``
    evaluations in a row failed to improve on the best so far by more than ``min_delta``.

    ``score``: the mean of column shapes and 2 - 2 x the folded detection AUC (higher is
    better); ``detection_auc`` (lower is better) or ``column_shapes`` alone."""

    metric: Literal["score", "detection_auc", "column_shapes"] = "score"
    patience: PositiveInt = 4  # evaluations (every gan.quality_every epochs)
    min_delta: NonNegative = 0.005
    target: Probability | None = None

    @property
    def higher_is_better(self) -> bool:
        return FIGURES[self.metric].higher_is_better


class ConvergenceSettings(Criteria):
    """The criteria (it is one: pass it wherever ``Criteria`` goes), early stopping, and the
    selection: ``last`` (the last epoch the criteria hold, as the
    original study), ``most_deceptive`` (the most deceptive of those) or ``best_quality`` (the
    epoch with the best quality figure, whether or when early stopping fired)."""

    select: Selection = "best_quality"
    early_stopping: EarlyStopping = EarlyStopping()
