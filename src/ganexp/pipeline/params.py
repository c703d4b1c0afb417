"""params.yaml as typed, validated objects.

Every section a stage reads has a pydantic model that forbids unknown keys and checks types and
ranges, so a typo or a bad value stops the stage with one line naming the key rather than a
traceback halfway through training.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)

from ganexp.errors import ParamsError

Fraction = Annotated[float, Field(gt=0.0, lt=1.0)]
DatasetName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]+$")]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class DatasetParams(_Section):
    """One ARFF dataset: adding a dataset is one more entry of this shape, no code."""

    path: str = Field(min_length=1)
    target: str = Field(min_length=1)
    drop: list[str] = Field(default_factory=list)
    nominal_encoding: Literal["codes", "onehot"] = "onehot"
    numeric_encoding: Literal["minmax", "quantile"] = "quantile"
    derive_columns: bool = True  # a column that is a function of a nominal one is rebuilt from it
    joint_columns: list[list[str]] = Field(default_factory=list)  # groups generated as one column
    discrete_columns: list[str] = Field(default_factory=list)  # numeric, encoded one-hot
    gan: dict[str, Any] = Field(default_factory=dict)  # this table's overrides of section `gan`

    @model_validator(mode="after")
    def _target_kept(self) -> DatasetParams:
        if self.target in self.drop:
            raise ValueError(f"the target '{self.target}' cannot also be dropped")
        seen: set[str] = set()
        for group in self.joint_columns:
            if len(group) < 2 or len(set(group)) < len(group):
                raise ValueError(f"joint_columns: {group} is not a group of 2+ distinct columns")
            if seen & set(group):
                raise ValueError(f"joint_columns: {sorted(seen & set(group))} in two groups")
            seen |= set(group)
        for column in self.discrete_columns:
            if column in seen:
                raise ValueError(f"discrete_columns: '{column}' is also in joint_columns")
        if self.discrete_columns and self.nominal_encoding != "onehot":
            raise ValueError("discrete_columns: needs nominal_encoding onehot")
        return self


class PreprocessParams(_Section):
    """How each dataset is split after encoding (the rest of the rows is the train split)."""

    validation_fraction: Fraction
    test_fraction: Fraction
    stratify: bool = True

    @model_validator(mode="after")
    def _room_for_training(self) -> PreprocessParams:
        if self.validation_fraction + self.test_fraction >= 1.0:
            raise ValueError("validation_fraction + test_fraction must be below 1")
        return self


Activation = Literal["relu", "leaky_relu", "elu", "gelu", "selu", "swish", "tanh"]
LearningRate = Annotated[float, Field(gt=0.0, le=1.0)]


class NetworkParams(_Section):
    hidden: list[Annotated[int, Field(gt=0, le=8192)]] = Field(min_length=1)
    activation: Activation = "relu"
    dropout: Annotated[float, Field(ge=0.0, lt=1.0)] = 0.0


class GanParams(_Section):
    """The tabular GAN and its training (stage train_gan)."""

    seeds: list[Annotated[int, Field(ge=0, lt=2**31)]] = Field(min_length=1)
    epochs: int = Field(ge=1)
    batch_size: int = Field(ge=1)
    latent_dim: int = Field(ge=1)
    generator: NetworkParams
    discriminator: NetworkParams
    generator_lr: LearningRate
    discriminator_lr: LearningRate
    beta_1: Annotated[float, Field(ge=0.0, lt=1.0)] = 0.5
    snap_to_grid: bool = True
    sample_categories: bool = False
    r1_penalty: float = Field(default=0.0, ge=0.0)
    r1_every: int = Field(default=1, ge=1)
    generator_average: Annotated[float, Field(gt=0.0, lt=1.0)] | None = None
    wgan_epochs: int = Field(default=0, ge=0)
    critic_lr: LearningRate = 0.00005
    clip_value: float = Field(default=0.01, gt=0.0)
    n_critic: int = Field(default=5, ge=1)
    n_deception_samples: int = Field(ge=1)
    min_steps_per_epoch: int = Field(default=50, ge=1)
    max_batch_fraction: Annotated[float, Field(gt=0.0, le=1.0)] = 0.25
    marginal_init: bool = False
    quality_every: int = Field(default=5, ge=0)
    linear_values: bool = False
    pack: int = Field(default=1, ge=1, le=64)
    lr_schedule: Literal["constant", "linear", "cosine"] = "linear"
    loss: Literal["gan", "wgan-gp"] = "gan"
    gradient_penalty: float = Field(default=10.0, ge=0.0)
    checkpoint_every: int = Field(ge=1)

    @model_validator(mode="after")
    def _wgan_within_training(self) -> GanParams:
        if self.wgan_epochs > self.epochs:
            raise ValueError(f"wgan_epochs ({self.wgan_epochs}) exceeds epochs ({self.epochs})")
        if len(set(self.seeds)) != len(self.seeds):
            raise ValueError("seeds must be distinct")
        return self

    def settings(self) -> dict:
        """The synthesizer settings (``ganexp.tabular.settings.GANSettings``) these describe."""
        return self.model_dump(exclude={"checkpoint_every", "seeds"})


class QualityParams(_Section):
    """The verdict that tracks quality: early stopping on a figure train_gan records."""

    metric: Literal["score", "detection_auc", "column_shapes"] = "score"
    patience: int = Field(default=4, ge=1)  # evaluations (every gan.quality_every epochs)
    min_delta: float = Field(default=0.005, ge=0.0)
    target: Annotated[float, Field(ge=0.0, le=1.0)] | None = None


class ConvergenceParams(_Section):
    """The convergence criteria and the selection rule (stage check_convergence only).

    A threshold set to null is not applied."""

    min_discriminator_accuracy: Annotated[float, Field(ge=0.0, le=1.0)] | None
    accuracy_on: Literal["real", "balanced"] = "real"
    max_loss_gap: Annotated[float, Field(ge=0.0)] | None
    max_generator_loss: Annotated[float, Field(gt=0.0)] | None
    max_discriminator_loss: Annotated[float, Field(gt=0.0)] | None
    min_deception_rate: Annotated[float, Field(ge=0.0, le=1.0)] | None
    select: Literal["last", "best", "fidelity"] = "last"
    quality: QualityParams = Field(default_factory=lambda: QualityParams())


class AnalysisParams(_Section):
    """What analyze_samples generates and how it measures it."""

    n_samples: int = Field(ge=1)
    n_repeats: int = Field(ge=1)
    n_synthetic: Annotated[int, Field(ge=10)] | None = None
    max_rows: int = Field(ge=100)
    detection_folds: int = Field(ge=2, le=20)


Hidden = list[Annotated[int, Field(gt=0, le=8192)]]
PositiveInt = Annotated[int, Field(ge=1)]


class VariantParams(_Section):
    """One combined-model variant: when the generator switches from the critic to the
    discriminator (0: a plain GAN; null or >= epochs: a plain WGAN), and how the critic stays
    Lipschitz (the original's weight clipping, or WGAN-GP's gradient penalty)."""

    switch_epoch: Annotated[int, Field(ge=0)] | None
    critic: Literal["clip", "gradient-penalty"] = "clip"


class BenchmarkParams(_Section):
    """One 2-D mixture (``ganexp.gaussians.mixtures.BENCHMARKS``): its training-set size, and
    any of section `combined`'s model keys it sets otherwise (null or absent: the shared one)."""

    n_points: PositiveInt
    epochs: PositiveInt | None = None
    frame_every: PositiveInt | None = None
    batch_size: PositiveInt | None = None
    latent_dim: PositiveInt | None = None
    hidden: Annotated[Hidden, Field(min_length=1)] | None = None
    activation: Activation | None = None
    learning_rate: LearningRate | None = None
    warmup_epochs: Annotated[int, Field(ge=0)] | None = None


class CombinedParams(_Section):
    """The GAN+WGAN experiment on 2-D mixtures (stage train_combined): the shared keys are the
    original's model on ring5; a benchmark may set some of them otherwise."""

    seeds: list[Annotated[int, Field(ge=0, lt=2**31)]] = Field(min_length=1)
    epochs: PositiveInt
    batch_size: PositiveInt
    latent_dim: PositiveInt
    hidden: Hidden = Field(min_length=1)
    activation: Activation = "relu"
    learning_rate: LearningRate
    adam_beta_1: Annotated[float, Field(ge=0.0, lt=1.0)]
    clip_value: float = Field(gt=0.0)
    gradient_penalty: float = Field(default=10.0, ge=0.0)  # WGAN-GP's weight
    n_critic: PositiveInt
    warmup_epochs: int = Field(ge=0)
    warmup_n_critic: PositiveInt
    eval_every: PositiveInt
    n_eval_points: PositiveInt
    frame_every: PositiveInt
    r1_penalty: float = Field(default=0.0, ge=0.0)  # on the discriminator (GAN phase)
    r1_every: int = Field(default=1, ge=1)
    generator_average: Annotated[float, Field(gt=0.0, lt=1.0)] | None = None
    jit_compile: bool = False
    benchmarks: dict[Literal["ring5", "ring8", "grid25"], BenchmarkParams] = Field(min_length=1)
    variants: dict[DatasetName, VariantParams] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_seeds(self) -> CombinedParams:
        if len(set(self.seeds)) != len(self.seeds):
            raise ValueError("seeds must be distinct")
        return self

    def variant(self, name: str) -> VariantParams:
        if name not in self.variants:
            known = ", ".join(sorted(self.variants))
            raise ParamsError(
                f"params.yaml: combined.variants.{name}: no such variant (declared: {known})"
            )
        return self.variants[name]

    def benchmark(self, name: str) -> BenchmarkParams:
        if name not in self.benchmarks:
            known = ", ".join(self.benchmarks)
            raise ParamsError(
                f"params.yaml: combined.benchmarks.{name}: no such benchmark (declared: {known})"
            )
        return self.benchmarks[name]

    def setting(self, benchmark: str, key: str) -> Any:
        """``key`` as ``benchmark`` uses it: its own value, else the shared one."""
        own = getattr(self.benchmark(benchmark), key, None)
        return getattr(self, key) if own is None else own


class GifParams(_Section):
    """How the training GIFs look (stage render_gif)."""

    fps: float = Field(gt=0.0, le=50.0)
    width_inches: float = Field(gt=0.0, le=30.0)
    height_inches: float = Field(gt=0.0, le=30.0)
    dpi: int = Field(ge=20, le=300)
    n_points: int = Field(ge=1)
    single: DatasetName  # the variant drawn alone, as the original GIF (on every benchmark)
    side_by_side: list[DatasetName] = Field(min_length=1)


class Params(_Section):
    """The whole of params.yaml."""

    seed: int = Field(ge=0, lt=2**31)
    datasets: dict[DatasetName, DatasetParams] = Field(min_length=1)
    preprocess: PreprocessParams
    gan: GanParams
    convergence: ConvergenceParams
    analysis: AnalysisParams
    combined: CombinedParams
    gif: GifParams

    def dataset(self, name: str) -> DatasetParams:
        if name not in self.datasets:
            known = ", ".join(sorted(self.datasets))
            raise ParamsError(f"params.yaml: datasets.{name}: no such dataset (declared: {known})")
        return self.datasets[name]

    def gan_for(self, name: str, source: str = "params.yaml") -> GanParams:
        """Section `gan` with dataset ``name``'s overrides (``datasets.<name>.gan``) merged in:
        a nested section (``generator``...) is merged key by key."""
        overrides = self.dataset(name).gan
        if not overrides:
            return self.gan
        try:
            return GanParams.model_validate(merged(self.gan.model_dump(), overrides))
        except ValidationError as exc:
            message = _first_error(exc, source).removeprefix(f"{source}: ")
            raise ParamsError(f"{source}: datasets.{name}.gan.{message}") from None


def merged(base: dict, overrides: dict) -> dict:
    """``base`` with ``overrides`` applied, nested sections key by key."""
    result = dict(base)
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = merged(result[key], value)
        else:
            result[key] = value
    return result


def load_params(path: str | Path = "params.yaml") -> Params:
    """Read and validate params.yaml; raise ParamsError naming the file and the key."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ParamsError(f"{path}: file not found") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise ParamsError(f"{where}: {problem}") from None
    return parse_params(raw, source=str(path))


def parse_params(raw: Any, source: str = "params.yaml") -> Params:
    """Validate an already-loaded mapping (what ``dvc exp run -S`` writes ends up here too)."""
    if not isinstance(raw, dict):
        raise ParamsError(f"{source}: expected a mapping of sections, got {type(raw).__name__}")
    try:
        params = Params.model_validate(raw)
    except ValidationError as exc:
        raise ParamsError(_first_error(exc, source)) from None
    for name in params.datasets:
        params.gan_for(name, source)  # a bad override stops every stage, not only train_gan
    return params


def _first_error(exc: ValidationError, source: str) -> str:
    errors = exc.errors(include_url=False)
    error = errors[0]
    # a bad mapping key is reported at the key, not at pydantic's "[key]" below it
    key = ".".join(str(part) for part in error["loc"] if part != "[key]") or "(top level)"
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
    return f"{source}: {key}: {message}{more}"
