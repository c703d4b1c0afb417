"""Stage compare_variants@<benchmark>: the combined model against each other variant over the
same seeds (paired differences and their 95% bootstrap intervals).

Reads metrics/combined/<benchmark>/<variant>/details.json of every variant in params
`combined.variants`; writes metrics/combined/<benchmark>/comparison.json.
"""

from __future__ import annotations

import json

from ganexp.errors import DataError
from ganexp.gaussians.comparison import compare_variants
from ganexp.pipeline import paths
from ganexp.pipeline.cli import StageTimer, run_stage, stage_arguments
from ganexp.pipeline.outputs import dumps_metrics, staged_path
from ganexp.pipeline.params import load_params

SUBJECT = "combined"


def main() -> None:
    timer = StageTimer()
    args = stage_arguments(__doc__.splitlines()[0], benchmark=True)
    params = load_params(args.params)
    params.combined.benchmark(args.benchmark)  # an unknown name stops here, the known ones listed
    params.combined.variant(SUBJECT)
    details = {}
    for variant in params.combined.variants:
        path = paths.variant_tables(args.benchmark, variant) / "details.json"
        if not path.is_file():
            raise DataError(
                f"{path}: not found; run `dvc repro train_combined@{args.benchmark}-{variant}`"
            )
        details[variant] = json.loads(path.read_text(encoding="utf-8"))
    result = {"benchmark": args.benchmark, **compare_variants(details, SUBJECT, seed=params.seed)}
    target = paths.benchmark_metrics(args.benchmark) / "comparison.json"
    with staged_path(target) as staged:
        staged.write_text(dumps_metrics(result), encoding="utf-8")
    timer.write(paths.timing("compare_variants", args.benchmark))
    modes = result["against"].get("gan", {}).get("final_modes_captured", {})
    print(
        f"compare_variants@{args.benchmark}: combined - gan, final modes captured: "
        f"{modes.get('mean_difference')} [{modes.get('low')}, {modes.get('high')}]"
    )


if __name__ == "__main__":
    run_stage(main)
