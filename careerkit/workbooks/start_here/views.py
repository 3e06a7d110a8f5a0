"""Panels of workbook 00: progress across the workbooks, where answers are kept, and the
report, restore, history and forget panels (shared with 11, built in the presentation layer)."""

from __future__ import annotations

from markupsafe import Markup

from careerkit.core import content
from careerkit.core.answers import progress
from careerkit.core.storage.storefront import home
from careerkit.presentation.style import progress_bar_html
from careerkit.presentation.views import report
from careerkit.presentation.views.core import register, render
from careerkit.workbooks.start_here import workshop as _workshop  # noqa: F401 (registers "binder" and "workshop")

WB = "00_start_here"

register(WB, "download_report")(report.download_report)
register(WB, "restore")(report.restore)
register(WB, "history")(report.history_view)
register(WB, "forget")(report.forget)

_PROGRESS = """
<table class='ck-progress-table'>
{% for row in rows %}
<tr>
  <td>{{ "%02d" | format(row.number) }}</td>
  <td><a href='{{ row.notebook }}{{ suffix }}'>{{ row.title }}</a><br><span class='ck-muted'>{{ row.strategy }}</span></td>
  <td>{{ row.bar }}</td>
  <td class='ck-muted'>{{ row.answered }} of {{ row.total }}{% if row.total and row.answered == row.total %} ✓{% endif %}</td>
</tr>
{% endfor %}
</table>
<p class='ck-muted'>Overall: {{ answered }} of {{ total }} questions answered ({{ share }}%).</p>
"""


@register(WB, "progress")
def progress_table(wb) -> str:
    """Share of questions answered in each workbook, with a link to open it."""
    rows = []
    for book in content.workbooks():
        if book.id == WB:
            continue
        answered, total = progress(wb.answers, book.id)
        rows.append({"number": book.number, "title": book.title, "strategy": book.strategy,
                     "notebook": book.notebook, "answered": answered, "total": total,
                     "bar": Markup(progress_bar_html(answered, total))})
    answered = sum(r["answered"] for r in rows)
    total = sum(r["total"] for r in rows)
    query = getattr(wb, "link_query", "")
    return render(_PROGRESS, rows=rows, answered=answered, total=total, suffix=f"?{query}" if query else "",
                  share=round(100 * answered / total) if total else 0)


_WHERE = """
<div class='ck-card'>
<h4>Where your answers are kept</h4>
<p>Profile <b>{{ profile }}</b>, in {{ where }}.</p>
{% if sqlite %}<p class='ck-muted'>This is one file on this computer. Nobody else sees it unless you share it.
The folder is <code>{{ folder }}</code>; set <code>CAREERKIT_HOME</code> to keep it somewhere else.</p>{% endif %}
</div>
"""


@register(WB, "where")
def where(wb) -> str:
    """Which profile is answering and where its answers are stored."""
    url = wb.store.url
    sqlite = url.startswith("sqlite:///")
    shown = url[len("sqlite:///"):] if sqlite else "a shared " + url.split("://")[0].split("+")[0] + " database"
    return render(_WHERE, profile=wb.profile, where=shown, sqlite=sqlite, folder=str(home()))
