"""A peer through SDV's single-table API, wrapped, not reimplemented: SDV detects the table's
metadata and preprocesses it (RDT), its synthesizer trains at the library's defaults, and the
rows come back in the input's columns and types, ready for the analysis."""

from __future__ import annotations

import importlib.metadata
import random
import time
import warnings
from typing import Any

import numpy as np
import pandas as pd

from ganexp.peers.fit import PeerFit, as_typed_like, is_categorical, missing_extra
from ganexp.peers.settings import SYNTHESIZERS

TABLE = "table"  # SDV 2 takes and gives a single table as a one-entry dict
# A missing category goes to SDV as this category of its own (RDT models a missing category so
# anyway): RDT 2.0.0's categorical encoder fails on a missing value under pandas 3.
MISSING = "<missing>"
PACKAGES = ("sdv", "rdt", "ctgan", "copulas", "torch")  # the versions a result is written with


def versions() -> dict[str, str]:
    """The installed version of each package a peer's result depends on."""
    found = {}
    for package in PACKAGES:
        try:
            found[package] = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            raise missing_extra(package) from None
    return found


def fit_sample(
    peer: str, rows: pd.DataFrame, n_rows: int, seed: int, settings: dict[str, Any] | None = None
) -> PeerFit:
    """Fit peer ``peer`` (``SYNTHESIZERS``) on ``rows`` with seed ``seed`` (NumPy's, PyTorch's
    and Python's global generators, which SDV's models train with) and sample ``n_rows`` rows
    with it (SDV's own sampling seed).
    ``settings``: keywords for the synthesizer beside SDV's defaults."""
    try:
        import torch
        from sdv import single_table
        from sdv.metadata import Metadata
    except ImportError as exc:
        raise missing_extra(exc.name or "sdv") from None
    # SDV's CTGAN and TVAE take categories as plain objects, not pandas' category dtype
    categorical = [c for c in rows.columns if is_categorical(rows[c])]
    frame = rows.astype({c: object for c in categorical})
    frame[categorical] = frame[categorical].fillna(MISSING)
    metadata = Metadata.detect_from_dataframes({TABLE: frame})
    with warnings.catch_warnings():  # advice to save the metadata: it is detected again each run
        warnings.filterwarnings("ignore", message=".*saving the metadata", category=UserWarning)
        synthesizer = getattr(single_table, SYNTHESIZERS[peer])(metadata, **(settings or {}))
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    started = time.perf_counter()
    synthesizer.fit({TABLE: frame})
    fit_seconds = time.perf_counter() - started
    # SDV samples from one fixed seed unless told otherwise: every seed would draw the same rows
    synthesizer._set_random_state(seed)
    sampled = synthesizer.sample(n_rows)
    sampled = sampled[TABLE] if isinstance(sampled, dict) else sampled
    return PeerFit(as_typed_like(sampled, rows), fit_seconds, versions())
