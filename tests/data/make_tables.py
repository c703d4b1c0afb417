"""Writes the two small made-up tables the tests run through every stage (run it to remake them):

customers.csv    90 rows: an identifier, a ZIP code with leading zeros, ISO dates, numbers with
                 empty cells, true/false, a nominal column with `?` for missing; target `plan`
                 (three classes)
sensors.parquet  80 rows: a string identifier, zone-aware timestamps, floats, integers, a
                 boolean, a category target `status`
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).parent


def customers(n: int = 90) -> pd.DataFrame:
    rng = np.random.default_rng(7)
    plan = rng.choice(["basic", "plus", "pro"], n, p=[0.5, 0.3, 0.2])
    monthly = np.round(
        np.select([plan == "basic", plan == "plus"], [9.0, 19.0], 39.0) + rng.normal(0, 2, n), 2
    ).astype(object)
    monthly[rng.choice(n, 4, replace=False)] = ""
    region = rng.choice(["north", "south", "east", "west", "?"], n).astype(object)
    return pd.DataFrame(
        {
            "customer_id": [f"C{i:05d}" for i in rng.permutation(n) + 1],
            "zip": [f"{z:05d}" for z in rng.choice([2139, 8540, 10001, 60601, 94110], n)],
            "joined": (
                pd.Timestamp("2023-01-01") + pd.to_timedelta(rng.integers(0, 700, n), unit="D")
            ).strftime("%Y-%m-%d"),
            "monthly": monthly,
            "visits": rng.poisson(np.where(plan == "pro", 12, 4)),
            "active": np.where(rng.random(n) < 0.8, "true", "false"),
            "region": region,
            "plan": plan,
        }
    )


def sensors(n: int = 80) -> pd.DataFrame:
    rng = np.random.default_rng(8)
    status = rng.choice(["ok", "warn", "fail"], n, p=[0.6, 0.25, 0.15])
    start = pd.Timestamp("2024-06-01 00:00", tz="Europe/Oslo")
    return pd.DataFrame(
        {
            "sensor": [f"S-{i:03d}" for i in range(n)],
            "read_at": start + pd.to_timedelta(rng.integers(0, 20_000, n), unit="min"),
            "temperature": np.round(
                np.where(status == "fail", 31.0, 21.0) + rng.normal(0, 2, n), 1
            ),
            "humidity": rng.integers(20, 80, n),
            "indoor": rng.random(n) < 0.5,
            "status": pd.Categorical(status, categories=["ok", "warn", "fail"]),
        }
    )


if __name__ == "__main__":
    customers().to_csv(HERE / "customers.csv", index=False)
    sensors().to_parquet(HERE / "sensors.parquet", index=False)
