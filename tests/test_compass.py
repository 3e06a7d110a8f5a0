"""Workbook 11: the compass parts, calling prompts, progress with what is missing, charts and panels."""

from __future__ import annotations

import datetime as dt

import pytest

from careerkit.workbooks.career_compass import compass
from careerkit.core import content
from careerkit.core.answers import Answers, progress
from careerkit.presentation.charts import chart_for
from careerkit.core.examples import example_person
from careerkit.core.storage.store import Store
from careerkit.presentation.workbook import Workbook

WB = "11_career_compass"
TODAY = dt.date(2026, 11, 20)


@pytest.fixture(scope="module")
def example() -> Answers:
    return example_person()


def _part(fn, answers):
    return fn(answers, today=TODAY) if fn in (compass.goals_part, compass.people_part) else fn(answers)


def test_every_part_says_which_workbook_to_fill_in_when_empty():
    empty = Answers({})
    for fn in compass.PARTS:
        part = _part(fn, empty)
        assert part.items == [] and part.missing, fn.__name__
        assert f"workbook {part.number}" in part.missing or f"workbook {int(part.workbook[:2])}" in part.missing
        assert part.notebook == f"{part.workbook}.ipynb"


def test_parts_from_the_example_person(example):
    parts = {fn.__name__: _part(fn, example) for fn in compass.PARTS}
    assert all(not p.missing for p in parts.values())
    assert parts["interest_part"].items[0]["code"] == "IAS"
    assert [v["value"] for v in parts["values_part"].items][:2] == ["Making a difference", "Learning"]
    assert parts["skills_part"].items == ["problem solving", "teaching"]
    assert parts["energy_part"].items[0] == "Workshop with new volunteers"
    options = parts["options_part"].items
    assert options[0]["title"] == "Training and Development Specialists" and options[0]["chosen"]
    assert options[0]["fit"] is not None and options[0]["alignment"] == 78.3 and options[0]["matrix"] == 78.3
    assert parts["decision_part"].items[0]["confidence"] == 7
    goals = parts["goals_part"].items[0]
    assert len(goals["goals"]) == 3 and goals["steps"] == sorted(goals["steps"], key=lambda s: s["due"])
    assert parts["learning_part"].items and parts["projects_part"].items[0]["rank"] == 1


def test_people_to_follow_up_combines_mentors_and_contacts_once_each():
    answers = Answers({
        "09_networking": {"contacts": [
            {"name": "Ana", "next_follow_up": "2026-11-25"},
            {"name": "Ben", "next_follow_up": "2026-11-10"},
            {"name": "Cy", "next_follow_up": "2027-05-01"}]},
        "05_mentorship": {
            "people": [{"name": "Ana"}],
            "outreach": [{"person": "Ana", "follow_up": "2026-11-18", "stage": "asked"}]},
    })
    items = compass.people_part(answers, today=TODAY).items
    assert [(i["name"], i["who"], i["days"]) for i in items] == [("Ben", "contact", -10), ("Ana", "mentor and contact", -2)]


def test_calling_prompts_use_the_persons_own_words():
    answers = Answers({
        "01_self_reflection": {
            "energy_log": [{"activity": "Coaching the under-tens", "energy": 5, "engagement": 5},
                           {"activity": "Filing", "energy": 1, "engagement": 2}],
            "stories": [{"title": "Built a shed", "pride": 3}, {"title": "Saved the fete", "pride": 5}],
            "skill_ratings": [{"skill": "carpentry", "proficiency": 5, "enjoyment": 5}]},
        "10_take_action": {"decision": "Youth worker"},
    })
    result = compass.calling_prompts(answers)
    text = " ".join(result["prompts"])
    assert "You come alive in moments like “Coaching the under-tens”." in text
    assert "Filing" not in text
    assert "You are proud of “Saved the fete” and “Built a shed”" in text
    assert "You are at your best using carpentry" in text
    assert "“Youth worker”" in text
    assert any("workbook 3" in m for m in result["missing"])
    assert compass.calling_prompts(Answers({}))["prompts"] == []


def test_progress_rows_list_open_questions_in_order():
    answers = Answers({"09_networking": {"contacts": [{"name": "Ana"}], "rhythm": "weekly"}})
    rows = {r["id"]: r for r in compass.progress_rows(answers, show=2)}
    assert "00_start_here" not in rows and len(rows) == len(content.workbook_ids()) - 1
    net = rows["09_networking"]
    assert (net["answered"], net["total"]) == progress(answers, "09_networking")
    book = content.workbook("09_networking")
    open_labels = [f.label for f in book.answerable if f.id not in ("contacts", "rhythm")]
    assert net["missing"] == open_labels[:2] and net["more"] == len(open_labels) - 2
    assert net["notebook"] == "09_networking.ipynb"


def test_charts(example):
    chart = chart_for(WB, "progress", example)
    chart.to_altair().to_dict()
    assert all(v["state"] == "complete" for v in chart.to_dict()["data"]["values"])
    assert chart_for(WB, "progress", Answers({})).is_empty
    one = chart_for(WB, "progress", Answers({"09_networking": {"rhythm": "weekly"}})).to_dict()["data"]["values"]
    assert [v["state"] for v in one if v["state"] != "not started"] == ["started"]
    placed = chart_for(WB, "options_map", example)
    placed.to_altair().to_dict()
    points = placed.to_dict()["layer"][2]["data"]["values"]
    assert {p["title"] for p in points} >= {"Training and Development Specialists"}
    assert "workbook 2" in chart_for(WB, "options_map", Answers({})).message


@pytest.fixture
def wb(tmp_path):
    return Workbook(WB, store=Store(f"sqlite:///{tmp_path}/a.sqlite"), profile="p", delay=0)


def test_panels_escape_and_link_back(wb):
    from careerkit.workbooks.career_compass.views import calling_prompts, compass_page, still_missing

    page = compass_page(wb, today=TODAY)
    assert "href='01_self_reflection.ipynb'" in page and "href='03_values.ipynb'" in page
    wb.save("decision", "<img src=x onerror=alert(1)>", workbook="10_take_action")
    page = compass_page(wb, today=TODAY)
    assert "<img" not in page and "&lt;img" in page
    assert "&lt;img" in calling_prompts(wb)
    table = still_missing(wb)
    assert "href='10_take_action.ipynb'" in table and "still open" in table
    wb.save("calling_statement", "I help people find their feet.")
    assert "Your calling statement" not in still_missing(wb).split("11_career_compass.ipynb")[1].split("</tr>")[0]
