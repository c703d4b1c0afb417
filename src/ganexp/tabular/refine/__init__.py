"""Rows a classifier trained after the generator can no longer tell from real ones: the
second discriminator that decides which generated rows to keep (``settings``, ``classifiers``,
``draws``)."""
