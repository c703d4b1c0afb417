"""The baseline every synthesizer must beat: each column resampled on its own from the real rows.

Its column shapes are as good as a sample can be (every marginal kept), its pair trends only as
good as independence allows (every dependence between columns broken), and a classifier tells it
from real rows only through those broken dependences. A GAN that does not beat it on pair trends
and detection has learnt nothing about how columns go together."""

from __future__ import annotations

import numpy as np
import pandas as pd


def independent_columns(real_rows: pd.DataFrame, n: int, seed: int) -> pd.DataFrame:
    """``n`` rows, each column drawn with replacement from that column of ``real_rows`` with its
    own random draw (dtypes and categories kept)."""
    if len(real_rows) == 0:
        raise ValueError("independent_columns needs at least one real row")
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            name: real_rows[name].iloc[rng.integers(0, len(real_rows), n)].reset_index(drop=True)
            for name in real_rows.columns
        }
    )
