"""Tabular data: ARFF reading, the encoder, the tabular GAN, convergence verdicts, fidelity
and the original fooled / not-fooled analysis. Never imports ganexp.pipeline."""
