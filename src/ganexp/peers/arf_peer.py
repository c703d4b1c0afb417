"""Adversarial random forests (arfpy's ``arf``: adversarial, as a GAN, but with trees and no
network), wrapped, not reimplemented: the fit and the sampling run in arfpy's own environment
(``arf_worker``, under its interpreter), at the library's defaults; the rows come back in the
input's columns and types, ready for the analysis."""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd

from ganexp.errors import GanexpError
from ganexp.peers import arf_worker
from ganexp.peers.fit import PeerFit, as_typed_like, is_categorical, missing_extra


def fit_sample(
    rows: pd.DataFrame,
    n_rows: int,
    seed: int,
    settings: dict[str, Any] | None = None,
    *,
    python: Path,
) -> PeerFit:
    """Fit ARF on ``rows`` with seed ``seed`` and sample ``n_rows`` rows, under the interpreter
    ``python`` (an environment with arfpy and its pins). ``settings``: keywords for ``arf``
    beside its defaults."""
    if not python.is_file():
        raise missing_extra(f"arfpy's environment, {python},")
    # categories as plain values: arfpy turns object columns into its own factors
    frame = rows.astype({c: object for c in rows.columns if is_categorical(rows[c])})
    with tempfile.TemporaryDirectory(prefix="ganexp-arf-") as folder:
        rows_path, out_path = Path(folder, "rows.parquet"), Path(folder, "sampled.parquet")
        frame.to_parquet(rows_path)
        command = [str(python), "-I", arf_worker.__file__, str(rows_path), str(out_path)]
        command += [str(seed), str(n_rows), json.dumps(settings or {})]
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            last = (done.stderr.strip().splitlines() or ["no message"])[-1]
            raise GanexpError(f"arfpy (under {python}) failed: {last}")
        sampled = pd.read_parquet(out_path)
        report = json.loads(Path(f"{out_path}.json").read_text())
    return PeerFit(as_typed_like(sampled, rows), report["fit_seconds"], report["versions"])
