"""Workbook 10: options, weighted matrix, gut check before the result, 30-60-90 plan and the timeline of 04."""

from __future__ import annotations

import datetime as dt

import pytest

from careerkit.core.logic import decision
from careerkit.core.answers import Answers
from careerkit.presentation.charts import chart_for
from careerkit.core.storage.store import Store
from careerkit.presentation.workbook import Workbook

WB = "10_take_action"
VALUES = "03_values"
TOP = ["Learning", "Family"]  # rank weights 5/9 and 4/9


def _answers(take_action=None, values=None, **others) -> Answers:
    data = {VALUES: {"very_important": TOP, "top_values": TOP, **(values or {})}, WB: take_action or {}}
    data.update(others)
    return Answers(data)


def test_candidates_come_from_shortlist_and_paths_without_duplicates():
    answers = _answers(**{
        "02_explore_roles": {"shortlist": [{"title": "Teacher"}, {"title": "Nurse"}]},
        "08_adaptability": {"paths": [{"title": "nurse"}, {"title": "Open a bakery"}]},
    })
    found = decision.candidates(answers)
    assert [(c["title"], c["source"]) for c in found] == [
        ("Teacher", "shortlist"), ("Nurse", "shortlist"), ("Open a bakery", "path")]


def test_ranking_weights_scores_by_top_values_and_prefers_scores_given_here():
    answers = _answers(
        {"options": ["A", "B", "C"],
         "scores": [{"option": "A", "criterion": "Learning", "score": 5},
                    {"option": "A", "criterion": "Family", "score": 1},
                    {"option": "B", "criterion": "family", "score": 5}]},
        {"alignment_ratings": [{"option": "B", "value": "Learning", "rating": 3},
                               {"option": "B", "value": "Family", "rating": 1}]},
    )
    ranked = decision.ranking(answers)
    # A: 5/9 * 1 + 4/9 * 0 = 55.6; B: Learning 3 from workbook 3, Family 5 given here: 5/9 * .5 + 4/9 * 1 = 72.2
    assert [(r["option"], r["score"], r["rank"]) for r in ranked] == [("B", 72.2, 1), ("A", 55.6, 2), ("C", None, None)]
    assert ranked[0]["cells"] == {"Learning": (3, "values"), "Family": (5, "here")}
    assert ranked[2]["scored"] == 0 and ranked[2]["total"] == 2


def test_set_score_replaces_adds_and_removes_one_cell():
    rows = [{"_id": "x", "option": "A", "criterion": "Learning", "score": 2}]
    assert decision.set_score(rows, "a", "learning", 4) == [{"_id": "x", "option": "A", "criterion": "Learning", "score": 4}]
    assert decision.set_score(rows, "A", "Family", 3)[1] == {"option": "A", "criterion": "Family", "score": 3}
    assert decision.set_score(rows, "A", "Learning", None) == []
    assert rows[0]["score"] == 2


def _scored(gut):
    scores = []
    for option, learning in (("A", 5), ("B", 4), ("C", 2), ("D", 1)):
        scores += [{"option": option, "criterion": "Learning", "score": learning},
                   {"option": option, "criterion": "Family", "score": learning}]
    return _answers({"options": ["A", "B", "C", "D"], "scores": scores, "gut_ranking": gut})


def test_compare_agreement_and_prompts():
    same = decision.compare(_scored(["A", "B", "C", "D"]))
    assert same["agreement"] == 1.0 and same["same_top"]
    assert same["verdict"] == "Your head and your gut largely agree."
    assert len(same["prompts"]) == 1 and "what is stopping you" in same["prompts"][0]

    reversed_ = decision.compare(_scored(["D", "C", "B", "A"]))
    assert reversed_["agreement"] == -1.0 and not reversed_["same_top"]
    assert reversed_["verdict"] == "Your head and your gut point in different directions."
    rows = {r["option"]: r for r in reversed_["rows"]}
    assert (rows["D"]["gut"], rows["D"]["matrix"], rows["D"]["shift"]) == (1, 4, -3)
    text = " ".join(reversed_["prompts"])
    assert "Your gut picks “D”, the matrix picks “A”" in text
    assert "Your gut likes “D” more than the numbers do" in text
    assert "On paper “A” does better than your gut allows" in text


def test_gut_ranking_drops_options_no_longer_running():
    answers = _answers({"options": ["A", "B"], "gut_ranking": ["B", "Gone", "a"]})
    assert decision.gut_ranking(answers) == ["B", "A"]


def test_weighted_chart_stays_hidden_until_gut_ranking_is_saved():
    answers = _scored([])
    chart = chart_for(WB, "weighted_ranking", answers)
    assert chart.is_empty and "instinct first" in chart.message
    chart = chart_for(WB, "weighted_ranking", _scored(["B", "A", "C", "D"]))
    chart.to_altair().to_dict()
    values = chart.to_dict()["data"]["values"]
    assert [v["option"] for v in values] == ["A", "B", "C", "D"]
    assert values[0]["label"] == "100 · gut #2 · highest"  # the highest says so in words, not only by colour
    empty = Answers({WB: {"options": ["A"]}})
    assert "workbook 3" in chart_for(WB, "weighted_ranking", empty).message


def test_plan_windows_from_the_start_date():
    answers = _answers({"plan_start": "2027-01-01", "actions": [
        {"_id": "a", "step": "Call Sam", "kind": "talk", "due": "2027-01-31"},
        {"_id": "b", "step": "Enrol", "kind": "study", "due": "2027-02-01", "status": "done"},
        {"_id": "c", "step": "Apply", "kind": "apply", "due": "2027-03-30"},
        {"_id": "d", "step": "Later", "due": "2027-06-01"},
        {"_id": "e", "step": "Someday"},
        {"_id": "f", "step": "Early", "due": "2026-12-20"},
    ]})
    plan = decision.plan(answers, today=dt.date(2027, 2, 10))
    assert [[s["step"] for s in w["steps"]] for w in plan["windows"]] == [["Early", "Call Sam"], ["Enrol"], ["Apply"]]
    assert plan["windows"][0]["ends"] == "2027-01-31"
    assert [s["step"] for s in plan["later"]] == ["Later"]
    assert [s["step"] for s in plan["undated"]] == ["Someday"]
    assert plan["overdue"] == 2  # Early and Call Sam; Enrol is done
    chart = chart_for(WB, "action_plan", answers)
    chart.to_altair().to_dict()
    assert len(chart.to_dict()["layer"][2]["data"]["values"]) == 5


def test_timeline_steps_are_idempotent_and_keep_other_steps():
    answers = _answers({"decision": "Teacher", "actions": [
        {"_id": "a1", "step": "Call Sam", "kind": "talk", "due": "2027-01-31", "status": "in_progress"},
        {"_id": "a2", "step": "No date"},
    ]}, **{"04_goals_vision": {"steps": [{"_id": "own", "goal": "G", "step": "Mine", "due": "2027-01-01"}]}})
    rows, added, changed = decision.timeline_steps(answers)
    assert (added, changed) == (1, 0)
    assert rows[0]["_id"] == "own"
    assert rows[1] == {"_id": "act-a1", "goal": "Teacher", "step": "Call Sam", "due": "2027-01-31",
                       "status": "in_progress", "kind": "step", "source": "30-60-90 day plan (workbook 10)"}
    again = answers.with_answer("04_goals_vision", "steps", rows)
    assert decision.timeline_steps(again) == (rows, 0, 0)
    # marked done in workbook 4: a later sync keeps it done; a step removed from the plan goes
    rows[1]["status"] = "done"
    moved = again.with_answer("04_goals_vision", "steps", rows).with_answer(WB, "actions", [
        {"_id": "a3", "step": "Apply", "due": "2027-02-02"}])
    new_rows, added, changed = decision.timeline_steps(moved)
    assert [r["_id"] for r in new_rows] == ["own", "act-a3"] and (added, changed) == (1, 1)


@pytest.fixture
def wb(tmp_path):
    store = Store(f"sqlite:///{tmp_path}/a.sqlite")
    store.save_many("p", [(VALUES, "very_important", TOP), (VALUES, "top_values", TOP),
                          ("02_explore_roles", "shortlist", [{"title": "Teacher"}, {"title": "Nurse"}])])
    return Workbook(WB, store=store, profile="p", delay=0)


def test_option_picker_saves_ticks_and_own_options(wb):
    from careerkit.workbooks.take_action.views import OptionPicker

    picker = OptionPicker(wb)
    assert list(picker.boxes) == ["Teacher", "Nurse"]
    picker.boxes["Nurse"].value = True
    assert wb.store.answers("p", WB)["options"] == ["Nurse"]
    picker.add_option("  Stay   where I am ")
    assert wb.store.answers("p", WB)["options"] == ["Nurse", "Stay where I am"]
    assert picker.boxes["Stay where I am"].value is True
    picker.add_option("nurse")
    assert "already in the running" in picker.message.value


def test_result_is_hidden_until_gut_kept_then_shown(wb):
    from careerkit.workbooks.take_action.views import DecisionMatrix, GutCheck, head_and_gut

    wb.save("options", ["Teacher", "Nurse"])
    grid = DecisionMatrix(wb)
    assert "hidden until you have kept your gut ranking" in head_and_gut(wb)
    gut = GutCheck(wb)
    gut.keep.click()
    assert wb.store.answers("p", WB)["gut_ranking"] == ["Teacher", "Nurse"]
    grid.cells[("Nurse", "Learning")].value = 5
    grid.cells[("Nurse", "Family")].value = 4
    grid.cells[("Teacher", "Learning")].value = 2
    saved = wb.store.answers("p", WB)["scores"]
    assert {(r["option"], r["criterion"], r["score"]) for r in saved} == {
        ("Nurse", "Learning", 5), ("Nurse", "Family", 4), ("Teacher", "Learning", 2)}
    html = head_and_gut(wb)
    assert "point in different directions" in html and "Your gut picks “Teacher”, the matrix picks “Nurse”" in html


def test_timeline_button_writes_steps_into_workbook_4_once(wb):
    from careerkit.workbooks.take_action.views import TimelineSync

    wb.save("actions", [{"step": "Call <Sam>", "kind": "talk", "due": "2027-01-31"}])
    tool = TimelineSync(wb)
    tool.button.click()
    steps = wb.store.answers("p", "04_goals_vision")["steps"]
    assert [s["step"] for s in steps] == ["Call <Sam>"] and steps[0]["_id"].startswith("act-")
    count = wb.store.count("p")
    tool.button.click()
    assert wb.store.count("p") == count and "already has every step" in tool.message.value


# -- decision integrity --------------------------------------------------------------------------
def _tied(gut):
    scores = []
    for option, score in (("A", 5), ("B", 3), ("C", 3), ("D", 1)):
        scores += [{"option": option, "criterion": v, "score": score} for v in TOP]
    return _answers({"options": ["A", "B", "C", "D"], "scores": scores, "gut_ranking": gut})


def test_equal_scores_share_a_rank():
    ranked = decision.ranking(_tied([]))
    assert [(r["option"], r["score"], r["rank"]) for r in ranked] == [
        ("A", 100.0, 1), ("B", 50.0, 2), ("C", 50.0, 2), ("D", 0.0, 4)]
    # the order the options were listed in does not decide between equals
    swapped = _answers({"options": ["A", "C", "B", "D"], "scores": _tied([]).rows(f"{WB}.scores")})
    assert {r["option"]: r["rank"] for r in decision.ranking(swapped)} == {"A": 1, "B": 2, "C": 2, "D": 4}


def test_head_and_gut_agreement_is_spearman_with_average_ranks():
    # gut 1,2,3,4 against matrix average ranks 1, 2.5, 2.5, 4: Pearson's r of the ranks is 4.5 / sqrt(22.5)
    result = decision.compare(_tied(["A", "B", "C", "D"]))
    assert result["agreement"] == pytest.approx(0.95, abs=0.005)
    assert decision.compare(_tied(["A", "C", "B", "D"]))["agreement"] == result["agreement"]
    rows = {r["option"]: r for r in result["rows"]}
    assert rows["B"]["matrix"] == rows["C"]["matrix"] == 2
    assert any("the same score" in p for p in result["prompts"])
    # all options equal: the matrix does not order them, so there is nothing to correlate
    flat = _answers({"options": ["A", "B"], "gut_ranking": ["A", "B"],
                     "scores": [{"option": o, "criterion": v, "score": 3} for o in "AB" for v in TOP]})
    assert decision.compare(flat)["agreement"] is None


def test_spearman_matches_scipy_style_average_ranks_on_random_orders():
    import random

    rng = random.Random(7)
    for _ in range(50):
        n = rng.randint(2, 7)
        gut = list(range(1, n + 1))
        scores = [rng.randint(0, 3) for _ in range(n)]
        rho = decision.spearman(gut, [-s for s in scores])
        ranks = decision.average_ranks([-s for s in scores])
        mx, my = sum(gut) / n, sum(ranks) / n
        sxy = sum((a - mx) * (b - my) for a, b in zip(gut, ranks))
        sxx = sum((a - mx) ** 2 for a in gut)
        syy = sum((b - my) ** 2 for b in ranks)
        expected = None if syy == 0 else sxy / (sxx * syy) ** 0.5
        assert (rho is None) == (expected is None)
        if rho is not None:
            assert rho == pytest.approx(expected)


def test_weights_come_only_from_a_ranking_the_person_kept():
    clicked = Answers({VALUES: {"very_important": ["Family", "Learning", "Fairness"]}})
    assert decision.criteria(clicked) == []
    kept = Answers({VALUES: {"very_important": ["Family", "Learning", "Fairness"], "top_values": ["Learning", "Family"]}})
    assert [(v, round(w, 3)) for v, w in decision.criteria(kept)] == [("Learning", 0.556), ("Family", 0.444)]
    assert decision.unranked_values(kept) == ["Fairness"]
    chart = chart_for(WB, "weighted_ranking", clicked.with_answer(WB, "options", ["A"]))
    assert "workbook 3" in chart.message


def test_premortem_and_what_must_be_true_are_saved_answers(wb):
    from careerkit.core import content

    fields = content.workbook(WB).fields
    assert fields["premortem"].type == "longtext" and fields["must_be_true"].type == "longtext"
    assert fields["premortem"].example and fields["must_be_true"].example
    wb.save("options", ["Teacher", "Nurse"])
    wb.save("gut_ranking", ["Nurse", "Teacher"])
    assert decision.leading_option(wb.answers) == "Nurse"
    wb.save("decision", "Teacher")
    assert decision.leading_option(wb.answers) == "Teacher"
    wb.save("premortem", "I missed the patients.")
    assert wb.store.answers("p", WB)["premortem"] == "I missed the patients."
    from careerkit.workbooks.take_action.views import premortem_prompt

    assert "Teacher" in premortem_prompt(wb)


def test_no_score_on_the_page_before_the_gut_ranking_is_kept(wb):
    import re

    from careerkit.workbooks.take_action.views import DecisionMatrix, OptionPicker, evidence_panel, head_and_gut

    wb.save("alignment_ratings", [{"option": "Teacher", "value": "Learning", "rating": 4}], workbook=VALUES)
    wb.save("options", ["Teacher", "Nurse"])

    def page_text():
        picker = OptionPicker(wb)
        texts = [child.children[1].value for child in picker.list.children if hasattr(child, "children")]
        grid = DecisionMatrix(wb)
        texts += [getattr(c, "value", "") for c in grid.grid.children]
        texts += [head_and_gut(wb), evidence_panel(wb)]
        return " ".join(str(t) for t in texts), grid

    before, grid = page_text()
    assert "alignment" not in before and "interest fit" not in before
    assert not grid.cells and not re.search(r"\b\d+%", before)
    wb.save("gut_ranking", ["Teacher", "Nurse"])
    after, grid = page_text()
    assert "values alignment" in after and grid.cells


# -- evidence ------------------------------------------------------------------------------------
EVIDENCE = {
    "02_explore_roles": {"interview_log": [
        {"_id": "i1", "kind": "interview", "who": "Priya", "option": "teacher", "insights": "Marking eats weekends.", "enjoy": 4},
        {"_id": "i2", "kind": "shadowing", "who": "Sam", "option": "Nurse", "insights": "Twelve-hour shifts.", "enjoy": 2},
        {"_id": "i3", "kind": "interview", "who": "Jo", "option": "Something else", "insights": "?", "enjoy": 5}]},
    "06_passion_projects": {"experiments": [
        {"_id": "e1", "project": "Tutoring", "option": "Teacher", "learned": "I love the lightbulb moment.", "energy": 5, "fit": 4}]},
    "08_adaptability": {"paths": [{"_id": "p1", "title": "Nurse", "liking": 3, "coherence": 2}]},
}


def test_evidence_from_02_06_and_08_is_gathered_by_option():
    answers = _answers({"options": ["Teacher", "Nurse"]}, **EVIDENCE)
    by = decision.evidence_by_option(answers)
    assert by["Teacher"]["count"] == 2 and by["Teacher"]["energy"] == 4.5 and by["Teacher"]["fit"] == 4
    assert by["Nurse"]["count"] == 2 and by["Nurse"]["energy"] == 2.5 and by["Nurse"]["fit"] == 2
    assert "I love the lightbulb moment." in by["Teacher"]["learned"]
    unlinked = decision.unlinked_evidence(answers)
    assert [e["ref"] for e in unlinked] == ["interview_log:i3"]
    linked = answers.with_answer(WB, "evidence_links", [{"ref": "interview_log:i3", "option": "Nurse"}])
    assert decision.evidence_by_option(linked)["Nurse"]["count"] == 3
    assert decision.unlinked_evidence(linked) == []


def test_a_changed_answer_in_02_06_or_08_changes_the_evidence_shown_in_10(tmp_path):
    from careerkit.workbooks.take_action.views import evidence_panel

    store = Store(f"sqlite:///{tmp_path}/e.sqlite")
    store.save_many("p", [(VALUES, "very_important", TOP), (VALUES, "top_values", TOP),
                          (WB, "options", ["Teacher", "Nurse"]), (WB, "gut_ranking", ["Teacher", "Nurse"])]
                    + [(wb_id, f, v) for wb_id, fields in EVIDENCE.items() for f, v in fields.items()])
    wb = Workbook(WB, store=store, profile="p", delay=0)
    first = evidence_panel(wb)
    assert "Marking eats weekends." in first
    for wb_id, field, change in (("02_explore_roles", "interview_log", {"enjoy": 1, "insights": "Marking is fine."}),
                                 ("06_passion_projects", "experiments", {"energy": 1, "learned": "Tiring after all."}),
                                 ("08_adaptability", "paths", {"liking": 5})):
        before = evidence_panel(wb)
        rows = [dict(r) for r in store.answers("p", wb_id)[field]]
        rows[0].update(change)
        store.save_many("p", [(wb_id, field, rows)])
        wb = Workbook(WB, store=store, profile="p", delay=0)
        assert evidence_panel(wb) != before, wb_id
    assert "Tiring after all." in evidence_panel(wb) and "Marking is fine." in evidence_panel(wb)
    store.close()


def test_the_example_person_has_evidence_in_10_and_11():
    from careerkit.workbooks.career_compass import compass
    from careerkit.core.examples import example_person

    person = example_person()
    by = decision.evidence_by_option(person)
    assert sum(e["count"] for e in by.values()) >= 3
    part = compass.options_part(person)
    shown = {i["title"]: i["evidence"] for i in part.items}
    assert shown["Training and Development Specialists"]["count"] == by["Training and Development Specialists"]["count"]
    assert shown["Training and Development Specialists"]["energy"] == by["Training and Development Specialists"]["energy"]


def test_the_compass_shows_evidence_and_follows_a_change_in_06(tmp_path):
    from careerkit.core.examples import seed

    store = Store(f"sqlite:///{tmp_path}/c.sqlite")
    seed(store, "p")
    page = Workbook("11_career_compass", store=store, profile="p", delay=0)
    before = page.show("compass").value
    assert "Fit in practice" in before
    rows = [dict(r) for r in store.answers("p", "06_passion_projects")["experiments"]]
    rows[0]["option"] = "Finance operations lead"
    store.save_many("p", [("06_passion_projects", "experiments", rows)])
    after = Workbook("11_career_compass", store=store, profile="p", delay=0).show("compass").value
    assert after != before
    store.close()
