"""Tabular data, by concern, each sub-package importing only those listed before it:
``tables`` (reading files), ``encoding`` (rows to numbers and back), ``evaluation`` (figures of
generated rows), ``model`` (the tabular GAN), ``convergence`` (verdicts on its history). At the
root: the table spec (``spec``), the public ``TabularSynthesizer``, seed-parallel training and
the analysis of a trained synthesizer. Never imports ganexp.pipeline."""
