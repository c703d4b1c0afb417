"""The black box and the generator trained against it: the one definition of each setting,
shared by params.yaml's section ``black_box`` and the Python API (``ConfidenceGenerator``)."""

from __future__ import annotations

from typing import Literal

from ganexp.gan.precision import Precision
from ganexp.tabular.model.settings import NetworkSpec
from ganexp.validation import Beta, LearningRate, PositiveInt, Section

Learner = Literal["surrogate", "discriminator", "choice"]


class ForestSettings(Section):
    """The black box of the stages: scikit-learn's random forest, as the assignment names it.
    ``min_samples_leaf`` 5 rather than 1 keeps the saved forest a few MB instead of tens and its
    scores not only multiples of 1 / n_estimators."""

    n_estimators: PositiveInt = 100
    min_samples_leaf: PositiveInt = 5
    max_depth: PositiveInt | None = None


class ConfidenceSettings(Section):
    """The generator from noise Z and a desired confidence C, and how it learns.

    ``learn``: ``surrogate``: a network fitted to the black box's answers on the generated rows
    (their likelihood under it), through which the generator makes the answer match C;
    ``discriminator``: a discriminator, given a generated row with one score, tells the black
    box's true answer Y from the requested C, and the generator learns to make C pass;
    ``choice``: the assignment's discriminator, given a generated row with both scores in either
    order, says which is the black box's answer, and the generator learns to make the choice a
    coin toss (only C = Y leaves nothing to choose by).
    An epoch is ``steps_per_epoch`` batches of generated rows, each scored by the black box."""

    learn: Learner = "surrogate"
    target_class: str | None = None  # C is this class's confidence (binary: the second, sorted)
    epochs: PositiveInt = 20
    steps_per_epoch: PositiveInt = 50
    batch_size: PositiveInt = 256
    latent_dim: PositiveInt = 16  # uniform noise in [-1, 1], besides C
    generator: NetworkSpec = NetworkSpec(hidden=(128, 128), activation="relu")
    judge: NetworkSpec = NetworkSpec(hidden=(128, 128), activation="leaky_relu")
    generator_lr: LearningRate = 0.001
    judge_lr: LearningRate = 0.001
    beta_1: Beta = 0.5
    sample_categories: bool = True  # draw each category from its softmax (Gumbel), not argmax
    snap_to_grid: bool = True  # whole-number columns on whole numbers (straight-through)
    n_control_rows: PositiveInt = 1000  # rows scored after each epoch
    precision: Precision = "auto"

    @property
    def marginal_init(self) -> bool:
        """No category shares are known: the generator starts from uniform ones."""
        return False

    @property
    def linear_values(self) -> bool:
        return False

    @property
    def training_by_sampling(self) -> bool:
        """No real rows to draw by condition: the generator never sees one."""
        return False
