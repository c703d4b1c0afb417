"""Did training converge, and which epoch to keep: the settings of both verdicts, the verdicts
on a history, and their figure."""
