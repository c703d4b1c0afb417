"""``ConfidenceGenerator``: rows a black box scores at a requested confidence, learnt from the
black box's answers and a table spec without values; never from a row.

    from ganexp.black_box.generator import ConfidenceGenerator
    generator = ConfidenceGenerator(epochs=30).fit(classifier, spec, seed=0)
    rows = generator.sample(1000, confidence=0.9)      # or one per row; None: uniform
    generator.save("models/confident"); ConfidenceGenerator.load("models/confident")

``classifier`` is anything with ``predict_proba(frame)`` and ``classes_`` (a fitted scikit-learn
classifier or pipeline on the spec's columns); ``spec`` a ``TableSpec``, of which the generator
keeps only what ``ValueFreeTable`` keeps. The saved generator is JSON and weights-only HDF5.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ganexp.black_box.saved import read_state, write_state
from ganexp.black_box.settings import ConfidenceSettings
from ganexp.black_box.target import target_class
from ganexp.black_box.value_free import ValueFreeTable
from ganexp.errors import DataError
from ganexp.records.black_box import ControlEpoch
from ganexp.tabular.encoding.layout import row_width
from ganexp.tabular.spec import TableSpec

_FORMAT = "ganexp.ConfidenceGenerator"
_VERSION = 1
STATE_FILE = "confidence_generator.json"
SPEC_FILE = "table.json"
WEIGHTS_FILE = "generator.weights.h5"
CONFIDENCE = "requested_confidence"  # the column of C in sampled rows
PROBE_ROWS = 4  # rows the black box is tried on before training (counted among the queries)


class ConfidenceGenerator:
    """A generator of rows from noise and a desired confidence (``ConfidenceSettings``)."""

    def __init__(self, settings: ConfidenceSettings | None = None, **keywords: Any) -> None:
        if settings is not None and keywords:
            raise ValueError("give settings or keywords, not both")
        self.settings = settings or ConfidenceSettings(**keywords)
        self.table: ValueFreeTable | None = None
        self.target_class: str | None = None
        self.precision: str | None = None
        self.history: list[ControlEpoch] = []
        self.queries = 0
        self._generator = None

    # -- training ---------------------------------------------------------------------------------
    def fit(
        self,
        black_box: Any,
        spec: TableSpec,
        *,
        seed: int = 0,
        on_epoch: Callable[[int, ControlEpoch], None] | None = None,
    ) -> ConfidenceGenerator:
        """Train against ``black_box`` on ``spec``'s value-free part; ``on_epoch(epoch,
        record)`` after each epoch's control figures (on ``n_control_rows`` rows)."""
        from ganexp.black_box.run import ConfidenceRun

        if not callable(getattr(black_box, "predict_proba", None)):
            raise DataError(
                f"black box: a {type(black_box).__name__} has no predict_proba; pass a fitted "
                "classifier that gives class probabilities"
            )
        table = ValueFreeTable.of(spec)
        index, name = target_class(black_box, self.settings.target_class)
        query = _query(black_box, table, index)
        run = ConfidenceRun(table, self.settings, seed, query)
        self.history = run.train(on_epoch)
        self.table, self.target_class, self.precision = table, name, run.precision
        self.queries, self._generator = PROBE_ROWS + run.trainer.queries, run.generator
        return self

    # -- sampling ---------------------------------------------------------------------------------
    def sample(
        self, n: int, confidence: float | np.ndarray | None = None, *, seed: int = 0
    ) -> pd.DataFrame:
        """``n`` rows of the spec's columns (not the target), each made for its requested
        confidence (column ``requested_confidence``): ``confidence`` one number for all, one per
        row, or None for uniform draws in [0, 1]. The same seed gives the same rows."""
        from ganexp.black_box.run import generator_noise

        if self._generator is None or self.table is None:
            raise DataError("the generator is not trained yet: call fit or load first")
        if not isinstance(n, int | np.integer) or n < 1:
            raise DataError(f"n: expected a positive whole number of rows, got {n!r}")
        requested = _checked(confidence, n)
        noise = generator_noise(self._generator, self.settings, n, seed, requested)
        pairs = self._generator(noise, training=False).numpy()
        rows = self.table.rows(pairs[:, :-1])
        rows[CONFIDENCE] = pairs[:, -1].astype("float64") if requested is None else requested
        return rows

    def black_box_confidence(self, black_box: Any, rows: pd.DataFrame) -> np.ndarray:
        """The black box's confidence of the target class on ``rows`` (Y)."""
        index, _ = target_class(black_box, self.target_class)
        return _confidence(black_box, rows[self.table.feature_names], index)

    # -- files ------------------------------------------------------------------------------------
    def save(self, folder: str | Path) -> None:
        """``confidence_generator.json`` (settings, class, precision), ``table.json`` (the
        value-free spec it knows) and ``generator.weights.h5``."""
        if self._generator is None or self.table is None:
            raise DataError("the generator is not trained yet: nothing to save")
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        state = {
            "settings": self.settings.model_dump(mode="json"),
            "target_class": self.target_class,
            "precision": self.precision,
            "queries": self.queries,
        }
        write_state(folder, STATE_FILE, _FORMAT, _VERSION, state)
        self.table.spec.save(folder / SPEC_FILE)
        self._generator.save_weights(folder / WEIGHTS_FILE)

    @classmethod
    def load(cls, folder: str | Path) -> ConfidenceGenerator:
        from ganexp.black_box.run import build_networks
        from ganexp.gan.precision import has_native_bfloat16

        folder = Path(folder)
        state = read_state(folder, STATE_FILE, [SPEC_FILE, WEIGHTS_FILE], _FORMAT, _VERSION)
        generator = cls(ConfidenceSettings.model_validate(state["settings"]))
        generator.table = ValueFreeTable(TableSpec.load(folder / SPEC_FILE))
        generator.target_class, generator.queries = state["target_class"], state["queries"]
        generator.precision = state["precision"]
        computes_in = generator.precision if has_native_bfloat16() else "float32"
        network, _ = build_networks(generator.table, generator.settings, computes_in)
        network.load_weights(folder / WEIGHTS_FILE)
        generator._generator = network
        return generator


def saved_precision(folder: str | Path) -> str:
    """What a saved generator's hidden layers computed in while it trained."""
    return read_state(folder, STATE_FILE, [], _FORMAT, _VERSION)["precision"]


def is_saved_generator(folder: Path) -> bool:
    """Whether ``folder`` holds a saved ``ConfidenceGenerator`` (the CLI's sample asks)."""
    return (Path(folder) / STATE_FILE).is_file()


def _checked(confidence: float | np.ndarray | None, n: int) -> np.ndarray | None:
    if confidence is None:
        return None
    values = np.asarray(confidence, dtype="float64")
    if values.ndim == 0:
        values = np.full(n, float(values))
    if values.shape != (n,):
        raise DataError(
            f"confidence: expected one number or {n} (one per row), got shape {values.shape}"
        )
    bad = ~np.isfinite(values) | (values < 0.0) | (values > 1.0)
    if bad.any():
        raise DataError(f"confidence: expected numbers in [0, 1], got {float(values[bad][0])!r}")
    return values


def _confidence(black_box: Any, frame: pd.DataFrame, index: int) -> np.ndarray:
    names = getattr(black_box, "feature_names_in_", None)
    if names is not None:
        frame = frame[[str(n) for n in names]]
    return np.asarray(black_box.predict_proba(frame), dtype="float64")[:, index]


def _query(black_box: Any, table: ValueFreeTable, index: int) -> Callable[[np.ndarray], np.ndarray]:
    """Encoded rows -> the black box's confidence; a DataError first if the black box does not
    take the spec's columns (tried on a few rows)."""
    names = getattr(black_box, "feature_names_in_", None)
    if names is not None:
        takes, has = {str(n) for n in names}, set(table.feature_names)
        if takes != has:
            lacking, extra = sorted(takes - has), sorted(has - takes)
            raise DataError(
                "the table spec's columns are not the black box's: "
                + "; ".join(
                    part
                    for part in (
                        f"it takes {', '.join(lacking)}, which the spec lacks" if lacking else "",
                        f"the spec has {', '.join(extra)}, which it does not take" if extra else "",
                    )
                    if part
                )
            )

    def query(encoded: np.ndarray) -> np.ndarray:
        return _confidence(black_box, table.rows(encoded), index)

    probe = np.random.default_rng(0).uniform(size=(PROBE_ROWS, row_width(table.blocks)))
    try:
        query(probe.astype("float32"))
    except Exception as exc:  # the black box's own error, whatever its kind
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise DataError(f"the black box cannot score rows of the table spec: {message}") from None
    return query
