"""Switch the frozen peers' stage on or off: `python -m ganexp.pipeline.frozen off|on`.

`dvc unfreeze` cannot rewrite a matrix stage, so `make peers` turns dvc.yaml's one
``frozen: true`` line off for its run and on again after it, however the run ends."""

from __future__ import annotations

import sys
from pathlib import Path

LINE = "    frozen: {}\n"


def switch(path: Path, frozen: bool) -> None:
    """Set the one ``frozen:`` line of ``path`` to ``frozen``; a no-op if it already is."""
    text = path.read_text(encoding="utf-8")
    old, new = LINE.format(str(not frozen).lower()), LINE.format(str(frozen).lower())
    if text.count(new) == 1 and old not in text:
        return
    if text.count(old) != 1:
        raise SystemExit(f"error: {path}: expected one line {old.strip()!r}")
    path.write_text(text.replace(old, new), encoding="utf-8")


def main() -> None:
    if len(sys.argv) != 2 or sys.argv[1] not in ("on", "off"):
        raise SystemExit("usage: python -m ganexp.pipeline.frozen on|off")
    switch(Path("dvc.yaml"), sys.argv[1] == "on")


if __name__ == "__main__":
    main()
