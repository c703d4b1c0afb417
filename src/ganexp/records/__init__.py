"""The results the stages write, as typed records: one definition of each shape, built where
the result is computed and read back where the documents are made (``ganexp.report``). A
record's JSON is its ``dump``; a file whose shape differs fails to load with the key named.

Records import nothing of ganexp's but each other: the documents read them without TensorFlow.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict


class Record(BaseModel):
    """A result a ganexp module writes: every key it has is a field here (an unknown key is an
    error). A field with a default that was never set is left out of ``dump``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    def dump(self) -> dict[str, Any]:
        """The record as the JSON its metrics file holds."""
        return self.model_dump(mode="json", exclude_unset=True)


class ReadRecord(BaseModel):
    """A record of a file whose writer still builds plain dicts (the 2-D study): only the
    keys the documents read; others are ignored."""

    model_config = ConfigDict(extra="ignore", frozen=True)


R = TypeVar("R", bound=BaseModel)


def read(path: Path, kind: type[R]) -> R:
    return kind.model_validate(json.loads(path.read_text(encoding="utf-8")))
