"""Forms: question widgets bound to the store, saved as a person types.

A change is checked on the kernel side by the widget, then queued here and written
after a short pause in typing (debounced, well within a second). Only once the
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
import html
import threading
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from careerkit.core.storage import safety
from careerkit.core.content import Section
from careerkit.core.storage.storefront import Revision, StoreError
from careerkit.widgets import FieldWidget

if TYPE_CHECKING:
    from careerkit.core.storage.store import Store

__all__ = ["Saver", "section_form", "SAVE_DELAY"]

#: Seconds of quiet after the last keystroke before an answer is written.
SAVE_DELAY = 0.4
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
        self._handle: asyncio.TimerHandle | None = None
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

    def _schedule(self, delay: float) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if delay <= 0 or loop is None:
            self.flush()
            return
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
        for _value, widget in batch.values():
            if widget is not None:
                widget.show_status(f"✓ Saved {stamp}", "saved")
        if self.after_save is not None:
            self.after_save(revisions)
        return revisions

    def _write(self, batch: dict[tuple[str, str], tuple[Any, FieldWidget | None]]) -> list[Revision]:
        items = [(wb, f, value) for (wb, f), (value, _) in batch.items()]
        try:
            return self.store.save_many(self.profile, items, wait=self.wait)
        except StoreError as exc:
            if safety.kind_of(exc) != "damaged" or not self._repair(exc):
                raise
        return self.store.save_many(self.profile, items, wait=self.wait)

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
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self._handle = loop.call_later(RETRY_DELAY, self.flush)


def section_form(
    section: Section,
    widgets: Iterable[FieldWidget],
    *,
    intro: bool = True,
) -> w.VBox:
    """Lay out the widgets of one section as a form."""
    children: list[w.Widget] = []
    if intro and section.intro:
        children.append(w.HTML(f"<div class='ck-intro'>{html.escape(section.intro)}</div>"))
    children.extend(widgets)
    form = w.VBox(children)
    form.add_class("ck-form")
    form.add_class(f"ck-section-{section.id}")
    return form
