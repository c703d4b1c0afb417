"""Screen a black-box learner's budget: several settings over the seeds, side by side.

Trains the generator of the second architecture against a dataset's saved black box (from
`dvc repro train_black_box@<dataset>`) once per setting and seed, as train_confidence_generator
does, and prints per setting the last epoch's control figures over the seeds (mean ± sample sd):
mean |C - Y|, Spearman's rho, the share within 0.1, the discriminator's accuracy, and the
seconds per run. Each setting is params.yaml's `black_box.generator` with its keys over them.

Run: python benchmarks/learner_screen.py adult choice '{"base": {}, "e40": {"epochs": 40}}'
     [--seeds 42 43 44]
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

import ganexp  # noqa: F401  (before TensorFlow: it silences its start-up logging)

# isort: split

import numpy as np

from ganexp.black_box.settings import ConfidenceSettings
from ganexp.black_box.training import train_seeds
from ganexp.pipeline import paths
from ganexp.pipeline.params import load_params, merged
from ganexp.spread import mean_sd, sample_sd

FIGURES = ("mean_abs_error", "spearman", "within_0_1", "judge_accuracy")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset")
    parser.add_argument("learn", help="surrogate, discriminator or choice")
    parser.add_argument("settings", help="a JSON object: label -> overrides of black_box.generator")
    parser.add_argument("--seeds", type=int, nargs="+", default=[42, 43, 44])
    args = parser.parse_args()
    base = load_params().black_box.generator.model_dump()
    settings = {
        label: ConfidenceSettings.model_validate(merged(base, {**overrides, "learn": args.learn}))
        for label, overrides in json.loads(args.settings).items()
    }
    with tempfile.TemporaryDirectory() as folder:
        runs = train_seeds(
            paths.black_box(args.dataset),
            settings,
            args.seeds,
            folder=Path(folder),
            n_rows=10,
            label=f"screen {args.learn}@{args.dataset}",
        )
    print(f"{args.learn} on {args.dataset}, seeds {args.seeds}: the last epoch, mean ± sample sd")
    for label, chosen in settings.items():
        last = [runs[(label, seed)].history[-1] for seed in args.seeds]
        figures = []
        for name in FIGURES:
            values = [getattr(record, name) for record in last]
            if None in values:
                continue
            figures.append(f"{name} {mean_sd(float(np.mean(values)), sample_sd(values))}")
        seconds = [runs[(label, seed)].seconds for seed in args.seeds]
        print(
            f"  {label} (epochs {chosen.epochs}, judge_lr {chosen.judge_lr}, generator_lr "
            f"{chosen.generator_lr}): " + ", ".join(figures) + f"; {np.mean(seconds):.0f} s a run"
        )


if __name__ == "__main__":
    main()
