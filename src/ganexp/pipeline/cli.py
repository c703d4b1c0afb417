"""What every stage script shares: argument parsing, timing, and user errors as one line."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

from ganexp.errors import GanexpError
from ganexp.pipeline.outputs import write_json_atomic


def stage_arguments(
    description: str,
    *,
    dataset: bool = False,
    benchmark: bool = False,
    variant: bool = False,
    peer: bool = False,
) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    if dataset:
        parser.add_argument("--dataset", required=True, help="a key under `datasets` in params")
    if benchmark:
        parser.add_argument(
            "--benchmark", required=True, help="a key under `combined.benchmarks` in params"
        )
    if variant:
        parser.add_argument(
            "--variant", required=True, help="a key under `combined.variants` in params"
        )
    if peer:
        parser.add_argument("--peer", required=True, help="a key under `peers.synthesizers`")
    parser.add_argument(
        "--params", default="params.yaml", help="params file (default: %(default)s)"
    )
    return parser.parse_args()


def run_stage(main: Callable[[], None]) -> None:
    """Run a stage's main; a user error becomes `error: <message>` on stderr and exit code 1.

    Anything else is a bug and keeps its traceback."""
    try:
        main()
    except GanexpError as exc:
        print(f"error: {exc}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        sys.exit(130)


class StageTimer:
    """Wall-clock figures, kept apart from the metrics that must repeat byte for byte."""

    def __init__(self) -> None:
        self.start = time.perf_counter()

    def write(self, path: str | Path, **extra: float | str) -> None:
        figures: dict[str, float | str] = {"seconds": round(time.perf_counter() - self.start, 3)}
        figures.update({k: v if isinstance(v, str) else round(v, 4) for k, v in extra.items()})
        write_json_atomic(path, figures)
