"""The stage's runs: every learner for every seed side by side, one single-threaded worker each
(``ganexp.gan.workers.run_seeds``), each saved with the rows it makes for the analysis."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ganexp.black_box.forest import ForestBlackBox
from ganexp.black_box.generator import CONFIDENCE, ConfidenceGenerator
from ganexp.black_box.settings import ConfidenceSettings
from ganexp.gan.seeding import stream_seed
from ganexp.records.black_box import ControlEpoch
from ganexp.tabular.spec import TableSpec

ANSWER = "black_box_confidence"  # the column of Y in the written rows


@dataclass(frozen=True)
class SeedJob:
    """What each worker trains from (it must pickle): the saved black box and the value-free
    spec it holds, the settings of each learner, where to write, and the rows to make."""

    black_box: Path
    settings: dict[str, ConfidenceSettings]
    folder: Path
    n_rows: int


@dataclass
class SeedResult:
    history: list[ControlEpoch]
    queries: int
    seconds: float


def run_folder(folder: Path, learn: str, seed: int) -> Path:
    return Path(folder) / learn / f"seed-{seed}"


def _train_one(key: tuple[str, int], job: SeedJob, progress) -> SeedResult:
    learn, seed = key
    black_box = ForestBlackBox.load(job.black_box)
    spec = TableSpec.load(Path(job.black_box) / "table.json")
    started = time.perf_counter()
    generator = ConfidenceGenerator(job.settings[learn]).fit(
        black_box, spec, seed=seed, on_epoch=lambda epoch, record: progress.put(1)
    )
    seconds = time.perf_counter() - started
    target = run_folder(job.folder, learn, seed)
    generator.save(target)
    rows = generator.sample(job.n_rows, seed=stream_seed(seed, "black_box.rows"))
    write_rows(generator, black_box, rows, target / "rows.csv")
    return SeedResult(generator.history, generator.queries, seconds)


def write_rows(
    generator: ConfidenceGenerator, black_box: ForestBlackBox, rows: pd.DataFrame, path: Path
) -> None:
    """The rows with the black box's answer Y and its most likely class as the target."""
    scored = scored_rows(
        rows[generator.table.feature_names],
        black_box,
        generator.table.target,
        generator.target_class,
        rows[CONFIDENCE].to_numpy(),
    )
    scored.to_csv(path, index=False)


def scored_rows(
    features: pd.DataFrame,
    black_box: ForestBlackBox,
    target: str,
    target_class: str,
    requested: np.ndarray,
) -> pd.DataFrame:
    """``features`` with the black box's most likely class as ``target``, the requested C and
    its confidence Y of ``target_class``."""
    proba = np.asarray(black_box.predict_proba(features))
    index = [str(c) for c in black_box.classes_].index(target_class)
    out = features.copy()
    out[target] = np.asarray(black_box.classes_)[proba.argmax(axis=1)]
    out[CONFIDENCE] = np.round(requested, 6)
    out[ANSWER] = proba[:, index].round(6)
    return out


def train_seeds(
    black_box: Path,
    settings: dict[str, ConfidenceSettings],
    seeds: Sequence[int],
    *,
    folder: Path,
    n_rows: int,
    label: str,
) -> dict[tuple[str, int], SeedResult]:
    """Every learner of ``settings`` for every seed, side by side (``run_seeds``), each saved
    with its rows in ``run_folder(folder, learner, seed)``."""
    from ganexp.gan.workers import run_seeds

    keys = [(learn, seed) for learn in settings for seed in seeds]
    epochs = max(s.epochs for s in settings.values())
    job = SeedJob(Path(black_box), dict(settings), Path(folder), n_rows)
    return run_seeds(_train_one, keys, job, steps_per_seed=epochs, label=label)


def history_frame(runs: dict[tuple[str, int], SeedResult]) -> pd.DataFrame:
    """``confidence_history.tsv``: one row per learner, seed and epoch."""
    return pd.DataFrame(
        [
            {"learner": learn, "seed": seed, **record.model_dump()}
            for (learn, seed), run in runs.items()
            for record in run.history
        ]
    )


def last_epochs(history: pd.DataFrame) -> dict[tuple[str, int], ControlEpoch]:
    """Each run's last record, read back from ``history_frame``'s table (empty cells: None)."""
    last = {}
    for (learn, seed), rows in history.groupby(["learner", "seed"], sort=False):
        values = rows.sort_values("epoch").iloc[-1].drop(["learner", "seed"])
        values = values.astype(object).where(values.notna(), None).to_dict()
        values["epoch"], values["queries"] = int(values["epoch"]), int(values["queries"])
        last[(str(learn), int(seed))] = ControlEpoch.model_validate(values)
    return last
