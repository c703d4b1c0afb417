"""The ``ganexp`` command: sample rows from a saved synthesizer without writing Python.

    ganexp sample data/models/adult/refined/seed-42 --rows 100000 --out adult.csv --seed 1 \\
        --where income=">50K"          # --no-refine: the generator's own rows

A bad directory, column or value is one line on stderr and exit code 1; the output file is
written only once every row is there.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ganexp.errors import DataError

PROGRESS_FROM = 50_000  # rows: a progress bar from here on


def _condition(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise argparse.ArgumentTypeError(f"expected COLUMN=VALUE, got {text!r}")
    return name, value


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="ganexp", description="ganexp's command line")
    commands = top.add_subparsers(dest="command", required=True)
    sample = commands.add_parser(
        "sample", help="rows from a saved TabularSynthesizer or ConfidenceGenerator, as CSV"
    )
    sample.add_argument(
        "model_dir",
        type=Path,
        help="a directory written by save(), train_gan or train_confidence_generator",
    )
    sample.add_argument("--rows", type=int, required=True, help="how many rows")
    sample.add_argument("--out", type=Path, required=True, help="the CSV file to write")
    sample.add_argument("--seed", type=int, default=None, help="default: the model's own seed")
    sample.add_argument("--epoch", type=int, default=None, help="a checkpoint of train_gan's")
    sample.add_argument(
        "--where",
        type=_condition,
        action="append",
        default=[],
        metavar="COL=VALUE",
        help="fix a nominal column (repeatable)",
    )
    sample.add_argument(
        "--no-refine",
        dest="refine",
        action="store_false",
        help="the generator's own rows: no refiner keeps them from a larger pool",
    )
    sample.add_argument(
        "--confidence",
        type=float,
        default=None,
        help="a ConfidenceGenerator's requested confidence for every row (default: uniform)",
    )
    return top


def sample(args: argparse.Namespace) -> None:
    if args.rows < 0:
        raise DataError(f"--rows: expected a number of rows >= 0, got {args.rows}")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    from ganexp.black_box.generator import ConfidenceGenerator, is_saved_generator
    from ganexp.tabular.synthesizer import TabularSynthesizer

    if is_saved_generator(args.model_dir):
        if args.where or args.epoch is not None or not args.refine:
            raise DataError(
                "--where, --epoch and --no-refine are a TabularSynthesizer's; this is a "
                "ConfidenceGenerator"
            )
        generator = ConfidenceGenerator.load(args.model_dir)
        rows = generator.sample(args.rows, args.confidence, seed=args.seed or 0)
        _write(rows, args.out)
        return
    if args.confidence is not None:
        raise DataError("--confidence is a ConfidenceGenerator's; this is a TabularSynthesizer")

    synthesizer = TabularSynthesizer.load(args.model_dir, epoch=args.epoch)
    rows = synthesizer.sample(
        args.rows,
        seed=args.seed,
        conditions=dict(args.where),
        progress=args.rows >= PROGRESS_FROM,
        refine=None if args.refine else False,
    )
    _write(rows, args.out)


def _write(rows, out: Path) -> None:
    partial = out.with_name(f".{out.name}.partial")
    rows.to_csv(partial, index=False)
    partial.replace(out)
    print(f"{out}: {len(rows)} rows", file=sys.stderr)


def main(argv: list[str] | None = None) -> None:
    args = parser().parse_args(argv)
    try:
        sample(args)
    except DataError as exc:
        print(f"ganexp: error: {exc}", file=sys.stderr)
        sys.exit(1)
    except OSError as exc:
        print(f"ganexp: error: {exc.filename or ''}: {exc.strerror}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
