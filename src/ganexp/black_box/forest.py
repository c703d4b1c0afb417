"""The stages' black box: a random forest on a table's columns, saved without pickle.

scikit-learn's forest is fitted on the feature columns of a table spec (a numeric column as its
number, a nominal one as its category's position in the spec; a missing value as NaN, which
scikit-learn's trees route on their own). It is saved as its trees' arrays (``forest.npz``,
read with ``allow_pickle=False``) and a JSON of what it reads (``forest.json``); a loaded forest
walks those arrays itself and gives scikit-learn's ``predict_proba`` (a test checks they agree),
so loading one executes no code from the file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ganexp.black_box.saved import read_state, write_state
from ganexp.black_box.settings import ForestSettings
from ganexp.errors import DataError
from ganexp.records.black_box import BlackBoxSummary, ScoreShares
from ganexp.spread import sample_sd
from ganexp.tabular.encoding.column_spec import ColumnSpec

_FORMAT = "ganexp.ForestBlackBox"
_VERSION = 1
ARRAYS_FILE = "forest.npz"
STATE_FILE = "forest.json"


def feature_matrix(frame: pd.DataFrame, columns: Sequence[ColumnSpec]) -> np.ndarray:
    """The forest's inputs: each numeric column as float, each nominal one as the position of
    its value among the column's categories; missing (or an unknown category): NaN."""
    absent = [c.name for c in columns if c.name not in frame.columns]
    if absent:
        raise DataError(f"the black box reads column(s) the rows lack: {', '.join(absent)}")
    matrix = np.empty((len(frame), len(columns)), dtype="float64")
    for j, column in enumerate(columns):
        values = frame[column.name]
        if column.nominal:
            texts = values.astype("object").map(str, na_action="ignore")
            codes = pd.Categorical(texts, categories=column.texts).codes.astype("float64")
            matrix[:, j] = np.where(codes < 0, np.nan, codes)
        else:
            matrix[:, j] = pd.to_numeric(values, errors="coerce").to_numpy(
                "float64", na_value=np.nan
            )
    return matrix


@dataclass(frozen=True)
class _Trees:
    """Every tree's nodes in one set of arrays (children indices global; -1: a leaf)."""

    roots: np.ndarray  # (trees,) int64
    feature: np.ndarray  # (nodes,) int64
    threshold: np.ndarray  # (nodes,) float64
    left: np.ndarray  # (nodes,) int64
    right: np.ndarray  # (nodes,) int64
    missing_left: np.ndarray  # (nodes,) bool: where a missing value goes
    proba: np.ndarray  # (nodes, classes) float64: the class shares at each node

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        """The mean over trees of the class shares at the leaf each row reaches, as
        scikit-learn (which compares float32 inputs with float64 thresholds)."""
        x = x.astype("float32").astype("float64")
        n_trees, width = len(self.roots), x.shape[1]
        nodes = np.tile(self.roots, len(x))  # row by row, each row's trees side by side
        base = np.repeat(np.arange(len(x)) * width, n_trees)
        flat = x.reshape(-1)
        active = np.flatnonzero(self.left[nodes] >= 0)
        while active.size:
            at = nodes[active]
            values = flat[base[active] + self.feature[at]]
            go_left = np.where(
                np.isnan(values), self.missing_left[at], values <= self.threshold[at]
            )
            at = np.where(go_left, self.left[at], self.right[at])
            nodes[active] = at
            active = active[self.left[at] >= 0]
        return self.proba[nodes].reshape(len(x), n_trees, -1).mean(axis=1)


class ForestBlackBox:
    """A classifier of a table's target from its other columns: ``predict_proba(frame)`` and
    ``classes_``, as scikit-learn's, on a DataFrame of the spec's feature columns."""

    def __init__(
        self, columns: Sequence[ColumnSpec], classes: Sequence[str], trees: _Trees
    ) -> None:
        self.columns = tuple(columns)
        self.classes_ = np.asarray(list(classes), dtype=object)
        self._trees = trees

    @property
    def feature_names_in_(self) -> np.ndarray:
        return np.asarray([c.name for c in self.columns], dtype=object)

    @classmethod
    def fit(
        cls,
        frame: pd.DataFrame,
        target: pd.Series,
        columns: Sequence[ColumnSpec],
        settings: ForestSettings,
        seed: int,
    ) -> ForestBlackBox:
        """A forest fitted on ``frame``'s ``columns`` to ``target`` (its classes as text)."""
        from sklearn.ensemble import RandomForestClassifier

        labels = target.astype("object").map(str, na_action="ignore")
        if labels.isna().any():
            raise DataError(
                f"target '{target.name}' has missing values: the black box needs a class"
            )
        forest = RandomForestClassifier(
            n_estimators=settings.n_estimators,
            min_samples_leaf=settings.min_samples_leaf,
            max_depth=settings.max_depth,
            random_state=seed,
            n_jobs=1,
        ).fit(feature_matrix(frame, columns), labels.to_numpy())
        return cls(columns, [str(c) for c in forest.classes_], _trees_of(forest))

    def predict_proba(self, frame: pd.DataFrame) -> np.ndarray:
        return self._trees.predict_proba(feature_matrix(frame, self.columns))

    # -- files ------------------------------------------------------------------------------------
    def save(self, folder: str | Path) -> None:
        """``forest.npz`` (the trees' arrays) and ``forest.json`` (columns and classes)."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        trees = self._trees
        with (folder / ARRAYS_FILE).open("wb") as handle:
            np.savez_compressed(
                handle, **{k: getattr(trees, k) for k in _Trees.__dataclass_fields__}
            )
        state = {
            "classes": [str(c) for c in self.classes_],
            "columns": [c.to_dict() for c in self.columns],
        }
        write_state(folder, STATE_FILE, _FORMAT, _VERSION, state)

    @classmethod
    def load(cls, folder: str | Path) -> ForestBlackBox:
        folder = Path(folder)
        state = read_state(folder, STATE_FILE, [ARRAYS_FILE], _FORMAT, _VERSION)
        with np.load(folder / ARRAYS_FILE, allow_pickle=False) as arrays:
            trees = _Trees(**{k: arrays[k] for k in _Trees.__dataclass_fields__})
        columns = [ColumnSpec.from_dict(c) for c in state["columns"]]
        return cls(columns, state["classes"], trees)


def _trees_of(forest) -> _Trees:
    """A fitted scikit-learn forest's trees as one set of arrays."""
    parts: dict[str, list[np.ndarray]] = {k: [] for k in ("feature", "threshold", "left", "right")}
    missing, proba, roots = [], [], []
    offset = 0
    for estimator in forest.estimators_:
        tree = estimator.tree_
        roots.append(offset)
        leaf = tree.children_left < 0
        parts["feature"].append(np.where(leaf, 0, tree.feature).astype("int64"))
        parts["threshold"].append(tree.threshold.astype("float64"))
        parts["left"].append(np.where(leaf, -1, tree.children_left + offset).astype("int64"))
        parts["right"].append(np.where(leaf, -1, tree.children_right + offset).astype("int64"))
        missing.append(np.asarray(tree.missing_go_to_left, dtype=bool))
        values = tree.value[:, 0, :].astype("float64")
        proba.append(values / values.sum(axis=1, keepdims=True))
        offset += tree.node_count
    return _Trees(
        roots=np.asarray(roots, dtype="int64"),
        feature=np.concatenate(parts["feature"]),
        threshold=np.concatenate(parts["threshold"]),
        left=np.concatenate(parts["left"]),
        right=np.concatenate(parts["right"]),
        missing_left=np.concatenate(missing),
        proba=np.concatenate(proba),
    )


def assessment(
    black_box: ForestBlackBox,
    held_out: pd.DataFrame,
    target: str,
    target_class: str,
    train_rows: int,
) -> BlackBoxSummary:
    """The black box on ``held_out`` rows: accuracy, the ROC AUC of ``target_class`` against
    the rest, and its confidence of that class on the rows of each class."""
    from sklearn.metrics import roc_auc_score

    proba = black_box.predict_proba(held_out)
    classes = [str(c) for c in black_box.classes_]
    labels = held_out[target].astype("object").map(str).to_numpy()
    scores = proba[:, classes.index(target_class)]
    by_class = {}
    for name in classes:
        mine = scores[labels == name]
        if len(mine):
            by_class[name] = ScoreShares(
                rows=len(mine),
                mean=float(mine.mean()),
                std=sample_sd(mine),
                minimum=float(mine.min()),
                maximum=float(mine.max()),
            )
    return BlackBoxSummary(
        model="random forest (scikit-learn)",
        classes=classes,
        target_class=target_class,
        train_rows=train_rows,
        held_out_rows=len(held_out),
        accuracy=float((np.asarray(classes)[proba.argmax(axis=1)] == labels).mean()),
        roc_auc=float(roc_auc_score(labels == target_class, scores)),
        scores_by_class=by_class,
    )
