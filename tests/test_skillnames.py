"""Skill names as people write them, mapped to O*NET's 35 skills; workbook 7 uses workbook 1's ratings."""

from __future__ import annotations

import pytest

from careerkit.core import onet
from careerkit.core.answers import Answers
from careerkit.core.logic import learning, skillnames

#: (as a person writes it, the O*NET skill meant, or None for no O*NET skill)
NAMES = [
    ("Speaking", "Speaking"),
    ("public speaking", "Speaking"),
    ("Presenting", "Speaking"),
    ("presentations", "Speaking"),
    ("teaching", "Instructing"),
    ("Training others", "Instructing"),
    ("coaching", "Instructing"),
    ("problem solving", "Complex Problem Solving"),
    ("Problem-solving", "Complex Problem Solving"),
    ("solving complex problems", "Complex Problem Solving"),
    ("writing", "Writing"),
    ("Written communication", "Writing"),
    ("organising", "Coordination"),
    ("organizing", "Coordination"),
    ("time-management", "Time Management"),
    ("managing my time", "Time Management"),
    ("Judgement and decision-making", "Judgment and Decision Making"),
    ("decision making", "Judgment and Decision Making"),
    ("listening", "Active Listening"),
    ("ACTIVE LISTENING", "Active Listening"),
    ("critical thinking", "Critical Thinking"),
    ("critical-thinking ", "Critical Thinking"),
    ("negotiating", "Negotiation"),
    ("Negotiations", "Negotiation"),
    ("persuading people", "Persuasion"),
    ("influencing", "Persuasion"),
    ("people management", "Management of Personnel Resources"),
    ("managing people", "Management of Personnel Resources"),
    ("budgeting", "Management of Financial Resources"),
    ("managing budgets", "Management of Financial Resources"),
    ("maths", "Mathematics"),
    ("math", "Mathematics"),
    ("numeracy", "Mathematics"),
    ("coding", "Programming"),
    ("programming", "Programming"),
    ("customer service", "Service Orientation"),
    ("empathy", "Social Perceptiveness"),
    ("reading", "Reading Comprehension"),
    ("learning new things", "Active Learning"),
    ("troubleshooting", "Troubleshooting"),
    ("debugging", "Troubleshooting"),
    ("fixing things", "Repairing"),
    ("quality control", "Quality Control Analysis"),
    ("systems thinking", "Systems Analysis"),
    ("Management of material resources", "Management of Material Resources"),
    ("operations analysis", "Operations Analysis"),
    ("teamwork", "Coordination"),
    ("spreadsheets", None),
    ("baking", None),
    ("", None),
]


def test_there_are_35_onet_skills_and_each_maps_to_itself():
    names = onet.skill_names()
    assert len(names) == 35
    for name in names:
        assert skillnames.match_skill(name) == name
        assert skillnames.match_skill(name.lower().replace(" and ", " & ")) == name


@pytest.mark.parametrize(("written", "meant"), NAMES)
def test_names_as_people_write_them(written, meant):
    assert skillnames.match_skill(written) == meant


def test_every_synonym_points_at_a_real_onet_skill():
    assert set(skillnames.SYNONYMS.values()) <= set(onet.skill_names())


def test_workbook_7_takes_levels_from_workbook_1_and_its_own_win():
    answers = Answers({
        "01_self_reflection": {"skill_ratings": [
            {"skill": "public speaking", "proficiency": 2, "enjoyment": 3},
            {"skill": "Presenting", "proficiency": 4, "enjoyment": 4},
            {"skill": "teaching", "proficiency": 5, "enjoyment": 5},
            {"skill": "spreadsheets", "proficiency": 5, "enjoyment": 2},
        ]},
        "07_learning": {"own_levels": [{"skill": "instructing", "level": 3}]},
    })
    levels = learning.own_levels(answers)
    # proficiency 1–5 onto O*NET's 0–7 level: 1→1, 2→2, 3→4, 4→5, 5→6; the best wording of a skill counts
    assert levels["speaking"] == 5
    assert levels["instructing"] == 3  # rated in workbook 7: that wins
    sources = learning.level_sources(answers)
    assert sources["speaking"] == ("01_self_reflection", ["public speaking", "Presenting"])
    assert sources["instructing"][0] == "07_learning"
    assert learning.unmatched_skills(answers) == ["spreadsheets"]


def test_the_example_person_gets_gaps_without_rating_again():
    from careerkit.core.examples import example_person

    person = example_person()
    bare = person.with_answer("07_learning", "own_levels", [])
    levels = learning.own_levels(bare)
    assert {"instructing", "complex problem solving", "writing", "speaking"} <= set(levels)
    assert any(r["gap"] is not None for r in learning.skill_gaps(bare))


def test_the_gap_tool_shows_levels_from_workbook_1(tmp_path):
    from careerkit.core.storage.store import Store
    from careerkit.presentation.workbook import Workbook

    store = Store(f"sqlite:///{tmp_path}/s.sqlite")
    store.save_many("p", [("01_self_reflection", "skill_ratings", [
        {"skill": "public speaking", "proficiency": 4, "enjoyment": 3},
        {"skill": "spreadsheets", "proficiency": 5, "enjoyment": 2}]),
        ("07_learning", "gap_roles", ["25-1194.00"])])
    wb = Workbook("07_learning", store=store, profile="p", delay=0)
    tool = wb.show("skill_gap_tool")
    assert tool._buttons["Speaking"].value == 5
    text = " ".join(c.value for row in tool.rows_box.children
                    for c in ([row] + list(getattr(row, "children", []))) if isinstance(getattr(c, "value", None), str))
    assert "from workbook 1 (“public speaking”)" in text and "spreadsheets" in text
    store.close()
