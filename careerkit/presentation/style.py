"""careerkit's look: one stylesheet and the workbook header, as HTML."""

from __future__ import annotations

import functools
import html

import ipywidgets as w

from careerkit.core import content
from careerkit.widgets import a11y

__all__ = ["CSS", "stylesheet", "header_html", "nav_html", "progress_bar_html"]

CSS = """
.ck-header { width: 100%; }
.ck-banner { background: linear-gradient(90deg, #0b4f71, #136f63); color: #fff; border-radius: 10px;
  padding: 14px 18px; margin: 4px 0 8px 0; font-family: inherit; }
.ck-banner h1 { font-size: 1.5em; margin: 2px 0 4px 0; color: #fff; line-height: 1.25; }
.ck-banner .ck-kicker { text-transform: uppercase; letter-spacing: .06em; font-size: .8em; opacity: .85; }
.ck-banner p { margin: 4px 0; color: #eef6f5; }
.ck-banner a { color: #fff; }
.ck-nav { display: flex; justify-content: space-between; gap: 1em; margin-top: 8px; font-size: .92em; }
.ck-bar { background: rgba(255,255,255,.25); border-radius: 6px; height: 10px; overflow: hidden; margin: 6px 0 2px 0; }
.ck-bar > div { background: #ffd166; height: 100%; }
.ck-where { font-size: .82em; opacity: .85; }
.ck-label { font-weight: 600; font-size: 1.02em; display: block; margin-top: 10px; }
.ck-sublabel { font-weight: 600; font-size: .88em; display: block; color: #333; }
.ck-help { color: #555; font-size: .92em; margin: 0 0 4px 0; line-height: 1.4; }
.ck-intro { color: #333; margin: 4px 0 6px 0; }
.ck-message { min-height: 1.2em; font-size: .88em; }
.ck-error { color: #b00020; font-weight: 600; }
.ck-status.ck-saved { color: #1b7f3b; }
.ck-status.ck-saving { color: #777; }
.ck-status.ck-error { color: #b00020; }
.ck-anchors { display: flex; justify-content: space-between; max-width: 34em; color: #555; font-size: .85em; }
.ck-form { border-left: 4px solid #136f63; padding: 2px 0 8px 14px; margin: 6px 0 14px 0; }
.ck-row { border: 1px solid #d9dee4; border-radius: 8px; padding: 6px 10px; margin: 6px 0; background: #fbfcfd; }
.ck-row-title { color: #0b4f71; }
.ck-row .ck-field { width: auto; min-width: 0; }
.ck-row .widget-text, .ck-row .widget-textarea, .ck-row .widget-tagsinput { width: 100% !important; }
.ck-row .ck-type-longtext, .ck-row .ck-type-tags { grid-column: 1 / -1; }
.ck-chart { margin: 6px 0; max-width: 100%; overflow-x: auto; }
.ck-chart svg { max-width: 100%; height: auto; }
.ck-chart-drawing { min-height: 12em; display: flex; align-items: center; justify-content: center; color: #4a5560; background: #f7f9fb; border-radius: 8px; }
.ck-chart-empty { border: 1px dashed #b8c2cc; border-radius: 8px; padding: 14px; color: #4a5560; background: #f7f9fb; margin: 6px 0; }
.ck-panel { width: 100%; }
.ck-card { border: 1px solid #d9dee4; border-radius: 8px; padding: 8px 12px; margin: 6px 0; background: #fff; }
.ck-card h4 { margin: 0 0 4px 0; }
.ck-muted { color: #666; font-size: .88em; }
.ck-attribution { color: #666; font-size: .78em; margin-top: 8px; line-height: 1.35; }
.ck-progress-table td { padding: 3px 8px; vertical-align: middle; }
.ck-progress-table .ck-bar { background: #e6ebef; width: 12em; }
.ck-progress-table .ck-bar > div { background: #136f63; }
.widget-toggle-button.mod-active, .jupyter-button.mod-active { background: #136f63 !important; color: #fff !important; box-shadow: none; }
.widget-toggle-button:focus-visible, .jupyter-button:focus-visible { outline: 2px solid #ffb000; outline-offset: 1px; }
.widget-tagsinput { border: 1px solid #c5ccd3; border-radius: 4px; min-height: 2.2em; padding: 2px 4px; }
.ck-notice { background: #fff6d6; border: 1px solid #e8c95a; border-radius: 8px; padding: 10px 14px; margin: 6px 0; }
.ck-badge { display: inline-block; border-radius: 4px; padding: 0 6px; font-size: .78em; font-weight: 600; }
.ck-hot { background: #fde2d2; color: #6b2800; }
.ck-in-demand { background: #d8efe9; color: #0b4f46; }
.ck-occupation-detail h5 { margin: 10px 0 2px 0; font-size: 1em; }
.ck-baseline { background: #f2f6f9; border-left: 3px solid #136f63; padding: 4px 10px; margin: 4px 0; }
"""


@functools.cache
def _css_html() -> str:
    # the form rules of careerkit.widgets.a11y (labels, messages, error summary) follow the look
    return f"<style>{CSS}{a11y.CSS}</style>"


def stylesheet() -> w.HTML:
    """A widget that carries careerkit's stylesheet (harmless if shown twice)."""
    return w.HTML(_css_html(), layout=w.Layout(display="none"))


def progress_bar_html(answered: int, total: int) -> str:
    """A small progress bar with an accessible text equivalent."""
    share = 0 if not total else round(100 * answered / total)
    return (f"<div class='ck-bar' role='progressbar' aria-valuenow='{share}' aria-valuemin='0' "
            f"aria-valuemax='100' title='{answered} of {total} answered'><div style='width:{share}%'></div></div>")


def nav_html(workbook: content.Workbook, query: str = "") -> str:
    """Links to the previous and next workbooks (relative, so they work in JupyterLab and Voilà).

    ``query`` (like ``"s=…"``) is added to every link, so a workshop session carries over.
    """
    ids = content.workbook_ids()
    index = ids.index(workbook.id)
    suffix = html.escape(f"?{query}") if query else ""
    parts = []
    if index > 0:
        prev = content.workbook(ids[index - 1])
        parts.append(f"<a href='{prev.notebook}{suffix}'>← {prev.number:02d} {html.escape(prev.title)}</a>")
    else:
        parts.append("<span></span>")
    if index + 1 < len(ids):
        nxt = content.workbook(ids[index + 1])
        parts.append(f"<a href='{nxt.notebook}{suffix}'>{nxt.number:02d} {html.escape(nxt.title)} →</a>")
    return f"<nav class='ck-nav'>{''.join(parts)}</nav>"


def header_html(workbook: content.Workbook, progress: tuple[int, int], profile: str, where: str,
                query: str = "") -> str:
    """The banner at the top of a workbook."""
    answered, total = progress
    kicker = workbook.strategy
    bar = progress_bar_html(answered, total) if total else ""
    counts = f"{answered} of {total} questions answered · " if total else ""
    if query:
        # on a shared workshop server: neither the profile id nor the server's files are the visitor's business
        where_text = "your answers are saved as you type, privately"
    else:
        where_text = (f"answers are saved as you type, for profile “{html.escape(profile)}”, "
                      f"in {html.escape(_describe(where))}")
    return (
        "<div class='ck-banner'>"
        f"<div class='ck-kicker'>{html.escape(kicker)}</div>"
        f"<h1>{html.escape(workbook.title)}</h1>"
        f"<p>{html.escape(workbook.summary)}</p>"
        f"{bar}<div class='ck-where'>{counts}about {workbook.minutes} minutes · {where_text}</div>"
        f"{nav_html(workbook, query)}</div>"
    )


def _describe(url: str) -> str:
    if url.startswith("sqlite:///"):
        return url[len("sqlite:///"):]
    scheme = url.split("://", 1)[0]
    if scheme in ("http", "https"):
        return "the careerkit service of this hub"
    return f"a {scheme.split('+')[0]} database"
