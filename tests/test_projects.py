"""Workbook 06: idea scores, hours, showcase links, and the charts and panels built on them."""

from __future__ import annotations

import pytest

from careerkit.core.logic import projects
from careerkit.core.answers import Answers
from careerkit.presentation.charts import chart_for
from careerkit.core.examples import example_person
from careerkit.core.storage.store import Store
from careerkit.presentation.views import view_for
from careerkit.presentation.workbook import Workbook

WB = projects.WB


def idea(name, passion=3, skills_built=3, role_link=3, market=3, hours=None, **extra):
    return {"idea": name, "passion": passion, "skills_built": skills_built, "role_link": role_link,
            "market": market, "hours": hours, **extra}


def answers(**fields) -> Answers:
    return Answers({WB: fields})


def example() -> Answers:
    return example_person()


# -- scoring -------------------------------------------------------------------------------

def test_idea_score_by_hand():
    # weighted mean 0.3*4 + 0.25*5 + 0.25*5 + 0.2*4 = 4.5 -> (4.5 - 1) / 4 * 100 = 87.5
    scored = projects.idea_score(idea("Workshop", 4, 5, 5, 4, hours=4), hours_available=5)
    assert scored["value"] == 87.5
    assert scored["time_fit"] == 1.0
    assert scored["fits_time"] is True
    assert scored["score"] == 87.5


def test_needing_more_hours_than_available_reduces_the_score_in_proportion():
    # all ratings 5 -> value 100; needs 8 hours, 5 available -> 100 * 5/8
    scored = projects.idea_score(idea("Big", 5, 5, 5, 5, hours=8), hours_available=5)
    assert scored["value"] == 100.0
    assert scored["time_fit"] == 0.62
    assert scored["score"] == 62.5
    assert scored["fits_time"] is False
    no_time = projects.idea_score(idea("Big", 5, 5, 5, 5, hours=8), hours_available=0)
    assert no_time["score"] == 0.0


def test_time_is_ignored_when_either_number_is_missing():
    assert projects.idea_score(idea("A", 1, 1, 1, 1, hours=30), None)["score"] == 0.0
    unknown = projects.idea_score(idea("B", 5, 5, 5, 5, hours=None), 2)
    assert unknown["score"] == 100.0 and unknown["fits_time"] is None


def test_an_idea_needs_a_name_and_all_four_ratings():
    assert projects.idea_score(idea("", 5, 5, 5, 5)) is None
    assert projects.idea_score(idea("Half done", 5, None, 5, 5)) is None
    given = answers(ideas=[idea("Half done", 5, None, 5, 5), idea("Done", 2, 2, 2, 2), {"idea": "  "}])
    assert projects.unrated_ideas(given) == ["Half done"]
    assert [i["idea"] for i in projects.ranked_ideas(given)] == ["Done"]


def test_ranking_orders_by_score_then_passion_then_name():
    given = answers(ideas=[
        idea("zebra", 3, 3, 3, 3),
        idea("Apple", 3, 3, 3, 3),
        idea("more passion", 4, 3, 3, 2),
        idea("best", 5, 5, 5, 5),
    ])
    ranked = projects.ranked_ideas(given)
    assert ranked[0]["idea"] == "best" and ranked[0]["rank"] == 1
    # "more passion": 0.3*4 + 0.25*3 + 0.25*3 + 0.2*2 = 3.1 > 3.0, so it beats the two 3.0 ideas
    assert [i["idea"] for i in ranked[1:]] == ["more passion", "Apple", "zebra"]
    assert [i["rank"] for i in ranked] == [1, 2, 3, 4]


def test_equal_scores_prefer_more_passion():
    # 0.3*5 + 0.25*1 + 0.25*5 + 0.2*1 = 3.2 and 0.3*1 + 0.25*5 + 0.25*5 + 0.2*2 = 3.2
    given = answers(ideas=[idea("cool head", 1, 5, 5, 2), idea("warm heart", 5, 1, 5, 1)])
    ranked = projects.ranked_ideas(given)
    assert ranked[0]["score"] == ranked[1]["score"]
    assert ranked[0]["idea"] == "warm heart"


# -- hours ------------------------------------------------------------------------------------

def test_hours_are_matched_by_project_name_ignoring_case_and_spaces():
    given = answers(
        ideas=[idea("Bread  Class", 4, 4, 4, 4)],
        time_log=[
            {"day": "2026-09-07", "project": "bread class", "hours": 2, "energy": 4},
            {"day": "2026-09-09", "project": "BREAD CLASS ", "hours": 1.5, "energy": 5},
            {"day": "2026-09-10", "project": "Blog", "hours": 1},
            {"day": "2026-09-10", "project": "Blog", "hours": 0},
            {"day": "2026-09-11", "project": "", "hours": 3},
        ],
    )
    totals = projects.hours_by_project(given)
    assert totals == [
        {"project": "Bread  Class", "hours": 3.5, "sessions": 2, "energy": 4.5},
        {"project": "Blog", "hours": 1.0, "sessions": 1, "energy": None},
    ]


def test_hours_by_week_start_on_monday():
    given = answers(time_log=[
        {"day": "2026-09-06", "project": "A", "hours": 1},  # a Sunday: week of Monday 31 August
        {"day": "2026-09-07", "project": "A", "hours": 2},  # Monday
        {"day": "2026-09-13", "project": "a", "hours": 0.5},  # Sunday of the same week
        {"day": None, "project": "A", "hours": 4},  # no day: left out of the weeks
    ])
    assert projects.hours_by_week(given) == [
        {"week": "2026-08-31", "project": "A", "hours": 1.0},
        {"week": "2026-09-07", "project": "A", "hours": 2.5},
    ]
    assert projects.hours_by_project(given)[0]["hours"] == 7.5


# -- links and project summaries ------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("https://example.org/work", "https://example.org/work"),
    ("http://example.org", "http://example.org"),
    ("  www.example.org/page ", "https://www.example.org/page"),
    ("javascript:alert(1)", None),
    ("JAVASCRIPT://example.org/%0aalert(1)", None),
    ("data:text/html,<b>x</b>", None),
    ("ftp://example.org/file", None),
    ("https://localhost/x", None),
    ("https://exa mple.org", None),
    ("my portfolio", None),
    ("", None),
    (None, None),
])
def test_safe_url(text, expected):
    assert projects.safe_url(text) == expected


def test_project_summaries_bring_each_started_project_together():
    given = answers(
        ideas=[idea("Workshop", 5, 5, 5, 5), idea("Blog", 2, 2, 2, 2), idea("Never started", 4, 4, 4, 4)],
        experiments=[
            {"project": "workshop", "started": "2026-09-01", "decision": "pivot", "learned": "Too much slide time"},
            {"project": "Workshop", "started": "2026-10-01", "decision": "keep", "learned": "Exercises work"},
            {"project": "Blog", "started": "2026-08-01", "decision": None},
        ],
        time_log=[{"day": "2026-10-02", "project": "Workshop", "hours": 2, "energy": 5}],
        showcase=[
            {"project": "Workshop", "kind": "portfolio", "title": "Outline", "url": "https://example.org/w"},
            {"project": "Workshop", "kind": "other", "title": "", "url": "javascript:alert(1)"},
            {"project": "Photos", "kind": "media", "title": "Album", "url": "www.example.net/album"},
        ],
    )
    summaries = projects.project_summaries(given)
    assert [p["project"] for p in summaries] == ["Workshop", "Blog", "Photos"]
    workshop, blog, photos = summaries
    assert workshop["decision"] == "keep" and workshop["learned"] == "Exercises work"
    assert workshop["experiments"] == 2 and workshop["hours"] == 2.0 and workshop["rank"] == 1
    assert workshop["links"][0]["url"] == "https://example.org/w"
    assert workshop["links"][1] == {"kind": "other", "title": "javascript:alert(1)", "url": None,
                                    "text": "javascript:alert(1)"}
    assert blog["decision_label"] == "No decision yet" and blog["hours"] == 0.0
    assert photos["rank"] is None and photos["decision_label"] == "No experiment yet"
    assert photos["links"][0]["url"] == "https://www.example.net/album"


# -- earlier answers ----------------------------------------------------------------------------

def test_target_roles_come_from_the_shortlist_else_from_workbook_one():
    first = Answers({"01_self_reflection": {"roles_to_explore": ["trainer", "UX researcher"]}})
    assert projects.target_roles(first) == ["trainer", "UX researcher"]
    both = Answers({
        "01_self_reflection": {"roles_to_explore": ["trainer"]},
        "02_explore_roles": {"shortlist": [{"_id": "a", "title": "Training and Development Specialists",
                                            "onet_code": "13-1151.00"}]},
    })
    assert projects.target_roles(both) == ["Training and Development Specialists"]


def test_idea_sparks_gather_earlier_answers():
    sparks = projects.idea_sparks(example())
    assert "baking bread" in sparks["Hobbies you return to"]
    assert sparks["Your motivated skills"] == ["problem solving", "teaching"]
    assert "User experience researcher" in sparks["Roles you are considering"]
    assert all(v == [] for v in projects.idea_sparks(Answers()).values())


# -- charts -------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["idea_map", "idea_ranking", "hours_by_week"])
def test_charts_say_what_to_fill_in_when_empty(name):
    chart = chart_for(WB, name, Answers())
    assert chart.is_empty and chart.message


@pytest.mark.parametrize("name", ["idea_map", "idea_ranking", "hours_by_week"])
def test_charts_of_the_example_are_valid_vega_lite(name):
    chart = chart_for(WB, name, example())
    assert not chart.is_empty
    chart.to_altair()  # validates against the Vega-Lite schema


def test_idea_map_keeps_ideas_with_equal_ratings_apart():
    given = answers(ideas=[idea("One", 4, 4, 2, 2), idea("Two", 4, 4, 3, 3), idea("Three", 2, 2, 2, 2)])
    layer = chart_for(WB, "idea_map", given).to_dict()["hconcat"][0]["layer"][2]
    points = {(p["idea"]): (p["x"], p["y"]) for p in layer["data"]["values"]}
    assert points["One"] != points["Two"]
    assert points["Three"] == (2, 2)


def test_ranking_marks_ideas_that_need_more_time_than_available():
    given = answers(hours_available=2, ideas=[idea("Short", 3, 3, 3, 3, hours=1), idea("Long", 5, 5, 5, 5, hours=6)])
    values = chart_for(WB, "idea_ranking", given).to_dict()["data"]["values"]
    assert [(v["label"], v["fit"]) for v in values] == [
        ("1. Short", "fits your weekly hours"), ("2. Long", "needs more hours than you have")]


def test_hours_chart_fills_empty_weeks_and_draws_the_weekly_budget():
    given = answers(hours_available=3, time_log=[
        {"day": "2026-09-07", "project": "A", "hours": 2},
        {"day": "2026-09-28", "project": "B", "hours": 1},
    ])
    spec = chart_for(WB, "hours_by_week", given).to_dict()
    weeks = spec["layer"][0]["encoding"]["x"]["scale"]["domain"]
    assert weeks == ["7 Sep", "14 Sep", "21 Sep", "28 Sep"]
    assert spec["layer"][-1]["data"]["values"][0]["hours"] == 3


# -- panels and the stored answers -------------------------------------------------------------

@pytest.fixture
def wb(tmp_path):
    store = Store(f"sqlite:///{tmp_path}/a.sqlite")
    yield Workbook(WB, store=store, profile="p", delay=0)
    store.close()


def test_portfolio_keeps_typed_text_as_text(wb):
    wb.save("showcase", [{"project": "<script>alert(1)</script>", "title": "<b>bold</b>", "url": "javascript:alert(1)"}])
    html = view_for(WB, "project_portfolio")(wb)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b>bold</b>" not in html
    assert "href='javascript" not in html
    assert "not linked" in html


def test_portfolio_is_empty_until_a_project_starts(wb):
    assert "ck-chart-empty" in view_for(WB, "project_portfolio")(wb)
    assert "ck-chart-empty" in view_for(WB, "idea_sparks")(wb)


def test_idea_bank_form_saves_and_the_chart_follows(wb):
    form = wb.form("idea_bank")
    assert form is not None
    ideas = wb.field("ideas")
    ideas._add_row()
    row_id = ideas.value[0]["_id"]
    cells = ideas._row_widgets[row_id][1]
    cells["idea"].input.value = "Bread class"
    for key in ("passion", "skills_built", "role_link", "market"):
        cells[key]._buttons.value = 5
    saved = wb.store.answers("p", WB)["ideas"]
    assert saved[0]["idea"] == "Bread class" and saved[0]["market"] == 5
    assert projects.ranked_ideas(wb.answers)[0]["score"] == 100.0
    assert not wb.draw("idea_ranking").is_empty
