"""The history of a person's answers: revisions, what changed, going back, check-ins.

Every save is a revision in the store, so nothing here ever rewrites the past:
restoring an earlier value appends it again as a new revision (source ``"restore"``),
and a check-in is simply a labelled moment to compare against. The functions take a
:class:`~careerkit.core.storage.store.Store` and a profile and return plain data, so workbooks
(the reviews of workbook 04, the history panel of workbook 00) and the command line
share them.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from careerkit.core import content
from careerkit.core.answers import Answers
from careerkit.core.storage.storefront import Checkin, Revision
from careerkit.core.validation import InvalidAnswer, clean, is_empty

if TYPE_CHECKING:
    from careerkit.core.storage.store import Store

__all__ = [
    "Change",
    "answers_as_of",
    "changes_between",
    "checkin",
    "checkins",
    "compare_with_checkin",
    "find_checkin",
    "restore",
    "revisions",
    "summary",
]


@dataclass(frozen=True)
class Change:
    """How one answer differs between two moments (``before``/``after`` are stored values)."""

    workbook: str
    field: str
    before: Any
    after: Any
    changed_at: _dt.datetime | None

    @property
    def kind(self) -> str:
        """``"added"``, ``"removed"`` or ``"changed"``."""
        if is_empty(self.before):
            return "added"
        if is_empty(self.after):
            return "removed"
        return "changed"


def _now() -> _dt.datetime:
    return _dt.datetime.now(_dt.timezone.utc)


def _aware(moment: _dt.datetime | _dt.date) -> _dt.datetime:
    if not isinstance(moment, _dt.datetime):
        # A date alone means the end of that day, so "as of 31 March" includes 31 March.
        moment = _dt.datetime.combine(moment, _dt.time.max)
    return moment if moment.tzinfo else moment.astimezone()


def revisions(store: Store, profile: str, workbook: str, field: str) -> list[Revision]:
    """Every saved version of one answer, newest first."""
    return list(reversed(store.history(profile, workbook, field)))


def _latest(history: list[Revision], moment: _dt.datetime | None) -> dict[tuple[str, str], Revision]:
    """The revision in effect for each answer at ``moment`` (None: now).

    Of the revisions saved by then, the last one written is the answer, just as the
    newest revision is the current answer (so "as of now" is always today's answers).
    """
    chosen: dict[tuple[str, str], Revision] = {}
    for rev in history:  # in the order written
        if moment is None or rev.saved_at <= moment:
            chosen[(rev.workbook, rev.field)] = rev
    return chosen


def answers_as_of(store: Store, profile: str, moment: _dt.datetime | _dt.date) -> Answers:
    """The answers of ``profile`` as they stood at ``moment``."""
    data: dict[str, dict[str, Any]] = {}
    for (wb, field), rev in _latest(store.history(profile), _aware(moment)).items():
        data.setdefault(wb, {})[field] = rev.value
    return Answers(data, profile=profile)


def changes_between(
    store: Store, profile: str, start: _dt.datetime | _dt.date, end: _dt.datetime | _dt.date | None = None,
    *, workbook: str | None = None,
) -> list[Change]:
    """What changed between ``start`` and ``end`` (default now), per workbook and question.

    Each :class:`Change` holds the value in effect at ``start`` and at ``end``;
    answers that ended where they began (edited and changed back) are left out.
    Ordered like the workbooks and their questions.
    """
    start_at = _aware(start)
    end_at = _aware(end) if end is not None else _now()
    history = store.history(profile, workbook)
    before = _latest(history, start_at)
    after = _latest(history, end_at)
    out: list[Change] = []
    for key in after.keys() | before.keys():
        old = before[key].value if key in before else None
        new = after[key].value if key in after else None
        if old == new or (is_empty(old) and is_empty(new)):
            continue
        out.append(Change(key[0], key[1], old, new, after[key].saved_at if key in after else None))
    return sorted(out, key=_question_order)


def _question_order(change: Change) -> tuple:
    ids = content.workbook_ids()
    wb_index = ids.index(change.workbook) if change.workbook in ids else len(ids)
    try:
        fields = list(content.workbook(change.workbook).fields)
        field_index = fields.index(change.field) if change.field in fields else len(fields)
    except KeyError:
        field_index = 0
    return (wb_index, change.workbook, field_index, change.field)


def restore(store: Store, profile: str, workbook: str, field: str, revision_id: int) -> Revision:
    """Make an earlier value of an answer current again (appended as a new revision).

    The value is checked against today's question first, so a value the question no
    longer accepts is refused with a message rather than stored.
    """
    for rev in store.history(profile, workbook, field):
        if rev.id == revision_id:
            break
    else:
        raise LookupError(f"There is no saved version {revision_id} of {workbook}.{field}.")
    question = content.workbook(workbook).field(field)
    value = rev.value
    if value is not None:
        try:
            value = clean(question, value)
        except InvalidAnswer as exc:
            raise InvalidAnswer(f"That earlier answer no longer fits this question: {exc.message}",
                                field=field) from None
    return store.save(profile, workbook, field, value, source="restore")


def checkin(store: Store, profile: str, label: str = "", at: _dt.datetime | None = None) -> Checkin:
    """Mark a point in time (a quarterly check-in, say); an empty label becomes the date."""
    moment = at or _now()
    label = (label or "").strip() or f"Check-in {moment.astimezone():%d %B %Y}"
    if len(label) > 200:
        raise InvalidAnswer("Please keep the name of a check-in to 200 characters.")
    return store.add_checkin(profile, label, moment)


def checkins(store: Store, profile: str) -> list[Checkin]:
    """Every check-in of ``profile``, oldest first."""
    return store.checkins(profile)


def find_checkin(store: Store, profile: str, which: str | int) -> Checkin:
    """A check-in by id, or by its label (the newest with that label)."""
    marks = store.checkins(profile)
    text = str(which).strip()
    if text.isdigit():
        for mark in marks:
            if mark.id == int(text):
                return mark
    for mark in reversed(marks):
        if mark.label.casefold() == text.casefold():
            return mark
    known = ", ".join(f"{m.id} ({m.label})" for m in marks) or "none yet"
    raise LookupError(f"No check-in called {text!r}; the check-ins are: {known}.")


def compare_with_checkin(store: Store, profile: str, mark: Checkin, *, workbook: str | None = None) -> list[Change]:
    """What changed between a check-in and today."""
    return changes_between(store, profile, mark.at, _now(), workbook=workbook)


def summary(value: Any, field: content.Field | None = None, limit: int = 120) -> str:
    """A one-line, plain-text rendering of a stored value (for lists of revisions and changes)."""
    if is_empty(value):
        return "(empty)"
    if isinstance(value, list):
        parts = []
        for item in value:
            if isinstance(item, dict):
                cells = [str(v) for k, v in item.items() if k != "_id" and not is_empty(v)]
                parts.append(cells[0] if cells else "(empty row)")
            else:
                parts.append(field.choice_label(item) if field is not None and field.choices else str(item))
        text = f"{len(value)} row{'s' if len(value) != 1 else ''}: " + "; ".join(parts) if value and isinstance(
            value[0], dict) else ", ".join(parts)
    elif field is not None and field.type == "choice":
        text = field.choice_label(value)
    else:
        text = str(value)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
