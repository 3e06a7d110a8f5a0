"""Workbook 07: skill gaps against O*NET roles, the learning plan, trends, and the skill-gap tool."""

from __future__ import annotations

import datetime as dt

import pytest

from careerkit.core.logic import learning
from careerkit.core import onet
from careerkit.core.answers import Answers
from careerkit.presentation.charts import chart_for
from careerkit.core.examples import example_person
from careerkit.core.storage.store import Store
from careerkit.presentation.views import view_for
from careerkit.presentation.workbook import Workbook

WB = learning.WB
TRAINER = "13-1151.00"  # Training and Development Specialists
TEACHER = "25-1194.00"  # Career/Technical Education Teachers, Postsecondary
MANAGER = "11-1021.00"  # General and Operations Managers


def shortlist(*entries) -> list[dict]:
    return [{"_id": f"r{i}", "title": title, "kind": "role", "onet_code": code}
            for i, (title, code) in enumerate(entries)]


def answers(short=(), **fields) -> Answers:
    return Answers({"02_explore_roles": {"shortlist": shortlist(*short)}, WB: fields})


def example() -> Answers:
    return example_person()


def unrated_code() -> str:
    return next(code for code in onet.occupations() if not onet.skills(code))


def rating(code: str, name: str) -> onet.Skill:
    return next(s for s in onet.skills(code) if s.name == name)


# -- roles -------------------------------------------------------------------------------------

def test_target_occupations_say_what_o_net_knows():
    code = unrated_code()
    given = answers([("Trainer", TRAINER), ("UX researcher", ""), ("Odd one", code), ("Trainer again", TRAINER)])
    found = learning.target_occupations(given)
    assert [(t["title"], t["status"]) for t in found] == [
        ("Trainer", "rated"), ("UX researcher", "not_onet"), ("Odd one", "unrated")]
    assert found[0]["onet_title"] == "Training and Development Specialists"


def test_chosen_roles_default_to_the_first_three_rated_roles():
    given = answers([("A", TRAINER), ("B", ""), ("C", TEACHER), ("D", MANAGER), ("E", "15-1252.00")])
    assert [r["code"] for r in learning.chosen_roles(given)] == [TRAINER, TEACHER, MANAGER]


def test_chosen_roles_follow_the_choice_even_an_empty_one():
    given = answers([("A", TRAINER), ("C", TEACHER)], gap_roles=[TEACHER])
    assert learning.chosen_roles(given) == [{"title": "C", "code": TEACHER}]
    assert learning.chosen_roles(answers([("A", TRAINER)], gap_roles=[])) == []


def test_a_chosen_role_that_left_the_shortlist_is_kept_and_unknown_codes_dropped():
    given = answers([("A", TRAINER)], gap_roles=[MANAGER, "99-9999.99", unrated_code()])
    assert learning.chosen_roles(given) == [{"title": "General and Operations Managers", "code": MANAGER}]


# -- gaps -------------------------------------------------------------------------------------

def test_gap_and_priority_by_hand():
    given = answers([("Trainer", TRAINER)], own_levels=[{"skill": "learning strategies ", "level": 3}])
    row = next(r for r in learning.skill_gaps(given) if r["skill"] == "Learning Strategies")
    skill = rating(TRAINER, "Learning Strategies")
    assert (row["required"], row["importance"], row["own"]) == (skill.level, skill.importance, 3)
    assert row["gap"] == round(skill.level - 3, 2)
    assert row["priority"] == round((skill.level - 3) * skill.importance, 2)
    # O*NET 29.3: level 5.00, importance 4.12 -> gap 2, priority 8.24
    assert (row["gap"], row["priority"]) == (2.0, 8.24)


def test_a_level_above_the_requirement_is_no_gap_and_unrated_skills_have_none():
    given = answers([("Trainer", TRAINER)], own_levels=[{"skill": "Speaking", "level": 7}])
    rows = {r["skill"]: r for r in learning.skill_gaps(given)}
    assert rows["Speaking"]["gap"] == 0 and rows["Speaking"]["priority"] == 0
    assert rows["Writing"]["gap"] is None and rows["Writing"]["priority"] is None


def test_only_skills_the_role_relies_on_are_compared():
    names = {r["skill"] for r in learning.skill_gaps(answers([("Trainer", TRAINER)]))}
    for s in onet.skills(TRAINER):
        relied_on = s.importance >= learning.RELEVANT_IMPORTANCE and not s.level_not_relevant and not s.suppress
        assert (s.name in names) == relied_on
    assert "Repairing" not in names and "Speaking" in names


def test_priority_gaps_keep_each_skill_once_where_it_matters_most():
    levels = [{"skill": "Speaking", "level": 2}, {"skill": "Instructing", "level": 7},
              {"skill": "Negotiation", "level": 1}]
    given = answers([("Trainer", TRAINER), ("Teacher", TEACHER)], own_levels=levels)
    gaps = learning.priority_gaps(given)
    keys = [(-g["priority"], -g["importance"], g["skill"]) for g in gaps]
    assert keys == sorted(keys)
    speaking = next(g for g in gaps if g["skill"] == "Speaking")
    expected = max(((rating(c, "Speaking").level - 2) * rating(c, "Speaking").importance, t)
                   for c, t in ((TRAINER, "Trainer"), (TEACHER, "Teacher")))
    assert speaking["role"] == expected[1] and speaking["priority"] == round(expected[0], 2)
    assert gaps[-1]["skill"] == "Instructing" and gaps[-1]["gap"] == 0
    assert len({g["skill"] for g in gaps}) == len(gaps) == 3


def test_skills_to_rate_are_shared_by_roles_and_show_your_level():
    given = answers([("Trainer", TRAINER), ("Teacher", TEACHER)], own_levels=[{"skill": "Speaking", "level": 4}])
    skills = {s["skill"]: s for s in learning.skills_to_rate(given)}
    assert skills["Speaking"]["roles"] == ["Trainer", "Teacher"] and skills["Speaking"]["own"] == 4
    assert skills["Systems Evaluation"]["roles"] == ["Trainer"]
    importances = [s["importance"] for s in learning.skills_to_rate(given)]
    assert importances == sorted(importances, reverse=True)


# -- the plan -----------------------------------------------------------------------------------

PLAN = [
    {"item": "Course", "skill": "Learning Strategies", "cost": 300, "start": "2026-09-01", "end": "2026-12-01",
     "status": "in_progress", "progress": 40},
    {"item": "Book", "skill": "learning strategies", "cost": 20, "start": "2026-08-01", "end": "2026-08-30",
     "status": "done", "progress": 10},
    {"item": "Old idea", "skill": "Negotiation", "cost": 900, "status": "dropped"},
    {"item": "Club", "skill": "Speaking", "cost": 90, "start": "2027-01-10", "end": "2027-06-01", "status": "planned"},
    {"item": "Late", "skill": "", "cost": None, "start": "2026-01-01", "end": "2026-02-01", "status": "in_progress",
     "progress": 80},
    {"item": "  ", "status": "planned"},
]


def test_plan_items_work_out_progress_and_overdue():
    items = learning.plan_items(answers(plan=PLAN), today=dt.date(2026, 10, 1))
    assert [i["item"] for i in items] == ["Course", "Book", "Old idea", "Club", "Late"]
    book = items[1]
    assert book["progress"] == 100  # done means finished, whatever was typed
    assert [i["overdue"] for i in items] == [False, False, False, False, True]
    assert items[4]["cost"] == 0


def test_learning_in_progress_lists_current_then_planned_learning():
    rows = learning.learning_in_progress(answers(plan=PLAN))
    assert [(r["item"], r["status"]) for r in rows] == [
        ("Late", "in_progress"), ("Course", "in_progress"), ("Club", "planned")]
    assert rows[1]["start"] == "2026-09-01" and rows[1]["progress"] == 40


def test_plan_summary_counts_costs_and_finds_uncovered_gaps():
    given = answers([("Trainer", TRAINER)], plan=PLAN, budget=400, gaps_to_close=["Writing", "Speaking"],
                    own_levels=[{"skill": "Learning Strategies", "level": 3}, {"skill": "Negotiation", "level": 0},
                                {"skill": "Monitoring", "level": 4}])
    summary = learning.plan_summary(given, today=dt.date(2026, 10, 1))
    assert summary["counts"] == {"idea": 0, "planned": 1, "in_progress": 2, "done": 1, "dropped": 1}
    assert summary["cost"] == 300 + 20 + 90 and summary["spent"] == 320
    assert summary["over_budget"] is True
    assert summary["overdue"] == ["Late"]
    # Negotiation: its only item was dropped; Monitoring's gap (4.12 - 4) is below half a level;
    # Writing was chosen but has no item; Speaking and Learning Strategies are covered.
    assert summary["uncovered"] == ["Negotiation", "Writing"]


def test_trends_are_grouped_by_horizon():
    given = answers(trends=[{"trend": "B", "horizon": "later"}, {"trend": "A", "horizon": "now"},
                            {"trend": "C"}, {"trend": ""}])
    groups = learning.trends_by_horizon(given)
    assert [(h, [r["trend"] for r in rows]) for h, rows in groups] == [
        ("Already here", ["A"]), ("In three to five years", ["B"]), ("Timing not given", ["C"])]


# -- charts ------------------------------------------------------------------------------------

def test_gap_chart_says_what_is_missing():
    assert "workbook 2" in chart_for(WB, "skill_gaps", Answers()).message
    message = chart_for(WB, "skill_gaps", answers([("Trainer", TRAINER)])).message
    assert message.startswith("Rate your own level in the 21 skills")


def test_gap_chart_puts_the_biggest_priorities_first():
    levels = [{"skill": "Speaking", "level": 0}, {"skill": "Writing", "level": 4},
              {"skill": "Learning Strategies", "level": 3}]
    chart = chart_for(WB, "skill_gaps", answers([("Trainer", TRAINER)], own_levels=levels))
    spec = chart.to_dict()
    assert [v["skill"] for v in spec["data"]["values"]] == ["Speaking", "Learning Strategies", "Writing"]
    assert "18 skills still to rate." in spec["title"]["subtitle"]
    chart.to_altair()


def test_plan_chart_draws_dated_items_only():
    chart = chart_for(WB, "plan_progress", answers(plan=PLAN + [{"item": "Someday", "status": "idea"}]))
    spec = chart.to_dict()
    assert [v["label"] for v in spec["data"]["values"]] == ["Course", "Book", "Club", "Late"]
    assert spec["data"]["values"][0]["reached"] == "2026-10-07"  # 40% of 91 days from 1 September
    assert "1 item without dates not shown." in spec["title"]["subtitle"]
    chart.to_altair()
    assert chart_for(WB, "plan_progress", Answers()).is_empty


def test_example_charts_are_valid():
    for name in ("skill_gaps", "plan_progress"):
        chart = chart_for(WB, name, example())
        assert not chart.is_empty
        chart.to_altair()


# -- the skill-gap tool and panels ---------------------------------------------------------------

@pytest.fixture
def store(tmp_path):
    store = Store(f"sqlite:///{tmp_path}/a.sqlite")
    yield store
    store.close()


def open_wb(store) -> Workbook:
    return Workbook(WB, store=store, profile="p", delay=0)


def test_tool_saves_the_roles_and_levels_through_the_store(store):
    store.save("p", "02_explore_roles", "shortlist", shortlist(("Trainer", TRAINER), ("Teacher", TEACHER),
                                                                ("UX researcher", "")))
    wb = open_wb(store)
    tool = view_for(WB, "skill_gap_tool")(wb)
    assert set(tool._checks) == {TRAINER, TEACHER} and all(c.value for c in tool._checks.values())
    notes = tool.roles_box.children[-1].value
    assert "UX researcher" in notes and "not linked to an O*NET occupation" in notes
    def needed_by(skill):
        return next(row.children[0].value for row in tool.rows_box.children[1:] if f"<b>{skill}</b>" in row.children[0].value)

    assert "Trainer, Teacher" in needed_by("Speaking")

    tool._checks[TEACHER].value = False
    assert store.answers("p", WB)["gap_roles"] == [TRAINER]
    assert "Teacher" not in needed_by("Speaking")
    assert len(tool._buttons) == 21

    tool._buttons["Speaking"].value = 2
    tool._buttons["Speaking"].value = 3
    tool._buttons["Writing"].value = 5
    saved = store.answers("p", WB)["own_levels"]
    assert [(r["skill"], r["level"]) for r in saved] == [("Speaking", 3), ("Writing", 5)]
    assert "2 of 21 rated" in tool._head.value
    assert not wb.draw("skill_gaps").is_empty

    again = view_for(WB, "skill_gap_tool")(open_wb(store))
    assert again._buttons["Speaking"].value == 3 and not again._checks[TEACHER].value


def test_tool_points_to_workbook_two_when_the_shortlist_is_empty(store):
    tool = view_for(WB, "skill_gap_tool")(open_wb(store))
    assert "02_explore_roles.ipynb" in tool.roles_box.children[0].value
    assert tool._buttons == {}
    assert "O*NET" in tool.children[-1].value


def test_tool_says_plainly_when_o_net_has_no_skill_ratings(store):
    code = unrated_code()
    store.save("p", "02_explore_roles", "shortlist", shortlist(("Rare role", code)))
    tool = view_for(WB, "skill_gap_tool")(open_wb(store))
    assert "has no skill ratings" in tool.roles_box.children[-1].value


def test_gap_summary_credits_o_net_and_escapes_text(store):
    store.save("p", "02_explore_roles", "shortlist", shortlist(("<i>Trainer</i>", TRAINER)))
    store.save("p", WB, "own_levels", [{"_id": "a", "skill": "Speaking", "level": 1}])
    html = view_for(WB, "gap_summary")(open_wb(store))
    assert "CC BY 4.0" in html and "O*NET 29.3" in html
    assert "<i>Trainer</i>" not in html and "&lt;i&gt;Trainer&lt;/i&gt;" in html


def test_plan_and_trend_panels_escape_typed_text(store):
    wb = open_wb(store)
    assert "ck-chart-empty" in view_for(WB, "plan_summary")(wb)
    wb.save("plan", [{"item": "<b>x</b>", "skill": "<script>", "status": "in_progress", "end": "2020-01-01"}])
    wb.save("trends", [{"trend": "<img src=x onerror=alert(1)>", "horizon": "now"}])
    plan = view_for(WB, "plan_summary")(wb)
    assert "<b>x</b>" not in plan and "&lt;b&gt;x&lt;/b&gt;" in plan
    trends = view_for(WB, "trends_watch")(wb)
    assert "<img" not in trends and "&lt;img" in trends
