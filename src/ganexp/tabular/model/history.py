"""The training history's columns (``metrics/<dataset>/history.tsv``, ``synthesizer.history``):
the one list that the trainer writes and the convergence verdicts read."""

from __future__ import annotations

# taken every `quality_every` epochs on generated rows (evaluation.per_epoch), empty in between
QUALITY_COLUMNS = ("quality_column_shapes", "quality_detection_auc")

# the discriminator's figures on the validation split after each epoch
JUDGE_COLUMNS = (
    "discriminator_loss",
    "generator_loss",
    "discriminator_accuracy",
    "discriminator_accuracy_real",
    "deception_rate",
)

HISTORY_COLUMNS = (
    "epoch",
    "phase",
    "train_judge_loss",
    "train_generator_loss",
    *JUDGE_COLUMNS,
    *QUALITY_COLUMNS,
)
