"""The documents made from the committed metrics: the README's answers and docs/results.md.

``python -m ganexp.report`` (``make readme``) rewrites them; ``--check`` exits non-zero when
either disagrees with ``metrics/``. Reads metrics only; never imports the experiments."""
