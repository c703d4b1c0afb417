"""Stage refine@<dataset>: each seed's selected synthesizer with a classifier trained after it.

The classifier learns a real split (params `refine.fit_on`) against the generator's rows; the
synthesizer then samples rows kept from a larger pool by its odds (`ganexp.tabular.refine`).
With `refine.enabled: false` (or a table's `datasets.<name>.refine: {enabled: false}`) the
synthesizers are copied as they are. Outputs:
  data/models/<dataset>/refined/seed-<seed>/   a TabularSynthesizer with its refiner/ folder:
                                               the synthesizers the pipeline hands out
  metrics/timing/refine-<dataset>.json         seconds, and each fit's
"""

from __future__ import annotations

import numpy as np

from ganexp.errors import DataError
from ganexp.pipeline import paths
from ganexp.pipeline.cli import StageTimer, run_stage, stage_arguments
from ganexp.pipeline.outputs import staged_path
from ganexp.pipeline.params import load_params
from ganexp.tabular.model.checkpoints import seeds_in


def main() -> None:
    timer = StageTimer()
    args = stage_arguments(__doc__.splitlines()[0], dataset=True)
    params = load_params(args.params)
    params.dataset(args.dataset)
    settings = params.refine_for(args.dataset)
    split = paths.processed(args.dataset) / f"{settings.fit_on}.npy"
    if not split.is_file():
        raise DataError(f"{split}: not found; run `dvc repro preprocess` first")
    selected = paths.selected(args.dataset)
    seeds = seeds_in(selected) if selected.is_dir() else []
    if not seeds:
        raise DataError(
            f"{selected}: no seed-<seed> folders; run `dvc repro check_convergence` first"
        )

    from ganexp.gan.seeding import seed_everything
    from ganexp.tabular.refining import refine_seeds

    seed_everything(params.seed)
    with staged_path(paths.refined(args.dataset)) as staged:
        staged.mkdir()
        seconds = refine_seeds(selected, seeds, np.load(split), settings, staged)
    per_seed = {f"fit_seconds_seed{seed}": round(value, 3) for seed, value in seconds.items()}
    timer.write(paths.timing("refine", args.dataset), **per_seed)
    what = f"{settings.classifier} on the {settings.fit_on} split" if seconds else "no refiner"
    print(f"refine@{args.dataset} ({len(seeds)} seeds): {what}")


if __name__ == "__main__":
    run_stage(main)
