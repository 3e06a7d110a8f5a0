"""Forms: question widgets bound to the store, saved as a person types.

A change is checked on the kernel side by the widget, then queued here and written
after a short pause in typing (debounced), and never later than :data:`MAX_WAIT` after
the first change not yet written, so steady typing is kept within a second. Only once the
revision is committed does the field say "Saved"; if writing fails the field says
so, the value stays queued and is written with the next change or retry.

When the answers file is busy, read-only, full or damaged (see :mod:`careerkit.core.storage.safety`)
the Saver is in safe mode: it holds every unsaved answer, tells the workbook once
(``on_problem``) so the header can say what is wrong, retries every few seconds,
repairs a damaged file from its backups, and clears the message once writing works.
"""

from __future__ import annotations

import asyncio
import atexit
import datetime as _dt
import threading
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from careerkit.core.storage import safety
from careerkit.core.content import Section
from careerkit.core.storage.storefront import Revision, StoreError
from careerkit.widgets import FieldWidget
from careerkit.widgets.markup import render

if TYPE_CHECKING:
    from careerkit.core.storage.store import Store

__all__ = ["Saver", "SectionForm", "section_form", "merge_rows", "SAVE_DELAY"]

#: Seconds of quiet after the last keystroke before an answer is written.
SAVE_DELAY = 0.4
#: Seconds at most between the first unsaved change and its write, however steadily
#: a person keeps typing (the write itself takes a few milliseconds more: "saved within
#: a second").
MAX_WAIT = 0.8
#: Seconds before a failed write is tried again.
RETRY_DELAY = 3.0
#: Seconds one write waits for a busy answers file before the answer is held and retried
#: (short, so the workbook stays responsive while another program holds the file).
WRITE_WAIT = 2.0


class Saver:
    """Debounced, durable writes of one profile's answers.

    ``delay=0`` writes at once (used by tests and scripts). Pending answers are also
    written when the kernel exits normally.
    """

    def __init__(self, store: Store, profile: str, *, delay: float = SAVE_DELAY,
                 after_save: Callable[[list[Revision]], None] | None = None,
                 on_problem: Callable[[str | None, str], None] | None = None,
                 wait: float = WRITE_WAIT):
        self.store = store
        self.profile = profile
        self.delay = delay
        self.after_save = after_save
        self.on_problem = on_problem
        self.wait = wait
        #: The kind of trouble writing is in (a key of ``careerkit.core.storage.safety.KINDS``), or None.
        self.problem: str | None = None
        self._pending: dict[tuple[str, str], tuple[Any, FieldWidget | None]] = {}
        #: For tables (records answers): the rows this page last knew to be saved, so rows
        #: another tab added or changed meanwhile are merged in rather than dropped.
        self.base: dict[tuple[str, str], Any] = {}
        self._handle: asyncio.TimerHandle | None = None
        #: The loop's time of the first change not yet handed to a write (None: none waiting).
        self._first: float | None = None
        #: The event loop timing the writes (None: the running loop, if any).
        self.loop: asyncio.AbstractEventLoop | None = None
        self._notes: dict[tuple[str, str], tuple[Any, int, int]] = {}
        self._lock = threading.RLock()
        atexit.register(self.flush)

    @property
    def pending(self) -> int:
        """How many answers are waiting to be written."""
        return len(self._pending)

    def queue(self, workbook: str, field: str, value: Any, widget: FieldWidget | None = None) -> None:
        """Queue an already validated answer for writing."""
        with self._lock:
            self._pending[(workbook, field)] = (value, widget)
        if widget is not None:
            widget.show_status("Saving…", "saving")
        self._schedule(self.delay)

    def held(self) -> dict[tuple[str, str], Any]:
        """The answers waiting to be written, ``{(workbook, field): value}``."""
        with self._lock:
            return {key: value for key, (value, _widget) in self._pending.items()}

    def save_now(self, workbook: str, field: str, value: Any, widget: FieldWidget | None = None) -> Revision | None:
        """Write one already validated answer now, with everything else waiting.

        Returns its revision, or None when the answers file cannot take it: the answer
        is then held here like a typed one (the workbook says so once) and written as
        soon as the file can take it. While the file is already known to be in trouble
        and a retry is set, the answer is held at once rather than waited on again, so
        a tool stays responsive.
        """
        with self._lock:
            self._pending[(workbook, field)] = (value, widget)
            if self.problem is not None and self._handle is not None:
                if widget is not None:
                    widget.show_status("Not saved yet, kept here and retried automatically.", "error")
                return None
        for revision in self.flush():
            if (revision.workbook, revision.field) == (workbook, field):
                return revision
        return None

    def _loop(self) -> asyncio.AbstractEventLoop | None:
        if self.loop is not None:
            return self.loop
        try:
            return asyncio.get_running_loop()
        except RuntimeError:
            return None

    def _schedule(self, delay: float) -> None:
        loop = self._loop()
        if delay <= 0 or loop is None:
            self.flush()
            return
        now = loop.time()
        if self._first is None:
            self._first = now
        # debounced, but never beyond MAX_WAIT after the first change still waiting
        delay = max(0.0, min(delay, self._first + MAX_WAIT - now))
        if self._handle is not None:
            self._handle.cancel()
        self._handle = loop.call_later(delay, self.flush)

    def flush(self) -> list[Revision]:
        """Write every queued answer now, in one transaction; return the new revisions.

        If the answers file refuses the write, every answer stays held here, the
        fields and the workbook say so, and the write is tried again later.
        """
        with self._lock:
            if self._handle is not None:
                self._handle.cancel()
                self._handle = None
            self._first = None
            if not self._pending:
                return []
            batch = dict(self._pending)
            try:
                revisions = self._write(batch)
            except StoreError as exc:
                kind = safety.kind_of(exc)
                for _value, widget in batch.values():
                    if widget is not None:
                        widget.show_status(f"Not saved yet, kept here and retried automatically: {exc}", "error")
                self._report(kind)
                self._retry_later()
                return []
            for key, (value, _widget) in batch.items():
                if self._pending.get(key, (object(),))[0] is value:
                    del self._pending[key]
            if self.problem is not None:
                self._report(None)
        stamp = _dt.datetime.now().strftime("%H:%M")
        notes, self._notes = self._notes, {}
        for key, (_value, widget) in batch.items():
            if widget is None:
                continue
            if key in notes:
                merged, added, conflicts = notes[key]
                widget.load(merged)
                widget.show_status(_merge_note(stamp, added, conflicts), "error" if conflicts else "saved")
            else:
                widget.show_status(f"✓ Saved {stamp}", "saved")
        if self.after_save is not None:
            self.after_save(revisions)
        return revisions

    def _write(self, batch: dict[tuple[str, str], tuple[Any, FieldWidget | None]]) -> list[Revision]:
        items = [(wb, f, value) for (wb, f), (value, _) in batch.items()]
        items, notes = self._merged(items)
        try:
            revisions = self.store.save_many(self.profile, items, wait=self.wait)
        except StoreError as exc:
            if safety.kind_of(exc) != "damaged" or not self._repair(exc):
                raise
            revisions = self.store.save_many(self.profile, items, wait=self.wait)
        for wb, f, value in items:
            if (wb, f) in self.base:
                self.base[(wb, f)] = value
        self._notes = notes
        return revisions

    def _merged(self, items: list[tuple[str, str, Any]]) -> tuple[list[tuple[str, str, Any]], dict]:
        """Merge, by row id, the rows another tab saved into each table about to be written."""
        notes: dict[tuple[str, str], tuple[Any, int, int]] = {}
        tables = [(wb, f) for wb, f, value in items if (wb, f) in self.base and _rows(value) is not None]
        if not tables:
            return items, notes
        saved: dict[str, dict[str, Any]] = {}
        for wb in {wb for wb, _f in tables}:
            saved[wb] = self.store.answers(self.profile, wb)
        out = []
        for wb, f, value in items:
            base = self.base.get((wb, f))
            theirs = saved.get(wb, {}).get(f) if (wb, f) in tables else None
            if (wb, f) in tables and _rows(theirs) is not None and _rows(base) is not None and theirs != base:
                merged, conflicts = merge_rows(base or [], value or [], theirs or [])
                if merged != value:
                    added = len({r["_id"] for r in merged} - {r["_id"] for r in value})
                    notes[(wb, f)] = (merged, added, conflicts)
                elif conflicts:
                    notes[(wb, f)] = (merged, 0, conflicts)
                value = merged
            out.append((wb, f, value))
        return out, notes

    def _repair(self, error: StoreError) -> bool:
        # A damaged SQLite file: move it aside, bring back the newest backup and what can
        # still be read, then write the held answers into the repaired file.
        from careerkit.core.storage.backup import sqlite_path

        if sqlite_path(self.store.url) is None:
            return False
        try:
            recovery = safety.recover(self.store.url, str(error))
        except Exception:  # noqa: BLE001 - the answers stay held and the message stays up
            return False
        self.store.notice = recovery.message()
        if self.on_problem is not None:  # let the workbook show what was repaired
            self.on_problem(None, "")
        return True

    def _report(self, kind: str | None) -> None:
        changed = kind != self.problem
        self.problem = kind
        if changed and self.on_problem is not None:
            self.on_problem(kind, "" if kind is None else safety.message_for(kind))

    def _retry_later(self) -> None:
        # In a kernel the event loop retries; a script without one retries with the
        # next change, an explicit flush() or at exit.
        loop = self._loop()
        if loop is None:
            return
        self._handle = loop.call_later(RETRY_DELAY, self.flush)


def _rows(value: Any) -> list[dict] | None:
    """``value`` when it is a table's rows (each a dict with an ``_id``), else None."""
    if value is None:
        return []
    if isinstance(value, list) and all(isinstance(r, dict) and "_id" in r for r in value):
        return value
    return None


def merge_rows(base: list[dict], mine: list[dict], theirs: list[dict]) -> tuple[list[dict], int]:
    """Merge two tabs' versions of a table by row id; return ``(rows, conflicts)``.

    ``base`` is what this tab last knew to be saved, ``mine`` what it wants to save,
    ``theirs`` what is saved now. Rows added on either side are kept (this tab's in its
    order, then the other's); a row changed on one side only takes that change; a row
    removed on one side and left alone on the other goes. A row changed differently on
    both sides (or changed on one and removed on the other) is a conflict: this tab's
    version is kept, the other stays in history, and it is counted.
    """
    before = {r["_id"]: r for r in base}
    there = {r["_id"]: r for r in theirs}
    here = {r["_id"] for r in mine}
    kept: list[dict] = []       # rows both sides knew, in this tab's order
    added_here: list[dict] = []
    added_there: list[dict] = []
    conflicts = 0
    for row in mine:
        rid = row["_id"]
        old, other = before.get(rid), there.get(rid)
        if other is None:
            if old is None:
                added_here.append(row)
            elif row != old:
                kept.append(row)          # changed here, removed there
                conflicts += 1
            continue                      # removed there, untouched here
        if old is None or other == old or row == other:
            kept.append(row)
        elif row == old:
            kept.append(other)            # changed there only
        else:
            kept.append(row)              # changed on both sides
            conflicts += 1
    for row in theirs:
        rid = row["_id"]
        if rid in here:
            continue
        old = before.get(rid)
        if old is None:
            added_there.append(row)       # added there (saved first, so listed first)
        elif row != old:
            kept.append(row)              # changed there, removed here: kept
            conflicts += 1
    return kept + added_there + added_here, conflicts


def _merge_note(stamp: str, added: int, conflicts: int) -> str:
    text = f"✓ Saved {stamp}"
    if added:
        text += (f", together with {added} row{'s' if added != 1 else ''} added in another tab or window "
                 "(shown here now)")
    if conflicts:
        text += (f". {conflicts} row{' was' if conflicts == 1 else 's were'} also changed in another tab: "
                 "a conflict. The version here is kept; the other is in this answer's history")
    return text + "."


_SUMMARY = """
{% if problems %}
<div class='ck-error-summary'>
<h3>There {{ 'is a problem' if problems | length == 1 else 'are ' ~ (problems | length) ~ ' problems' }} in this section</h3>
<ul>
{% for anchor, label, message in problems %}
  <li><a class='ck-error-link' href='#ck-input-{{ anchor }}'>{{ label }} — {{ message }}</a></li>
{% endfor %}
</ul>
</div>
{% endif %}
"""
_SECTION_STATUS = "<div class='ck-status ck-{{ kind }}'>{{ text }}</div>"


class SectionForm(w.VBox):
    """One section's questions, with an error summary at the top and one status line at the end.

    The way the GOV.UK Design System shows errors: each message sits next to its field and
    names it, and while any field of the section has one, a summary above the questions
    lists them, each a link to its field. "Saving…" and "✓ Saved 14:05" are said once for
    the section, on the line under its last question, rather than under every field.
    """

    def __init__(self, section: Section, widgets: Iterable[FieldWidget], *, intro: bool = True):
        self.section = section
        self.widgets = list(widgets)
        self.summary = w.HTML("", _dom_classes=("ck-error-summary-slot",))
        self.status = w.HTML("", _dom_classes=("ck-section-status",))
        #: the fields with an error now: ``{id(widget): (anchor, label, message)}``, in order of arrival
        self._problems: dict[int, tuple[str, str, str]] = {}
        children: list[w.Widget] = [self.summary]
        if intro and section.intro:
            children.append(w.HTML(render("<div class='ck-intro'>{{ t }}</div>", t=section.intro)))
        children.extend(self.widgets)
        children.append(self.status)
        super().__init__(children, _dom_classes=("ck-form", f"ck-section-{section.id}"))
        for widget in self.widgets:
            widget.attach(self)

    @property
    def problems(self) -> list[tuple[str, str, str]]:
        """The errors the summary lists: ``(field id, label, message)``."""
        return list(self._problems.values())

    def field_problem(self, widget: FieldWidget, message: str | None, *, anchor: str | None = None,
                      label: str | None = None) -> None:
        """A field's error appeared (``message``) or went (None): redraw the summary."""
        key = id(widget)
        if message is None:
            if self._problems.pop(key, None) is None:
                return
        else:
            self._problems[key] = (anchor or widget.field.id, label or widget.field.label, message)
        self.summary.value = render(_SUMMARY, problems=self.problems)

    def show_status(self, text: str, kind: str = "saved") -> None:
        """The section's one status line: ``saving`` or ``saved`` (with the time)."""
        self.status.value = render(_SECTION_STATUS, kind=kind, text=text)


def section_form(
    section: Section,
    widgets: Iterable[FieldWidget],
    *,
    intro: bool = True,
) -> SectionForm:
    """Lay out the widgets of one section as a form (see :class:`SectionForm`)."""
    return SectionForm(section, widgets, intro=intro)
