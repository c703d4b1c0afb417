"""The original study's experiment: do the rows that fool the discriminator look more real?

Generate rows, split them by whether the discriminator takes them for real (D(x) >= 0.5), and per
group measure the mean cosine distance (1 - cosine similarity: smaller is nearer) between each
generated row and a randomly drawn real row (the original metric) and the mean distance to the
nearest real row (more telling: a random real row is mostly far from any row). All in the encoded
[0, 1] feature space.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
from sklearn.metrics.pairwise import paired_cosine_distances
from sklearn.neighbors import NearestNeighbors

from ganexp.gan.seeding import stream_seed
from ganexp.spread import mean, sample_sd

GROUPS = ("fooled", "not_fooled")
EMPTY = "no generated row fell in this group"


def deception_experiment(
    generate: Callable[[int, int], np.ndarray],
    discriminate: Callable[[np.ndarray], np.ndarray],
    embed: Callable[[np.ndarray], np.ndarray],
    real: np.ndarray,
    n_samples: int,
    n_repeats: int,
    seed: int,
) -> dict[str, dict[str, Any]]:
    """Run the experiment ``n_repeats`` times, each repeat with its own named streams of
    ``seed`` (the rows generated, the real partners drawn).

    ``generate(n, seed)`` returns n encoded rows; ``discriminate(rows)`` the probabilities of real;
    ``embed(rows)`` the rows in the space of ``real``, where distances are measured.
    Per group: mean and sample sd over repeats of its size, its mean cosine distance to a random
    real row and its mean distance to the nearest real row (None where a group was empty in every
    repeat; a repeat with an empty group does not count towards that group's distances)."""
    nearest = NearestNeighbors(n_neighbors=1).fit(real)
    figures: dict[str, dict[str, list[float]]] = {
        group: {"size": [], "cosine_distance_to_random_real": [], "distance_to_nearest_real": []}
        for group in GROUPS
    }
    for repeat in range(n_repeats):
        rng = np.random.default_rng(stream_seed(seed, f"deception.partners.{repeat}"))
        rows = generate(n_samples, stream_seed(seed, f"deception.rows.{repeat}"))
        fooled = np.asarray(discriminate(rows)).reshape(-1) >= 0.5
        rows = embed(rows)
        partners = real[rng.integers(0, len(real), n_samples)]
        cosine = paired_cosine_distances(rows, partners)
        to_nearest = nearest.kneighbors(rows)[0][:, 0]
        for group, members in (("fooled", fooled), ("not_fooled", ~fooled)):
            figures[group]["size"].append(float(members.sum()))
            if members.any():
                figures[group]["cosine_distance_to_random_real"].append(
                    float(cosine[members].mean())
                )
                figures[group]["distance_to_nearest_real"].append(float(to_nearest[members].mean()))
    return {group: _summary(measures) for group, measures in figures.items()}


def _summary(measures: dict[str, list[float]]) -> dict[str, Any]:
    """Mean and sample sd of each measure; ``undefined`` names each None and why: a group empty
    in every repeat has no distances, and a figure of a single repeat has no spread."""
    summary: dict[str, Any] = {}
    undefined: dict[str, str] = {}
    for name, values in measures.items():
        summary[f"{name}_mean"], summary[f"{name}_std"] = mean(values), sample_sd(values)
        if not values:
            undefined |= dict.fromkeys((f"{name}_mean", f"{name}_std"), EMPTY)
        elif len(values) < 2:
            undefined[f"{name}_std"] = "measured in one repeat: no spread"
    if undefined:
        summary["undefined"] = undefined
    return summary
