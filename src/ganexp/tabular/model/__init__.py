"""The tabular GAN: its settings, networks, training loop (``gan``), checkpoints and the
per-epoch history it writes."""
