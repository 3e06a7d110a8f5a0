"""Panels of workbook 09: follow-ups due, CSV import and download of contacts."""

from __future__ import annotations

import base64
import datetime as _dt
import html

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


class ContactImport(w.VBox):
    """Upload a CSV file of contacts: checked row by row, merged into the contacts answer, or refused whole."""

    def __init__(self, wb):
        self.wb = wb
        self.upload = w.FileUpload(accept=".csv,text/csv", multiple=False, description="Import a CSV file")
        self.upload.observe(self._uploaded, "value")
        self.result = w.HTML()
        self.result.add_class("ck-message")
        columns = ", ".join(f.label for f in network.contacts_field().fields)
        hint = w.HTML(
            "<div class='ck-help'>A spreadsheet saved as CSV, with a header row. careerkit reads these columns: "
            f"{html.escape(columns)}. Only Name is required; dates are year-month-day (2026-03-31) and "
            "strength is 1 to 5. Contacts with the same name and organisation as one you have are updated, "
            f"not doubled. Up to {network.MAX_CSV_BYTES // 1_000_000} MB.</div>"
        )
        super().__init__([hint, self.upload, self.result])
        self.add_class("ck-contact-import")

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
            found = network.read_contacts_csv(network.decode_csv(data))
        except network.ContactImportError as exc:
            self._show_errors(name, exc)
            return
        if not found.rows:
            self.result.value = "<div class='ck-error' role='alert'>⚠ No contacts found in this file (only a header?).</div>"
            return
        rows, added, updated = network.merge_contacts(self.wb.answers.rows(f"{WB}.contacts"), found.rows)
        try:
            self.wb.save("contacts", rows)
        except (InvalidAnswer, StoreError) as exc:
            self.result.value = (f"<div class='ck-error' role='alert'>⚠ Nothing was imported: "
                                 f"{html.escape(str(exc))}</div>")
            return
        unchanged = len(found.rows) - added - updated
        parts = [f"{added} new contact{'' if added == 1 else 's'} added", f"{updated} updated"]
        if unchanged:
            parts.append(f"{unchanged} already up to date")
        note = ""
        if found.ignored_columns:
            note = ("<br><span class='ck-muted'>Columns left aside: "
                    + html.escape(", ".join(found.ignored_columns)) + ".</span>")
        self.result.value = (f"<div class='ck-status ck-saved' role='status'>✓ Imported {html.escape(name)}: "
                             f"{', '.join(parts)}. You now have {len(network.contacts(self.wb.answers))} contacts.{note}</div>")

    def _show_errors(self, name: str, exc: network.ContactImportError) -> None:
        items = "".join(f"<li>{html.escape(e)}</li>" for e in exc.errors[:50])
        more = f"<li>… and {len(exc.errors) - 50} more.</li>" if len(exc.errors) > 50 else ""
        self.result.value = (
            f"<div class='ck-error' role='alert'>⚠ {html.escape(name)}: {html.escape(exc.summary)}</div>"
            + (f"<ul class='ck-import-errors'>{items}{more}</ul>" if items else "")
            + "<div class='ck-muted'>Fix these in your spreadsheet, save it as CSV again and re-import it.</div>"
        )


@register(WB, "contacts_import")
def contacts_import(wb) -> w.Widget:
    """The CSV import tool."""
    return ContactImport(wb)
