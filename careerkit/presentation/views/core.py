"""Views: insight panels other than charts (lists, summaries, tools).

A view is a function registered under a workbook and a name. It receives the open
:class:`~careerkit.presentation.workbook.Workbook` and returns either an HTML string, which is
drawn again whenever the person's answers change, or a widget that manages itself
(for interactive tools such as the occupation explorer). HTML views must escape
everything a person typed: build them with :func:`render`, a Jinja2 environment
with autoescaping on.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from careerkit.widgets.markup import render

__all__ = ["VIEWS", "register", "view_for", "render", "onet_attribution_html"]

ViewFunction = Callable[[Any], Any]

#: Every view by (workbook id, view name).
VIEWS: dict[tuple[str, str], ViewFunction] = {}


def register(workbook_id: str, name: str) -> Callable[[ViewFunction], ViewFunction]:
    """Register a view function ``fn(workbook) -> str | Widget``."""

    def decorate(fn: ViewFunction) -> ViewFunction:
        key = (workbook_id, name)
        if key in VIEWS and VIEWS[key] is not fn:
            raise ValueError(f"view {name!r} of {workbook_id} is registered twice")
        VIEWS[key] = fn
        return fn

    return decorate


def view_for(workbook_id: str, name: str) -> ViewFunction:
    """The view function ``name`` of a workbook."""
    try:
        return VIEWS[(workbook_id, name)]
    except KeyError:
        known = ", ".join(sorted(n for wb, n in VIEWS if wb == workbook_id)) or "none"
        raise KeyError(f"workbook {workbook_id} has no view {name!r} (it has: {known})") from None


def onet_attribution_html() -> str:
    """The O*NET credit line (modified form) with the licence link, for any panel showing O*NET data."""
    from careerkit.core import onet

    return render(
        "<div class='ck-attribution'>{{ text }} <a href='{{ url }}' target='_blank' rel='noopener'>CC BY 4.0</a></div>",
        text=onet.ATTRIBUTION, url=onet.LICENSE_URL,
    )
