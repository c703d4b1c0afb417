"""Encode a typed table into [0, 1] floats for a GAN, and decode generated rows back.

The scikit-learn contract: ``fit`` learns the column layout, ``transform`` encodes, and
``inverse_transform`` decodes *any* array in [0, 1] (a generator's output included) into rows that
read like the input. State is plain JSON, never a pickle.

Two encodings per kind of column:
- nominal ``codes`` (the original study's): the category code in declared order, min-max scaled to
  one column; ``onehot``: one column per category.
- numeric ``minmax`` (the original study's): (x - min) / (max - min); ``quantile``: x's place in
  the column's empirical distribution, so every column is spread evenly over [0, 1]: a column of
  at most ``knots`` whole numbers keeps its levels, any other decodes between at most ``knots``
  of its quantiles (new values, not copies of training ones). With ``point_mass``, a value on
  more than that share of the rows (capital-gain's 92% of zeros) is a one-hot flag apart from
  the rest of the column (``NumericColumn``); with ``tails``, so is each tail of a continuous
  column's rest (that share of its rows at either end, where each holds ``MIN_TAIL_ROWS``).
A missing nominal value (``?`` in ARFF) is a category of its own; a missing numeric one is imputed
with the median and counted.

With ``derive``, a column that is a function of a nominal one in the fitted rows (Adult's
``education-num`` of ``education``) is not encoded: it is rebuilt from its source on decoding, so
generated rows cannot contradict the function (a GAN that learns it gets it wrong often enough
for a detector to tell its rows by that pair). ``joint`` groups are encoded as one value over the
combinations the rows have; ``discrete`` numeric columns one-hot over their values. With
``relations``, the exact relations every fitted row keeps (``learn_relations``: the train
split's) are kept in every decoded row (``relations``). The columns are in ``columns`` and
``related_columns``; ``normal`` encodes quantile places as normal scores.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

import numpy as np
import pandas as pd

from ganexp.errors import DataError
from ganexp.tabular.encoding.columns import (
    NominalColumn,
    NominalEncoding,
    NumericColumn,
    NumericEncoding,
)
from ganexp.tabular.encoding.layout import Block
from ganexp.tabular.encoding.quantiles import decimal_step, point_masses, quantile_grid
from ganexp.tabular.encoding.related_columns import (
    ENCODED_AS,
    Column,
    DerivedColumn,
    JointColumn,
    check_joint,
    joint_column,
    with_derived,
)
from ganexp.tabular.encoding.relations import Relation, find_relations, keep_relations
from ganexp.tabular.encoding.settings import KNOTS, POINT_MASS

_FORMAT = "ganexp.TabularEncoder"
_VERSION = 5  # a state in which no column has tails
_TAILS_VERSION = 6  # a state in which one has: readers of version 5 refuse it
# 2: no derived columns; before 4: ``kind`` for ``encoded_as``; before 5: no point masses or
# knots; before 6: no tails
_READABLE_VERSIONS = (2, 3, 4, 5, 6)
MIN_TAIL_ROWS = 10  # a column's tails are flagged apart only where each holds this many rows


class TabularEncoder:
    """Encodes a table from ``read_arff``; ``drop`` names columns left out (Adult's ``fnlwgt``)."""

    def __init__(
        self,
        drop: Sequence[str] = (),
        nominal: NominalEncoding = "codes",
        numeric: NumericEncoding = "minmax",
        derive: bool = False,
        joint: Sequence[Sequence[str]] = (),
        discrete: Sequence[str] = (),
        point_mass: float | None = None,
        knots: int = KNOTS,
        interpolated: Sequence[str] = (),
        relations: bool = False,
        normal: bool = False,
        tails: float | None = None,  # the pipeline and the synthesizer: settings.TAILS
    ) -> None:
        self.drop = tuple(drop)
        self.point_mass = point_mass  # quantile: a value on more than this share is flagged
        self.tails = tails  # quantile: this share of the rest at either end is flagged apart
        self.knots = knots  # quantile: at most this many knots (or levels) per column
        self.interpolated = tuple(interpolated)  # never kept as levels (dates and times)
        self.relations = relations  # find exact relations between columns and keep them
        self.normal = normal  # quantile: places as normal scores (NumericColumn)
        self.relations_: tuple[Relation, ...] = ()
        self.discrete = tuple(discrete)  # numeric columns encoded one-hot over their values
        self.nominal = nominal
        self.numeric = numeric
        self.derive = derive
        self.joint = tuple(tuple(group) for group in joint)
        self.columns_: tuple[Column, ...] = ()
        self.names_: tuple[str, ...] = ()  # the input's columns, in order (less the drops)

    @classmethod
    def of_columns(
        cls, columns: Sequence[Column], nominal: NominalEncoding, numeric: NumericEncoding
    ) -> TabularEncoder:
        """An encoder of columns built elsewhere, not fitted on rows (a table spec's alone)."""
        encoder = cls(nominal=nominal, numeric=numeric)
        encoder.columns_ = tuple(columns)
        encoder.names_ = tuple(column.name for column in columns)
        return encoder

    # -- the scikit-learn contract -------------------------------------------------------------
    def fit(self, frame: pd.DataFrame) -> TabularEncoder:
        """Learn the layout: categories from the Categorical dtypes, ranges from the data."""
        missing = [name for name in self.drop if name not in frame.columns]
        if missing:
            raise DataError(f"cannot drop column(s) not in the data: {', '.join(missing)}")
        kept = [name for name in frame.columns if name not in self.drop]
        if not kept:
            raise DataError("no columns left to encode after the drops")
        grouped = check_joint(self.joint, kept, frame)
        self._check_discrete(kept, frame)
        columns: list[Column] = []
        for name in kept:
            group = grouped.get(name)
            if group is None:
                columns.append(self._fit_column(name, frame[name]))
            elif name == min(group, key=kept.index):  # where its first part was
                columns.append(joint_column(group, frame))
        if self.derive:
            columns = with_derived(columns, frame)
        self.columns_ = tuple(columns)
        self.names_ = tuple(kept)
        if self.relations:
            self.learn_relations(frame)
        return self

    def learn_relations(self, rows: pd.DataFrame) -> TabularEncoder:
        """Keep, on decoding, the exact relations that every one of ``rows`` has (``fit``'s rows
        with ``relations``; the training rows where the encoder is fit on more). Not between
        derived columns or joint parts: those are kept already."""
        self._check_fitted()
        aside = [c.name for c in self.columns_ if c.encoded_as == "derived"]
        aside += [part for parts in self.joint_columns.values() for part in parts]
        share = POINT_MASS if self.point_mass is None else self.point_mass
        self.relations = True
        self.relations_ = find_relations(rows[list(self.names_)], share, exclude=aside)
        return self

    def transform(self, frame: pd.DataFrame) -> np.ndarray:
        """Encode rows to a float32 array (one column per encoded feature)."""
        self._check_fitted()
        absent = [name for name in self.names_ if name not in frame.columns]
        if absent:
            raise DataError(f"missing column(s) the encoder was fit with: {', '.join(absent)}")
        encoded = [column.encode_frame(frame) for column in self.columns_]
        return np.concatenate(encoded, axis=1).astype("float32")

    def fit_transform(self, frame: pd.DataFrame) -> np.ndarray:
        return self.fit(frame).transform(frame)

    def inverse_transform(self, array: np.ndarray) -> pd.DataFrame:
        """Decode any array (clipped to [0, 1]) into valid rows: the nearest category or the
        largest one-hot entry, numeric values in the observed range, integer columns as integers."""
        self._check_fitted()
        array = np.asarray(array)
        width = sum(column.width for column in self.columns_)
        if array.ndim != 2 or array.shape[1] != width:
            raise DataError(f"expected an array of shape (rows, {width}), got {array.shape}")
        if not np.isfinite(array).all():
            raise DataError("cannot decode rows containing NaN or infinite values")
        slices = self.column_slices()
        decoded: dict[str, Any] = {}
        # a column that depends on others is decoded after them and after the relations are
        # kept (one level: a source is never itself derived)
        for column in [c for c in self.columns_ if not c.depends_on]:
            column.decode_into(array[:, slices[column.name]], decoded)
        keep_relations(decoded, self.relations_)
        for column in [c for c in self.columns_ if c.depends_on]:
            column.decode_into(array[:, slices[column.name]], decoded)
        return pd.DataFrame({name: decoded[name] for name in self.names_})

    # -- introspection ---------------------------------------------------------------------------
    @property
    def feature_names_out(self) -> list[str]:
        return [name for column in self.columns_ for name in column.feature_names()]

    def column_slices(self) -> dict[str, slice]:
        """Where each input column lies in the encoded array."""
        slices, start = {}, 0
        for column in self.columns_:
            slices[column.name] = slice(start, start + column.width)
            start += column.width
        return slices

    @property
    def layout(self) -> list[Block]:
        """What a generator's output head needs: each encoded column's layout block."""
        return [block for column in self.columns_ for block in column.blocks()]

    @property
    def derived(self) -> dict[str, str]:
        """Each derived column's source column."""
        return {c.name: c.source for c in self.columns_ if isinstance(c, DerivedColumn)}

    @property
    def joint_columns(self) -> dict[str, tuple[str, ...]]:
        """Each joint column's parts."""
        return {c.name: c.parts for c in self.columns_ if isinstance(c, JointColumn)}

    def summary(self) -> dict[str, Any]:
        """How many columns of each kind the layout has, what is derived from what, and how
        many combinations each joint column holds."""
        self._check_fitted()
        kinds = [column.encoded_as for column in self.columns_]
        return {
            "columns": {
                "encoded": len(kinds) - kinds.count("derived"),
                "nominal": kinds.count("nominal"),
                "numeric": kinds.count("numeric"),
                "derived": kinds.count("derived"),
                "joint": kinds.count("joint"),
                "discrete": sum(
                    c.encoded_as == "numeric" and c.encoding == "onehot" for c in self.columns_
                ),
            },
            "derived_from": self.derived,
            "point_masses": {
                c.name: list(c.masses) for c in self.columns_ if getattr(c, "masses", ())
            },
            "tails": [c.name for c in self.columns_ if getattr(c, "tails", 0.0)],
            "joint_combinations": {
                c.name: len(c.combinations) for c in self.columns_ if isinstance(c, JointColumn)
            },
        }

    @property
    def missing_counts(self) -> dict[str, int]:
        """Missing values seen at fit time, per column (only columns that had any)."""
        return {c.name: c.n_missing for c in self.columns_ if c.n_missing}

    # -- JSON state ------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        self._check_fitted()
        columns = []
        for column in self.columns_:
            state = asdict(column)
            for key in ("categories", "values", "positions", "edges", "masses"):
                if key in state:
                    state[key] = list(state[key])
            if state.get("tails") == 0.0:  # no tails: the column's state as version 5 had it
                del state["tails"]
            columns.append(state)
        # a state in which no column has tails is the one version 5 wrote, byte for byte (a
        # table with no continuous column, or too few rows, is unchanged by the setting)
        tailed = any("tails" in column for column in columns)
        tails = {"tails": self.tails} if tailed else {}
        return {
            "format": _FORMAT,
            "version": _TAILS_VERSION if tailed else _VERSION,
            "drop": list(self.drop),
            "nominal": self.nominal,
            "numeric": self.numeric,
            "derive": self.derive,
            "joint": [list(group) for group in self.joint],
            "discrete": list(self.discrete),
            "point_mass": self.point_mass,
            "knots": self.knots,
            "interpolated": list(self.interpolated),
            "relations": [relation.to_dict() for relation in self.relations_],
            "normal": self.normal,
            **tails,
            "names": list(self.names_),
            "columns": columns,
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=1) + "\n"

    @classmethod
    def from_dict(cls, state: dict[str, Any]) -> TabularEncoder:
        if state.get("format") != _FORMAT or state.get("version") not in _READABLE_VERSIONS:
            raise DataError(
                f"not a {_FORMAT} state of version {' or '.join(map(str, _READABLE_VERSIONS))}"
            )
        encoder = cls(
            drop=state["drop"],
            nominal=state["nominal"],
            numeric=state["numeric"],
            derive=state.get("derive", False),
            joint=state.get("joint", ()),
            discrete=state.get("discrete", ()),
            point_mass=state.get("point_mass"),
            knots=state.get("knots", KNOTS),
            interpolated=state.get("interpolated", ()),
            relations=bool(state.get("relations")),
            normal=state.get("normal", False),
            tails=state.get("tails"),
        )
        encoder.relations_ = tuple(Relation.from_dict(r) for r in state.get("relations", ()))
        columns: list[Column] = []
        for entry in state["columns"]:
            entry = dict(entry)
            encoded_as = entry.pop("encoded_as", None) or entry.pop("kind")  # kind: before v4
            if encoded_as not in ENCODED_AS:
                raise DataError(f"unknown encoded column {encoded_as!r} in encoder state")
            columns.append(ENCODED_AS[encoded_as].from_state(entry))
        encoder.columns_ = tuple(columns)
        encoder.names_ = tuple(state.get("names", [c.name for c in columns]))
        return encoder

    @classmethod
    def from_json(cls, text: str) -> TabularEncoder:
        return cls.from_dict(json.loads(text))

    def _check_fitted(self) -> None:
        if not self.columns_:
            raise DataError("the encoder is not fitted yet: call fit first")

    def _check_discrete(self, kept: list[str], frame: pd.DataFrame) -> None:
        for name in self.discrete:
            if name not in kept:
                raise DataError(f"discrete column '{name}' is not in the data")
            if not pd.api.types.is_numeric_dtype(frame[name]):
                raise DataError(
                    f"discrete column '{name}': expected a numeric column (a nominal one is "
                    "discrete already)"
                )
            if self.nominal != "onehot":
                raise DataError(
                    f"discrete column '{name}': needs nominal encoding onehot, not {self.nominal}"
                )

    def _fit_column(self, name: str, values: pd.Series) -> Column:
        n_missing = int(values.isna().sum())
        if isinstance(values.dtype, pd.CategoricalDtype):
            categories = tuple(str(c) for c in values.cat.categories)
            return NominalColumn(
                name, categories, n_missing > 0, n_missing=n_missing, encoding=self.nominal
            )
        if not pd.api.types.is_numeric_dtype(values):
            raise DataError(f"column '{name}' is neither numeric nor categorical ({values.dtype})")
        observed = values.dropna().to_numpy(dtype="float64")
        if observed.size == 0:
            raise DataError(f"column '{name}' has no values, only missing ones")
        integer = bool(np.all(observed == np.rint(observed)))
        common = dict(
            minimum=float(observed.min()),
            maximum=float(observed.max()),
            median=float(np.median(observed)),
            integer=integer,
            n_missing=n_missing,
        )
        if name in self.discrete or self.numeric != "quantile":
            encoding = "onehot" if name in self.discrete else self.numeric
            distinct = tuple(float(v) for v in np.unique(observed))
            return NumericColumn(name, **common, encoding=encoding, values=distinct)
        masses = point_masses(observed, self.point_mass)
        levels = name not in self.interpolated
        rest = observed[~np.isin(observed, masses)]
        grid = quantile_grid(rest, integer, levels, self.knots)
        if grid.get("interpolate"):
            grid["step"] = 1.0 if integer else decimal_step(observed)
        tails = self.tails if self.tails and self.tails * rest.size >= MIN_TAIL_ROWS else 0.0
        tails = tails if grid.get("interpolate") else 0.0  # levels keep one grid (NumericColumn)
        masses_kept = tuple(float(m) for m in masses)
        return NumericColumn(
            name,
            **common,
            encoding="quantile",
            masses=masses_kept,
            normal=self.normal,
            tails=tails,
            **grid,
        )
