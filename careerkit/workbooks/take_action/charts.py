"""Charts of workbook 10: the weighted ranking of the options, and the 30-60-90 day plan."""

from __future__ import annotations

import datetime as _dt

from careerkit.core.logic import decision
from careerkit.core.answers import Answers
from careerkit.presentation.charts.core import colour_keys, key_legend, letter_keys, PALETTE, Chart, base_spec, register

WB = decision.WB


@register(WB, "weighted_ranking")
def weighted_ranking(answers: Answers) -> Chart:
    """Options by weighted score against the top values; shown only once the gut ranking is saved."""
    if not decision.options(answers):
        return Chart.empty("Tick the options you are deciding between at the top of this workbook.")
    if not decision.criteria(answers):
        return Chart.empty("Sort your values in workbook 3 first: the matrix weighs your options by your top five.")
    if not decision.gut_ranking(answers):
        return Chart.empty("Rank your options by instinct first (“Keep this order” above); then the scored result appears here.")
    gut = {o: i for i, o in enumerate(decision.gut_ranking(answers), start=1)}
    rows = [r for r in decision.ranking(answers) if r["score"] is not None]
    if not rows:
        return Chart.empty("Score your options against your values in the matrix above to see the weighted ranking.")
    values = []
    for r in rows:
        place = gut.get(r["option"])
        note = f"gut #{place}" if place else "not ranked by gut"
        status = "fully scored" if r["scored"] == r["total"] else f"{r['scored']} of {r['total']} values scored"
        # the highest score says so in words beside its bar, not only by its colour
        values.append({"option": r["option"][:60], "score": r["score"],
                       "label": f"{r['score']:.0f} · {note}" + (" · highest" if r["rank"] == 1 else ""),
                       "status": status, "top": r["rank"] == 1})
    top = rows[0]["option"]
    subtitle = f"Weighted by your top values from workbook 3. Highest: {top[:60]}."
    order = [v["option"] for v in values]
    return Chart(colour_keys(base_spec(
        "Your options, weighed against your values", subtitle, width=440, height=max(120, 34 * len(values)),
        data={"values": values},
        layer=[
            {
                "mark": {"type": "bar", "cornerRadiusEnd": 3},
                "encoding": {
                    "y": {"field": "option", "type": "nominal", "sort": order, "title": None,
                          "axis": {"labelLimit": 260}},
                    "x": {"field": "score", "type": "quantitative", "title": "Weighted score (0–100)",
                          "scale": {"domain": [0, 100]}},
                    "color": {"field": "top", "type": "nominal", "legend": None,
                              "scale": {"domain": [True, False], "range": [PALETTE[2], "#9fb8cc"]}},
                    "opacity": {"field": "status", "type": "nominal", "legend": None,
                                "scale": {"type": "ordinal", "range": [1, 0.55, 0.55, 0.55, 0.55, 0.55]}},
                    "tooltip": [{"field": "option", "type": "nominal"}, {"field": "score", "type": "quantitative"},
                                {"field": "status", "type": "nominal"}],
                },
            },
            {
                "mark": {"type": "text", "align": "left", "dx": 5, "fontSize": 11, "color": "#333"},
                "encoding": {
                    "y": {"field": "option", "type": "nominal", "sort": order},
                    "x": {"field": "score", "type": "quantitative"},
                    "text": {"field": "label"},
                },
            },
        ],
    ), "top", {True: "highest", False: ""}))


_KIND_COLOURS = {label: PALETTE[i] for i, label in enumerate(decision.KIND_LABELS.values())}


@register(WB, "action_plan")
def action_plan(answers: Answers, today: _dt.date | None = None) -> Chart:
    """The dated steps of the plan on a time line, in their 30/60/90 day windows."""
    plan = decision.plan(answers, today)
    steps = [s for w in plan["windows"] for s in w["steps"]] + plan["later"]
    if not steps or not plan["start"]:
        return Chart.empty("Add a few next steps with a date to see your 30-60-90 day plan.")
    start = _dt.date.fromisoformat(plan["start"])
    bands = []
    previous = start
    for (label, days), shade in zip(decision.WINDOWS, ("#eef5fb", "#f6f9fc", "#eef5fb")):
        end = start + _dt.timedelta(days=days)
        bands.append({"from": previous.isoformat(), "to": end.isoformat(), "label": label, "shade": shade})
        previous = end
    points = []
    for s in steps:
        label = s["step"] if len(s["step"]) <= 48 else s["step"][:47] + "…"
        done = s["status"] == "done"
        points.append({"date": s["due"], "step": label, "kind": s["kind"] or "Something else",
                       "state": "done" if done else "overdue" if s["overdue"] else "to do"})
    order = [p["step"] for p in sorted(points, key=lambda p: p["date"])]
    kinds = [k for k in _KIND_COLOURS if any(p["kind"] == k for p in points)]
    keys = letter_keys(kinds)
    for p in points:
        p["key"] = keys[p["kind"]]
    x_scale = {"domain": [start.isoformat(), max([bands[-1]["to"]] + [p["date"] for p in points])]}
    done = sum(1 for p in points if p["state"] == "done")
    subtitle = f"{len(points)} steps from {start:%d %b %Y}; {done} done."
    if plan["overdue"]:
        subtitle += f" {plan['overdue']} past their date: move the date or the step."
    spec = base_spec(
        "Your 30-60-90 day plan", subtitle, width=520, height=max(140, 28 * len(points)),
        layer=[
            {
                "data": {"values": bands},
                "mark": {"type": "rect"},
                "encoding": {
                    "x": {"field": "from", "type": "temporal", "scale": x_scale, "title": None,
                          "axis": {"format": "%d %b"}},
                    "x2": {"field": "to"},
                    "fill": {"field": "shade", "type": "nominal", "scale": None, "legend": None},
                },
            },
            {
                "data": {"values": bands},
                "mark": {"type": "text", "align": "left", "baseline": "bottom", "dx": 4, "dy": -3,
                         "fontSize": 11, "color": "#555", "fontStyle": "italic"},
                "encoding": {"x": {"field": "from", "type": "temporal", "scale": x_scale},
                             "y": {"value": 0}, "text": {"field": "label"}},
            },
            {
                "data": {"values": points},
                "mark": {"type": "point", "filled": True, "size": 140, "strokeWidth": 2},
                "encoding": {
                    "x": {"field": "date", "type": "temporal", "scale": x_scale},
                    "y": {"field": "step", "type": "nominal", "sort": order, "title": None,
                          "axis": {"labelLimit": 300}},
                    "color": {"field": "kind", "type": "nominal", "title": None,
                              "scale": {"domain": kinds, "range": [_KIND_COLOURS[k] for k in kinds]},
                              "legend": key_legend(keys, columns=3, labelLimit=220)},
                    "shape": {"field": "state", "type": "nominal", "title": None,
                              "scale": {"domain": ["to do", "done", "overdue"],
                                        "range": ["circle", "diamond", "triangle-up"]}},
                    "tooltip": [{"field": "step", "type": "nominal"}, {"field": "date", "type": "temporal"},
                                {"field": "kind", "type": "nominal"}, {"field": "state", "type": "nominal"}],
                },
            },
            {   # each step's letter beside it, as in the legend: colour is not the only sign of its kind
                "data": {"values": points},
                "mark": {"type": "text", "align": "left", "dx": 9, "fontSize": 11, "fontWeight": "bold",
                         "color": "#333"},
                "encoding": {
                    "x": {"field": "date", "type": "temporal", "scale": x_scale},
                    "y": {"field": "step", "type": "nominal", "sort": order},
                    "text": {"field": "key"},
                },
            },
        ],
    )
    colour_keys(spec, "kind", keys)
    spec["title"]["offset"] = 18  # room for the window names above the plot
    return Chart(spec)
