"""Stage render_gif@<benchmark>: the combined model's training GIF and the variants side by side.

Reads each variant's frames (data/combined/<benchmark>/<variant>/frames.npz) and losses
(metrics/combined/<benchmark>/<variant>/losses.tsv), and params `gif`. Outputs, under
metrics/combined/<benchmark>/:
  training.gif      the `gif.single` variant, as the original showed it
  variants.gif      the `gif.side_by_side` variants at the same epochs
"""

from __future__ import annotations

from contextlib import ExitStack

import numpy as np
import pandas as pd

from ganexp.errors import DataError
from ganexp.gaussians.mixtures import make_mixture
from ganexp.pipeline import paths
from ganexp.pipeline.cli import StageTimer, run_stage, stage_arguments
from ganexp.pipeline.outputs import staged_path
from ganexp.pipeline.params import GifParams, load_params

MAX_REAL_POINTS = 2000  # real points drawn per frame, spread evenly over the modes


def load_run(benchmark: str, name: str, n_points: int):
    from ganexp.gaussians.gif import Run

    frames_path = paths.frames(benchmark, name)
    losses_path = paths.variant_tables(benchmark, name) / "losses.tsv"
    for path in (frames_path, losses_path):
        if not path.is_file():
            raise DataError(
                f"{path}: not found; run `dvc repro train_combined@{benchmark}-{name}` first"
            )
    with np.load(frames_path) as saved:
        points, epochs = saved["points"][:, :n_points], saved["epochs"]
    return Run(name, epochs, points, pd.read_csv(losses_path, sep="\t"))


def main() -> None:
    timer = StageTimer()
    args = stage_arguments(__doc__.splitlines()[0], benchmark=True)
    params = load_params(args.params)
    gif: GifParams = params.gif
    benchmark = params.combined.benchmark(args.benchmark)  # unknown: stops, known ones listed
    for name in [gif.single, *gif.side_by_side]:
        params.combined.variant(name)  # an unknown name stops here, with the known ones listed
    real = make_mixture(args.benchmark, benchmark.n_points, params.seed).points
    real = real[:: max(1, len(real) // MAX_REAL_POINTS)]

    from ganexp.gaussians.gif import side_by_side_frames, single_run_frames, write_gif

    size = (gif.width_inches, gif.height_inches)
    single = single_run_frames(
        load_run(args.benchmark, gif.single, gif.n_points), real, size, gif.dpi
    )
    runs = [load_run(args.benchmark, name, gif.n_points) for name in gif.side_by_side]
    wide = (gif.width_inches * len(runs) / 3, gif.height_inches * 0.9)
    compared = side_by_side_frames(runs, real, wide, gif.dpi)
    out = paths.benchmark_metrics(args.benchmark)
    with ExitStack() as stack:
        for images, name in ((single, "training.gif"), (compared, "variants.gif")):
            write_gif(images, stack.enter_context(staged_path(out / name)), gif.fps)
    timer.write(paths.timing("render_gif", args.benchmark))
    print(f"render_gif@{args.benchmark}: {len(single)} + {len(compared)} frames")


if __name__ == "__main__":
    run_stage(main)
