"""The synthesizer's peers: other packages' synthesizers, fitted on the same training split and
measured by the same analysis (``ganexp.tabular.evaluation.summary.fidelity_summary``).

They run only with the optional extra (PyTorch and SDV in this environment, arfpy in its own,
`make peers`), in the ``train_peer`` stages of extras/dvc.yaml, so that the default install and
`dvc repro` stay light.
"""
