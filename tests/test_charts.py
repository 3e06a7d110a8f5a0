"""Every chart is a valid Vega-Lite spec on real answers, and says what to fill in when empty."""

from __future__ import annotations

import re

import pytest

from careerkit.core import content
from careerkit.core.answers import Answers
from careerkit.presentation.charts import CHARTS, Chart, chart_for, load_all
from careerkit.presentation.charts.core import _layers
from careerkit.core.examples import example_answers, example_person

load_all()


def _example() -> Answers:
    return example_person()


EXAMPLE = _example()
KEYS = sorted(CHARTS)


@pytest.mark.parametrize("key", KEYS, ids=lambda k: f"{k[0]}:{k[1]}")
def test_chart_on_example_answers_is_valid_vega_lite(key):
    chart = chart_for(*key, EXAMPLE)
    assert isinstance(chart, Chart)
    assert not chart.is_empty, f"the example person should fill chart {key}"
    chart.to_altair().to_dict(validate=True)  # raises on a spec Vega-Lite would reject
    assert chart.title


@pytest.mark.parametrize("key", KEYS, ids=lambda k: f"{k[0]}:{k[1]}")
def test_chart_without_answers_says_what_to_fill_in(key):
    chart = chart_for(*key, Answers({}))
    assert chart.is_empty
    assert len(chart.message) > 20
    assert "ck-chart-empty" in chart.html()


def test_charts_draw_offline_as_svg():
    chart = chart_for("01_self_reflection", "energy_map", EXAMPLE)
    svg = chart.svg()
    assert svg.startswith("<svg") and "Workshop with new volunteers" in svg
    assert "http://" not in svg.replace("http://www.w3.org", "")


def test_energy_map_places_activities_by_their_ratings():
    answers = Answers({"01_self_reflection": {"energy_log": [
        {"_id": "a", "activity": "Teaching", "energy": 5, "engagement": 4},
        {"_id": "b", "activity": "Reports", "energy": 1, "engagement": 2},
        {"_id": "c", "activity": "Filing", "energy": 1, "engagement": 2},
    ]}})
    spec = chart_for("01_self_reflection", "energy_map", answers).to_dict()
    points = spec["layer"][2]["data"]["values"]
    assert {(p["rx"], p["ry"], p["label"], p["count"]) for p in points} == {
        (5, 4, "Teaching", 1), (1, 2, "Reports", 2), (1, 2, "Filing", 2)}
    # entries with equal ratings are drawn as separate points, each near its ratings
    where = {p["label"]: (p["x"], p["y"]) for p in points}
    assert where["Teaching"] == (5, 4)
    assert where["Reports"] != where["Filing"]
    for name in ("Reports", "Filing"):
        x, y = where[name]
        assert abs(x - 1) < 0.4 and abs(y - 2) < 0.4
    # and each has its own label, drawn from the same rows
    assert spec["layer"][3]["data"]["values"] == points


def test_energy_map_draws_entries_with_equal_ratings_apart():
    """Three activities rated alike show as three points in the picture, not one."""
    answers = Answers({"01_self_reflection": {"energy_log": [
        {"_id": str(n), "activity": name, "energy": 4, "engagement": 4}
        for n, name in enumerate(["Mentoring", "Gardening", "Baking"])]}})
    svg = chart_for("01_self_reflection", "energy_map", answers).svg()
    import re
    marks = re.findall(r'aria-roledescription="point" transform="translate\(([\d.]+),([\d.]+)\)"', svg)
    for name in ("Mentoring", "Gardening", "Baking"):
        assert name in svg
    positions = {(round(float(x)), round(float(y))) for x, y in marks}
    assert len(marks) == 3 and len(positions) == 3


def test_skill_patterns_counts_stories_not_mentions():
    answers = Answers({"01_self_reflection": {"stories": [
        {"_id": "a", "skills": ["Teaching", "teaching ", "writing"]},
        {"_id": "b", "skills": ["teaching"]},
    ]}})
    values = chart_for("01_self_reflection", "skill_patterns", answers).to_dict()["data"]["values"]
    assert values == [
        {"skill": "Teaching", "stories": 2, "recurs": "in two or more stories", "label": "2 ★"},
        {"skill": "writing", "stories": 1, "recurs": "in one story", "label": "1"},
    ]


def test_typed_text_stays_text_in_svg():
    answers = Answers({"01_self_reflection": {"energy_log": [
        {"_id": "a", "activity": "<script>alert(1)</script>", "energy": 5, "engagement": 5}]}})
    svg = chart_for("01_self_reflection", "energy_map", answers).svg()
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_declared_charts_cover_every_registered_chart():
    declared = {(wb.id, name) for wb in content.workbooks() for name in wb.charts}
    assert set(CHARTS) <= declared, "declare every chart in its workbook's description (the report uses them)"


def test_row_labels_are_short_single_line_and_unique():
    from careerkit.presentation.charts.core import shorten, unique_labels

    assert shorten("Senior   data\nanalyst", 40) == "Senior data analyst"
    assert shorten("Training and development specialist", 12) == "Training an…"
    assert unique_labels(["Teacher", "Teacher", "A very long title indeed"], width=10) == [
        "Teacher", "Teacher (2)", "A very lo…"]


def _axis_labels(svg: str) -> list[list[str]]:
    """The tick labels of each axis drawn in an SVG, axis by axis."""
    import re

    groups = re.findall(r'role-axis-label"[^>]*>(.*?)</g>', svg, flags=re.S)
    found = [re.findall(r"<text[^>]*>([^<]*)</text>", group) for group in groups]
    return found


@pytest.mark.parametrize("counts", [1, 2, 3])
def test_recurring_skills_axis_counts_whole_stories(counts):
    """With every skill in one story the axis read "0, 1, 1": ticks are whole numbers, each once."""
    stories = [{"_id": str(n), "skills": ["Teaching"] + (["Writing"] if n == 0 else [])} for n in range(counts)]
    svg = chart_for("01_self_reflection", "skill_patterns", Answers({"01_self_reflection": {"stories": stories}})).svg()
    numeric = [labels for labels in _axis_labels(svg) if labels and all(t.isdigit() for t in labels)]
    assert numeric, "the count axis has no labels"
    assert numeric[0] == [str(n) for n in range(counts + 1)]


def test_no_axis_repeats_a_tick_label_on_example_answers():
    """A repeated tick label ("0, 1, 1") means a rounded axis: it misreads the data."""
    problems = []
    for (workbook_id, name) in sorted(CHARTS):
        if not workbook_id[:2].isdigit() or int(workbook_id[:2]) > 11:
            continue
        chart = chart_for(workbook_id, name, EXAMPLE)
        if chart.is_empty:
            continue
        for labels in _axis_labels(chart.svg()):
            if len(labels) != len(set(labels)):
                problems.append(f"{workbook_id}:{name} {labels}")
    assert not problems, problems


# -- colour is never the only signal (WCAG 1.4.1) -----------------------------------------------

#: Channels that show a field to a person other than by colour.
_SEEN = ("x", "y", "x2", "y2", "shape", "strokeDash", "text", "row", "column", "facet")


def _drawn_layers(spec: dict):
    """Every unit layer of ``spec`` with the rows it draws and its encoding (inherited parts merged)."""
    for layer, data in _layers(spec):
        yield layer, (data or {}).get("values") if isinstance(data, dict) else None, layer["encoding"]


def colour_only(spec: dict) -> list[str]:
    """Each mark whose category is shown by colour alone: no other channel shows the field, and
    the texts drawn for the mark do not carry the category's key (``colour_keys``)."""
    layers = list(_drawn_layers(spec))
    keys_of = spec.get("usermeta", {}).get("colour_keys", {})
    problems = []
    for layer, rows, enc in layers:
        for channel in ("color", "fill", "stroke"):
            colour = enc.get(channel)
            if (not isinstance(colour, dict) or "field" not in colour or colour.get("type") == "quantitative"
                    or colour.get("scale", {}) is None):  # quantitative: a scale read by position; None: literal colours
                continue
            field = colour["field"]
            if any(isinstance(e, dict) and e.get("field") == field for ch, e in enc.items() if ch in _SEEN):
                continue
            if any(other_rows == rows and isinstance(e, dict) and e.get("field") == field
                   for _, other_rows, other in layers for ch, e in other.items() if ch in _SEEN):
                continue
            keys = keys_of.get(field)
            if keys is None:
                problems.append(f"{field}: shown by colour alone")
                continue
            texts = [e["field"] for lay, other_rows, e2 in layers if other_rows == rows
                     for ch, e in e2.items() if isinstance(e, dict) and "field" in e
                     and (ch == "text" or (ch in ("x", "y") and e.get("type") in ("nominal", "ordinal")))]
            def shows(key: str, drawn: str) -> bool:  # the key as a whole word: "A" is not in "Aug"
                return not key or re.search(rf"(?<!\w){re.escape(key)}(?!\w)", drawn) is not None

            for row in rows or []:
                drawn = " ".join(str(row.get(f, "")) for f in texts)
                own = keys.get(str(row[field]))
                if own is None:
                    problems.append(f"{field}: no key for {row[field]!r}")
                elif not shows(own, drawn) or any(k and k != own and shows(k, drawn) for k in keys.values()):
                    problems.append(f"{field}: the texts drawn for {row[field]!r} ({drawn!r}) do not carry its key {own!r} alone")
            if sum(1 for k in keys.values() if not k) > 1 or len(set(keys.values())) < len(keys):
                problems.append(f"{field}: keys must tell every category apart: {keys}")
    return problems


@pytest.mark.parametrize("key", KEYS, ids=lambda k: f"{k[0]}:{k[1]}")
def test_colour_is_never_the_only_signal(key):
    assert colour_only(chart_for(*key, EXAMPLE).to_dict()) == []


def test_the_colour_check_finds_a_chart_coloured_by_category_alone():
    rows = [{"name": "a", "n": 1, "kind": "x"}, {"name": "b", "n": 2, "kind": "y"}]
    spec = {"data": {"values": rows}, "mark": "bar",
            "encoding": {"y": {"field": "name", "type": "nominal"}, "x": {"field": "n", "type": "quantitative"},
                         "color": {"field": "kind", "type": "nominal"}}}
    assert colour_only(spec) == ["kind: shown by colour alone"]
    spec["usermeta"] = {"colour_keys": {"kind": {"x": "✓", "y": ""}}}
    assert colour_only(spec) and "do not carry" in colour_only(spec)[0]   # the key is never drawn
    for row in rows:
        row["label"] = f"{row['n']} ✓" if row["kind"] == "x" else str(row["n"])
    spec = {**spec, "layer": [{"mark": "bar"}, {"mark": "text", "encoding": {"text": {"field": "label"}}}]}
    del spec["mark"]
    assert colour_only(spec) == []
    spec["encoding"] = {**spec["encoding"], "shape": {"field": "kind", "type": "nominal"}}
    del spec["usermeta"]
    assert colour_only(spec) == []


def test_a_layered_chart_is_described_with_what_its_layers_inherit():
    """Layers that take their axes from the chart's shared encoding are described by them too."""
    from careerkit.presentation.charts.core import describe

    spec = {"data": {"values": [{"week": "12 Oct", "n": 2, "kind": "Reading", "key": "A"}]},
            "encoding": {"x": {"field": "week", "type": "ordinal"},
                         "y": {"field": "n", "type": "quantitative", "title": "Activities"}},
            "layer": [{"mark": "bar", "encoding": {"color": {"field": "kind", "type": "nominal"}}},
                      {"mark": "text", "encoding": {"text": {"field": "key"}}}]}
    assert describe(spec) == "1 item: 12 Oct (Reading): Activities 2."
