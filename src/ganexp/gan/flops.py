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
    paired: bool | None = None,
) -> float:
    """Dense FLOPs of one epoch of ``AdversarialTrainer``.

    With F the forward cost of one row, a training pass costs 3F (forward, gradients of the
    activations, gradients of the weights) and a pass that only carries gradients back to its
    input 2F. A judge step on b real rows: b*F_G (generate) + 2b*3F_J (real and generated, one
    pass); over an epoch that is every row once. A generator step on a full batch:
    batch*(3F_G + 2F_J), one per ``judge_steps`` judge steps; paired with its judge step
    (``paired``, the engine's way when ``judge_steps`` is 1) it takes that step's generated
    rows, so its generator forward pass is already paid and its rows are the judge step's:
    b*(2F_G + 2F_J). An R1 step (one in
    ``penalty_every``) adds the input gradient of the real rows and its own backward pass,
    about 4F_J per real row."""
    f_g = dense_forward_flops(generator_widths)
    f_j = dense_forward_flops(judge_widths)
    batches = -(-n_rows // batch_size)
    judge = n_rows * (f_g + 6 * f_j)
    paired = judge_steps == 1 if paired is None else paired
    if paired:  # every row once, and its generator forward pass paid by the judge step
        generator = n_rows * (2 * f_g + 2 * f_j)
    else:
        generator = batches / judge_steps * batch_size * (3 * f_g + 2 * f_j)
    penalty = n_rows * 4 * f_j / penalty_every if penalty_every else 0.0
    return judge + generator + penalty


def matmul_gflops(
    rows: int, width: int, repeats: int = 400, dtype: str = "float32", out_width: int | None = None
) -> float:
    """The machine's dense-matmul bound as this process sees it: GFLOP/s of chained
    ``rows x width @ width x out_width`` matmuls in ``dtype`` (float32 or bfloat16) in one
    tf.function, best of 5 runs. ``out_width`` defaults to ``width``; a non-square one
    alternates with its transpose, so the chain keeps its shape."""
    import time

    import numpy as np
    import tensorflow as tf

    out_width = width if out_width is None else out_width
    rng = np.random.default_rng(0)
    x0 = tf.cast(tf.constant(rng.standard_normal((rows, width)), tf.float32), dtype)
    basis = np.linalg.qr(rng.standard_normal((max(width, out_width), max(width, out_width))))[0]
    # orthonormal columns keep the norms: no overflow, no denormals
    w = tf.cast(tf.constant(basis[:width, :out_width], tf.float32), dtype)
    back = tf.transpose(w)

    @tf.function
    def chain(x):
        for _ in tf.range(repeats // 2):
            x = tf.matmul(tf.matmul(x, w), back)
        return x

    chain(x0)
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        chain(x0).numpy()
        best = min(best, time.perf_counter() - start)
    return 2 * rows * width * out_width * 2 * (repeats // 2) / best / 1e9
