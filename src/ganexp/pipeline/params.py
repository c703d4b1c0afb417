"""params.yaml as typed, validated objects.

Every section a stage reads has a pydantic model that forbids unknown keys and checks types and
ranges, so a typo or a bad value stops the stage with one line naming the key rather than a
traceback halfway through training. The sections that configure a model are the library's own
settings (``GANSettings``, ``RunSettings``, ``ConvergenceSettings``) plus the keys only the
pipeline needs (seeds, checkpoints, benchmarks, variants): each setting has one definition and
one default, shared by params.yaml and the Python API.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import ConfigDict, Field, StringConstraints, ValidationError, model_validator

from ganexp.black_box.settings import ConfidenceSettings, ForestSettings, Learner
from ganexp.errors import ParamsError
from ganexp.gaussians.settings import RunSettings, Variant
from ganexp.peers.settings import PeersParams
from ganexp.tabular.convergence.settings import ConvergenceSettings
from ganexp.tabular.encoding.settings import KNOTS, POINT_MASS, TAILS
from ganexp.tabular.evaluation.settings import AnalysisSettings
from ganexp.tabular.model.settings import GANSettings
from ganexp.tabular.refine.settings import RefineSettings
from ganexp.tabular.tables.kinds import FORMATS, ColumnKind
from ganexp.validation import Fraction, PositiveInt, Section, Seed, first_error

DatasetName = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_-]+$")]


class DatasetParams(Section):
    """One table (ARFF, CSV, TSV or Parquet, by the path's extension): adding a dataset is one
    more entry of this shape, no code."""

    path: str = Field(min_length=1)
    target: str = Field(min_length=1)
    drop: list[str] = Field(default_factory=list)
    columns: dict[str, ColumnKind] = Field(default_factory=dict)  # kinds that override inference
    missing: list[str] = Field(default_factory=list)  # markers of a missing value besides empty
    nominal_encoding: Literal["codes", "onehot"] = "onehot"
    numeric_encoding: Literal["minmax", "quantile"] = "quantile"
    derive_columns: bool = True  # a column that is a function of a nominal one is rebuilt from it
    joint_columns: list[list[str]] = Field(default_factory=list)  # groups generated as one column
    discrete_columns: list[str] = Field(default_factory=list)  # numeric, encoded one-hot
    # quantile encoding: a value on more than this share of rows is a flagged point mass (null:
    # none), a continuous column decodes between at most `knots` of its quantiles
    point_mass: float | None = Field(default=POINT_MASS, gt=0.0, lt=1.0)
    knots: int = Field(default=KNOTS, ge=2)
    normal_scores: bool = False  # quantile places as normal scores (screened, off: docs/log.md)
    # quantile encoding: this share of a column's rest at either end is flagged apart, its place
    # within the tail in the value column (null: no tails)
    tails: float | None = Field(default=TAILS, gt=0.0, lt=0.5)
    relations: bool = True  # exact relations between columns found and kept by construction
    gan: dict[str, Any] = Field(default_factory=dict)  # this table's overrides of section `gan`
    refine: dict[str, Any] = Field(default_factory=dict)  # and of section `refine`

    @model_validator(mode="after")
    def _target_kept(self) -> DatasetParams:
        if Path(self.path).suffix.lower() not in FORMATS:
            raise ValueError(
                f"path: '{self.path}' is not a table this reads (expected {', '.join(FORMATS)})"
            )
        if self.target in self.drop:
            raise ValueError(f"the target '{self.target}' cannot also be dropped")
        if self.columns.get(self.target) == "id":
            raise ValueError(f"columns: the target '{self.target}' cannot be an identifier")
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
        for column in [*seen, *self.discrete_columns]:
            if self.columns.get(column) == "id":
                raise ValueError(f"columns: '{column}' is an identifier, never encoded or grouped")
        if self.discrete_columns and self.nominal_encoding != "onehot":
            raise ValueError("discrete_columns: needs nominal_encoding onehot")
        return self


class PreprocessParams(Section):
    """How each dataset is split after encoding (the rest of the rows is the train split)."""

    validation_fraction: Fraction
    test_fraction: Fraction
    stratify: bool = True

    @model_validator(mode="after")
    def _room_for_training(self) -> PreprocessParams:
        if self.validation_fraction + self.test_fraction >= 1.0:
            raise ValueError("validation_fraction + test_fraction must be below 1")
        return self


class GanParams(GANSettings):
    """Section `gan`: the synthesizer's settings (stage train_gan), and how many runs to keep."""

    seeds: list[Seed] = Field(min_length=1)  # independent runs per dataset, side by side
    checkpoint_every: PositiveInt = 1  # keep weights every N epochs (selection sees only these)

    @model_validator(mode="after")
    def _distinct_seeds(self) -> GanParams:
        if len(set(self.seeds)) != len(self.seeds):
            raise ValueError("seeds: must be distinct")
        return self

    def settings(self) -> GANSettings:
        """The synthesizer settings, without the pipeline's own keys."""
        return GANSettings(**self.model_dump(exclude={"seeds", "checkpoint_every"}))


class BlackBoxParams(Section):
    """Section `black_box`: the original study's second architecture on the tables that opt in
    (stages train_black_box, train_confidence_generator, analyze_confidence). Every learner
    trains once per seed; the first listed is the default the README reports."""

    datasets: list[DatasetName] = Field(min_length=1)
    seeds: list[Seed] = Field(min_length=1)
    learners: list[Learner] = Field(min_length=1)
    n_rows: PositiveInt = 1000  # rows per run, C uniform in [0, 1], for the analysis
    forest: ForestSettings = ForestSettings()
    generator: ConfidenceSettings = ConfidenceSettings()
    # a learner's own budget (epochs, rates...) over `generator`, key by key
    learner_settings: dict[Learner, dict[str, Any]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _one_of_each(self) -> BlackBoxParams:
        for key in ("datasets", "seeds", "learners"):
            if len(set(getattr(self, key))) != len(getattr(self, key)):
                raise ValueError(f"{key}: must be distinct")
        if "learn" in self.generator.model_fields_set:
            raise ValueError("generator.learn: list the learners in black_box.learners instead")
        for learn, overrides in self.learner_settings.items():
            if "learn" in overrides:
                raise ValueError(f"learner_settings.{learn}.learn: the key names the learner")
            try:
                ConfidenceSettings.model_validate(
                    merged(self.generator.model_dump(), {**overrides, "learn": learn})
                )
            except ValidationError as exc:
                raise ValueError(f"learner_settings.{learn}.{first_error(exc)}") from None
        return self

    def settings(self) -> dict[str, ConfidenceSettings]:
        """Each learner's settings (``generator`` with its ``learner_settings`` over them), in
        the order listed."""
        return {
            learn: ConfidenceSettings.model_validate(
                merged(
                    self.generator.model_dump(),
                    {**self.learner_settings.get(learn, {}), "learn": learn},
                )
            )
            for learn in self.learners
        }


class AnalysisParams(AnalysisSettings):
    """Section `analysis`: what analyze_samples generates and how it measures it."""


class RefineParams(RefineSettings):
    """Section `refine`: the classifier trained after the generator that keeps rows (stage
    refine); ``holdout`` is the Python API's (the pipeline has its validation split)."""


class BenchmarkParams(Section):
    """One 2-D mixture (``ganexp.gaussians.mixtures.BENCHMARKS``): its training-set size, and
    any of section `combined`'s run settings it sets otherwise (checked by
    ``CombinedParams.run_settings``, which says which keys exist)."""

    model_config = ConfigDict(extra="allow", strict=True, frozen=True)

    n_points: PositiveInt

    def overrides(self) -> dict[str, Any]:
        return dict(self.model_extra or {})


class CombinedParams(RunSettings):
    """Section `combined` (stage train_combined): the run settings shared by every benchmark
    (the original's model on ring5), the seeds, the benchmarks and the variants."""

    seeds: list[Seed] = Field(min_length=1)
    benchmarks: dict[Literal["ring5", "ring8", "grid25"], BenchmarkParams] = Field(min_length=1)
    variants: dict[DatasetName, Variant] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_seeds(self) -> CombinedParams:
        if len(set(self.seeds)) != len(self.seeds):
            raise ValueError("seeds: must be distinct")
        return self

    def variant(self, name: str) -> Variant:
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

    def run_settings(
        self, benchmark: str, source: str = "params.yaml", variant: str | None = None
    ) -> RunSettings:
        """One run on ``benchmark``: the ``variant``'s own keys, else the benchmark's, else the
        shared ones."""
        shared = self.model_dump(include=set(RunSettings.model_fields))
        try:
            settings = RunSettings.model_validate(
                {**shared, **self.benchmark(benchmark).overrides()}
            )
        except ValidationError as exc:
            raise ParamsError(
                f"{source}: combined.benchmarks.{benchmark}.{first_error(exc)}"
            ) from None
        if variant is None or not self.variant(variant).settings:
            return settings
        try:
            return RunSettings.model_validate(
                {**settings.model_dump(), **self.variant(variant).settings}
            )
        except ValidationError as exc:
            raise ParamsError(
                f"{source}: combined.variants.{variant}.settings.{first_error(exc)}"
            ) from None


class LongRunParams(Section):
    """Section `long_run` (stage train_long_run in extras/dvc.yaml, run by `make long-run`, not
    by `dvc repro`): one variant of section `combined` on one benchmark, trained far longer than
    the default, to test a claim about when it finds every mode (the original study: the clipped
    WGAN needs more than 300 epochs). Its run settings are the variant's on the benchmark with
    ``settings`` over them."""

    benchmark: Literal["ring5", "ring8", "grid25"]
    variant: DatasetName
    seeds: list[Seed] = Field(min_length=1)
    settings: dict[str, Any] = Field(default_factory=dict)

    def run_settings(self, combined: CombinedParams, source: str = "params.yaml") -> RunSettings:
        base = combined.run_settings(self.benchmark, source, self.variant)
        try:
            return RunSettings.model_validate({**base.model_dump(), **self.settings})
        except ValidationError as exc:
            raise ParamsError(f"{source}: long_run.settings.{first_error(exc)}") from None


class GifParams(Section):
    """How the training GIFs look (stage render_gif)."""

    fps: float = Field(gt=0.0, le=50.0)
    width_inches: float = Field(gt=0.0, le=30.0)
    height_inches: float = Field(gt=0.0, le=30.0)
    dpi: int = Field(ge=20, le=300)
    n_points: int = Field(ge=1)
    single: DatasetName  # the variant drawn alone, as the original GIF (on every benchmark)
    side_by_side: list[DatasetName] = Field(min_length=1)


class Params(Section):
    """The whole of params.yaml."""

    seed: Seed
    datasets: dict[DatasetName, DatasetParams] = Field(min_length=1)
    preprocess: PreprocessParams
    gan: GanParams
    convergence: ConvergenceSettings  # nothing pipeline-only: the library's settings
    analysis: AnalysisParams
    refine: RefineParams
    combined: CombinedParams
    gif: GifParams
    black_box: BlackBoxParams
    peers: PeersParams  # other packages' synthesizers, opt-in (`make peers`)
    long_run: LongRunParams  # a claim tested far past the default epochs (`make long-run`)

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
            raise ParamsError(f"{source}: datasets.{name}.gan.{first_error(exc)}") from None

    def refine_for(self, name: str, source: str = "params.yaml") -> RefineParams:
        """Section `refine` with dataset ``name``'s overrides (``datasets.<name>.refine``: a
        small table's ``{enabled: false}``, where a few dozen rows teach a classifier nothing)."""
        overrides = self.dataset(name).refine
        if not overrides:
            return self.refine
        try:
            return RefineParams.model_validate(self.refine.model_dump() | overrides)
        except ValidationError as exc:
            raise ParamsError(f"{source}: datasets.{name}.refine.{first_error(exc)}") from None


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
        raise ParamsError(f"{source}: {first_error(exc)}") from None
    for name in params.black_box.datasets:
        if name not in params.datasets:
            raise ParamsError(f"{source}: black_box.datasets: {name!r} is not in datasets")
    for name in params.datasets:
        params.gan_for(name, source)  # a bad override stops every stage, not only train_gan
        params.refine_for(name, source)
    for name in params.combined.benchmarks:
        for variant in params.combined.variants:
            params.combined.run_settings(name, source, variant)
    if params.long_run.benchmark not in params.combined.benchmarks:
        raise ParamsError(
            f"{source}: long_run.benchmark: {params.long_run.benchmark!r} is not in "
            "combined.benchmarks"
        )
    if params.long_run.variant not in params.combined.variants:
        raise ParamsError(
            f"{source}: long_run.variant: {params.long_run.variant!r} is not in combined.variants"
        )
    params.long_run.run_settings(params.combined, source)
    return params
