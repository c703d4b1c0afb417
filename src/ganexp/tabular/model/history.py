"""The training history: one ``EpochRecord`` per epoch, as the trainer writes it
(``synthesizer.history``) and as ``metrics/<dataset>/history.tsv`` holds it (``history_frame``,
one column per field); the convergence verdicts read those columns."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, fields, replace

import pandas as pd

from ganexp.records.tabular import JudgeFigures


@dataclass(frozen=True)
class EpochRecord:
    """One epoch. The training losses are those of the judge that trained this epoch (the
    critic in the WGAN phase of the combined schedule, else the discriminator: ``phase`` says
    which); the ``discriminator_*`` figures, the generator loss and the deception rate are the
    discriminator's on the validation split after the epoch; the quality figures are taken every
    ``quality_every`` epochs on generated rows (``evaluation.per_epoch``), None in between."""

    epoch: int
    phase: str
    train_judge_loss: float
    train_generator_loss: float
    discriminator_loss: float
    generator_loss: float
    discriminator_accuracy: float
    discriminator_accuracy_real: float
    deception_rate: float
    quality_column_shapes: float | None = None
    quality_detection_auc: float | None = None

    def with_quality(self, column_shapes: float, detection_auc: float | None) -> EpochRecord:
        """This epoch with its quality figures (``evaluation.per_epoch.quality``)."""
        return replace(
            self, quality_column_shapes=column_shapes, quality_detection_auc=detection_auc
        )


HISTORY_COLUMNS = tuple(field.name for field in fields(EpochRecord))
QUALITY_COLUMNS = ("quality_column_shapes", "quality_detection_auc")
# the discriminator's figures on the validation split after each epoch, as the verdicts report them
JUDGE_COLUMNS = tuple(JudgeFigures.model_fields)


def history_frame(
    runs: Mapping[int, Sequence[EpochRecord]] | Sequence[EpochRecord],
) -> pd.DataFrame:
    """The records as a table, one column per field (a None figure is NaN, an empty TSV cell);
    given runs by seed, with a leading ``seed`` column."""
    if isinstance(runs, Mapping):
        rows = [{"seed": seed, **asdict(r)} for seed, run in runs.items() for r in run]
        columns = ["seed", *HISTORY_COLUMNS]
    else:
        rows, columns = [asdict(r) for r in runs], list(HISTORY_COLUMNS)
    return pd.DataFrame(rows, columns=columns).astype(dict.fromkeys(QUALITY_COLUMNS, "float64"))
