"""2-D Gaussian mixtures: the data, mode metrics, the combined GAN+WGAN trainer and the GIFs.
Never imports ganexp.pipeline."""
