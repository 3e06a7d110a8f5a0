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
import json
import re
from collections.abc import Callable
from typing import Any

__all__ = ["Chart", "CHARTS", "VEGA_LITE_SCHEMA", "PALETTE", "register", "chart_for", "base_spec", "shorten",
           "unique_label", "unique_labels", "describe", "wrap", "colour_keys", "key_legend", "letter_keys", "ink_on"]

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


def base_spec(title: str, subtitle: str | list[str] = "", *, width: int = 520, height: int = 320, **spec: Any) -> dict:
    """A Vega-Lite top-level spec with careerkit's look, a title and a size."""
    # a subtitle wider than the chart was clipped: it is broken into lines that fit
    limit = max(30, int(width / 6.4))
    given = [subtitle] if isinstance(subtitle, str) else list(subtitle)
    lines = [line for text in given if text for line in wrap(text, limit)]
    top: dict[str, Any] = {
        "$schema": VEGA_LITE_SCHEMA,
        "title": {"text": title, **({"subtitle": lines if len(lines) > 1 else lines[0]} if lines else {})},
        "config": copy.deepcopy(_CONFIG),
        "background": "white",
        "padding": 8,
    }
    if "hconcat" not in spec and "vconcat" not in spec and "facet" not in spec:
        top.update(width=width, height=height)
    top.update(spec)
    return top


def colour_keys(spec: dict, field: str, keys: dict[str, str]) -> dict:
    """Note in ``spec`` the key written on the chart for each colour of ``field``.

    Colour is never the only sign of a category (WCAG 1.4.1): where a chart colours its marks
    by a category, the text drawn for each mark (a label beside it, or its name on the axis)
    carries that category's key too: a word, a letter or a sign such as "✓". ``keys`` maps
    each category to its key; one category may have the empty key (it is the one without a
    sign). The keys go into the spec's ``usermeta``, which Vega-Lite keeps and ignores, so the
    tests can check every drawn mark against them. Returns ``spec``.
    """
    spec.setdefault("usermeta", {}).setdefault("colour_keys", {})[field] = {str(k): v for k, v in keys.items()}
    return spec


def letter_keys(categories: list[str]) -> dict[str, str]:
    """A letter for each category, in order: A, B, C, … (AA, AB, … past Z)."""
    letters = [chr(ord("A") + i) for i in range(26)]
    return {c: letters[i] if i < 26 else letters[i // 26 - 1] + letters[i % 26] for i, c in enumerate(categories)}


def ink_on(colour: str) -> str:
    """The text colour that reads best on a ``#rrggbb`` fill: near-black or white, whichever
    has the higher contrast ratio (WCAG's relative luminance)."""
    channels = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lum = sum(w * (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4)
              for w, c in zip((0.2126, 0.7152, 0.0722), channels))
    dark = 0.0116  # luminance of #1f2933
    return "#1f2933" if (lum + 0.05) / (dark + 0.05) >= 1.05 / (lum + 0.05) else "white"


def key_legend(keys: dict[str, str], **legend: Any) -> dict:
    """A legend whose labels start with each category's key ("A · Webinar or talk")."""
    expr = "datum.label"
    for category, key in reversed(list(keys.items())):
        if key:
            expr = f"datum.label == {json.dumps(str(category))} ? {json.dumps(f'{key} · {category}')} : {expr}"
    return {**legend, "labelExpr": expr}


def wrap(text: str, limit: int) -> list[str]:
    """``text`` broken at spaces into lines of at most ``limit`` characters (a longer word keeps its own line)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= limit:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


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


_EMPTY_HTML = "<div class='ck-chart-empty' role='note'><span aria-hidden='true'>📊</span> {{ message }}</div>"
_CHART_HTML = (
    "<figure class='ck-chart'>"
    "<div class='ck-chart-picture' role='img' aria-label='{{ title }}. {{ summary }}'>{{ svg }}</div>"
    "<figcaption><details class='ck-chart-text'><summary>{{ title }}, in words</summary>"
    "<p>{{ summary }}</p></details></figcaption></figure>"
)

#: Marks that stand for the data; rules and text annotate, and rectangles with no colour scale are backgrounds.
_DATA_MARKS = {"bar", "circle", "point", "square", "line", "area", "tick", "arc", "trail", "rect"}
_LABEL_CHANNELS = ("y", "x", "theta", "row", "column", "color", "shape", "detail")
_VALUE_CHANNELS = ("x", "y", "x2", "theta", "size", "color")


def _layers(spec: dict, data: Any = None, encoding: dict | None = None):
    """Each unit of ``spec`` with its data and its encoding, what a layer inherits merged in."""
    data = spec.get("data", data)
    inherited = {**(encoding or {}), **spec.get("encoding", {})}
    for key in ("layer", "hconcat", "vconcat", "concat"):
        for sub in spec.get(key, []):
            yield from _layers(sub, data, inherited if key == "layer" else None)
    if "mark" in spec:
        yield {**spec, "encoding": inherited}, data


def _number(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.1f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    return str(value)


def _title(channel: str, enc: dict) -> str:
    title = enc.get("title")
    if isinstance(title, list):
        title = " ".join(title)
    if not title:
        title = str(enc.get("field", channel)).replace("_", " ")
    return re.sub(r"\s*\([^)]*\)", "", str(title)).strip()  # "Energy (1 drained – 5 energised)": "Energy"


def describe(spec: dict, limit: int = 8) -> str:
    """A short text alternative of a Vega-Lite spec, made from its data.

    Each mark that stands for data becomes a sentence: how many there are, then each one
    named by its category and given its values with their axis titles, the first ``limit``
    of them and how many more.
    """
    sentences: list[str] = []
    described: set[str] = set()
    for layer, data in _layers(spec):
        mark = layer["mark"]["type"] if isinstance(layer["mark"], dict) else layer["mark"]
        rows = (data or {}).get("values") if isinstance(data, dict) else None
        if mark not in _DATA_MARKS or not rows:
            continue
        enc = {ch: e for ch, e in layer.get("encoding", {}).items() if isinstance(e, dict) and "field" in e}
        if mark == "rect" and enc.get("color", {}).get("type") != "quantitative":
            continue
        tooltip = layer.get("encoding", {}).get("tooltip")
        if isinstance(tooltip, list):  # the chart says what each mark stands for
            pairs = [("tooltip", e) for e in tooltip if isinstance(e, dict) and "field" in e]
        else:
            pairs = [(c, enc[c]) for c in dict.fromkeys(_LABEL_CHANNELS + _VALUE_CHANNELS) if c in enc]
        labels = [(ch, e) for ch, e in pairs if e.get("type") in ("nominal", "ordinal")
                  and (ch == "tooltip" or ch in _LABEL_CHANNELS)]
        values = [(ch, e) for ch, e in pairs if e.get("type") in ("quantitative", "temporal")
                  and (ch == "tooltip" or ch in _VALUE_CHANNELS)]
        if not labels and "label" in rows[0]:
            labels = [("text", {"field": "label"})]
        fields = [e["field"] for _, e in labels + values]
        key = repr((fields, [[r.get(f) for f in fields] for r in rows]))
        if key in described or not fields:
            continue
        described.add(key)
        items = []
        for row in rows:
            names = []
            for _, e in labels:
                value = row.get(e["field"])
                if value not in (None, "") and _number(value) not in names and len(names) < 2:
                    names.append(_number(value))
            parts, printed = [], set()
            for ch, e in values:
                if e["field"] in printed or row.get(e["field"]) is None:
                    continue
                printed.add(e["field"])
                parts.append(f"{_title(ch, e)} {_number(row[e['field']])}")
            name = " (".join(names) + (")" if len(names) > 1 else "")
            text = f"{name}: {', '.join(parts)}" if name and parts else (name or ", ".join(parts))
            if text:
                items.append(text)
        if not items:
            continue
        more = f"; and {len(items) - limit} more" if len(items) > limit else ""
        noun = "item" if len(items) == 1 else "items"
        sentences.append(f"{len(items)} {noun}: " + "; ".join(items[:limit]) + more + ".")
    return " ".join(sentences) or "No data to show yet."


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

    @property
    def summary(self) -> str:
        """What the chart shows, in a few sentences of plain text made from its data."""
        return describe(self.spec) if self.spec else self.message

    def html(self) -> str:
        """HTML to show: the SVG, named by its title and a summary of its data, or the note when empty.

        The picture is an image whose accessible name is the title and the data in words;
        the same words sit under it, folded away, for anyone who prefers text to a picture.
        """
        from careerkit.widgets.markup import render  # here: building a spec needs no widgets nor Jinja2

        if self.spec is None:
            return render(_EMPTY_HTML, message=self.message)
        from markupsafe import Markup

        return render(_CHART_HTML, title=self.title or "Chart", summary=self.summary, svg=Markup(self.svg()))

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
