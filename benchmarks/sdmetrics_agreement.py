"""The project's column shapes and pair trends beside SDMetrics' own, on the same rows.

SDMetrics (the library the published tables report with) is an optional extra: `make sdmetrics`
installs it. Its QualityReport gives Column Shapes and Column Pair Trends; since version 0.2x the
report averages pair trends only over pairs whose real correlation is above 0.5 or Cramer's V
above 0.3, where the published tables (and `ganexp`) average over every pair: both are shown,
the every-pair figure is the one the project's own must equal.

Writes (with `--write`):
  tests/data/sdmetrics/figures.json   the library's figures on the fixed table of
                                      tests/data/sdmetrics (tests/test_fidelity.py checks the
                                      project's own against them, without the library)
  metrics/sdmetrics.json              the library's figures on each table's first-seed synthetic
                                      rows (data/samples/<dataset>/synthetic.csv) against its train
                                      split, beside the project's: shown in docs/results.md

Run: python benchmarks/sdmetrics_agreement.py [--write] [--datasets adult bank]
"""

from __future__ import annotations

import argparse
import json
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

from ganexp.pipeline import paths
from ganexp.tabular.encoding.encoder import TabularEncoder
from ganexp.tabular.evaluation.fidelity import column_shapes, pair_trends
from ganexp.tabular.model.checkpoints import SPEC_FILE
from ganexp.tabular.spec import TableSpec

FIXED = Path("tests/data/sdmetrics")


def library_figures(real: pd.DataFrame, synthetic: pd.DataFrame) -> dict[str, float]:
    """SDMetrics' QualityReport on ``real`` and ``synthetic`` (nominal columns Categorical)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        from sdmetrics.reports.single_table import QualityReport

    metadata = {
        "columns": {
            name: {
                "sdtype": "categorical"
                if isinstance(real[name].dtype, pd.CategoricalDtype)
                else "numerical"
            }
            for name in real.columns
        }
    }
    every_pair = QualityReport()
    every_pair.real_correlation_threshold = 0
    every_pair.real_association_threshold = 0
    every_pair.generate(real, synthetic, metadata, verbose=False)
    default = QualityReport()
    default.generate(real, synthetic, metadata, verbose=False)
    scores = every_pair.get_properties().set_index("Property")["Score"]
    thresholded = default.get_properties().set_index("Property")["Score"]
    return {
        "column_shapes": float(scores["Column Shapes"]),
        "pair_trends": float(scores["Column Pair Trends"]),
        "pair_trends_thresholded": float(thresholded["Column Pair Trends"]),
    }


def own_figures(real: pd.DataFrame, synthetic: pd.DataFrame) -> dict[str, float]:
    return {
        "column_shapes": float(column_shapes(real, synthetic)["score"].mean()),
        "pair_trends": pair_trends(real, synthetic)["score"],
    }


def fixed_table() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The fixed table: real and synthetic rows, text columns as categories of the real's."""
    real, synthetic = (pd.read_csv(FIXED / f"{name}.csv") for name in ("real", "synthetic"))
    for name in real.columns:
        if not pd.api.types.is_numeric_dtype(real[name]):
            categories = sorted(real[name].dropna().unique())
            real[name] = pd.Categorical(real[name], categories=categories)
            synthetic[name] = pd.Categorical(synthetic[name], categories=categories)
    return real, synthetic


def pipeline_table(dataset: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A table's train split and its first seed's synthetic rows, as the analysis reads them."""
    folder = paths.processed(dataset)
    encoder = TabularEncoder.from_json((folder / "encoder.json").read_text(encoding="utf-8"))
    real = encoder.inverse_transform(np.load(folder / "train.npy"))
    spec = TableSpec.load(folder / SPEC_FILE)
    rows = pd.read_csv(Path("data/samples") / dataset / "synthetic.csv")
    return real, spec.typed_frame(rows)[real.columns]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="write the two JSON files")
    parser.add_argument("--datasets", nargs="*", default=["adult", "bank"])
    args = parser.parse_args()
    try:
        import sdmetrics
    except ImportError:
        print("sdmetrics_agreement: skipped, sdmetrics is not installed (make sdmetrics)")
        return

    fixed = library_figures(*fixed_table())
    tables = {}
    for dataset in args.datasets:
        real, synthetic = pipeline_table(dataset)
        tables[dataset] = {
            "sdmetrics": library_figures(real, synthetic),
            "ganexp": own_figures(real, synthetic),
        }
    version = {"sdmetrics_version": sdmetrics.__version__}
    print(json.dumps({"fixed_table": fixed, **tables, **version}, indent=1))
    if args.write:
        text = json.dumps({**version, **fixed}, indent=1, sort_keys=True) + "\n"
        (FIXED / "figures.json").write_text(text, encoding="utf-8")
        text = json.dumps({**version, "tables": tables}, indent=1, sort_keys=True) + "\n"
        Path("metrics/sdmetrics.json").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
