"""Title search in Voilà where a role is typed in workbooks 07 and 10: a person types part of
a job title, picks the O*NET occupation suggested, and the role is linked and kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from careerkit.core.storage.store import Store
from tests.support.voila import VoilaServer

pytestmark = pytest.mark.browser

REPO_ROOT = Path(__file__).resolve().parents[2]
PICKED = "Instructional Coordinators"  # what O*NET files "learning designer" under


@pytest.fixture(scope="module")
def new_person_app(tmp_path_factory):
    from careerkit.serving.app import CONFIG_DIR, app_environment

    home = tmp_path_factory.mktemp("careerkit-title-search-home")
    store = Store(f"sqlite:///{home / 'answers.sqlite'}")
    store.save_many("newcomer", [
        ("02_explore_roles", "shortlist", [{"title": "Nurse"}]),
        ("10_take_action", "options", ["Nurse"]),
    ])
    store.close()
    env = app_environment(base={"CAREERKIT_HOME": str(home), "CAREERKIT_PROFILE": "newcomer"})
    with VoilaServer(REPO_ROOT / "workbooks", cwd=CONFIG_DIR, env=env) as server:
        yield server


def _open(page, url: str) -> None:
    from playwright.sync_api import expect

    page.set_default_navigation_timeout(180_000)  # a shared, busy machine renders slowly
    page.goto(url)
    expect(page.locator(".ck-banner")).to_be_visible(timeout=90_000)
    expect(page.locator("#loading")).to_have_count(0, timeout=90_000)


def test_a_target_role_in_07_is_picked_from_a_partial_title(new_person_app, page_factory):
    from playwright.sync_api import expect

    page = page_factory(viewport={"width": 1200, "height": 900})
    _open(page, new_person_app.render_url("07_learning.ipynb"))
    a_target_role_is_picked_from_a_partial_title(page)

    page.reload()
    expect(page.locator(".ck-field-more_roles .ck-field-title input")).to_have_value(PICKED, timeout=90_000)
    expect(page.locator(".ck-gap-tool")).to_contain_text(f"{PICKED} (25-9031.00)")
    assert page_factory.offsite == []


def a_target_role_is_picked_from_a_partial_title(page) -> None:
    """Workbook 07, open on ``page`` (in Voilà or in JupyterLab): a target role picked from
    the occupations suggested for part of a title, then compared skill by skill."""
    from playwright.sync_api import expect

    roles = page.locator(".ck-field-more_roles")
    roles.locator(".ck-add-row").click()
    title = roles.locator(".ck-field-title input")
    expect(title).to_be_editable()
    title.fill("learning desig")
    choice = roles.locator(".ck-onet-choice", has_text=PICKED)
    expect(choice).to_be_visible()
    choice.click()
    expect(title).to_have_value(PICKED)
    expect(roles.locator(".ck-onet-note")).to_contain_text("Linked to the O*NET occupation")
    tool = page.locator(".ck-gap-tool")
    # the role is one to compare with now, and its skills are there to rate
    expect(tool).to_contain_text(f"{PICKED} (25-9031.00)")
    expect(tool.locator(".ck-gap-row").first).to_contain_text("needs")


def test_an_option_in_10_is_picked_from_a_partial_title(new_person_app, page_factory):
    from playwright.sync_api import expect

    page = page_factory(viewport={"width": 1200, "height": 900})
    _open(page, new_person_app.render_url("10_take_action.ipynb"))
    an_option_is_picked_from_a_partial_title(page, page.locator("#rendered_cells"))

    page.reload()
    picker = page.locator(".ck-option-picker")
    expect(picker.get_by_role("checkbox", name=PICKED)).to_be_checked(timeout=90_000)
    assert page_factory.offsite == []


def an_option_is_picked_from_a_partial_title(page, cells) -> None:
    """Workbook 10, open on ``page`` (in Voilà or in JupyterLab; ``cells``: the notebook's
    cells), before the gut ranking is kept: an option added from part of a title."""
    from playwright.sync_api import expect

    picker = page.locator(".ck-option-picker")
    box = picker.locator(".ck-field-new_option input")
    expect(box).to_be_editable()
    box.fill("learning desig")
    choice = picker.locator(".ck-onet-choice", has_text=PICKED)
    expect(choice).to_be_visible()
    choice.click()
    expect(box).to_have_value(PICKED)
    picker.get_by_role("button", name="Add option").click()
    expect(picker).to_contain_text(f"Added “{PICKED}”")
    expect(picker).to_contain_text("linked to O*NET (25-9031.00)")
    expect(picker.get_by_role("checkbox", name=PICKED)).to_be_checked()
    expect(box).to_have_value("")
    # blind until the gut ranking is kept: no interest fit on the page yet
    shown = cells.inner_text()
    assert "interest fit" not in shown
