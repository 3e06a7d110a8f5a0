"""Charts of workbook 09: who is in the network, and how active it has been."""

from __future__ import annotations

import datetime as _dt

from careerkit.core.logic import network
from careerkit.core.answers import Answers
from careerkit.presentation.charts.core import colour_keys, ink_on, key_legend, letter_keys, PALETTE, Chart, base_spec, register

WB = network.WB

def _whole_ticks(top: int) -> dict:
    """Axis ticks on whole numbers only (counts of people have no halves)."""
    if top <= 12:
        return {"values": list(range(0, int(top) + 1)), "format": "d"}
    return {"tickMinStep": 1, "format": "d"}


_STRENGTH_ORDER = [*network.STRENGTH_NAMES.values(), "not rated"]
_STRENGTH_COLOURS = ["#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c", "#d9d9d9"]


@register(WB, "network_composition")
def network_composition(answers: Answers) -> Chart:
    """Contacts per industry, each bar split by relationship strength."""
    values = network.composition(answers)
    if not values:
        return Chart.empty("Add a few contacts with their industry and relationship strength to see your network's shape.")
    totals: dict[str, int] = {}
    for v in values:
        totals[v["industry"]] = totals.get(v["industry"], 0) + v["count"]
    order = sorted(totals, key=lambda i: (-totals[i], i == "Not recorded", i.casefold()))
    strong = sum(v["count"] for v in values if v["strength"].startswith(("4", "5")))
    total = sum(totals.values())
    subtitle = (f"{total} contacts in {len(order)} industries; {strong} of them strong (4 or 5). "
                "Short or pale bars show where to invest.")
    used = [s for s in _STRENGTH_ORDER if any(v["strength"] == s for v in values)]
    colours = [_STRENGTH_COLOURS[_STRENGTH_ORDER.index(s)] for s in used]
    keys = {s: s.split(" · ")[0] if s[:1].isdigit() else "?" for s in used}
    for v in values:
        v["key"] = keys[v["strength"]]
        v["ink"] = ink_on(colours[used.index(v["strength"])])
    y = {"field": "industry", "type": "nominal", "sort": order, "title": None}
    x = {"field": "count", "type": "quantitative", "aggregate": "sum", "stack": "zero", "title": "Contacts",
         "axis": _whole_ticks(max(totals.values()))}
    by_strength = {"field": "strength", "type": "ordinal", "sort": "descending"}
    return Chart(colour_keys(base_spec(
        "Your network by industry and strength", subtitle, width=480, height=max(120, 30 * len(order)),
        data={"values": values},
        layer=[
            {"mark": {"type": "bar", "stroke": "white", "strokeWidth": 1},
             "encoding": {
                 "y": y, "x": x,
                 "color": {"field": "strength", "type": "ordinal", "title": "Relationship strength",
                           "scale": {"domain": used, "range": colours}},
                 "order": by_strength,
                 "tooltip": [{"field": "industry", "type": "nominal"}, {"field": "strength", "type": "ordinal"},
                             {"field": "count", "type": "quantitative"}]}},
            # each block's strength as a number, as in the legend: colour is not the only sign of it
            {"mark": {"type": "text", "align": "right", "dx": -4, "fontSize": 11, "fontWeight": "bold"},
             "encoding": {"y": y, "x": x, "order": by_strength, "detail": {"field": "strength", "type": "ordinal"},
                          "text": {"field": "key"}, "color": {"field": "ink", "type": "nominal", "scale": None}}},
        ],
    ), "strength", keys))


_KINDS = ["Last contact with someone", "New contacts at events", "Follow-ups planned"]


def _months(first: str, last: str) -> list[str]:
    year, month = map(int, first.split("-"))
    end = tuple(map(int, last.split("-")))
    out = []
    while (year, month) <= end:
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


@register(WB, "contact_activity")
def contact_activity(answers: Answers) -> Chart:
    """Per month: people last contacted, new contacts made at events, and follow-ups planned."""
    values = network.activity_by_month(answers)
    if not values:
        return Chart.empty("Give your contacts a last-contact date, or log an event, to see your activity over time.")
    months = _months(min(v["month"] for v in values), max(v["month"] for v in values))[-24:]
    counts = {(v["month"], v["kind"]): v["count"] for v in values}
    kinds = [k for k in _KINDS if any(v["kind"] == k for v in values)]
    rows = []
    for m in months:
        label = _dt.date.fromisoformat(m + "-01").strftime("%b %Y")
        for k in kinds:
            rows.append({"month": label, "kind": k, "count": counts.get((m, k), 0)})
    labels = [_dt.date.fromisoformat(m + "-01").strftime("%b %Y") for m in months]
    colours = {"Last contact with someone": PALETTE[0], "New contacts at events": PALETTE[1],
               "Follow-ups planned": PALETTE[2]}
    quiet = sum(1 for m in months if not any(counts.get((m, k), 0) for k in _KINDS))
    subtitle = ("Gaps are months your network went quiet." if quiet else
                "Something happened every month: keep the rhythm going.")
    keys = letter_keys(kinds)
    for r in rows:
        r["key"] = keys[r["kind"]]
    return Chart(colour_keys(base_spec(
        "Your networking activity over time", subtitle, width=max(360, 46 * len(months)), height=240,
        data={"values": rows},
        encoding={
            "x": {"field": "month", "type": "ordinal", "sort": labels, "title": None, "axis": {"labelAngle": -40}},
            "xOffset": {"field": "kind", "type": "nominal", "sort": kinds},
            "y": {"field": "count", "type": "quantitative", "title": "People",
                  "axis": _whole_ticks(max(r["count"] for r in rows))},
        },
        layer=[
            {"mark": {"type": "bar", "cornerRadiusEnd": 2},
             "encoding": {
                 "color": {"field": "kind", "type": "nominal", "title": None, "sort": kinds,
                           "legend": key_legend(keys, labelLimit=260),
                           "scale": {"domain": kinds, "range": [colours[k] for k in kinds]}},
                 "tooltip": [{"field": "month", "type": "ordinal"}, {"field": "kind", "type": "nominal"},
                             {"field": "count", "type": "quantitative"}]}},
            # each bar's letter above it, as in the legend: colour is not the only sign of its kind
            {"transform": [{"filter": "datum.count > 0"}],
             "mark": {"type": "text", "baseline": "bottom", "dy": -2, "fontSize": 10, "fontWeight": "bold",
                      "color": "#333"},
             "encoding": {"text": {"field": "key"}}},
        ],
    ), "kind", keys))
