"""Stage render_gif: the combined model's training GIF and the variants side by side.

Reads each variant's frames (data/combined/<variant>/frames.npz) and losses
(metrics/combined/<variant>/losses.tsv), and params `gif`. Outputs:
  metrics/combined/training.gif      the `gif.single` variant, as the original showed it
  metrics/combined/variants.gif      the `gif.side_by_side` variants at the same epochs
"""

from __future__ import annotations

from contextlib import ExitStack

import numpy as np
import pandas as pd

from ganexp.errors import DataError
from ganexp.gaussians.mixtures import make_ring
from ganexp.pipeline import paths
from ganexp.pipeline.cli import StageTimer, run_stage, stage_arguments
from ganexp.pipeline.outputs import staged_path
from ganexp.pipeline.params import GifParams, load_params


def load_run(name: str, n_points: int):
    from ganexp.gaussians.gif import Run

    frames_path = paths.frames(name)
    losses_path = paths.variant_tables(name) / "losses.tsv"
    for path in (frames_path, losses_path):
        if not path.is_file():
            raise DataError(f"{path}: not found; run `dvc repro train_combined@{name}` first")
    with np.load(frames_path) as saved:
        points, epochs = saved["points"][:, :n_points], saved["epochs"]
    return Run(name, epochs, points, pd.read_csv(losses_path, sep="\t"))


def main() -> None:
    timer = StageTimer()
    args = stage_arguments(__doc__.splitlines()[0])
    params = load_params(args.params)
    gif: GifParams = params.gif
    for name in [gif.single, *gif.side_by_side]:
        params.combined.variant(name)  # an unknown name stops here, with the known ones listed
    real = make_ring(params.combined.points_per_mode, seed=params.seed).points

    from ganexp.gaussians.gif import side_by_side_frames, single_run_frames, write_gif

    single = single_run_frames(
        load_run(gif.single, gif.n_points), real, (gif.width_inches, gif.height_inches), gif.dpi
    )
    runs = [load_run(name, gif.n_points) for name in gif.side_by_side]
    compared = side_by_side_frames(runs, real, (gif.width_inches, gif.height_inches * 0.9), gif.dpi)
    out = paths.COMBINED_METRICS
    with ExitStack() as stack:
        for images, name in ((single, "training.gif"), (compared, "variants.gif")):
            write_gif(images, stack.enter_context(staged_path(out / name)), gif.fps)
    timer.write(paths.timing("render_gif"))
    print(f"render_gif: {len(single)} + {len(compared)} frames")


if __name__ == "__main__":
    run_stage(main)
