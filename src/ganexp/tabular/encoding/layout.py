"""The layout of an encoded row as the generator's head sees it: a block per encoded column.

Every column kind (``columns``, ``related_columns``) gives its part of the layout
as one of these two types, and the networks and the quality figures read nothing else. A block
is saved in the generator's config as the plain dict ``to_dict`` gives.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, ClassVar

import numpy as np


@dataclass(frozen=True)
class OneHotBlock:
    """A group of ``width`` one-hot columns, one per category; ``frequencies``: each category's
    share of the training rows, once measured (``with_frequencies``)."""

    width: int
    frequencies: tuple[float, ...] | None = None
    form: ClassVar[str] = "onehot"

    def to_dict(self) -> dict[str, Any]:
        state: dict[str, Any] = {"form": self.form, "width": self.width}
        if self.frequencies is not None:
            state["frequencies"] = list(self.frequencies)
        return state


@dataclass(frozen=True)
class ValueBlock:
    """One value column in [0, 1]: the encoded values real rows take (``allowed``, sorted) and
    the ``edges`` between them that decide which one a generated value snaps to; both None for a
    column that may take any value."""

    allowed: tuple[float, ...] | None = None
    edges: tuple[float, ...] | None = None
    form: ClassVar[str] = "value"
    width: ClassVar[int] = 1

    @classmethod
    def on_points(cls, points: tuple[list[float], list[float]] | None) -> ValueBlock:
        """From a column's ``snap_points`` (allowed values and the edges between them)."""
        if points is None:
            return cls()
        allowed, edges = points
        return cls(tuple(allowed), tuple(edges))

    def to_dict(self) -> dict[str, Any]:
        return {
            "form": self.form,
            "allowed": None if self.allowed is None else list(self.allowed),
            "edges": None if self.edges is None else list(self.edges),
        }


Block = OneHotBlock | ValueBlock


def block_from_dict(state: dict[str, Any] | Block) -> Block:
    """A block from its saved dict (a saved generator's config); a block stays as it is."""
    if isinstance(state, OneHotBlock | ValueBlock):
        return state
    form = state.get("form") or state.get("kind")  # "kind" in generators saved before
    if form == OneHotBlock.form:
        shares = state.get("frequencies")
        return OneHotBlock(state["width"], None if shares is None else tuple(shares))
    if form == ValueBlock.form:
        allowed, edges = state.get("allowed"), state.get("edges")
        return ValueBlock(
            None if allowed is None else tuple(allowed), None if edges is None else tuple(edges)
        )
    raise ValueError(f"unknown layout block form {form!r}")


def row_width(blocks: Sequence[Block]) -> int:
    """Encoded columns in a row."""
    return sum(block.width for block in blocks)


def onehot_width(blocks: Sequence[Block]) -> int:
    """One-hot columns in a row (a sampling head takes one uniform per one-hot column)."""
    return sum(block.width for block in blocks if isinstance(block, OneHotBlock))


def with_frequencies(blocks: Sequence[Block], train: np.ndarray) -> list[Block]:
    """``blocks`` with each one-hot group's category shares among the encoded ``train`` rows:
    the generator's head never makes a category no training row has, and its logits can start
    at the shares (``marginal_init``)."""
    enriched: list[Block] = []
    position = 0
    for block in blocks:
        if isinstance(block, OneHotBlock):
            columns = train[:, position : position + block.width]
            shares = columns.mean(axis=0) if len(train) else np.zeros(block.width)
            block = replace(block, frequencies=tuple(round(float(v), 6) for v in shares))
        enriched.append(block)
        position += block.width
    return enriched
