"""An example person, built from the ``example`` answers in the workbook descriptions.

Used to try the workbooks without typing, by facilitators to show what a finished
workbook looks like, and by the test suite.
"""

from __future__ import annotations


from careerkit.core import content
from careerkit.core.storage.store import Store
from careerkit.core.validation import clean

__all__ = ["EXAMPLE_PROFILE", "example_answers", "example_person", "seed"]

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


def example_person(*workbook_ids: str) -> "Answers":
    """The example person's answers as an :class:`~careerkit.core.answers.Answers` snapshot
    (every workbook, or only those named)."""
    from careerkit.core.answers import Answers

    data: dict[str, dict] = {}
    for workbook_id in workbook_ids or (None,):
        for wb, field, value in example_answers(workbook_id):
            data.setdefault(wb, {})[field] = value
    return Answers(data, profile=EXAMPLE_PROFILE)


def _options(field):
    # Example rankings over another answer are checked against that answer's example.
    if not field.choices_from:
        return None
    workbook_id, _, source = field.choices_from.partition(".")
    value = content.workbook(workbook_id).field(source).example or []
    return [v if isinstance(v, str) else next(iter(x for k, x in v.items() if k != "_id")) for v in value]


def seed(store: Store, profile: str = EXAMPLE_PROFILE, workbook_id: str | None = None) -> int:
    """Save the example answers for ``profile``; returns how many answers were saved.

    An example value ``"file:NAME"`` stands for a picture shipped in
    ``examples/`` in the workbook's folder: it is kept with the profile like an upload, and the
    answer refers to it by its key.
    """
    items = [(wb, field, _with_files(store, profile, wb, value)) for wb, field, value in example_answers(workbook_id)]
    store.save_many(profile, items, source="example")
    return len(items)


_MIME = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif", ".webp": "image/webp"}


def _with_files(store: Store, profile: str, workbook_id: str, value):
    if isinstance(value, list):
        return [_with_files(store, profile, workbook_id, v) for v in value]
    if isinstance(value, dict):
        return {k: _with_files(store, profile, workbook_id, v) for k, v in value.items()}
    if isinstance(value, str) and value.startswith("file:"):
        name = value[len("file:"):]
        path = content.folder(workbook_id) / "examples" / name
        return store.put_attachment(profile, path.read_bytes(), _MIME[name[name.rfind("."):].lower()], name)
    return value
