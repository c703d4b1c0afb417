"""The headline files: the few figures `dvc metrics show` prints, taken from the details."""

from __future__ import annotations

from ganexp.pipeline.headline import convergence_headline, modes_headline, samples_headline


def test_convergence_headline_counts_converged_runs_and_the_median_epoch():
    details = {
        "seeds": 3,
        "original_converged": 3,
        "early_stopping_converged": 2,
        "selected_epoch_median": 45.0,
        "agreement_mean": 0.6,
        "per_seed": {"42": {}},
    }
    assert convergence_headline(details) == {"converged": 3, "epoch": 45.0}


def test_samples_headline_is_mean_and_sd_and_keeps_an_undefined_auc_null():
    def summary(scale: float) -> dict:
        return {
            "fidelity": {
                "column_shapes": 0.9 * scale,
                "pair_trends": 0.8 * scale,
                "detection_auc": 0.7 * scale,
                "relations_broken": 0.02 * scale,
            },
            "efficacy": {"train_synthetic_test_real": {"roc_auc": None, "accuracy": 0.5}},
        }

    details = {"mean": summary(1.0), "std": summary(0.01), "per_seed": {}}
    assert samples_headline(details) == {
        "shapes": 0.9,
        "shapes_sd": 0.9 * 0.01,
        "pairs": 0.8,
        "pairs_sd": 0.8 * 0.01,
        "detection": 0.7,
        "detection_sd": 0.7 * 0.01,
        "tstr": None,
        "tstr_sd": None,
        "broken": 0.02,  # no spread: 0 by construction (the details file has it)
    }


def test_modes_headline_counts_runs_and_keeps_the_spread():
    details = {
        "runs": 3,
        "runs_all_captured": 2,
        "first_epoch_all_captured_median": 80.0,
        "final_modes_captured_mean": 7.667,
        "final_modes_captured_std": 0.471,
        "final_high_quality_fraction_mean": 0.9,
        "final_high_quality_fraction_std": 0.01,
        "final_reverse_kl_mean": None,
        "final_reverse_kl_std": None,
        "final_modes_covered_mean": 6.0,
        "seeds": {"42": {}},
    }
    assert modes_headline(details) == {
        "all_modes": 2,
        "first_epoch": 80.0,
        "modes": 7.667,
        "modes_sd": 0.471,
        "quality": 0.9,
        "kl": None,
    }
