"""Title search where a role is typed in workbooks 07 and 10: the person picks a real O*NET
occupation (or keeps their own words), and what they picked is saved, checked, compared
with their skills or interests, reported and exported like any other answer."""

from __future__ import annotations

import pytest

from careerkit.core import exchange, onet
from careerkit.core.answers import Answers
from careerkit.core.examples import seed
from careerkit.core.logic import decision, derived, learning, matching
from careerkit.core.storage.store import Store
from careerkit.presentation import report
from careerkit.presentation.views import view_for
from careerkit.presentation.workbook import Workbook

LEARNING = learning.WB
DECIDE = decision.WB
COORDINATORS = "25-9031.00"  # Instructional Coordinators: "learning designer" as people say it
TRAINER = "13-1151.00"


@pytest.fixture
def store(tmp_path):
    store = Store(f"sqlite:///{tmp_path}/a.sqlite")
    yield store
    store.close()


def _role_cell(tool):
    """The title-search box of the last row of 07's "Other roles you are aiming for"."""
    rows = list(tool.more._row_widgets.values())
    return rows[-1][1]["title"]


def _new_role(tool, typed: str):
    tool.more._add.click()
    cell = _role_cell(tool)
    cell.box.value = typed
    return cell


# -- workbook 07: target roles ---------------------------------------------------------------

def test_a_role_named_in_07_by_a_partial_title_is_compared_with_the_persons_skills(store):
    wb = Workbook(LEARNING, store=store, profile="p", delay=0)
    tool = view_for(LEARNING, "skill_gap_tool")(wb)
    assert tool._checks == {} and tool._buttons == {}

    cell = _new_role(tool, "learning desig")  # typed halfway
    assert COORDINATORS in [m.code for m in cell.suggested]
    cell.choose(COORDINATORS)

    saved = store.answers("p", LEARNING)["more_roles"]
    assert [r["title"] for r in saved] == ["Instructional Coordinators"]
    assert "Linked to the O*NET occupation" in cell.note.value
    # the tool redraws the roles: the new one is there, ticked by default, with its skills to rate
    assert list(tool._checks) == [COORDINATORS] and tool._checks[COORDINATORS].value
    needed = {s["skill"] for s in learning.skills_to_rate(wb.answers)}
    assert set(tool._buttons) == needed and "Instructing" in needed
    tool._buttons["Instructing"].value = 2
    gap = next(g for g in learning.priority_gaps(wb.answers) if g["skill"] == "Instructing")
    assert gap["role"] == "Instructional Coordinators"
    assert not wb.draw("skill_gaps").is_empty
    # the same occupation on the shortlist of workbook 2 is listed once
    store.save("p", "02_explore_roles", "shortlist", [{"title": "Instructional Coordinators"}])
    assert [t["code"] for t in learning.target_occupations(Answers({
        "02_explore_roles": store.answers("p", "02_explore_roles"), LEARNING: store.answers("p", LEARNING)}))] == [
        COORDINATORS]


def test_a_role_in_own_words_is_kept_as_typed_without_skill_data(store):
    wb = Workbook(LEARNING, store=store, profile="p", delay=0)
    tool = view_for(LEARNING, "skill_gap_tool")(wb)
    cell = _new_role(tool, "Qwzx plorbing ")
    assert cell.suggested == []
    assert "kept as you typed them" in cell.choices.children[-1].value
    assert [r["title"] for r in store.answers("p", LEARNING)["more_roles"]] == ["Qwzx plorbing "]  # as typed
    found = learning.target_occupations(wb.answers)
    assert [(t["title"], t["code"], t["status"], t["source"]) for t in found] == [
        ("Qwzx plorbing", None, "not_onet", "more_roles")]
    assert tool._checks == {} and learning.chosen_roles(wb.answers) == []


def test_a_role_too_long_is_refused_next_to_the_field_and_nothing_saved(store):
    wb = Workbook(LEARNING, store=store, profile="p", delay=0)
    tool = view_for(LEARNING, "skill_gap_tool")(wb)
    cell = _new_role(tool, "learning designer")
    cell.choose(COORDINATORS)
    cell.box.value = "x" * 151
    assert "150" in cell.message.value and "ck-error" in cell.message.value
    assert [r["title"] for r in store.answers("p", LEARNING)["more_roles"]] == ["Instructional Coordinators"]


def test_roles_named_in_07_are_reported_and_exported(store, tmp_path):
    seed(store, "p")
    store.save("p", LEARNING, "more_roles", [{"_id": "r1", "title": "Instructional Coordinators"},
                                             {"_id": "r2", "title": "Museum educator"}])
    built = report.build(store_answers(store, "p"), charts=False)
    page, md = report.html(built), report.markdown(built)
    for text in (page, md):
        assert "Other roles you are aiming for" in text
        assert "Instructional Coordinators" in text and "Museum educator" in text
    copy = Store(f"sqlite:///{tmp_path}/b.sqlite")
    exchange.apply(copy, "q", exchange.parse(exchange.dumps(exchange.export(store, "p"))))
    assert copy.answers("q", LEARNING)["more_roles"] == store.answers("p", LEARNING)["more_roles"]
    copy.close()


def test_the_example_person_names_a_role_in_07_that_o_net_knows():
    from careerkit.core.examples import example_person

    found = learning.target_occupations(example_person())
    ours = [t for t in found if t["source"] == "more_roles"]
    assert [(t["code"], t["status"]) for t in ours] == [(COORDINATORS, "rated")]


def store_answers(store: Store, profile: str) -> Answers:
    return Answers.load(store, profile)


# -- workbook 10: options --------------------------------------------------------------------

@pytest.fixture
def decide(store):
    seed(store, "p")  # the example person: an interest profile, a shortlist and options
    return Workbook(DECIDE, store=store, profile="p", delay=0)


def _descriptions(picker) -> dict[str, str]:
    return {title: row.children[1].value for (title, _box), row in
            zip(picker.boxes.items(), [c for c in picker.list.children if hasattr(c, "children")])}


def test_an_option_picked_by_title_search_is_added_linked_and_scored_only_after_the_gut(decide, store):
    from careerkit.workbooks.take_action.views import OptionPicker

    store.save("p", DECIDE, "gut_ranking", [])
    picker = OptionPicker(decide)
    before = store.answers("p", DECIDE)["options"]
    picker.new.box.value = "learning desig"
    assert COORDINATORS in [m.code for m in picker.new.suggested]
    picker.new.choose(COORDINATORS)
    picker.add.click()
    assert store.answers("p", DECIDE)["options"] == before + ["Instructional Coordinators"]
    assert "Added “Instructional Coordinators”" in picker.message.value
    assert picker.new.box.value == "" and picker.boxes["Instructional Coordinators"].value
    # linked, and blind: no score on the page before the gut ranking is kept
    shown = _descriptions(picker)["Instructional Coordinators"]
    assert "linked to O*NET (25-9031.00)" in shown and "interest fit" not in shown

    store.save("p", DECIDE, "gut_ranking", before + ["Instructional Coordinators"])
    again = OptionPicker(Workbook(DECIDE, store=store, profile="p", delay=0))
    expected = matching.fit_for(derived.interest_profile(store_answers(store, "p")).scores, COORDINATORS).fit
    assert f"interest fit {expected:.0f}" in _descriptions(again)["Instructional Coordinators"]
    row = next(r for r in decision.ranking(store_answers(store, "p")) if r["option"] == "Instructional Coordinators")
    assert row["fit"] == expected
    from careerkit.workbooks.career_compass import compass

    item = next(i for i in compass.options_part(store_answers(store, "p")).items
                if i["title"] == "Instructional Coordinators")
    assert item["fit"] == expected


def test_an_option_in_own_words_is_added_as_typed_and_bad_ones_are_refused(decide, store):
    from careerkit.workbooks.take_action.views import OptionPicker

    picker = OptionPicker(decide)
    before = store.answers("p", DECIDE)["options"]
    picker.new.box.value = "Stay where I am"
    picker.add.click()
    assert store.answers("p", DECIDE)["options"] == before + ["Stay where I am"]
    assert _descriptions(picker)["Stay where I am"] == "<span class='ck-muted'>your own option</span>"
    assert decision.own_option_fit(store_answers(store, "p"), "Stay where I am") is None

    picker.new.box.value = "stay where I AM"
    picker.add.click()
    assert "already in the running" in picker.message.value
    picker.new.box.value = "y" * 121
    assert "120" in picker.new.message.value
    picker.add.click()
    assert "ck-error" in picker.message.value
    picker.new.box.value = "   "
    picker.add.click()
    assert "Type the option first" in picker.message.value
    assert store.answers("p", DECIDE)["options"] == before + ["Stay where I am"]


def test_the_add_box_is_interface_state_not_an_answer_in_the_report():
    from careerkit.core import content

    field = content.workbook(DECIDE).field("new_option")
    assert field.ui and field.links_to == "onet"
    built = report.build(Answers({DECIDE: {"new_option": "Half-typed words", "options": ["Nurse"]}}), charts=False)
    assert "Half-typed words" not in report.markdown(built) and "Nurse" in report.markdown(built)


def test_title_search_fields_are_declared_in_the_descriptions():
    from careerkit.core import content

    role = content.workbook(LEARNING).field("more_roles").sub("title")
    assert role.links_to == "onet" and role.type == "text"
    assert onet.linked("Instructional Coordinators").code == COORDINATORS
