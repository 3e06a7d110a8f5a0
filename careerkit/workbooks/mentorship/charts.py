"""Charts of workbook 05: which needs are covered by whom, and the mentor map."""

from __future__ import annotations

from collections import defaultdict

from careerkit.core.logic import mentorship
from careerkit.core.answers import Answers
from careerkit.presentation.charts.core import colour_keys, ink_on, PALETTE, Chart, base_spec, register

WB = mentorship.WB

_BANDS = ["Know them well (4–5)", "Know them a little (3)", "Barely know them (1–2)", "Not rated"]
_BAND_RANGE = [PALETTE[0], PALETTE[4], "#b9d9ee", "#d5dde5"]
#: Written before each person's name: how well you know them, as the legend says it.
_BAND_KEYS = {_BANDS[0]: "(4–5)", _BANDS[1]: "(3)", _BANDS[2]: "(1–2)", _BANDS[3]: "(?)"}


def _band(strength) -> str:
    if not strength:
        return _BANDS[3]
    return _BANDS[0] if strength >= 4 else _BANDS[1] if strength == 3 else _BANDS[2]


@register(WB, "needs_coverage")
def needs_coverage(answers: Answers) -> Chart:
    """One bar per need (most important at the top): a segment for each person who can help,
    coloured by how well you know them; needs nobody covers yet are marked in orange-red."""
    cover = mentorship.coverage(answers)
    if not cover:
        return Chart.empty("Tick the kinds of guidance you want, then add people to your mentor map, "
                           "to see which needs are covered.")
    order = [c["need"] for c in cover]
    segments, gaps = [], []
    for c in cover:
        for h in c["helpers"]:
            band = _band(h["strength"])
            # how well you know them, as in the legend, before the name: colour is not the only sign
            segments.append({"need": c["need"], "person": f"{_BAND_KEYS[band]} {h['name'][:30]}", "band": band,
                             "one": 1, "rank": _BANDS.index(band), "ink": ink_on(_BAND_RANGE[_BANDS.index(band)])})
        if not c["covered"]:
            gaps.append({"need": c["need"], "x": 0, "text": "no one yet"})
    covered = sum(c["covered"] for c in cover)
    strong = sum(c["strong"] for c in cover)
    subtitle = (f"{covered} of {len(cover)} needs have someone who can help; "
                f"{strong} by someone you know well.")
    most = max([c["count"] for c in cover] + [1])
    y = {"field": "need", "type": "nominal", "sort": order, "title": None, "axis": {"labelLimit": 260}}
    layers = [
        {
            "data": {"values": segments or [{"need": order[0], "person": "", "band": _BANDS[3], "one": 0, "rank": 3, "ink": "#1f2933"}]},
            "mark": {"type": "bar", "stroke": "white", "strokeWidth": 1.5, "height": {"band": 0.65}},
            "encoding": {
                "y": y,
                "x": {"field": "one", "type": "quantitative", "aggregate": "sum", "stack": "zero",
                      "title": "People who can help", "scale": {"domain": [0, most + 0.6]},
                      "axis": {"tickMinStep": 1, "format": "d"}},
                "color": {"field": "band", "type": "nominal", "title": None,
                          "scale": {"domain": _BANDS, "range": _BAND_RANGE}},
                "order": {"field": "rank", "type": "quantitative"},
                "detail": {"field": "person", "type": "nominal"},
            },
        },
        {
            "data": {"values": segments or [{"need": order[0], "person": "", "band": _BANDS[3], "one": 0, "rank": 3, "ink": "#1f2933"}]},
            "transform": [
                {"window": [{"op": "row_number", "as": "slot"}], "groupby": ["need"],
                 "sort": [{"field": "rank"}, {"field": "person"}]},
                {"calculate": "datum.slot - 0.5", "as": "mid"},
            ],
            "mark": {"type": "text", "fontSize": 10, "limit": 150},
            "encoding": {"y": y, "x": {"field": "mid", "type": "quantitative"}, "text": {"field": "person"},
                         "color": {"field": "ink", "type": "nominal", "scale": None}},
        },
    ]
    if gaps:
        layers.append({
            "data": {"values": gaps},
            "mark": {"type": "text", "align": "left", "dx": 4, "fontSize": 11, "fontWeight": "bold",
                     "color": PALETTE[5]},
            "encoding": {"y": y, "x": {"field": "x", "type": "quantitative"}, "text": {"field": "text"}},
        })
    return Chart(colour_keys(base_spec("Who can help with what you need", subtitle, width=480,
                                       height=max(80, 34 * len(order)), layer=layers), "band", _BAND_KEYS))


_REL_ORDER = ["Mentor", "Coach", "Works in a field I am aiming for", "Colleague or former colleague", "Manager",
              "Teacher or tutor", "Peer on a similar path", "Friend or family", "Not said"]
_REL_COLOURS = dict(zip(_REL_ORDER, PALETTE[:6] + ["#8c6d31", "#999999", "#666666"]))
_STAR = "M0,-1L0.29,-0.4L0.95,-0.31L0.48,0.15L0.59,0.81L0,0.5L-0.59,0.81L-0.48,0.15L-0.95,-0.31L-0.29,-0.4Z"
#: Each relationship has its own shape too: colour is not the only sign of who someone is to you.
_REL_SHAPES = dict(zip(_REL_ORDER, ["circle", "square", "diamond", "triangle-up", "triangle-down", "cross",
                                     "triangle-right", _STAR, "triangle-left"]))


@register(WB, "mentor_map")
def mentor_map(answers: Answers) -> Chart:
    """People placed by how well you know them (across) and how many of your needs they can
    help with (up): the top right are your key allies, the top left relationships worth growing."""
    wanted = set(mentorship.needs(answers))
    crowd = [p for p in mentorship.people(answers) if p["strength"]]
    if not crowd:
        return Chart.empty("Add people to your mentor map, with how well you know them, to see your map.")
    cells: dict[tuple[int, int], list[dict]] = defaultdict(list)
    for p in crowd:
        helps = len([n for n in p["can_help"] if n in wanted]) if wanted else len(p["can_help"])
        cells[(p["strength"], helps)].append(p)
    points = []
    for (x, y), group in sorted(cells.items()):
        names = [g["name"] for g in group]
        label = names[0] if len(names) == 1 else f"{names[0]} +{len(names) - 1}"
        points.append({"x": x, "y": y, "label": label[:32], "count": len(names),
                       "relationship": group[0]["relationship_label"] or "Not said"})
    present = [r for r in _REL_ORDER if any(p["relationship"] == r for p in points)]
    top = max(max(p["y"] for p in points), 3)
    areas = [
        {"x": 3.5, "x2": 5.5, "y": 1.5, "y2": top + 0.7, "name": "Key allies", "lx": 3.6, "ly": top + 0.55,
         "tint": PALETTE[2]},
        {"x": 0.5, "x2": 3.5, "y": 1.5, "y2": top + 0.7, "name": "Relationships worth growing", "lx": 0.6,
         "ly": top + 0.55, "tint": PALETTE[1]},
    ]
    xs = {"domain": [0.5, 5.5], "nice": False}
    ys = {"domain": [-0.5, top + 0.7], "nice": False}
    x_axis = {"values": [1, 2, 3, 4, 5], "labelExpr": "['', 'barely', '', 'a little', '', 'close'][datum.value]"}
    return Chart(base_spec(
        "Your mentor map", "How well you know each person, and how many of your needs they can help with.",
        width=480, height=300,
        layer=[
            {
                "data": {"values": areas},
                "mark": {"type": "rect", "opacity": 0.09},
                # the areas are named by the text beside them; their tint is a literal colour
                "encoding": {"fill": {"field": "tint", "type": "nominal", "scale": None},
                             "x": {"field": "x", "type": "quantitative", "scale": xs, "axis": x_axis,
                                   "title": "How well you know them"},
                             "x2": {"field": "x2"},
                             "y": {"field": "y", "type": "quantitative", "scale": ys,
                                   "title": "Your needs they can help with",
                                   "axis": {"tickMinStep": 1, "format": "d"}},
                             "y2": {"field": "y2"}},
            },
            {
                "data": {"values": areas},
                "mark": {"type": "text", "align": "left", "baseline": "top", "fontSize": 11, "color": "#555",
                         "fontStyle": "italic"},
                "encoding": {"x": {"field": "lx", "type": "quantitative", "scale": xs},
                             "y": {"field": "ly", "type": "quantitative", "scale": ys},
                             "text": {"field": "name"}},
            },
            {
                "data": {"values": points},
                "mark": {"type": "point", "filled": True, "opacity": 0.9, "stroke": "white", "strokeWidth": 1},
                "encoding": {
                    "x": {"field": "x", "type": "quantitative", "scale": xs},
                    "y": {"field": "y", "type": "quantitative", "scale": ys},
                    "size": {"field": "count", "type": "quantitative", "legend": None,
                             "scale": {"domain": [1, 4], "range": [160, 420]}},
                    "color": {"field": "relationship", "type": "nominal", "title": None,
                              "scale": {"domain": present, "range": [_REL_COLOURS[r] for r in present]},
                              "legend": {"columns": 2, "labelLimit": 260, "symbolOpacity": 1}},
                    "shape": {"field": "relationship", "type": "nominal", "title": None,
                              "scale": {"domain": present, "range": [_REL_SHAPES[r] for r in present]},
                              "legend": {"columns": 2, "labelLimit": 260, "symbolOpacity": 1}},
                },
            },
            {
                "data": {"values": points},
                "mark": {"type": "text", "align": "left", "dx": 11, "fontSize": 11},
                "encoding": {"x": {"field": "x", "type": "quantitative", "scale": xs},
                             "y": {"field": "y", "type": "quantitative", "scale": ys},
                             "text": {"field": "label"}},
            },
        ],
    ))
