"""Stage train_peer@<dataset>-<peer>: fit a peer (SDV's CTGAN, TVAE or Gaussian copula, or
arfpy's adversarial random forests) once per seed on the train split and measure its rows as
analyze_samples measures the GAN's. Frozen in dvc.yaml: it needs the optional extra, and
`make peers` runs it.

Outputs:
  metrics/peers/<dataset>/<peer>.json              what ran (packages, versions, settings) and
                                                   every figure: mean, std, per seed
  metrics/timing/train_peer-<dataset>-<peer>.json  fit seconds per seed (not expected to repeat)
"""

from __future__ import annotations

import numpy as np

from ganexp.errors import DataError, ParamsError
from ganexp.pipeline import paths
from ganexp.pipeline.cli import StageTimer, run_stage, stage_arguments
from ganexp.pipeline.outputs import dumps_metrics, rounded, staged_path
from ganexp.pipeline.params import load_params
from ganexp.tabular.encoding.encoder import TabularEncoder
from ganexp.tabular.model.checkpoints import SPEC_FILE
from ganexp.tabular.spec import TableSpec


def main() -> None:
    timer = StageTimer()
    args = stage_arguments(__doc__.splitlines()[0], dataset=True, peer=True)
    params = load_params(args.params)
    try:
        peer = params.peers.peer(args.peer)
    except ValueError as exc:
        raise ParamsError(f"{args.params}: peers.synthesizers: {exc}") from None
    processed = paths.processed(args.dataset)
    for name in ("train.npy", "test.npy", "encoder.json", SPEC_FILE):
        if not (processed / name).is_file():
            raise DataError(f"{processed / name}: not found; run `dvc repro preprocess` first")
    encoder = TabularEncoder.from_json((processed / "encoder.json").read_text(encoding="utf-8"))
    target = TableSpec.load(processed / SPEC_FILE).target
    # the rows the GAN's figures are measured against: the splits as the encoder decodes them
    real_rows = encoder.inverse_transform(np.load(processed / "train.npy"))
    test_rows = encoder.inverse_transform(np.load(processed / "test.npy"))

    from ganexp.peers.runs import peer_runs

    report = peer_runs(
        args.peer,
        peer,
        real_rows,
        test_rows,
        target=target,
        analysis=params.analysis,
        seed=params.seed,
        arf_python=paths.ARF_PYTHON,
    )
    out = paths.peer_metrics(args.dataset, args.peer)
    out.parent.mkdir(parents=True, exist_ok=True)
    with staged_path(out) as staged:
        staged.write_text(dumps_metrics(rounded(report.details.dump())), encoding="utf-8")
    per_seed = {f"fit_seconds_seed{seed}": value for seed, value in report.fit_seconds.items()}
    timer.write(
        paths.timing("train_peer", f"{args.dataset}-{args.peer}"),
        fit_seconds=report.mean_fit_seconds,
        **per_seed,
    )
    mean = report.details.mean
    print(
        f"train_peer@{args.dataset}-{args.peer}: {len(peer.seeds)} seed(s), detection AUC "
        f"{mean.fidelity.detection_auc:.3f}, TSTR AUC "
        f"{mean.efficacy.train_synthetic_test_real.roc_auc:.3f}, fit "
        f"{report.mean_fit_seconds:.0f} s per seed"
    )


if __name__ == "__main__":
    run_stage(main)
