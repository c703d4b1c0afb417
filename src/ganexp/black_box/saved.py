"""A saved model's folder: its JSON state (a format name and version first) beside its other
files, written and read with one-line errors for a missing file or a foreign state."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ganexp.errors import DataError


def write_state(folder: Path, name: str, form: str, version: int, state: dict[str, Any]) -> None:
    body = {"format": form, "version": version, **state}
    (Path(folder) / name).write_text(json.dumps(body, indent=1) + "\n", encoding="utf-8")


def read_state(
    folder: str | Path, name: str, others: Sequence[str], form: str, version: int
) -> dict[str, Any]:
    """The state ``name`` in ``folder``, once it and the ``others`` are there and it is a
    ``form`` of ``version``."""
    folder = Path(folder)
    files = [name, *others]
    for file in files:
        if not (folder / file).is_file():
            raise DataError(
                f"{folder / file}: not found; a saved {form.removeprefix('ganexp.')} is "
                + ", ".join(files)
            )
    state = json.loads((folder / name).read_text(encoding="utf-8"))
    if state.get("format") != form or state.get("version") != version:
        raise DataError(f"{folder / name}: not a {form} of version {version}")
    return state
