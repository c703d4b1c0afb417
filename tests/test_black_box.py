"""The original study's second architecture: the black box saved without pickle, the value-free
table, the generator's errors, that it learns to make Y follow C (and does not when its update is
switched off), and that a saved generator gives the same rows."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from scipy.stats import spearmanr
from sklearn.ensemble import RandomForestClassifier

from ganexp.black_box.forest import ForestBlackBox, feature_matrix
from ganexp.black_box.generator import CONFIDENCE, ConfidenceGenerator
from ganexp.black_box.networks import build_judge
from ganexp.black_box.settings import ForestSettings
from ganexp.black_box.training import SeedResult, history_frame, last_epochs
from ganexp.black_box.value_free import ValueFreeTable
from ganexp.errors import DataError
from ganexp.gan.trainer import AdversarialTrainer
from ganexp.records.black_box import ControlEpoch
from ganexp.tabular.encoding.relations import Event, Relation
from ganexp.tabular.spec import TableSpec


def table(n: int = 400, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(
        {
            "x": rng.uniform(0, 10, n).round(2),
            "count": rng.integers(0, 50, n),
            "colour": pd.Categorical(rng.choice(["red", "green", "blue"], n)),
        }
    )
    frame.loc[::17, "x"] = np.nan
    frame["label"] = np.where(
        frame["x"].fillna(5) + (frame["colour"] == "red") * 3 > 6, "yes", "no"
    )
    return frame


def spec_of(frame: pd.DataFrame) -> TableSpec:
    return TableSpec.detect(frame, target="label")


class Logistic:
    """A black box with a known answer: the confidence of "yes" rises with x."""

    classes_ = np.array(["no", "yes"], dtype=object)
    feature_names_in_ = np.array(["x", "count", "colour"], dtype=object)

    def predict_proba(self, frame: pd.DataFrame) -> np.ndarray:
        x = frame["x"].to_numpy("float64")
        yes = 1.0 / (1.0 + np.exp(-1.5 * (x - 5.0)))
        return np.stack([1.0 - yes, yes], axis=1)


FAST = {
    "epochs": 6,
    "steps_per_epoch": 20,
    "batch_size": 64,
    "latent_dim": 4,
    "generator": {"hidden": [32]},
    "judge": {"hidden": [32]},
    "n_control_rows": 200,
    "generator_lr": 0.005,
    "judge_lr": 0.005,
    "precision": "float32",
}


def test_the_saved_forest_scores_as_scikit_learn_does_and_loads_without_pickle(tmp_path):
    frame = table()
    columns = ValueFreeTable.of(spec_of(frame)).features
    forest = ForestBlackBox.fit(frame, frame["label"], columns, ForestSettings(n_estimators=7), 3)
    reference = RandomForestClassifier(n_estimators=7, min_samples_leaf=5, random_state=3, n_jobs=1)
    reference.fit(feature_matrix(frame, columns), frame["label"])
    other = table(200, seed=1)
    assert np.array_equal(
        forest.predict_proba(other), reference.predict_proba(feature_matrix(other, columns))
    )
    forest.save(tmp_path)
    with np.load(tmp_path / "forest.npz", allow_pickle=False) as arrays:
        assert all(arrays[name].dtype != object for name in arrays.files)
    assert np.array_equal(
        ForestBlackBox.load(tmp_path).predict_proba(other), forest.predict_proba(other)
    )
    (tmp_path / "forest.json").write_text(json.dumps({"format": "something else"}))
    with pytest.raises(DataError, match=r"forest.json: not a ganexp.ForestBlackBox"):
        ForestBlackBox.load(tmp_path)


def test_the_value_free_table_knows_ranges_and_categories_only():
    frame = table()
    known = ValueFreeTable.of(spec_of(frame))
    assert known.feature_names == ["x", "count", "colour"]
    state = known.encoder.to_dict()
    assert all(column.get("values", []) == [] for column in state["columns"])
    assert {c["encoding"] for c in state["columns"]} == {"minmax", "onehot"}
    rows = known.rows(
        np.random.default_rng(0).uniform(size=(50, len(known.encoder.feature_names_out)))
    )
    assert rows["count"].dtype == frame["count"].dtype and rows["count"].between(0, 49).all()
    assert set(rows["colour"].dropna()) <= {"red", "green", "blue"}
    assert np.allclose(rows["x"].dropna(), rows["x"].dropna().round(2))  # the stated resolution


def test_the_value_free_table_refuses_what_it_cannot_make():
    frame = table().assign(when=pd.date_range("2020-01-01", periods=400, freq="D"))
    with pytest.raises(
        DataError, match="'when' is datetime: the black-box generator makes numeric"
    ):
        ValueFreeTable.of(spec_of(frame))
    spec = spec_of(table()).update_column("x", minimum=None)
    with pytest.raises(DataError, match="'x': a numeric column needs its minimum and maximum"):
        ValueFreeTable.of(spec)


@pytest.mark.parametrize(
    ("black_box", "settings", "message"),
    [
        (object(), {}, "black box: a object has no predict_proba"),
        (Logistic(), {"target_class": "maybe"}, "target_class: 'maybe' is not a class"),
    ],
)
def test_bad_black_boxes_are_one_line(black_box, settings, message):
    with pytest.raises(DataError, match=message):
        ConfidenceGenerator(**FAST, **settings).fit(black_box, spec_of(table()))


def test_a_spec_the_black_box_does_not_take_is_one_line():
    spec = spec_of(table().drop(columns=["count"]))
    with pytest.raises(DataError, match="it takes count, which the spec lacks"):
        ConfidenceGenerator(**FAST).fit(Logistic(), spec)


def test_a_multi_class_black_box_needs_a_chosen_class():
    frame = table()
    frame["label"] = np.where(
        frame["count"] > 30, "high", np.where(frame["count"] > 10, "mid", "low")
    )
    spec = spec_of(frame)
    forest = ForestBlackBox.fit(
        frame, frame["label"], ValueFreeTable.of(spec).features, ForestSettings(n_estimators=3), 0
    )
    with pytest.raises(
        DataError, match=r"the black box has 3 classes .high, low, mid.; name the one"
    ):
        ConfidenceGenerator(**FAST).fit(forest, spec)
    generator = ConfidenceGenerator(
        **{**FAST, "epochs": 1, "steps_per_epoch": 2}, target_class="mid"
    )
    assert generator.fit(forest, spec).target_class == "mid"


@pytest.fixture(scope="module")
def trained() -> ConfidenceGenerator:
    return ConfidenceGenerator(**FAST).fit(Logistic(), spec_of(table()), seed=1)


def _rho(generator: ConfidenceGenerator) -> float:
    rows = generator.sample(400, seed=5)
    answers = generator.black_box_confidence(Logistic(), rows)
    return float(spearmanr(rows[CONFIDENCE], answers).statistic)


@pytest.mark.slow
def test_the_generator_learns_to_make_the_answer_follow_the_request(trained):
    untrained = ConfidenceGenerator(
        **{**FAST, "epochs": 1, "steps_per_epoch": 1, "generator_lr": 1e-9}
    )
    untrained.fit(Logistic(), spec_of(table()), seed=1)
    assert _rho(trained) > 0.8 > _rho(untrained) + 0.3
    assert trained.history[-1].mean_abs_error < 0.15
    assert trained.queries == 6 * (20 * 64 + 200) + 4  # training, control rows, the probe


def test_the_assignments_discriminator_sees_both_scores_and_queries_each_row_once():
    """``choice``: one input of the row and both scores; a judge step scores each generated row
    once (its Y serves both orders), as the one-score discriminator does."""
    settings = {**FAST, "epochs": 1, "steps_per_epoch": 2, "learn": "choice"}
    generator = ConfidenceGenerator(**settings).fit(Logistic(), spec_of(table()), seed=1)
    width = generator.table.encoder.transform(table()[["x", "count", "colour"]]).shape[1]
    judge = build_judge(generator.table.blocks, generator.settings, "float32")
    assert judge.input_shape[-1] == width + 2
    assert generator.queries == 2 * 64 + 200 + 4  # training rows, control rows, the probe
    (record,) = generator.history
    assert 0.0 <= record.judge_accuracy <= 1.0 and record.deception_rate is not None


@pytest.mark.slow
@pytest.mark.parametrize("learn", ["discriminator", "choice"])
def test_a_discriminator_teaches_the_generator_too(learn):
    """The learners with a discriminator, one score a time or the assignment's choice between
    both, learn the order of the black box's answers on an easy one with a budget of their own
    (20 epochs here, the surrogate's 6)."""
    settings = {**FAST, "epochs": 20, "learn": learn}
    trained = ConfidenceGenerator(**settings).fit(Logistic(), spec_of(table()), seed=1)
    untrained = ConfidenceGenerator(**{**settings, "epochs": 1, "steps_per_epoch": 1})
    untrained.fit(Logistic(), spec_of(table()), seed=1)
    assert _rho(trained) > 0.8 > _rho(untrained) + 0.3
    assert trained.history[-1].judge_accuracy is not None  # the original criteria apply


@pytest.mark.slow
def test_without_the_generator_update_nothing_is_learnt(monkeypatch):
    monkeypatch.setattr(
        AdversarialTrainer, "_apply_generator", lambda self, judge, tape, loss: loss
    )
    frozen = ConfidenceGenerator(**FAST).fit(Logistic(), spec_of(table()), seed=1)
    assert _rho(frozen) < 0.5


def test_requested_confidences_are_checked_and_a_saved_generator_gives_the_same_rows(tmp_path):
    trained = ConfidenceGenerator(**{**FAST, "epochs": 1, "steps_per_epoch": 2})
    trained.fit(Logistic(), spec_of(table()), seed=1)
    for bad, message in (
        (1.5, "confidence: expected numbers in \\[0, 1\\], got 1.5"),
        ([0.2, 0.3], "confidence: expected one number or 10"),
    ):
        with pytest.raises(DataError, match=message):
            trained.sample(10, confidence=bad)
    rows = trained.sample(50, confidence=0.9, seed=3)
    assert (rows[CONFIDENCE].round(6) == 0.9).all()
    trained.save(tmp_path)
    again = ConfidenceGenerator.load(tmp_path)
    pd.testing.assert_frame_equal(again.sample(50, confidence=0.9, seed=3), rows)


class TakesShade(Logistic):
    feature_names_in_ = np.array(["x", "count", "colour", "shade"], dtype=object)


def test_the_saved_table_holds_no_value_of_the_rows(tmp_path):
    """A spec that carries what only rows tell (a derived column, a relation found in them, a
    joint combination) is cut to names, kinds, categories and ranges before the generator sees
    it, and that is all its saved table.json holds."""
    frame = table().assign(
        shade=lambda f: f["colour"].map({"red": "warm", "green": "cool", "blue": "cool"})
    )
    frame["shade"] = frame["shade"].astype("category")
    detected = TableSpec.detect(frame, target="label")
    relation = Relation(Event("colour", "red"), Event("shade", "warm"))
    spec = replace(
        detected, derived={"shade": "colour"}, relations=(relation,), joint=(("x", "count"),)
    ).validate()
    assert spec.holds_values
    generator = ConfidenceGenerator(**{**FAST, "epochs": 1, "steps_per_epoch": 2})
    generator.fit(TakesShade(), spec, seed=1).save(tmp_path)
    saved = json.loads((tmp_path / "table.json").read_text())
    assert saved["derived"] == {} and saved["relations"] == [] and saved["joint"] == []
    assert not TableSpec.load(tmp_path / "table.json").holds_values
    assert all(column.get("identifier") is None for column in saved["columns"])
    stated = {"name", "kind", "dtype", "categories", "minimum", "maximum", "resolution", "nullable"}
    assert all(set(column) <= stated for column in saved["columns"]), saved["columns"]


def test_the_history_file_reads_back_as_each_runs_last_record(tmp_path):
    def record(epoch: int, accuracy: float | None) -> ControlEpoch:
        return ControlEpoch(
            epoch=epoch,
            train_judge_loss=0.5,
            train_generator_loss=0.7,
            mean_abs_error=0.1 / epoch,
            spearman=0.9,
            within_0_1=0.5,
            judge_accuracy=accuracy,
            deception_rate=accuracy,
            queries=100 * epoch,
        )

    runs = {
        ("surrogate", 42): SeedResult([record(1, None), record(2, None)], 200, 1.0),
        ("discriminator", 42): SeedResult([record(1, 0.75), record(2, 0.5)], 200, 1.0),
    }
    history_frame(runs).to_csv(tmp_path / "history.tsv", sep="\t", index=False)
    last = last_epochs(pd.read_csv(tmp_path / "history.tsv", sep="\t"))
    assert last == {key: run.history[-1] for key, run in runs.items()}


def test_uniform_rows_are_chance_rows_scored_by_the_black_box():
    """The baseline: rows drawn uniformly from the spec's ranges and categories, a C drawn
    apart, and the black box's Y and predicted class on each; the same seed, the same rows."""
    from ganexp.black_box.analysis import answer_figures, uniform_rows

    known = ValueFreeTable.of(spec_of(table()))
    rows = uniform_rows(known, Logistic(), "yes", 3000, seed=4)
    pd.testing.assert_frame_equal(rows, uniform_rows(known, Logistic(), "yes", 3000, seed=4))
    assert rows["x"].dropna().between(0, 10).all() and rows["count"].between(0, 49).all()
    assert set(rows["colour"].dropna()) == {"red", "green", "blue"}
    assert abs(rows["x"].mean() - 5.0) < 0.3  # uniform over the stated range
    answered = Logistic().predict_proba(rows)[:, 1]
    np.testing.assert_allclose(rows["black_box_confidence"], answered.round(6))
    assert ((rows["label"] == "yes") == (answered > 0.5)).all()  # argmax: a tie is "no"
    rho = spearmanr(rows[CONFIDENCE], rows["black_box_confidence"]).statistic
    assert abs(rho) < 0.1  # C is drawn apart: chance follows no request
    figures = answer_figures(rows["black_box_confidence"].to_numpy(), rows["label"], ["no", "yes"])
    assert figures.all.rows == 3000 and figures.by_class["yes"].minimum > 0.5
    assert figures.by_class["no"].maximum <= 0.5
    assert figures.class_shares["yes"] == pytest.approx((answered > 0.5).mean())
