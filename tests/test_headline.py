"""The headline files: the few figures `dvc metrics show` prints, taken from the details."""

from __future__ import annotations

from ganexp.pipeline.headline import convergence_headline, modes_headline, samples_headline


def test_convergence_headline_picks_the_verdict():
    details = {
        "converged": True,
        "n_converged_epochs": 17,
        "selected_epoch": 100,
        "first_converged_epoch": 39,
        "at_selected_epoch": {"discriminator_loss": 0.69},
        "thresholds": {"min_deception_rate": 0.4},
    }
    assert convergence_headline(details) == {"converged": True, "selected_epoch": 100}


def test_samples_headline_keeps_an_undefined_auc_null():
    details = {
        "fidelity": {"column_shapes": 0.9, "pair_trends": 0.8, "detection_auc": 0.7, "x": 1.0},
        "efficacy": {
            "train_synthetic_test_real": {"roc_auc": None, "accuracy": 0.5},
            "train_real_test_real": {"roc_auc": 0.93, "accuracy": 0.88},
        },
        "privacy": {"dcr_synthetic_median": 0.1},
    }
    assert samples_headline(details) == {
        "column_shapes": 0.9,
        "pair_trends": 0.8,
        "detection_auc": 0.7,
        "tstr_auc": None,
    }


def test_modes_headline_counts_runs_and_keeps_the_spread():
    details = {
        "runs": 3,
        "runs_covering_all_modes": 2,
        "first_epoch_all_modes_median": 80.0,
        "final_modes_covered_mean": 4.667,
        "final_high_quality_fraction_mean": 0.9,
        "final_high_quality_fraction_std": 0.01,
        "seeds": {"42": {}},
    }
    assert modes_headline(details) == {
        "all_modes": 2,
        "first_epoch": 80.0,
        "modes": 4.667,
        "quality": 0.9,
        "quality_std": 0.01,
    }
