"""Panels of workbook 09: follow-ups due, CSV import and download of contacts."""

from __future__ import annotations

import base64
import datetime as _dt

import ipywidgets as w

from careerkit.core.logic import network
from careerkit.core.storage.storefront import StoreError
from careerkit.core.validation import InvalidAnswer
from careerkit.presentation.views.core import register, render

WB = network.WB

_FOLLOW_UPS = """
{% if not any_contacts %}
<div class='ck-chart-empty'>Add a few contacts above, with a next follow-up date, and the ones that are due will appear here first.</div>
{% else %}
<div class='ck-card'>
<h4>Follow-ups due</h4>
{% if due %}
<ul>
{% for f in due %}
  <li>{% if f.status == 'overdue' %}<b class='ck-error'>Overdue by {{ -f.days }} day{{ '' if f.days == -1 else 's' }}</b>
  {% elif f.status == 'today' %}<b>Due today</b>{% else %}In {{ f.days }} day{{ '' if f.days == 1 else 's' }}{% endif %}
  · <b>{{ f.name }}</b>{% if f.organisation %} ({{ f.organisation }}){% endif %} · {{ f.date }}
  {% if f.notes %}<br><span class='ck-muted'>{{ f.notes | truncate(160) }}</span>{% endif %}</li>
{% endfor %}
</ul>
<p class='ck-muted'>After you get in touch, update their “Last contact” and set the next follow-up date.</p>
{% else %}
<p>Nothing due in the next {{ horizon }} days. A good moment to reach out to someone new.</p>
{% endif %}
</div>
{% if quiet %}
<div class='ck-card'>
<h4>Gone quiet</h4>
<p class='ck-muted'>No follow-up planned and no contact for three months or more. A short note (“I saw this and thought of you”) is enough to keep the thread alive.</p>
<ul>
{% for q in quiet[:8] %}
  <li><b>{{ q.name }}</b>{% if q.organisation %} ({{ q.organisation }}){% endif %} ·
  {% if q.days is none %}no contact date yet{% else %}last contact {{ q.last_contact }}{% endif %}</li>
{% endfor %}
</ul>
{% if quiet | length > 8 %}<p class='ck-muted'>and {{ quiet | length - 8 }} more.</p>{% endif %}
</div>
{% endif %}
{% endif %}
{% if elsewhere %}
<div class='ck-card'>
<h4>People from earlier workbooks, not in your contacts yet</h4>
<ul>{% for p in elsewhere[:10] %}<li><b>{{ p.name }}</b>{% if p.detail %} · {{ p.detail }}{% endif %} <span class='ck-muted'>({{ p.where }})</span></li>{% endfor %}</ul>
<p class='ck-muted'>Worth adding if you want to keep in touch after the conversation.</p>
</div>
{% endif %}
{% if unlisted %}
<div class='ck-card'>
<h4>Met at events, not in your contacts yet</h4>
<ul>{% for p in unlisted %}<li><b>{{ p.name }}</b>{% if p.event %} · {{ p.event }}{% endif %}</li>{% endfor %}</ul>
<p class='ck-muted'>Add them above while the conversation is fresh.</p>
</div>
{% endif %}
"""


def _elsewhere(wb) -> list[dict]:
    try:
        return network.known_elsewhere(wb.answers)
    except ImportError:  # the mentorship workbook is not installed here
        return []


@register(WB, "follow_ups")
def follow_ups(wb, today: _dt.date | None = None) -> str:
    """Follow-ups overdue and due soon (listed first), contacts gone quiet, and people met at events."""
    horizon = 14
    return render(
        _FOLLOW_UPS,
        any_contacts=bool(network.contacts(wb.answers)),
        due=network.follow_ups(wb.answers, today, horizon=horizon),
        quiet=network.gone_quiet(wb.answers, today),
        unlisted=network.met_not_listed(wb.answers),
        elsewhere=_elsewhere(wb),
        horizon=horizon,
    )


_DOWNLOAD = """
{% if count %}
<a class='jupyter-button widget-button mod-primary ck-download' download='{{ filename }}' href='{{ href }}'
   style='display:inline-flex;align-items:center;padding:0 12px;text-decoration:none;line-height:28px'>
   ⬇ Download my {{ count }} contact{{ '' if count == 1 else 's' }} as CSV</a>
<span class='ck-muted'>Opens in any spreadsheet. Keep it somewhere safe: it holds other people's details.</span>
{% else %}
<div class='ck-chart-empty'>Once you have added contacts, a download button appears here.</div>
{% endif %}
"""


@register(WB, "contacts_download")
def contacts_download(wb) -> str:
    """A button that downloads the contacts as a CSV file, built here so no server call is needed."""
    rows = network.contacts(wb.answers)
    data = network.contacts_to_csv(rows).encode("utf-8-sig")
    href = "data:text/csv;charset=utf-8;base64," + base64.b64encode(data).decode("ascii")
    return render(_DOWNLOAD, count=len(rows), href=href, filename="my-contacts.csv")


#: The rows left out of an import, the first fifty of them listed.
_ERROR_ITEMS = ("{% for e in errors[:50] %}<li>{{ e }}</li>{% endfor %}"
                "{% if errors|length > 50 %}<li>… and {{ errors|length - 50 }} more.</li>{% endif %}")


class ContactImport(w.VBox):
    """Upload a CSV file of contacts: checked row by row, good rows merged into the contacts answer,
    bad rows listed by their row number."""

    def __init__(self, wb):
        self.wb = wb
        self.upload = w.FileUpload(accept=".csv,text/csv,.txt", multiple=False, description="Import a CSV file")
        self.upload.observe(self._uploaded, "value")
        orders = [(label, key) for key, (label, _example) in network.DATE_ORDERS.items()]
        examples = {key: example for key, (_label, example) in network.DATE_ORDERS.items()}
        saved = wb.answers.get_answer(f"{WB}.import_date_order") or "ymd"
        self.date_order = w.Dropdown(options=[(f"{label} ({examples[key]})", key) for label, key in orders],
                                     value=saved if saved in examples else "ymd",
                                     description="Dates in the file", style={"description_width": "initial"})
        self.date_order.observe(self._order_changed, "value")
        self.result = w.HTML()
        self.result.add_class("ck-message")
        columns = ", ".join(f.label for f in network.contacts_field().fields)
        hint = w.HTML(render(
            "<div class='ck-help'>A spreadsheet saved as CSV (commas, semicolons or tabs), or LinkedIn's "
            "<i>Connections.csv</i> just as LinkedIn exports it. careerkit reads these columns: "
            "{{ columns }}; LinkedIn's “Company”, “Position” and “Connected On” too. Only a name is "
            "required, and strength is 1 to 5. Choose how your file writes dates; 2026-09-18 and "
            "18 Sep 2026 are read either way. A row with a problem is left out and listed by its row number; "
            "the others come in. Contacts with the same name and organisation as one you have are updated, "
            "not doubled. Up to {{ megabytes }} MB.</div>", columns=columns, megabytes=network.MAX_CSV_BYTES // 1_000_000
        ))
        super().__init__([hint, self.date_order, self.upload, self.result])
        self.add_class("ck-contact-import")

    def _order_changed(self, change) -> None:
        try:
            self.wb.save("import_date_order", change["new"])
        except (InvalidAnswer, StoreError) as exc:
            self.result.value = render("<div class='ck-error' role='alert'>⚠ {{ message }}</div>", message=str(exc))

    def _uploaded(self, change) -> None:
        files = change["new"]
        if not files:
            return
        item = files[0]
        try:
            self.import_bytes(bytes(item["content"]), str(item.get("name") or "file"))
        finally:
            self.upload.unobserve(self._uploaded, "value")
            self.upload.value = ()
            self.upload.observe(self._uploaded, "value")

    def import_bytes(self, data: bytes, name: str = "file") -> None:
        """Import contacts from the bytes of a CSV file and say what happened."""
        try:
            found = network.read_contacts_csv(network.decode_csv(data), date_order=self.date_order.value)
        except network.ContactImportError as exc:
            self._show_errors(name, exc)
            return
        if not found.rows:
            self.result.value = render("<div class='ck-error' role='alert'>⚠ No contacts could be imported from this "
                                       "file.</div>{{ errors_html|safe }}", errors_html=self._row_errors(found.errors))
            return
        rows, added, updated = network.merge_contacts(self.wb.answers.rows(f"{WB}.contacts"), found.rows)
        try:
            kept = self.wb.save("contacts", rows)
        except (InvalidAnswer, StoreError) as exc:
            self.result.value = render("<div class='ck-error' role='alert'>⚠ Nothing was imported: "
                                       "{{ message }}</div>", message=str(exc))
            return
        unchanged = len(found.rows) - added - updated
        parts = [f"{added} new contact{'' if added == 1 else 's'} added", f"{updated} updated"]
        if unchanged:
            parts.append(f"{unchanged} already up to date")
        if kept is None:  # the answers file is busy: held, and the workbook says so
            from careerkit.presentation.workbook import HELD

            parts.append(HELD)
        mark, kind = ("✓ ", "ck-saved") if kept is not None else ("", "ck-held")
        self.result.value = render(
            "<div class='ck-status {{ kind }}' role='status'>{{ mark }}Imported {{ name }}: "
            "{{ parts|join(', ') }}. You now have {{ total }} contacts."
            "{% if source %}<br><span class='ck-muted'>Read as a {{ source }} export.</span>{% endif %}"
            "{% if ignored %}<br><span class='ck-muted'>Columns left aside: {{ ignored|join(', ') }}.</span>{% endif %}"
            "</div>{{ errors_html|safe }}",
            kind=kind, mark=mark, name=name, parts=parts, total=len(network.contacts(self.wb.answers)),
            source=found.source, ignored=found.ignored_columns, errors_html=self._row_errors(found.errors))

    @staticmethod
    def _row_errors(errors: list[str]) -> str:
        if not errors:
            return ""
        return render("<div class='ck-error' role='alert'>⚠ {{ errors|length }} row{{ '' if errors|length == 1 else 's' }}"
                      " left out (rows are numbered as in a spreadsheet, the header being the row of column names):</div>"
                      "<ul class='ck-import-errors'>" + _ERROR_ITEMS + "</ul>"
                      "<div class='ck-muted'>Fix these rows in your spreadsheet and import the file again: the contacts "
                      "already in are updated, not doubled.</div>", errors=list(errors))

    def _show_errors(self, name: str, exc: network.ContactImportError) -> None:
        self.result.value = render(
            "<div class='ck-error' role='alert'>⚠ {{ name }}: {{ summary }}</div>"
            "{% if errors %}<ul class='ck-import-errors'>" + _ERROR_ITEMS + "</ul>{% endif %}"
            "<div class='ck-muted'>Fix these in your spreadsheet, save it as CSV again and re-import it.</div>",
            name=name, summary=exc.summary, errors=list(exc.errors))


@register(WB, "contacts_import")
def contacts_import(wb) -> w.Widget:
    """The CSV import tool."""
    return ContactImport(wb)
