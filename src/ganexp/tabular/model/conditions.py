"""Training-by-sampling (CTGAN's conditional vector, Xu et al. 2019), for ``training_by_sampling``.

A *condition* is one category of one one-hot group of the layout (a nominal column, a joint
column, a discrete one, a point mass's flag): "this row has category c in group g". The
generator is given one with every row and makes that category by construction (its head
masks the group's other categories); the judge sees, beside every row, which group was
conditioned on (a one-hot over the groups: with the row, that is the whole condition).

- In training, a batch's conditions are drawn as CTGAN draws them: a group uniformly, then a
  category with probability proportional to log(1 + its training rows), so rare categories are
  drawn far more often than their share; the real rows of the batch are drawn among the rows
  that have each condition (``ConditionSampler``), so the judge compares like with like.
- In sampling, the condition comes from the generator's last noise column, ``u`` in [-1, 1],
  through the categories' *training* shares (a group uniformly, a category by its share;
  ``ConditionDraw``): uniform noise, as every caller draws, gives rows in the training
  proportions; a fixed ``u`` (``Conditions.noise_value``) gives rows of one category, which is
  how ``sample(conditions=...)`` fixes a nominal column without rejection.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import keras
import numpy as np
import tensorflow as tf

from ganexp.gan.noise import uniform_noise
from ganexp.tabular.encoding.columns import NominalColumn
from ganexp.tabular.encoding.encoder import TabularEncoder
from ganexp.tabular.encoding.layout import Block, OneHotBlock


@dataclass(frozen=True)
class Conditions:
    """The conditions a layout allows: one per category of a one-hot group that training rows
    have (a category no row has is never made, so never a condition)."""

    onehot_width: int  # one-hot columns in a row; a condition is a one-hot over them
    n_groups: int
    group: np.ndarray  # (P,) each condition's group
    onehot_index: np.ndarray  # (P,) its column among the one-hot columns
    row_index: np.ndarray  # (P,) its column in the encoded row
    upper: np.ndarray  # (P,) float32: the cumulative training shares, over all conditions

    @classmethod
    def of_blocks(cls, blocks: Sequence[Block]) -> Conditions:
        """The conditions of ``blocks`` (with their ``frequencies``; without, every category of
        a group counts as equally common)."""
        group, onehot_index, row_index, share = [], [], [], []
        position = onehot = n_groups = 0
        for block in blocks:
            if not isinstance(block, OneHotBlock):
                position += block.width
                continue
            shares = np.asarray(block.frequencies or np.ones(block.width), "float64")
            seen = np.flatnonzero(shares > 0)
            if seen.size:
                group += [n_groups] * seen.size
                onehot_index += list(onehot + seen)
                row_index += list(position + seen)
                share += list(shares[seen] / shares[seen].sum())
                n_groups += 1
            position += block.width
            onehot += block.width
        if not n_groups:
            raise ValueError("training_by_sampling needs a nominal column (a one-hot group)")
        probability = np.asarray(share) / n_groups  # a group uniformly, then its category
        upper = np.cumsum(probability).astype("float32")
        upper[-1] = np.float32(1.0)
        conditions = cls(
            onehot,
            n_groups,
            np.asarray(group),
            np.asarray(onehot_index),
            np.asarray(row_index),
            upper,
        )
        drawn = conditions.draw(conditions.noise_value(np.arange(len(group))))
        if not np.array_equal(drawn, np.arange(len(group))):  # float32 leaves one no interval
            raise ValueError("a category is too rare to be drawn as a condition in float32")
        return conditions

    def __len__(self) -> int:
        return len(self.group)

    def draw(self, u: np.ndarray) -> np.ndarray:
        """The condition each noise value ``u`` in [-1, 1] stands for (as ``ConditionDraw``)."""
        unit = (np.asarray(u, "float32") + np.float32(1.0)) * np.float32(0.5)
        return np.minimum(np.searchsorted(self.upper, unit, side="right"), len(self) - 1)

    def noise_value(self, condition: np.ndarray) -> np.ndarray:
        """The noise value that stands for each ``condition``: its interval's middle."""
        return noise_values(self.upper)[np.asarray(condition)]

    def training_probabilities(self, counts: np.ndarray) -> np.ndarray:
        """CTGAN's training draw: a group uniformly, then a category in proportion to
        log(1 + its training rows), ``counts`` per condition."""
        weight = np.log1p(np.asarray(counts, "float64"))
        totals = np.zeros(self.n_groups)
        np.add.at(totals, self.group, weight)
        return weight / totals[self.group] / self.n_groups


def noise_values(upper: Sequence[float]) -> np.ndarray:
    """The middle of each condition's interval of [-1, 1], from the cumulative shares."""
    upper = np.asarray(upper, "float64")
    return (np.concatenate([[0.0], upper[:-1]]) + upper - 1.0).astype("float32")


def fixed_noise_value(draw: ConditionDraw, onehot_column: int) -> float | None:
    """The noise value that makes a generator with the layer ``draw`` make the category of one-hot
    column ``onehot_column`` (None: not a condition, its category never made)."""
    if onehot_column not in draw.onehot_index:
        return None
    return float(noise_values(draw.upper)[draw.onehot_index.index(onehot_column)])


def direct_condition(
    encoder: TabularEncoder, draw: ConditionDraw, wanted: Mapping[str, str]
) -> tuple[set[str], float | None]:
    """Of the ``wanted`` categories ({column: category}), the first whose column is a one-hot
    group, and the noise value that makes it (``sample(conditions=...)`` draws the rest)."""
    onehot = 0  # one-hot columns before this column
    for column in encoder.columns_:
        picked = isinstance(column, NominalColumn) and column.name in wanted
        if picked and column.encoding == "onehot" and column.width > 1:
            index = onehot + column.categories.index(wanted[column.name])
            value = fixed_noise_value(draw, index)
            return ({column.name}, value) if value is not None else (set(), None)
        onehot += sum(block.width for block in column.blocks() if isinstance(block, OneHotBlock))
    return set(), None


def random_groups(n: int, n_groups: int, seed: int) -> np.ndarray:
    """A group per row, uniformly (one-hot, float32): what the judge sees beside rows that were
    not made under a known condition (real rows, rows sampled without one)."""
    picked = np.random.default_rng(seed).integers(0, n_groups, n)
    return np.eye(n_groups, dtype="float32")[picked]


def judge_view(judge, rows: np.ndarray, seed: int) -> np.ndarray:
    """``rows`` as ``judge`` takes them: a judge trained by sampling is wider than a row by its
    groups, and gets a random one beside each row; any other judge the rows as they are."""
    extra = int(judge.input_shape[-1]) - rows.shape[1]
    return rows if extra == 0 else np.hstack([rows, random_groups(len(rows), extra, seed)])


@keras.saving.register_keras_serializable(package="ganexp")
class ConditionDraw(keras.layers.Layer):
    """The generator's condition from its last noise column: ``u`` in [-1, 1] -> a one-hot
    over the one-hot columns, the condition whose interval of the training shares holds u."""

    def __init__(self, upper: Sequence[float], onehot_index: Sequence[int], width: int, **kwargs):
        super().__init__(**kwargs)
        self.upper = [float(v) for v in upper]
        self.onehot_index = [int(i) for i in onehot_index]
        self.width = int(width)

    def call(self, u):
        unit = (tf.cast(u[:, 0], tf.float32) + 1.0) * 0.5
        upper = tf.constant(self.upper, tf.float32)
        drawn = tf.minimum(tf.searchsorted(upper, unit, side="right"), len(self.upper) - 1)
        column = tf.gather(tf.constant(self.onehot_index, tf.int32), drawn)
        return tf.one_hot(column, self.width, dtype=tf.float32)

    def compute_output_shape(self, input_shape):
        return (input_shape[0], self.width)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "upper": self.upper,
            "onehot_index": self.onehot_index,
            "width": self.width,
        }


class ConditionSampler:
    """A training batch's conditions and the real rows that meet them, drawn inside the
    compiled epoch from the trainer's random stream (``AdversarialTrainer``'s ``sampler``)."""

    def __init__(self, conditions: Conditions, noise_width: int) -> None:
        self.conditions = conditions
        self.noise_width = noise_width  # the generator's input, its condition column included
        self._tables: tuple[tf.Tensor, ...] | None = None

    def index(self, train: np.ndarray) -> None:
        """Learn which of ``train``'s rows (the rows an epoch goes through) meet each condition."""
        c = self.conditions
        members = [np.flatnonzero(train[:, column] == 1.0) for column in c.row_index]
        counts = np.array([m.size for m in members])
        if not counts.all():
            raise ValueError("a condition no training row meets: fit the layout on these rows")
        probability = c.training_probabilities(counts)
        self._tables = (
            tf.constant(np.cumsum(probability).astype("float32")),
            tf.constant(np.concatenate([[0], np.cumsum(counts)[:-1]]).astype("int64")),
            tf.constant(counts.astype("int64")),
            tf.constant(np.concatenate(members).astype("int64")),
            tf.constant(c.noise_value(np.arange(len(c)))),
            tf.constant(c.group.astype("int32")),
        )

    def draw(self, rng: tf.random.Generator, data: tf.Tensor, n) -> tuple[tf.Tensor, ...]:
        """``n`` conditions: the real rows that meet them, the generator's noise (its last
        column standing for each condition) and the judge's view of the condition (the group)."""
        if self._tables is None:
            raise ValueError("ConditionSampler.index(train) must come before training")
        cumulative, start, count, members, noise_value, group = self._tables
        drawn = tf.minimum(
            tf.searchsorted(cumulative, rng.uniform((n,)), side="right"),
            tf.shape(cumulative, out_type=tf.int32)[0] - 1,
        )
        among = tf.gather(count, drawn)  # a row uniformly among those that meet the condition
        offset = tf.cast(rng.uniform((n,)) * tf.cast(among, tf.float32), tf.int64)
        real = tf.gather(
            data, tf.gather(members, tf.gather(start, drawn) + tf.minimum(offset, among - 1))
        )
        u = tf.gather(noise_value, drawn)[:, None]
        noise = tf.concat([uniform_noise(rng, n, self.noise_width - 1), u], axis=1)
        beside = tf.one_hot(tf.gather(group, drawn), self.conditions.n_groups, dtype=tf.float32)
        return real, noise, beside
