"""Independent training runs side by side: one single-threaded worker process per seed.

The networks here are small (rows of a few hundred values, layers of 256-512 units): a second
thread speeds one run up little, so one run per core finishes several seeds sooner; and with one
thread per run the results do not depend on how many cores the machine has.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import suppress
from typing import Any

from tqdm import tqdm


def _single_threaded() -> None:
    """Worker initializer: one thread for OpenMP (scikit-learn) and for TensorFlow."""
    os.environ["OMP_NUM_THREADS"] = "1"
    import tensorflow as tf

    tf.config.threading.set_intra_op_parallelism_threads(1)
    tf.config.threading.set_inter_op_parallelism_threads(1)


def run_seeds(
    task: Callable[..., Any],
    seeds: Sequence[int],
    *args: Any,
    steps_per_seed: int,
    label: str,
) -> dict[int, Any]:
    """``task(seed, *args, progress)`` for every seed, each in its own single-threaded worker,
    up to twice the cores at once (three seeds on two cores finish sooner side by side than two
    and then one). ``task`` puts 1 on ``progress`` per finished step; one bar shows them all.
    ``task`` and its arguments must pickle (a module-level function, plain data)."""
    context = multiprocessing.get_context("spawn")  # a fresh TensorFlow in every worker
    workers = min(len(seeds), 2 * (os.cpu_count() or 1))
    with (
        context.Manager() as manager,
        ProcessPoolExecutor(workers, mp_context=context, initializer=_single_threaded) as pool,
        tqdm(
            total=len(seeds) * steps_per_seed,
            desc=f"{label} ({len(seeds)} seeds, {workers} at a time)",
            unit="epoch",
            mininterval=1.0,
        ) as bar,
    ):
        progress = manager.Queue()
        futures = {seed: pool.submit(task, seed, *args, progress) for seed in seeds}
        while not all(future.done() for future in futures.values()):
            with suppress(queue.Empty):
                bar.update(progress.get(timeout=0.5))
        return {seed: future.result() for seed, future in futures.items()}
