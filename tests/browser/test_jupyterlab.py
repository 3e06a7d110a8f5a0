"""The same workbooks in JupyterLab, opened and run as a person does (Run > Run All Cells):
answers kept, a click after a new tag not lost, title search, the occupation explorer,
the decision in 10, blind first, then with the evidence of 02 and 06 beside it; an interest
profile turning flat, the SMART check, the watch list, feedback asked for and LinkedIn's
export imported.

Each browser test of these paths in Voilà calls the same check as here, so a path that
works in one place and not in the other fails."""

from __future__ import annotations

import pytest

from careerkit.core.storage.store import Store
from tests.browser.test_changer_browser import (
    CHANGER,
    a_profile_that_turns_flat_gets_no_code,
    a_watch_list_item_joins_the_plan,
    check_feedback_request,
    check_flat_ratings,
    check_goals,
    check_linkedin_contacts,
    check_plan,
    eventually_saved,
    feedback_is_asked_for_and_its_themes_found,
    goals_are_judged_as_written,
    linkedin_connections_are_imported,
)
from tests.browser.test_decision_browser import NEWCOMER, scores_and_evidence_appear_only_after_the_gut_ranking_is_kept
from tests.browser.test_explorer_browser import title_search_and_explorer
from tests.browser.test_tag_then_click import a_click_right_after_adding_a_tag_selects_the_rating
from tests.browser.test_title_search_browser import (
    PICKED,
    a_target_role_is_picked_from_a_partial_title,
    an_option_is_picked_from_a_partial_title,
)
from tests.support.lab import LabServer

pytestmark = pytest.mark.browser

PROFILE = "newcomer"


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab started by ``careerkit lab`` for a new person who has begun workbooks 02,
    03, 06 and 10 (:data:`NEWCOMER`) and rated 01's activities, chosen a target role in 07
    and had two replies in 08 (:data:`CHANGER`), with answers kept in a home of their own."""
    home = tmp_path_factory.mktemp("lab-home")
    store = Store(f"sqlite:///{home / 'answers.sqlite'}")
    store.save_many(PROFILE, NEWCOMER + CHANGER)
    store.close()
    with LabServer(home, PROFILE) as server:
        yield server


def _answers(lab, workbook: str, check) -> dict:
    """The answers of ``workbook`` once ``check(answers)`` passes: the page saves a moment
    after what it shows."""
    return eventually_saved(f"sqlite:///{lab.home / 'answers.sqlite'}", PROFILE, workbook, check)


def _equal(found, wanted) -> None:
    assert found == wanted, f"{found!r} != {wanted!r}"


def _cells(page):
    """The cells of the notebook in the tab that is shown."""
    return page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook")


def test_workbook_runs_and_keeps_answers_in_jupyterlab(lab, page_factory):
    from playwright.sync_api import expect

    page = page_factory(viewport={"width": 1400, "height": 1000})
    lab.open(page, "00_start_here.ipynb")
    expect(page.locator(".jp-Notebook")).to_be_visible()
    # found by its label, as in Voilà: ipywidgets' own <label for>, and the form helper's radio groups
    name = page.get_by_label("What would you like to be called?", exact=True)
    expect(name).to_be_editable()
    expect(page.locator(".ck-banner")).to_contain_text("Start here")
    name.fill("Robin")
    expect(page.locator(".ck-section-about_you .ck-section-status")).to_contain_text("Saved")
    stage = page.get_by_label("Which of these sounds most like you right now?", exact=True)
    expect(stage).to_have_attribute("role", "radiogroup")
    expect(page.locator(".ck-view-progress table")).to_be_visible()
    _answers(lab, "00_start_here", lambda a: _equal(a["preferred_name"], "Robin"))

    # where the person stands now: the current job found by the title people use for it
    job = page.locator(".ck-field-current_job input")
    job.fill("hospital pharmac")
    choice = page.locator(".ck-field-current_job .ck-onet-choice", has_text="Pharmacists")
    expect(choice.first).to_be_visible()
    choice.first.click()
    expect(job).to_have_value("Pharmacists")
    expect(page.locator(".ck-field-current_job .ck-onet-note")).to_contain_text("Linked to the O*NET occupation")
    expect(page.locator(".ck-section-where_you_stand .ck-section-status")).to_contain_text("Saved")
    _answers(lab, "00_start_here", lambda a: _equal(a["current_job"], "Pharmacists"))
    assert page_factory.offsite == [], f"requests tried to leave this machine: {page_factory.offsite}"


def test_a_click_after_a_new_tag_then_a_profile_turned_flat_in_jupyterlab(lab, page_factory):
    page = page_factory(viewport={"width": 1400, "height": 1000})
    lab.open(page, "01_self_reflection.ipynb")
    a_click_right_after_adding_a_tag_selects_the_rating(page)
    _answers(lab, "01_self_reflection",
             lambda a: _equal((a["stories"][-1]["skills"], a["stories"][-1]["pride"]), (["Facilitation"], 4)))

    # the same page: an interest profile that turns flat gets no code
    a_profile_that_turns_flat_gets_no_code(page, _cells(page))
    _answers(lab, "01_self_reflection", check_flat_ratings)


def test_title_search_and_explorer_in_jupyterlab(lab, page_factory):
    page = page_factory(viewport={"width": 1400, "height": 1000})
    lab.open(page, "02_explore_roles.ipynb")
    title_search_and_explorer(page)
    _answers(lab, "02_explore_roles",
             lambda a: _equal(a["explore_lookup"], "Health Specialties Teachers, Postsecondary"))


def test_a_target_role_in_07_then_its_watch_list_in_jupyterlab(lab, page_factory):
    page = page_factory(viewport={"width": 1400, "height": 1000})
    lab.open(page, "07_learning.ipynb")
    a_target_role_is_picked_from_a_partial_title(page)
    _answers(lab, "07_learning", lambda a: _equal([r.get("title") for r in a["more_roles"]], [PICKED]))

    # the same page: the watch list of that role's technology feeds the plan
    item = a_watch_list_item_joins_the_plan(page, _cells(page))
    _answers(lab, "07_learning", lambda a: check_plan(a, item))


def test_the_decision_in_10_then_changed_evidence_from_06_in_jupyterlab(lab, page_factory):
    from playwright.sync_api import expect

    page = page_factory(viewport={"width": 1400, "height": 1000})
    lab.open(page, "10_take_action.ipynb")
    an_option_is_picked_from_a_partial_title(page, _cells(page))
    _answers(lab, "10_take_action", lambda a: _equal(PICKED in a["options"], True))
    scores_and_evidence_appear_only_after_the_gut_ranking_is_kept(page, _cells(page))

    # what was learned in an experiment, changed in 06, is the evidence 10 shows next time
    lab.open(page, "06_passion_projects.ipynb")
    learned = _cells(page).locator(".ck-field-experiments .ck-field-learned textarea").first
    expect(learned).to_have_value("I love the lightbulb moment.")
    learned.fill("Marking thirty essays a night drains me.")
    expect(_cells(page).locator(".ck-section-experiments .ck-section-status")).to_contain_text("Saved")
    _answers(lab, "06_passion_projects",
             lambda a: _equal(a["experiments"][0]["learned"], "Marking thirty essays a night drains me."))
    lab.open(page, "10_take_action.ipynb")
    cells = _cells(page)
    expect(cells).to_contain_text("Marking thirty essays a night drains me.")
    assert "I love the lightbulb moment." not in cells.inner_text()
    assert page_factory.offsite == [], f"requests tried to leave this machine: {page_factory.offsite}"


def test_goals_are_judged_as_written_in_jupyterlab(lab, page_factory):
    page = page_factory(viewport={"width": 1400, "height": 1000})
    lab.open(page, "04_goals_vision.ipynb")
    goals_are_judged_as_written(page, _cells(page))
    _answers(lab, "04_goals_vision", check_goals)


def test_feedback_is_asked_for_and_its_themes_found_in_jupyterlab(lab, page_factory):
    page = page_factory(viewport={"width": 1400, "height": 1000})
    lab.open(page, "08_adaptability.ipynb")
    feedback_is_asked_for_and_its_themes_found(page, _cells(page))
    _answers(lab, "08_adaptability", check_feedback_request)


def test_linkedin_connections_are_imported_in_jupyterlab(lab, page_factory, tmp_path):
    page = page_factory(viewport={"width": 1400, "height": 1000})
    lab.open(page, "09_networking.ipynb")
    linkedin_connections_are_imported(page, _cells(page), tmp_path)
    _answers(lab, "09_networking", check_linkedin_contacts)
    assert page_factory.offsite == [], f"requests tried to leave this machine: {page_factory.offsite}"
