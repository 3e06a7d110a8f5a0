"""A workshop in a real browser: two participants on one server, each sees only their own answers,
nobody opens another's profile without the code, the facilitator page shows nothing without the key,
and no page asks anything of the internet."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from careerkit.serving.app import CONFIG_DIR
from careerkit.core.storage.store import Store
from careerkit.serving.workshop.db import WorkshopDB
from tests.support.voila import VoilaServer

pytestmark = pytest.mark.browser

REPO_ROOT = Path(__file__).resolve().parents[2]
LOAD = 240_000  # a page on a busy two-core machine can take minutes to render


@pytest.fixture(scope="module")
def workshop_server(tmp_path_factory):
    home = tmp_path_factory.mktemp("workshop-home")
    store = Store(f"sqlite:///{home / 'answers.sqlite'}")
    db = WorkshopDB(store)
    key = db.create_workshop("room")
    env = {
        "CAREERKIT_HOME": str(home),
        "CAREERKIT_WORKSHOP": "room",
        "JUPYTER_PATH": str(CONFIG_DIR),
        "JUPYTER_CONFIG_PATH": str(CONFIG_DIR),
    }
    # Served exactly as `careerkit app --workshop room` does: careerkit's voila.json (preheated kernels
    # that wait for the request), its page template, and the workshop named in the environment.
    with VoilaServer(REPO_ROOT / "workbooks", cwd=CONFIG_DIR, env=env) as server:
        yield server, db, key
    store.close()


def join(page, server) -> tuple[str, str]:
    """Create a profile on workbook 00; returns (resume code, link to workbook 01 with the session)."""
    from playwright.sync_api import expect

    page.goto(server.render_url("00_start_here.ipynb"), wait_until="commit", timeout=LOAD)
    create = page.locator("button.ck-create-profile")
    expect(create).to_be_visible(timeout=LOAD)
    create.click()
    code = page.locator(".ck-code")
    expect(code).to_be_visible()
    link = page.locator("a.ck-continue").get_attribute("href")
    assert re.search(r"\?s=[A-Za-z0-9_-]{20,}", link), link
    return code.inner_text().strip(), link


def type_answer(page, selector: str, text: str) -> None:
    from playwright.sync_api import expect

    box = page.locator(selector)
    expect(box).to_be_editable(timeout=LOAD)
    box.fill(text)
    # the section's one status line says it was saved (field lines are for errors only)
    section = page.locator(f".ck-form:has({selector.split(' ')[0]}) .ck-section-status")
    expect(section.locator(".ck-saved")).to_be_visible()


@pytest.mark.timeout(1200)
def test_two_participants_keep_private_profiles(workshop_server, page_factory):
    from playwright.sync_api import expect

    server, db, key = workshop_server
    first, second = page_factory(), page_factory()

    code1, link1 = join(first, server)
    type_answer(first, ".ck-field-preferred_name input", "Ada from table one")
    code2, link2 = join(second, server)
    assert code1 != code2
    assert "Ada from table one" not in second.content()
    expect(second.locator(".ck-field-preferred_name input")).to_have_value("")
    type_answer(second, ".ck-field-preferred_name input", "Grace by the window")

    # Moving on through careerkit's link keeps each person signed in, with their own answers.
    first.goto(server.base + "/voila/render/" + link1, wait_until="commit", timeout=LOAD)
    expect(first.locator(".ck-signed-in")).to_be_visible(timeout=LOAD)
    type_answer(first, ".ck-field-flow_moments textarea", "Lost in a spreadsheet puzzle all afternoon")
    second.goto(server.base + "/voila/render/" + link2, wait_until="commit", timeout=LOAD)
    expect(second.locator(".ck-signed-in")).to_be_visible(timeout=LOAD)
    expect(second.locator(".ck-field-flow_moments textarea")).to_have_value("")
    assert "spreadsheet puzzle" not in second.content()

    # The second participant cannot open the first's profile: not without a link, not with a guess.
    second.goto(server.render_url("01_self_reflection.ipynb"), wait_until="commit", timeout=LOAD)
    box = second.locator("input.ck-resume-code, .ck-resume-code input")
    expect(box).to_be_editable(timeout=LOAD)
    wrong = code1.rsplit(" ", 1)[0] + (" acorn" if not code1.endswith(" acorn") else " apple")
    box.fill(wrong)
    second.locator("button.ck-resume").click()
    expect(second.get_by_text("That code did not open a profile")).to_be_visible()
    assert second.locator(".ck-signed-in").count() == 0
    assert "spreadsheet puzzle" not in second.content() and "Ada from table one" not in second.content()
    forged = server.render_url("01_self_reflection.ipynb") + "?s=" + "Q" * 32
    second.goto(forged, wait_until="commit", timeout=LOAD)
    expect(second.locator("button.ck-resume")).to_be_visible(timeout=LOAD)
    assert "spreadsheet puzzle" not in second.content()

    # The first participant, later, on another device: the code brings everything back.
    elsewhere = page_factory()
    elsewhere.goto(server.render_url("01_self_reflection.ipynb"), wait_until="commit", timeout=LOAD)
    box = elsewhere.locator("input.ck-resume-code, .ck-resume-code input")
    expect(box).to_be_editable(timeout=LOAD)
    box.fill(code1.upper())
    elsewhere.locator("button.ck-resume").click()
    expect(elsewhere.locator(".ck-field-flow_moments textarea")).to_have_value(
        "Lost in a spreadsheet puzzle all afternoon")

    # Kept apart in the database too.
    profiles = {p.profile for p in db.participants("room")}
    assert len(profiles) == 2
    answers = {db.store.answers(p, "00_start_here").get("preferred_name") for p in profiles}
    assert answers == {"Ada from table one", "Grace by the window"}

    assert page_factory.offsite == [], f"requests tried to leave this machine: {page_factory.offsite}"


def test_facilitator_page_shows_nothing_without_the_key(workshop_server, page_factory):
    from playwright.sync_api import expect

    server, _db, key = workshop_server
    page = page_factory()
    page.goto(server.render_url("facilitator/dashboard.ipynb"), wait_until="commit", timeout=LOAD)
    box = page.locator("input.ck-facilitator-key, .ck-facilitator-key input")
    expect(box).to_be_editable(timeout=LOAD)
    assert page.locator(".ck-dashboard").count() == 0
    box.fill("0000-not-the-key")
    page.locator("button.ck-open-dashboard").click()
    expect(page.get_by_text("That key does not open this workshop")).to_be_visible()
    assert page.locator(".ck-dashboard").count() == 0
    box.fill(key)
    page.locator("button.ck-open-dashboard").click()
    expect(page.locator(".ck-dashboard")).to_be_visible()
    expect(page.get_by_text("The room's picture: room")).to_be_visible()
    assert page_factory.offsite == [], f"requests tried to leave this machine: {page_factory.offsite}"


@pytest.mark.timeout(1200)
def test_a_session_link_opened_in_another_browser_asks_for_the_resume_code(workshop_server, page_factory):
    """Someone posts their link in the room chat: another browser gets the sign-in panel, not their answers."""
    from playwright.sync_api import expect

    server, db, _key = workshop_server
    owner, visitor = page_factory(), page_factory()  # two browser contexts: two cookie jars
    _code, link = join(owner, server)
    type_answer(owner, ".ck-field-preferred_name input", "Owner only, table three")
    url = server.base + "/voila/render/" + link

    visitor.goto(url, wait_until="commit", timeout=LOAD)
    expect(visitor.locator("button.ck-resume")).to_be_visible(timeout=LOAD)
    expect(visitor.get_by_text("started in another browser")).to_be_visible()
    assert visitor.locator(".ck-signed-in").count() == 0
    assert visitor.locator(".ck-field-flow_moments textarea").count() == 0
    assert "Owner only, table three" not in visitor.content()

    # The owner's own browser follows the same link, signed in; links written in the
    # notebook's text (01 → 02, and 01 → 00) carry the session too.
    owner.goto(url, wait_until="commit", timeout=LOAD)
    expect(owner.locator(".ck-signed-in")).to_be_visible(timeout=LOAD)
    session = re.search(r"s=[A-Za-z0-9_-]{20,}", link).group(0)
    onward = owner.locator(".jp-RenderedMarkdown a[href^='02_explore_roles.ipynb']").first
    expect(onward).to_have_attribute("href", f"02_explore_roles.ipynb?{session}")
    back = owner.locator(".jp-RenderedMarkdown a[href^='00_start_here.ipynb']").first
    expect(back).to_have_attribute("href", f"00_start_here.ipynb?{session}")
    back.click()
    owner.wait_for_url(re.compile(r"00_start_here\.ipynb\?s="), wait_until="commit", timeout=LOAD)
    expect(owner.locator(".ck-signed-in")).to_be_visible(timeout=LOAD)
    expect(owner.locator(".ck-field-preferred_name input")).to_have_value("Owner only, table three", timeout=LOAD)

    owners = [p.profile for p in db.participants("room")
              if db.store.answers(p.profile, "00_start_here").get("preferred_name") == "Owner only, table three"]
    assert len(owners) == 1
    assert page_factory.offsite == [], f"requests tried to leave this machine: {page_factory.offsite}"
