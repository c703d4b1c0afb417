"""User-facing errors: a stage turns these into one line on stderr and a non-zero exit."""


class GanexpError(Exception):
    """An error in the user's input (a file, a param); its message is shown as is."""


class ArffError(GanexpError):
    """A Weka ARFF file that cannot be read; the message names the file and the line."""


class ParamsError(GanexpError):
    """An invalid params.yaml; the message names the key."""


class DataError(GanexpError):
    """Input data that does not fit what the params or the encoder expect."""


class MissingExtraError(GanexpError):
    """An optional extra's package is not installed; the message says how to install it."""
