"""Write stage outputs atomically: a failed stage leaves no half-written file behind."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


def dumps_metrics(data: dict[str, Any]) -> str:
    """Small, sorted, stable JSON, so `dvc metrics diff` between commits reads cleanly."""
    return json.dumps(data, indent=2, sort_keys=True) + "\n"


@contextmanager
def staged_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success it replaces ``target`` in one rename.

    Works for a file or a directory (write into the yielded path, creating it if a directory)."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent)) / target.name
    try:
        yield temp
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        os.replace(temp, target)
    finally:
        shutil.rmtree(temp.parent, ignore_errors=True)


def write_text_atomic(target: str | Path, text: str) -> None:
    with staged_path(target) as temp:
        temp.write_text(text, encoding="utf-8")


def write_json_atomic(target: str | Path, data: dict[str, Any]) -> None:
    write_text_atomic(target, dumps_metrics(data))
