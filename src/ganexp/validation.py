"""The base of every settings model, and one way to word a validation error.

Each group of settings is declared once, as a pydantic model in the package that uses it
(``ganexp.tabular.model.settings``, ``ganexp.gaussians.settings``, ...): its fields, defaults and
constraints serve the Python API and params.yaml alike. A bad value is one line naming the key:
the API prefixes nothing (the key is the keyword), the pipeline prefixes the file and section.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

PositiveInt = Annotated[int, Field(ge=1)]
NonNegativeInt = Annotated[int, Field(ge=0)]
Fraction = Annotated[float, Field(gt=0.0, lt=1.0)]
Probability = Annotated[float, Field(ge=0.0, le=1.0)]
LearningRate = Annotated[float, Field(gt=0.0, le=1.0)]
Seed = Annotated[int, Field(ge=0, lt=2**31)]
NonNegative = Annotated[float, Field(ge=0.0)]
Positive = Annotated[float, Field(gt=0.0)]
Beta = Annotated[float, Field(ge=0.0, lt=1.0)]  # Adam's beta_1
Decay = Annotated[float, Field(gt=0.0, lt=1.0)]  # a moving average's
Width = Annotated[int, Field(gt=0, le=8192)]  # of a hidden layer
Activation = Literal["relu", "leaky_relu", "elu", "gelu", "selu", "swish", "tanh"]


class Section(BaseModel):
    """Unknown keys are errors, types are checked strictly (``epochs: "10"`` is not 10), and a
    model is immutable once validated."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    def __init__(self, **values: Any) -> None:
        """Keywords in, or a one-line ValueError naming the first bad keyword (params.yaml is
        validated with ``model_validate``, whose errors the pipeline words itself)."""
        try:
            super().__init__(**values)
        except ValidationError as exc:
            message = first_error(exc)
            if message.split(":")[1:2] == [" unknown key"]:
                message += f"; expected some of: {', '.join(type(self).model_fields)}"
            raise ValueError(message) from None


def first_error(exc: ValidationError) -> str:
    """``key.path: what is wrong`` for the first problem (and how many more there are); no key
    for a rule that spans the whole model."""
    errors = exc.errors(include_url=False)
    error = errors[0]
    # a bad mapping key is reported at the key, not at pydantic's "[key]" below it
    key = ".".join(str(part) for part in error["loc"] if part != "[key]")
    kind = error["type"]
    if kind == "extra_forbidden":
        message = "unknown key"
    elif kind == "missing":
        message = "missing key"
    else:
        message = error["msg"].removeprefix("Value error, ")
        if "input" in error and not isinstance(error["input"], dict):
            message += f" (got {error['input']!r})"
    more = f" (and {len(errors) - 1} more problem(s))" if len(errors) > 1 else ""
    if kind == "value_error" and re.match(r"^[A-Za-z0-9_.\[\]-]+: ", message):
        # a rule of the whole model names its own field: "seeds: must be distinct"
        return f"{key}.{message}{more}" if key else f"{message}{more}"
    return f"{key}: {message}{more}" if key else f"{message}{more}"


def as_tuple(value: Any) -> Any:
    """A list (from YAML or JSON) as the tuple a frozen model holds."""
    return tuple(value) if isinstance(value, list) else value
