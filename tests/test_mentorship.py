"""Workbook 05: needs and who covers them, the outreach tracker and follow-ups, draft asks,
and session action items sent to workbook 04 as steps (once only)."""

from __future__ import annotations

import datetime as dt

import pytest
from careerkit.core.logic import mentorship
from careerkit.core.answers import Answers
from careerkit.workbooks.mentorship import charts as mentor_charts
from careerkit.core.examples import example_answers
from careerkit.core.storage.store import Store
from careerkit.workbooks.mentorship import views as mentor_views
from careerkit.presentation.workbook import Workbook

WB = "05_mentorship"
GOALS = "04_goals_vision"
TODAY = dt.date(2026, 11, 26)

NEEDS = ["Career planning and direction", "Insight into an industry or role", "Job search and applications"]
PEOPLE = [
    {"_id": "p1", "name": "Priya Shah", "relationship": "professional", "works_as": "L&D lead",
     "can_help": ["Insight into an industry or role", "Skills and know-how"], "strength": 3},
    {"_id": "p2", "name": "Tom Okafor", "relationship": "colleague",
     "can_help": ["Career planning and direction", "Insight into an industry or role"], "strength": 5},
    {"_id": "p3", "name": "  ", "can_help": ["Job search and applications"], "strength": 5},
]
OUTREACH = [
    {"_id": "o1", "person": "Dana", "stage": "sent", "follow_up": "2026-11-24"},
    {"_id": "o2", "person": "Tom Okafor", "stage": "drafted", "follow_up": "2026-11-26"},
    {"_id": "o3", "person": "Priya Shah", "stage": "closed", "follow_up": "2026-11-01"},
    {"_id": "o4", "person": "Lena", "stage": None, "follow_up": "2026-12-05"},
    {"_id": "o5", "person": "", "ask": ""},
]


def answers(**fields):
    return Answers({WB: {"needs": NEEDS, "people": PEOPLE, "outreach": OUTREACH, **fields}})


def test_needs_follow_the_persons_order():
    a = answers(needs_ranked=["Job search and applications", "Career planning and direction", "Not ticked"])
    assert mentorship.needs(a) == ["Job search and applications", "Career planning and direction",
                                   "Insight into an industry or role"]


def test_people_skip_rows_without_a_name_and_label_relationships():
    crowd = mentorship.people(answers())
    assert [p["name"] for p in crowd] == ["Priya Shah", "Tom Okafor"]
    assert crowd[0]["relationship_label"] == "Works in a field I am aiming for"


def test_coverage_counts_helpers_by_strength_and_finds_gaps():
    cover = {c["need"]: c for c in mentorship.coverage(answers())}
    insight = cover["Insight into an industry or role"]
    assert [h["name"] for h in insight["helpers"]] == ["Tom Okafor", "Priya Shah"]  # strongest first
    assert insight["count"] == 2 and insight["strongest"] == 5 and insight["strong"]
    assert cover["Career planning and direction"]["covered"]
    gap = cover["Job search and applications"]
    assert not gap["covered"] and gap["count"] == 0 and gap["strongest"] is None  # the unnamed row does not count
    assert "Skills and know-how" not in cover  # offered, but not needed


def test_follow_ups_due_today_or_earlier_skip_closed():
    due = mentorship.follow_ups_due(answers(), today=TODAY)
    assert [(f["person"], f["days"]) for f in due] == [("Dana", 2), ("Tom Okafor", 0)]
    assert due[0]["stage_label"] == "Sent"
    soon = mentorship.follow_ups_due(answers(), today=TODAY, within=14)
    assert [f["person"] for f in soon] == ["Dana", "Tom Okafor", "Lena"] and soon[-1]["days"] == -9
    assert mentorship.follow_ups_due(answers(), today=dt.date(2026, 11, 20)) == []


def test_pipeline_groups_by_stage():
    board = mentorship.pipeline(answers())
    assert list(board) == list(mentorship.STAGES)
    assert [r["person"] for r in board["drafted"]] == ["Tom Okafor", "Lena"]  # no stage counts as drafted
    assert sum(map(len, board.values())) == 4  # the blank row is left out


def test_draft_ask_names_what_they_can_help_with_and_signs_it():
    a = Answers({WB: {"needs": NEEDS, "needs_ranked": NEEDS}, "00_start_here": {"preferred_name": "Sam"},
                 "01_self_reflection": {"roles_to_explore": ["user researcher"]}})
    text = mentorship.draft_ask(PEOPLE[0], a)
    assert text.startswith("Hi Priya, I am exploring a move towards user researcher work.")
    assert "what the work is really like day to day" in text and text.endswith("Thank you, Sam")
    assert "(L&D lead)" in text
    plain = mentorship.draft_ask({"name": "Tom"}, Answers({}))
    assert plain.startswith("Hi Tom, I am thinking about my next career step.") and plain.endswith("Thank you")


def test_step_ids_are_stable_and_ignore_case_and_spacing():
    one = mentorship.step_id_for("s1", "Three informational interviews")
    assert one == mentorship.step_id_for("s1", "  three   INFORMATIONAL interviews ")
    assert one != mentorship.step_id_for("s2", "Three informational interviews")
    assert len(one) <= 40


def test_send_to_goals_is_idempotent():
    item = {"step_id": "mentor-abc", "item": "Write a case study", "person": "Priya", "day": "2026-11-05"}
    steps, added = mentorship.send_to_goals([{"_id": "x", "step": "Existing"}], item, "Goal A", "2026-12-01")
    assert added and steps[-1] == {"_id": "mentor-abc", "goal": "Goal A", "step": "Write a case study",
                                   "due": "2026-12-01", "status": "not_started", "kind": "step",
                                   "source": "Advice from Priya, 2026-11-05"}
    again, added_again = mentorship.send_to_goals(steps, item, "Goal B")
    assert not added_again and again == steps


def test_charts_show_gaps_and_validate():
    chart = mentor_charts.needs_coverage(answers())
    spec = chart.to_dict()
    assert spec["layer"][-1]["data"]["values"] == [{"need": "Job search and applications", "x": 0, "text": "no one yet"}]
    assert spec["title"]["subtitle"].startswith("2 of 3 needs have someone who can help; 2 by someone you know well")
    chart.to_altair()
    assert mentor_charts.needs_coverage(Answers({})).is_empty
    cmap = mentor_charts.mentor_map(answers())
    points = cmap.to_dict()["layer"][2]["data"]["values"]
    assert {(p["label"], p["x"], p["y"]) for p in points} == {("Priya Shah", 3, 1), ("Tom Okafor", 5, 2)}
    cmap.to_altair()
    assert mentor_charts.mentor_map(Answers({})).is_empty


def test_example_person_is_consistent():
    rows = {f: v for _, f, v in example_answers(WB)}
    a = Answers({WB: rows, GOALS: {f: v for _, f, v in example_answers(GOALS)}})
    cover = mentorship.coverage(a)
    assert any(c["covered"] for c in cover) and any(not c["covered"] for c in cover)
    items = mentorship.action_items(a)
    assert items and any(i["sent"] for i in items) and any(not i["sent"] for i in items)


# -- panels and the sender widget ------------------------------------------------------------------

@pytest.fixture
def wb(tmp_path):
    store = Store(f"sqlite:///{tmp_path}/a.sqlite")
    store.save_many("p", [
        (GOALS, "goals", [{"_id": "g1", "title": "Work in training", "status": "active"},
                          {"_id": "g2", "title": "Old dream", "status": "dropped"}]),
        (WB, "sessions", [{"_id": "s1", "day": "2026-11-05", "person": "Priya <i>Shah</i>",
                           "action_items": ["Write a case study", "Ask for two intros"]}]),
        (WB, "needs", NEEDS), (WB, "people", PEOPLE), (WB, "outreach", OUTREACH),
    ])
    return Workbook(WB, store=store, profile="p", delay=0)


def test_sending_an_action_item_adds_one_step_to_workbook_4(wb):
    sender = mentor_views.send_actions(wb)
    first = sender.rows.children[0]
    picker, button = first.children[1].children
    assert [v for _, v in picker.options] == ["Work in training", ""]  # dropped goals are not offered
    assert picker.value == ""
    picker.value = "Work in training"
    button.click()
    steps = wb.store.answers("p", GOALS)["steps"]
    assert [(s["step"], s["goal"]) for s in steps] == [("Write a case study", "Work in training")]
    assert steps[0]["source"] == "Advice from Priya <i>Shah</i>, 2026-11-05"
    assert "✓ Added" in sender.message.value
    # clicking the same (now stale) button again adds nothing
    button.click()
    assert len(wb.store.answers("p", GOALS)["steps"]) == 1
    assert "already in your plan" in sender.message.value
    # the list now shows it as in the plan, and the escaped name of who advised it
    label = sender.rows.children[0].children[0].value
    assert "Priya &lt;i&gt;Shah&lt;/i&gt;" in label
    assert "In your plan under “Work in training”" in sender.rows.children[0].children[1].children[0].value


def test_sender_with_no_sessions_says_what_to_do(tmp_path):
    store = Store(f"sqlite:///{tmp_path}/b.sqlite")
    sender = mentor_views.send_actions(Workbook(WB, store=store, profile="p", delay=0))
    assert "appear here" in sender.rows.children[0].value


def test_outreach_board_and_gaps_panels(wb):
    html = mentor_views.outreach_board(wb, today=TODAY)
    assert "Follow-ups due" in html and "Dana" in html and "2 days ago" in html and "due today" in html
    assert "Coming up: Lena on 5 Dec 2026" in html
    gaps = mentor_views.coverage_gaps(wb)
    assert "Job search and applications" in gaps and "recruiter" in gaps


def test_ask_drafts_skip_people_already_asked(wb):
    html = mentor_views.ask_drafts(wb)
    assert "Everyone on your map already has an ask" in html
    wb.save("outreach", [])
    html = mentor_views.ask_drafts(wb)
    assert "Hi Priya" in html and "Hi Tom" in html and "(L&amp;D lead)" in html
