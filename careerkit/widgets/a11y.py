"""Accessible forms: what ipywidgets renders, and the small part it cannot.

A question's label is ipywidgets' own wherever one input answers it: a text box, a text
area or a drop-down gets its ``description``, which ipywidgets renders as a
``<label for=…>`` tied to the input, in Voilà and in JupyterLab alike. A group of controls
(a scale's buttons, radio buttons, checkboxes, the three boxes of a date, a ranking) has no
such label in ipywidgets; :func:`helper` gives a page the few lines of JavaScript
(``a11y.js``) that tie each group to its visible label and help text, mark a field with an
error, make a row of toggle buttons one radio group (a Tab stop each, arrow and number
keys to choose) and keep the focus on a ranking item that moved.

The helper is an anywidget model, declared here without importing anywidget's Python
package (which would cost a kernel a noticeable part of a second while the page is drawn):
the front-end part, installed with the ``anywidget`` package, runs the module in Voilà and
in JupyterLab.

:data:`CSS` holds the form rules these labels need (a label above its box, text for screen
readers only, icon buttons); :mod:`careerkit.presentation.style` includes it.
"""

from __future__ import annotations

import functools
from importlib import metadata
from pathlib import Path

import ipywidgets as w
import traitlets as t

__all__ = ["CSS", "Helper", "helper", "ESM"]

#: The JavaScript module the helper runs.
ESM = (Path(__file__).with_name("a11y.js")).read_text(encoding="utf-8")


@functools.cache
def _anywidget_version() -> str:
    # the version range anywidget's own widgets declare (``~MAJOR.MINOR.*``)
    try:
        version = metadata.version("anywidget")
    except metadata.PackageNotFoundError:
        return "*"
    parts = version.split(".", 2)
    if len(parts) < 3 or any(mark in parts[2] for mark in ("a", "b", "rc")):
        return version
    return f"~{parts[0]}.{parts[1]}.*"


class Helper(w.DOMWidget):
    """An invisible widget that loads ``a11y.js`` into the page (once, however often shown)."""

    _model_name = t.Unicode("AnyModel").tag(sync=True)
    _model_module = t.Unicode("anywidget").tag(sync=True)
    _model_module_version = t.Unicode("*").tag(sync=True)
    _view_name = t.Unicode("AnyView").tag(sync=True)
    _view_module = t.Unicode("anywidget").tag(sync=True)
    _view_module_version = t.Unicode("*").tag(sync=True)
    _esm = t.Unicode(ESM).tag(sync=True)
    _anywidget_id = t.Unicode("careerkit.widgets.a11y.Helper").tag(sync=True)

    def __init__(self, **kwargs):
        version = _anywidget_version()
        super().__init__(_model_module_version=version, _view_module_version=version,
                         layout=w.Layout(display="none"), **kwargs)


def helper() -> Helper:
    """The widget that gives a page careerkit's form semantics (see the module's note)."""
    return Helper()


# -- the rules the labels and messages need (kept apart from the look in presentation.style) --
CSS = """
/* forms: accessible labels, messages and summaries (careerkit.widgets.a11y) */
.ck-visually-hidden { position: absolute !important; width: 1px !important; height: 1px !important;
  margin: -1px !important; padding: 0 !important; overflow: hidden !important; clip: rect(0 0 0 0) !important;
  white-space: nowrap !important; border: 0 !important; }
.ck-field .ck-labelled { flex-direction: column; align-items: stretch; width: 100%; max-width: 100%; }
.ck-field .ck-labelled > .widget-label { width: auto !important; max-width: none; text-align: left;
  white-space: normal; overflow: visible; line-height: 1.35; height: auto; color: inherit;
  font-weight: 600; font-size: 1.02em; margin: 10px 0 4px 0; }
.ck-field.ck-compact .ck-labelled > .widget-label { font-size: .88em; margin: 4px 0 2px 0; color: #333; }
.ck-date .ck-labelled > .widget-label { font-weight: 400; font-size: .92em; margin: 0 0 2px 0; }
.ck-field .ck-labelled > input, .ck-field .ck-labelled > textarea, .ck-field .ck-labelled > select { width: 100%; }
.ck-field.ck-type-number .ck-labelled > input { max-width: 14em; }
.ck-other .widget-label { font-weight: 400 !important; font-size: .92em !important; }
.ck-error-summary { border: 4px solid #b00020; border-radius: 6px; padding: 8px 14px; margin: 6px 0 10px 0; }
.ck-error-summary h3 { margin: 0 0 4px 0; font-size: 1.05em; }
.ck-error-summary ul { margin: 0; padding-left: 1.2em; }
.ck-error-summary a { color: #b00020; font-weight: 600; }
.ck-section-status { min-height: 1.3em; font-size: .88em; margin-top: 4px; }
button.ck-icon { font-size: 1.05em; }
button.ck-icon-up::before { content: "↑" / ""; }
button.ck-icon-down::before { content: "↓" / ""; }
button.ck-icon-remove::before { content: "✕" / ""; }
"""
