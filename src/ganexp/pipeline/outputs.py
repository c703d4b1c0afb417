"""Write stage outputs atomically: a failed or killed stage leaves no half-written file behind."""

from __future__ import annotations

import json
import math
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

UNDEFINED = "undefined"


def null_undefined(data: Any, path: str = "") -> tuple[Any, dict[str, str]]:
    """``data`` with every NaN or infinite float replaced by None, and where each one was.

    NaN is not JSON; an undefined figure is null, and the returned map says which key it was."""
    if isinstance(data, dict):
        cleaned, undefined = {}, {}
        for key, value in data.items():
            cleaned[key], inner = null_undefined(value, f"{path}{key}.")
            undefined.update(inner)
        return cleaned, undefined
    if isinstance(data, list | tuple):
        pairs = [null_undefined(value, f"{path}{i}.") for i, value in enumerate(data)]
        return [value for value, _ in pairs], {k: v for _, inner in pairs for k, v in inner.items()}
    if isinstance(data, float) and not math.isfinite(data):
        return None, {path[:-1]: f"not a finite number ({data})"}
    return data, {}


def rounded(value: Any) -> Any:
    """Six decimals everywhere, so a metrics file diffs cleanly and repeats byte for byte."""
    if isinstance(value, dict):
        return {key: rounded(item) for key, item in value.items()}
    if isinstance(value, float):
        return round(value, 6)
    return value


def dumps_metrics(data: dict[str, Any]) -> str:
    """Small, sorted, stable JSON, so `dvc metrics diff` between commits reads cleanly.

    A NaN or infinity becomes null and is listed under "undefined" with a reason (a reason the
    producer already gave there is kept): the file stays valid JSON."""
    cleaned, undefined = null_undefined(data)
    if undefined:
        cleaned[UNDEFINED] = {**undefined, **cleaned.get(UNDEFINED, {})}
    return json.dumps(cleaned, indent=2, sort_keys=True, allow_nan=False) + "\n"


def _partial_prefix(target: Path) -> str:
    """The name prefix of ``target``'s temporary sibling (git and DVC ignore `.*.partial.*`)."""
    return f".{target.name}.partial."


def _remove_leftovers(target: Path) -> None:
    """Temporary siblings of ``target`` left by a run that was killed (SIGKILL skips cleanup)."""
    for leftover in target.parent.glob(f"{_partial_prefix(target)}*"):
        shutil.rmtree(leftover, ignore_errors=True)


@contextmanager
def staged_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success it replaces ``target`` in one rename.

    Works for a file or a directory (write into the yielded path, creating it if a directory).
    Leftovers of an earlier, killed run for the same target are removed first."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_leftovers(target)
    temp = Path(tempfile.mkdtemp(prefix=_partial_prefix(target), dir=target.parent))
    temp = temp / target.name
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
