"""Deterministic train / validation / test splits of row indices."""

from __future__ import annotations

import numpy as np
from sklearn.model_selection import train_test_split

SPLITS = ("train", "validation", "test")


def split_indices(
    n_rows: int,
    validation_fraction: float,
    test_fraction: float,
    seed: int,
    stratify: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """Row indices of each split, sorted (so arrays keep the file's order), seeded.

    ``stratify`` holds one label per row; each split then keeps the label proportions."""
    indices = np.arange(n_rows)
    rest, test = train_test_split(
        indices, test_size=test_fraction, random_state=seed, stratify=stratify
    )
    rest_labels = None if stratify is None else stratify[rest]
    train, validation = train_test_split(
        rest,
        test_size=validation_fraction / (1.0 - test_fraction),
        random_state=seed,
        stratify=rest_labels,
    )
    return {"train": np.sort(train), "validation": np.sort(validation), "test": np.sort(test)}
