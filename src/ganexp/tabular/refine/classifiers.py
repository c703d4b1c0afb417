"""The classifiers that tell real rows from the generator's after training, each fitted on
encoded rows (real: label 1, generated: label 0, as many of each) and saved without pickle:

- ``boosting``: scikit-learn's gradient-boosted trees, saved with skops (``refiner.skops``);
- ``mlp``: a fresh Keras MLP, saved as a JSON config and weights-only HDF5;
- ``discriminator``: the GAN's own discriminator as trained (nothing saved: the synthesizer's);
- ``tuned``: the GAN's own discriminator fine-tuned on the final generator's rows, saved as a
  Keras network.

All give ``probability_real(rows)``; ``ganexp.tabular.refine.draws`` turns it into kept rows.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from ganexp.errors import DataError
from ganexp.tabular.model import checkpoints
from ganexp.tabular.refine.settings import RefineSettings

SKOPS_FILE = "refiner.skops"
NETWORK = "refiner"  # refiner.json / refiner.weights.h5
BATCH = 512  # rows per step of the networks' fitting
SCORE_BATCH = 65536  # rows per call when scoring


class RowClassifier(Protocol):
    kind: str

    def probability_real(self, rows: np.ndarray) -> np.ndarray: ...

    def save(self, folder: Path) -> None: ...


class Boosting:
    """Gradient-boosted trees: fast to fit on tens of thousands of rows, no scaling needed."""

    kind = "boosting"

    def __init__(self, model: Any) -> None:
        self.model = model

    @classmethod
    def fit(cls, x: np.ndarray, y: np.ndarray, settings: RefineSettings, seed: int) -> Boosting:
        from sklearn.ensemble import HistGradientBoostingClassifier

        model = HistGradientBoostingClassifier(
            max_iter=settings.iterations,
            random_state=seed,
            early_stopping=True,
            validation_fraction=0.1,
            n_iter_no_change=20,
        )
        return cls(model.fit(x, y))

    def probability_real(self, rows: np.ndarray) -> np.ndarray:
        return self.model.predict_proba(rows)[:, 1]

    def save(self, folder: Path) -> None:
        import skops.io

        skops.io.dump(self.model, Path(folder) / SKOPS_FILE)

    @classmethod
    def load(cls, folder: Path) -> Boosting:
        import skops.io

        path = Path(folder) / SKOPS_FILE
        untrusted = [t for t in skops.io.get_untrusted_types(file=path) if not _sklearn_type(t)]
        if untrusted:
            raise DataError(f"{path}: holds types other than scikit-learn's: {untrusted}")
        return cls(skops.io.load(path, trusted=skops.io.get_untrusted_types(file=path)))


def _sklearn_type(name: str) -> bool:
    return name.startswith(("sklearn.", "numpy.", "builtins."))


class Network:
    """A Keras network with a sigmoid output: a fresh MLP or the GAN's discriminator."""

    def __init__(self, model: Any, kind: str, saved: bool = True) -> None:
        self.model, self.kind, self.saved = model, kind, saved

    def probability_real(self, rows: np.ndarray) -> np.ndarray:
        parts = [
            np.asarray(self.model(rows[i : i + SCORE_BATCH].astype("float32"), training=False))
            for i in range(0, len(rows), SCORE_BATCH)
        ]
        return np.concatenate(parts).reshape(-1) if parts else np.zeros(0)

    def save(self, folder: Path) -> None:
        if self.saved:
            checkpoints.save_config(self.model, folder, NETWORK)
            checkpoints.save_weights(self.model, folder, NETWORK)

    @classmethod
    def load(cls, folder: Path, kind: str) -> Network:
        from ganexp.tabular.model.networks import load_network

        return cls(load_network(folder, folder, NETWORK), kind)


def fresh_mlp(width: int, seed: int) -> Any:
    import keras

    keras.utils.set_random_seed(seed)
    rows = keras.Input((width,), name="rows")
    hidden = rows
    for units in (256, 256):
        hidden = keras.layers.Dense(units, activation="leaky_relu")(hidden)
    score = keras.layers.Dense(1, activation="sigmoid", name="score")(hidden)
    return keras.Model(rows, score, name=NETWORK)


def tuned_copy(discriminator: Any, seed: int) -> Any:
    """A float32 copy of the GAN's discriminator with its trained weights, to fine-tune."""
    import keras

    from ganexp.tabular.model.networks import _in_float32

    _require_plain_judge(discriminator)
    keras.utils.set_random_seed(seed)
    config = _in_float32(json.loads(discriminator.to_json()))
    model = keras.models.model_from_json(json.dumps(config))
    model.set_weights(discriminator.get_weights())
    return model


def _require_plain_judge(judge: Any) -> None:
    packed = judge is not None and any(layer.name == "pack" for layer in judge.layers)
    if judge is None or judge.name != "discriminator" or packed:
        what = "none" if judge is None else f"a {judge.name}" + (" on packs" if packed else "")
        raise DataError(
            f"classifier: the GAN's own judge must be a discriminator of single rows, got {what}"
        )


def fit_network(model: Any, x: np.ndarray, y: np.ndarray, epochs: int, seed: int) -> None:
    """Adam on binary cross-entropy; a fine-tuned discriminator at a tenth of a fresh MLP's rate,
    so it starts from what the game taught it."""
    import keras

    keras.utils.set_random_seed(seed)
    rate = 1e-3 if model.name == NETWORK else 1e-4
    model.compile(optimizer=keras.optimizers.Adam(rate), loss="binary_crossentropy")
    model.fit(x.astype("float32"), y.astype("float32"), batch_size=BATCH, epochs=epochs, verbose=0)


def fit_classifier(
    kind: str,
    real: np.ndarray,
    generated: np.ndarray,
    settings: RefineSettings,
    seed: int,
    discriminator: Any = None,
) -> RowClassifier:
    """``kind`` fitted to tell ``real`` encoded rows (1) from ``generated`` ones (0)."""
    x = np.vstack([real, generated])
    y = np.concatenate([np.ones(len(real)), np.zeros(len(generated))])
    if kind == "boosting":
        return Boosting.fit(x, y, settings, seed)
    if kind == "discriminator":
        _require_plain_judge(discriminator)
        return Network(discriminator, kind, saved=False)
    model = fresh_mlp(x.shape[1], seed) if kind == "mlp" else tuned_copy(discriminator, seed)
    fit_network(model, x, y, min(settings.iterations, 20), seed)
    return Network(model, kind)


def load_classifier(kind: str, folder: Path, discriminator: Any = None) -> RowClassifier:
    """A classifier ``RowClassifier.save`` wrote into ``folder`` (``discriminator``: the GAN's
    own, for the kind that uses it as trained)."""
    if kind == "boosting":
        return Boosting.load(folder)
    if kind == "discriminator":
        return Network(discriminator, kind, saved=False)
    return Network.load(folder, kind)
