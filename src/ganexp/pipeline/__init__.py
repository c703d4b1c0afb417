"""Stage plumbing: params models, staged outputs, the stage command line, headline metrics and
the README report. The only package that knows about DVC, params.yaml and file paths."""
