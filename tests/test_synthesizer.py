"""TabularSynthesizer, the public API: fit on a mixed DataFrame, sample, save, load, sample the
same rows; conditions; readable errors. And the `ganexp sample` command end to end."""

from __future__ import annotations

import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from ganexp import TabularSynthesizer
from ganexp.errors import DataError
from ganexp.tabular import synthesizer as synthesizer_module

SMALL = {"batch_size": 64, "generator": {"hidden": [32]}, "discriminator": {"hidden": [32]}}


def mixed_frame(n: int = 400) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(
        {
            "age": rng.integers(18, 80, n),
            "income": rng.normal(50.0, 10.0, n),
            "city": rng.choice(["Lyon", "Oslo", "Rome"], n).astype(object),
            "member": rng.choice([True, False], n),
            "grade": pd.Categorical(rng.choice(["low", "high"], n), categories=["low", "high"]),
            "children": rng.integers(0, 3, n),
        }
    )
    frame["points"] = np.where(frame["grade"] == "low", 1, 2)  # a function of grade
    frame.loc[[3, 10, 20], "city"] = None  # missing values are allowed
    frame.loc[[5, 6], "income"] = np.nan
    return frame


@pytest.fixture(scope="module")
def fitted(tmp_path_factory) -> tuple[TabularSynthesizer, Path, pd.DataFrame]:
    frame = mixed_frame()
    synthesizer = TabularSynthesizer(epochs=3, seed=1, **SMALL)
    synthesizer.fit(frame, discrete_columns=["children"])
    folder = tmp_path_factory.mktemp("model")
    synthesizer.save(folder)
    return synthesizer, folder, frame


def test_sampled_rows_have_the_inputs_columns_dtypes_and_categories(fitted):
    synthesizer, _, frame = fitted
    rows = synthesizer.sample(300, seed=2)
    assert list(rows.columns) == list(frame.columns) and len(rows) == 300
    assert rows["age"].dtype == frame["age"].dtype and rows["income"].dtype == "float64"
    assert rows["member"].dtype == bool and rows["children"].dtype == frame["children"].dtype
    assert list(rows["grade"].cat.categories) == ["low", "high"]
    assert set(rows["city"].dropna()) <= {"Lyon", "Oslo", "Rome"}
    assert set(rows["children"]) <= {0, 1, 2}
    assert rows["age"].between(18, 79).all()  # the quantile encoding decodes to observed values
    assert len(synthesizer.history) == 3
    # points is rebuilt from grade, not generated: no row contradicts the function
    assert synthesizer.encoder.derived == {"points": "grade"}
    assert rows["points"].dtype == frame["points"].dtype
    assert (rows["points"] == np.where(rows["grade"] == "low", 1, 2)).all()


def test_joint_columns_come_out_only_in_combinations_the_data_has(tmp_path):
    frame = mixed_frame(200)
    frame["children"] = np.where(frame["grade"] == "high", 0, frame["children"])
    synthesizer = TabularSynthesizer(epochs=2, seed=3, **SMALL)
    synthesizer.fit(frame, joint_columns=[["grade", "children"]])
    assert synthesizer.encoder.joint_columns == {"grade+children": ("grade", "children")}
    synthesizer.save(tmp_path)
    rows = TabularSynthesizer.load(tmp_path).sample(300, seed=1)
    assert list(rows.columns) == list(frame.columns)
    assert rows["children"].dtype == frame["children"].dtype
    pairs = set(zip(frame["grade"], frame["children"], strict=True))
    assert len(pairs) == 4  # of the 6 there could be: high only with 0 children
    assert set(zip(rows["grade"], rows["children"], strict=True)) <= pairs


def test_save_load_samples_the_same_rows_and_seeds_matter(fitted):
    synthesizer, folder, _ = fitted
    loaded = TabularSynthesizer.load(folder)
    pd.testing.assert_frame_equal(loaded.sample(200, seed=5), synthesizer.sample(200, seed=5))
    pd.testing.assert_frame_equal(loaded.sample(50), synthesizer.sample(50))  # the model's seed
    assert not loaded.sample(200, seed=5).equals(loaded.sample(200, seed=6))
    assert sorted(p.name for p in folder.iterdir()) == [
        "discriminator.json",
        "discriminator.weights.h5",
        "generator.json",
        "generator.weights.h5",
        "refiner",
        "synthesizer.json",
        "table.json",
    ]
    assert sorted(p.name for p in (folder / "refiner").iterdir()) == [
        "refiner.json",
        "refiner.skops",
    ]


def test_conditions_fix_nominal_values(fitted):
    synthesizer, _, _ = fitted
    rows = synthesizer.sample(120, seed=3, conditions={"city": "Oslo", "member": True})
    assert len(rows) == 120
    assert (rows["city"] == "Oslo").all() and rows["member"].all()
    again = synthesizer.sample(120, seed=3, conditions={"city": "Oslo", "member": True})
    pd.testing.assert_frame_equal(rows, again)


@pytest.mark.parametrize(
    ("conditions", "message"),
    [
        ({"town": "Oslo"}, r"no column 'town'; columns: age, income, city"),
        ({"city": "Paris"}, r"city='Paris' is not a category of 'city' \('Lyon', 'Oslo', 'Rome'\)"),
        ({"age": 30}, r"column 'age' is numeric; only nominal ones can be fixed"),
    ],
)
def test_bad_conditions_are_named(fitted, conditions, message):
    with pytest.raises(DataError, match=message):
        fitted[0].sample(10, conditions=conditions)


def test_a_condition_the_model_cannot_meet_says_so(fitted, monkeypatch):
    monkeypatch.setattr(synthesizer_module, "MAX_DRAWS_PER_ROW", 1)
    with pytest.raises(DataError, match=r"city='Rome'.* only \d+ matching row\(s\) in \d+ draws"):
        fitted[0].sample(9000, seed=0, conditions={"city": "Rome"})


def test_bad_settings_and_inputs_get_one_line_errors(tmp_path):
    with pytest.raises(
        ValueError, match=r"epoch_count: unknown key; expected some of: epochs, batch_size"
    ):
        TabularSynthesizer(epoch_count=3)
    with pytest.raises(
        ValueError, match=r"batch_size: Input should be greater than or equal to 1 \(got 0\)"
    ):
        TabularSynthesizer(batch_size=0)
    with pytest.raises(DataError, match=r"discrete_columns: no such column.*: nope"):
        TabularSynthesizer(epochs=1).fit(mixed_frame(), discrete_columns=["nope"])
    with pytest.raises(DataError, match="not fitted"):
        TabularSynthesizer().sample(5)
    with pytest.raises(DataError, match=r"not a saved synthesizer \(no synthesizer.json\)$"):
        TabularSynthesizer.load(tmp_path)
    (tmp_path / "seed-43").mkdir()  # train_gan's and check_convergence's folders: one per seed
    with pytest.raises(DataError, match=r"synthesizer.json\); it holds one per seed: .*seed-43$"):
        TabularSynthesizer.load(tmp_path)
    (tmp_path / "synthesizer.json").write_text("{\n oops")
    with pytest.raises(DataError, match=r"synthesizer.json:2: not valid JSON"):
        TabularSynthesizer.load(tmp_path)


def ganexp_command(*args: str) -> subprocess.CompletedProcess:
    script = Path(sys.executable).with_name("ganexp")  # installed by `pip install -e .`
    return subprocess.run([str(script), *args], capture_output=True, text=True, timeout=300)


def test_ganexp_sample_writes_the_rows_the_api_samples(fitted, tmp_path):
    synthesizer, folder, _ = fitted
    out = tmp_path / "rows.csv"
    result = ganexp_command(
        "sample", str(folder), "--rows", "150", "--out", str(out), "--seed", "4",
        "--where", "grade=high",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    written = pd.read_csv(out)
    expected = synthesizer.sample(150, seed=4, conditions={"grade": "high"})
    assert list(written.columns) == list(expected.columns) and len(written) == 150
    assert (written["grade"] == "high").all()
    np.testing.assert_array_equal(written["age"], expected["age"])
    np.testing.assert_allclose(written["income"], expected["income"])


def test_ganexp_sample_with_a_bad_where_is_one_line_and_writes_nothing(fitted, tmp_path):
    out = tmp_path / "rows.csv"
    args = ["sample", str(fitted[1]), "--rows", "10", "--out", str(out), "--where", "grade=mid"]
    result = ganexp_command(*args)
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == [
        "ganexp: error: conditions: grade='mid' is not a category of 'grade' ('low', 'high')"
    ]
    assert not out.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--where", "height=3"], "conditions: no column 'height'"),
        (["--epoch", "7"], "epoch-0007: no such checkpoint (epochs kept: none)"),
        (["--rows", "-1"], "--rows: expected a number of rows >= 0, got -1"),
    ],
)
def test_ganexp_sample_errors_in_process(fitted, tmp_path, capsys, args, message):
    from ganexp.console import main

    out = tmp_path / "rows.csv"
    rows = [] if "--rows" in args else ["--rows", "10"]
    with pytest.raises(SystemExit) as stop:
        main(["sample", str(fitted[1]), *rows, "--out", str(out), *args])
    assert stop.value.code == 1
    lines = capsys.readouterr().err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("ganexp: error: ") and message in lines[0]
    assert not out.exists()


def test_ganexp_sample_on_a_directory_that_is_no_model(tmp_path, capsys):
    from ganexp.console import main

    with pytest.raises(SystemExit):
        main(["sample", str(tmp_path), "--rows", "3", "--out", str(tmp_path / "x.csv")])
    expected = f"ganexp: error: {tmp_path}: not a saved synthesizer (no synthesizer.json)"
    assert capsys.readouterr().err.strip() == expected


@pytest.mark.parametrize("dtype", ["float64", "Float64"])
def test_an_infinite_number_is_a_one_line_error_naming_column_and_row(dtype):
    frame = mixed_frame(50)
    frame["income"] = frame["income"].astype(dtype)
    frame.loc[7, "income"] = -np.inf
    frame.loc[9, "income"] = np.inf
    synthesizer = TabularSynthesizer(epochs=1, **SMALL)
    with pytest.raises(DataError) as caught:
        synthesizer.fit(frame)
    message = str(caught.value)
    assert message.startswith("column 'income', row 7: -inf is not a finite number (2 such")
    assert "\n" not in message and synthesizer.encoder is None  # nothing half fitted


def test_dates_and_times_come_back_as_the_inputs_dtype_range_resolution_and_zone(tmp_path):
    rng = np.random.default_rng(0)
    n = 300
    days = pd.Timestamp("2024-01-01") + pd.to_timedelta(rng.integers(0, 300, n), unit="D")
    start = pd.Timestamp("2024-03-01 08:00", tz="Europe/Oslo")
    frame = pd.DataFrame(
        {
            "joined": days,  # 300 possible dates: one numeric column, not 300 one-hot ones
            "seen": start + pd.to_timedelta(rng.integers(0, 10_000, n), unit="min"),
            "x": rng.normal(size=n),
        }
    )
    frame.loc[3, "joined"] = pd.NaT  # missing, as a missing number
    synthesizer = TabularSynthesizer(seed=0, epochs=2, **SMALL).fit(frame)
    assert sum(column.width for column in synthesizer.encoder.columns_) == 3
    synthesizer.save(tmp_path)
    for model in (synthesizer, TabularSynthesizer.load(tmp_path)):
        rows = model.sample(200, seed=1)
        assert rows.dtypes.to_dict() == frame.dtypes.to_dict()
        for name in ("joined", "seen"):
            assert frame[name].min() <= rows[name].min() <= rows[name].max() <= frame[name].max()
        assert (rows["joined"] == rows["joined"].dt.normalize()).all()  # whole days
        assert (rows["seen"].dt.second == 0).all() and str(rows["seen"].dt.tz) == "Europe/Oslo"


def id_frame(n: int = 2000) -> pd.DataFrame:
    """The issue's case: ``user00000``-style IDs unique on every row, beside hex codes, an
    integer account number and columns worth learning."""
    rng = np.random.default_rng(3)
    return pd.DataFrame(
        {
            "user": [f"user{i:05d}" for i in rng.permutation(n)],
            "code": [f"{v:08x}" for v in rng.choice(2**32, n, replace=False)],
            "account": 1000 + 7 * np.arange(n),
            "plan": rng.choice(["free", "paid"], n).astype(object),
            "spend": rng.gamma(2.0, 10.0, n),
        }
    )


def test_identifiers_are_fresh_unique_in_the_inputs_format_and_never_stored(tmp_path):
    frame = id_frame()
    ids = ["user", "code", "account"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # declared: no warning
        synthesizer = TabularSynthesizer(seed=0, epochs=1, **SMALL).fit(frame, id_columns=ids)
    assert list(synthesizer.encoder.names_) == ["plan", "spend"]  # never learned
    synthesizer.save(tmp_path)
    state = (tmp_path / "synthesizer.json").read_text()
    assert not any(value in state for value in frame["code"])  # only keyed hashes are kept
    rows = synthesizer.sample(10_000, seed=1)
    assert rows.dtypes.to_dict() == frame.dtypes.to_dict()
    for name in ids:
        assert rows[name].is_unique, name
        assert not rows[name].isin(frame[name]).any(), name
    assert rows["user"].str.fullmatch(r"user\d{5,}").all()
    assert rows["code"].str.fullmatch(r"[0-9a-f]{8}").all()
    assert rows.equals(TabularSynthesizer.load(tmp_path).sample(10_000, seed=1))
    with pytest.raises(DataError, match="conditions: column 'user' is an identifier"):
        synthesizer.sample(5, conditions={"user": "user00001"})


def test_an_undeclared_identifier_is_flagged_with_what_to_do():
    from ganexp.tabular.detection import detected_spec

    def identifiers(spec):
        return {c.name for c in spec.columns if c.kind == "id"}

    frame = id_frame(300)
    with pytest.warns(UserWarning) as caught:
        found = identifiers(detected_spec(frame))
    assert found == {"user", "code"}  # text unique on every row; numbers must be declared
    messages = [str(w.message) for w in caught]
    assert messages[0].startswith("column 'user' has a distinct value on 300 of 300 rows")
    assert "Pass id_columns=['user'] to say so, or id_columns=[] to learn it" in messages[0]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert identifiers(detected_spec(frame, id_columns=[])) == set()  # no flagging
        assert identifiers(detected_spec(frame.iloc[:10])) == set()  # too few rows to tell
    with pytest.raises(DataError, match="id_columns: no such column"):
        detected_spec(frame, id_columns=["nope"])


REPEATED_FITS = """
import numpy as np, pandas as pd
from ganexp import TabularSynthesizer
rng = np.random.default_rng(0)
frame = pd.DataFrame({"x": rng.normal(size=120), "kind": rng.choice(["a", "b"], 120)})
for seed in range(6):
    TabularSynthesizer(seed=seed, epochs=1, batch_size=64, min_steps_per_epoch=5,
                       generator={"hidden": [8]}, discriminator={"hidden": [8]}).fit(frame)
print("fitted")
"""


def test_repeated_fits_in_one_process_print_no_retracing_warning():
    """A notebook fits several synthesizers, each with its own trainer and functions: more fits
    than TensorFlow's warning threshold (5 traces of one function in its last 10 calls), in a
    fresh process, since TensorFlow warns at most twice per function in a process."""
    result = subprocess.run(
        [sys.executable, "-c", REPEATED_FITS], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0 and "fitted" in result.stdout, result.stderr
    printed = result.stdout + result.stderr
    assert "retracing" not in printed
