"""Where the stages read and write: the one place in the code that names the files dvc.yaml
declares (keep the two in step; `tests/test_pipeline.py` runs them together)."""

from __future__ import annotations

from pathlib import Path

DATA = Path("data")
METRICS = Path("metrics")
COMBINED_METRICS = METRICS / "combined"


def processed(dataset: str) -> Path:
    """The encoded splits (train/validation/test.npy) and encoder.json."""
    return DATA / "processed" / dataset


def checkpoints(dataset: str) -> Path:
    return DATA / "models" / dataset / "checkpoints"


def selected(dataset: str) -> Path:
    """The networks check_convergence kept."""
    return DATA / "models" / dataset / "selected"


def refined(dataset: str) -> Path:
    """The selected networks with each seed's refiner: the synthesizers the pipeline hands out."""
    return DATA / "models" / dataset / "refined"


def synthetic_table(dataset: str) -> Path:
    return DATA / "samples" / dataset / "synthetic.csv"


def dataset_metrics(dataset: str) -> Path:
    """preprocess.json, history.tsv, convergence*.json/png, samples*.json, column_shapes.tsv..."""
    return METRICS / dataset


def frames(benchmark: str, variant: str) -> Path:
    return DATA / "combined" / benchmark / variant / "frames.npz"


def benchmark_metrics(benchmark: str) -> Path:
    """One 2-D benchmark's metrics: per variant a headline and tables, the comparison, GIFs."""
    return COMBINED_METRICS / benchmark


def variant_headline(benchmark: str, variant: str) -> Path:
    return benchmark_metrics(benchmark) / f"{variant}.json"


def variant_tables(benchmark: str, variant: str) -> Path:
    """details.json, losses.tsv and modes.tsv of one 2-D variant on one benchmark."""
    return benchmark_metrics(benchmark) / variant


def timing(stage: str, key: str | None = None) -> Path:
    """Wall-clock figures of one stage run, kept apart from the metrics that must repeat."""
    return METRICS / "timing" / (f"{stage}-{key}.json" if key else f"{stage}.json")


def black_box(dataset: str) -> Path:
    """The black box (forest.npz, forest.json) and the value-free table spec (table.json)."""
    return DATA / "models" / dataset / "black_box"


def confidence_generators(dataset: str) -> Path:
    """<learner>/seed-<seed>/: a saved ConfidenceGenerator and its rows.csv."""
    return DATA / "models" / dataset / "confidence"


def black_box_metrics(dataset: str) -> Path:
    """black_box.json, confidence_history.tsv, confidence_details.json, calibration.tsv,
    confidence.png (the headline, confidence.json, sits beside the dataset's other headlines in
    ``dataset_metrics``)."""
    return METRICS / dataset / "black_box"


def peer_metrics(dataset: str, peer: str) -> Path:
    """What a peer ran (packages, versions, settings) and its figures: mean, std, per seed."""
    return METRICS / "peers" / dataset / f"{peer}.json"


# arfpy's own environment (NumPy < 2, pandas < 3), which `make peers` builds beside .venv
ARF_PYTHON = Path(".venv-arf") / "bin" / "python"
