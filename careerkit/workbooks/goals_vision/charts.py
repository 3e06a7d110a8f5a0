"""Charts of workbook 04: the timeline of steps and milestones, and progress per goal."""

from __future__ import annotations

import datetime as _dt

from careerkit.core.logic import goals
from careerkit.core.answers import Answers
from careerkit.presentation.charts.core import colour_keys, ink_on, key_legend, Chart, PALETTE, base_spec, register, shorten, unique_label

WB = goals.WB

_STATE_DOMAIN = ["Done", "To do", "Overdue", "Dropped"]
_STATE_RANGE = [PALETTE[2], PALETTE[0], PALETTE[5], "#b0b7bf"]
_KIND_DOMAIN = ["Step", "Milestone", "Goal target"]
_KIND_RANGE = ["circle", "diamond", "triangle-right"]
_KIND_LABEL = {"step": "Step", "milestone": "Milestone", "target": "Goal target"}


#: What is written beside a step of each state on the timeline (an overdue one says how late it is).
_STATE_NOTE = {"Done": "✓ done", "To do": "", "Overdue": "overdue", "Dropped": "set aside"}


def _state(event: dict) -> str:
    if event["overdue"]:
        return "Overdue"
    if event["status"] in ("done", "achieved"):
        return "Done"
    if event["status"] in ("dropped", "paused"):
        return "Dropped"
    return "To do"


@register(WB, "timeline")
def timeline(answers: Answers, today: _dt.date | None = None) -> Chart:
    """The plan as a timeline: one bold row per goal (from the day it was set to its target,
    a triangle), one row per dated step under it (milestones as diamonds). Overdue steps
    stand out in orange-red with how late they are, and a dashed line marks today."""
    day = today or _dt.date.today()
    events = goals.timeline_events(answers, today=day)
    if not events:
        return Chart.empty("Give your action steps due dates (and your goals target dates) to see your timeline.")
    goal_list = goals.goal_rows(answers)
    by_goal: dict[str, list[dict]] = {g["title"]: [] for g in goal_list}
    targets: dict[str, dict] = {}
    for e in events:
        if e["kind"] == "target":
            targets[e["goal"]] = e
        else:
            by_goal.setdefault(e["goal"] if e["goal"] in by_goal else (e["goal"] or ""), []).append(e)
    seen: set[str] = set()
    order: list[str] = []
    points: list[dict] = []
    lanes: list[dict] = []
    for goal, items in by_goal.items():
        target = targets.get(goal)
        if not items and not target:
            continue
        header = unique_label("▸ " + shorten(goal or "Steps without a known goal", 52), seen)
        order.append(header)
        if target:
            points.append({"row": header, "date": target["date"], "kind": "Goal target", "state": _state(target),
                           "note": ""})
            set_on = next((g.get("set_on") for g in goal_list if g["title"] == goal), None)
            start = min([d for d in [set_on] + [i["date"] for i in items] if d] or [target["date"]])
            lanes.append({"row": header, "start": start, "end": target["date"]})
        for e in items:
            row = unique_label(shorten(e["label"], 46), seen)
            order.append(row)
            state = _state(e)
            note = _STATE_NOTE[state]  # the state in words beside the mark, not only its colour
            if e["overdue"]:
                late = (day - _dt.date.fromisoformat(e["date"])).days
                note = f"{late} day{'s' if late != 1 else ''} overdue"
            points.append({"row": row, "date": e["date"], "kind": _KIND_LABEL[e["kind"]], "state": state,
                           "note": note, "ink": PALETTE[5] if e["overdue"] else "#333"})
    dates = [p["date"] for p in points] + [day.isoformat()]
    overdue = sum(1 for p in points if p["state"] == "Overdue")
    subtitle = (f"{overdue} step{'s are' if overdue != 1 else ' is'} overdue (orange-red). "
                if overdue else "Nothing is overdue. ") + "Diamonds are milestones; triangles are goal targets."
    y = {"field": "row", "type": "nominal", "title": None, "sort": order,
         "axis": {"labelLimit": 300, "domain": False, "ticks": False, "labelPadding": 6, "grid": False,
                  "labelFontWeight": {"condition": {"test": "slice(datum.value, 0, 1) === '▸'", "value": "bold"},
                                      "value": "normal"}}}
    x = {"field": "date", "type": "temporal", "title": None,
         "scale": {"domain": [min(dates), max(dates)], "padding": 14},
         "axis": {"format": "%b %Y", "labelAngle": 0, "tickCount": 6}}
    today_mark = [{"date": day.isoformat(), "text": "today"}]
    layers = [
        {
            "data": {"values": lanes},
            "mark": {"type": "rule", "strokeWidth": 4, "color": "#d5dde5", "strokeCap": "round"},
            "encoding": {"y": y, "x": {**x, "field": "start"}, "x2": {"field": "end"}},
        },
        {
            "data": {"values": today_mark},
            "mark": {"type": "rule", "strokeDash": [4, 4], "color": "#555"},
            "encoding": {"x": x},
        },
        {
            "data": {"values": today_mark},
            "mark": {"type": "text", "dx": 4, "align": "left", "baseline": "top", "color": "#555",
                     "fontSize": 11, "y": -14},
            "encoding": {"x": x, "text": {"field": "text"}},
        },
        {
            "data": {"values": points},
            "mark": {"type": "point", "filled": True, "size": 130, "opacity": 0.95, "stroke": "white",
                     "strokeWidth": 1},
            "encoding": {
                "y": y, "x": x,
                "shape": {"field": "kind", "type": "nominal", "title": None,
                          "scale": {"domain": _KIND_DOMAIN, "range": _KIND_RANGE}},
                "color": {"field": "state", "type": "nominal", "title": None,
                          "scale": {"domain": _STATE_DOMAIN, "range": _STATE_RANGE}},
            },
        },
        {
            "data": {"values": points},
            "mark": {"type": "text", "align": "left", "dx": 9, "fontSize": 11, "fontWeight": "bold"},
            "encoding": {"y": y, "x": x, "text": {"field": "note"},
                         "color": {"field": "ink", "type": "nominal", "scale": None}},
        },
    ]
    return Chart(colour_keys(base_spec("Your plan on a timeline", subtitle, width=460,
                                       height=max(60, 24 * len(order)), layer=layers),
                             "state", {"Done": "done", "To do": "", "Overdue": "overdue", "Dropped": "set aside"}))


_STATUS_ORDER = ["done", "in_progress", "not_started", "dropped"]
_STATUS_RANGE = [PALETTE[2], PALETTE[4], "#d5dde5", "#9aa3ad"]
#: The sign written on each status's part of a bar (not started has none).
_STATUS_KEYS = {"done": "✓", "in_progress": "◐", "not_started": "", "dropped": "✕"}


@register(WB, "goal_progress")
def goal_progress(answers: Answers, today: _dt.date | None = None) -> Chart:
    """For each goal, its steps by status (done, in progress, not started, dropped), with the
    share done and any overdue steps written beside the bar."""
    rows = [r for r in goals.goal_progress(answers, today=today) if r["total"]]
    if not rows:
        return Chart.empty("Add action steps to your goals to see how far along each goal is.")
    order = []
    bars, notes = [], []
    for r in rows:
        name = shorten(r["goal"] or "Steps without a known goal", 48)
        order.append(name)
        for position, status in enumerate(_STATUS_ORDER):
            if r["counts"].get(status):
                bars.append({"goal": name, "status": goals.STEP_STATUSES[status], "steps": r["counts"][status],
                             "order": position, "key": _STATUS_KEYS[status], "ink": ink_on(_STATUS_RANGE[position])})
        note = f"{round(100 * r['share_done'])}% done"
        if r["overdue"]:
            note += f" · {r['overdue']} overdue"
        notes.append({"goal": name, "total": r["total"], "note": note})
    y = {"field": "goal", "type": "nominal", "title": None, "sort": order, "axis": {"labelLimit": 260}}
    most = max(r["total"] for r in rows)
    keys = {goals.STEP_STATUSES[s]: _STATUS_KEYS[s] for s in _STATUS_ORDER}
    return Chart(colour_keys(base_spec(
        "How far along each goal is", "Each bar is one goal's action steps, coloured and marked by status.",
        width=440, height=max(80, 38 * len(rows)),
        layer=[
            {
                "data": {"values": bars},
                "mark": {"type": "bar", "height": {"band": 0.6}},
                "encoding": {
                    "y": y,
                    "x": {"field": "steps", "type": "quantitative", "stack": "zero", "title": "Action steps",
                          "axis": {"tickMinStep": 1, "format": "d"}, "scale": {"domain": [0, most * 1.45]}},
                    "color": {"field": "status", "type": "nominal", "title": None,
                              "scale": {"domain": [goals.STEP_STATUSES[s] for s in _STATUS_ORDER],
                                        "range": _STATUS_RANGE},
                              "legend": key_legend(keys)},
                    "order": {"field": "order", "type": "quantitative"},
                },
            },
            {   # each block's sign, as in the legend: colour is not the only sign of a status
                "data": {"values": bars},
                "mark": {"type": "text", "align": "right", "dx": -5, "fontSize": 12, "fontWeight": "bold"},
                "encoding": {
                    "y": y,
                    "x": {"field": "steps", "type": "quantitative", "stack": "zero"},
                    "order": {"field": "order", "type": "quantitative"},
                    "text": {"field": "key"},
                    "color": {"field": "ink", "type": "nominal", "scale": None},
                },
            },
            {
                "data": {"values": notes},
                "mark": {"type": "text", "align": "left", "dx": 6, "fontSize": 11, "color": "#333"},
                "encoding": {"y": y, "x": {"field": "total", "type": "quantitative"}, "text": {"field": "note"}},
            },
        ],
    ), "status", keys))
