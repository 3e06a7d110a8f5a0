"""Charts of workbook 11: where the shortlisted options stand, and progress across the workbooks."""

from __future__ import annotations

from careerkit.workbooks.career_compass import compass
from careerkit.core.answers import Answers
from careerkit.presentation.charts.core import colour_keys, key_legend, PALETTE, Chart, base_spec, register

WB = compass.WB


@register(WB, "options_map")
def options_map(answers: Answers) -> Chart:
    """Shortlisted options placed by interest fit (across) and values alignment (up)."""
    part = compass.options_part(answers)
    if part.missing:
        return Chart.empty(part.missing)
    points = [{"title": i["title"][:40], "fit": i["fit"], "alignment": i["alignment"],
               "chosen": "your choice" if i["chosen"] else "on your shortlist"}
              for i in part.items if i["fit"] is not None and i["alignment"] is not None]
    if not points:
        return Chart.empty("This map needs options with both an O*NET interest fit (workbook 2) and a values "
                           "alignment score (workbook 3).")
    # labels of points close together go one above, one below, so they do not print over each other
    points.sort(key=lambda p: (-p["alignment"], p["fit"]))
    for i, p in enumerate(points):
        p["below"] = any(abs(q["alignment"] - p["alignment"]) < 7 and abs(q["fit"] - p["fit"]) < 40
                         and not q["below"] for q in points[:i])
    left_out = [i["title"] for i in part.items if i["fit"] is None or i["alignment"] is None]
    subtitle = "Top right: fits your interests and honours your values."
    if left_out:
        subtitle = [subtitle, "Not placed (no O*NET link or no values rating): " + ", ".join(left_out)[:110]]
    scale = {"domain": [0, 100]}
    guides = [{"x": 50, "y": 50}]
    return Chart(base_spec(
        "Where your options stand", subtitle,
        width=440, height=360,
        layer=[
            {"data": {"values": guides}, "mark": {"type": "rule", "color": "#c9d1d9", "strokeDash": [4, 4]},
             "encoding": {"x": {"field": "x", "type": "quantitative", "scale": scale}}},
            {"data": {"values": guides}, "mark": {"type": "rule", "color": "#c9d1d9", "strokeDash": [4, 4]},
             "encoding": {"y": {"field": "y", "type": "quantitative", "scale": scale}}},
            {"data": {"values": points},
             "mark": {"type": "point", "filled": True, "size": 160, "opacity": 0.9, "stroke": "white"},
             "encoding": {
                 "x": {"field": "fit", "type": "quantitative", "scale": scale, "title": "Interest fit (workbook 2)"},
                 "y": {"field": "alignment", "type": "quantitative", "scale": scale,
                       "title": "Values alignment (workbook 3)"},
                 "color": {"field": "chosen", "type": "nominal", "title": None,
                           "scale": {"domain": ["your choice", "on your shortlist"], "range": [PALETTE[5], PALETTE[0]]}},
                 # your choice has its own shape too: colour is not the only sign of it
                 "shape": {"field": "chosen", "type": "nominal", "title": None,
                           "scale": {"domain": ["your choice", "on your shortlist"], "range": ["diamond", "circle"]}},
                 "tooltip": [{"field": "title", "type": "nominal"}, {"field": "fit", "type": "quantitative"},
                             {"field": "alignment", "type": "quantitative"}],
             }},
            *[{"data": {"values": points}, "transform": [{"filter": {"field": "below", "equal": below}}],
               "mark": {"type": "text", "align": "left", "dx": 9, "dy": 14 if below else -8, "fontSize": 11,
                        "limit": 200},
               "encoding": {"x": {"field": "fit", "type": "quantitative", "scale": scale},
                            "y": {"field": "alignment", "type": "quantitative", "scale": scale},
                            "text": {"field": "title"}}} for below in (False, True)],
        ],
    ))


@register(WB, "progress")
def progress(answers: Answers) -> Chart:
    """Share of questions answered in each workbook."""
    rows = compass.progress_rows(answers)
    if not any(r["answered"] for r in rows):
        return Chart.empty("Nothing answered yet: start with workbook 1, and your progress across all the "
                           "workbooks appears here.")
    values = [{"workbook": f"{r['number']:02d} {r['title']}", "share": r["share"],
               "state": "complete" if r["share"] == 100 else "started" if r["answered"] else "not started",
               "label": f"{r['answered']}/{r['total']}" + (" ✓" if r["share"] == 100 else " ◐" if r["answered"] else "")}
              for r in rows]
    keys = {"complete": "✓", "started": "◐", "not started": ""}
    done = sum(1 for v in values if v["state"] == "complete")
    order = [v["workbook"] for v in values]
    return Chart(colour_keys(base_spec(
        "Your progress across the workbooks", f"{done} of {len(values)} complete.",
        width=420, height=max(120, 26 * len(values)),
        data={"values": values},
        layer=[
            {"mark": {"type": "bar", "cornerRadiusEnd": 3},
             "encoding": {
                 "y": {"field": "workbook", "type": "nominal", "sort": order, "title": None, "axis": {"labelLimit": 260}},
                 "x": {"field": "share", "type": "quantitative", "scale": {"domain": [0, 100]},
                       "title": "Questions answered (%)"},
                 "color": {"field": "state", "type": "nominal", "title": None,
                           "scale": {"domain": ["complete", "started", "not started"],
                                     "range": [PALETTE[2], PALETTE[0], "#c9d1d9"]},
                           "legend": key_legend(keys)},
             }},
            {"mark": {"type": "text", "align": "left", "dx": 4, "fontSize": 11, "color": "#444"},
             "encoding": {"y": {"field": "workbook", "type": "nominal", "sort": order},
                          "x": {"field": "share", "type": "quantitative"},
                          "text": {"field": "label"}}},
        ],
    ), "state", keys))
