"""Screen the refiner: which classifier trained after the generator keeps the best rows.

For each table and seed, the selected model of `dvc repro check_convergence@<dataset>` makes
`--rows` rows as generated, and each variant keeps as many from a pool of `pool` times that.
Every row set is measured against the real test split (rows neither the GAN nor any classifier
saw) as analyze_samples measures it: detection AUC by gradient-boosted trees and by a random
forest, train-on-synthetic ROC AUC, the share of rows equal to a training row and the median
distance to the closest training row (the real test rows' figures beside them). Prints per
variant the mean ± sample sd over the seeds and the seconds to fit and to keep the rows.

Run: python benchmarks/refine_screen.py adult bank [--seeds 42 43 44] [--rows 10000] [--epoch N]
     [--variants generated discriminator tuned boosting mlp boosting-train]
"""

from __future__ import annotations

import argparse
import json
import time

import ganexp  # noqa: F401  (before TensorFlow: it silences its start-up logging)

# isort: split

import numpy as np

from ganexp.gan.seeding import seed_everything, stream_seed
from ganexp.pipeline import paths
from ganexp.spread import mean, mean_sd, sample_sd
from ganexp.tabular.evaluation.summary import fidelity_summary
from ganexp.tabular.model.checkpoints import seed_folder
from ganexp.tabular.refine.refiner import Refiner
from ganexp.tabular.refine.settings import RefineSettings
from ganexp.tabular.synthesizer import TabularSynthesizer

VARIANTS = {
    "generated": None,
    "discriminator": {"classifier": "discriminator"},
    "tuned": {"classifier": "tuned"},
    "boosting": {"classifier": "boosting"},
    "mlp": {"classifier": "mlp"},
    "boosting-train": {"classifier": "boosting", "fit_on": "train"},
    "pool-8": {"classifier": "boosting", "fit_on": "train", "pool": 8.0},
    "clip-5": {"classifier": "boosting", "fit_on": "train", "clip": 5.0},
    "clip-100": {"classifier": "boosting", "fit_on": "train", "clip": 100.0},
    "all-rows": {"classifier": "boosting", "fit_on": "train", "max_rows": 1_000_000},
    "rounds-500": {"classifier": "boosting", "fit_on": "train", "iterations": 500},
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("datasets", nargs="+")
    parser.add_argument("--seeds", type=int, nargs="+", default=[42, 43, 44])
    parser.add_argument("--rows", type=int, default=10000)
    parser.add_argument("--variants", nargs="+", default=list(VARIANTS))
    parser.add_argument("--settings", default="{}", help="JSON: refine settings for all variants")
    parser.add_argument(
        "--epoch", type=int, default=None, help="a train_gan checkpoint instead of the selected"
    )
    args = parser.parse_args()

    common = json.loads(args.settings)
    for dataset in args.datasets:
        processed = paths.processed(dataset)
        splits = {name: np.load(processed / f"{name}.npy") for name in ("train", "validation")}
        test = np.load(processed / "test.npy")
        figures: dict[str, list] = {name: [] for name in args.variants}
        seconds: dict[str, list] = {name: [] for name in args.variants}
        for seed in args.seeds:
            if args.epoch is None:
                folder, epoch = seed_folder(paths.selected(dataset), seed), None
            else:
                folder, epoch = seed_folder(paths.checkpoints(dataset), seed), args.epoch
            synthesizer = TabularSynthesizer.load(folder, epoch=epoch)
            seed_everything(seed)
            for name in args.variants:
                start = time.perf_counter()
                if VARIANTS[name] is None:
                    rows = synthesizer.sample_encoded(args.rows, stream_seed(seed, "screen"))
                    fit = 0.0
                else:
                    settings = RefineSettings(**{**common, **VARIANTS[name]})
                    refiner = Refiner.fit(
                        splits[settings.fit_on],
                        synthesizer.sample_encoded,
                        settings,
                        stream_seed(seed, "screen.fit"),
                        synthesizer.discriminator,
                    )
                    fit = time.perf_counter() - start
                    pool = synthesizer.sample_encoded(
                        refiner.pool_size(args.rows), stream_seed(seed, "screen")
                    )
                    rows = refiner.keep(pool, args.rows, stream_seed(seed, "screen.keep"))
                keep = time.perf_counter() - start - fit
                seconds[name].append((fit, keep))
                figures[name].append(measured(synthesizer, rows, splits["train"], test, seed))
                print(f"{dataset} seed {seed} {name}: {figures[name][-1]}", flush=True)
        print(f"\n== {dataset}: {len(args.seeds)} seeds, {args.rows} rows, mean ± sample sd")
        keys = list(figures[args.variants[0]][0])
        print("| rows | " + " | ".join(keys) + " | fit s | keep s |")
        for name in args.variants:
            cells = [mean_sd(*_spread([f[key] for f in figures[name]])) for key in keys]
            fit, keep = zip(*seconds[name], strict=True)
            print(
                f"| {name} | "
                + " | ".join(cells)
                + f" | {np.mean(fit):.1f} | {np.mean(keep):.1f} |"
            )


def measured(synthesizer, rows, train, test, seed: int) -> dict:
    """The screened figures of encoded ``rows``, as analyze_samples measures them."""
    encoder = synthesizer.encoder
    summary, _ = fidelity_summary(
        encoder.inverse_transform(train),
        encoder.inverse_transform(rows),
        encoder.inverse_transform(test),
        target=synthesizer.spec.target,
        seed=seed,
        max_rows=10000,
        folds=5,
    )
    fidelity, privacy = summary["fidelity"], summary["privacy"]
    return {
        "detection": fidelity["detection_auc"],
        "detection_forest": fidelity["detection_auc_forest"],
        "tstr_roc_auc": summary["efficacy"]["train_synthetic_test_real"]["roc_auc"],
        "column_shapes": fidelity["column_shapes"],
        "pair_trends": fidelity["pair_trends"],
        "copies": privacy["exact_copies_of_train_rows"] / privacy["rows_compared"],
        "copies_test": privacy["real_test_rows_equal_to_train_rows"] / len(test),
        "dcr_median": privacy["dcr_synthetic_median"],
        "dcr_median_test": privacy["dcr_real_test_median"],
    }


def _spread(values: list) -> tuple:
    defined = [v for v in values if v is not None]
    return mean(defined), sample_sd(defined)


if __name__ == "__main__":
    main()
