"""The generated documents (the README's answers, docs/results.md) are exactly what the committed
metrics say, every committed metrics file reads as its typed record, and the docs' links hold.

Both sides are read from git's HEAD, not the working tree: a local `dvc repro` on another CPU
rounds differently and rewrites metrics/, and that must not fail the suite (issue: `make repro`
then `make test` on a new machine)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from conftest import REPO, committed

from ganexp.records import read
from ganexp.records.gaussians import Comparison, VariantDetails
from ganexp.records.peers import PeerDetails
from ganexp.records.tabular import (
    ConvergenceDetails,
    DeceptionExperiment,
    Preprocessing,
    RowGroup,
    SamplesDetails,
)
from ganexp.report import documents


def results_block(metrics: Path) -> str:
    return documents.results_page(metrics)


@pytest.fixture(scope="module")
def head(tmp_path_factory) -> Path:
    return committed(tmp_path_factory.mktemp("head"), "README.md", "docs", "metrics")


def test_generated_documents_match_the_committed_metrics(head):
    stale = documents.stale(head)
    assert not stale, f"{stale} stale: run `make readme` and commit them with metrics/"


def test_a_changed_metric_makes_the_documents_stale(head, tmp_path):
    import shutil

    copy = tmp_path / "copy"
    shutil.copytree(head, copy)
    path = copy / "metrics/adult/convergence_details.json"
    details = json.loads(path.read_text())
    details["original_converged"] += 1
    path.write_text(json.dumps(details))
    assert copy / "README.md" in documents.stale(copy)


def test_every_committed_metrics_file_reads_as_its_record(head):
    metrics = head / "metrics"
    kinds = {
        "preprocess.json": Preprocessing,
        "convergence_details.json": ConvergenceDetails,
        "samples_details.json": SamplesDetails,
        "details.json": VariantDetails,
        "comparison.json": Comparison,
    }
    read_any = 0
    for path in sorted(metrics.rglob("*.json")):
        if path.name in kinds:
            read(path, kinds[path.name])
            read_any += 1
    for path in sorted((metrics / "peers").glob("*/*.json")):  # written by `make peers`
        assert read(path, PeerDetails).peer == path.stem
    assert read_any >= 6 * 3 + 12 + 3


def test_the_readme_is_a_guide_and_its_links_hold(head):
    import re

    readme = (head / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 320  # a guide; the rest lives in docs/
    for page in [head / "README.md", *sorted((head / "docs").glob("*.md"))]:
        for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", page.read_text()):
            assert (page.parent / target).exists(), f"{page.name}: broken link {target}"


def test_tables_show_each_dataset_and_variant_from_its_own_files(head):
    block = results_block(head / "metrics")
    for name in ("adult", "bank", "adult-codes", "bank-codes", "labor", "zoo"):
        details = json.loads((head / f"metrics/{name}/convergence_details.json").read_text())
        row = f"| {name} | {details['seeds']} | {details['original_converged']} |"
        assert row in block
        samples = json.loads((head / f"metrics/{name}/samples_details.json").read_text())
        for seed, run in details["per_seed"].items():  # the per-seed table, a row per row set
            shapes = samples["per_seed"][seed]["fidelity"]["column_shapes"]
            rows = samples["rows"]
            assert f"| {name} | {seed} | {run['selected_epoch']} | {rows} | {shapes:.3f} |" in block
            if samples.get("generated"):
                own = samples["generated"]["per_seed"][seed]["fidelity"]["column_shapes"]
                assert f"| {seed} | {run['selected_epoch']} | generated | {own:.3f} |" in block
    assert "| adult | 32,561 | 22,792 | 4,884 | 4,885 |" in block
    assert "| bank | 45,211 | 31,647 | 6,782 | 6,782 |" in block
    for benchmark, n_modes in (("ring5", 5), ("ring8", 8), ("grid25", 25)):
        for variant in ("gan", "wgan", "wgan-gp", "combined"):
            assert f"\n| {benchmark} ({n_modes}) | {variant} | " in block
            details = json.loads(
                (head / f"metrics/combined/{benchmark}/{variant}/details.json").read_text()
            )
            assert f"| {details['runs_all_captured']} of {details['runs']} |" in block
        for other in ("gan", "wgan", "wgan-gp"):
            assert f"\n| {benchmark} | {other} | " in block  # the paired comparison
    assert (
        "| ring8 | *published: GAN, PacGAN Table 1 (10 runs)* | | | | 6.3 ± 0.5 | | 98.2% |"
        in block
    )


def test_committed_metrics_are_strict_json(head):
    """`grep -rn NaN metrics/` finds nothing: an undefined figure is null."""
    files = sorted((head / "metrics").rglob("*.json"))
    assert files
    for path in files:
        text = path.read_text()
        for token in ("NaN", "Infinity"):
            assert token not in text, f"{path.relative_to(head)}: {token}"
        json.loads(text)


def test_the_original_studys_published_distances_stand_beside_ours(head):
    """0.631 / 0.823 (Adult) and 0.726 / 0.933 (Bank): fooled / not-fooled cosine similarity."""
    rows = results_block(head / "metrics").splitlines()
    adult = [line for line in rows if line.startswith("| adult | onehot+quantile | ")]
    bank = [line for line in rows if line.startswith("| bank | onehot+quantile | ")]
    assert any("| 0.631 / 0.823 |" in line for line in adult)
    assert any("| 0.726 / 0.933 |" in line for line in bank)


def test_the_cost_block_lists_every_stage_dvc_repro_runs_in_its_order():
    from ganexp.report.timing import STAGES

    stages = list(yaml.safe_load((REPO / "dvc.yaml").read_text())["stages"])
    # a copy may hold fewer stages (the end-to-end test's drops the 2-D ones), never others
    assert [stage for stage in STAGES if stage in stages] == stages


def test_the_cost_block_says_which_precision_each_trainer_computed_in(tmp_path):
    from ganexp.report.precision import precision_sentence

    tabular = json.loads((REPO / "metrics/adult/convergence_details.json").read_text())
    variant = json.loads((REPO / "metrics/combined/ring8/gan/details.json").read_text())

    def write(path: Path, details: dict, precision: str | None) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        details = {k: v for k, v in details.items() if k != "precision"}
        path.write_text(json.dumps(details | ({"precision": precision} if precision else {})))

    runs = {"adult": "bfloat16", "adult-codes": "bfloat16", "labor": None}
    for name, precision in runs.items():
        write(tmp_path / name / "convergence_details.json", tabular, precision)
        (tmp_path / name / "preprocess.json").write_text("{}")  # how a dataset is found
    for benchmark, name, precision in [
        ("ring5", "gan", "bfloat16"),
        ("ring8", "gan", "float32"),
        ("ring8", "wgan", "float32"),
    ]:
        write(tmp_path / "combined" / benchmark / name / "details.json", variant, precision)
    assert precision_sentence(tmp_path) == (
        "The hidden layers computed in bfloat16 for `train_gan` on adult, adult-codes and "
        "`train_combined` on ring5; in float32 for `train_combined` on ring8."
    )
    for path in tmp_path.rglob("*details.json"):
        write(path, json.loads(path.read_text()), None)  # runs from before the setting
    assert precision_sentence(tmp_path) == ""


def test_the_peers_table_shows_one_fit_without_a_spread_and_the_published_rows(tmp_path):
    from ganexp.report.peers import peers_answer, peers_table

    metrics = tmp_path / "metrics"
    (metrics / "adult").mkdir(parents=True)
    (metrics / "timing").mkdir()
    for name in (
        "adult/samples_details.json",
        "adult/convergence_details.json",
        "timing/train_gan-adult.json",
    ):
        (metrics / name).write_bytes((REPO / "metrics" / name).read_bytes())
    gan = read(metrics / "adult/samples_details.json", SamplesDetails)
    summary = gan.per_seed[str(gan.seeds[0])]
    peer = PeerDetails(
        peer="tvae",
        synthesizer="TVAESynthesizer",
        versions={"sdv": "2.0.0"},
        settings={},
        seeds=[7],
        mean=summary,
        std=summary,
        per_seed={"7": summary},
    )
    (metrics / "peers/adult").mkdir(parents=True)
    (metrics / "peers/adult/tvae.json").write_text(json.dumps(peer.dump()))
    (metrics / "timing/train_peer-adult-tvae.json").write_text('{"fit_seconds": 120.0}')
    table = peers_table(metrics)
    (row,) = [line for line in table.splitlines() if "TVAESynthesizer" in line]
    detection = summary.fidelity.detection_auc
    tstr = f"{summary.efficacy.train_synthetic_test_real.roc_auc:.3f}"
    assert f"| 1 | {detection:.3f} |" in row and "±" not in row and "| 2.0 min |" in row
    assert "TabPC (*published*" in table and "bank" not in table
    copies = summary.privacy.exact_copies_of_train_rows / summary.privacy.rows_compared
    assert f"| {100 * copies:.1f}% | 2.0 min |" in row  # a share of the rows compared
    (real,) = [line for line in table.splitlines() if "*real test rows*" in line]
    assert f"| {summary.privacy.dcr_real_test_median:.3f} |" in real
    answer = peers_answer(metrics)
    (row,) = [line for line in answer.splitlines() if "TVAESynthesizer" in line]
    assert row == f"| TVAESynthesizer (SDV 2.0.0) | 1 | {detection:.3f} | {tstr} | 2.0 min |"
    assert "Adult: detection AUC" in answer and "Bank" not in answer and "TabPC 0.573" in answer
    # rows by mean detection AUC, lowest first, whatever figures a local run wrote
    lines = answer.splitlines()
    rows = lines[lines.index(next(r for r in lines if r.startswith("|---"))) + 1 :]
    rows = [r for r in rows if r.startswith("| ")]
    assert len(rows) == 3  # the GAN's kept rows, its rows as generated, the peer
    shown = [float(r.split(" | ")[2].split()[0].rstrip("*")) for r in rows]
    assert shown == sorted(shown)
    gan_row = lines.index(next(r for r in lines if r.startswith("| **this GAN**")))
    assert (gan_row < lines.index(row)) == (gan.mean.fidelity.detection_auc <= detection)


def _group(distance: float, sd: float) -> RowGroup:
    return RowGroup(
        size_mean=50.0,
        size_std=1.0,
        cosine_distance_to_random_real_mean=distance,
        cosine_distance_to_random_real_std=sd,
        distance_to_nearest_real_mean=0.1,
        distance_to_nearest_real_std=0.01,
    )


def test_question_2_reads_the_cosine_distance_as_a_distance():
    """The original's figure is 1 - cosine similarity: the smaller one is nearer."""
    from ganexp.report.answers import relation

    near, far = _group(0.631, 0.02), _group(0.823, 0.02)
    assert relation(near, far) == "nearer to real rows than those that do not"
    assert relation(far, near) == "farther from real rows than those that do not"
    assert relation(_group(0.80, 0.05), far) == "no nearer to real rows than those that do not"


def test_question_2s_answer_says_where_fooled_rows_lie_on_constructed_metrics(head, tmp_path):
    """Adult's fooled rows made nearer, Bank's farther: the sentence follows the distances."""
    from ganexp.report.answers import deception_answer

    for name, fooled, other in (("adult", 0.30, 0.60), ("bank", 0.70, 0.40)):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "preprocess.json").write_text("{}")  # how a dataset is found
        details = read(head / f"metrics/{name}/samples_details.json", SamplesDetails)
        experiment = DeceptionExperiment(
            n_samples=100, n_repeats=3, fooled=_group(fooled, 0.01), not_fooled=_group(other, 0.01)
        )
        judged = DeceptionExperiment(
            n_samples=100, n_repeats=3, fooled=_group(other, 0.01), not_fooled=_group(fooled, 0.01)
        )  # the refiner's judge the other way round
        update = {"deception_experiment": experiment, "refiner_deception_experiment": judged}
        mean = details.mean.model_copy(update=update)
        details = details.model_copy(update={"mean": mean})
        (folder / "samples_details.json").write_text(json.dumps(details.dump()))
    answer = deception_answer(tmp_path)
    assert "on Adult they lie nearer to real rows than those that do not" in answer
    assert "on Bank they lie farther from real rows than those that do not" in answer
    assert "| adult | 0.300 ± 0.010 | 0.600 ± 0.010 | 0.631 / 0.823 | 0.600 ± 0.010 |" in answer
    # the same rule on the distance to the nearest real row (equal here: no nearer)
    assert "they lie no nearer to real rows on Adult and no nearer to real rows on Bank." in answer
    assert (
        "the rows it takes for real lie farther from real rows by the cosine distance and no "
        "nearer to real rows by the nearest real row on Adult; nearer to real rows by the cosine"
    ) in answer


def _variant(name: str, **figures) -> VariantDetails:
    return VariantDetails.model_validate(
        {
            "benchmark": "ring5",
            "variant": name,
            "switch_epoch": None,
            "n_modes": 5,
            "runs": 2,
            "runs_all_captured": 0,
            "first_epoch_all_captured_median": None,
            "first_epoch_all_captured_min": None,
            "first_epoch_all_captured_max": None,
            "final_modes_captured_mean": 0.0,
            "final_modes_captured_std": 0.0,
            "final_high_quality_fraction_mean": 0.0,
            "final_high_quality_fraction_std": 0.0,
            "final_reverse_kl_mean": None,
            "final_reverse_kl_std": None,
            "final_modes_covered_mean": 0.0,
            "final_modes_covered_std": 0.0,
            "epochs": 180,
            **figures,
        }
    )


def test_question_3_says_what_the_long_run_found_and_nothing_without_it():
    from ganexp.report.answers import long_run_sentence

    default = {"wgan": _variant("wgan")}
    assert long_run_sentence({"ring5": default}) == ""
    long = _variant(
        "wgan-long",
        epochs=37500,
        judge_steps=150000,
        generator_steps=30000,
        runs_all_captured=1,
        first_epoch_all_captured_min=5250,
        first_epoch_all_captured_max=5250,
        final_modes_captured_mean=4.5,
        final_modes_captured_std=0.7,
    )
    said = long_run_sentence({"ring5": {**default, "wgan-long": long}})
    assert "Trained for 37,500 epochs (150,000 critic and 30,000 generator steps" in said
    assert "the default run takes 180 epochs" in said
    assert "on ring5 captured all 5 modes in 1 of 2 runs, first at epoch 5250 (about 4200" in said
    assert "ends with 4.5 ± 0.7 modes" in said
    never = long.model_copy(update={"runs_all_captured": 0})
    assert "captured all 5 modes in none of 2 runs" in long_run_sentence(
        {"ring5": {"wgan-long": never}}
    )
