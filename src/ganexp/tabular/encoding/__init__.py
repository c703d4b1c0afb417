"""Encoding rows for the networks and back: the layout of an encoded row (``layout``), the
column kinds' encodings (``columns``: levels, knots and point masses), columns related to others
(``related_columns``), exact relations between columns' values (``relations``), the encoder that
lays them side by side (``encoder``; its defaults in ``settings``), identifiers (``identifiers``)
and dates (``dates``)."""
