"""How good generated rows are: the statistics each figure is built from (``statistics``), the
per-epoch figures on encoded rows (``per_epoch``), the final figures on decoded rows
(``fidelity``), the independent-columns baseline, the original fooled / not-fooled experiment
(``deception``) and the per-column figure."""
