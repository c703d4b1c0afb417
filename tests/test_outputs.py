"""Stage outputs: valid JSON whatever the figures, and nothing left behind by a killed run."""

from __future__ import annotations

import json

from ganexp.pipeline.outputs import dumps_metrics, null_undefined, staged_path


def test_nan_and_infinity_become_null_with_the_key_named():
    text = dumps_metrics({"auc": float("nan"), "nested": {"gap": float("inf"), "ok": 0.5}})
    data = json.loads(text)  # the standard parser; a bare NaN would be accepted, so also:
    assert "NaN" not in text and "Infinity" not in text
    assert data["auc"] is None and data["nested"] == {"gap": None, "ok": 0.5}
    assert data["undefined"] == {
        "auc": "not a finite number (nan)",
        "nested.gap": ("not a finite number (inf)"),
    }


def test_a_reason_given_by_the_producer_is_kept():
    text = dumps_metrics({"auc": float("nan"), "undefined": {"auc": "one class only"}})
    assert json.loads(text)["undefined"] == {"auc": "one class only"}


def test_finite_figures_pass_unchanged():
    data = {"a": [1.0, 2], "b": {"c": None, "d": "text", "e": True}}
    assert null_undefined(data) == (data, {})
    assert "undefined" not in json.loads(dumps_metrics(data))


def test_leftovers_of_a_killed_run_are_removed(tmp_path):
    target = tmp_path / "samples.json"
    leftover = tmp_path / ".samples.json.partial.k1ll3d_x"  # left behind by a SIGKILL
    leftover.mkdir()
    (leftover / "samples.json").write_text("half")
    other = tmp_path / ".samples.json.bak.partial.abc123"  # another target's: kept
    other.mkdir()
    with staged_path(target) as temp:
        temp.write_text("{}")
    assert target.read_text() == "{}"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".samples.json.bak.partial.abc123",
        "samples.json",
    ]


def test_a_failed_write_keeps_the_earlier_file(tmp_path):
    target = tmp_path / "out.json"
    target.write_text("earlier")
    try:
        with staged_path(target) as temp:
            temp.write_text("half")
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    assert target.read_text() == "earlier"
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]
