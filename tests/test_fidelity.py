"""Fidelity figures say what they should: real rows score as real, noise scores as noise."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ganexp.tabular.encoding.encoder import TabularEncoder
from ganexp.tabular.evaluation.deception import deception_experiment
from ganexp.tabular.evaluation.fidelity import column_shapes, efficacy, pair_trends
from ganexp.tabular.evaluation.summary import fidelity_summary


@pytest.fixture(scope="module")
def halves(adult):
    """Two disjoint halves of Adult: 'real' (train and test) and a 'synthetic' copy of real rows."""
    frame = adult.drop(columns=["fnlwgt"]).sample(frac=1.0, random_state=0).reset_index(drop=True)
    return frame.iloc[:5000], frame.iloc[5000:8000], frame.iloc[8000:13000]


def summarize(real, test, synthetic):
    return fidelity_summary(real, synthetic, test, target="income", seed=0, max_rows=3000, folds=3)


def uniform_noise_rows(real: pd.DataFrame, n: int) -> pd.DataFrame:
    encoder = TabularEncoder().fit(real)
    noise = np.random.default_rng(0).uniform(size=(n, len(encoder.columns_)))
    return encoder.inverse_transform(noise)


def test_real_rows_score_as_real(halves):
    real, test, other_real = halves
    summary, shapes = summarize(real, test, other_real)
    fidelity = summary["fidelity"]
    assert fidelity["column_shapes"] > 0.97
    assert fidelity["pair_trends"] > 0.95
    assert 0.45 < fidelity["detection_auc"] < 0.56
    tstr = summary["efficacy"]["train_synthetic_test_real"]
    trtr = summary["efficacy"]["train_real_test_real"]
    assert abs(tstr["roc_auc"] - trtr["roc_auc"]) < 0.02
    assert trtr["roc_auc"] > 0.88
    privacy = summary["privacy"]
    assert privacy["dcr_synthetic_median"] == pytest.approx(
        privacy["dcr_real_test_median"], abs=0.02
    )
    assert list(shapes["column"]) == list(real.columns)


def test_uniform_noise_scores_clearly_worse(halves):
    real, test, _ = halves
    summary, _ = summarize(real, test, uniform_noise_rows(real, 5000))
    fidelity = summary["fidelity"]
    assert fidelity["column_shapes"] < 0.75
    assert fidelity["pair_trends"] < 0.85
    assert fidelity["detection_auc"] > 0.95
    assert summary["efficacy"]["train_synthetic_test_real"]["roc_auc"] < 0.7


def test_column_shapes_statistics():
    real = pd.DataFrame(
        {
            "x": [1.0, 2.0, 3.0, 4.0],
            "c": pd.Categorical(["a", "a", "b", None], categories=["a", "b"]),
        }
    )
    same = column_shapes(real, real)
    assert same["score"].tolist() == [1.0, 1.0]
    shifted = real.assign(x=real["x"] + 10, c=pd.Categorical(["b"] * 4, categories=["a", "b"]))
    scores = column_shapes(real, shifted).set_index("column")["score"]
    assert scores["x"] == 0.0  # KS statistic 1: no overlap
    # over the values present, as SDMetrics: a 2/3, b 1/3 against b 1; TVD (2/3 + 2/3) / 2
    assert scores["c"] == pytest.approx(1 / 3)


def test_pair_trends_see_a_broken_correlation():
    rng = np.random.default_rng(0)
    x = rng.normal(size=2000)
    real = pd.DataFrame({"x": x, "y": x + 0.1 * rng.normal(size=2000)})
    shuffled = real.assign(y=rng.permutation(real["y"].to_numpy()))
    assert pair_trends(real, real)["score"] == 1.0
    broken = pair_trends(real, shuffled)
    assert broken["correlation_difference"] > 0.9
    assert broken["score"] < 0.6


def test_deception_experiment_groups_and_distances():
    real = np.random.default_rng(0).uniform(size=(500, 3))

    def generate(n, seed):
        rows = np.random.default_rng(seed).uniform(size=(n, 3))
        rows[: n // 2] = real[: n // 2]  # the first half are copies of real rows
        return rows

    def discriminate(rows):  # takes a row for real when it is a copy
        return np.array([float(any(np.array_equal(r, q) for q in real[:50])) for r in rows])

    figures = deception_experiment(generate, discriminate, lambda rows: rows, real, 100, 3, seed=0)
    assert figures["fooled"]["size_mean"] == 50 and figures["not_fooled"]["size_mean"] == 50
    assert figures["fooled"]["distance_to_nearest_real_mean"] == 0.0
    assert figures["not_fooled"]["distance_to_nearest_real_mean"] > 0.02
    assert figures["fooled"]["size_std"] == 0.0
    # cosine *distance* (1 - similarity): a copy of a real row lies nearer, as a distance reads
    fooled, other = figures["fooled"], figures["not_fooled"]
    assert fooled["cosine_distance_to_random_real_mean"] >= 0.0
    assert other["cosine_distance_to_random_real_mean"] <= 1.0


def test_the_cosine_distance_is_smaller_for_rows_pointing_where_the_real_rows_point():
    """Rows on the real rows' direction have a cosine distance near 0, rows at right angles
    near 1: smaller is nearer, and the spread is the sample sd of the repeats."""
    real = np.tile([1.0, 0.0], (200, 1)) + np.random.default_rng(1).normal(0, 0.01, (200, 2))

    def generate(n, seed):
        rows = np.tile([0.0, 1.0], (n, 1))  # at right angles to every real row
        rows[: n // 2] = [1.0, 0.0]  # along the real rows
        return rows

    figures = deception_experiment(
        generate, lambda rows: rows[:, 0], lambda rows: rows, real, 40, 3, seed=0
    )
    assert figures["fooled"]["cosine_distance_to_random_real_mean"] < 0.01
    assert figures["not_fooled"]["cosine_distance_to_random_real_mean"] > 0.99
    sizes = [20.0, 20.0, 20.0]
    assert figures["fooled"]["size_std"] == float(np.std(sizes, ddof=1))


def test_empty_group_reports_none():
    real = np.random.default_rng(0).uniform(size=(50, 2))
    figures = deception_experiment(
        lambda n, s: real[:n], lambda rows: np.ones(len(rows)), lambda rows: rows, real, 10, 2, 0
    )
    assert figures["not_fooled"]["size_mean"] == 0.0
    assert figures["not_fooled"]["cosine_distance_to_random_real_mean"] is None
    assert figures["not_fooled"]["undefined"] == dict.fromkeys(
        [
            "cosine_distance_to_random_real_mean",
            "cosine_distance_to_random_real_std",
            "distance_to_nearest_real_mean",
            "distance_to_nearest_real_std",
        ],
        "no generated row fell in this group",
    )
    assert "undefined" not in figures["fooled"]


def test_one_repeat_has_no_spread_and_says_so():
    real = np.random.default_rng(0).uniform(size=(50, 2))
    figures = deception_experiment(
        lambda n, s: real[:n], lambda rows: np.ones(len(rows)), lambda rows: rows, real, 10, 1, 0
    )
    fooled = figures["fooled"]
    assert fooled["size_mean"] == 10.0 and fooled["size_std"] is None
    assert fooled["undefined"]["size_std"] == "measured in one repeat: no spread"


def test_efficacy_without_features_or_with_one_class():
    from ganexp.tabular.evaluation.fidelity import efficacy

    y = np.array(["a", "b"] * 10)
    assert efficacy(np.zeros((20, 0)), y, np.zeros((20, 0)), y, seed=0)["accuracy"] is None
    one_class = efficacy(np.ones((20, 2)), np.array(["a"] * 20), np.ones((20, 2)), y, seed=0)
    assert one_class["roc_auc"] is None and one_class["accuracy"] == 0.5
    assert one_class["undefined"] == {"roc_auc": "the training rows hold one class only ('a')"}


def test_one_vs_rest_auc_on_constructed_scores():
    from ganexp.tabular.evaluation.fidelity import one_vs_rest_auc

    classes = np.array(["a", "b", "c"])
    labels = np.array(["a", "a", "b", "b", "c", "c"])
    perfect = (labels[:, None] == classes[None, :]).astype(float)
    assert one_vs_rest_auc(labels, perfect, classes) == (1.0, None)
    # class c ranked backwards (its two rows score lowest), a and b perfectly: (1 + 1 + 0) / 3
    backwards = perfect.copy()
    backwards[:, 2] = 1.0 - backwards[:, 2]
    auc, _ = one_vs_rest_auc(labels, backwards, classes)
    assert auc == pytest.approx(2 / 3)
    # a class absent from the test rows is left out of the mean, not a NaN in it
    present = labels[:4]
    assert one_vs_rest_auc(present, perfect[:4], classes) == (1.0, None)
    # two classes, the test rows all of one: undefined, with the reason
    auc, reason = one_vs_rest_auc(np.array(["b"] * 3), np.full((3, 2), 0.5), classes[:2])
    assert auc is None and reason == "the test rows hold one class only ('b')"


def test_efficacy_on_a_multiclass_target_is_finite():
    from ganexp.tabular.evaluation.fidelity import efficacy

    rng = np.random.default_rng(0)
    y = np.array(["low", "mid", "high"])[rng.integers(0, 3, 300)]
    x = (y[:, None] == np.array(["low", "mid", "high"])).astype(float) + rng.normal(
        0, 0.3, (300, 3)
    )
    figures = efficacy(x[:200], y[:200], x[200:], y[200:], seed=0)
    assert 0.9 < figures["roc_auc"] <= 1.0
    assert "undefined" not in figures


def test_an_all_nominal_table_says_why_numeric_shapes_are_undefined(halves):
    real, test, other_real = halves
    nominal = [c for c in real.columns if isinstance(real[c].dtype, pd.CategoricalDtype)]
    summary, _ = summarize(real[nominal], test[nominal], other_real[nominal])
    fidelity = summary["fidelity"]
    assert fidelity["column_shapes_numeric"] is None
    assert fidelity["column_shapes_nominal"] == pytest.approx(fidelity["column_shapes"])
    assert fidelity["undefined"] == {"column_shapes_numeric": "the table has no numeric column"}


def test_independent_columns_keep_every_marginal_and_break_every_pair():
    from ganexp.tabular.evaluation.baseline import independent_columns

    rng = np.random.default_rng(0)
    size = rng.normal(0, 1, 3000)
    real = pd.DataFrame(
        {
            "size": size,
            "twice": 2 * size,  # perfectly correlated with size
            "kind": pd.Categorical(np.where(size > 0, "big", "small")),  # determined by size
        }
    )
    baseline = independent_columns(real, 3000, seed=1)
    assert list(baseline.columns) == ["size", "twice", "kind"]
    assert baseline["kind"].dtype == real["kind"].dtype
    assert set(baseline["size"]) <= set(real["size"])  # values are real values
    assert column_shapes(real, baseline)["score"].min() > 0.96  # marginals kept
    assert abs(np.corrcoef(baseline["size"], baseline["twice"])[0, 1]) < 0.06  # pairs broken
    assert pair_trends(real, real)["score"] == pytest.approx(1.0)
    assert pair_trends(real, baseline)["score"] < 0.75
    pd.testing.assert_frame_equal(baseline, independent_columns(real, 3000, seed=1))


def test_efficacy_learns_on_a_36_row_table():
    """With the default 20 rows per leaf, 36 training rows (labor's train split has 39) make one
    leaf: every prediction the same and an AUC of 0.5 whatever the data; a small table's trees
    must still split."""
    rng = np.random.default_rng(0)
    x = rng.uniform(size=(60, 3))
    y = np.where(x[:, 0] > 0.5, "good", "bad")
    figures = efficacy(x[:36], y[:36], x[36:], y[36:], seed=0)
    assert figures["roc_auc"] > 0.9 and figures["accuracy"] > 0.8


SDMETRICS_TABLE = Path(__file__).parent / "data" / "sdmetrics"


def sdmetrics_table() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The fixed table SDMetrics' figures were taken on (benchmarks/sdmetrics_agreement.py)."""
    real, synthetic = (pd.read_csv(SDMETRICS_TABLE / f"{n}.csv") for n in ("real", "synthetic"))
    for name in ("job", "label"):
        categories = sorted(real[name].dropna().unique())
        real[name] = pd.Categorical(real[name], categories=categories)
        synthetic[name] = pd.Categorical(synthetic[name], categories=categories)
    return real, synthetic


def test_column_shapes_and_pair_trends_are_sdmetrics_figures():
    """The library's Column Shapes and Column Pair Trends (every pair) on a fixed table with a
    point mass, decimals, a missing category and a shifted synthetic side, recorded with the
    library (its version in the file): the project's own figures equal them."""
    recorded = json.loads((SDMETRICS_TABLE / "figures.json").read_text(encoding="utf-8"))
    real, synthetic = sdmetrics_table()
    assert column_shapes(real, synthetic)["score"].mean() == pytest.approx(
        recorded["column_shapes"], abs=1e-9
    )
    assert pair_trends(real, synthetic)["score"] == pytest.approx(recorded["pair_trends"], abs=1e-9)


def test_the_figures_equal_the_installed_sdmetrics():
    pytest.importorskip("sdmetrics", reason="the optional extra: make sdmetrics")
    script = Path(__file__).parents[1] / "benchmarks" / "sdmetrics_agreement.py"
    loader = importlib.util.spec_from_file_location("sdmetrics_agreement", script)
    agreement = importlib.util.module_from_spec(loader)
    loader.loader.exec_module(agreement)
    library_figures = agreement.library_figures

    real, synthetic = sdmetrics_table()
    figures = library_figures(real, synthetic)
    assert column_shapes(real, synthetic)["score"].mean() == pytest.approx(
        figures["column_shapes"], abs=1e-9
    )
    assert pair_trends(real, synthetic)["score"] == pytest.approx(figures["pair_trends"], abs=1e-9)
