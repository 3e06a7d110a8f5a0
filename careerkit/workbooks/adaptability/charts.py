"""Charts of workbook 08: paths compared, how you meet change, and the plan's timeline."""

from __future__ import annotations

import datetime as _dt

from careerkit.core.logic import adaptability
from careerkit.core.answers import Answers
from careerkit.presentation.charts.core import colour_keys, key_legend, letter_keys, Chart, PALETTE, base_spec, register, shorten

WB = adaptability.WB

_MAX_EVENTS = 40


@register(WB, "path_comparison")
def path_comparison(answers: Answers) -> Chart:
    """Each path's four ratings side by side, criterion by criterion."""
    rated = [p for p in adaptability.paths(answers) if p["average"] is not None]
    if not rated:
        return Chart.empty("Sketch your paths above and rate each on resources, liking, confidence and "
                           "coherence to compare them here.")
    names = []
    for p in rated:
        name = shorten(p["title"], 34)
        while name in names:
            name += " ·"
        names.append(name)
    values = []
    for name, p in zip(names, rated):
        for key, label in adaptability.CRITERIA.items():
            if p[key] is not None:
                values.append({"path": name, "criterion": label, "rating": p[key]})
    criteria = list(adaptability.CRITERIA.values())
    best = max(rated, key=lambda p: p["average"])
    subtitle = [f"Highest average: {shorten(best['title'], 50)} ({best['average']:.1f} of 5)."]
    missing = adaptability.missing_path_kinds(answers)
    if missing:
        subtitle.append("Still to sketch: " + ", ".join(missing).lower() + ".")
    else:
        subtitle.append("No path wins on everything: notice what each one asks you to trade.")
    keys = letter_keys(names)
    for v in values:
        v["key"] = keys[v["path"]]
    return Chart(colour_keys(base_spec(
        "Your paths compared", subtitle, width=520, height=260,
        data={"values": values},
        encoding={
            "x": {"field": "criterion", "type": "nominal", "sort": criteria, "title": None,
                  "axis": {"labelAngle": 0, "labelFontSize": 13}},
            "xOffset": {"field": "path", "type": "nominal", "sort": names},
            "y": {"field": "rating", "type": "quantitative", "title": "Rating (1–5)",
                  "scale": {"domain": [0, 5]}, "axis": {"values": [1, 2, 3, 4, 5]}},
        },
        layer=[
            {"mark": {"type": "bar", "cornerRadiusEnd": 2},
             "encoding": {"color": {"field": "path", "type": "nominal", "sort": names, "title": None,
                                    "scale": {"domain": names,
                                              "range": PALETTE[: len(names)] if len(names) <= len(PALETTE) else PALETTE},
                                    "legend": key_legend(keys, columns=1, labelLimit=320)}}},
            # each bar's letter above it, as in the legend: colour is not the only sign of its path
            {"mark": {"type": "text", "baseline": "bottom", "dy": -2, "fontSize": 11, "fontWeight": "bold",
                      "color": "#333"},
             "encoding": {"text": {"field": "key"}}},
        ],
    ), "path", keys))


@register(WB, "adaptability_profile")
def adaptability_profile(answers: Answers) -> Chart:
    """The four dimensions of how you meet change, 0–100."""
    scores = adaptability.adaptability_scores(answers)
    values = [{"dimension": adaptability.DIMENSIONS[d][0], "score": s, "meaning": adaptability.DIMENSIONS[d][1]}
              for d, s in scores.items() if s is not None]
    if not values:
        return Chart.empty("Rate both statements of at least one pair above to see how you meet change.")
    low = min(values, key=lambda v: v["score"])
    subtitle = f"Your growing edge: {low['dimension'].lower()} ({low['meaning']})."
    order = [adaptability.DIMENSIONS[d][0] for d in adaptability.DIMENSIONS]
    return Chart(base_spec(
        "How you meet change", subtitle, width=460, height=180,
        data={"values": values},
        layer=[
            {
                "mark": {"type": "bar", "cornerRadiusEnd": 3},
                "encoding": {
                    "y": {"field": "dimension", "type": "nominal", "sort": order, "title": None,
                          "axis": {"labelLimit": 220}},
                    "x": {"field": "score", "type": "quantitative", "title": "Score (0–100)",
                          "scale": {"domain": [0, 100]}},
                    "color": {"value": PALETTE[2]},
                },
            },
            {
                "mark": {"type": "text", "align": "left", "dx": 4},
                "encoding": {
                    "y": {"field": "dimension", "type": "nominal", "sort": order},
                    "x": {"field": "score", "type": "quantitative"},
                    "text": {"field": "score", "type": "quantitative", "format": ".0f"},
                },
            },
        ],
    ))


_COLOURS = {
    "adjustment": PALETTE[5],
    "setback": "#7a4a2a",
    "opportunity": PALETTE[1],
    "goal_set": PALETTE[0],
    "milestone": PALETTE[4],
    "target": PALETTE[2],
    "review": PALETTE[3],
}
_SHAPES = {
    "adjustment": "diamond",
    "setback": "triangle-down",
    "opportunity": "triangle-up",
    "goal_set": "circle",
    "milestone": "square",
    "target": "cross",
    "review": "circle",
}


@register(WB, "plan_timeline")
def plan_timeline(answers: Answers) -> Chart:
    """Changes to the plan, setbacks and opportunities, and workbook 4's goal dates, on one timeline."""
    today = _dt.date.today()
    events = adaptability.timeline(answers, today=today)
    if not events:
        return Chart.empty("Log a change to your plan above (or set dated goals in workbook 4) to see your timeline.")
    if len(events) > _MAX_EVENTS:
        nearest = sorted(events, key=lambda e: abs((_dt.date.fromisoformat(e["date"]) - today).days))[:_MAX_EVENTS]
        kept = {id(e) for e in nearest}
        events = [e for e in events if id(e) in kept]
    rows, seen = [], set()
    for e in events:
        day = _dt.date.fromisoformat(e["date"])
        row = f"{day.day} {day:%b %Y} · {shorten(e['label'], 56)}"
        while row in seen:
            row += " ·"
        seen.add(row)
        rows.append({"row": row, "date": e["date"], "source": e["source_label"]})
    present = [adaptability.SOURCES[k] for k in adaptability.SOURCES if adaptability.SOURCES[k] in {r["source"] for r in rows}]
    keys = [k for k in adaptability.SOURCES if adaptability.SOURCES[k] in present]
    order = [r["row"] for r in rows]
    layers = [
        {
            "mark": {"type": "rule", "color": "#eceff3"},
            "encoding": {"y": {"field": "row", "type": "nominal", "sort": order, "title": None,
                               "axis": {"labelLimit": 360, "grid": False}}},
        },
        {
            "mark": {"type": "point", "filled": True, "size": 110, "opacity": 1},
            "encoding": {
                "y": {"field": "row", "type": "nominal", "sort": order},
                "x": {"field": "date", "type": "temporal", "title": None,
                      "axis": {"format": "%b %Y", "tickCount": 6, "orient": "top"}},
                "color": {"field": "source", "type": "nominal", "title": None,
                          "scale": {"domain": present, "range": [_COLOURS[k] for k in keys]},
                          "legend": {"columns": 4, "symbolOpacity": 1}},
                "shape": {"field": "source", "type": "nominal", "title": None,
                          "scale": {"domain": present, "range": [_SHAPES[k] for k in keys]}},
            },
        },
        {
            "data": {"values": [{"today": today.isoformat(), "label": "today"}]},
            "layer": [
                {"mark": {"type": "rule", "color": "#444", "strokeDash": [4, 3]},
                 "encoding": {"x": {"field": "today", "type": "temporal"}}},
                {"mark": {"type": "text", "color": "#444", "baseline": "top", "y": "height", "dy": 4, "fontSize": 11},
                 "encoding": {"x": {"field": "today", "type": "temporal"}, "text": {"field": "label"}}},
            ],
        },
    ]
    changes = sum(1 for e in events if e["source"] == "adjustment")
    goal_events = sum(1 for e in events if e["from_goals"])
    subtitle = (f"{changes} change{'s' if changes != 1 else ''} to your plan and {goal_events} dated "
                f"moment{'s' if goal_events != 1 else ''} from your goals in workbook 4.")
    height = max(120, 22 * len(rows))
    return Chart(base_spec("How your plan has moved", subtitle, width=420, height=height,
                           data={"values": rows}, layer=layers))
