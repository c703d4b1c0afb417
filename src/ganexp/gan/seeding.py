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
