"""Splits: sizes, a partition of the rows, determinism, and kept class shares."""

from __future__ import annotations

import numpy as np

from ganexp.tabular.tables.splits import split_indices


def test_partition_sizes_and_determinism():
    labels = np.array([0] * 700 + [1] * 300)
    first = split_indices(1000, 0.15, 0.15, seed=3, stratify=labels)
    again = split_indices(1000, 0.15, 0.15, seed=3, stratify=labels)
    other = split_indices(1000, 0.15, 0.15, seed=4, stratify=labels)
    joined = np.concatenate(list(first.values()))
    assert sorted(joined.tolist()) == list(range(1000))
    assert {k: v.size for k, v in first.items()} == {"train": 700, "validation": 150, "test": 150}
    for split in first:
        np.testing.assert_array_equal(first[split], again[split])
        assert np.all(np.diff(first[split]) > 0)
    assert not np.array_equal(first["test"], other["test"])


def test_stratified_shares():
    labels = np.array([0] * 900 + [1] * 100)
    splits = split_indices(1000, 0.2, 0.2, seed=0, stratify=labels)
    for indices in splits.values():
        assert labels[indices].mean() == 0.1
