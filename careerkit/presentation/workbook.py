"""The notebook-facing side: one open workbook for one person.

``open_workbook("01_self_reflection")`` resolves who is answering and where answers
are kept (once per kernel), shows the workbook's header, and returns a
:class:`Workbook` whose methods each give one thing to show in a cell::

    wb = careerkit.open_workbook("01_self_reflection")
    wb.form("energy")          # a section's questions, saved as you type
    wb.chart("energy_map")     # insight drawn from what was saved, redrawn live
    wb.show("first_matches")   # other panels: lists, summaries, tools
    wb.table("energy_log")     # in JupyterLab: a records answer as a pandas DataFrame
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import ipywidgets as w

from careerkit.core import content
from careerkit.presentation import style
from careerkit.core.answers import Answers, progress
from careerkit.presentation.charts import Chart, chart_for
from careerkit.core.content import Field
from careerkit.widgets.forms import SAVE_DELAY, Saver, section_form
from careerkit.core.profile import current_profile

from careerkit.core.storage.safety import kind_of, message_for
from careerkit.core.storage.storefront import Revision, StoreError, open_store
from careerkit.core.validation import InvalidAnswer, clean
from careerkit.presentation.views import view_for
from careerkit.widgets import FieldWidget, a11y, field_widget, markup

if TYPE_CHECKING:
    from careerkit.core.storage.store import Store

__all__ = ["HELD", "Workbook", "open_workbook", "options_for"]

#: What a tool says of a change :meth:`Workbook.save` held while the answers file is busy.
HELD = "not saved yet: kept here, and saved as soon as the answers file is free"

#: Seconds of quiet before charts and panels are drawn again after a save.
REDRAW_DELAY = 0.6


def options_for(field: Field, answers: Answers) -> list[str] | None:
    """The items a ranking draws from another answer (``choices_from``), or None."""
    if not field.choices_from:
        return None
    value = answers.get_answer(field.choices_from, [])
    if not isinstance(value, list):
        return []
    items: list[str] = []
    for entry in value:
        if isinstance(entry, str):
            items.append(entry)
        elif isinstance(entry, dict):
            # a records answer: the row's first non-empty text cell names it
            label = next((v for k, v in entry.items() if k != "_id" and isinstance(v, str) and v.strip()), None)
            if label:
                items.append(label)
    return list(dict.fromkeys(items))


class Workbook:
    """One workbook opened for one profile: forms, charts and panels bound to the store."""

    def __init__(self, workbook_id: str, *, store: Store | None = None, profile: str | None = None,
                 delay: float = SAVE_DELAY):
        self.content = content.workbook(workbook_id)
        self.id = self.content.id
        self.store = store or open_store()
        self.profile = profile or current_profile()
        #: What is wrong with the answers file right now, for the person ("" when all is well).
        self.trouble = ""
        self._notice: w.HTML | None = None
        try:
            self.store.ensure_profile(self.profile)
        except StoreError as exc:  # safe mode: the first save creates the profile
            self.trouble = message_for(kind_of(exc))
        self.saver = Saver(self.store, self.profile, delay=delay, after_save=self._saved,
                           on_problem=self._problem)
        self._answers: Answers | None = None
        self._widgets: dict[str, FieldWidget] = {}
        self._live: list[Callable[[], None]] = []
        self._redraw_handle: asyncio.TimerHandle | None = None
        self._header: w.HTML | None = None
        self._redraws = 0
        #: Added to every link between workbooks this workbook draws (a workshop session, ``s=…``).
        self.link_query = ""

    # -- data ---------------------------------------------------------------------------
    @property
    def answers(self) -> Answers:
        """The person's current answers in every workbook (a snapshot, refreshed after saves)."""
        if self._answers is None:
            try:
                answers = Answers.load(self.store, self.profile)
                if self._notice is not None:  # reading may have repaired the file: say so
                    self._notice.value = self._notice_html()
            except StoreError as exc:
                # Safe mode: say so and show nothing rather than fail; read again next time.
                self._problem("unreadable", "Your saved answers cannot be read at this moment "
                              f"({kind_of(exc)}); they are not lost. Reopen this workbook in a little while.")
                return Answers({}, profile=self.profile)
            # answers held while the file is busy are the person's answers too
            for (workbook_id, field_id), value in self.saver.held().items():
                answers = answers.with_answer(workbook_id, field_id, value)
            self._answers = answers
        return self._answers

    def get(self, ref: str, default: Any = None) -> Any:
        """One current answer: ``"field"`` in this workbook or ``"NN_workbook.field"``."""
        if "." not in ref:
            ref = f"{self.id}.{ref}"
        return self.answers.get_answer(ref, default)

    def table(self, ref: str):
        """A records answer as a pandas DataFrame, for exploring your own answers in JupyterLab.

        ``ref`` is ``"field"`` in this workbook or ``"NN_workbook.field"``; one row per
        record, one column per question of the record (its id), in the workbook's order,
        dates as dates. pandas is imported here, never while a page is drawn.
        """
        import pandas as pd

        workbook_id, _, field_id = (ref if "." in ref else f"{self.id}.{ref}").partition(".")
        field = content.workbook(workbook_id).field(field_id)
        if field.type != "records":
            raise ValueError(f"{workbook_id}.{field_id} is a {field.type} answer, not a table of records; "
                             f"read it with wb.get({ref!r}).")
        columns = [sub.id for sub in field.fields]
        rows = self.answers.rows(f"{workbook_id}.{field_id}")
        frame = pd.DataFrame([{column: row.get(column) for column in columns} for row in rows], columns=columns)
        for sub in field.fields:
            if sub.type == "date":
                frame[sub.id] = pd.to_datetime(frame[sub.id], errors="coerce").dt.date
        return frame

    def save(self, field_id: str, value: Any, *, workbook: str | None = None) -> Revision | None:
        """Validate and save one answer now (used by tools that write answers).

        Raises :class:`~careerkit.core.validation.InvalidAnswer` for an answer that cannot be
        kept. When the answers file cannot take the write (busy, read-only, full), the
        answer is held and retried exactly like a typed one: None is returned, the
        workbook's notice says what is wrong, :meth:`get` already gives the held answer,
        and it is written as soon as the file can take it.
        """
        wb = content.workbook(workbook) if workbook else self.content
        field = wb.field(field_id)
        cleaned = clean(field, value, options=options_for(field, self.answers))
        widget = self._widgets.get(field.id) if wb.id == self.id else None
        if field.type == "records" and widget is None:
            # the rows the tool changed were read from this snapshot: merge others' rows by id
            self.saver.base[(wb.id, field.id)] = self.answers.get_answer(f"{wb.id}.{field.id}") or []
        if widget is not None:
            widget.load(cleaned)
        revision = self.saver.save_now(wb.id, field.id, cleaned, widget)
        if revision is None:
            self._answers = None  # read again, with the held answer on top
        return revision

    def held(self, field_id: str, *, workbook: str | None = None) -> bool:
        """Whether an answer of this profile is held, waiting for the answers file."""
        return (workbook or self.id, field_id) in self.saver.held()

    def progress(self) -> tuple[int, int]:
        """``(answered, total)`` questions of this workbook."""
        return progress(self.answers, self.id)

    # -- things to show -------------------------------------------------------------------
    def header(self) -> w.Widget:
        """The workbook's title bar: where it sits in the sequence, progress, where answers live."""
        if self._header is None:
            self._header = w.HTML(self._header_html(), _dom_classes=("ck-header",))
            self._live.append(lambda: setattr(self._header, "value", self._header_html()))
        # the helper gives every form on the page its labels, radio groups and keys (careerkit.widgets.a11y)
        return w.VBox([style.stylesheet(), a11y.helper(), self._header, self.notice()])

    def notice(self) -> w.HTML:
        """One clear message when the answers file is in trouble or was repaired (empty otherwise)."""
        if self._notice is None:
            self._notice = w.HTML(self._notice_html(), _dom_classes=("ck-safety",))
        return self._notice

    def _notice_html(self) -> str:
        texts = [t for t in (self.store.notice, self.trouble) if t]
        if not texts:
            return ""
        return markup.render("<div class='ck-notice' role='alert'>{% for t in texts %}<p>{{ t }}</p>{% endfor %}</div>",
                             texts=texts)

    def _problem(self, kind: str | None, message: str) -> None:
        self.trouble = message if kind is not None else ""
        if self._notice is not None:
            self._notice.value = self._notice_html()

    def form(self, section_id: str) -> w.Widget:
        """The questions of one section, showing saved answers and saving every change."""
        section = self.content.section(section_id)
        widgets = [self.field(f.id) for f in section.fields]
        return section_form(section, widgets)

    def field(self, field_id: str) -> FieldWidget:
        """The widget of one question on its own, bound to the store."""
        if field_id in self._widgets:
            return self._widgets[field_id]
        field = self.content.field(field_id)
        widget = field_widget(field, options=options_for(field, self.answers),
                              value=self.answers[self.id].get(field.id))
        widget.on_change(lambda wgt, value: self.saver.queue(self.id, wgt.field.id, value, wgt))
        if field.type == "records":  # rows another tab adds meanwhile are merged in by id
            self.saver.base.setdefault((self.id, field.id), widget.value or [])
        if field.choices_from:
            self._live.append(lambda: widget.set_options(options_for(field, self.answers) or []))
        self._widgets[field_id] = widget
        return widget

    def chart(self, name: str) -> w.Widget:
        """A chart of this workbook, drawn from the saved answers and redrawn when they change.

        In a running kernel the picture is drawn in the background: the page (and its
        questions) is ready while the drawing process works, and the chart appears a
        moment later, the same chart as when drawn in place.
        """
        render = lambda: chart_for(self.id, name, self.answers).html()  # noqa: E731
        if not _in_kernel():
            return self._panel(render, f"ck-chart-{name}")
        drawn = chart_for(self.id, name, self.answers)
        if drawn.spec is None:  # nothing to draw yet: the note shows at once
            return self._panel(render, f"ck-chart-{name}", first=drawn.html())
        placeholder = markup.render("<figure class='ck-chart ck-chart-drawing' role='img' aria-busy='true' "
                                    "aria-label='{{ title }}'><span>Drawing “{{ title }}”…</span></figure>",
                                    title=drawn.title or "chart")
        panel = self._panel(render, f"ck-chart-{name}", first=placeholder)
        redraws = self._redraws

        failed: list[BaseException] = []

        def draw() -> None:
            try:
                value = _safely(drawn.html)
            except Exception as exc:  # strict: handed to the cell that asked for the chart
                failed.append(exc)
                return
            if self._redraws == redraws:  # answers saved meanwhile are drawn by the redraw
                panel.value = value

        thread = threading.Thread(target=draw, daemon=True, name=f"careerkit-chart-{name}")
        thread.start()
        if strict():  # under tests, a chart that cannot be drawn fails the cell that shows it
            thread.join()
            if failed:
                raise failed[0]
        return panel

    def show(self, name: str) -> w.Widget:
        """A panel of this workbook (a list, a summary or a tool)."""
        fn = view_for(self.id, name)
        try:
            first = fn(self)
        except Exception as exc:  # the panel cannot be built: say so in its place
            if strict() and not isinstance(exc, InvalidAnswer):
                raise
            first = _could_not_draw(exc)
        if isinstance(first, w.Widget):
            return first
        return self._panel(lambda: fn(self), f"ck-view-{name}", first=first)

    def draw(self, name: str) -> Chart:
        """The chart ``name`` as a :class:`~careerkit.presentation.charts.Chart` object (spec, SVG, PNG)."""
        return chart_for(self.id, name, self.answers)

    # -- live updates ------------------------------------------------------------------------
    def on_change(self, callback: Callable[[], None]) -> None:
        """Call ``callback()`` (debounced) after answers of this profile are saved."""
        self._live.append(callback)

    def refresh(self) -> None:
        """Read the answers again and show them in every form and panel of this workbook.

        For changes made around the forms: a restore from a file, an earlier version
        brought back, or answers forgotten.
        """
        self._answers = None
        for field_id, widget in self._widgets.items():
            widget.load(self.answers[self.id].get(field_id))
        self._redraw()

    def _panel(self, render: Callable[[], str], css: str, first: str | None = None) -> w.Widget:
        # classes given at construction: each one added afterwards is one more message from the kernel
        panel = w.HTML(first if first is not None else _safely(render), _dom_classes=("ck-panel", css))
        self._live.append(lambda: setattr(panel, "value", _safely(render)))
        return panel

    def _saved(self, revisions: list[Revision]) -> None:
        self._answers = None
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            loop = None
        if loop is None or self.saver.delay <= 0:
            self._redraw()
            return
        if self._redraw_handle is not None:
            self._redraw_handle.cancel()
        self._redraw_handle = loop.call_later(REDRAW_DELAY, self._redraw)

    def _redraw(self) -> None:
        self._redraw_handle = None
        self._redraws += 1
        for callback in list(self._live):
            try:
                callback()
            except Exception as exc:  # one broken panel must not stop the others or saving
                if strict():
                    raise
                _log(f"careerkit: a panel could not be redrawn: {exc!r}")

    def _header_html(self) -> str:
        return style.header_html(self.content, self.progress(), self.profile, self.store.url, self.link_query)

    def __repr__(self) -> str:
        return f"<careerkit workbook {self.id} for {self.profile!r}>"


#: Set (to anything but "" or "0") by the test runs: a chart or panel that cannot be drawn
#: raises, and fails the test or notebook cell, instead of showing a friendly message.
STRICT_VAR = "CAREERKIT_STRICT"


def strict() -> bool:
    """Whether drawing errors raise (under tests) rather than show a friendly message."""
    return os.environ.get(STRICT_VAR, "").strip() not in ("", "0")


def _safely(render: Callable[[], str]) -> str:
    try:
        return render()
    except Exception as exc:  # show the problem in place rather than break the page
        if strict() and not isinstance(exc, InvalidAnswer):
            raise
        return _could_not_draw(exc)


def _could_not_draw(exc: Exception) -> str:
    if isinstance(exc, InvalidAnswer):  # a message written for the person
        return markup.render("<div class='ck-error'>{{ message }}</div>", message=exc.message)
    _log(f"careerkit: a panel failed: {exc!r}")
    return markup.render("<div class='ck-error' role='alert'>This panel could not be drawn. "
                         "Your answers are safe. ({{ kind }})</div>", kind=type(exc).__name__)


def _in_kernel() -> bool:
    # A cell running in a Jupyter kernel runs inside the kernel's event loop; scripts and
    # tests calling the same code have none and get every chart drawn in place.
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def _log(message: str) -> None:
    import sys

    print(message, file=sys.stderr)


def open_workbook(workbook_id: str, *, profile: str | None = None, header: bool = True) -> Workbook:
    """Open a workbook for ``profile`` (this computer's person by default), show its header, and return it.

    ``careerkit.open_workbook`` (in the serving layer) decides who is answering and
    calls this, or opens the workshop's page instead.
    """
    from careerkit.presentation import drawing, preheat

    drawing.prepare()  # charts are drawn by a shared process: start it while the forms are built
    # A preheated Voilà kernel runs the notebook before anyone opens the page; answers
    # read then could be stale by the time the visitor arrives, so wait for the visit.
    preheat.wait_for_visit()
    wb = Workbook(workbook_id, store=open_store(), profile=profile)
    if header:
        try:
            from IPython import get_ipython
            from IPython.display import display
        except ImportError:  # pragma: no cover - IPython comes with ipywidgets
            return wb
        if get_ipython() is not None:
            display(wb.header())
    return wb
