"""Saved networks that hash the same for the same weights: the file layout, without TensorFlow.

A Keras ``.keras`` file is a zip that carries the time it was written, so retraining with
unchanged inputs gave new checkpoint hashes and DVC re-ran everything downstream. Here a network
is its architecture once per run, as sorted JSON (``<name>.json``), and its weights per checkpoint
as weights-only HDF5 (``<name>.weights.h5``, byte-identical for identical weights)::

    checkpoints/synthesizer.json, table.json, generator.json, discriminator.json
    checkpoints/epoch-0001/generator.weights.h5, discriminator.weights.h5
    ...

``ganexp.tabular.synthesizer.TabularSynthesizer.load`` reads them back; no pickle.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

NETWORKS = ("generator", "discriminator")
STATE_FILE = "synthesizer.json"  # the synthesizer's settings and encoder (no weights)
SPEC_FILE = "table.json"  # the table spec: the columns rows are given back with


def config_path(folder: Path, name: str) -> Path:
    return Path(folder) / f"{name}.json"


def weights_path(folder: Path, name: str) -> Path:
    return Path(folder) / f"{name}.weights.h5"


def seed_folder(folder: Path, seed: int) -> Path:
    """One seed's synthesizer directory among several (train_gan, check_convergence)."""
    return Path(folder) / f"seed-{seed}"


def seeds_in(folder: Path) -> list[int]:
    """The seeds that have a ``seed_folder`` in ``folder``, in order."""
    return sorted(int(p.name.split("-", 1)[1]) for p in Path(folder).glob("seed-*") if p.is_dir())


def epoch_folder(checkpoints: Path, epoch: int) -> Path:
    return Path(checkpoints) / f"epoch-{epoch:04d}"


def checkpointed_epochs(checkpoints: Path) -> list[int]:
    return sorted(int(p.name.split("-")[1]) for p in Path(checkpoints).glob("epoch-*"))


def precision_of(state: dict[str, Any]) -> str:
    """The precision a synthesizer's state says it trained in (float32 for a state from before
    the setting existed)."""
    return state.get("precision") or "float32"


def trained_precision(folder: Path) -> str:
    """The precision the synthesizer saved in ``folder`` trained in."""
    return precision_of(json.loads((Path(folder) / STATE_FILE).read_text(encoding="utf-8")))


def save_config(model: Any, folder: Path, name: str) -> None:
    """The architecture of a Keras ``model``, as sorted JSON."""
    config = json.loads(model.to_json())
    config_path(folder, name).write_text(json.dumps(config, sort_keys=True), encoding="utf-8")


def save_weights(model: Any, folder: Path, name: str) -> None:
    model.save_weights(weights_path(folder, name))


def copy_checkpoint(checkpoints: Path, epoch: int, destination: Path) -> None:
    """One epoch's synthesizer: state, configs and weights side by side in ``destination``."""
    for name in (STATE_FILE, SPEC_FILE):
        shutil.copyfile(Path(checkpoints) / name, Path(destination) / name)
    for name in NETWORKS:
        shutil.copyfile(config_path(checkpoints, name), config_path(destination, name))
        shutil.copyfile(
            weights_path(epoch_folder(checkpoints, epoch), name), weights_path(destination, name)
        )
