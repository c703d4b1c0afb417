"""What moves rows toward real ones: new values between knots instead of copies, point masses
flagged apart from the rest, and exact relations between columns kept by construction."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from ganexp.errors import DataError
from ganexp.tabular.encoding.encoder import TabularEncoder, point_masses
from ganexp.tabular.encoding.layout import OneHotBlock, ValueBlock
from ganexp.tabular.encoding.relations import (
    MIN_SUPPORT,
    Event,
    Relation,
    broken_share,
    find_relations,
    keep_relations,
)
from ganexp.tabular.spec import TableSpec
from ganexp.tabular.synthesizer import TabularSynthesizer


def distinct_floats(n: int = 2000) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    return pd.DataFrame({"price": np.round(rng.lognormal(3.0, 1.0, n), 4)})


def test_a_continuous_column_decodes_between_at_most_the_knots():
    frame = distinct_floats()
    encoder = TabularEncoder(numeric="quantile", knots=200).fit(frame)
    (column,) = encoder.columns_
    assert column.interpolate and len(column.values) == 200 and column.step == 1e-4
    decoded = encoder.inverse_transform(np.random.default_rng(1).uniform(size=(2000, 1)))
    values = decoded["price"].to_numpy()
    assert np.isin(values, frame["price"]).mean() < 0.2  # new values, not copies
    assert np.allclose(values, np.round(values, 4))  # in the column's own resolution
    assert values.min() >= frame["price"].min() and values.max() <= frame["price"].max()
    # the decoded distribution is the column's: the quartiles agree
    assert np.quantile(values, [0.25, 0.5, 0.75]) == pytest.approx(
        np.quantile(frame["price"], [0.25, 0.5, 0.75]), rel=0.1
    )
    # the state holds the knots, not the column
    saved = json.loads(encoder.to_json())["columns"][0]
    assert len(saved["values"]) == 200
    assert np.isin(frame["price"], saved["values"]).mean() < 0.05


def test_whole_numbers_with_few_levels_keep_them_and_dates_never_do():
    rng = np.random.default_rng(0)
    frame = pd.DataFrame({"age": rng.integers(18, 90, 3000), "stamp": rng.integers(0, 50, 3000)})
    encoder = TabularEncoder(numeric="quantile", interpolated=["stamp"]).fit(frame)
    age, stamp = encoder.columns_
    assert not age.interpolate and len(age.values) == 72
    assert isinstance(encoder.layout[0], ValueBlock) and encoder.layout[0].allowed is not None
    assert stamp.interpolate and encoder.layout[1].allowed is None


def test_a_synthesizer_makes_new_values_and_saves_only_the_knots(tmp_path):
    frame = distinct_floats(1500)
    synthesizer = TabularSynthesizer(
        seed=0, epochs=2, batch_size=256, min_steps_per_epoch=2, quality_every=100
    ).fit(frame)
    rows = synthesizer.sample(1000, seed=1)
    assert np.isin(rows["price"], frame["price"]).mean() < 0.5
    synthesizer.save(tmp_path / "model")
    text = (tmp_path / "model" / "synthesizer.json").read_text(encoding="utf-8")
    held = [v for v in frame["price"].astype(str) if f" {v},\n" in text or f" {v}\n" in text]
    assert len(held) <= 1000 * 0.1  # at most a few knots fall on a training value


def masses_table() -> pd.DataFrame:
    """``gain``: 0 on 80% of rows and 5 on 8%, the rest spread; ``hours`` has no point mass."""
    rng = np.random.default_rng(0)
    gain = np.concatenate([np.zeros(800), np.full(80, 5.0), rng.integers(100, 10_000, 120)])
    return pd.DataFrame({"gain": gain, "hours": rng.integers(1, 1000, 1000).astype(float)})


def test_point_masses_are_found_over_a_share():
    gain = masses_table()["gain"].to_numpy()
    assert point_masses(gain, 0.05).tolist() == [0.0, 5.0]
    assert point_masses(gain, 0.1).tolist() == [0.0]
    assert point_masses(gain, None).size == 0


def test_a_point_mass_is_a_flag_and_the_value_column_encodes_only_the_rest():
    frame = masses_table()
    encoder = TabularEncoder(numeric="quantile", point_mass=0.05).fit(frame)
    gain, hours = encoder.columns_
    assert gain.masses == (0.0, 5.0) and hours.masses == ()
    assert encoder.feature_names_out == ["gain=0", "gain=5", "gain=rest", "gain", "hours"]
    assert [type(b) for b in encoder.layout] == [OneHotBlock, ValueBlock, ValueBlock]
    assert encoder.layout[0].width == 3
    encoded = encoder.transform(frame)
    np.testing.assert_array_equal(encoded[:800, :3], np.eye(3)[[0] * 800])
    np.testing.assert_array_equal(encoded[880:, :3], np.eye(3)[[2] * 120])
    # rows on a mass carry a random place of the rest: the value column says nothing of the flag
    on_mass, off_mass = encoded[:880, 3], encoded[880:, 3]
    assert abs(on_mass.mean() - off_mass.mean()) < 0.1 and on_mass.std() > 0.2
    np.testing.assert_array_equal(encoder.transform(frame), encoded)  # the same every time
    pd.testing.assert_frame_equal(encoder.inverse_transform(encoded), frame, check_dtype=False)
    # the flag decides: a row flagged 0 is 0 whatever its value column says
    rows = np.array([[0.9, 0.0, 0.1, 0.99, 0.5], [0.0, 0.1, 0.9, 0.0, 0.5]], dtype="float32")
    decoded = encoder.inverse_transform(rows)["gain"].tolist()
    assert decoded == [0, frame["gain"][880:].min()]  # the rest's smallest value
    state = TabularEncoder.from_json(encoder.to_json())
    pd.testing.assert_frame_equal(state.inverse_transform(rows), encoder.inverse_transform(rows))


def test_a_column_of_point_masses_only_is_a_flag_alone():
    frame = pd.DataFrame({"level": [1.0] * 50 + [2.0] * 50})
    encoder = TabularEncoder(numeric="quantile", point_mass=0.05).fit(frame)
    assert encoder.feature_names_out == ["level=1", "level=2"]
    decoded = encoder.inverse_transform(encoder.transform(frame))
    pd.testing.assert_frame_equal(decoded, frame, check_dtype=False)


def related_table() -> pd.DataFrame:
    """Bank's relations, built: ``pdays`` = -1 exactly when ``previous`` = 0, and then
    ``poutcome`` is unknown; ``poutcome`` is unknown on a few more rows; ``job`` is free."""
    rng = np.random.default_rng(0)
    never = rng.uniform(size=1000) < 0.8
    previous = np.where(never, 0, rng.integers(1, 5, 1000))
    pdays = np.where(never, -1, rng.integers(1, 400, 1000))
    outcome = np.where(never, "unknown", rng.choice(["failure", "success"], 1000))
    outcome[np.flatnonzero(~never)[:5]] = "unknown"
    return pd.DataFrame(
        {
            "pdays": pdays.astype(float),
            "previous": previous.astype(float),
            "poutcome": pd.Categorical(outcome),
            "job": pd.Categorical(rng.choice(["admin", "blue", "tech"], 1000)),
        }
    )


def test_the_relations_that_hold_on_every_row_are_found():
    relations = {str(r) for r in find_relations(related_table(), 0.05)}
    assert relations == {
        "pdays = -1 => previous = 0",
        "pdays = -1 => poutcome = unknown",
        "previous = 0 => pdays = -1",
        "previous = 0 => poutcome = unknown",
    }  # not "poutcome = unknown => pdays = -1": five rows break it


def test_a_relation_needs_enough_rows_behind_it():
    frame = pd.DataFrame(
        {
            "a": pd.Categorical(["x"] * (MIN_SUPPORT - 1) + ["y"] * 200),
            "b": pd.Categorical(["p"] * (MIN_SUPPORT - 1) + ["q", "p"] * 100),
        }
    )
    # a = x => b = p holds on its 49 rows, too few; b = q => a = y has 100
    assert [str(r) for r in find_relations(frame, 0.05)] == ["b = q => a = y"]


def test_broken_rows_are_counted_and_kept_by_construction():
    relations = find_relations(related_table(), 0.05)
    rows = {
        "pdays": np.array([-1.0, -1.0, 50.0, 70.0]),
        "previous": np.array([0.0, 2.0, 0.0, 1.0]),
        "poutcome": pd.Categorical(
            ["success", "unknown", "failure", "failure"],
            categories=["failure", "success", "unknown"],
        ),
    }
    assert broken_share(pd.DataFrame(rows), relations) == 0.75
    keep_relations(rows, relations)
    assert broken_share(pd.DataFrame(rows), relations) == 0.0
    assert rows["poutcome"].tolist() == ["unknown", "unknown", "unknown", "failure"]
    assert rows["pdays"].tolist() == [-1.0, -1.0, -1.0, 70.0]


def test_the_encoder_finds_the_relations_and_decodes_rows_that_keep_them():
    frame = related_table()
    encoder = TabularEncoder(
        nominal="onehot", numeric="quantile", point_mass=0.05, relations=True
    ).fit(frame)
    assert len(encoder.relations_) == 4
    noise = np.random.default_rng(0).uniform(size=(2000, encoder.transform(frame).shape[1]))
    assert broken_share(encoder.inverse_transform(noise), encoder.relations_) == 0.0
    again = TabularEncoder.from_json(encoder.to_json())
    assert again.relations_ == encoder.relations_
    unkept = TabularEncoder(nominal="onehot", numeric="quantile", point_mass=0.05).fit(frame)
    assert broken_share(unkept.inverse_transform(noise), encoder.relations_) > 0.3


def test_the_table_spec_records_the_relations_and_checks_them(tmp_path):
    relation = Relation(Event("pdays", -1.0), Event("poutcome", "unknown"))
    spec = TableSpec.detect(related_table())
    spec = TableSpec(spec.columns, relations=(relation,)).validate()
    spec.save(tmp_path / "table.json")
    assert TableSpec.load(tmp_path / "table.json").relations == (relation,)
    assert spec.holds_values and spec.without_values().relations == ()
    bad = Relation(Event("nope", 1.0), Event("poutcome", "unknown"))
    with pytest.raises(DataError, match="relation nope = 1 => poutcome = unknown: 'nope'"):
        TableSpec(spec.columns, relations=(bad,)).validate()


def test_a_fitted_synthesizer_keeps_the_relations_in_its_rows():
    frame = related_table()
    synthesizer = TabularSynthesizer(
        seed=0, epochs=1, batch_size=256, min_steps_per_epoch=2, quality_every=100
    ).fit(frame)
    assert len(synthesizer.spec.relations) == 4
    assert broken_share(synthesizer.sample(500, seed=2), synthesizer.spec.relations) == 0.0


def test_normal_scores_give_the_tails_room_and_decode_back():
    from ganexp.tabular.encoding.quantiles import normal_place, normal_score

    places = np.linspace(0.0, 1.0, 1001)
    scores = normal_score(places)
    assert scores[0] == 0.0 and scores[-1] == pytest.approx(1.0)
    assert scores[500] == pytest.approx(0.5)
    assert np.all(np.diff(scores) > 0)  # monotone: a judge's ranking of rows is unchanged
    assert normal_place(scores[1:-1]) == pytest.approx(places[1:-1], abs=1e-9)
    # the 99th and the 99.99th percentile: 0.0099 apart as places, a tenth apart as scores
    assert np.diff(normal_score(np.array([0.99, 0.9999])))[0] > 0.1
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(
        {"amount": rng.lognormal(3.0, 1.0, 3000).round(2), "visits": rng.integers(0, 40, 3000)}
    )
    encoder = TabularEncoder(numeric="quantile", normal=True).fit(frame)
    encoded = encoder.transform(frame)
    assert encoded.min() >= 0.0 and encoded.max() <= 1.0
    decoded = TabularEncoder.from_json(encoder.to_json()).inverse_transform(encoded)
    assert (decoded["visits"] == frame["visits"]).all()  # levels come back exactly
    assert decoded["amount"].to_numpy() == pytest.approx(frame["amount"].to_numpy(), abs=0.5)
    # the head snaps to the levels' scores, so generated rows land on real levels
    allowed = encoder.layout[1].allowed
    assert allowed == pytest.approx(sorted(set(encoded[:, 1].tolist())))


def tailed_table() -> pd.DataFrame:
    """``amount``: a long upper tail (lognormal) and 0 on a tenth of rows; ``visits``: levels."""
    rng = np.random.default_rng(0)
    amount = np.concatenate([np.zeros(300), rng.lognormal(3.0, 1.2, 2700).round(2)])
    return pd.DataFrame({"amount": amount, "visits": rng.integers(0, 60, 3000)})


def test_tails_are_flagged_apart_and_their_value_is_the_place_within_them():
    frame = tailed_table()
    encoder = TabularEncoder(numeric="quantile", point_mass=0.05, tails=0.01).fit(frame)
    amount, visits = encoder.columns_
    assert amount.tails == 0.01 and visits.tails == 0.0  # levels keep their one grid
    assert encoder.feature_names_out[:5] == [
        "amount=0",
        "amount=lower tail",
        "amount=rest",
        "amount=upper tail",
        "amount",
    ]
    assert [type(b) for b in encoder.layout] == [OneHotBlock, ValueBlock, ValueBlock]
    encoded = encoder.transform(frame)
    flags = encoded[:, :4].argmax(axis=1)
    rest = frame["amount"].to_numpy() != 0
    # a hundredth of the rest at either end, and the tail's values spread over [0, 1]
    assert np.mean(flags[rest] == 1) == pytest.approx(0.01, abs=0.002)
    assert np.mean(flags[rest] == 3) == pytest.approx(0.01, abs=0.002)
    top = encoded[flags == 3, 4]
    assert top.min() < 0.1 and top.max() > 0.9
    assert frame["amount"][flags == 3].min() > frame["amount"][rest & (flags == 2)].max()
    state = TabularEncoder.from_json(encoder.to_json())
    assert json.loads(encoder.to_json())["version"] == 6  # a reader before tails refuses it
    decoded = state.inverse_transform(encoded)
    assert (decoded["visits"] == frame["visits"]).all()  # levels come back exactly
    assert decoded["amount"].to_numpy() == pytest.approx(frame["amount"].to_numpy(), abs=0.01)
    # the upper tail's flag with a value of 1 is the column's largest value, whatever it was
    far = encoded[:2].copy()
    far[:, :4], far[:, 4] = np.eye(4)[[3, 1]], 1.0
    assert state.inverse_transform(far)["amount"].tolist() == pytest.approx(
        [frame["amount"].max(), frame["amount"][rest].quantile(0.01)], rel=0.05
    )
    assert encoder.layout[2].allowed is not None  # the head snaps visits to its levels


def test_without_tails_the_state_is_as_before_and_a_small_column_has_none():
    frame = tailed_table()
    plain = TabularEncoder(numeric="quantile", point_mass=0.05).fit(frame)
    state = json.loads(plain.to_json())
    assert state["version"] == 5 and "tails" not in state
    assert all("tails" not in column for column in state["columns"])
    # a table with no continuous column: the setting changes nothing, not even the state
    levels = frame[["visits"]]
    tailed = TabularEncoder(numeric="quantile", tails=0.01).fit(levels)
    assert tailed.to_json() == TabularEncoder(numeric="quantile").fit(levels).to_json()
    few = TabularEncoder(numeric="quantile", tails=0.01).fit(frame.head(500))
    assert [column.tails for column in few.columns_] == [0.0, 0.0]  # 5 rows a tail: too few
