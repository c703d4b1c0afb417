"""Encoder: exact round trips on the real data, valid rows from any array, JSON state."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ganexp.errors import DataError
from ganexp.tabular.encoding.encoder import TabularEncoder
from ganexp.tabular.encoding.layout import OneHotBlock, ValueBlock


def small_table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "age": [20.0, 35.0, np.nan, 50.0],
            "ratio": [0.5, 0.25, 1.75, 1.0],
            "colour": pd.Categorical(["b", None, "a", "b"], categories=["b", "a", "c"]),
            "const": [7.0, 7.0, 7.0, 7.0],
        }
    )


ENCODINGS = [("codes", "minmax"), ("onehot", "quantile"), ("codes", "quantile")]


@pytest.mark.parametrize(("nominal", "numeric"), ENCODINGS)
@pytest.mark.parametrize(("name", "drop"), [("adult", ["fnlwgt"]), ("bank", [])])
def test_round_trip_is_exact_on_real_data(request, name, drop, nominal, numeric):
    frame = request.getfixturevalue(name)
    encoder = TabularEncoder(drop=drop, nominal=nominal, numeric=numeric)
    encoded = encoder.fit_transform(frame)
    assert encoded.dtype == np.float32
    width = sum(c.width for c in encoder.columns_)
    assert encoded.shape == (len(frame), width) and len(encoder.feature_names_out) == width
    if nominal == "codes":
        assert width == frame.shape[1] - len(drop)
    assert encoded.min() >= 0.0 and encoded.max() <= 1.0
    decoded = encoder.inverse_transform(encoded)
    expected = frame.drop(columns=drop)
    # a column of more whole numbers than knots (Bank's balance, duration) comes back between
    # its knots: within float32's rounding of the place, not exactly
    between = [c.name for c in encoder.columns_ if getattr(c, "interpolate", False)]
    assert set(between) == (
        {"balance", "duration"} if numeric == "quantile" and name == "bank" else set()
    )
    for column in between:
        off = np.abs(decoded.pop(column).to_numpy() - expected.pop(column).to_numpy())
        assert (off == 0).mean() > 0.99 and off.max() <= 1e-3 * np.ptp(frame[column])
    pd.testing.assert_frame_equal(decoded, expected, check_dtype=False, check_exact=True)
    for column in expected.columns:
        if isinstance(expected[column].dtype, pd.CategoricalDtype):
            assert decoded[column].cat.categories.tolist() == (
                expected[column].cat.categories.tolist()
            )


@pytest.mark.parametrize(("nominal", "numeric"), ENCODINGS)
@pytest.mark.parametrize("name", ["adult", "bank"])
def test_inverse_of_random_arrays_gives_valid_rows(request, name, nominal, numeric):
    frame = request.getfixturevalue(name)
    encoder = TabularEncoder(nominal=nominal, numeric=numeric).fit(frame)
    rng = np.random.default_rng(0)
    width = sum(c.width for c in encoder.columns_)
    noise = rng.uniform(-0.2, 1.2, size=(500, width)).astype("float32")
    decoded = encoder.inverse_transform(noise)
    assert list(decoded.columns) == list(frame.columns)
    for column in frame.columns:
        real, fake = frame[column], decoded[column]
        if isinstance(real.dtype, pd.CategoricalDtype):
            assert set(fake.dropna()) <= set(real.cat.categories)
            if not real.isna().any():
                assert not fake.isna().any()
        else:
            assert fake.min() >= real.min() and fake.max() <= real.max()
            assert fake.dtype == np.int64  # every numeric column of both datasets is whole
    # decoded rows re-encode without error, and decode again to themselves
    again = encoder.inverse_transform(encoder.transform(decoded))
    pd.testing.assert_frame_equal(again, decoded)


def test_missing_nominal_is_its_own_category_and_comes_back():
    encoder = TabularEncoder().fit(small_table())
    encoded = encoder.transform(small_table())
    # codes b=0, a=1, c=2, missing=3, scaled by 3
    np.testing.assert_allclose(encoded[:, 2], [0.0, 1.0, 1 / 3, 0.0], rtol=1e-6)
    assert pd.isna(encoder.inverse_transform(encoded)["colour"][1])


def test_missing_numeric_is_imputed_with_median_and_counted():
    encoder = TabularEncoder().fit(small_table())
    assert encoder.missing_counts == {"age": 1, "colour": 1}
    decoded = encoder.inverse_transform(encoder.transform(small_table()))
    assert decoded["age"].tolist() == [20, 35, 35, 50]  # median of 20, 35, 50
    assert decoded["ratio"].tolist() == pytest.approx([0.5, 0.25, 1.75, 1.0])
    assert decoded["const"].tolist() == [7, 7, 7, 7]


def test_nearest_category_and_clipping():
    encoder = TabularEncoder().fit(small_table())
    rows = np.array([[0.49, 2.0, 0.2, 0.5], [-1.0, -1.0, 0.9, 0.5]], dtype="float32")
    decoded = encoder.inverse_transform(rows)
    assert decoded["age"].tolist() == [35, 20]  # 20 + 0.49 * 30 = 34.7 -> 35; clipped to min
    assert decoded["ratio"].tolist() == [1.75, 0.25]
    assert decoded["colour"][0] == "a"  # 0.2 * 3 = 0.6 -> code 1
    assert pd.isna(decoded["colour"][1])  # 0.9 * 3 = 2.7 -> the missing category


@pytest.mark.parametrize(("nominal", "numeric"), ENCODINGS)
def test_json_state_round_trip(adult, nominal, numeric):
    encoder = TabularEncoder(drop=["fnlwgt"], nominal=nominal, numeric=numeric).fit(adult)
    restored = TabularEncoder.from_json(encoder.to_json())
    assert restored.to_json() == encoder.to_json()
    assert restored.drop == ("fnlwgt",)
    sample = adult.head(200)
    np.testing.assert_array_equal(restored.transform(sample), encoder.transform(sample))
    noise = np.random.default_rng(1).uniform(size=(50, len(encoder.feature_names_out)))
    pd.testing.assert_frame_equal(
        restored.inverse_transform(noise), encoder.inverse_transform(noise)
    )


def test_errors_are_clear():
    table = small_table()
    with pytest.raises(DataError, match=r"cannot drop column.*nope"):
        TabularEncoder(drop=["nope"]).fit(table)
    with pytest.raises(DataError, match="not fitted"):
        TabularEncoder().transform(table)
    encoder = TabularEncoder().fit(table)
    with pytest.raises(DataError, match=r"missing column.*ratio"):
        encoder.transform(table.drop(columns=["ratio"]))
    with pytest.raises(DataError, match=r"shape \(rows, 4\)"):
        encoder.inverse_transform(np.zeros((3, 5)))
    with pytest.raises(DataError, match="NaN"):
        encoder.inverse_transform(np.full((1, 4), np.nan))
    other = table.assign(colour=pd.Categorical(["zz", "b", "a", "b"]))
    with pytest.raises(DataError, match="'zz' is not one of"):
        encoder.transform(other)
    with pytest.raises(DataError, match=r"not a ganexp\.TabularEncoder"):
        TabularEncoder.from_dict({"format": "something else"})


def test_onehot_and_quantile_layout():
    encoder = TabularEncoder(nominal="onehot", numeric="quantile").fit(small_table())
    assert encoder.feature_names_out == [
        "age",
        "ratio",
        "colour=b",
        "colour=a",
        "colour=c",
        "colour=?",
        "const",
    ]
    layout = encoder.layout
    assert [block.form for block in layout] == ["value", "value", "onehot", "value"]
    assert layout[2].width == 4
    # age: 20, 35 and 50 observed once each: mid-ranks 1/6, 3/6, 5/6; edges at 1/3 and 2/3
    assert layout[0].allowed == pytest.approx([1 / 6, 3 / 6, 5 / 6])
    assert layout[0].edges == pytest.approx([1 / 3, 2 / 3])
    encoded = encoder.transform(small_table())
    np.testing.assert_array_equal(encoded[:, 2:6], np.eye(4)[[0, 3, 1, 0]])


def test_quantile_spreads_a_spike():
    """92% zeros in min-max are one point; in quantile encoding an interval a generator can hit."""
    values = pd.DataFrame({"gain": [0.0] * 92 + [100.0 * k for k in range(1, 9)]})
    encoder = TabularEncoder(numeric="quantile").fit(values)
    zero_position = encoder.transform(values)[0, 0]
    assert zero_position == pytest.approx(0.46)
    decoded = encoder.inverse_transform(np.linspace(0, 1, 101)[:, None])["gain"]
    assert (decoded == 0).mean() == pytest.approx(0.92, abs=0.01)


def dependent_table() -> pd.DataFrame:
    """``rank`` and ``band`` are functions of ``grade`` (12 rows per observed grade; grade ``d``
    is declared but never seen, and missing grades have rank 0); ``tier`` determines ``grade``
    back (so it is derived, not ``grade``); ``shade`` is a function of ``few``, whose categories
    have only 3 rows each (too few to trust); ``noise`` depends on nothing."""
    grades = np.repeat(["a", "b", "c", None], 12)
    rank = {"a": 1, "b": 2, "c": 3, None: 0}
    rng = np.random.default_rng(0)
    few = np.tile([f"k{i:02d}" for i in range(16)], 3)
    return pd.DataFrame(
        {
            "grade": pd.Categorical(grades, categories=["a", "b", "c", "d"]),
            "rank": [rank[g] for g in grades],
            "band": pd.Categorical(["low" if g in ("a", "b") else "high" for g in grades]),
            "tier": pd.Categorical([{"a": "A", "b": "B", "c": "C"}.get(g, "Z") for g in grades]),
            "few": pd.Categorical(few),
            "shade": [float(f[1:]) for f in few],
            "noise": rng.integers(0, 1000, 48),  # whole numbers: an exact round trip
        }
    )


@pytest.mark.parametrize(("nominal", "numeric"), ENCODINGS)
def test_a_column_that_is_a_function_of_a_nominal_one_is_rebuilt_from_it(nominal, numeric):
    frame = dependent_table()
    encoder = TabularEncoder(nominal=nominal, numeric=numeric, derive=True).fit(frame)
    assert encoder.derived == {"rank": "grade", "band": "grade", "tier": "grade"}
    plain = TabularEncoder(nominal=nominal, numeric=numeric).fit(frame)
    assert plain.derived == {}
    encoded = encoder.transform(frame)
    derived_width = sum(c.width for c in plain.columns_ if c.name in encoder.derived)
    assert encoded.shape[1] == plain.transform(frame).shape[1] - derived_width
    assert len(encoder.feature_names_out) == encoded.shape[1]
    decoded = encoder.inverse_transform(encoded)
    pd.testing.assert_frame_equal(decoded, frame, check_dtype=False, check_exact=True)
    # any array decodes to rows that keep the function, whatever grade each row gets
    rng = np.random.default_rng(1)
    rows = encoder.inverse_transform(rng.uniform(-0.2, 1.2, (300, encoded.shape[1])))
    assert list(rows.columns) == list(frame.columns)
    seen = frame.groupby("grade", observed=False, dropna=False)["rank"].first().to_dict()
    for grade, rank in zip(rows["grade"], rows["rank"], strict=True):
        if pd.isna(grade):
            assert rank == 0
        elif grade == "d":  # a declared grade no row had: the most common rank
            assert rank == frame["rank"].mode().iloc[0]
        else:
            assert rank == seen[grade]
    assert rows["rank"].dtype == np.int64
    assert rows["band"].cat.categories.tolist() == frame["band"].cat.categories.tolist()
    again = TabularEncoder.from_json(encoder.to_json())
    assert again.to_json() == encoder.to_json() and again.derived == encoder.derived


def test_a_version_2_state_still_loads_without_derived_columns(adult):
    state = TabularEncoder(drop=["fnlwgt"], nominal="onehot", numeric="quantile").fit(adult)
    old = state.to_dict()
    old["version"] = 2
    del old["derive"]
    for column in old["columns"]:  # before version 4 the tag was "kind"
        column["kind"] = column.pop("encoded_as")
    loaded = TabularEncoder.from_dict(old)
    assert loaded.derive is False and loaded.derived == {}
    assert loaded.transform(adult).shape == state.transform(adult).shape


def test_adults_education_number_is_derived_from_its_education(adult):
    encoder = TabularEncoder(drop=["fnlwgt"], nominal="onehot", numeric="quantile", derive=True)
    encoded = encoder.fit_transform(adult)
    assert encoder.derived == {"education-num": "education"}
    decoded = encoder.inverse_transform(encoded)
    pd.testing.assert_frame_equal(
        decoded, adult.drop(columns=["fnlwgt"]), check_dtype=False, check_exact=True
    )


def dated_table() -> pd.DataFrame:
    """Calls on three dates only: (jan, 5) x 6, (feb, 5) x 3, (jan, 20) x 3, with an amount."""
    months = ["jan"] * 6 + ["feb"] * 3 + ["jan"] * 3
    days = [5.0] * 9 + [20.0] * 3
    return pd.DataFrame(
        {
            "day": days,
            "amount": np.arange(12, dtype="float64"),
            "month": pd.Categorical(months, categories=["feb", "jan", "mar"]),
        }
    )


@pytest.mark.parametrize(("nominal", "numeric"), ENCODINGS)
def test_joint_columns_are_one_value_over_the_combinations_that_occur(nominal, numeric):
    frame = dated_table()
    encoder = TabularEncoder(nominal=nominal, numeric=numeric, joint=[["month", "day"]])
    encoded = encoder.fit_transform(frame)
    assert encoder.joint_columns == {"month+day": ("month", "day")}
    # the joint column stands where its first part (day) was; sorted by month, then day
    assert encoder.feature_names_out[0] == "month+day"
    joint = encoder.columns_[0]
    assert joint.combinations == (("feb", 5.0), ("jan", 5.0), ("jan", 20.0))
    np.testing.assert_allclose(joint.positions, [0.125, 0.5, 0.875])  # mid-ranks of 3, 6, 3
    np.testing.assert_allclose(joint.edges, [0.25, 0.75])
    assert encoder.layout[0] == ValueBlock(allowed=joint.positions, edges=(0.25, 0.75))
    decoded = encoder.inverse_transform(encoded)
    pd.testing.assert_frame_equal(decoded, frame, check_dtype=False, check_exact=True)
    # any value decodes to a date that occurs: never (feb, 20) nor a month no row has
    rows = encoder.inverse_transform(
        np.random.default_rng(0).uniform(-0.5, 1.5, (200, encoded.shape[1]))
    )
    assert list(rows.columns) == ["day", "amount", "month"]
    assert set(zip(rows["month"], rows["day"], strict=True)) <= {
        ("feb", 5),
        ("jan", 5),
        ("jan", 20),
    }
    assert rows["day"].dtype == np.int64
    assert rows["month"].cat.categories.tolist() == ["feb", "jan", "mar"]
    again = TabularEncoder.from_json(encoder.to_json())
    assert again.to_json() == encoder.to_json()
    np.testing.assert_array_equal(again.transform(frame), encoded)


def test_joint_columns_errors_name_the_group():
    frame = dated_table()
    with pytest.raises(DataError, match=r"joint columns \['month', 'hour'\]: no column 'hour'"):
        TabularEncoder(joint=[["month", "hour"]]).fit(frame)
    with pytest.raises(DataError, match="expected two or more columns"):
        TabularEncoder(joint=[["month"]]).fit(frame)
    with pytest.raises(DataError, match="'day' is in two groups"):
        TabularEncoder(joint=[["month", "day"], ["day", "amount"]]).fit(frame)
    gappy = frame.assign(day=frame["day"].where(frame.index != 3))
    with pytest.raises(DataError, match="'day' has missing values"):
        TabularEncoder(joint=[["month", "day"]]).fit(gappy)
    encoder = TabularEncoder(joint=[["month", "day"]]).fit(frame)
    unseen = frame.assign(day=frame["day"].where(frame.index != 0, 7.0))
    with pytest.raises(DataError, match=r"the combination \('jan', 7.0\) is not one"):
        encoder.transform(unseen)


def test_a_discrete_numeric_column_is_one_hot_over_its_values_and_decodes_to_numbers():
    frame = dated_table()
    encoder = TabularEncoder(nominal="onehot", numeric="quantile", discrete=["day"])
    encoded = encoder.fit_transform(frame)
    assert encoder.feature_names_out == [
        "day=5",
        "day=20",
        "amount",
        "month=feb",
        "month=jan",
        "month=mar",
    ]
    assert encoder.layout[0] == OneHotBlock(2)
    np.testing.assert_array_equal(encoded[:, :2], np.eye(2)[[0] * 9 + [1] * 3])
    assert encoder.summary()["columns"]["discrete"] == 1
    decoded = encoder.inverse_transform(encoded)
    pd.testing.assert_frame_equal(decoded, frame, check_dtype=False, check_exact=True)
    assert decoded["day"].dtype == np.int64
    # any array decodes to an observed day: its largest entry's
    rows = encoder.inverse_transform(np.random.default_rng(0).uniform(0, 1, (50, 6)))
    assert set(rows["day"]) <= {5, 20}
    # a value the encoder never saw goes to the nearest observed one (a tie to the lower)
    unseen = pd.DataFrame({"day": [4.0, 12.5, 13.0, 99.0], "amount": 0.0, "month": "jan"})
    np.testing.assert_array_equal(encoder.transform(unseen)[:, :2], np.eye(2)[[0, 0, 1, 1]])
    again = TabularEncoder.from_json(encoder.to_json())
    assert again.discrete == ("day",) and again.to_json() == encoder.to_json()
    np.testing.assert_array_equal(again.transform(frame), encoded)


def test_discrete_column_errors_name_the_column():
    frame = dated_table()
    with pytest.raises(DataError, match="discrete column 'hour' is not in the data"):
        TabularEncoder(nominal="onehot", discrete=["hour"]).fit(frame)
    with pytest.raises(DataError, match="discrete column 'month': expected a numeric column"):
        TabularEncoder(nominal="onehot", discrete=["month"]).fit(frame)
    with pytest.raises(DataError, match="discrete column 'day': needs nominal encoding onehot"):
        TabularEncoder(nominal="codes", discrete=["day"]).fit(frame)
