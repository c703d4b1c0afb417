"""Analytic FLOPs of adversarial training with dense networks: what a benchmark divides by time
to get a share of the machine's matmul bound."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise


def dense_forward_flops(widths: Sequence[int]) -> int:
    """FLOPs (2 per multiply-add) of one row through dense layers ``widths[0] -> ... -> [-1]``;
    biases and activations are left out (under 1% here)."""
    return 2 * sum(a * b for a, b in pairwise(widths))


def epoch_flops(
    n_rows: int,
    batch_size: int,
    generator_widths: Sequence[int],
    judge_widths: Sequence[int],
    judge_steps: int = 1,
    penalty_every: int | None = None,
) -> float:
    """Dense FLOPs of one epoch of ``AdversarialTrainer``.

    With F the forward cost of one row, a training pass costs 3F (forward, gradients of the
    activations, gradients of the weights) and a pass that only carries gradients back to its
    input 2F. A judge step on b real rows: b*F_G (generate) + 2b*3F_J (real and generated, one
    pass); over an epoch that is every row once. A generator step on a full batch:
    batch*(3F_G + 2F_J), one per ``judge_steps`` judge steps. An R1 step (one in
    ``penalty_every``) adds the input gradient of the real rows and its own backward pass,
    about 4F_J per real row."""
    f_g = dense_forward_flops(generator_widths)
    f_j = dense_forward_flops(judge_widths)
    batches = -(-n_rows // batch_size)
    judge = n_rows * (f_g + 6 * f_j)
    generator = batches / judge_steps * batch_size * (3 * f_g + 2 * f_j)
    penalty = n_rows * 4 * f_j / penalty_every if penalty_every else 0.0
    return judge + generator + penalty


def matmul_gflops(rows: int, width: int, repeats: int = 400) -> float:
    """The machine's dense-matmul bound as this process sees it: GFLOP/s of chained
    ``rows x width @ width x width`` float32 matmuls in one tf.function, best of 5 runs."""
    import time

    import numpy as np
    import tensorflow as tf

    rng = np.random.default_rng(0)
    x0 = tf.constant(rng.standard_normal((rows, width)), tf.float32)
    w = tf.constant(np.linalg.qr(rng.standard_normal((width, width)))[0], tf.float32)

    @tf.function
    def chain(x):
        for _ in tf.range(repeats):
            x = tf.matmul(x, w)  # an orthogonal w keeps the norms: no overflow, no denormals
        return x

    chain(x0)
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        chain(x0).numpy()
        best = min(best, time.perf_counter() - start)
    return 2 * rows * width * width * repeats / best / 1e9
