"""Charts of workbook 06: the idea map, the ranked ideas, and hours per week."""

from __future__ import annotations

import datetime as _dt
import math
from collections import defaultdict

from careerkit.core.logic import projects
from careerkit.core.answers import Answers
from careerkit.presentation.charts.core import colour_keys, ink_on, key_legend, letter_keys, Chart, PALETTE, base_spec, register, shorten

WB = projects.WB

_MAX_PROJECTS = 6


def _spread(points: list[dict]) -> None:
    """Nudge ideas that share the same two ratings apart so each bubble stays visible."""
    cells: dict[tuple[int, int], list[dict]] = defaultdict(list)
    for p in points:
        cells[(p["passion"], p["skills_built"])].append(p)
    for group in cells.values():
        n = len(group)
        for i, p in enumerate(group):
            angle = 2 * math.pi * i / n + math.pi / 4
            radius = 0 if n == 1 else 0.22
            p["x"] = round(p["passion"] + radius * math.cos(angle), 3)
            p["y"] = round(p["skills_built"] + radius * math.sin(angle), 3)


@register(WB, "idea_map")
def idea_map(answers: Answers) -> Chart:
    """Ideas by passion (across) and skill-building (up); bubble size is the hours a week they need."""
    ideas = projects.ranked_ideas(answers)
    if not ideas:
        return Chart.empty("Add a few ideas to your idea bank and rate all four points of each to see your idea map.")
    points = [{**i, "number": str(i["rank"]), "size": i["hours"] or 1} for i in ideas]
    _spread(points)
    scale = {"domain": [0.5, 5.5], "nice": False}
    axis = {"values": [1, 2, 3, 4, 5], "tickMinStep": 1}
    corner = [{"x": 3.5, "x2": 5.5, "y": 3.5, "y2": 5.5, "note": "Exciting and stretching: try these first"}]
    layers = [
        {
            "data": {"values": corner},
            "mark": {"type": "rect", "color": PALETTE[2], "opacity": 0.08},
            "encoding": {
                "x": {"field": "x", "type": "quantitative", "scale": scale, "axis": axis,
                      "title": "Passion: how much it excites you (1–5)"},
                "x2": {"field": "x2"},
                "y": {"field": "y", "type": "quantitative", "scale": scale, "axis": axis,
                      "title": "Skills it builds (1–5)"},
                "y2": {"field": "y2"},
            },
        },
        {
            "data": {"values": corner},
            "mark": {"type": "text", "align": "right", "baseline": "top", "fontSize": 11, "color": "#555",
                     "fontStyle": "italic", "dx": -4, "dy": 4},
            "encoding": {
                "x": {"field": "x2", "type": "quantitative", "scale": scale},
                "y": {"field": "y2", "type": "quantitative", "scale": scale},
                "text": {"field": "note"},
            },
        },
        {
            "data": {"values": points},
            "mark": {"type": "circle", "opacity": 0.8, "stroke": "white", "strokeWidth": 1},
            "encoding": {
                "x": {"field": "x", "type": "quantitative", "scale": scale},
                "y": {"field": "y", "type": "quantitative", "scale": scale},
                "size": {"field": "size", "type": "quantitative", "title": "Hours a week it needs",
                         "scale": {"range": [250, 1600], "zero": True}},
                "color": {"field": "score", "type": "quantitative", "title": "Score (0–100)",
                          "scale": {"scheme": "blues", "domain": [0, 100]}},
            },
        },
        {
            "data": {"values": points},
            "mark": {"type": "text", "fontSize": 12, "fontWeight": "bold", "dx": 13, "dy": -11},
            "encoding": {
                "x": {"field": "x", "type": "quantitative", "scale": scale},
                "y": {"field": "y", "type": "quantitative", "scale": scale},
                "text": {"field": "number"},
            },
        },
    ]
    key = [{"rank": i["rank"], "line": f"{i['rank']}. {shorten(i['idea'], 42)}"} for i in ideas[:20]]
    listing = {
        "width": 300, "height": 420,
        "data": {"values": key},
        "mark": {"type": "text", "align": "left", "baseline": "middle", "fontSize": 12, "limit": 300},
        "encoding": {
            "y": {"field": "rank", "type": "ordinal", "axis": None,
                  "scale": {"domain": [r for r in range(1, max(len(key), 12) + 1)]}},
            "x": {"value": 0},
            "text": {"field": "line"},
        },
    }
    best = ideas[0]
    subtitle = f"Numbers are ranks. Top idea: {shorten(best['idea'], 60)} (score {best['score']:.0f})."
    spec = base_spec("Your idea map", subtitle, hconcat=[{"width": 460, "height": 420, "layer": layers}, listing],
                     resolve={"scale": {"size": "independent"}})
    spec["config"]["legend"]["orient"] = "bottom"
    return Chart(spec)


_FIT = {True: "fits your weekly hours", False: "needs more hours than you have", None: "hours not given"}
#: Beside an idea's score, in words: colour is not the only sign of whether it fits your time.
_FIT_NOTE = {True: "", False: " · needs more hours", None: " · hours not given"}
_FIT_KEY = {True: "", False: "more hours", None: "not given"}


@register(WB, "idea_ranking")
def idea_ranking(answers: Answers) -> Chart:
    """Ideas ranked by score: excitement, skills, link to a target role and audience, discounted for time."""
    ideas = projects.ranked_ideas(answers)
    if not ideas:
        return Chart.empty("Rate your ideas on all four points to see them ranked.")
    values = [{"label": f"{i['rank']}. {shorten(i['idea'], 40)}", "score": i["score"], "fit": _FIT[i["fits_time"]],
               "text": f"{i['score']:.0f}{_FIT_NOTE[i['fits_time']]}"}
              for i in ideas[:15]]
    height = max(120, 28 * len(values))
    return Chart(colour_keys(base_spec(
        "Your ideas, ranked",
        "Score = passion 30% + skills 25% + link to a target role 25% + audience 20%, reduced when an idea needs more hours than you have.",
        width=460, height=height,
        data={"values": values},
        layer=[
            {
                "mark": {"type": "bar", "cornerRadiusEnd": 3},
                "encoding": {
                    "y": {"field": "label", "type": "nominal", "sort": None, "title": None,
                          "axis": {"labelLimit": 280}},
                    "x": {"field": "score", "type": "quantitative", "title": "Score (0–100)",
                          "scale": {"domain": [0, 100]}},
                    "color": {"field": "fit", "type": "nominal", "title": None,
                              "legend": {"labelLimit": 300},
                              "scale": {"domain": list(_FIT.values()), "range": [PALETTE[0], PALETTE[1], "#b8c7d6"]}},
                },
            },
            {
                "mark": {"type": "text", "align": "left", "dx": 4},
                "encoding": {
                    "y": {"field": "label", "type": "nominal", "sort": None},
                    "x": {"field": "score", "type": "quantitative"},
                    "text": {"field": "text"},
                },
            },
        ],
    ), "fit", {_FIT[k]: _FIT_KEY[k] for k in _FIT}))


def _week_label(monday: _dt.date) -> str:
    return f"{monday.day} {monday:%b}"


@register(WB, "hours_by_week")
def hours_by_week(answers: Answers) -> Chart:
    """Hours logged each week, stacked by project, against the hours a week you said you have."""
    cells = projects.hours_by_week(answers)
    if not cells:
        return Chart.empty("Log a few sessions with a day, a project and hours to see where your time goes.")
    ranked = [p["project"] for p in projects.hours_by_project(answers)]
    keep = set(ranked[:_MAX_PROJECTS])
    merged: dict[tuple[str, str], float] = defaultdict(float)
    for c in cells:
        merged[(c["week"], c["project"] if c["project"] in keep else "Other projects")] += c["hours"]
    first = _dt.date.fromisoformat(cells[0]["week"])
    last = _dt.date.fromisoformat(cells[-1]["week"])
    weeks = []
    day = max(first, last - _dt.timedelta(weeks=25))
    while day <= last:
        weeks.append(day)
        day += _dt.timedelta(weeks=1)
    shown = {w.isoformat() for w in weeks}
    labels = [_week_label(w) for w in weeks]
    order = [shorten(p, 40) for p in ranked[:_MAX_PROJECTS]] + (["Other projects"] if len(ranked) > _MAX_PROJECTS else [])
    keys = letter_keys(order)
    values = [{"week": _week_label(_dt.date.fromisoformat(w)), "project": shorten(p, 40), "hours": round(h, 2),
               "position": order.index(shorten(p, 40)), "key": keys[shorten(p, 40)],
               "ink": ink_on(PALETTE[order.index(shorten(p, 40)) % len(PALETTE)])}
              for (w, p), h in sorted(merged.items()) if w in shown]
    total = sum(v["hours"] for v in values)
    layers: list[dict] = [{
        "data": {"values": values},
        "mark": {"type": "bar"},
        "encoding": {
            "x": {"field": "week", "type": "ordinal", "sort": labels, "title": "Week beginning",
                  "scale": {"domain": labels}, "axis": {"labelAngle": -40}},
            "y": {"field": "hours", "type": "quantitative", "title": "Hours", "stack": "zero"},
            "color": {"field": "project", "type": "nominal", "title": None, "sort": order,
                      "scale": {"domain": order, "range": [PALETTE[i % len(PALETTE)] for i in range(len(order))]},
                      "legend": key_legend(keys, columns=1, labelLimit=320)},
            "order": {"field": "position", "type": "quantitative"},
        },
    }, {  # each block's letter, as in the legend: colour is not the only sign of its project
        "data": {"values": values},
        "mark": {"type": "text", "baseline": "top", "dy": 2, "fontSize": 10, "fontWeight": "bold"},
        "encoding": {
            "x": {"field": "week", "type": "ordinal", "sort": labels, "scale": {"domain": labels}},
            "y": {"field": "hours", "type": "quantitative", "stack": "zero"},
            "order": {"field": "position", "type": "quantitative"},
            "text": {"field": "key"},
            "color": {"field": "ink", "type": "nominal", "scale": None},
        },
    }]
    available = answers.get_answer(f"{WB}.hours_available")
    subtitle = f"{total:g} hours over {len(weeks)} weeks."
    if isinstance(available, (int, float)) and available > 0:
        layers.append({
            "data": {"values": [{"hours": available, "label": f"your {available:g} hours a week"}]},
            "layer": [
                {"mark": {"type": "rule", "strokeDash": [5, 4], "color": "#444"},
                 "encoding": {"y": {"field": "hours", "type": "quantitative"}}},
                {"mark": {"type": "text", "align": "right", "baseline": "bottom", "dy": -3, "color": "#444",
                          "x": "width"},
                 "encoding": {"y": {"field": "hours", "type": "quantitative"}, "text": {"field": "label"}}},
            ],
        })
        subtitle += " The dashed line is the time you said you have."
    width = max(420, min(640, 34 * len(weeks)))
    return Chart(colour_keys(base_spec("Where your project hours go", subtitle, width=width, height=260,
                                       layer=layers), "project", keys))
