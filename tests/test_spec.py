"""The table spec: detected from a DataFrame, corrected, validated with one-line errors, saved
and loaded, and stripped to what a data dictionary states; and a synthesizer saved before the
spec (and before the sub-packages) still loads."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from ganexp.errors import DataError
from ganexp.tabular.spec import TableSpec


def frame() -> pd.DataFrame:
    n = 60
    return pd.DataFrame(
        {
            "user": [f"u{i:04d}" for i in range(n)],
            "age": np.arange(n) % 40 + 18,
            "price": np.round(np.linspace(1.0, 9.99, n), 2),
            "city": pd.Categorical(["Lyon", "Oslo", None] * (n // 3), categories=["Oslo", "Lyon"]),
            "joined": pd.date_range("2024-01-01", periods=n, freq="D"),
            "member": [True, False] * (n // 2),
        }
    )


def test_detect_reads_kinds_categories_ranges_and_resolutions():
    spec = TableSpec.detect(frame(), identifiers=["user"], target="member")
    kinds = {c.name: c.kind for c in spec.columns}
    assert kinds == {
        "user": "id",
        "age": "numeric",
        "price": "numeric",
        "city": "nominal",
        "joined": "datetime",
        "member": "nominal",
    }
    age, price, city = spec.column("age"), spec.column("price"), spec.column("city")
    assert (age.minimum, age.maximum, age.resolution) == (18.0, 57.0, 1.0)
    assert price.resolution == pytest.approx(0.01) and price.maximum == pytest.approx(9.99)
    assert city.categories == ("Oslo", "Lyon") and city.nullable and not age.nullable
    joined = spec.column("joined")
    assert joined.resolution == "D" and joined.minimum == "2024-01-01T00:00:00"
    assert spec.column("member").categories == (False, True)
    assert spec.target == "member" and spec.holds_values  # the identifier's format


def test_corrections_are_validated_and_round_trip_through_json(tmp_path):
    spec = TableSpec.detect(frame(), identifiers=["user"], target="member")
    corrected = spec.update_column("age", kind="nominal", categories=list(range(18, 58)))
    assert corrected.column("age").nominal and len(corrected.column("age").texts) == 40
    corrected.save(tmp_path / "table.json")
    loaded = TableSpec.load(tmp_path / "table.json")
    assert loaded == corrected
    assert loaded.column("user").identifier.to_dict() == spec.column("user").identifier.to_dict()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": "age", "kind": "float"}, "column 'age': kind 'float' is none of numeric"),
        ({"name": "age", "minimum": 99.0}, "column 'age': minimum 99.0 is above maximum 57.0"),
        ({"name": "joined", "resolution": "week"}, "column 'joined': resolution 'week' is none"),
        ({"name": "city", "categories": ["1", 1]}, "column 'city': two categories print the same"),
        ({"name": "nope", "kind": "numeric"}, "no column 'nope' in the table"),
        ({"name": "age", "colour": "red"}, "update_column: unknown field(s) colour"),
    ],
)
def test_a_bad_correction_is_a_one_line_error(change, message):
    spec = TableSpec.detect(frame())
    with pytest.raises(DataError, match=None) as error:
        spec.update_column(change.pop("name"), **change)
    assert message in str(error.value) and "\n" not in str(error.value)


@pytest.mark.parametrize(
    ("keywords", "message"),
    [
        ({"target": "user", "identifiers": ["user"]}, "target 'user' is not a column"),
        ({"target": "nope"}, "target 'nope' is not a column"),
        ({"joint": [["city"]]}, "joint ['city'] is not a group of 2+ columns"),
        ({"joint": [["city", "user"]], "identifiers": ["user"]}, "joint column 'user'"),
        ({"identifiers": ["nope"]}, "no such column(s): nope"),
    ],
)
def test_a_bad_spec_is_a_one_line_error(keywords, message):
    with pytest.raises(DataError) as error:
        TableSpec.detect(frame(), **keywords)
    assert message in str(error.value)


def test_a_spec_file_that_is_not_one_names_the_file(tmp_path):
    path = tmp_path / "table.json"
    path.write_text("{", encoding="utf-8")
    with pytest.raises(DataError, match=r"table\.json:1: not valid JSON"):
        TableSpec.load(path)
    path.write_text(json.dumps({"format": "other"}), encoding="utf-8")
    with pytest.raises(DataError, match=r"table\.json: not a ganexp\.TableSpec v1"):
        TableSpec.load(path)
    with pytest.raises(DataError, match=r"missing\.json: not found"):
        TableSpec.load(tmp_path / "missing.json")


def test_without_values_keeps_a_data_dictionary_and_nothing_computed_from_rows():
    spec = TableSpec.detect(frame(), identifiers=["user"], target="member")
    spec = TableSpec(spec.columns, spec.target, spec.joint, {"age": "city"}, spec.missing)
    bare = spec.without_values()
    assert not bare.holds_values and bare.derived == {}
    assert all(c.identifier is None for c in bare.columns)
    assert bare.column("age") == spec.column("age")  # names, kinds, ranges, resolutions kept
    assert bare.column("city").categories == ("Oslo", "Lyon")
    saved = json.dumps(bare.to_dict())
    assert "u0001" not in saved and "identifier" not in saved and "hashes" not in saved
    with pytest.raises(DataError, match=r"identifier column.s. user have no format"):
        bare.restored_frame(pd.DataFrame({"age": [20.0]}))


def test_a_synthesizer_saved_before_the_spec_and_the_sub_packages_loads(tmp_path):
    """Saved by an earlier ganexp: columns inside synthesizer.json (version 1), no table.json,
    Keras configs naming the custom layers' old module (ganexp.tabular.networks) and the
    layout blocks' old key (kind), the encoder's columns tagged ``kind``."""
    from ganexp import TabularSynthesizer

    data = frame().drop(columns=["user", "joined"])
    small = {"batch_size": 32, "min_steps_per_epoch": 2, "quality_every": 0}
    small |= {"generator": {"hidden": [8]}, "discriminator": {"hidden": [8]}}
    synthesizer = TabularSynthesizer(epochs=1, seed=0, **small).fit(data, id_columns=[])
    synthesizer.save(tmp_path)
    state = json.loads((tmp_path / "synthesizer.json").read_text())
    spec = json.loads((tmp_path / "table.json").read_text())
    state["version"] = 1
    for column in state["encoder"]["columns"]:
        column["kind"] = column.pop("encoded_as")
    state["encoder"]["version"] = 3
    state["columns"] = [
        {"name": c["name"], "dtype": c["dtype"], "nominal": c["kind"] == "nominal"}
        | ({"categories": c["categories"]} if c["kind"] == "nominal" else {})
        for c in spec["columns"]
    ]
    (tmp_path / "synthesizer.json").write_text(json.dumps(state))
    (tmp_path / "table.json").unlink()
    for name in ("generator", "discriminator"):
        config = tmp_path / f"{name}.json"
        text = config.read_text().replace(
            "ganexp.tabular.model.networks", "ganexp.tabular.networks"
        )
        config.write_text(text.replace('"form": ', '"kind": '))  # a layout block's old key
    assert "ganexp.tabular.networks" in (tmp_path / "generator.json").read_text()
    loaded = TabularSynthesizer.load(tmp_path)
    pd.testing.assert_frame_equal(loaded.sample(50, seed=3), synthesizer.sample(50, seed=3))
    assert [c.kind for c in loaded.spec.columns] == ["numeric", "numeric", "nominal", "nominal"]
