"""Charts of workbook 01: energy map, skill patterns, motivated skills, interest profile."""

from __future__ import annotations

import math
from collections import defaultdict

from careerkit.core.logic import derived, riasec
from careerkit.core.answers import Answers
from careerkit.presentation.charts.core import colour_keys, key_legend, PALETTE, Chart, base_spec, register, shorten

WB = "01_self_reflection"

_QUADRANTS = [
    # x range, y range, name, advice
    ((3, 5.5), (3, 5.5), "Energising and absorbing", "do more of this"),
    ((0.5, 3), (3, 5.5), "Absorbing but draining", "pace yourself"),
    ((3, 5.5), (0.5, 3), "Light and restoring", "keep as recovery"),
    ((0.5, 3), (0.5, 3), "Draining and dull", "reduce or share"),
]


#: How far (in rating units) entries that share a rating are set apart around it.
_SPREAD = 0.24


def _spread_points(points: list[tuple[int, int, str]]) -> list[dict]:
    """One point per entry. Entries with the same two ratings are set around that spot, so
    each shows as its own point with its own label instead of one point hiding the others;
    ``rx``/``ry`` keep the ratings themselves."""
    cells: dict[tuple[int, int], list[str]] = defaultdict(list)
    for x, y, label in points:
        cells[(x, y)].append(label)
    out = []
    for (x, y), labels in sorted(cells.items()):
        n = len(labels)
        for k, label in enumerate(labels):
            if n == 1:
                dx = dy = 0.0
            else:
                angle = math.pi / 2 + 2 * math.pi * k / n
                dx, dy = _SPREAD * math.cos(angle), _SPREAD * math.sin(angle)
            out.append({"x": round(x + dx, 3), "y": round(y + dy, 3), "rx": x, "ry": y,
                        "label": shorten(label, 40), "count": n,
                        # the label sits on the side of its point away from the others
                        "ldy": (13 if dy < 0 else -4) if n > 1 else (13 if x % 2 == 0 else -4)})
    return out


def _quadrant_map(points: list[dict], *, title: str, subtitle: str, x_title: str, y_title: str,
                  label_title: str, quadrants=_QUADRANTS, highlight_top: bool = False) -> dict:
    areas = [
        {"x": qx[0], "x2": qx[1], "y": qy[0], "y2": qy[1], "name": name, "advice": advice,
         "lx": qx[0] + 0.08, "ly": qy[1] - 0.12}
        for qx, qy, name, advice in quadrants
    ]
    scale = {"domain": [0.5, 5.5], "nice": False}
    axis = {"values": [1, 2, 3, 4, 5], "tickMinStep": 1}
    layers = [
        {
            "data": {"values": areas},
            "mark": {"type": "rect", "opacity": 0.07},
            "encoding": {
                "x": {"field": "x", "type": "quantitative", "scale": scale, "axis": axis, "title": x_title},
                "x2": {"field": "x2"},
                "y": {"field": "y", "type": "quantitative", "scale": scale, "axis": axis, "title": y_title},
                "y2": {"field": "y2"},
                "color": {"field": "name", "type": "nominal", "legend": None,
                          "scale": {"range": [PALETTE[2], PALETTE[1], PALETTE[4], PALETTE[7]]}},
            },
        },
        {
            "data": {"values": areas},
            "mark": {"type": "text", "align": "left", "baseline": "top", "fontSize": 11, "color": "#555",
                     "fontStyle": "italic"},
            "encoding": {
                "x": {"field": "lx", "type": "quantitative", "scale": scale},
                "y": {"field": "ly", "type": "quantitative", "scale": scale},
                "text": {"field": "name"},
            },
        },
        {
            "data": {"values": points},
            "mark": {"type": "point", "filled": True, "size": 150, "opacity": 0.9, "stroke": "white",
                     "strokeWidth": 1},
            "encoding": {
                "x": {"field": "x", "type": "quantitative", "scale": scale},
                "y": {"field": "y", "type": "quantitative", "scale": scale},
                # highlighted points differ in shape as well as colour
                **({"color": {"field": "top", "type": "nominal", "legend": None,
                              "scale": {"domain": [True, False], "range": [PALETTE[5], PALETTE[0]]}},
                    "shape": {"field": "top", "type": "nominal", "legend": None,
                              "scale": {"domain": [True, False], "range": ["diamond", "circle"]}}}
                   if highlight_top else {"color": {"value": PALETTE[0]}, "shape": {"value": "circle"}}),
                # what each point stands for, for the chart's text alternative
                "tooltip": [{"field": "label", "type": "nominal", "title": label_title},
                            {"field": "rx", "type": "quantitative", "title": x_title},
                            {"field": "ry", "type": "quantitative", "title": y_title}],
            },
        },
        {
            "data": {"values": points},
            # labels point inwards near the right edge, and alternate above and below so
            # neighbours on the same row do not print over each other
            "mark": {"type": "text", "fontSize": 11, "limit": 100,
                     "align": {"expr": "datum.rx >= 4.5 ? 'right' : 'left'"},
                     "dx": {"expr": "datum.rx >= 4.5 ? -10 : 10"},
                     "dy": {"expr": "datum.ldy"}},
            "encoding": {
                "x": {"field": "x", "type": "quantitative", "scale": scale},
                "y": {"field": "y", "type": "quantitative", "scale": scale},
                "text": {"field": "label"},
            },
        },
    ]
    return base_spec(title, subtitle, width=520, height=420, layer=layers)


@register(WB, "energy_map")
def energy_map(answers: Answers) -> Chart:
    """Activities from the energy log placed by energy (across) and engagement (up)."""
    rows = [r for r in answers.rows(f"{WB}.energy_log")
            if r.get("energy") and r.get("engagement") and (r.get("activity") or "").strip()]
    if not rows:
        return Chart.empty("Add a few activities to your energy log, with both ratings, to see your energy map.")
    points = _spread_points([(r["energy"], r["engagement"], r["activity"].strip()) for r in rows])
    return Chart(_quadrant_map(
        points, title="Your energy map",
        subtitle="Top right is where your calling is likely to live: it energises you and absorbs you.",
        x_title="Energy afterwards (1 drained – 5 energised)", y_title="Engagement (1 bored – 5 absorbed)",
        label_title="Activity",
    ))


_SKILL_QUADRANTS = [
    ((3.5, 5.5), (3.5, 5.5), "Motivated skills", "build your work around these"),
    ((0.5, 3.5), (3.5, 5.5), "Skills to grow", "you enjoy them: invest"),
    ((3.5, 5.5), (0.5, 3.5), "Burnout skills", "good at them, but they cost you"),
    ((0.5, 3.5), (0.5, 3.5), "Less important", "leave them be"),
]


@register(WB, "motivated_skills")
def motivated_skills(answers: Answers) -> Chart:
    """Skills placed by proficiency (across) and enjoyment (up); motivated skills stand out."""
    rows = [r for r in answers.rows(f"{WB}.skill_ratings")
            if r.get("proficiency") and r.get("enjoyment") and (r.get("skill") or "").strip()]
    if not rows:
        return Chart.empty("Rate a few of your skills twice (how good, how much you enjoy it) to see your motivated skills.")
    points = _spread_points([(r["proficiency"], r["enjoyment"], r["skill"].strip()) for r in rows])
    for p in points:
        p["top"] = p["rx"] >= 4 and p["ry"] >= 4
    motivated = [s["skill"] for s in derived.motivated_skills(answers)]
    subtitle = ("Motivated skills: " + ", ".join(motivated[:5])) if motivated else \
        "No skill is both strong and enjoyed yet; the top-left corner shows what to grow."
    return Chart(_quadrant_map(
        points, title="Your motivated skills", subtitle=subtitle,
        x_title="How good you are (1–5)", y_title="How much you enjoy it (1–5)", label_title="Skill",
        quadrants=_SKILL_QUADRANTS, highlight_top=True,
    ))


@register(WB, "skill_patterns")
def skill_patterns(answers: Answers) -> Chart:
    """How many accomplishment stories use each skill; skills in two or more stories stand out."""
    counts = derived.recurring_skills(answers)
    if not counts:
        return Chart.empty("Tag the skills you used in a few accomplishment stories to see which ones recur.")
    values = [{"skill": s, "stories": n, "recurs": "in two or more stories" if n >= 2 else "in one story",
               "label": f"{n} ★" if n >= 2 else str(n)}
              for s, n in counts[:15]]
    keys = {"in two or more stories": "★", "in one story": ""}
    height = max(120, 26 * len(values))
    top = max(v["stories"] for v in values)
    # whole stories only: one tick per story while they fit, never 0.5 shown as "1"
    axis = {"format": "d", "tickMinStep": 1, **({"values": list(range(top + 1))} if top <= 12 else {})}
    return Chart(colour_keys(base_spec(
        "Skills that recur across your stories",
        "The longer the bar, the more of your proudest moments rely on that skill.",
        width=460, height=height,
        data={"values": values},
        encoding={
            "y": {"field": "skill", "type": "nominal", "sort": None, "title": None},
            "x": {"field": "stories", "type": "quantitative", "title": "Stories that use it",
                  "scale": {"domain": [0, max(top, 1)], "nice": False}, "axis": axis},
        },
        layer=[
            {"mark": {"type": "bar", "cornerRadiusEnd": 3},
             "encoding": {"color": {"field": "recurs", "type": "nominal", "title": None,
                                    "scale": {"domain": ["in two or more stories", "in one story"],
                                              "range": [PALETTE[0], "#b8c7d6"]},
                                    "legend": key_legend(keys)}}},
            # the count beside each bar, and ★ for a recurring skill: colour is not the only sign
            {"mark": {"type": "text", "align": "left", "dx": 4, "color": "#333"},
             "encoding": {"text": {"field": "label"}}},
        ],
    ), "recurs", keys))


@register(WB, "riasec_profile")
def riasec_profile(answers: Answers) -> Chart:
    """The six interest scores (0–100), with the three-letter code highlighted."""
    profile = derived.interest_profile(answers)
    scored = [t for t in riasec.TYPES if profile.scores.get(t) is not None]
    if len(scored) < 3:
        return Chart.empty(
            "Rate the activities in “Your interest profile” (at least half of each kind) to see your interest profile."
        )
    values = [
        {"type": f"{t} · {riasec.NAMES[t]}", "score": profile.scores[t],
         "in_code": "in your code" if t in profile.code else "not in your code",
         "label": f"{profile.scores[t]:.0f}" + (" ★" if t in profile.code else "")}
        for t in scored
    ]
    keys = {"in your code": "★", "not in your code": ""}
    verdict = riasec.verdict(profile)
    subtitle = (f"Your code (★): {profile.code} · {verdict.text}" if verdict.ranked
                else f"{verdict.headline}, so there is no interest code.")
    return Chart(colour_keys(base_spec(
        "Your interest profile", subtitle[:160], width=460, height=260,
        data={"values": values},
        layer=[
            {
                "mark": {"type": "bar", "cornerRadiusEnd": 3},
                "encoding": {
                    "y": {"field": "type", "type": "nominal", "sort": None, "title": None},
                    "x": {"field": "score", "type": "quantitative", "title": "How much you like this kind of activity (0–100)",
                          "scale": {"domain": [0, 100]}},
                    "color": {"field": "in_code", "type": "nominal", "legend": None,
                              "scale": {"domain": list(keys), "range": [PALETTE[0], "#b8c7d6"]}},
                },
            },
            {
                "mark": {"type": "text", "align": "left", "dx": 4},
                "encoding": {
                    "y": {"field": "type", "type": "nominal", "sort": None},
                    "x": {"field": "score", "type": "quantitative"},
                    "text": {"field": "label"},
                },
            },
        ],
    ), "in_code", keys))
