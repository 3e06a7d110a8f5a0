"""Charts of workbook 02: interest fit of the shortlist, exploration activity over time, energy by kind."""

from __future__ import annotations

import datetime as _dt

from careerkit.core.logic import derived, exploration
from careerkit.core.answers import Answers
from careerkit.core.logic.riasec import TYPES
from careerkit.presentation.charts.core import colour_keys, ink_on, key_legend, letter_keys, Chart, PALETTE, base_spec, register, unique_labels

WB = exploration.WB

#: A colour per kind of activity, fixed so a kind keeps its colour as the log grows.
KIND_COLOURS = dict(zip(exploration.KIND_LABELS.values(), [
    PALETTE[0], PALETTE[4], PALETTE[2], PALETTE[1], PALETTE[6], PALETTE[7], "#cccccc", PALETTE[5], PALETTE[3],
]))


@register(WB, "shortlist_fit")
def shortlist_fit(answers: Answers) -> Chart:
    """Each shortlisted option's O*NET interest fit next to the person's own sense of fit."""
    options = exploration.shortlist(answers)
    if not options:
        return Chart.empty("Add a few roles or industries to your shortlist to compare how well they fit you.")
    profile = derived.interest_profile(answers)
    if sum(profile.scores.get(t) is not None for t in TYPES) < 3:
        return Chart.empty("Finish “Your interest profile” in workbook 1 to see how your shortlist fits your interests.")
    labels = unique_labels([o["title"] for o in options])
    rows = []
    for label, o in zip(labels, options):
        if o["fit"] is not None:
            text = f"{o['fit']:.0f}"
        else:
            text = "no O*NET link" if not o["onet_code"] else "no interest data"
        rows.append({"option": label, "fit": o["fit"], "fit_text": text, "my_fit": o["my_fit"],
                     "my_text": f"{o['my_fit']}/5" if o["my_fit"] else "not rated",
                     "linked": o["fit"] is not None})
    height = max(90, 30 * len(rows))
    y = {"field": "option", "type": "nominal", "sort": labels, "title": None, "axis": {"labelLimit": 300}}
    fit_panel = {
        "width": 300, "height": height,
        "title": {"text": "Interest fit (O*NET, 0–100)", "fontSize": 12, "fontWeight": "normal"},
        "layer": [
            {"mark": {"type": "bar", "cornerRadiusEnd": 3, "color": PALETTE[0]},
             "encoding": {"y": y, "x": {"field": "fit", "type": "quantitative", "title": None,
                                         "scale": {"domain": [0, 100]}}}},
            {"mark": {"type": "text", "align": "left", "dx": 4, "color": "#333"},
             "encoding": {"y": y, "x": {"field": "fit", "type": "quantitative"},
                          "text": {"field": "fit_text"}}},
            {"transform": [{"filter": "!datum.linked"}],
             "mark": {"type": "text", "align": "left", "x": 4, "color": "#777", "fontStyle": "italic"},
             "encoding": {"y": y, "text": {"field": "fit_text"}}},
        ],
    }
    own_panel = {
        "width": 170, "height": height,
        "title": {"text": "Your own sense of fit (1–5)", "fontSize": 12, "fontWeight": "normal"},
        "layer": [
            {"mark": {"type": "bar", "cornerRadiusEnd": 3, "color": PALETTE[1]},
             "encoding": {"y": {**y, "axis": None}, "x": {"field": "my_fit", "type": "quantitative", "title": None,
                                                          "scale": {"domain": [0, 5]},
                                                          "axis": {"values": [1, 2, 3, 4, 5]}}}},
            {"mark": {"type": "text", "align": "left", "dx": 4, "color": "#333"},
             "encoding": {"y": {**y, "axis": None}, "x": {"field": "my_fit", "type": "quantitative"},
                          "text": {"field": "my_text"}}},
        ],
    }
    return Chart(base_spec(
        "How your shortlist fits you",
        "Left: how closely each occupation's interest pattern matches yours. Right: your own gut feeling.",
        data={"values": rows},
        hconcat=[fit_panel, own_panel],
        resolve={"scale": {"y": "shared"}},
    ))


def _period_label(start: str, period: str) -> str:
    day = _dt.date.fromisoformat(start)
    return f"{day:%b %Y}" if period == "month" else f"{day.day} {day:%b}"


@register(WB, "activity_over_time")
def activity_over_time(answers: Answers) -> Chart:
    """How many exploration activities of each kind happened per week (or month)."""
    period, rows = exploration.activity_by_period(answers)
    if not rows:
        return Chart.empty("Log a dated event, webinar, reading or conversation to see your exploration over time.")
    starts = exploration.period_starts(rows[0]["start"], rows[-1]["start"], period)
    domain = [_period_label(s, period) for s in starts]
    kinds = [k for k in exploration.KIND_LABELS.values() if any(r["label"] == k for r in rows)]
    keys = letter_keys(kinds)
    values = [{**r, "period": _period_label(r["start"], period), "key": keys[r["label"]],
               "ink": ink_on(KIND_COLOURS[r["label"]])} for r in rows]
    total = sum(r["count"] for r in rows)
    per = "week" if period == "week" else "month"
    return Chart(colour_keys(base_spec(
        "Your exploration over time",
        f"{total} activit{'y' if total == 1 else 'ies'} logged, counted per {per}. A steady trickle beats one busy {per}.",
        width=max(260, min(620, 44 * len(domain))), height=220,
        data={"values": values},
        encoding={
            "x": {"field": "period", "type": "ordinal", "sort": domain, "scale": {"domain": domain},
                  "title": "Week starting" if period == "week" else "Month", "axis": {"labelAngle": 0}},
            "y": {"field": "count", "type": "quantitative", "title": "Activities", "stack": "zero",
                  "axis": {"tickMinStep": 1, "format": "d"}},
            "order": {"field": "kind", "type": "nominal"},
        },
        layer=[
            {"mark": {"type": "bar"},
             "encoding": {"color": {"field": "label", "type": "nominal", "title": None,
                                    "scale": {"domain": kinds, "range": [KIND_COLOURS[k] for k in kinds]},
                                    "legend": key_legend(keys, columns=3, symbolType="square")}}},
            # each block's letter, as in the legend: colour is not the only sign of its kind
            {"mark": {"type": "text", "baseline": "top", "dy": 3, "fontSize": 11, "fontWeight": "bold"},
             "encoding": {"text": {"field": "key"}, "color": {"field": "ink", "type": "nominal", "scale": None}}},
        ],
    ), "label", keys))


@register(WB, "energy_by_kind")
def energy_by_kind(answers: Answers) -> Chart:
    """Average energy after each kind of research activity."""
    rows = exploration.energy_by_kind(answers)
    if not rows:
        return Chart.empty("Rate your energy after a few research-log entries to see which kinds of exploring suit you.")
    for r in rows:
        r["text"] = f"{r['energy']:g} ({r['count']}×)"
    order = [r["label"] for r in rows]
    return Chart(base_spec(
        "Which kinds of exploring give you energy",
        "Average energy afterwards (1 drained – 5 energised); the number in brackets is how many entries.",
        width=420, height=max(90, 30 * len(rows)),
        data={"values": rows},
        layer=[
            {"mark": {"type": "bar", "cornerRadiusEnd": 3},
             "encoding": {
                 "y": {"field": "label", "type": "nominal", "sort": order, "title": None},
                 "x": {"field": "energy", "type": "quantitative", "title": "Average energy afterwards",
                       "scale": {"domain": [0, 5]}, "axis": {"values": [1, 2, 3, 4, 5], "format": "d"}},
                 "color": {"field": "label", "type": "nominal", "legend": None,
                           "scale": {"domain": order, "range": [KIND_COLOURS.get(k, PALETTE[7]) for k in order]}},
             }},
            {"mark": {"type": "text", "align": "left", "dx": 4},
             "encoding": {"y": {"field": "label", "type": "nominal", "sort": order},
                          "x": {"field": "energy", "type": "quantitative"},
                          "text": {"field": "text"}}},
        ],
    ))
