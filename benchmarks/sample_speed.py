"""Sampling speed: rows kept by the refiner against the generator's own, in one run.

Loads a refined synthesizer (from `dvc repro refine@<dataset>`), samples `--rows` rows twice
each way (the second timing counts: the first builds TensorFlow's graph), and prints the
seconds, the ratio kept / generated (the issue's bound: within 3x), and the generator's dense
FLOPs per second as a share of the machine's matmul bound (float32 and, where the hardware has
it, bfloat16) measured in the same run at the generator's width.

Run: python benchmarks/sample_speed.py adult [--seed 42] [--rows 1000000]
"""

from __future__ import annotations

import argparse
import time

import ganexp  # noqa: F401  (before TensorFlow: it silences its start-up logging)

# isort: split

from ganexp.gan.flops import dense_forward_flops, matmul_gflops
from ganexp.gan.precision import has_native_bfloat16
from ganexp.pipeline import paths
from ganexp.tabular.model.checkpoints import seed_folder
from ganexp.tabular.synthesizer import CHUNK, TabularSynthesizer


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    synthesizer = TabularSynthesizer.load(seed_folder(paths.refined(args.dataset), args.seed))
    if synthesizer.refiner is None:
        raise SystemExit(f"{args.dataset}: no refiner; run `dvc repro refine@{args.dataset}`")
    seconds = {}
    for refine in (False, True):
        for _ in range(2):
            start = time.perf_counter()
            synthesizer.sample(args.rows, seed=1, refine=refine)
            seconds[refine] = time.perf_counter() - start
    generator = synthesizer.generator
    widths = [int(generator.input_shape[-1])]
    widths += [int(layer.units) for layer in generator.layers if hasattr(layer, "units")]
    pool = synthesizer.refiner.pool_size(args.rows)
    hidden = widths[1]
    bounds = {"float32": matmul_gflops(CHUNK, hidden)}
    if has_native_bfloat16():
        bounds["bfloat16"] = matmul_gflops(CHUNK, hidden, dtype="bfloat16")
    print(f"{args.dataset}, seed {args.seed}: {args.rows:,} rows ({synthesizer.precision})")
    for refine, label, generated in ((False, "generated", args.rows), (True, "kept", pool)):
        rate = dense_forward_flops(widths) * generated / seconds[refine] / 1e9
        shares = ", ".join(f"{100 * rate / b:.1f}% of {k}" for k, b in bounds.items())
        print(f"  {label:<10} {seconds[refine]:7.1f} s   generator {rate:6.1f} GFLOP/s ({shares})")
    print(f"  kept / generated: {seconds[True] / seconds[False]:.2f}x (a pool of {pool:,})")


if __name__ == "__main__":
    main()
