"""The machine's matmul bound in float32 and bfloat16, single-threaded, at the trainers' shapes.

The speed benchmarks report their figures as shares of these bounds, measured in the same run.
bfloat16 is timed only where the hardware computes it natively (``ganexp.gan.precision``):
elsewhere TensorFlow emulates it and the figure would say nothing about training.

    python benchmarks/matmul_bound.py          # or `make bench`
"""

from __future__ import annotations

import argparse

from ganexp.gan.flops import matmul_gflops
from ganexp.gan.precision import has_native_bfloat16

# rows x width @ width x out: the tabular GAN's batch and layers, the 2-D benchmarks', and the
# shapes a new user would try first
SHAPES = (
    ("tabular layer (batch 512, 256 wide)", 512, 256, 256),
    ("2-D benchmark layer (batch 128, 128 wide)", 128, 128, 128),
    ("1024x256 @ 256x256", 1024, 256, 256),
    ("512x128 @ 128x512", 512, 128, 512),
    ("4096x512 @ 512x512", 4096, 512, 512),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=1, help="TensorFlow threads (a worker's)")
    args = parser.parse_args()
    import tensorflow as tf  # after ganexp: its start-up lines stay off stderr

    tf.config.threading.set_intra_op_parallelism_threads(args.threads)
    tf.config.threading.set_inter_op_parallelism_threads(args.threads)
    native = has_native_bfloat16()
    shown = "yes" if native else "no (bfloat16 not timed)"
    print(f"native bfloat16: {shown}; {args.threads} thread(s)")
    print(f"{'shape':<44} {'float32':>9} {'bfloat16':>9} {'ratio':>6}  (GFLOP/s)")
    for name, rows, width, out in SHAPES:
        f32 = matmul_gflops(rows, width, out_width=out)
        if native:
            b16 = matmul_gflops(rows, width, dtype="bfloat16", out_width=out)
            print(f"{name:<44} {f32:>9.1f} {b16:>9.1f} {b16 / f32:>5.2f}x")
        else:
            print(f"{name:<44} {f32:>9.1f} {'-':>9} {'-':>6}")


if __name__ == "__main__":
    main()
