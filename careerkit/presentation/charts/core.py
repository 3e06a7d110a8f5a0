"""Charts as plain Vega-Lite specifications, drawn offline.

Chart functions are pure: answers in, a :class:`Chart` (a Vega-Lite spec) out. They
build the spec as data instead of importing altair, because altair's import costs
seconds in every kernel (it validates its schema with a grammar built at import);
the specs are the same ones altair would emit, and the test suite loads every one
of them into altair to check it against the Vega-Lite schema. ``Chart.to_altair()``
gives the altair object for anyone who wants to compose further.

Drawing uses vl-convert, so charts show as static SVG in JupyterLab, in Voilà and in
the report with no internet access and no JavaScript from a CDN.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

__all__ = ["Chart", "CHARTS", "VEGA_LITE_SCHEMA", "PALETTE", "register", "chart_for", "base_spec", "shorten",
           "unique_label", "unique_labels"]

VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"

#: Colours used across careerkit's charts (colour-blind safe, after Okabe & Ito).
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999"]

_CONFIG = {
    "font": "DejaVu Sans, Helvetica, Arial, sans-serif",
    "view": {"stroke": None},
    "axis": {"labelFontSize": 12, "titleFontSize": 12, "titleFontWeight": "normal", "grid": True,
             "gridColor": "#eceff3"},
    "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "bottom"},
    "title": {"fontSize": 15, "anchor": "start", "subtitleFontSize": 12, "subtitleColor": "#555"},
    "range": {"category": PALETTE},
}


def base_spec(title: str, subtitle: str = "", *, width: int = 520, height: int = 320, **spec: Any) -> dict:
    """A Vega-Lite top-level spec with careerkit's look, a title and a size."""
    top: dict[str, Any] = {
        "$schema": VEGA_LITE_SCHEMA,
        "title": {"text": title, **({"subtitle": subtitle} if subtitle else {})},
        "config": copy.deepcopy(_CONFIG),
        "background": "white",
        "padding": 8,
    }
    if "hconcat" not in spec and "vconcat" not in spec and "facet" not in spec:
        top.update(width=width, height=height)
    top.update(spec)
    return top


def shorten(text: str, limit: int) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis when longer."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def unique_label(label: str, seen: set[str]) -> str:
    """``label``, numbered when already in ``seen`` (so two rows never merge); records it."""
    candidate, n = label, 2
    while candidate in seen:
        candidate = f"{label} ({n})"
        n += 1
    seen.add(candidate)
    return candidate


def unique_labels(titles: list[str], width: int = 42) -> list[str]:
    """Short, unique row labels for a list of titles."""
    seen: set[str] = set()
    return [unique_label(shorten(title, width), seen) for title in titles]


class Chart:
    """A Vega-Lite chart, or a friendly note saying what to fill in when there is no data yet."""

    def __init__(self, spec: dict[str, Any] | None = None, *, message: str = ""):
        if spec is None and not message:
            raise ValueError("a chart needs a spec or a message")
        self.spec = spec
        self.message = message

    @classmethod
    def empty(cls, message: str) -> "Chart":
        """A chart that has no data yet: shows ``message`` instead of an empty frame."""
        return cls(None, message=message)

    @property
    def is_empty(self) -> bool:
        """Whether there is nothing to draw yet."""
        return self.spec is None

    @property
    def title(self) -> str:
        """The chart's title text."""
        if not self.spec:
            return ""
        title = self.spec.get("title", "")
        return title.get("text", "") if isinstance(title, dict) else str(title)

    def to_dict(self) -> dict[str, Any]:
        """A copy of the Vega-Lite spec."""
        if self.spec is None:
            raise ValueError(f"this chart has no data yet: {self.message}")
        return copy.deepcopy(self.spec)

    def to_altair(self):
        """The same chart as an altair object (imports altair; validates the spec)."""
        import altair as alt

        spec = self.to_dict()
        for key, cls in (("layer", alt.LayerChart), ("hconcat", alt.HConcatChart),
                         ("vconcat", alt.VConcatChart), ("facet", alt.FacetChart), ("concat", alt.ConcatChart)):
            if key in spec:
                return cls.from_dict(spec)
        return alt.Chart.from_dict(spec)

    def svg(self) -> str:
        """The chart drawn as an SVG document (offline, by careerkit's shared drawing process)."""
        from careerkit.presentation import drawing

        return drawing.svg(self.to_dict())

    def png(self, scale: float = 2) -> bytes:
        """The chart drawn as a PNG image (offline, by careerkit's shared drawing process)."""
        from careerkit.presentation import drawing

        return drawing.png(self.to_dict(), scale=scale)

    def html(self) -> str:
        """HTML to show: the SVG with an accessible label, or the note when empty."""
        from careerkit.widgets.markup import render  # here: building a spec needs no widgets nor Jinja2

        if self.spec is None:
            return render("<div class='ck-chart-empty' role='note'><span>📊</span> {{ message }}</div>",
                          message=self.message)
        return render("<figure class='ck-chart' role='img' aria-label='{{ label }}'>{{ svg|safe }}</figure>",
                      label=self.title or "chart", svg=self.svg())  # the SVG careerkit drew, its text escaped there

    def _repr_mimebundle_(self, include=None, exclude=None):
        if self.spec is None:
            return {"text/html": self.html(), "text/plain": self.message}
        return {"image/svg+xml": self.svg(), "text/plain": f"<careerkit chart: {self.title}>"}

    def __repr__(self) -> str:
        return f"Chart({self.title!r})" if self.spec else f"Chart.empty({self.message!r})"


ChartFunction = Callable[..., Chart]

#: Every chart by (workbook id, chart name).
CHARTS: dict[tuple[str, str], ChartFunction] = {}


def register(workbook_id: str, name: str) -> Callable[[ChartFunction], ChartFunction]:
    """Register a chart function ``fn(answers) -> Chart`` under a workbook and a name."""

    def decorate(fn: ChartFunction) -> ChartFunction:
        key = (workbook_id, name)
        if key in CHARTS and CHARTS[key] is not fn:
            raise ValueError(f"chart {name!r} of {workbook_id} is registered twice")
        CHARTS[key] = fn
        return fn

    return decorate


def chart_for(workbook_id: str, name: str, answers) -> Chart:
    """Draw the chart ``name`` of a workbook from ``answers``."""
    try:
        fn = CHARTS[(workbook_id, name)]
    except KeyError:
        known = ", ".join(sorted(n for wb, n in CHARTS if wb == workbook_id)) or "none"
        raise KeyError(f"workbook {workbook_id} has no chart {name!r} (it has: {known})") from None
    return fn(answers)
