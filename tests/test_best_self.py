"""Workbook 8: a Reflected Best Self exercise, asked for, logged, and turned into strengths seen in 11."""

from __future__ import annotations

import pytest

from careerkit.core.answers import Answers
from careerkit.core.logic import adaptability
from careerkit.core.storage.store import Store
from careerkit.presentation.workbook import Workbook
from careerkit.workbooks.career_compass import compass

WB = "08_adaptability"


def test_the_request_is_drafted_for_each_person_and_names_them():
    answers = Answers({WB: {"rbs_people": [{"name": "Priya", "relationship": "mentor"},
                                           {"name": "Sam <Lee>", "relationship": "colleague"}]}})
    drafts = adaptability.best_self_requests(answers, sender="Jo")
    assert [d["to"] for d in drafts] == ["Priya", "Sam <Lee>"]
    assert drafts[0]["message"].startswith("Dear Priya,") and "at my best" in drafts[0]["message"]
    assert drafts[0]["message"].rstrip().endswith("Jo")
    # the person's own wording, once saved, is what is sent
    own = answers.with_answer(WB, "rbs_message", "Hi {name}, tell me a story of me at my best?")
    assert adaptability.best_self_requests(own)[1]["message"] == "Hi Sam <Lee>, tell me a story of me at my best?"


def test_asks_for_three_to_five_people():
    few = Answers({WB: {"rbs_people": [{"name": "A"}, {"name": "B"}]}})
    assert "at least three" in adaptability.best_self_status(few)
    assert adaptability.best_self_status(Answers({WB: {"rbs_people": [{"name": n} for n in "ABC"]}})) == ""


def test_themes_come_from_what_several_people_said_and_confirmed_ones_lead():
    answers = Answers({WB: {"rbs_replies": [
        {"who": "Priya", "story": "Ran the rota rebuild.", "strengths": ["Calm under pressure", "explaining"]},
        {"who": "Sam", "story": "Trained the new starters.", "strengths": ["Explaining", "patience"]},
        {"who": "Ana", "story": "Fixed the budget mess.", "strengths": ["calm under pressure"]},
    ], "rbs_themes": [{"theme": "Patience", "evidence": "Sam's story"}]}})
    themes = adaptability.best_self_themes(answers)
    assert [(t["theme"], t["count"]) for t in themes[:2]] == [("Calm under pressure", 2), ("explaining", 2)]
    assert themes[0]["who"] == ["Priya", "Ana"]
    strengths = adaptability.reflected_strengths(answers)
    assert strengths[0]["strength"] == "Patience" and strengths[0]["confirmed"]
    assert {s["strength"] for s in strengths} == {"Patience", "Calm under pressure", "explaining"}


def test_strengths_reach_the_compass_and_change_with_the_replies():
    base = Answers({WB: {"rbs_replies": [
        {"who": "Priya", "strengths": ["Explaining"]}, {"who": "Sam", "strengths": ["explaining"]}]}})
    part = compass.best_self_part(base)
    assert [i["strength"] for i in part.items] == ["Explaining"]
    changed = base.with_answer(WB, "rbs_replies", [{"who": "Priya", "strengths": ["Listening"]},
                                                   {"who": "Sam", "strengths": ["listening"]}])
    assert [i["strength"] for i in compass.best_self_part(changed).items] == ["Listening"]
    assert compass.best_self_part(Answers({})).missing


def test_the_example_person_has_reflected_strengths_in_11(tmp_path):
    from careerkit.core.examples import example_person, seed

    assert adaptability.reflected_strengths(example_person())
    store = Store(f"sqlite:///{tmp_path}/b.sqlite")
    seed(store, "p")
    page = Workbook("11_career_compass", store=store, profile="p", delay=0).show("compass").value
    assert "How others see you at your best" in page
    store.close()


def test_the_draft_panel_fills_the_message_and_can_be_copied(tmp_path):
    store = Store(f"sqlite:///{tmp_path}/d.sqlite")
    wb = Workbook(WB, store=store, profile="p", delay=0)
    panel = wb.show("best_self_request")
    assert "at least three" in panel.summary.value
    wb.save("rbs_people", [{"name": "Priya"}, {"name": "Sam"}, {"name": "Ana <b>"}])
    panel.refresh()
    assert "Dear Ana &lt;b&gt;," in panel.summary.value and "<b>," not in panel.summary.value
    panel.use.click()
    assert "{name}" in store.answers("p", WB)["rbs_message"]
    store.close()
