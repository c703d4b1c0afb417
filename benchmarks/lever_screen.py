"""Screen a tabular-GAN lever in minutes: one seed, the last epoch, the pipeline's figures.

Trains one synthesizer on a dataset's encoded splits (from `dvc repro preprocess@<dataset>`)
with params.yaml's `gan` settings for it, changed by a JSON object of overrides, and prints the
training time and the fidelity figures `analyze_samples` reports (column shapes, pair trends,
detection AUC, train-on-synthetic ROC AUC) for the last epoch's generator, plus the quick
quality figures of its last evaluations. A screen, not a verdict: a lever that looks good here
is then run over the seeds with `dvc exp run -S <switch> analyze_samples@<dataset>`.

Run: python benchmarks/lever_screen.py adult '{"batch_size": 512}' [--seed 42] [--threads 1]
With ``--discrete day`` (a numeric column, or several) the decoded train split is fitted through
``TabularSynthesizer.fit(frame, discrete_columns=...)`` instead, so the column is a one-hot
category: how a column's encoding is screened. With ``--encoding '{"point_mass": 0.05}'`` the
splits are encoded afresh with the dataset's options and these (``TabularEncoder``'s keywords):
how the encoding's levers are screened before preprocess changes.
"""

from __future__ import annotations

import argparse
import json
import os
import time

# one OpenMP thread for scikit-learn's quality classifier, as a train_gan worker has: two screens
# side by side would otherwise oversubscribe the cores (set before scikit-learn loads OpenMP)
os.environ.setdefault("OMP_NUM_THREADS", "1")

import ganexp  # noqa: F401  (before TensorFlow: it silences its start-up logging)

# isort: split

import numpy as np
import pandas as pd
import tensorflow as tf

from ganexp.pipeline import paths
from ganexp.pipeline.params import load_params, merged
from ganexp.pipeline.preprocessing import dataset_encoder
from ganexp.tabular.encoding.encoder import TabularEncoder
from ganexp.tabular.evaluation.summary import fidelity_summary
from ganexp.tabular.model.settings import GANSettings
from ganexp.tabular.synthesizer import TabularSynthesizer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset")
    parser.add_argument("overrides", nargs="?", default="{}", help="JSON object of gan settings")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--threads", type=int, default=1, help="TensorFlow threads (a seed's)")
    parser.add_argument("--discrete", nargs="*", default=[], help="numeric columns to one-hot")
    parser.add_argument(
        "--encoding",
        default=None,
        help="JSON object of encoder options (point_mass, knots, relations): the splits are "
        "encoded afresh with the dataset's options changed by these",
    )
    args = parser.parse_args()
    tf.config.threading.set_inter_op_parallelism_threads(args.threads)
    tf.config.threading.set_intra_op_parallelism_threads(args.threads)

    params = load_params("params.yaml")
    dataset = params.dataset(args.dataset)
    settings = GANSettings.from_dict(
        merged(params.gan_for(args.dataset).settings().to_dict(), json.loads(args.overrides))
    )
    folder = paths.processed(args.dataset)
    encoder = TabularEncoder.from_json((folder / "encoder.json").read_text(encoding="utf-8"))
    train, validation, test = (
        np.load(folder / f"{split}.npy") for split in ("train", "validation", "test")
    )
    real = encoder.inverse_transform(train)
    if args.encoding is not None:  # re-encode the rows as preprocess would with these options
        decoded = [encoder.inverse_transform(split) for split in (train, validation, test)]
        # the decoded splits hold no dropped column; no point masses unless asked for
        changes = {"drop": (), "point_mass": None} | json.loads(args.encoding)
        encoder = dataset_encoder(dataset, **changes).fit(pd.concat(decoded, ignore_index=True))
        train, validation, test = (encoder.transform(rows) for rows in decoded)
    started = time.perf_counter()
    if args.discrete:
        synthesizer = TabularSynthesizer(seed=args.seed, **settings.to_dict())
        validation_rows = encoder.inverse_transform(validation)
        synthesizer.fit(real, args.discrete, validation=validation_rows)
        history = synthesizer.history
    else:
        synthesizer = TabularSynthesizer.from_encoder(encoder, settings, args.seed)
        history = synthesizer.fit_encoded(train, validation)
    seconds = time.perf_counter() - started

    test_rows = encoder.inverse_transform(test)

    def figures() -> dict:
        synthetic = synthesizer.sample(len(real), seed=args.seed + 1000)[real.columns]
        summary, _ = fidelity_summary(
            real,
            synthetic,
            test_rows,
            target=dataset.target,
            seed=params.seed,
            max_rows=params.analysis.max_rows,
            folds=params.analysis.detection_folds,
            baseline=True,  # fidelity and TSTR only: no privacy distances (the slow part)
        )
        fidelity = summary["fidelity"]
        return {
            "column_shapes": round(fidelity["column_shapes"], 4),
            "pair_trends": round(fidelity["pair_trends"], 4),
            "detection_auc": round(fidelity["detection_auc"], 4),
            "tstr_roc_auc": summary["efficacy"]["train_synthetic_test_real"]["roc_auc"],
            "relations_broken": fidelity["relations_broken"],
        }

    measured = figures()
    # the relations are kept when rows are decoded, not in training: the same generator's rows
    # decoded without them are the screen of that lever on its own
    kept, encoder.relations_ = encoder.relations_, ()
    unkept = figures() if kept else None
    quick = [
        (
            record.epoch,
            round(record.quality_column_shapes, 3),
            round(record.quality_detection_auc, 3),
        )
        for record in history
        if record.quality_detection_auc is not None
    ]
    print(
        json.dumps(
            {
                "dataset": args.dataset,
                "overrides": json.loads(args.overrides),
                "discrete": args.discrete,
                "encoding": json.loads(args.encoding or "null"),
                "seed": args.seed,
                "training_seconds": round(seconds),
                **measured,
                "without_relations": unkept,
                "quick_last_evaluations": quick[-4:],
            }
        )
    )


if __name__ == "__main__":
    main()
