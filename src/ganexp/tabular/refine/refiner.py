"""A fitted refiner: the classifier trained after the generator, and how it keeps rows.

``Refiner.fit`` learns real encoded rows against as many of the generator's; ``keep`` scores a
pool and draws the rows to keep by clipped odds. Saved into a folder of its own
(``refiner/refiner.json`` with the classifier's files beside it), never as a pickle.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ganexp.errors import DataError
from ganexp.tabular.refine.classifiers import RowClassifier, fit_classifier, load_classifier
from ganexp.tabular.refine.draws import kept_rows
from ganexp.tabular.refine.settings import RefineSettings

FOLDER = "refiner"
STATE_FILE = "refiner.json"
_FORMAT = "ganexp.Refiner"
_VERSION = 1


@dataclass
class Refiner:
    """``classifier`` with the ``settings`` it was fitted under; ``fit_seconds`` and
    ``real_rows`` (how many real rows it learned from) say what the fit cost."""

    settings: RefineSettings
    classifier: RowClassifier
    real_rows: int
    fit_seconds: float

    @classmethod
    def fit(
        cls,
        real: np.ndarray,
        generate: Callable[[int, int], np.ndarray],
        settings: RefineSettings,
        seed: int,
        discriminator: Any = None,
    ) -> Refiner:
        """Fit on up to ``settings.max_rows`` of ``real`` encoded rows against as many rows
        ``generate(n, seed)`` makes (``discriminator``: the GAN's own, for the kinds that use
        it)."""
        if len(real) < 2:
            raise DataError(f"refine: need at least 2 real rows to learn from, got {len(real)}")
        start = time.perf_counter()
        rng = np.random.default_rng(seed)
        if len(real) > settings.max_rows:
            real = real[np.sort(rng.permutation(len(real))[: settings.max_rows])]
        generated = generate(len(real), seed)
        classifier = fit_classifier(
            settings.classifier, real, generated, settings, seed, discriminator
        )
        return cls(settings, classifier, len(real), time.perf_counter() - start)

    def keep(self, pool: np.ndarray, n: int, seed: int | np.random.Generator) -> np.ndarray:
        """The ``n`` rows of ``pool`` (encoded) kept, in pool order."""
        scores = self.classifier.probability_real(pool)
        return pool[kept_rows(scores, n, self.settings.clip, seed)]

    def pool_size(self, n: int) -> int:
        return int(np.ceil(self.settings.pool * n))

    def save(self, folder: str | Path) -> None:
        folder = Path(folder) / FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        state = {
            "format": _FORMAT,
            "version": _VERSION,
            "settings": self.settings.model_dump(mode="json"),
            "real_rows": self.real_rows,
        }
        (folder / STATE_FILE).write_text(json.dumps(state, indent=1) + "\n", encoding="utf-8")
        self.classifier.save(folder)

    @classmethod
    def load(cls, folder: str | Path, discriminator: Any = None) -> Refiner | None:
        """The refiner saved in ``folder``, or None if it holds none (a synthesizer saved
        before refiners, or fitted without one)."""
        state_path = Path(folder) / FOLDER / STATE_FILE
        if not state_path.is_file():
            return None
        try:
            state = json.loads(state_path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise DataError(f"{state_path}:{exc.lineno}: not valid JSON ({exc.msg})") from None
        if state.get("format") != _FORMAT or state.get("version") != _VERSION:
            raise DataError(f"{state_path}: not a {_FORMAT} v{_VERSION} state")
        settings = RefineSettings(**state["settings"])
        classifier = load_classifier(settings.classifier, state_path.parent, discriminator)
        return cls(settings, classifier, int(state["real_rows"]), 0.0)
