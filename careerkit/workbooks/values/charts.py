"""Charts of workbook 03: motivations, value alignment (heatmap and ranking), O*NET work values."""

from __future__ import annotations

from careerkit.core.logic import values
from careerkit.core.answers import Answers
from careerkit.presentation.charts.core import colour_keys, Chart, PALETTE, base_spec, register, unique_labels

WB = values.WB


@register(WB, "motivations")
def motivations(answers: Answers) -> Chart:
    """How much each motivation matters, most first; income stands apart from the rest."""
    given = values.motivations(answers)
    if len(given) < 2:
        return Chart.empty("Rate at least two motivations above to see what drives you.")
    order = list(values.MOTIVATIONS)
    rows = [{"motivation": values.MOTIVATIONS[k][1], "rating": r,
             "group": "money" if k == "income" else "beyond money", "pos": order.index(k)}
            for k, r in given.items()]
    rows.sort(key=lambda r: (-r["rating"], r["pos"]))
    sort = [r["motivation"] for r in rows]
    above = [r["motivation"] for r in rows if r["group"] == "beyond money" and r["rating"] > given.get("income", 6)]
    subtitle = (f"{len(above)} of your motivations matter more to you than income." if "income" in given
                else "Longer bars matter more to you.")
    y = {"field": "motivation", "type": "nominal", "sort": sort, "title": None}
    # the money bar is the one named income on the axis: its colour is not the only sign
    keys = {"money": values.MOTIVATIONS["income"][1], "beyond money": ""}
    return Chart(colour_keys(base_spec(
        "What motivates you", subtitle, width=420, height=max(120, 28 * len(rows)),
        data={"values": rows},
        layer=[
            {"mark": {"type": "bar", "cornerRadiusEnd": 3},
             "encoding": {
                 "y": y,
                 "x": {"field": "rating", "type": "quantitative", "title": "How much it matters (1–5)",
                       "scale": {"domain": [0, 5]}, "axis": {"values": [1, 2, 3, 4, 5], "format": "d"}},
                 "color": {"field": "group", "type": "nominal", "title": None,
                           "scale": {"domain": ["beyond money", "money"], "range": [PALETTE[2], PALETTE[1]]}},
             }},
            {"mark": {"type": "text", "align": "left", "dx": 4},
             "encoding": {"y": y, "x": {"field": "rating", "type": "quantitative"},
                          "text": {"field": "rating", "type": "quantitative"}}},
        ],
    ), "group", keys))


def _value_label(value: str, weight: float) -> str:
    return f"{value} ({weight:.0%})"


@register(WB, "alignment_heatmap")
def alignment_heatmap(answers: Answers) -> Chart:
    """Each shortlisted option against each top value: how well it serves it (1–5)."""
    top = values.top_values(answers)
    details = values.alignment_details(answers)
    if not top:
        return Chart.empty("Sort a few cards into “Very important” to choose your top values first.")
    if not details:
        return Chart.empty("Add options to your shortlist in workbook 2, then rate them against your values here.")
    if not any(d["rated"] for d in details):
        return Chart.empty("Rate your shortlisted options against your top values to see the heatmap.")
    options = unique_labels([d["title"] for d in details], width=40)
    columns = [_value_label(v, w) for v, w in top]
    cells = []
    for label, d in zip(options, details):
        for (value, weight), column in zip(top, columns):
            rating = d["ratings"].get(value)
            cells.append({"option": label, "value": column, "rating": rating,
                          "text": str(rating) if rating else "–"})
    y = {"field": "option", "type": "nominal", "sort": options, "title": None,
         "axis": {"labelLimit": 300, "grid": False, "ticks": False, "domain": False}}
    x = {"field": "value", "type": "nominal", "sort": columns, "title": "Your top values (weight)",
         "axis": {"orient": "top", "labelAngle": -30, "labelLimit": 200, "grid": False, "ticks": False,
                  "domain": False}}
    return Chart(base_spec(
        "How well each option serves your top values",
        "1 works against the value, 5 fully serves it. Options are ordered by their weighted score.",
        width=max(240, 92 * len(columns)), height=max(90, 36 * len(options)),
        data={"values": cells},
        layer=[
            {"mark": {"type": "rect", "stroke": "white", "strokeWidth": 2, "color": "#f1f3f5"},
             "encoding": {"x": x, "y": y}},
            {"transform": [{"filter": "datum.rating != null"}],
             "mark": {"type": "rect", "stroke": "white", "strokeWidth": 2},
             "encoding": {"x": x, "y": y,
                          "color": {"field": "rating", "type": "quantitative", "title": "Rating",
                                    "scale": {"domain": [1, 5], "scheme": "blueorange", "reverse": True},
                                    "legend": {"values": [1, 2, 3, 4, 5], "format": "d"}}}},
            {"mark": {"type": "text", "fontSize": 13},
             "encoding": {"x": x, "y": y, "text": {"field": "text"},
                          "color": {"condition": {"test": "datum.rating == 1 || datum.rating == 5", "value": "white"},
                                    "value": "#222"}}},
        ],
    ))


@register(WB, "alignment_ranking")
def alignment_ranking(answers: Answers) -> Chart:
    """Each option's weighted alignment score, 0–100, best first."""
    details = [d for d in values.alignment_details(answers) if d["score"] is not None]
    if not details:
        return Chart.empty("Rate your shortlisted options against your top values to see them ranked.")
    labels = unique_labels([d["title"] for d in details], width=40)
    rows = [{"option": label, "score": d["score"],
             "text": f"{d['score']:.0f}" + ("" if d["rated"] == d["total"] else f" ({d['rated']} of {d['total']} rated)"),
             "complete": "all top values rated" if d["rated"] == d["total"] else "some values not rated yet"}
            for label, d in zip(labels, details)]
    y = {"field": "option", "type": "nominal", "sort": labels, "title": None, "axis": {"labelLimit": 300}}
    # an option not fully rated says so in words beside its bar, not only by its paler colour
    keys = {"all top values rated": "", "some values not rated yet": "rated"}
    return Chart(colour_keys(base_spec(
        "Your options, ranked by your values",
        "Weighted by your top five (first value counts most). 100 = serves every top value fully, 50 = neutral.",
        width=380, height=max(90, 32 * len(rows)),
        data={"values": rows},
        layer=[
            {"mark": {"type": "bar", "cornerRadiusEnd": 3},
             "encoding": {"y": y,
                          "x": {"field": "score", "type": "quantitative", "title": "Alignment with your values (0–100)",
                                "scale": {"domain": [0, 100]}},
                          "color": {"field": "complete", "type": "nominal", "title": None,
                                    "scale": {"domain": ["all top values rated", "some values not rated yet"],
                                              "range": [PALETTE[0], "#9fbfd9"]}}}},
            {"mark": {"type": "text", "align": "left", "dx": 4},
             "encoding": {"y": y, "x": {"field": "score", "type": "quantitative"}, "text": {"field": "text"}}},
        ],
    ), "complete", keys))


@register(WB, "work_values")
def work_values(answers: Answers) -> Chart:
    """The person's motivations mapped onto O*NET's six work values, next to each O*NET option."""
    rows = values.work_value_comparison(answers)
    if not rows:
        return Chart.empty("Link a shortlisted role to an O*NET occupation in workbook 2 to compare its work values with yours.")
    if not any(s is not None for s in rows[0]["you"].values()):
        return Chart.empty("Rate your motivations above to compare them with your O*NET options.")
    names = [values.WORK_VALUES[wv][0] for wv in values.WORK_VALUES]
    labels = unique_labels([r["title"] for r in rows], width=60)
    points = []
    for label, r in zip(labels, rows):
        for wv, (name, _meaning) in values.WORK_VALUES.items():
            you, occ = r["you"][wv], r["occupation"][wv]
            points.append({"option": label, "value": name, "who": "This occupation (O*NET)", "score": occ})
            if you is not None:
                points.append({"option": label, "value": name, "who": "You (from your motivations)", "score": you})
    y = {"field": "value", "type": "nominal", "sort": names, "title": None}
    x = {"field": "score", "type": "quantitative", "scale": {"domain": [0, 100]},
         "title": "How strongly it features (0–100; different sources, compare the shape)"}
    targets = {t for t, _note in values.MOTIVATION_TO_WORK_VALUE.values()}
    missing = [name for wv, (name, _m) in values.WORK_VALUES.items() if wv not in targets]
    subtitle = "Your dots come from your motivations" + (
        f"; nothing asked here maps onto {' or '.join(missing)}, so you have no dot there." if missing else ".")
    return Chart(base_spec(
        "Work values: you and your O*NET options", subtitle,
        data={"values": points},
        facet={"row": {"field": "option", "type": "nominal", "sort": labels,
                       "header": {"labelAngle": 0, "labelAlign": "left", "labelAnchor": "start",
                                  "labelOrient": "top", "labelFontSize": 13, "labelFontWeight": "bold",
                                  "labelLimit": 500},
                       "title": None}},
        spec={
            "width": 420, "height": 150,
            "layer": [
                {"mark": {"type": "rule", "color": "#c5ccd3"},
                 "encoding": {"y": y, "x": {"aggregate": "min", "field": "score", "type": "quantitative"},
                              "x2": {"aggregate": "max", "field": "score"}}},
                {"mark": {"type": "point", "filled": True, "size": 110, "opacity": 1},
                 "encoding": {"y": y, "x": x,
                              "color": {"field": "who", "type": "nominal", "title": None,
                                        "legend": {"labelLimit": 300},
                                        "scale": {"domain": ["You (from your motivations)", "This occupation (O*NET)"],
                                                  "range": [PALETTE[5], PALETTE[0]]}},
                              "shape": {"field": "who", "type": "nominal", "title": None,
                                        "scale": {"domain": ["You (from your motivations)", "This occupation (O*NET)"],
                                                  "range": ["circle", "diamond"]}}}},
            ],
        },
    ))
