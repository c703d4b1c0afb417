"""TensorFlow's start-up logging kept off the user's terminal.

On a CPU where TensorFlow takes its oneDNN path it writes lines such as "oneDNN custom operations
are on" and "All log messages before absl::InitializeLog() is called..." straight to file
descriptor 2 while it is being imported, before any Python setting or ``TF_CPP_MIN_LOG_LEVEL``
can reach them. A command's stderr should carry its own messages only (one line for an error),
so the first ``import tensorflow`` in a ganexp process runs with descriptor 2 pointed at
/dev/null, and TensorFlow's C++ log level defaults to warnings-and-up-hidden. Python exceptions
raised by the import are not lost: they propagate after stderr is restored.

``GANEXP_TF_LOGS=1`` in the environment turns all of this off (to debug TensorFlow itself).
"""

from __future__ import annotations

import contextlib
import importlib.abc
import importlib.machinery
import importlib.util
import os
import sys
from collections.abc import Iterator
from types import ModuleType

ENV_SWITCH = "GANEXP_TF_LOGS"  # "1": leave TensorFlow's logging as TensorFlow sets it


@contextlib.contextmanager
def stderr_silenced() -> Iterator[None]:
    """Point file descriptor 2 at /dev/null for the block (C++ writes included)."""
    sys.stderr.flush()
    saved = os.dup(2)
    try:
        with open(os.devnull, "wb") as null:
            os.dup2(null.fileno(), 2)
        yield
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)
        os.close(saved)


class _SilentLoader(importlib.abc.Loader):
    """Runs the real loader of ``tensorflow`` with stderr silenced."""

    def __init__(self, loader: importlib.abc.Loader) -> None:
        self._loader = loader

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self._loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        module.__loader__ = self._loader
        if module.__spec__ is not None:
            module.__spec__.loader = self._loader
        with stderr_silenced():
            self._loader.exec_module(module)


class _QuietTensorFlowFinder(importlib.abc.MetaPathFinder):
    """Finds ``tensorflow`` as the other finders do, then loads it silently (once)."""

    def find_spec(self, fullname: str, path, target=None) -> importlib.machinery.ModuleSpec | None:
        if fullname != "tensorflow":
            return None
        uninstall()
        spec = importlib.util.find_spec(fullname)
        if spec is not None and spec.loader is not None:
            spec.loader = _SilentLoader(spec.loader)
        return spec


def install() -> None:
    """Silence TensorFlow's start-up in this process (a no-op once TensorFlow is imported, or
    with ``GANEXP_TF_LOGS=1``)."""
    if os.environ.get(ENV_SWITCH) == "1" or "tensorflow" in sys.modules:
        return
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    if not any(isinstance(finder, _QuietTensorFlowFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, _QuietTensorFlowFinder())


def uninstall() -> None:
    sys.meta_path[:] = [f for f in sys.meta_path if not isinstance(f, _QuietTensorFlowFinder)]
