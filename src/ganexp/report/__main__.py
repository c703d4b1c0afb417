"""``python -m ganexp.report [--check]``: regenerate (or check) the documents from metrics/."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ganexp.report.documents import stale, write


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m ganexp.report", description=__doc__)
    parser.add_argument("--root", type=Path, default=Path("."), help="the repository")
    parser.add_argument("--check", action="store_true", help="only say what is stale")
    args = parser.parse_args()
    if args.check:
        found = stale(args.root)
        for path in found:
            print(f"{path}: stale; run `make readme`", file=sys.stderr)
        sys.exit(1 if found else 0)
    changed = write(args.root)
    print(", ".join(str(p) for p in changed) + ": updated" if changed else "already current")


if __name__ == "__main__":
    main()
