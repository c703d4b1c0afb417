"""ganexp: reproducible tabular GAN and GAN+WGAN experiments, driven by DVC."""

__version__ = "0.1.0"
