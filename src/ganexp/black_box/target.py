"""Which class C is the confidence of: one rule for the stages and the Python API."""

from __future__ import annotations

from typing import Any

from ganexp.errors import DataError


def target_class(black_box: Any, wanted: str | None) -> tuple[int, str]:
    """The position in ``black_box.classes_`` of the class C is the confidence of, and its
    name: ``wanted``, or a binary target's second class in sorted order."""
    classes = getattr(black_box, "classes_", None)
    if classes is None:
        raise DataError("black box: it has no classes_ (a fitted scikit-learn classifier has)")
    names = [str(c) for c in classes]
    if wanted is not None:
        if wanted not in names:
            raise DataError(
                f"target_class: {wanted!r} is not a class of the black box ({', '.join(names)})"
            )
        return names.index(wanted), wanted
    if len(names) != 2:
        raise DataError(
            f"target_class: the black box has {len(names)} classes ({', '.join(names)}); "
            "name the one C is the confidence of"
        )
    chosen = sorted(names)[1]
    return names.index(chosen), chosen
