"""The peers (`ganexp.peers`): each wrapper fits a tiny table, samples rows in the input's
columns and types, and the analysis measures them. Skipped, with the reason, where the optional
extra is not installed (`make peers`); the run that commits the peers' metrics has it."""

from __future__ import annotations

import importlib.util

import numpy as np
import pandas as pd
import pytest
from conftest import REPO

from ganexp.errors import GanexpError, MissingExtraError
from ganexp.peers.fit import as_typed_like, missing_extra
from ganexp.peers.settings import SYNTHESIZERS, PeerParams, PeersParams
from ganexp.pipeline.paths import ARF_PYTHON
from ganexp.tabular.evaluation.settings import AnalysisSettings

EXTRA = importlib.util.find_spec("sdv") is not None and importlib.util.find_spec("torch")
needs_extra = pytest.mark.skipif(
    not EXTRA, reason="the peers' optional extra is not installed: make peers"
)
ARF = REPO / ARF_PYTHON  # arfpy's own environment
needs_arf = pytest.mark.skipif(
    not ARF.is_file(), reason=f"arfpy's environment ({ARF_PYTHON}) is not built: make peers"
)
ANALYSIS = AnalysisSettings(n_samples=10, n_repeats=1, max_rows=200, detection_folds=2)


def tiny_table(n: int = 300, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    kind = rng.choice(["a", "b", "c"], n).astype(object)
    kind[: n // 10] = np.nan  # missing, as `?` in an ARFF file
    return pd.DataFrame(
        {
            "age": rng.integers(18, 80, n),
            "income": (50_000 + 10_000 * x).round(2),
            "kind": pd.Categorical(kind, categories=["a", "b", "c"]),
            "label": pd.Categorical(np.where(x > 0, "yes", "no"), categories=["no", "yes"]),
        }
    )


def test_sampled_rows_take_the_inputs_columns_types_and_categories():
    rows = tiny_table(20)
    sampled = pd.DataFrame(
        {
            "label": ["yes", "maybe"] * 5,  # an unseen category becomes missing
            "kind": ["a", "c"] * 5,
            "income": [1.5] * 10,
            "age": [30.0] * 9 + [None],  # a missing value keeps the column float
        }
    )
    typed = as_typed_like(sampled, rows)
    assert list(typed.columns) == list(rows.columns)
    assert list(typed["kind"].cat.categories) == ["a", "b", "c"]
    assert typed["label"].isna().sum() == 5
    assert typed["income"].dtype == "float64" and typed["age"].dtype == "float64"
    ages = as_typed_like(sampled.fillna(1.0).assign(age=[30.6, 29.4] * 5), rows)["age"]
    assert ages.dtype == rows["age"].dtype and list(ages[:2]) == [31, 29]  # rounded, not cut


def test_params_name_a_bad_peer_or_seed_in_one_line():
    peers = PeersParams(datasets=["adult"], synthesizers={"copula": PeerParams(seeds=[1])})
    with pytest.raises(ValueError, match=r"no such peer 'ctgan' \(declared: copula\)"):
        peers.peer("ctgan")
    with pytest.raises(ValueError, match="seeds: each seed once"):
        PeerParams(seeds=[1, 1])
    message = str(missing_extra("torch"))
    assert "torch is not installed" in message and "make peers" in message
    assert isinstance(missing_extra("sdv"), MissingExtraError)


@needs_extra
@pytest.mark.slow
@pytest.mark.parametrize(
    ("peer", "settings"),
    [("copula", {}), ("tvae", {"epochs": 2}), ("ctgan", {"epochs": 2})],
)
def test_each_peer_fits_samples_and_feeds_the_analysis(peer, settings):
    from ganexp.peers.sdv_peers import fit_sample

    rows = tiny_table()
    fit = fit_sample(peer, rows, 50, seed=1, settings=settings)
    assert list(fit.rows.columns) == list(rows.columns) and len(fit.rows) == 50
    assert list(fit.rows.dtypes) == list(rows.dtypes)
    assert set(fit.rows["kind"].dropna()) <= {"a", "b", "c"} and fit.fit_seconds > 0
    again = fit_sample(peer, rows, 50, seed=1, settings=settings)
    pd.testing.assert_frame_equal(fit.rows, again.rows)  # the same seed, the same rows
    other = fit_sample(peer, rows, 50, seed=2, settings=settings)
    assert not fit.rows.equals(other.rows)  # another seed, other rows

    details = measured_over_two_seeds(peer, rows, settings)
    assert details.versions["sdv"] == "2.0.0" and details.library == "SDV 2.0.0"


def measured_over_two_seeds(peer: str, rows: pd.DataFrame, settings: dict | None = None):
    """``peer_runs`` on ``rows`` with seeds 1 and 2: each seed's figures, defined."""
    from ganexp.peers.runs import peer_runs

    params = PeerParams(seeds=[1, 2], settings=settings or {})
    report = peer_runs(
        peer,
        params,
        rows,
        tiny_table(100, seed=1),
        target="label",
        analysis=ANALYSIS,
        seed=0,
        arf_python=ARF,
    )
    details = report.details
    assert details.seeds == [1, 2] and set(details.per_seed) == {"1", "2"}
    assert set(report.fit_seconds) == {1, 2} and report.mean_fit_seconds > 0
    assert 0.0 <= details.mean.fidelity.detection_auc <= 1.0
    assert details.mean.efficacy.train_synthetic_test_real.roc_auc is not None
    assert details.mean.deception_experiment is None
    return details


@needs_arf
@pytest.mark.slow
def test_adversarial_random_forests_fit_and_sample_in_their_own_environment():
    from ganexp.peers import arf_peer

    rows = tiny_table()
    fit = arf_peer.fit_sample(rows, 50, seed=1, python=ARF)
    assert list(fit.rows.columns) == list(rows.columns) and len(fit.rows) == 50
    assert list(fit.rows.dtypes) == list(rows.dtypes)  # integer ages rounded back to integers
    assert fit.rows["kind"].isna().any()  # arfpy samples a missing category as missing
    assert fit.versions["arfpy"] == "0.1.1" and fit.versions["numpy"].startswith("1.")
    again = arf_peer.fit_sample(rows, 50, seed=1, python=ARF)
    pd.testing.assert_frame_equal(fit.rows, again.rows)  # the same seed, the same rows
    other = arf_peer.fit_sample(rows, 50, seed=2, python=ARF)
    assert not fit.rows.equals(other.rows)  # another seed, other rows
    with pytest.raises(GanexpError, match=r"arfpy \(under .*\) failed: .*num_trees"):
        arf_peer.fit_sample(rows, 50, seed=1, settings={"num_trees": 0}, python=ARF)
    details = measured_over_two_seeds("arf", rows)
    assert details.library == "arfpy 0.1.1" and details.synthesizer == "arf"


def test_a_missing_arf_environment_says_how_to_build_it(tmp_path):
    from ganexp.peers import arf_peer

    with pytest.raises(MissingExtraError, match=r"arfpy's environment.*make peers"):
        arf_peer.fit_sample(tiny_table(20), 5, seed=1, python=tmp_path / "python")


def test_the_default_install_and_dvc_repro_leave_the_peers_alone():
    """`make repro` installs requirements.lock (no PyTorch, no SDV), and `dvc repro` reproduces
    the root dvc.yaml's stages and what they need: the peers and the long run live in
    extras/dvc.yaml, which no root stage needs, so a first run neither runs nor warns of them
    (no stage is frozen)."""
    import yaml
    from conftest import EXTRAS, REPO

    pins = {line.split("==")[0].lower() for line in (REPO / "requirements.lock").open()}
    assert not pins & {"torch", "sdv", "rdt", "ctgan", "copulas", "arfpy"}
    root = yaml.safe_load((REPO / "dvc.yaml").read_text())["stages"]
    extras = yaml.safe_load((REPO / EXTRAS).read_text())["stages"]
    assert set(extras) == {"train_peer", "train_long_run"} and not set(extras) & set(root)
    assert all(stage.get("wdir") == ".." for stage in extras.values())  # paths from the root
    assert not any(stage.get("frozen") for stage in [*root.values(), *extras.values()])
    made_by_extras = {
        str(next(iter(out))) if isinstance(out, dict) else str(out)
        for stage in extras.values()
        for out in stage["outs"]
    }
    needed = {str(dep) for stage in root.values() for dep in stage.get("do", stage)["deps"]}
    assert not {dep.split("$")[0] for dep in needed} & {out.split("$")[0] for out in made_by_extras}
    assert set(extras["train_peer"]["matrix"]["peer"]) <= set(SYNTHESIZERS)
    # the one place the Makefile builds arfpy's environment is where the stage looks for it
    assert f"ARF_VENV := {ARF_PYTHON.parts[0]}\n" in (REPO / "Makefile").read_text()
