"""An example person, built from the ``example`` answers in the workbook descriptions.

Used to try the workbooks without typing, by facilitators to show what a finished
workbook looks like, and by the test suite.
"""

from __future__ import annotations

from . import content
from .store import Store
from .validation import clean

__all__ = ["EXAMPLE_PROFILE", "example_answers", "seed"]

EXAMPLE_PROFILE = "example"


def example_answers(workbook_id: str | None = None) -> list[tuple[str, str, object]]:
    """``(workbook, field, value)`` for every example answer, each checked by validation."""
    out = []
    books = [content.workbook(workbook_id)] if workbook_id else content.workbooks()
    for wb in books:
        for field in wb.fields.values():
            if field.example is not None:
                out.append((wb.id, field.id, clean(field, field.example, options=_options(field))))
    return out


def _options(field):
    # Example rankings over another answer are checked against that answer's example.
    if not field.choices_from:
        return None
    workbook_id, _, source = field.choices_from.partition(".")
    value = content.workbook(workbook_id).field(source).example or []
    return [v if isinstance(v, str) else next(iter(x for k, x in v.items() if k != "_id")) for v in value]


def seed(store: Store, profile: str = EXAMPLE_PROFILE, workbook_id: str | None = None) -> int:
    """Save the example answers for ``profile``; returns how many answers were saved."""
    items = example_answers(workbook_id)
    store.save_many(profile, items, source="example")
    return len(items)
