"""Identifier columns: never learned, generated as fresh values in the input's format.

A column that names a row (a customer number, ``user00042``) carries no pattern a GAN should
learn, and a GAN that learns it anyway hands back real identifiers: every synthetic row then
points at a real person. Such a column is declared (``id_columns=`` in the API, ``id`` in a
dataset's ``columns`` in params.yaml) or flagged because a text column holds a distinct value on
(nearly) every row. Its fresh values come in one of two formats, read off the training values:

- ``NumberedIds``: a shared prefix and suffix around a number (``user00042``, ``A-17/x``, or a
  plain integer). Fresh numbers lie above every training number, so none can be a training
  value, and they keep the input's zero-padding.
- ``PatternIds``: anything else (``a3f9c2``, names). Each character is drawn from the characters
  the training values have at that position, with a length drawn from theirs; a value that
  matches a training one is drawn again. Only keyed 64-bit hashes of the training values are
  kept, never the values themselves.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Collection, Mapping
from dataclasses import asdict, dataclass
from typing import Any, Protocol

import numpy as np
import pandas as pd

from ganexp.errors import DataError

# a text column with a distinct value on at least this share of its non-missing rows, and at
# least MIN_DISTINCT of them, is flagged as an identifier
UNIQUE_SHARE = 0.95
MIN_DISTINCT = 20
_NUMBERED = re.compile(r"^(\D*?)(\d{1,18})(\D*)$")
_MAX_ROUNDS = 50  # PatternIds.generate gives up after this many rounds of redrawing


class IdFormat(Protocol):
    def generate(self, n: int, rng: np.random.Generator) -> list[Any]: ...

    def to_dict(self) -> dict[str, Any]: ...


@dataclass(frozen=True)
class NumberedIds:
    """``prefix`` + a number >= ``start`` (zero-padded to ``width``) + ``suffix``; an integer
    column's values are the numbers themselves."""

    start: int
    prefix: str = ""
    suffix: str = ""
    width: int = 0
    integer: bool = False

    def generate(self, n: int, rng: np.random.Generator) -> list[Any]:
        """``n`` distinct values above every training one, in random order and with gaps."""
        numbers = self.start + rng.choice(max(10 * n, 1000), size=n, replace=False)
        if self.integer:
            return [int(number) for number in numbers]
        return [f"{self.prefix}{number:0{self.width}d}{self.suffix}" for number in numbers]

    def to_dict(self) -> dict[str, Any]:
        return {"format": "numbered", **asdict(self)}


@dataclass(frozen=True)
class PatternIds:
    """Values of the training lengths, each character from the training values' characters at
    its position; ``hashes`` (base64 of sorted uint64) are the training values', keyed."""

    alphabets: tuple[str, ...]
    lengths: tuple[int, ...]  # the training values' lengths, one per distinct length
    weights: tuple[float, ...]  # how often each length occurs
    hashes: str

    def generate(self, n: int, rng: np.random.Generator) -> list[Any]:
        """``n`` distinct values, none of them a training value."""
        taken = np.frombuffer(base64.b64decode(self.hashes), dtype="<u8")
        found: dict[str, None] = {}
        for _ in range(_MAX_ROUNDS):
            wanted = n - len(found)
            if wanted == 0:
                break
            lengths = rng.choice(self.lengths, size=2 * wanted, p=self.weights)
            chars = np.stack(
                [
                    np.array(list(a))[rng.integers(len(a), size=lengths.size)]
                    for a in self.alphabets
                ],
                axis=1,
            )
            fresh = ["".join(row[:k]) for row, k in zip(chars, lengths, strict=True)]
            new = [v for v in fresh if v not in found]
            clean = ~np.isin(_hashes(new), taken)
            for value, ok in zip(new, clean, strict=True):
                if ok and len(found) < n:
                    found[value] = None
        if len(found) < n:
            raise DataError(
                f"cannot generate {n} distinct identifiers in the training values' format "
                f"(found {len(found)}): their characters allow too few values"
            )
        return list(found)

    def to_dict(self) -> dict[str, Any]:
        return {"format": "pattern", **asdict(self)}


def id_format(values: pd.Series) -> IdFormat:
    """The format fresh values of the identifier column ``values`` are generated in."""
    present = values.dropna()
    if present.empty:
        raise DataError(f"column {values.name!r}: an identifier column needs values")
    if pd.api.types.is_integer_dtype(present.dtype) or (
        pd.api.types.is_float_dtype(present.dtype) and (present % 1 == 0).all()
    ):
        return NumberedIds(start=int(present.max()) + 1, integer=True)
    texts = present.astype(str)
    parts = texts.str.extract(_NUMBERED)
    if parts.notna().all().all() and parts[0].nunique() == 1 and parts[2].nunique() == 1:
        digits = parts[1].str.len()
        width = int(digits.iloc[0]) if digits.nunique() == 1 else 0
        return NumberedIds(
            start=int(parts[1].astype("int64").max()) + 1,
            prefix=str(parts[0].iloc[0]),
            suffix=str(parts[2].iloc[0]),
            width=width,
        )
    longest = int(texts.str.len().max())
    alphabets = tuple("".join(sorted(set(texts.str[i].dropna()))) or "x" for i in range(longest))
    counts = texts.str.len().value_counts().sort_index()
    return PatternIds(
        alphabets=alphabets,
        lengths=tuple(int(k) for k in counts.index),
        weights=tuple(float(c) / counts.sum() for c in counts),
        hashes=base64.b64encode(np.sort(_hashes(list(texts.unique()))).tobytes()).decode(),
    )


def format_from_dict(state: Mapping[str, Any]) -> IdFormat:
    fields = {k: v for k, v in state.items() if k != "format"}
    if state["format"] == "numbered":
        return NumberedIds(**fields)
    return PatternIds(
        alphabets=tuple(fields["alphabets"]),
        lengths=tuple(fields["lengths"]),
        weights=tuple(fields["weights"]),
        hashes=fields["hashes"],
    )


def looks_like_identifier(values: pd.Series) -> bool:
    """A text column with a distinct value on (nearly) every row: a name, not a category."""
    if pd.api.types.is_numeric_dtype(values.dtype) or pd.api.types.is_bool_dtype(values.dtype):
        return False
    if pd.api.types.is_datetime64_any_dtype(values.dtype):
        return False
    present = values.dropna()
    distinct = present.nunique()
    return distinct >= MIN_DISTINCT and distinct >= UNIQUE_SHARE * len(present)


def flagged_columns(frame: pd.DataFrame, exempt: Collection[str] = ()) -> list[str]:
    """The columns of ``frame`` (less ``exempt``) that look like identifiers, in order."""
    return [c for c in frame.columns if c not in exempt and looks_like_identifier(frame[c])]


def flag_message(values: pd.Series) -> str:
    """What a flagged, undeclared identifier column is, for a warning."""
    present = values.dropna()
    return (
        f"column {values.name!r} has a distinct value on {present.nunique()} of {len(present)} "
        "rows: it is treated as an identifier (fresh values are generated, none learned)"
    )


def _hashes(values: list[str]) -> np.ndarray:
    """Keyed 64-bit hashes: enough to tell a fresh value from a training one, not to list them."""
    return np.array(
        [
            int.from_bytes(hashlib.blake2b(v.encode(), digest_size=8, key=b"ganexp-id").digest())
            for v in values
        ],
        dtype="<u8",
    )
