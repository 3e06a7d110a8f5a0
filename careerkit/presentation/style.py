"""careerkit's look: one stylesheet and the workbook header, as HTML."""

from __future__ import annotations

import functools

import ipywidgets as w

from careerkit.core import content
from careerkit.widgets.markup import render
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
/* a tag box's typing box stays shown, focused or not: adding a tag or leaving the box moves nothing below */
.ck-field .jupyter-widget-tagsinput > .widget-text { display: inline-block !important; width: auto !important;
  flex: 1 1 8em; min-width: 8em; margin: 1px; }
.ck-field .jupyter-widget-tagsinput > .widget-text > input { width: 100%; box-sizing: border-box; }
.ck-notice { background: #fff6d6; border: 1px solid #e8c95a; border-radius: 8px; padding: 10px 14px; margin: 6px 0; }
.ck-badge { display: inline-block; border-radius: 4px; padding: 0 6px; font-size: .78em; font-weight: 600; }
.ck-hot { background: #fde2d2; color: #6b2800; }
.ck-in-demand { background: #d8efe9; color: #0b4f46; }
.ck-occupation-detail h5 { margin: 10px 0 2px 0; font-size: 1em; }
.ck-baseline { background: #f2f6f9; border-left: 3px solid #136f63; padding: 4px 10px; margin: 4px 0; }
""" + """
/* A calmer look on one spacing scale (4, 8, 12, 16, 24, 32 px), system fonts in inputs,
   visible focus, targets of at least 24 px, and nothing wider than a phone's screen. */
:root { --ck-s1: 4px; --ck-s2: 8px; --ck-s3: 12px; --ck-s4: 16px; --ck-s5: 24px; --ck-s6: 32px;
  --ck-sans: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  --ck-focus: #1f2933; --ck-focus-on-dark: #ffd166; }
.ck-banner { padding: var(--ck-s4) var(--ck-s5); margin: var(--ck-s1) 0 var(--ck-s3) 0; }
.ck-form { padding: var(--ck-s1) 0 var(--ck-s3) var(--ck-s4); margin: var(--ck-s2) 0 var(--ck-s5) 0; }
.ck-label { margin-top: var(--ck-s4); }
.ck-help { margin: 0 0 var(--ck-s1) 0; }
.ck-row { padding: var(--ck-s2) var(--ck-s3); margin: var(--ck-s2) 0; }
.ck-card { padding: var(--ck-s2) var(--ck-s3); margin: var(--ck-s2) 0; }
.ck-chart { margin: var(--ck-s2) 0 var(--ck-s4) 0; }
.ck-chart-picture svg { display: block; max-width: 100%; height: auto; }
.ck-chart-text { font-size: .88em; color: #4a5560; margin-top: var(--ck-s1); }
.ck-chart-text summary { cursor: pointer; min-height: 24px; line-height: 24px; color: #0b4f71; }
.ck-chart-text p { margin: var(--ck-s1) 0 0 0; line-height: 1.45; }
.ck-header input, .ck-header textarea, .ck-header select, .ck-form input, .ck-form textarea, .ck-form select,
.ck-panel input, .ck-panel textarea, .ck-panel select, .widget-tagsinput, .ck-form .widget-tag-pill {
  font-family: var(--ck-sans) !important; font-size: 15px; box-sizing: border-box; max-width: 100%; }
.ck-form .widget-text input, .ck-form .widget-textarea textarea, .ck-panel .widget-text input,
.ck-panel .widget-textarea textarea { width: 100%; min-height: 32px; }
.ck-form .widget-text, .ck-form .widget-textarea, .ck-panel .widget-text, .ck-panel .widget-textarea {
  box-sizing: border-box; max-width: 100%; }
.ck-form input[type=checkbox], .ck-panel input[type=checkbox], .ck-form input[type=radio], .ck-panel input[type=radio] {
  width: 24px; height: 24px; margin: 0 var(--ck-s1) 0 0; flex: none; }
.ck-form .widget-radio-box label, .ck-panel .widget-radio-box label { height: auto !important; min-height: 24px;
  line-height: 1.35; padding: 2px 0; display: flex; align-items: center; gap: var(--ck-s1); }
.ck-form .jupyter-button, .ck-panel .jupyter-button, .ck-header .jupyter-button {
  min-height: 28px; max-width: 100%; font-family: var(--ck-sans); }
/* a button's words are never cut off: it grows to fit them (and wraps on a narrow screen) */
:is([class^="ck-"], [class*=" ck-"]) .jupyter-button:not(.widget-toggle-button) {
  width: auto !important; min-width: 2.5em; max-width: 100%; height: auto; min-height: 28px; flex: none;
  padding: var(--ck-s1) var(--ck-s3); white-space: normal; overflow: visible; text-overflow: clip; line-height: 1.3; }
:is([class^="ck-"], [class*=" ck-"]) .widget-hbox { flex-wrap: wrap; gap: var(--ck-s1); }
:is([class^="ck-"], [class*=" ck-"]) .widget-dropdown, :is([class^="ck-"], [class*=" ck-"]) .widget-text {
  max-width: 100%; }
.widget-toggle-buttons .widget-toggle-button { min-width: 2.75em; min-height: 28px; padding: 0 var(--ck-s2);
  text-overflow: clip; overflow: visible; }
.ck-header :focus-visible, .ck-form :focus-visible, .ck-panel :focus-visible, .ck-form input:focus, .ck-form textarea:focus,
.ck-panel input:focus, .ck-panel textarea:focus, .ck-form select:focus, .ck-panel select:focus,
.widget-toggle-button:focus-visible, .jupyter-button:focus-visible {
  outline: 3px solid var(--ck-focus) !important; outline-offset: 2px; }
.ck-banner :focus-visible { outline-color: var(--ck-focus-on-dark) !important; }
.ck-nav a { display: inline-block; min-height: 24px; line-height: 24px; }
.ck-header, .ck-form, .ck-panel, .ck-field, .ck-row, .ck-form .widget-box, .ck-panel .widget-box {
  max-width: 100%; min-width: 0; box-sizing: border-box; }
.ck-panel table { max-width: 100%; }
.ck-view-progress, .ck-panel .ck-table-wrap { overflow-x: auto; }
@media (max-width: 700px) {
  .ck-banner { padding: var(--ck-s3) var(--ck-s3); }
  .ck-nav { flex-direction: column; gap: var(--ck-s1); }
  .ck-form { padding-left: var(--ck-s2); }
  .ck-form .widget-hbox, .ck-panel .widget-hbox, .ck-form .widget-inline-hbox, .ck-panel .widget-inline-hbox {
    flex-wrap: wrap; }
  .ck-form .widget-inline-hbox > .widget-label, .ck-panel .widget-inline-hbox > .widget-label {
    width: 100% !important; max-width: 100% !important; text-align: left; }
  :is([class^="ck-"], [class*=" ck-"]) :is(.widget-dropdown, .widget-text, .widget-textarea, .widget-gridbox, .widget-select) {
    width: 100% !important; }
  :is([class^="ck-"], [class*=" ck-"]) .widget-gridbox { grid-template-columns: minmax(0, 1fr) !important; }
  :is([class^="ck-"], [class*=" ck-"]) .widget-inline-hbox { flex-wrap: wrap; }
  :is([class^="ck-"], [class*=" ck-"]) .widget-inline-hbox > .widget-label { width: 100% !important;
    max-width: 100% !important; text-align: left; }
  .widget-toggle-buttons { flex-wrap: wrap; }
  .ck-anchors { max-width: 100%; }
  .ck-progress-table .ck-bar { width: 6em; }
}
"""


@functools.cache
def _css_html() -> str:
    # the form rules of careerkit.widgets.a11y (labels, messages, error summary) follow the look
    return render("<style>{{ css|safe }}</style>", css=CSS + a11y.CSS)  # careerkit's own stylesheet, shown as written


def stylesheet() -> w.HTML:
    """A widget that carries careerkit's stylesheet (harmless if shown twice)."""
    return w.HTML(_css_html(), layout=w.Layout(display="none"))


def progress_bar_html(answered: int, total: int) -> str:
    """A small progress bar with an accessible text equivalent."""
    share = 0 if not total else round(100 * answered / total)
    return render("<div class='ck-bar' role='progressbar' aria-valuenow='{{ share }}' aria-valuemin='0' "
                  "aria-valuemax='100' title='{{ answered }} of {{ total }} answered'>"
                  "<div style='width:{{ share }}%'></div></div>", share=share, answered=answered, total=total)


def nav_html(workbook: content.Workbook, query: str = "") -> str:
    """Links to the previous and next workbooks (relative, so they work in JupyterLab and Voilà).

    ``query`` (like ``"s=…"``) is added to every link, so a workshop session carries over.
    """
    ids = content.workbook_ids()
    index = ids.index(workbook.id)
    prev = content.workbook(ids[index - 1]) if index > 0 else None
    nxt = content.workbook(ids[index + 1]) if index + 1 < len(ids) else None
    return render(
        "<nav class='ck-nav'>"
        "{% if prev %}<a href='{{ prev.notebook }}{{ suffix }}'>← {{ '%02d'|format(prev.number) }} {{ prev.title }}</a>"
        "{% else %}<span></span>{% endif %}"
        "{% if nxt %}<a href='{{ nxt.notebook }}{{ suffix }}'>{{ '%02d'|format(nxt.number) }} {{ nxt.title }} →</a>"
        "{% endif %}</nav>",
        prev=prev, nxt=nxt, suffix=f"?{query}" if query else "")


def header_html(workbook: content.Workbook, progress: tuple[int, int], profile: str, where: str,
                query: str = "") -> str:
    """The banner at the top of a workbook."""
    answered, total = progress
    return render(
        "<div class='ck-banner'>"
        "<div class='ck-kicker'>{{ workbook.strategy }}</div>"
        "<h1>{{ workbook.title }}</h1>"
        "<p>{{ workbook.summary }}</p>"
        "{{ bar_html|safe }}<div class='ck-where'>"
        "{% if total %}{{ answered }} of {{ total }} questions answered · {% endif %}"
        "about {{ workbook.minutes }} minutes · "
        # on a shared workshop server: neither the profile id nor the server's files are the visitor's business
        "{% if query %}your answers are saved as you type, privately"
        "{% else %}answers are saved as you type, for profile “{{ profile }}”, in {{ where }}{% endif %}"
        "</div>{{ nav_html|safe }}</div>",
        workbook=workbook, answered=answered, total=total, profile=profile, where=_describe(where), query=query,
        bar_html=progress_bar_html(answered, total) if total else "", nav_html=nav_html(workbook, query))


def _describe(url: str) -> str:
    if url.startswith("sqlite:///"):
        return url[len("sqlite:///"):]
    scheme = url.split("://", 1)[0]
    if scheme in ("http", "https"):
        return "the careerkit service of this hub"
    return f"a {scheme.split('+')[0]} database"
