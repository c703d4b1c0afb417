"""Adversarial random forests (arfpy) fitted and sampled, run in arfpy's own environment.

arfpy 0.1.1 needs NumPy < 2 (``np.in1d``) and pandas < 3 (positional ``Series[i]`` in
``forge``); the project runs NumPy 2 and pandas 3. So this script runs under a second
interpreter (``make peers`` builds it, pinned) and imports nothing from ganexp: only the
standard library here, NumPy, pandas and arfpy inside ``main``. The rows travel as Parquet.

    python arf_worker.py <rows.parquet> <sampled.parquet> <seed> <n_rows> '<settings JSON>'

writes the sampled rows, and ``<sampled.parquet>.json``: the fit's seconds and the versions.
"""

from __future__ import annotations

import importlib.metadata
import json
import sys
import time
from pathlib import Path

PACKAGES = ("arfpy", "numpy", "pandas", "scikit-learn", "scipy")


def main(rows_path: str, out_path: str, seed: str, n_rows: str, settings: str) -> None:
    import numpy as np
    import pandas as pd
    from arfpy import arf

    rows = pd.read_parquet(rows_path)
    # the global generator draws arfpy's first synthetic rows and its leaves when sampling;
    # random_state goes to each of its scikit-learn forests
    np.random.seed(int(seed))
    started = time.perf_counter()
    model = arf.arf(x=rows, random_state=int(seed), verbose=False, **json.loads(settings))
    model.forde()
    fit_seconds = time.perf_counter() - started
    sampled = model.forge(n=int(n_rows))
    for name in sampled.columns:  # categories as plain values, as they came
        if isinstance(sampled[name].dtype, pd.CategoricalDtype):
            sampled[name] = sampled[name].astype(object)
    sampled.to_parquet(out_path)
    found = {package: importlib.metadata.version(package) for package in PACKAGES}
    Path(f"{out_path}.json").write_text(json.dumps({"fit_seconds": fit_seconds, "versions": found}))


if __name__ == "__main__":
    main(*sys.argv[1:])
