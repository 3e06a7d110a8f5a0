"""Workbook 04's goals, steps and reviews: the SMART check, overdue steps, the timeline,
review dates, what changed since the previous review, the step adder and the panels."""

from __future__ import annotations

import datetime as dt

import pytest
from careerkit.core.logic import goals
from careerkit.core.answers import Answers
from careerkit.workbooks.goals_vision import charts as goal_charts
from careerkit.core.examples import example_answers
from careerkit.core.storage.store import Store
from careerkit.workbooks.goals_vision import views as goal_views
from careerkit.presentation.workbook import Workbook

WB = "04_goals_vision"
TODAY = dt.date(2026, 11, 26)

GOOD = {
    "title": "Run a pilot onboarding workshop for new volunteers at the food bank",
    "horizon": "short", "status": "active",
    "description": "Design a two-hour welcome session and run it twice with the coordinator.",
    "measure": "Two sessions held", "set_on": "2026-10-01", "target": "2027-03-31",
    "why": "It tests whether designing training is what I want to do", "serves": ["learning"],
    "confidence": 8,
}


def check(row, **kw):
    return {name: (ok, message) for name, ok, message in goals.smart_feedback(row, today=TODAY, **kw)}


def answers(goal_rows=(), step_rows=(), **more):
    return Answers({WB: {"goals": list(goal_rows), "steps": list(step_rows), **more}})


# -- SMART ---------------------------------------------------------------------------------

def test_a_well_formed_goal_meets_all_five():
    result = goals.smart_feedback(GOOD, today=TODAY)
    assert [name for name, _, _ in result] == ["Specific", "Measurable", "Achievable", "Relevant", "Time-bound"]
    assert all(ok for _, ok, _ in result), result


def test_vague_goal_is_not_specific_and_names_the_vague_words():
    ok, message = check({**GOOD, "title": "Get better at my career", "description": ""})["Specific"]
    assert not ok
    assert "“better”" in message and "For example" in message


def test_measurable_needs_a_number_or_finish_line():
    ok, message = check({**GOOD, "title": "Design onboarding sessions for volunteers at the food bank",
                         "description": "", "measure": "I feel good about it"})["Measurable"]
    assert not ok and "Add a number or a clear finish line" in message
    assert check({**GOOD, "measure": "Certificate awarded"})["Measurable"][0]
    assert check({**GOOD, "measure": "", "title": "Hold three informational interviews with trainers"})["Measurable"][0]


@pytest.mark.parametrize("confidence, ok, words", [(None, False, "Rate how confident"), (5, False, "make it a 7"),
                                                   (2, False, "long shot"), (7, True, "7/10")])
def test_achievable_follows_the_confidence_rating(confidence, ok, words):
    got, message = check({**GOOD, "confidence": confidence})["Achievable"]
    assert got is ok and words in message


def test_relevant_needs_a_value_or_a_reason_and_suggests_earlier_values():
    bare = {**GOOD, "serves": [], "why": "because"}
    ok, message = check(bare, values=["Learning", "Fairness"])["Relevant"]
    assert not ok and "“Learning”" in message
    assert check({**bare, "why": "It tests whether training suits me"})["Relevant"][0]
    ok, message = check({**GOOD, "serves": ["learning"]}, values=["Learning"])["Relevant"]
    assert ok and "earlier workbook" in message


def test_time_bound_fits_the_horizon():
    too_far = check({**GOOD, "target": "2027-12-01"})["Time-bound"]
    assert not too_far[0] and "14 months" in too_far[1]
    assert check({**GOOD, "target": "2027-09-30"})["Time-bound"][0]  # within a year of 1 Oct 2026
    soon_long = check({**GOOD, "horizon": "long", "target": "2027-06-01"})["Time-bound"]
    assert not soon_long[0] and "short-term" in soon_long[1]
    assert check({**GOOD, "horizon": "long", "target": "2029-06-01"})["Time-bound"][0]
    assert not check({**GOOD, "horizon": "long", "target": "2040-06-01"})["Time-bound"][0]
    assert "Give it a target date" in check({**GOOD, "target": None})["Time-bound"][1]
    assert "before the day you set" in check({**GOOD, "target": "2026-09-01"})["Time-bound"][1]
    passed = check({**GOOD, "set_on": "2025-10-01", "target": "2026-10-31"})["Time-bound"]
    assert not passed[0] and "has passed" in passed[1]
    # an achieved goal may have a target in the past
    assert check({**GOOD, "status": "achieved", "set_on": "2025-10-01", "target": "2026-09-30"})["Time-bound"][0]


def test_short_term_is_measured_from_the_day_it_was_set_or_today():
    undated = {**GOOD, "set_on": None, "target": "2027-11-20"}
    assert check(undated)["Time-bound"][0]  # within a year of TODAY
    assert not check({**undated, "target": "2027-12-20"})["Time-bound"][0]


# -- steps, overdue and the timeline -------------------------------------------------------------

STEPS = [
    {"_id": "a", "goal": "  run a PILOT onboarding workshop for new volunteers at the food bank ", "step": "Pitch it",
     "due": "2026-10-20", "status": "done", "kind": "step"},
    {"_id": "b", "goal": GOOD["title"], "step": "Draft the plan", "due": "2026-11-15", "status": "in_progress",
     "kind": "step"},
    {"_id": "c", "goal": GOOD["title"], "step": "First session held", "due": "2027-01-24", "status": None,
     "kind": "milestone"},
    {"_id": "d", "goal": "Run a pilot workshop for volunteers", "step": "Book the room", "due": "2026-11-01",
     "status": "dropped", "kind": "step"},
    {"_id": "e", "goal": GOOD["title"], "step": "  ", "due": "2026-11-01"},
]


def test_steps_match_goals_flag_overdue_and_skip_blank_rows():
    got = {s["_id"]: s for s in goals.steps(answers([GOOD], STEPS), today=TODAY)}
    assert set(got) == {"a", "b", "c", "d"}
    assert got["a"]["goal"] == GOOD["title"] and got["a"]["goal_matched"]
    assert got["b"]["overdue"] and got["b"]["days_overdue"] == 11
    assert not got["a"]["overdue"]  # done
    assert not got["d"]["overdue"]  # dropped
    assert not got["c"]["overdue"] and got["c"]["milestone"] and got["c"]["status"] == "not_started"
    assert not got["d"]["goal_matched"] and got["d"]["suggestion"] == GOOD["title"]
    # the same plan a week earlier has nothing overdue
    assert not any(s["overdue"] for s in goals.steps(answers([GOOD], STEPS), today=dt.date(2026, 11, 10)))


def test_match_goal_never_guesses():
    assert goals.match_goal("Learn Python", ["Run a pilot workshop"]) == (None, None)
    assert goals.match_goal("", ["Run a pilot workshop"]) == (None, None)
    assert goals.match_goal("RUN a pilot  workshop", ["Run a pilot workshop"]) == ("Run a pilot workshop", None)


def test_timeline_events_are_dated_and_ordered():
    events = goals.timeline_events(answers([GOOD], STEPS + [{"goal": "", "step": "Undated", "due": None}]),
                                   today=TODAY)
    assert [e["date"] for e in events] == sorted(e["date"] for e in events)
    kinds = {e["label"]: e["kind"] for e in events}
    assert kinds["First session held"] == "milestone" and kinds["Pitch it"] == "step"
    assert kinds[f"Target: {GOOD['title']}"] == "target"
    assert "Undated" not in kinds
    assert [e["overdue"] for e in events if e["label"] == "Draft the plan"] == [True]


def test_goal_progress_counts_steps_and_collects_unmatched_ones():
    progress = {p["goal"]: p for p in goals.goal_progress(answers([GOOD], STEPS), today=TODAY)}
    main = progress[GOOD["title"]]
    assert main["counts"] == {"not_started": 1, "in_progress": 1, "done": 1, "dropped": 0}
    assert main["overdue"] == 1 and main["share_done"] == round(1 / 3, 3)
    assert progress[""]["counts"]["dropped"] == 1 and progress[""]["share_done"] == 0.0


def test_timeline_chart_marks_overdue_and_validates():
    chart = goal_charts.timeline(answers([GOOD], STEPS), today=TODAY)
    spec = chart.to_dict()
    notes = [layer for layer in spec["layer"] if layer["mark"].get("fontWeight") == "bold"][0]["data"]["values"]
    # every step's state in words beside it (colour is not the only sign); an overdue one says how late
    assert [n["note"] for n in notes if n["state"] == "Overdue"] == ["11 days overdue"]
    assert {n["state"]: n["note"] for n in notes if n["state"] != "Overdue"}["Done"] == "✓ done"
    shapes = {p["kind"] for layer in spec["layer"] for p in layer.get("data", {}).get("values", []) if "kind" in p}
    assert shapes == {"Step", "Milestone", "Goal target"}
    assert "1 step is overdue" in " ".join(spec["title"]["subtitle"])  # wrapped to the chart width
    chart.to_altair()  # a valid Vega-Lite spec
    assert goal_charts.timeline(answers(), today=TODAY).is_empty


def test_goal_progress_chart_validates():
    chart = goal_charts.goal_progress(answers([GOOD], STEPS), today=TODAY)
    chart.to_altair()
    notes = chart.to_dict()["layer"][-1]["data"]["values"]
    assert notes[0]["note"] == "33% done · 1 overdue"
    assert goal_charts.goal_progress(answers([GOOD]), today=TODAY).is_empty


# -- reviews -----------------------------------------------------------------------------------------

def test_add_months_clamps_to_month_end():
    assert goals.add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert goals.add_months(dt.date(2026, 11, 30), 3) == dt.date(2027, 2, 28)
    assert goals.add_months(dt.date(2024, 1, 31), 1) == dt.date(2024, 2, 29)


def test_review_status_and_previous_review():
    log = [{"day": "2026-10-26"}, {"day": "2026-11-16"}, {"day": None}]
    a = answers(review_cadence="monthly", review_log=log)
    status = goals.review_status(a, today=TODAY)
    assert status["last"] == dt.date(2026, 11, 16) and status["next_due"] == dt.date(2026, 12, 16)
    assert status["due_in"] == 20 and not status["late"] and status["count"] == 2
    late = goals.review_status(answers(review_cadence="weekly", review_log=log), today=TODAY)
    assert late["late"] and late["due_in"] == -3
    assert goals.previous_review(a, today=TODAY) == dt.date(2026, 11, 16)
    # a review logged today compares against the one before it
    assert goals.previous_review(a, today=dt.date(2026, 11, 16)) == dt.date(2026, 10, 26)
    assert goals.review_status(answers(), today=TODAY)["next_due"] is None


def test_diff_plan_lists_what_changed():
    before_goals = [dict(GOOD, _id="g1"), {"_id": "g2", "title": "Old goal"}]
    after_goals = [dict(GOOD, _id="g1", target="2027-04-30", status="paused"), {"_id": "g3", "title": "New goal"}]
    before_steps = [dict(STEPS[1]), dict(STEPS[2])]
    after_steps = [dict(STEPS[1], status="done"), dict(STEPS[2], due="2027-02-07"),
                   {"_id": "z", "step": "Brand new"}]
    changes = goals.diff_plan(before_goals, after_goals, before_steps, after_steps)
    assert changes.goals_added == ["New goal"] and changes.goals_removed == ["Old goal"]
    [(title, diffs)] = changes.goals_changed
    assert title == GOOD["title"]
    assert ("target date", "2027-03-31", "2027-04-30") in diffs and ("status", "active", "paused") in diffs
    assert changes.steps_status == [("Draft the plan", "In progress", "Done")]
    assert changes.steps_moved == [("First session held", "2027-01-24", "2027-02-07")]
    assert changes.steps_added == ["Brand new"] and not changes.steps_removed
    assert not changes.empty
    assert goals.diff_plan(after_goals, after_goals, after_steps, after_steps).empty


def seeded_store(tmp_path):
    return Store(f"sqlite:///{tmp_path}/a.sqlite")


def test_changes_since_the_previous_review_come_from_stored_history(tmp_path):
    store = seeded_store(tmp_path)
    local = dt.datetime.now().astimezone().tzinfo
    early = dt.datetime(2026, 10, 20, 9, tzinfo=local)
    late = dt.datetime(2026, 11, 20, 9, tzinfo=local)
    first_goals = [dict(GOOD, _id="g1")]
    first_steps = [dict(STEPS[1])]
    store.save_many("p", [(WB, "goals", first_goals), (WB, "steps", first_steps),
                          (WB, "review_cadence", "monthly"),
                          (WB, "review_log", [{"_id": "r1", "day": "2026-10-26"}])], saved_at=[early] * 4)
    store.save_many("p", [(WB, "goals", first_goals + [{"_id": "g2", "title": "Enrol on the course"}]),
                          (WB, "steps", [dict(STEPS[1], status="done")])], saved_at=[late] * 2)
    cutoff = goals.end_of_day(dt.date(2026, 10, 26))
    changes = goals.changes_since(store.history("p", WB, "goals"), store.history("p", WB, "steps"), cutoff,
                                  store.answers("p", WB)["goals"], store.answers("p", WB)["steps"])
    assert changes.goals_added == ["Enrol on the course"]
    assert changes.steps_status == [("Draft the plan", "In progress", "Done")]
    # the panel shows the same, in words, escaped
    wb = Workbook(WB, store=store, profile="p", delay=0)
    html = goal_views.review_status(wb, today=TODAY)
    assert "since your review of 26 Oct 2026" in html
    assert "New goal:</span> Enrol on the course" in html and "In progress → <b>Done</b>" in html
    assert "You review every month" in html and "Next review" in html and "was due 26 Nov 2026" not in html


def test_value_as_of_before_anything_was_saved(tmp_path):
    store = seeded_store(tmp_path)
    store.save("p", WB, "goals", [dict(GOOD, _id="g1")])
    assert goals.value_as_of(store.history("p", WB, "goals"), goals.end_of_day(dt.date(2000, 1, 1))) is None


# -- the step adder and panels -------------------------------------------------------------------------

def test_step_adder_appends_a_step_under_the_chosen_goal(tmp_path):
    store = seeded_store(tmp_path)
    store.save("p", WB, "goals", [dict(GOOD, _id="g1"), {"_id": "g2", "title": "Earn a certificate"}])
    wb = Workbook(WB, store=store, profile="p", delay=0)
    adder = goal_views.add_step(wb)
    assert [v for _, v in adder.goal.options] == [GOOD["title"], "Earn a certificate", ""]
    adder.add.click()
    assert "Type the step first" in adder.message.value
    assert store.answers("p", WB).get("steps") is None
    adder.goal.value = "Earn a certificate"
    adder.step.value = "Compare   three courses"
    adder.due.value = dt.date(2026, 12, 1)
    adder.milestone.value = True
    adder.add.click()
    [row] = store.answers("p", WB)["steps"]
    assert row["goal"] == "Earn a certificate" and row["step"] == "Compare three courses"
    assert row["due"] == "2026-12-01" and row["kind"] == "milestone" and row["status"] == "not_started"
    assert "✓ Added" in adder.message.value and adder.step.value == ""
    # a goal added later shows up in the list
    wb.save("goals", store.answers("p", WB)["goals"] + [{"_id": "g3", "title": "Third goal"}])
    assert "Third goal" in [v for _, v in adder.goal.options]


def test_plan_check_lists_overdue_and_unmatched_steps_escaped(tmp_path):
    store = seeded_store(tmp_path)
    store.save("p", WB, "goals", [dict(GOOD, _id="g1")])
    store.save("p", WB, "steps", STEPS[:2] + [
        {"_id": "x", "goal": "Run a pilot workshop for volunteers", "step": "<script>alert(1)</script>",
         "due": "2026-12-01", "status": "not_started", "kind": "step"}])
    wb = Workbook(WB, store=store, profile="p", delay=0)
    html = goal_views.plan_check(wb, today=TODAY)
    assert "Overdue (1)" in html and "Draft the plan" in html and "11 days ago" in html
    assert "&lt;script&gt;" in html and "<script>alert" not in html
    assert f"Did you mean “{GOOD['title']}”?" in html
    assert "Coming up in the next 14 days" in html


def test_smart_panel_and_example_person():
    rows = dict((f, v) for wb, f, v in example_answers(WB))
    a = Answers({WB: rows})
    summary = goals.smart_summary(a, today=dt.date(2026, 10, 1))
    assert len(summary) == len(rows["goals"]) >= 3
    assert all(item["met"] >= 4 for item in summary)
    assert {"short", "long"} <= {item["goal"]["horizon"] for item in summary}
    # every example step names one of the example goals
    assert all(s["goal_matched"] for s in goals.steps(a, today=dt.date(2026, 10, 1)))
