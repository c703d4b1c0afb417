"""params.yaml validation: the repository's file loads; each kind of mistake names its key."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from ganexp.errors import ParamsError
from ganexp.pipeline.params import load_params, parse_params

REPO = Path(__file__).resolve().parents[1]


def repo_params() -> dict:
    return yaml.safe_load((REPO / "params.yaml").read_text())


def test_repository_params_load():
    params = load_params(REPO / "params.yaml")
    assert params.dataset("adult").drop == ["fnlwgt"]
    assert 0 < params.preprocess.validation_fraction < 1


def test_a_benchmark_uses_its_own_keys_and_the_shared_ones_otherwise():
    combined = load_params(REPO / "params.yaml").combined
    raw = repo_params()["combined"]
    ring5 = combined.run_settings("ring5")
    assert ring5.hidden == tuple(raw["hidden"]) and ring5.epochs == raw["epochs"]
    ring8 = combined.run_settings("ring8")
    own = raw["benchmarks"]["ring8"]
    assert ring8.hidden == tuple(own["hidden"]) and ring8.epochs == own["epochs"]
    assert ring8.activation == own["activation"]
    assert ring8.n_critic == raw["n_critic"]  # not its own: the shared one
    assert combined.variant("wgan-gp").critic == "gradient-penalty"
    # a variant's own settings go over the benchmark's: the others keep the benchmark's
    own_settings = raw["variants"]["wgan-gp"].get("settings", {})
    gp = combined.run_settings("ring8", variant="wgan-gp")
    for key, value in own_settings.items():
        assert getattr(gp, key) == value
    assert combined.run_settings("ring8", variant="gan") == ring8
    with pytest.raises(ParamsError, match=r"combined.benchmarks.ring9: no such benchmark"):
        combined.benchmark("ring9")


def mutate(path: str, value) -> dict:
    raw = repo_params()
    *parents, last = path.split(".")
    node = raw
    for key in parents:
        node = node[key]
    if value is DELETE:
        del node[last]
    else:
        node[last] = value
    return raw


DELETE = object()

CASES = {
    "unknown top-level key": ("epochz", 3, "epochz: unknown key"),
    "unknown nested key": (
        "preprocess.tset_fraction",
        0.1,
        "preprocess.tset_fraction: unknown key",
    ),
    "fraction above 1": (
        "preprocess.test_fraction",
        1.5,
        "preprocess.test_fraction: Input should be less than 1 (got 1.5)",
    ),
    "fraction zero": (
        "preprocess.validation_fraction",
        0.0,
        "preprocess.validation_fraction: Input should be greater than 0",
    ),
    "fraction as text": (
        "preprocess.test_fraction",
        "0.2",
        "preprocess.test_fraction: Input should be a valid number",
    ),
    "seed negative": ("seed", -1, "seed: Input should be greater than or equal to 0"),
    "seed float": ("seed", 4.5, "seed: Input should be a valid integer"),
    "missing key": ("datasets.adult.target", DELETE, "datasets.adult.target: missing key"),
    "drop not a list": (
        "datasets.adult.drop",
        "fnlwgt",
        "datasets.adult.drop: Input should be a valid list",
    ),
    "target dropped": (
        "datasets.bank.drop",
        ["y"],
        "datasets.bank: the target 'y' cannot also be dropped",
    ),
    "discrete with codes": (
        "datasets.adult-codes.discrete_columns",
        ["age"],
        "datasets.adult-codes.discrete_columns: needs nominal_encoding onehot",
    ),
    "discrete and joint": (
        "datasets.bank.joint_columns",
        [["month", "day"]],
        "datasets.bank.discrete_columns: 'day' is also in joint_columns",
    ),
    "unknown loss": (
        "gan.loss",
        "hinge",
        "gan.loss: Input should be 'gan' or 'wgan-gp'",
    ),
    "unknown benchmark": (
        "combined.benchmarks.ring9",
        {"n_points": 100},
        "combined.benchmarks.ring9: Input should be 'ring5', 'ring8' or 'grid25'",
    ),
    "unknown critic": (
        "combined.variants.wgan.critic",
        "spectral",
        "combined.variants.wgan.critic: Input should be 'clip' or 'gradient-penalty'",
    ),
    "benchmark override typo": (
        "combined.benchmarks.ring8.hiden",
        [64],
        "combined.benchmarks.ring8.hiden: unknown key",
    ),
    "black box on an unknown table": (
        "black_box.datasets",
        ["adult", "census"],
        "black_box.datasets: 'census' is not in datasets",
    ),
    "learner set in the generator": (
        "black_box.generator.learn",
        "surrogate",
        "black_box.generator.learn: list the learners in black_box.learners",
    ),
    "unknown learner": (
        "black_box.learners",
        ["surrogate", "oracle"],
        "black_box.learners.1: Input should be 'surrogate', 'discriminator' or 'choice'",
    ),
    "a learner's unknown budget key": (
        "black_box.learner_settings",
        {"choice": {"epoch": 40}},
        "black_box.learner_settings.choice.epoch: unknown key",
    ),
    "a learner's bad budget": (
        "black_box.learner_settings",
        {"choice": {"judge_lr": 0}},
        "black_box.learner_settings.choice.judge_lr: Input should be greater than 0",
    ),
    "a long run of an unknown variant": (
        "long_run.variant",
        "wgan-long",
        "long_run.variant: 'wgan-long' is not in combined.variants",
    ),
    "a long run's unknown setting": (
        "long_run.settings",
        {"epoch": 10},
        "long_run.settings.epoch: unknown key",
    ),
    "stratify not bool": (
        "preprocess.stratify",
        "yes",
        "preprocess.stratify: Input should be a valid boolean",
    ),
    "a variant's unknown setting": (
        "combined.variants.wgan-gp.settings",
        {"learning_rat": 1e-4},
        "combined.variants.wgan-gp.settings.learning_rat: unknown key",
    ),
    "point mass share of 1": (
        "datasets.adult.point_mass",
        1.0,
        "datasets.adult.point_mass: Input should be less than 1",
    ),
    "tails of half the rows": (
        "datasets.bank.tails",
        0.5,
        "datasets.bank.tails: Input should be less than 0.5",
    ),
    "a table's unknown refine key": (
        "datasets.zoo.refine",
        {"enable": False},
        "datasets.zoo.refine.enable: unknown key",
    ),
    "a table's bad refine pool": (
        "datasets.labor.refine",
        {"pool": 0.5},
        "datasets.labor.refine.pool: Input should be greater than or equal to 1",
    ),
}


def test_a_table_overrides_section_refine_key_by_key():
    raw = mutate("datasets.zoo.refine", {"enabled": False})
    params = parse_params(raw)
    assert params.refine_for("zoo").enabled is False
    assert params.refine_for("zoo").pool == params.refine.pool
    assert params.refine_for("adult") == params.refine


@pytest.mark.parametrize("case", sorted(CASES))
def test_invalid_params_name_the_key(case):
    key, value, expected = CASES[case]
    with pytest.raises(ParamsError) as caught:
        parse_params(mutate(key, value))
    message = str(caught.value)
    assert message.startswith(f"params.yaml: {expected}"), message
    assert "\n" not in message


def test_fractions_leave_room_for_training():
    raw = mutate("preprocess.test_fraction", 0.5)
    raw["preprocess"]["validation_fraction"] = 0.5
    with pytest.raises(ParamsError, match="validation_fraction \\+ test_fraction must be below 1"):
        parse_params(raw)


def test_unknown_dataset_lists_the_declared_ones():
    params = load_params(REPO / "params.yaml")
    with pytest.raises(
        ParamsError,
        match=r"datasets\.iris: no such dataset \(declared: adult, adult-codes, bank, bank-c",
    ):
        params.dataset("iris")


def test_yaml_syntax_error_names_the_line(tmp_path):
    path = tmp_path / "params.yaml"
    path.write_text("seed: 1\npreprocess: [unclosed\n")
    with pytest.raises(ParamsError, match=r"params\.yaml:3: "):
        load_params(path)


def test_missing_params_file(tmp_path):
    with pytest.raises(ParamsError, match="file not found"):
        load_params(tmp_path / "params.yaml")


def test_not_a_mapping(tmp_path):
    path = tmp_path / "params.yaml"
    path.write_text("- 1\n- 2\n")
    with pytest.raises(ParamsError, match="expected a mapping of sections, got list"):
        load_params(path)


def test_params_yaml_runs_the_apis_defaults_section_by_section():
    """Each setting has one default, in the library's model; params.yaml spells the same values
    out so `dvc params diff` shows them. A default changed on one side only fails here."""
    from ganexp.black_box.settings import ConfidenceSettings, ForestSettings
    from ganexp.gaussians.settings import RunSettings
    from ganexp.tabular.convergence.settings import ConvergenceSettings
    from ganexp.tabular.model.settings import GANSettings

    params = load_params(REPO / "params.yaml")
    assert params.gan.settings() == GANSettings()
    assert params.combined.run_settings("ring5") == RunSettings()
    assert params.convergence == ConvergenceSettings()
    assert params.black_box.settings()["surrogate"] == ConfidenceSettings()
    assert params.black_box.forest == ForestSettings()


def test_a_changed_default_would_be_caught():
    from ganexp.tabular.model.settings import GANSettings

    raw = repo_params()
    raw["gan"]["r1_penalty"] = 0.0
    assert parse_params(raw).gan.settings() != GANSettings()
