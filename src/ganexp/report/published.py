"""Published figures that stand beside ours, as the papers print them."""

from __future__ import annotations

# The original study's mean cosine distance (1 - similarity: smaller is nearer) to a random real
# row, fooled / not fooled rows.
PUBLISHED_DECEPTION = {"adult": (0.631, 0.823), "bank": (0.726, 0.933)}

CLAIMS = {
    "combined": "all five modes in about 200 epochs",
    "gan": "collapses onto a few modes",
    "wgan": "needs more than 300 epochs",
}
# Published rows on the same benchmarks (modes captured, high-quality share, reverse KL), as the
# papers print them; "" where a paper gives no figure.
PUBLISHED_MODES = {
    "ring8": (
        ("GAN, PacGAN Table 1 (10 runs)", "6.3 ± 0.5", "98.2%", "0.45"),
        ("PacGAN4, PacGAN Table 1 (10 runs)", "7.8 ± 0.1", "95.9%", "0.07"),
        ("GAN, VEEGAN Table 1 (5 runs)", "1", "", ""),
        ("WGAN-GP after 25k iterations, GDPP Table 1", "6.8", "", ""),
    ),
    "grid25": (
        ("GAN, PacGAN Table 1 (10 runs)", "17.3 ± 0.8", "94.8%", "0.70"),
        ("PacGAN4, PacGAN Table 1 (10 runs)", "24.8 ± 0.2", "93.6%", "0.04"),
        ("GAN, VEEGAN Table 1 (5 runs)", "3.3", "", ""),
        ("WGAN-GP after 25k iterations, GDPP Table 1", "24.2", "", ""),
    ),
}

# The re-run of tabular synthesizers in arXiv 2603.23016, on Adult (as quoted in issue 30):
# detection AUC of a gradient-boosting detector and TSTR ROC AUC of a tuned XGBoost, the paper's
# evaluator, not ours; not run here.
PUBLISHED_PEERS_SOURCE = "arXiv 2603.23016"
PUBLISHED_PEERS = {
    "adult": (
        ("TabSyn", "0.603", "0.910"),
        ("TabDiff", "0.580", "0.913"),
        ("TabPC", "0.573", "0.916"),
        ("a mixture of factorised components (60 s)", "0.614", "0.902"),
        ("CTGAN", "~1.0", "0.862"),
    ),
}
