"""The encoding's defaults, shared by the params entry of a dataset and the synthesizer's API."""

KNOTS = 1000  # a continuous column's knots at most, as scikit-learn's QuantileTransformer
POINT_MASS = 0.05  # the share of rows above which one value is a point mass, flagged apart
TAILS = 0.01  # the share of a continuous column's rest at either end flagged apart as a tail
