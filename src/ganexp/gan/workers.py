"""Independent training runs side by side: one single-threaded worker process per seed.

The networks here are small (rows of a few hundred values, layers of 256-512 units): a second
thread speeds one run up little, so one run per core finishes several seeds sooner; and with one
thread per run the results do not depend on how many cores the machine has.

Where the platform has it (Linux, macOS), the workers fork from a server process that imported
TensorFlow once, instead of each importing it anew (about 5 CPU seconds each); elsewhere they
spawn. Either way every worker sets its threads before TensorFlow runs anything, and a run's
results are the same.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
from collections.abc import Callable, Hashable, Sequence
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


def _worker_context() -> multiprocessing.context.BaseContext:
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    # ganexp first: its import keeps TensorFlow's start-up lines off the stage's stderr
    context.set_forkserver_preload(["ganexp", "tensorflow"])
    return context


def run_seeds(
    task: Callable[..., Any],
    seeds: Sequence[Hashable],
    *args: Any,
    steps_per_seed: int,
    label: str,
) -> dict[Hashable, Any]:
    """``task(seed, *args, progress)`` for every seed, each in its own single-threaded worker,
    up to three times the cores at once (five seeds on two cores finish sooner all side by
    side than four and then one alone). ``task`` puts 1 on ``progress`` per finished step; one
    bar shows them all.
    ``task`` and its arguments must pickle (a module-level function, plain data); a "seed"
    may be any picklable key that names a run (a learner and a seed, say)."""
    context = _worker_context()
    workers = min(len(seeds), 3 * (os.cpu_count() or 1))
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
