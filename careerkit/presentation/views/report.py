"""Taking answers along, in the browser: download, restore, history and forgetting.

Every tool here is a widget that works the same in JupyterLab, in Voilà and on
Binder: downloads are links carrying the file itself (``data:`` URLs built in the
kernel, so no server route is needed), uploads use the file picker, and anything
that deletes asks for a typed confirmation first.
"""

from __future__ import annotations

import base64
import datetime as _dt

import ipywidgets as w

from careerkit.core import content, exchange, history
from careerkit.core.answers import Answers
from careerkit.core.validation import InvalidAnswer
from careerkit.presentation.views.core import render

__all__ = ["DownloadPanel", "ForgetPanel", "HistoryPanel", "RestorePanel", "download_link_html", "download_report", "forget",
           "history_view", "restore"]

CONFIRM_WORD = "forget"

_LINK = """<div class='ck-card ck-download'>
<a download='{{ name }}' href='data:{{ mime }};base64,{{ data }}'>⬇ Save {{ name }}</a>
<span class='ck-muted'>({{ size }}) · {{ note }}</span></div>"""


def download_link_html(data: bytes, name: str, mime: str, note: str = "") -> str:
    """A link that saves ``data`` as the file ``name`` when clicked (the file travels inside the link)."""
    size = f"{len(data) / 1024:.0f} KB" if len(data) >= 1024 else f"{len(data)} bytes"
    return render(_LINK, name=name, mime=mime, data=base64.b64encode(data).decode("ascii"), size=size,
                  note=note or "kept only on your computer once saved")


def _message(kind: str, text: str) -> str:
    css = {"ok": "ck-status ck-saved", "error": "ck-error", "info": "ck-muted"}[kind]
    return render("<div class='{{ css }}'{% if alert %} role='alert'{% endif %}>{{ text }}</div>",
                  css=css, alert=kind == "error", text=text)


def _intro(text: str) -> w.HTML:
    return w.HTML(render("<div class='ck-intro'>{{ text }}</div>", text=text))


def _local(moment: _dt.datetime) -> str:
    return f"{moment.astimezone():%d %b %Y, %H:%M}"


def _workbook_options() -> list[tuple[str, str]]:
    return [(f"{b.number:02d} · {b.title}", b.id) for b in content.workbooks() if b.answerable]


def _field_options(workbook_id: str) -> list[tuple[str, str]]:
    try:
        book = content.workbook(workbook_id)
    except KeyError:
        return []
    return [(_short(f.label), f.id) for f in book.answerable]


def _choose_first(dropdown: w.Dropdown, options: list[tuple[str, str]]) -> None:
    dropdown.options = options
    dropdown.value = options[0][1] if options else None


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- download -------------------------------------------------------------------------------

class DownloadPanel(w.VBox):
    """Buttons that make the report (HTML, Markdown, PDF when possible) or a full backup to save."""

    def __init__(self, wb):
        from careerkit.presentation import report

        self.wb = wb
        self.as_of = w.Dropdown(description="Answers as of", style={"description_width": "initial"},
                                layout=w.Layout(width="auto"))
        self._fill_checkins()
        self.html_button = w.Button(description="Report: web page", icon="file", tooltip="One file that opens in any browser and prints well")
        self.md_button = w.Button(description="Report: Markdown", icon="file-text")
        self.json_button = w.Button(description="Backup of every answer", icon="download",
                                    tooltip="Every answer and earlier version, to restore here or elsewhere")
        self.html_button.on_click(lambda _b: self.make("html"))
        self.md_button.on_click(lambda _b: self.make("markdown"))
        self.json_button.on_click(lambda _b: self.make("backup"))
        buttons = [self.html_button, self.md_button]
        self.pdf_button = None
        if report.find_chromium() is not None:
            self.pdf_button = w.Button(description="Report: PDF", icon="print")
            self.pdf_button.on_click(lambda _b: self.make("pdf"))
            buttons.append(self.pdf_button)
        buttons.append(self.json_button)
        self.status = w.HTML()
        self.link = w.HTML()
        for button in buttons:
            button.layout.width = "auto"
        super().__init__([
            self.as_of, w.HBox(buttons, layout=w.Layout(flex_flow="row wrap")), self.status, self.link,
        ])
        self.add_class("ck-panel")
        self.add_class("ck-view-download_report")
        wb.on_change(self._fill_checkins)

    def _fill_checkins(self) -> None:
        marks = self.wb.store.checkins(self.wb.profile)
        self.as_of.options = [("Today", None)] + [(f"{m.label} ({_local(m.at)})", m.id) for m in reversed(marks)]
        self.as_of.value = None
        self.as_of.layout.display = "" if marks else "none"

    def make(self, what: str) -> None:
        """Build the file and show the link that saves it."""
        from careerkit.presentation import report

        self.link.value = ""
        wb = self.wb
        try:
            if what == "backup":
                data = exchange.dumps(exchange.export(wb.store, wb.profile)).encode("utf-8")
                name = f"careerkit-answers-{_dt.date.today():%Y-%m-%d}.json"
                self.link.value = download_link_html(
                    data, name, "application/json",
                    "restore it under “Bring your answers back” in Start here, or with careerkit import")
                self.status.value = _message("ok", "Your backup is ready.")
                return
            answers, as_of = self._answers()

            def progress(done: int, total: int, _what: str) -> None:
                self.status.value = _message("info", f"Drawing charts {done}/{total}…")

            self.status.value = _message("info", "Gathering your answers…")
            data, made = report.write(answers, what, as_of=as_of, progress_cb=progress)
            mime = {"html": "text/html", "markdown": "text/markdown", "pdf": "application/pdf"}[what]
            self.link.value = download_link_html(data, report.file_name(made, what), mime)
            done = "Your report is ready."
            if made.problems:
                n = len(made.problems)
                done += f" {n} chart{'s' if n != 1 else ''} could not be drawn and {'are' if n != 1 else 'is'} left out."
            self.status.value = _message("ok", done)
        except report.ReportError as exc:
            self.status.value = _message("error", str(exc))
        except Exception as exc:  # the person can do nothing with a traceback
            self.status.value = _message("error", f"The file could not be made ({type(exc).__name__}). "
                                                  "Your answers are safe; please try again.")

    def _answers(self) -> tuple[Answers, str]:
        mark_id = self.as_of.value
        if mark_id is None:
            return Answers.load(self.wb.store, self.wb.profile), ""
        mark = history.find_checkin(self.wb.store, self.wb.profile, mark_id)
        return history.answers_as_of(self.wb.store, self.wb.profile, mark.at), f"{mark.label} ({_local(mark.at)})"


def download_report(wb) -> DownloadPanel:
    """Download the report (HTML, Markdown, PDF when a browser is installed) or a full backup."""
    return DownloadPanel(wb)


# -- restore ------------------------------------------------------------------------------------

_MODES = [
    ("Merge: for each answer keep whichever is newer, the file's or this one", "merge"),
    ("Replace: the file's answers become your current answers", "replace"),
]


class RestorePanel(w.VBox):
    """Upload an export, choose merge or replace, confirm; bad files are refused with a reason."""

    def __init__(self, wb):
        self.wb = wb
        self.bundle: exchange.Bundle | None = None
        self.upload = w.FileUpload(accept=".json,application/json", multiple=False,
                                   description="Choose backup file", layout=w.Layout(width="max-content"))
        self.upload.observe(self._uploaded, "value")
        self.summary = w.HTML()
        self.mode = w.RadioButtons(options=_MODES, value="merge", layout=w.Layout(width="auto"))
        self.mode_box = w.VBox([
            w.HTML("<div class='ck-help'>You already have answers here. Whichever you choose, "
                   "today's answers stay in history, so nothing is lost.</div>"),
            self.mode,
        ])
        self.confirm = w.Button(description="Restore these answers", button_style="primary", icon="upload",
                                layout=w.Layout(width="auto"))
        self.confirm.on_click(lambda _b: self.restore())
        self.cancel = w.Button(description="Cancel")
        self.cancel.on_click(lambda _b: self.reset("Nothing was changed."))
        self.choice = w.VBox([self.summary, self.mode_box, w.HBox([self.confirm, self.cancel])])
        self.message = w.HTML()
        super().__init__([
            self.upload, self.choice, self.message,
        ])
        self.add_class("ck-panel")
        self.add_class("ck-view-restore")
        self.choice.layout.display = "none"

    def _uploaded(self, change) -> None:
        files = change["new"]
        if not files:
            return
        entry = files[0]
        self.load(bytes(entry["content"]), str(entry.get("name", "")))

    def load(self, data: bytes, name: str = "") -> None:
        """Check an uploaded file and, if it is good, offer to restore it."""
        self.bundle = None
        self.choice.layout.display = "none"
        try:
            bundle = exchange.parse(data)
        except exchange.ExportError as exc:
            self.message.value = _message("error", f"{exc} Nothing was changed.")
            return
        self.bundle = bundle
        has = exchange.has_answers(self.wb.store, self.wb.profile)
        self.summary.value = render("<div class='ck-card'><b>{{ name }}</b> holds {{ what }}</div>",
                                    name=name or "This file", what=bundle.describe())
        self.mode_box.layout.display = "" if has else "none"
        self.mode.value = "merge"
        self.choice.layout.display = ""
        self.message.value = ""

    def restore(self) -> None:
        """Write the checked file into this profile."""
        if self.bundle is None:
            self.message.value = _message("error", "Choose a backup file first.")
            return
        self.wb.saver.flush()
        try:
            result = exchange.apply(self.wb.store, self.wb.profile, self.bundle, self.mode.value)
        except Exception as exc:
            self.message.value = _message("error", f"The answers could not be restored ({exc}). Nothing was changed.")
            return
        self.wb.refresh()
        self.reset(result.describe() + " Open any workbook to see them.", kind="ok")

    def reset(self, text: str, kind: str = "info") -> None:
        self.bundle = None
        self.choice.layout.display = "none"
        self.upload.value = ()
        self.message.value = _message(kind, text)


def restore(wb) -> RestorePanel:
    """Restore answers from a backup file (merge or replace, after a confirmation)."""
    return RestorePanel(wb)


# -- history ---------------------------------------------------------------------------------

_REVISIONS = """
{% if not rows %}<div class='ck-muted'>No saved versions of this answer yet.</div>{% else %}
<table class='ck-progress-table ck-history'>
<tr><th>Saved</th><th>How</th><th>Answer</th></tr>
{% for r in rows %}<tr><td>{{ r.when }}</td><td class='ck-muted'>{{ r.source }}</td><td>{{ r.text }}</td></tr>{% endfor %}
</table>{% endif %}
"""

_CHANGES = """
<div class='ck-card'><h4>Since {{ label }}</h4>
{% if not changes %}<p class='ck-muted'>Nothing has changed since then.</p>{% else %}
<ul>{% for c in changes %}<li><b>{{ c.workbook }}</b> · {{ c.question }}: {{ c.kind }}<br>
<span class='ck-muted'>then:</span> {{ c.before }}<br><span class='ck-muted'>now:</span> {{ c.after }}</li>{% endfor %}</ul>
{% endif %}</div>
"""

_SOURCES = {"form": "typed", "import": "restored from a file", "restore": "brought back",
            "example": "example", "replace": "restored from a file"}


class HistoryPanel(w.VBox):
    """Browse the saved versions of any answer, bring one back, and compare with check-ins."""

    def __init__(self, wb):
        self.wb = wb
        options = _workbook_options()
        self.workbook = w.Dropdown(options=options, description="Workbook", layout=w.Layout(width="auto"))
        self.field = w.Dropdown(description="Question", layout=w.Layout(width="auto"))
        self.table = w.HTML()
        self.version = w.Dropdown(description="Version", layout=w.Layout(width="auto"))
        self.bring_back = w.Button(description="Bring this version back", icon="undo")
        self.bring_back.on_click(lambda _b: self.restore())
        self.message = w.HTML()
        self.label = w.Text(placeholder="e.g. Spring review", description="Check-in name",
                            style={"description_width": "initial"})
        self.mark = w.Button(description="Mark a check-in now", icon="flag")
        self.mark.on_click(lambda _b: self.checkin())
        self.checkin_list = w.Dropdown(description="Compare with", style={"description_width": "initial"},
                                       layout=w.Layout(width="auto"))
        self.compare_button = w.Button(description="What changed since then?", icon="exchange")
        self.compare_button.on_click(lambda _b: self.compare())
        self.changes = w.HTML()
        self.workbook.observe(lambda _c: self._fill_fields(), "value")
        self.field.observe(lambda _c: self.show(), "value")
        for button in (self.bring_back, self.mark, self.compare_button):
            button.layout.width = "auto"
        self.version.layout.min_width = "22em"
        self.checkin_list.layout.min_width = "22em"
        super().__init__([
            self.workbook, self.field, self.table, w.HBox([self.version, self.bring_back]), self.message,
            w.HTML("<h4>Check-ins</h4><div class='ck-help'>Mark a moment (each quarter, say), then later see "
                   "what has changed since, or make your report as it was then.</div>"),
            w.HBox([self.label, self.mark]), w.HBox([self.checkin_list, self.compare_button]), self.changes,
        ])
        self.add_class("ck-panel")
        self.add_class("ck-view-history")
        self._fill_fields()
        self._fill_checkins()
        wb.on_change(self.show)

    def _fill_fields(self) -> None:
        _choose_first(self.field, _field_options(self.workbook.value) if self.workbook.value else [])
        self.show()

    def _fill_checkins(self) -> None:
        marks = history.checkins(self.wb.store, self.wb.profile)
        self.checkin_list.options = [(f"{m.label} ({_local(m.at)})", m.id) for m in reversed(marks)]
        self.compare_button.disabled = not marks

    def show(self) -> None:
        """List the saved versions of the chosen question, newest first."""
        wb_id, field_id = self.workbook.value, self.field.value
        if not wb_id or not field_id:
            self.table.value, self.version.options = "", []
            self.bring_back.disabled = True
            return
        question = content.workbook(wb_id).field(field_id)
        revs = history.revisions(self.wb.store, self.wb.profile, wb_id, field_id)
        rows = [{"when": _local(r.saved_at), "source": _SOURCES.get(r.source, r.source),
                 "text": history.summary(r.value, question, 160)} for r in revs]
        self.table.value = render(_REVISIONS, rows=rows)
        earlier = revs[1:]
        self.version.options = [(f"{_local(r.saved_at)} · {history.summary(r.value, question, 40)}", r.id)
                                for r in earlier]
        self.bring_back.disabled = not earlier

    def restore(self) -> None:
        """Make the chosen earlier version the current answer again."""
        if self.version.value is None:
            self.message.value = _message("error", "Choose an earlier version first.")
            return
        self.wb.saver.flush()
        try:
            history.restore(self.wb.store, self.wb.profile, self.workbook.value, self.field.value, self.version.value)
        except (InvalidAnswer, LookupError) as exc:
            self.message.value = _message("error", getattr(exc, "message", str(exc)))
            return
        self.wb.refresh()
        self.show()
        self.message.value = _message("ok", "That version is your current answer again; the one it replaced stays in history.")

    def checkin(self) -> None:
        """Mark a check-in now, with the typed name (or today's date)."""
        try:
            mark = history.checkin(self.wb.store, self.wb.profile, self.label.value)
        except InvalidAnswer as exc:
            self.message.value = _message("error", exc.message)
            return
        self.label.value = ""
        self.wb.refresh()  # other panels (the report's "as of" list) learn of the new check-in
        self._fill_checkins()
        self.checkin_list.value = mark.id
        self.message.value = _message("ok", f"Check-in “{mark.label}” marked.")

    def compare(self) -> None:
        """Show what changed between the chosen check-in and today."""
        if self.checkin_list.value is None:
            return
        mark = history.find_checkin(self.wb.store, self.wb.profile, self.checkin_list.value)
        changes = []
        for c in history.compare_with_checkin(self.wb.store, self.wb.profile, mark):
            try:
                book = content.workbook(c.workbook)
                question = book.field(c.field)
            except KeyError:
                continue
            if question.ui:
                continue
            changes.append({"workbook": f"{book.number:02d} {book.title}", "question": question.label,
                            "kind": c.kind, "before": history.summary(c.before, question),
                            "after": history.summary(c.after, question)})
        self.changes.value = render(_CHANGES, label=f"{mark.label} ({_local(mark.at)})", changes=changes)


def history_view(wb) -> HistoryPanel:
    """Earlier versions of every answer, bringing one back, and check-ins to compare against."""
    return HistoryPanel(wb)


# -- forgetting -------------------------------------------------------------------------------

_SCOPES = [("One answer", "field"), ("One workbook", "workbook"), ("Everything", "all")]


class ForgetPanel(w.VBox):
    """Delete one answer, one workbook or everything, history included, after typing a confirmation."""

    def __init__(self, wb):
        self.wb = wb
        self.scope = w.ToggleButtons(options=_SCOPES, value="field")
        self.workbook = w.Dropdown(options=_workbook_options(), description="Workbook", layout=w.Layout(width="auto"))
        self.field = w.Dropdown(description="Question", layout=w.Layout(width="auto"))
        self.start = w.Button(description="Forget…", icon="trash", layout=w.Layout(width="max-content"))
        self.start.on_click(lambda _b: self.ask())
        self.warning = w.HTML()
        self.word = w.Text(placeholder=f"type {CONFIRM_WORD}", description="To confirm",
                           style={"description_width": "initial"})
        self.confirm = w.Button(description="Forget permanently", button_style="danger", disabled=True,
                                layout=w.Layout(width="auto"))
        self.cancel = w.Button(description="Keep my answers", layout=w.Layout(width="auto"))
        self.word.observe(lambda _c: self._check_word(), "value")
        self.confirm.on_click(lambda _b: self.forget())
        self.cancel.on_click(lambda _b: self.close_confirmation("Nothing was forgotten."))
        self.confirmation = w.VBox([self.warning, w.HBox([self.word, self.confirm, self.cancel])])
        self.confirmation.layout.display = "none"
        self.message = w.HTML()
        self.scope.observe(lambda _c: self._layout(), "value")
        self.workbook.observe(lambda _c: self._fill_fields(), "value")
        super().__init__([
            _intro("Forgetting deletes answers for good, with all their earlier versions. "
                   "Download a backup first if you might want them again."),
            self.scope, self.workbook, self.field, self.start, self.confirmation, self.message,
        ])
        self.add_class("ck-panel")
        self.add_class("ck-view-forget")
        self._fill_fields()
        self._layout()

    def _fill_fields(self) -> None:
        _choose_first(self.field, _field_options(self.workbook.value) if self.workbook.value else [])
        self.close_confirmation("")

    def _layout(self) -> None:
        scope = self.scope.value
        self.workbook.layout.display = "none" if scope == "all" else ""
        self.field.layout.display = "" if scope == "field" else "none"
        self.close_confirmation("")

    def _target(self) -> tuple[str | None, str | None, str]:
        scope = self.scope.value
        if scope == "all":
            return None, None, "every answer, check-in and file of yours, with all their history"
        book = content.workbook(self.workbook.value)
        if scope == "workbook":
            return book.id, None, f"every answer in workbook {book.number:02d} · {book.title}, with its history"
        question = book.field(self.field.value)
        return book.id, question.id, f"your answer to “{_short(question.label)}”, with its history"

    def ask(self) -> None:
        """Show what will be deleted and ask for the typed confirmation."""
        if self.scope.value != "all" and (not self.workbook.value or (self.scope.value == "field" and not self.field.value)):
            self.message.value = _message("error", "Choose what to forget first.")
            return
        _, _, what = self._target()
        self.warning.value = render("<div class='ck-notice' role='alert'>This permanently deletes {{ what }}. "
                                    "Type <b>{{ word }}</b> and press the red button to go ahead.</div>",
                                    what=what, word=CONFIRM_WORD)
        self.word.value = ""
        self.confirm.disabled = True
        self.confirmation.layout.display = ""
        self.message.value = ""

    def _check_word(self) -> None:
        self.confirm.disabled = self.word.value.strip().lower() != CONFIRM_WORD

    def forget(self) -> None:
        """Delete, if the confirmation word was typed."""
        if self.word.value.strip().lower() != CONFIRM_WORD or self.confirmation.layout.display == "none":
            self.message.value = _message("error", f"Type {CONFIRM_WORD} to confirm; nothing was deleted.")
            return
        workbook, field, what = self._target()
        self.wb.saver.flush()
        removed = self.wb.store.delete(self.wb.profile, workbook, field)
        self.wb.refresh()
        self.close_confirmation(f"Forgotten: {what} ({removed} saved version{'s' if removed != 1 else ''}).",
                                kind="ok")

    def close_confirmation(self, text: str, kind: str = "info") -> None:
        self.confirmation.layout.display = "none"
        self.word.value = ""
        self.confirm.disabled = True
        self.message.value = _message(kind, text) if text else ""


def forget(wb) -> ForgetPanel:
    """Delete one answer, one workbook or the whole profile, each behind a typed confirmation."""
    return ForgetPanel(wb)
