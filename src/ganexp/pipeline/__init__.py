"""Stage plumbing: params models, staged outputs, the stage command line and headline metrics.
The only package that knows about DVC, params.yaml and file paths; the experiment packages
(``gan``, ``tabular``, ``gaussians``) never import it."""
