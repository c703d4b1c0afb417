"""One seed for Python, NumPy and TensorFlow, with TensorFlow's op determinism on."""

from __future__ import annotations

import os


def seed_everything(seed: int) -> None:
    """Seed every generator a stage uses, so the same params and data give the same bytes.

    Importing TensorFlow here (not at module level) keeps stages that never train light."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    import keras
    import tensorflow as tf

    keras.utils.set_random_seed(seed)  # Python's random, NumPy and TensorFlow
    tf.config.experimental.enable_op_determinism()


def stream_seed(seed: int, stream: str) -> int:
    """The seed of the random stream named ``stream`` (``"evaluation.noise"``,
    ``"analysis.baseline"``...) of a run seeded ``seed``: NumPy's ``SeedSequence`` spawned by
    the name, so streams of different names are independent of each other and of the run's
    own, and the same (seed, name) gives the same stream on every machine. In [0, 2**31)."""
    import numpy as np

    sequence = np.random.SeedSequence(seed, spawn_key=tuple(stream.encode("utf-8")))
    return int(sequence.generate_state(1, dtype=np.uint32)[0] >> 1)
