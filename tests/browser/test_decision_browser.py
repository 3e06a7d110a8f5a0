"""Workbook 10 in Voilà for a new person: no score before the gut ranking is kept, then the
scores and the first-hand evidence from workbooks 2, 6 and 8 beside them."""

from __future__ import annotations

from pathlib import Path

import pytest

from careerkit.core.storage.store import Store
from tests.support.voila import VoilaServer

pytestmark = pytest.mark.browser

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def new_person_app(tmp_path_factory):
    from careerkit.serving.app import CONFIG_DIR, app_environment

    home = tmp_path_factory.mktemp("careerkit-decision-home")
    store = Store(f"sqlite:///{home / 'answers.sqlite'}")
    store.save_many("newcomer", NEWCOMER)
    store.close()
    env = app_environment(base={"CAREERKIT_HOME": str(home), "CAREERKIT_PROFILE": "newcomer"})
    with VoilaServer(REPO_ROOT / "workbooks", cwd=CONFIG_DIR, env=env) as server:
        yield server


#: A new person with values, a shortlist, a shadowing day and an experiment, and two options in 10.
NEWCOMER = [
    ("03_values", "very_important", ["Learning", "Family"]),
    ("03_values", "top_values", ["Learning", "Family"]),
    ("03_values", "alignment_ratings", [{"option": "Teacher", "value": "Learning", "rating": 4}]),
    ("02_explore_roles", "shortlist", [{"title": "Teacher"}, {"title": "Nurse"}]),
    ("02_explore_roles", "interview_log", [
        {"kind": "shadowing", "who": "Sam", "option": "Nurse", "insights": "Twelve-hour shifts fly by.", "enjoy": 4}]),
    ("06_passion_projects", "experiments", [
        {"project": "Tutoring", "option": "Teacher", "learned": "I love the lightbulb moment.", "energy": 5, "fit": 4}]),
    ("10_take_action", "options", ["Teacher", "Nurse"]),
]


def test_scores_and_evidence_appear_only_after_the_gut_ranking_is_kept(new_person_app, page_factory):
    from playwright.sync_api import expect

    page = page_factory(viewport={"width": 1200, "height": 900})
    page.goto(new_person_app.render_url("10_take_action.ipynb"))
    expect(page.locator(".ck-banner")).to_be_visible(timeout=90_000)
    expect(page.locator("#loading")).to_have_count(0, timeout=90_000)
    scores_and_evidence_appear_only_after_the_gut_ranking_is_kept(page, page.locator("#rendered_cells"))
    assert page_factory.offsite == []


def scores_and_evidence_appear_only_after_the_gut_ranking_is_kept(page, cells) -> None:
    """Workbook 10 for :data:`NEWCOMER`, open on ``page`` (in Voilà or in JupyterLab;
    ``cells``: the notebook's cells): blind first, then scores and evidence."""
    from playwright.sync_api import expect

    expect(cells).to_contain_text("kept your gut ranking")
    before = cells.inner_text()
    for score in ("values alignment", "interest fit", "Twelve-hour shifts", "energy 5"):
        assert score not in before, f"{score!r} is on the page before the gut ranking is kept"
    page.get_by_role("button", name="Keep this order").first.click()
    expect(cells).to_contain_text("Gut ranking kept")
    expect(cells).to_contain_text("Twelve-hour shifts fly by.")
    expect(cells).to_contain_text("I love the lightbulb moment.")
    expect(cells).to_contain_text("values alignment 75")
