"""Encoding rows for the networks and back: the layout of an encoded row (``layout``), the
column kinds' encodings (``columns``), columns related to others (``related_columns``), the
encoder that lays them side by side (``encoder``), identifiers (``identifiers``) and dates
(``dates``)."""
