"""TensorFlow's start-up lines stay off stderr, whatever the CPU, and come back on request."""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = "import os, ganexp, tensorflow as tf;os.write(2, b'after\\n');tf.constant(1.0) + 1"


def _stderr(env_extra: dict[str, str]) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TF_", "GANEXP_"))}
    env.update(env_extra)
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=True
    )
    return result.stderr


def test_importing_tensorflow_after_ganexp_writes_nothing_to_stderr():
    assert _stderr({}) == "after\n"  # the descriptor is restored: later writes get through


def test_the_silenced_block_drops_writes_and_restores_the_descriptor(capfd):
    from ganexp import quiet

    with quiet.stderr_silenced():
        os.write(2, b"hidden\n")
    os.write(2, b"shown\n")
    assert capfd.readouterr().err == "shown\n"


def test_ganexp_tf_logs_leaves_tensorflow_alone():
    from ganexp import quiet

    assert quiet.ENV_SWITCH == "GANEXP_TF_LOGS"
    # where TensorFlow has nothing to say, both are silent; where it has, only this one speaks
    assert _stderr({"GANEXP_TF_LOGS": "1"}).endswith("after\n")
