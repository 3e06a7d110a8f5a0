""""My career compass": everything a person answered, as one file to keep.

The report is built from the workbook descriptions alone, so every workbook,
present or added later, appears without code of its own: for each workbook, each
section and answered question (records as tables, tags as lists, scales as "4 / 5"
with their anchors, rankings in order, choices by their labels), then the
workbook's charts drawn as static SVG (offline, no JavaScript). Ahead of the answers,
"Your compass at a glance" (:class:`Summary`) sums up what they add up to: the honest
verdict on the interest profile (no code for a flat one), the strengths others see, the
first-hand evidence for each option in the running beside its interest fit, values
alignment and matrix score, and the pre-mortem of the leading option.

Three forms, one content:

- :func:`html` — one self-contained HTML file (charts inline as images, a print
  stylesheet with page breaks between workbooks, A4 or Letter), built by Jinja2 with
  autoescaping so anything a person typed stays text;
- :func:`markdown` — the same in Markdown, every typed character escaped;
- :func:`pdf` — the HTML printed by a headless Chromium, when one is installed.

When O*NET data appears the O*NET credit (modified form) is included, and every
report carries its date and the careerkit version.
"""

from __future__ import annotations

import base64
import datetime as _dt
import functools
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field as dc_field
from pathlib import Path
from typing import Any

from careerkit.core import content
from careerkit._version import __version__
from careerkit.core.answers import Answers, progress
from careerkit.core.content import Field
from careerkit.core.validation import is_empty

__all__ = [
    "ONET_WORKBOOKS",
    "Report",
    "ReportError",
    "build",
    "find_chromium",
    "html",
    "markdown",
    "md_escape",
    "pdf",
    "write",
]

#: Workbooks whose answers are drawn from, or scored against, O*NET occupation data.
ONET_WORKBOOKS = frozenset({"01_self_reflection", "02_explore_roles"})

_SOC_CODE = re.compile(r"^\d{2}-\d{4}\.\d{2}$")
#: Runs of at least this many scale questions in a section are shown as one compact table.
_SCALE_RUN = 3

Progress = Callable[[int, int, str], None]


class ReportError(RuntimeError):
    """The report could not be made in the form asked for; the message says what is needed."""


# -- the content of a report --------------------------------------------------------------

@dataclass
class Item:
    """One answered question, ready to show.

    ``kind`` says how: ``text`` (one line), ``paragraphs``, ``list``, ``ordered``,
    ``scale`` (``text`` like "4 / 5", ``note`` the anchors) or ``table``.
    """

    label: str
    kind: str
    text: str = ""
    note: str = ""
    items: list[str] = dc_field(default_factory=list)
    headers: list[str] = dc_field(default_factory=list)
    rows: list[list[str]] = dc_field(default_factory=list)
    #: whether the answer names O*NET occupations (so the credit must be shown)
    onet: bool = False


@dataclass
class Figure:
    title: str
    svg: str

    @property
    def data_uri(self) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(self.svg.encode("utf-8")).decode("ascii")


@dataclass
class SectionBlock:
    title: str
    items: list[Item]


@dataclass
class WorkbookBlock:
    id: str
    number: int
    title: str
    strategy: str
    answered: int
    total: int
    sections: list[SectionBlock] = dc_field(default_factory=list)
    figures: list[Figure] = dc_field(default_factory=list)

    @property
    def started(self) -> bool:
        return bool(self.sections)


@dataclass
class Evidence:
    """What first-hand evidence (workbooks 2, 6 and 8) says about one option in the running."""

    option: str
    fit: float | None
    alignment: float | None
    matrix: float | None
    count: int
    energy: float | None
    fit_in_practice: float | None
    #: each piece: ``kind``, ``label``, ``energy``, ``fit`` and ``learned``
    items: list[dict[str, Any]] = dc_field(default_factory=list)


@dataclass
class Summary:
    """The compass at a glance: what the answers add up to, ahead of the answers themselves.

    ``interests`` is the honest verdict on the interest profile (``kind``, ``code``,
    ``headline``, ``text``, ``ties``, ``guidance``), ``None`` before enough is rated;
    ``strengths`` the strengths others see (workbook 8); ``evidence`` one entry per option
    in the running (workbook 10); ``leading`` the option leading now, with its
    ``premortem`` and ``must_be_true`` answers as paragraphs (workbook 10).
    """

    interests: dict[str, Any] | None = None
    strengths: list[dict[str, Any]] = dc_field(default_factory=list)
    evidence: list[Evidence] = dc_field(default_factory=list)
    leading: str = ""
    premortem: list[str] = dc_field(default_factory=list)
    must_be_true: list[str] = dc_field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.interests or self.strengths or self.evidence or self.premortem or self.must_be_true)


@dataclass
class Report:
    """Everything one report shows, independent of its file format."""

    title: str
    name: str
    made_at: _dt.datetime
    as_of: str
    version: str
    workbooks: list[WorkbookBlock]
    onet: bool
    onet_attribution: str
    onet_license: str
    problems: list[str] = dc_field(default_factory=list)
    summary: Summary = dc_field(default_factory=Summary)

    @property
    def started(self) -> list[WorkbookBlock]:
        return [b for b in self.workbooks if b.started]


def build(
    answers: Answers, *, as_of: str = "", charts: bool = True, progress_cb: Progress | None = None,
    now: _dt.datetime | None = None,
) -> Report:
    """Gather the report of ``answers``: every workbook, answered question and chart.

    ``as_of`` names the moment the answers are from (a check-in) when not today.
    ``progress_cb(done, total, what)`` hears about each chart drawn (they take a moment).
    A chart that fails to draw is left out and noted in ``Report.problems``.
    """
    from careerkit.core import onet

    books = content.workbooks()
    blocks = []
    for book in books:
        answered, total = progress(answers, book.id)
        block = WorkbookBlock(book.id, book.number, book.title, book.strategy, answered, total)
        for section in book.sections:
            items = _section_items(section.fields, answers[book.id])
            if items:
                block.sections.append(SectionBlock(section.title, items))
        blocks.append(block)
    problems: list[str] = []
    summary = _summary(answers, problems)
    if charts:
        _draw_charts(books, blocks, answers, problems, progress_cb)
    uses_onet = any(b.started and b.id in ONET_WORKBOOKS for b in blocks) or _mentions_onet(blocks)
    name = answers.get_answer("00_start_here.preferred_name", "") or ""
    title = f"{name}'s career compass" if name else "My career compass"
    return Report(
        title=title, name=name, made_at=now or _dt.datetime.now().astimezone(), as_of=as_of,
        version=__version__, workbooks=blocks, onet=uses_onet,
        onet_attribution=onet.ATTRIBUTION, onet_license=onet.LICENSE_URL, problems=problems, summary=summary,
    )


def _paragraphs(value: Any) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", str(value or "")) if p.strip()]


def _summary(answers: Answers, problems: list[str]) -> Summary:
    """What workbooks 01, 08 and 10 make of the answers (see :class:`Summary`).

    A part that cannot be worked out (a workbook's logic not installed) is left out and
    noted in ``problems``, like a chart that cannot be drawn.
    """
    summary = Summary()
    try:
        from careerkit.core.logic import derived, riasec

        verdict = riasec.verdict(derived.interest_profile(answers))
        if verdict.kind != "none":
            summary.interests = {"kind": verdict.kind, "code": verdict.code, "headline": verdict.headline,
                                 "text": verdict.text, "ties": verdict.ties, "guidance": list(verdict.guidance)}
    except Exception as exc:  # one part must not stop the report
        problems.append(f"Your interest profile could not be summed up ({type(exc).__name__}); it is left out.")
    try:
        from careerkit.core.logic import adaptability

        summary.strengths = adaptability.reflected_strengths(answers)
    except Exception as exc:
        problems.append(f"The strengths others see could not be summed up ({type(exc).__name__}); they are left out.")
    try:
        from careerkit.core.logic import decision, values

        aligned = {decision.option_key(t): a for t, a in values.alignment(answers).items()}
        ranked = {decision.option_key(r["option"]): r for r in decision.ranking(answers)}
        for option, found in decision.evidence_by_option(answers).items():
            row = ranked.get(decision.option_key(option), {})
            summary.evidence.append(Evidence(
                option, row.get("fit"), aligned.get(decision.option_key(option)), row.get("score"),
                found["count"], found["energy"], found["fit"],
                [{k: item[k] for k in ("kind", "label", "energy", "fit", "learned")} for item in found["items"]]))
        summary.leading = decision.leading_option(answers)
        summary.premortem = _paragraphs(answers.get_answer(f"{decision.WB}.premortem"))
        summary.must_be_true = _paragraphs(answers.get_answer(f"{decision.WB}.must_be_true"))
    except Exception as exc:
        problems.append(f"The evidence and the pre-mortem of workbook 10 could not be summed up "
                        f"({type(exc).__name__}); they are left out.")
    return summary


def _draw_charts(books, blocks, answers, problems, progress_cb) -> None:
    from careerkit.presentation.charts import chart_for

    wanted = [(book, block, name) for book, block in zip(books, blocks) if block.started for name in book.charts]
    for done, (book, block, name) in enumerate(wanted, start=1):
        if progress_cb is not None:
            progress_cb(done, len(wanted), f"{book.id} · {name}")
        try:
            chart = chart_for(book.id, name, answers)
            if chart.is_empty:
                continue
            block.figures.append(Figure(chart.title or name.replace("_", " "), chart.svg()))
        except Exception as exc:  # one chart must not stop the report
            problems.append(f"The chart {name!r} of workbook {book.number:02d} could not be drawn "
                            f"({type(exc).__name__}); it is left out.")


def _mentions_onet(blocks: Iterable[WorkbookBlock]) -> bool:
    return any(item.onet for b in blocks for s in b.sections for item in s.items)


def _section_items(fields: Iterable[Field], given: dict[str, Any]) -> list[Item]:
    items: list[Item] = []
    run: list[tuple[Field, Any]] = []

    def close_run() -> None:
        if len(run) >= _SCALE_RUN:
            items.append(Item(label="Your ratings", kind="table", headers=["Question", "Your rating"],
                              rows=[[f.label, _scale_text(f, v, anchors=True)] for f, v in run]))
        else:
            items.extend(_item(f, v) for f, v in run)
        run.clear()

    for field in fields:
        if field.ui:
            continue
        value = given.get(field.id)
        if is_empty(value):
            continue
        if field.type == "scale":
            run.append((field, value))
            continue
        close_run()
        items.append(_item(field, value))
    close_run()
    return items


def _onet_title(text: str) -> str | None:
    if not _SOC_CODE.match(text):
        return None
    from careerkit.core import onet

    try:
        occ = onet.occupations().get(text)
    except Exception:  # the data is optional for a report
        return None
    return f"{occ.title} ({text})" if occ else None


def _item(field: Field, value: Any) -> Item:
    t = field.type
    item: Item
    if t == "longtext":
        paragraphs = [p.strip() for p in re.split(r"\n\s*\n", str(value)) if p.strip()]
        item = Item(field.label, "paragraphs", items=paragraphs)
    elif t == "scale":
        item = Item(field.label, "scale", text=_scale_text(field, value), note=_anchors(field))
    elif t in ("multichoice", "tags"):
        item = Item(field.label, "list", items=[_label(field, v) for v in value])
    elif t == "ranking":
        item = Item(field.label, "ordered", items=[_label(field, v) for v in value])
    elif t == "records":
        item = _table(field, value)
    else:
        item = Item(field.label, "text", text=_cell(field, value))
    item.onet = _has_onet(value)
    return item


def _has_onet(value: Any) -> bool:
    values = value if isinstance(value, list) else [value]
    for entry in values:
        cells = entry.values() if isinstance(entry, dict) else [entry]
        for cell in cells:
            for part in cell if isinstance(cell, list) else [cell]:
                if isinstance(part, str) and _SOC_CODE.match(part) and _onet_title(part):
                    return True
    return False


def _label(field: Field, value: Any) -> str:
    text = str(value)
    return field.choice_label(text) if field.choices else (_onet_title(text) or text)


def _anchors(field: Field) -> str:
    if not field.anchors:
        return ""
    return f"{int(field.min)} = {field.anchors[0]}, {int(field.max)} = {field.anchors[1]}"


def _scale_text(field: Field, value: Any, *, anchors: bool = False) -> str:
    text = f"{value} / {int(field.max)}" if field.max is not None else str(value)
    if anchors and field.anchors:
        text += f" ({_anchors(field)})"
    return text


def _cell(field: Field, value: Any) -> str:
    """A value as one piece of plain text (for a line or a table cell)."""
    if is_empty(value):
        return ""
    t = field.type
    if t == "choice":
        return field.choice_label(value)
    if t in ("multichoice", "tags", "ranking"):
        return ", ".join(_label(field, v) for v in value)
    if t == "scale":
        return _scale_text(field, value)
    if t == "date":
        try:
            day = _dt.date.fromisoformat(value)
            return f"{day.day} {day:%B %Y}"
        except (TypeError, ValueError):
            return str(value)
    if t == "number":
        return f"{value:,}{(' ' + field.unit) if field.unit else ''}" if isinstance(value, (int, float)) else str(value)
    return _onet_title(str(value)) or str(value)


def _table(field: Field, rows: list) -> Item:
    rows = [r for r in rows if isinstance(r, dict)]
    columns = [sub for sub in field.fields if any(not is_empty(r.get(sub.id)) for r in rows)]
    return Item(field.label, "table", headers=[c.label for c in columns],
                rows=[[_cell(c, r.get(c.id)) for c in columns] for r in rows])


# -- HTML ------------------------------------------------------------------------------------

@functools.cache
def _environment():
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("careerkit.presentation", "templates"),
        autoescape=True, trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
    )
    env.filters["day"] = lambda moment: f"{moment.day} {moment:%B %Y}"
    env.filters["score"] = _number
    env.filters["evidence"] = _evidence_line
    return env


def html(report: Report, *, paper: str | None = None) -> str:
    """The report as one self-contained HTML page (``paper``: ``"A4"``, ``"Letter"`` or None for the printer's)."""
    if paper is not None and paper.lower() not in ("a4", "letter"):
        raise ReportError("The paper size must be A4 or Letter.")
    size = {"a4": "A4", "letter": "letter"}.get((paper or "").lower(), "")
    return _environment().get_template("report.html.j2").render(report=report, paper=size)


# -- Markdown -------------------------------------------------------------------------------

_MD_INLINE = re.compile(r"([\\`*_\[\]{}|~!#])")
_MD_LINE_START = re.compile(r"^(\s*)([-+=]|\d+(?=[.)]))")


def md_escape(text: Any) -> str:
    """Text made safe for Markdown: shown exactly as typed, never as formatting, links or HTML."""
    out = []
    for line in str(text).split("\n"):
        line = _MD_INLINE.sub(r"\\\1", line)
        line = line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        # a line that would start a list or a heading underline: escape its marker
        line = _MD_LINE_START.sub(_escape_marker, line)
        out.append(line)
    return "  \n".join(out)


def _escape_marker(match: re.Match) -> str:
    lead, marker = match.group(1), match.group(2)
    return lead + (marker + "\\" if marker[0].isdigit() else "\\" + marker)


def _md_cell(text: str) -> str:
    return md_escape(text).replace("  \n", "<br>") or " "


def markdown(report: Report) -> str:
    """The report as Markdown (charts as inline SVG images)."""
    e = md_escape
    lines = [f"# {e(report.title)}", ""]
    lines.append(f"Made on {report.made_at.day} {report.made_at:%B %Y} with careerkit {e(report.version)}"
                 + (f", showing your answers as of {e(report.as_of)}." if report.as_of else "."))
    lines.append("")
    if not report.started:
        lines += ["Nothing has been answered yet. Open a workbook and your answers will appear here.", ""]
    lines += ["## Contents", ""]
    for b in report.workbooks:
        lines.append(f"- {b.number:02d} · {e(b.title)}: {b.answered} of {b.total} questions answered")
    lines.append("")
    if not report.summary.empty:
        lines += _md_summary(report.summary)
    for b in report.started:
        lines += [f"## {b.number:02d} · {e(b.title)}", "", f"*{e(b.strategy)}*", ""]
        for section in b.sections:
            lines += [f"### {e(section.title)}", ""]
            for item in section.items:
                lines += _md_item(item)
        for fig in b.figures:
            lines += [f"![{e(fig.title)}]({fig.data_uri})", ""]
    if report.onet:
        lines += ["---", "", f"{e(report.onet_attribution)} [CC BY 4.0]({report.onet_license})", ""]
    return "\n".join(lines).rstrip() + "\n"


def _number(value: float | None) -> str:
    """A score for a table cell: whole numbers for 0–100 scores, one decimal for 1–5 means."""
    if value is None:
        return "–"
    return f"{value:.0f}" if value > 5 else f"{value:g}"


def _md_summary(summary: Summary) -> list[str]:
    e = md_escape
    out = ["## Your compass at a glance", ""]
    i = summary.interests
    if i:
        out += ["### Your interests", ""]
        if i["code"]:
            out += [f"**{e(i['headline'])}.** {e(i['text'])}", ""]
            if i["ties"]:
                out += [e(i["ties"]), ""]
        else:
            out += [f"**{e(i['headline'])}.** {e(i['text'])}", ""]
            out += [f"- {e(g)}" for g in i["guidance"]] + [""]
    if summary.strengths:
        out += ["### How others see you at your best", ""]
        for s in summary.strengths:
            how = "in your own words" if s["confirmed"] else "a theme several people named"
            out.append(f"- **{e(s['strength'])}** ({e(how)}{'; ' + e(s['evidence']) if s['evidence'] else ''})")
        out.append("")
    if summary.evidence:
        out += ["### What you found out first-hand, for each option", "",
                "| Option | Interest fit | Values alignment | Decision matrix | Evidence | Energy | Fit in practice |",
                "|---|---|---|---|---|---|---|"]
        for o in summary.evidence:
            out.append(f"| {_md_cell(o.option)} | {_number(o.fit)} | {_number(o.alignment)} | {_number(o.matrix)} | "
                       f"{o.count or '–'} | {_number(o.energy)} | {_number(o.fit_in_practice)} |")
        out += ["", "Energy and fit in practice are the mean ratings (1–5) of the evidence about each option.", ""]
        for o in summary.evidence:
            if o.items:
                out += [f"**{e(o.option)}**", ""]
                out += [f"- {e(_evidence_line(item))}" for item in o.items]
                out.append("")
    if summary.premortem or summary.must_be_true:
        out += [f"### Before you commit to {e(summary.leading) if summary.leading else 'your leading option'}", ""]
        if summary.premortem:
            out += ["**A year from now this choice went wrong. What happened?**", ""]
            out += [x for p in summary.premortem for x in (e(p), "")]
        if summary.must_be_true:
            out += ["**What would have to be true for it to be the right choice**", ""]
            out += [x for p in summary.must_be_true for x in (e(p), "")]
    return out


def _evidence_line(item: dict[str, Any]) -> str:
    """One piece of evidence as plain text: what it was, what was learned, its ratings."""
    ratings = [f"{name} {item[key]}/5" for key, name in (("energy", "energy"), ("fit", "fit")) if item[key] is not None]
    text = f"{item['kind']}: {item['label']}"
    if item["learned"]:
        text += f". {item['learned']}"
    return text + (f" ({', '.join(ratings)})" if ratings else "")


def _md_item(item: Item) -> list[str]:
    e = md_escape
    out = [f"**{e(item.label)}**", ""]
    if item.kind == "paragraphs":
        for p in item.items:
            out += [e(p), ""]
    elif item.kind in ("list", "ordered"):
        for n, entry in enumerate(item.items, start=1):
            out.append(f"{n}. {e(entry)}" if item.kind == "ordered" else f"- {e(entry)}")
        out.append("")
    elif item.kind == "table":
        out.append("| " + " | ".join(_md_cell(h) for h in item.headers) + " |")
        out.append("|" + "---|" * len(item.headers))
        for row in item.rows:
            out.append("| " + " | ".join(_md_cell(c) for c in row) + " |")
        out.append("")
    elif item.kind == "scale":
        out += [e(item.text) + (f" ({e(item.note)})" if item.note else ""), ""]
    else:
        out += [e(item.text), ""]
    return out


# -- PDF -------------------------------------------------------------------------------------

def find_chromium() -> str | None:
    """A Chromium or Chrome to print with: ``CAREERKIT_CHROMIUM``, else one on PATH."""
    chosen = os.environ.get("CAREERKIT_CHROMIUM")
    if chosen:
        return chosen if os.access(chosen, os.X_OK) else None
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


PDF_NEEDS = ("Making a PDF needs Chromium or Google Chrome (for example `apt-get install chromium`, "
             "or set CAREERKIT_CHROMIUM to its path). Meanwhile, save the report as HTML, open it "
             "in any browser and choose Print → Save as PDF.")


def pdf(html_text: str, *, timeout: float = 120) -> bytes:
    """The HTML report printed to PDF by a headless Chromium; :class:`ReportError` when none is found."""
    browser = find_chromium()
    if browser is None:
        raise ReportError(PDF_NEEDS)
    with tempfile.TemporaryDirectory(prefix="careerkit-pdf-") as scratch:
        page = Path(scratch) / "report.html"
        out = Path(scratch) / "report.pdf"
        page.write_text(html_text, encoding="utf-8")
        command = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                   "--disable-background-networking", "--disable-extensions", "--no-pdf-header-footer",
                   f"--user-data-dir={Path(scratch) / 'profile'}", f"--print-to-pdf={out}", page.as_uri()]
        try:
            done = subprocess.run(command, capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            raise ReportError("Printing the report to PDF took too long; save it as HTML and print from a browser.") \
                from None
        except OSError as exc:
            raise ReportError(f"Could not start {browser} to print the PDF ({exc.strerror}). {PDF_NEEDS}") from None
        if not out.exists() or out.stat().st_size == 0:
            detail = done.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["no output"]
            raise ReportError(f"The browser could not print the PDF ({detail[0][:160]}).")
        return out.read_bytes()


# -- one call for the command line and the download buttons ------------------------------------

FORMATS = {".html": "html", ".htm": "html", ".md": "markdown", ".markdown": "markdown", ".pdf": "pdf"}


def write(answers: Answers, fmt: str, *, as_of: str = "", paper: str | None = None,
          progress_cb: Progress | None = None, charts: bool = True) -> tuple[bytes, Report]:
    """The report of ``answers`` as bytes in ``fmt`` (``html``, ``markdown`` or ``pdf``)."""
    if fmt not in ("html", "markdown", "pdf"):
        raise ReportError(f"Unknown report format {fmt!r}: choose html, markdown or pdf.")
    if fmt == "pdf" and find_chromium() is None:
        raise ReportError(PDF_NEEDS)
    report = build(answers, as_of=as_of, progress_cb=progress_cb, charts=charts)
    if fmt == "markdown":
        return markdown(report).encode("utf-8"), report
    page = html(report, paper=paper)
    if fmt == "pdf":
        return pdf(page), report
    return page.encode("utf-8"), report


def file_name(report: Report, fmt: str) -> str:
    """A sensible file name for a download, like ``career-compass-2026-11-05.html``."""
    ext = {"html": "html", "markdown": "md", "pdf": "pdf"}[fmt]
    return f"career-compass-{report.made_at:%Y-%m-%d}.{ext}"
