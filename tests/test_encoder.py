"""Encoder: exact round trips on the real data, valid rows from any array, JSON state."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from ganexp.errors import DataError
from ganexp.tabular.encoder import TabularEncoder


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
    assert [block["kind"] for block in layout] == ["value", "value", "onehot", "value"]
    assert layout[2]["width"] == 4
    # age: 20, 35 and 50 observed once each: mid-ranks 1/6, 3/6, 5/6; edges at 1/3 and 2/3
    assert layout[0]["allowed"] == pytest.approx([1 / 6, 3 / 6, 5 / 6])
    assert layout[0]["edges"] == pytest.approx([1 / 3, 2 / 3])
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
