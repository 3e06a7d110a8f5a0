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
    assert {(p["x"], p["y"], p["label"], p["count"]) for p in points} == {
        (5, 4, "Teaching", 1), (1, 2, "Reports (+1 more)", 2)}


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
