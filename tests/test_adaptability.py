"""Workbook 08: alternative paths, the adaptability check, the plan timeline, and their panels."""

from __future__ import annotations

import pytest

from careerkit.core.logic import adaptability
from careerkit.core import content
from careerkit.core.answers import Answers
from careerkit.presentation.charts import chart_for
from careerkit.core.examples import example_person
from careerkit.core.storage.store import Store
from careerkit.presentation.views import view_for
from careerkit.presentation.workbook import Workbook

WB = adaptability.WB
GOALS = "04_goals_vision"


def path(title, kind=None, resources=None, liking=None, confidence=None, coherence=None, **extra):
    return {"title": title, "kind": kind, "resources": resources, "liking": liking, "confidence": confidence,
            "coherence": coherence, **extra}


def answers(goals=None, **fields) -> Answers:
    return Answers({WB: fields, GOALS: goals or {}})


def example() -> Answers:
    return example_person()


# -- paths ---------------------------------------------------------------------------------------

def test_paths_carry_their_ratings_and_average():
    given = answers(paths=[
        path("Stay", "current", 5, 2, 5, 2, picture="  Same desk  "),
        path("Teach", "plan_b", 3, 5, None, 4),
        path("   "),
        path("Bakery", "wild_card"),
    ])
    found = adaptability.paths(given)
    assert [p["title"] for p in found] == ["Stay", "Teach", "Bakery"]
    stay, teach, bakery = found
    assert stay["average"] == 3.5 and stay["complete"] and stay["picture"] == "Same desk"
    assert stay["kind_label"] == "The current path"
    assert teach["average"] == 4.0 and not teach["complete"]  # mean of the three given: (3 + 5 + 4) / 3
    assert bakery["average"] is None and bakery["kind_label"] == "The wild card"


def test_missing_path_kinds():
    assert adaptability.missing_path_kinds(answers()) == ["The current path", "Plan B", "The wild card"]
    given = answers(paths=[path("Stay", "current"), path("Other", "other")])
    assert adaptability.missing_path_kinds(given) == ["Plan B", "The wild card"]
    assert adaptability.missing_path_kinds(example()) == []


def test_decision_matrix_of_workbook_ten_offers_the_paths():
    from careerkit.core.logic import decision

    titles = [c["title"] for c in decision.candidates(example()) if c["source"] == "path"]
    assert titles == ["Finance operations lead", "Learning designer and trainer", "Bakery school in the old chapel"]


# -- the adaptability check -----------------------------------------------------------------------

def test_every_dimension_has_two_statements():
    fields = content.workbook(WB).fields.values()
    for dim in adaptability.DIMENSIONS:
        assert sum(1 for f in fields if f.score == dim) == 2


def test_adaptability_scores_by_hand():
    given = answers(ad_concern1=5, ad_concern2=4, ad_control1=1, ad_control2=1, ad_curiosity1=3)
    scores = adaptability.adaptability_scores(given)
    assert scores["concern"] == 87.5  # mean 4.5 -> (4.5 - 1) / 4 * 100
    assert scores["control"] == 0.0
    assert scores["curiosity"] is None  # one of two statements rated
    assert scores["confidence"] is None


# -- feedback and curveballs ----------------------------------------------------------------------

def test_feedback_summary_and_curveball_counts():
    given = answers(
        feedback=[{"said": "Slow start", "change": "Open with a task", "status": "changed"},
                  {"said": "Avoids presenting", "change": "Present next time", "status": "trying"},
                  {"said": "CV reads wrong", "change": "Rewrite summary"},
                  {"said": "", "change": ""}],
        curveballs=[{"kind": "setback", "response_kind": "adapt"}, {"kind": "setback", "response_kind": "adapt"},
                    {"kind": "opportunity", "response_kind": "seize"}, {"kind": "setback"}],
    )
    summary = adaptability.feedback_summary(given)
    assert summary["total"] == 3
    assert summary["by_status"] == {"changed": 1, "trying": 1, "considering": 1}
    assert summary["open"] == ["Present next time", "Rewrite summary"]
    assert adaptability.curveball_counts(given) == {"setback": {"adapt": 2}, "opportunity": {"seize": 1}}


# -- the timeline ---------------------------------------------------------------------------------

GOAL_ANSWERS = {
    "goals": [{"_id": "g1", "title": "Become a trainer", "status": "active", "set_on": "2026-10-01",
               "target": "2027-09-01", "why": "Teaching energises me"},
              {"_id": "g2", "title": "Undated goal"}],
    "steps": [{"_id": "s1", "goal": "Become a trainer", "step": "Ask Priya for coffee", "due": "2026-10-05",
               "status": "done", "kind": "step"},
              {"_id": "s2", "goal": "Become a trainer", "step": "First workshop held", "due": "2026-12-01",
               "status": "not_started", "kind": "milestone"}],
    "review_log": [{"_id": "r1", "day": "2026-11-01", "adjustments": "Move the workshop to December"}],
}


def test_timeline_merges_plan_changes_curveballs_and_goal_history():
    given = answers(
        goals=GOAL_ANSWERS,
        adjustments=[{"day": "2026-11-02", "change": "Workshop moved", "reason": "Venue closed"},
                     {"day": None, "change": "Undated change"}],
        curveballs=[{"day": "2026-10-20", "kind": "opportunity", "what": "Asked to train volunteers"},
                    {"day": "2026-10-21", "kind": None, "what": "No kind"}],
    )
    events = adaptability.timeline(given)
    assert [(e["date"], e["source"], e["label"]) for e in events] == [
        ("2026-10-01", "goal_set", "Set: Become a trainer"),
        ("2026-10-20", "opportunity", "Asked to train volunteers"),
        ("2026-11-01", "review", "Goal review"),
        ("2026-11-02", "adjustment", "Workshop moved"),
        ("2026-12-01", "milestone", "First workshop held"),
        ("2027-09-01", "target", "Target: Become a trainer"),
    ]
    assert events[0]["detail"] == "Teaching energises me" and events[0]["from_goals"]
    assert events[3]["detail"] == "Venue closed" and not events[3]["from_goals"]


def test_same_day_events_list_plan_changes_first():
    given = answers(goals={"goals": [{"_id": "g", "title": "Z goal", "set_on": "2026-10-01"}]},
                    adjustments=[{"day": "2026-10-01", "change": "A change"}])
    assert [e["source"] for e in adaptability.timeline(given)] == ["adjustment", "goal_set"]


# -- charts --------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["path_comparison", "adaptability_profile", "plan_timeline"])
def test_charts_are_empty_without_answers(name):
    chart = chart_for(WB, name, Answers())
    assert chart.is_empty and chart.message


@pytest.mark.parametrize("name", ["path_comparison", "adaptability_profile", "plan_timeline"])
def test_example_charts_are_valid(name):
    chart = chart_for(WB, name, example())
    assert not chart.is_empty
    chart.to_altair()


def test_path_comparison_names_the_best_average_and_what_is_missing():
    given = answers(paths=[path("Stay", "current", 5, 1, 5, 1), path("Teach", "plan_b", 4, 5, 3, 5)])
    spec = chart_for(WB, "path_comparison", given).to_dict()
    assert spec["title"]["subtitle"][0] == "Highest average: Teach (4.2 of 5)."
    assert spec["title"]["subtitle"][1] == "Still to sketch: the wild card."
    assert len(spec["data"]["values"]) == 8


def test_path_comparison_keeps_paths_with_the_same_title_apart():
    given = answers(paths=[path("Same", "current", 1, 1, 1, 1), path("Same", "plan_b", 5, 5, 5, 5)])
    names = chart_for(WB, "path_comparison", given).to_dict()["layer"][0]["encoding"]["color"]["scale"]["domain"]
    assert len(set(names)) == 2


def test_timeline_chart_keeps_the_forty_events_nearest_today():
    changes = [{"day": f"20{year:02d}-01-15", "change": f"Change {year}"} for year in range(0, 60)]
    spec = chart_for(WB, "plan_timeline", answers(adjustments=changes)).to_dict()
    rows = spec["data"]["values"]
    assert len(rows) == 40
    assert len({r["row"] for r in rows}) == 40
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)


def test_adaptability_profile_names_the_growing_edge():
    given = answers(ad_concern1=5, ad_concern2=5, ad_control1=2, ad_control2=1)
    spec = chart_for(WB, "adaptability_profile", given).to_dict()
    assert " ".join(spec["title"]["subtitle"]).startswith("Your growing edge: taking ownership")  # wrapped to the width
    assert [v["dimension"] for v in spec["data"]["values"]] == ["Looking ahead", "Taking ownership"]


# -- panels ---------------------------------------------------------------------------------------

@pytest.fixture
def wb(tmp_path):
    store = Store(f"sqlite:///{tmp_path}/a.sqlite")
    yield Workbook(WB, store=store, profile="p", delay=0)
    store.close()


def test_panels_are_empty_until_answered(wb):
    for name in ("path_starters", "path_cards", "responses"):
        assert "ck-chart-empty" in view_for(WB, name)(wb)


def test_path_cards_keep_typed_text_as_text_and_ask_for_missing_paths(wb):
    wb.save("paths", [path("<script>x</script>", "current", 3, 3, 3, 3, picture="<img src=x>")])
    html = view_for(WB, "path_cards")(wb)
    assert "<script>" not in html and "<img" not in html and "&lt;script&gt;" in html
    assert "Still to sketch: Plan B, The wild card" in html


def test_path_starters_read_goals_and_shortlist(wb):
    wb.store.save("p", GOALS, "goals", [{"_id": "g", "title": "Become a trainer", "status": "active"},
                                        {"_id": "h", "title": "Old goal", "status": "dropped"}])
    wb.store.save("p", "02_explore_roles", "shortlist", [{"_id": "s", "title": "UX researcher", "onet_code": ""}])
    wb._answers = None
    html = view_for(WB, "path_starters")(wb)
    assert "Become a trainer" in html and "Old goal" not in html and "UX researcher" in html


def test_paths_form_saves_a_rated_path(wb):
    wb.form("paths")
    records = wb.field("paths")
    records._add_row()
    cells = records._row_widgets[records.value[0]["_id"]][1]
    cells["title"].input.value = "Teach adults"
    cells["kind"]._picker.value = "plan_b"
    cells["liking"]._buttons.value = 5
    stored = wb.store.answers("p", WB)["paths"][0]
    assert (stored["title"], stored["kind"], stored["liking"]) == ("Teach adults", "plan_b", 5)
    assert adaptability.paths(wb.answers)[0]["average"] == 5.0
