"""Stage train_black_box@<dataset>: the black box of the original study's second architecture, a
random forest fitted on the train split (70% of the table) and scored on the other 30% (the
validation and test splits), and the table spec without values the generator will know.

Outputs:
  data/models/<dataset>/black_box/forest.npz, forest.json   the forest (ForestBlackBox.load)
  data/models/<dataset>/black_box/table.json                the table spec without values
  metrics/<dataset>/black_box/black_box.json                accuracy, ROC AUC, scores per class
"""

from __future__ import annotations

from contextlib import ExitStack

import numpy as np
import pandas as pd

from ganexp.black_box.forest import ForestBlackBox, assessment
from ganexp.black_box.target import target_class
from ganexp.black_box.value_free import ValueFreeTable
from ganexp.errors import DataError
from ganexp.pipeline import paths
from ganexp.pipeline.cli import StageTimer, run_stage, stage_arguments
from ganexp.pipeline.outputs import dumps_metrics, rounded, staged_path
from ganexp.pipeline.params import load_params
from ganexp.tabular.encoding.encoder import TabularEncoder
from ganexp.tabular.model.checkpoints import SPEC_FILE
from ganexp.tabular.spec import TableSpec


def main() -> None:
    timer = StageTimer()
    args = stage_arguments(__doc__.splitlines()[0], dataset=True)
    params = load_params(args.params)
    settings = params.black_box
    processed = paths.processed(args.dataset)
    for name in ("train.npy", "validation.npy", "test.npy", "encoder.json", SPEC_FILE):
        if not (processed / name).is_file():
            raise DataError(f"{processed / name}: not found; run `dvc repro preprocess` first")
    encoder = TabularEncoder.from_json((processed / "encoder.json").read_text(encoding="utf-8"))
    spec = TableSpec.load(processed / SPEC_FILE)
    table = ValueFreeTable.of(spec)
    train = encoder.inverse_transform(np.load(processed / "train.npy"))
    held_out = pd.concat(
        [
            encoder.inverse_transform(np.load(processed / f"{name}.npy"))
            for name in ("validation", "test")
        ],
        ignore_index=True,
    )
    forest = ForestBlackBox.fit(
        train, train[table.target], table.features, settings.forest, params.seed
    )
    _, chosen = target_class(forest, settings.generator.target_class)
    summary = assessment(forest, held_out, table.target, chosen, len(train))

    with ExitStack() as stack:
        folder = stack.enter_context(staged_path(paths.black_box(args.dataset)))
        metrics = stack.enter_context(
            staged_path(paths.black_box_metrics(args.dataset) / "black_box.json")
        )
        forest.save(folder)
        table.spec.save(folder / SPEC_FILE)
        metrics.write_text(dumps_metrics(rounded(summary.dump())), encoding="utf-8")
    timer.write(paths.timing("train_black_box", args.dataset))
    print(
        f"train_black_box@{args.dataset}: accuracy {summary.accuracy:.3f}, ROC AUC "
        f"{summary.roc_auc:.3f} on {summary.held_out_rows} held-out rows"
    )


if __name__ == "__main__":
    run_stage(main)
