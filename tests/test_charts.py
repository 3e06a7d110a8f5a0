"""Every chart is a valid Vega-Lite spec on real answers, and says what to fill in when empty."""

from __future__ import annotations

import pytest

from careerkit.core import content
from careerkit.core.answers import Answers
from careerkit.presentation.charts import CHARTS, Chart, chart_for, load_all
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
        {"skill": "Teaching", "stories": 2, "recurs": "in two or more stories"},
        {"skill": "writing", "stories": 1, "recurs": "in one story"},
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
