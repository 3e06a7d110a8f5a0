"""Charts of workbook 07: skill gaps against target roles, and progress through the learning plan."""

from __future__ import annotations

import datetime as _dt

from careerkit.core.logic import learning
from careerkit.core.answers import Answers
from careerkit.presentation.charts.core import colour_keys, Chart, PALETTE, base_spec, register, shorten

WB = learning.WB

_MAX_SKILLS = 15
_WHICH = ["your level", "level the role needs"]


@register(WB, "skill_gaps")
def skill_gaps(answers: Answers) -> Chart:
    """Your level against the level each role needs, biggest gaps in the most important skills first."""
    roles = learning.chosen_roles(answers)
    if not roles:
        return Chart.empty("Add roles with an O*NET code to your shortlist in workbook 2, then tick them above "
                           "to compare your skills with what they need.")
    gaps = learning.priority_gaps(answers, roles)
    to_rate = [s for s in learning.skills_to_rate(answers, roles) if s["own"] is None]
    if not gaps:
        return Chart.empty(f"Rate your own level in the {len(to_rate)} skills above to see your gaps.")
    shown = gaps[:_MAX_SKILLS]
    values = []
    for rank, g in enumerate(shown):
        values.append({
            "skill": g["skill"], "order": rank, "own": g["own"], "required": g["required"],
            "importance": g["importance"], "priority": g["priority"],
            "label": f"gap {g['gap']:.1f} · priority {g['priority']:.1f}" if g["gap"] > 0 else "already met",
            "role": shorten(g["role"], 40),
            "status": "a gap to close" if g["gap"] > 0 else "already met",
        })
    marks = [{"skill": v["skill"], "order": v["order"], "level": v[key], "which": which}
             for v in values for key, which in (("own", _WHICH[0]), ("required", _WHICH[1]))]
    order = [v["skill"] for v in values]
    y = {"field": "skill", "type": "nominal", "sort": order, "title": None, "axis": {"labelLimit": 240}}
    x_scale = {"domain": [0, 7], "nice": False}
    layers = [
        {
            "mark": {"type": "rule", "strokeWidth": 3, "color": "#c5ced8"},
            "encoding": {"y": y, "x": {"field": "own", "type": "quantitative", "scale": x_scale, "title": None},
                         "x2": {"field": "required"}},
        },
        {
            "data": {"values": marks},
            "mark": {"type": "point", "filled": True, "size": 120, "opacity": 1},
            "encoding": {
                "y": y,
                "x": {"field": "level", "type": "quantitative", "scale": x_scale,
                      "title": "Level (0–7, O*NET's level scale)", "axis": {"values": list(range(8)), "format": "d"}},
                "color": {"field": "which", "type": "nominal", "title": None,
                          "scale": {"domain": _WHICH, "range": [PALETTE[0], PALETTE[5]]}},
                "shape": {"field": "which", "type": "nominal", "title": None,
                          "scale": {"domain": _WHICH, "range": ["circle", "diamond"]}},
            },
        },
        {
            "mark": {"type": "text", "align": "left", "x": 432, "fontSize": 11, "color": "#444"},
            "encoding": {"y": y, "text": {"field": "label"}},
        },
    ]
    roles_text = " and ".join(r["title"] for r in roles) if len(roles) <= 2 else f"{len(roles)} roles"
    subtitle = [f"Compared with {shorten(roles_text, 110)}.",
                "Priority = gap × O*NET importance (1–5): the top rows are the gaps that matter most."]
    if to_rate:
        subtitle.append(f"{len(to_rate)} skill{'s' if len(to_rate) != 1 else ''} still to rate.")
    height = max(140, 26 * len(values))
    return Chart(base_spec("Your biggest skill gaps", subtitle, width=420, height=height,
                           data={"values": values}, layer=layers, padding={"left": 8, "right": 160, "top": 8, "bottom": 8}))


_STATUS_COLOURS = {"in_progress": PALETTE[0], "planned": PALETTE[4], "done": PALETTE[2], "idea": "#b8c2cc"}


@register(WB, "plan_progress")
def plan_progress(answers: Answers) -> Chart:
    """The learning plan on a calendar: each item from start to finish, filled as far as it has got."""
    today = _dt.date.today()
    items = [i for i in learning.plan_items(answers, today) if i["status"] != "dropped"]
    dated = [i for i in items if i["start"] and i["end"] and i["end"] >= i["start"]]
    if not dated:
        return Chart.empty("Give your learning plan items a start and a finish date to see them on a calendar.")
    values = []
    for order, i in enumerate(dated):
        span = (i["end"] - i["start"]).days
        reached = i["start"] + _dt.timedelta(days=round(span * i["progress"] / 100))
        values.append({
            "label": shorten(i["item"], 44), "order": order, "start": i["start"].isoformat(),
            "end": i["end"].isoformat(), "reached": reached.isoformat(),
            "status": learning.STATUS_LABELS[i["status"]] + (" (overdue)" if i["overdue"] else ""),
            # the status in words beside the bar: colour is not the only sign of it
            "status_key": i["status"], "progress": f"{i['progress']:g}% · {learning.STATUS_LABELS[i['status']]}",
            "skill": i["skill"] or "",
        })
    domain = [learning.STATUS_LABELS[s] for s in _STATUS_COLOURS]
    color = {"field": "status_key", "type": "nominal", "title": None,
             "scale": {"domain": list(_STATUS_COLOURS), "range": list(_STATUS_COLOURS.values())},
             "legend": {"symbolOpacity": 1, "labelExpr": "{" + ", ".join(f"'{k}': '{v}'" for k, v in zip(_STATUS_COLOURS, domain))
                        + "}[datum.value]"}}
    y = {"field": "label", "type": "nominal", "sort": {"field": "order", "order": "ascending"}, "title": None,
         "axis": {"labelLimit": 300}}
    layers = [
        {
            "mark": {"type": "bar", "cornerRadius": 3, "height": 16, "opacity": 0.28},
            "encoding": {"y": y, "x": {"field": "start", "type": "temporal", "title": None,
                                       "axis": {"format": "%b %Y", "tickCount": "month"}},
                         "x2": {"field": "end"}, "color": color},
        },
        {
            "mark": {"type": "bar", "cornerRadius": 3, "height": 16},
            "encoding": {
                "y": y, "x": {"field": "start", "type": "temporal"}, "x2": {"field": "reached"},
                "color": color,
            },
        },
        {
            "mark": {"type": "text", "align": "left", "dx": 5, "fontSize": 11, "color": "#444"},
            "encoding": {"y": y, "x": {"field": "end", "type": "temporal"}, "text": {"field": "progress"}},
        },
        {
            "data": {"values": [{"today": today.isoformat(), "label": "today"}]},
            "layer": [
                {"mark": {"type": "rule", "color": PALETTE[5], "strokeDash": [4, 3]},
                 "encoding": {"x": {"field": "today", "type": "temporal"}}},
                {"mark": {"type": "text", "color": PALETTE[5], "baseline": "bottom", "y": 0, "dy": -2, "fontSize": 11},
                 "encoding": {"x": {"field": "today", "type": "temporal"}, "text": {"field": "label"}}},
            ],
        },
    ]
    done = sum(1 for i in items if i["status"] == "done")
    subtitle = [f"{done} of {len(items)} items done. The pale bar is the whole item; the solid part is how far along it is."]
    undated = len(items) - len(dated)
    if undated:
        subtitle.append(f"{undated} item{'s' if undated != 1 else ''} without dates not shown.")
    height = max(100, 30 * len(values))
    return Chart(colour_keys(base_spec("Your learning plan, on the calendar", subtitle, width=480, height=height,
                                       data={"values": values}, layer=layers),
                             "status_key", {k: learning.STATUS_LABELS[k] for k in _STATUS_COLOURS}))
