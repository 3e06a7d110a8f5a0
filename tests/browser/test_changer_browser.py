"""What a career changer does beyond title search, in Voilà for a new person: an interest
profile that turns flat gets no code (01), goals judged by the SMART check as written (04),
the watch list of the target roles' technology feeding the plan (07), feedback asked for and
its themes (08), and LinkedIn's own ``Connections.csv`` imported with dates in the person's
order (09).

JupyterLab runs the same checks (``tests/browser/test_jupyterlab.py``), so a path that works
in one place and not in the other fails."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from careerkit.core import content
from careerkit.core.storage.store import Store
from tests.support.pages import open_workbook
from tests.support.voila import VoilaServer

pytestmark = pytest.mark.browser

REPO_ROOT = Path(__file__).resolve().parents[2]
PROFILE = "changer"

#: Every activity of 01's interest profile rated 3, but the eight Investigative ones rated 5:
#: a code of one letter, I, until those eight are rated 3 too.
INTERESTS = [("01_self_reflection", f"ri_{t}{i:02d}", 5 if t == "i" else 3) for t in "riasec" for i in range(1, 9)]

#: A new person with the interests above and two replies in 08 that share a strength.
CHANGER = [
    *INTERESTS,
    ("08_adaptability", "rbs_replies", [
        {"who": "Grace", "story": "You rebuilt the rota in a weekend and taught everyone to use it.",
         "strengths": ["Explaining", "organising"]},
        {"who": "Dev", "story": "The launch went calmly because you ran the drop-in sessions.",
         "strengths": ["explaining", "calm under pressure"]},
    ]),
]

#: Instructional Coordinators, a target role in 07 (in JupyterLab, picked in the page instead).
TARGET_ROLE = ("07_learning", "more_roles", [{"title": "Instructional Coordinators"}])

#: LinkedIn's export as it comes (its "Notes:" preamble first), one date written day first,
#: and a row with no name, which is row 7 counted as a spreadsheet counts.
CONNECTIONS = (
    "Notes:\n"
    "\"When exporting your connection data, you may notice that some of the email addresses are missing.\"\n"
    "\n"
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Priya,Raman,https://www.linkedin.com/in/priya,,Northfield College,Staff Trainer,18/09/2026\n"
    "Tom,Okafor,https://www.linkedin.com/in/tom,,Brightpath Learning,Instructional Designer,02 Oct 2026\n"
    ",,https://www.linkedin.com/in/hidden,,,,03 Oct 2026\n"
)


def seed(url: str, profile: str, answers: list) -> None:
    store = Store(url)
    try:
        store.save_many(profile, answers)
    finally:
        store.close()


def saved(url: str, profile: str, workbook: str) -> dict:
    store = Store(url)
    try:
        return store.answers(profile, workbook)
    finally:
        store.close()


def eventually_saved(url: str, profile: str, workbook: str, check, timeout: float = 120.0) -> dict:
    """The answers of ``workbook`` once ``check(answers)`` passes (raises nothing): a page saves
    a moment after what it shows, so the file is read again until then, and the last failure
    is raised after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        answers = saved(url, profile, workbook)
        try:
            check(answers)
            return answers
        except (AssertionError, KeyError, IndexError, TypeError):
            if time.monotonic() > deadline:
                raise
        time.sleep(0.25)


@pytest.fixture(scope="module")
def changer_app(tmp_path_factory):
    from careerkit.serving.app import CONFIG_DIR, app_environment

    home = tmp_path_factory.mktemp("careerkit-changer-home")
    url = f"sqlite:///{home / 'answers.sqlite'}"
    seed(url, PROFILE, CHANGER + [TARGET_ROLE])
    env = app_environment(base={"CAREERKIT_HOME": str(home), "CAREERKIT_PROFILE": PROFILE})
    with VoilaServer(REPO_ROOT / "workbooks", cwd=CONFIG_DIR, env=env) as server:
        server.store_url = url
        yield server


def _open(app, page_factory, workbook_id: str):
    page = page_factory(viewport={"width": 1200, "height": 900})
    open_workbook(page, app, workbook_id)
    return page


# -- the checks, shared with JupyterLab ------------------------------------------------------


def a_profile_that_turns_flat_gets_no_code(page, cells) -> None:
    """Workbook 01 for :data:`INTERESTS`: the code I, then no code once every activity is rated the same."""
    from playwright.sync_api import expect

    expect(cells).to_contain_text("Your interest code: I")
    expect(cells).to_contain_text("occupations whose interest pattern is closest to yours")
    for i in range(1, 9):
        label = content.workbook("01_self_reflection").field(f"ri_i{i:02d}").label
        cells.get_by_label(label, exact=True).get_by_role("radio", name="3", exact=True).click()
    expect(cells).to_contain_text("Your interest profile is flat: no type stands out")
    expect(cells).to_contain_text("No list of “closest” occupations for you yet")
    expect(cells.locator(".ck-section-interest_profile .ck-section-status")).to_contain_text("Saved")
    shown = cells.inner_text()
    assert "Your interest code:" not in shown
    assert "occupations whose interest pattern is closest to yours" not in shown


def goals_are_judged_as_written(page, cells) -> None:
    """Workbook 04 for a person with no goals yet: a short goal that names an exam is
    specific; a vague one is neither specific nor measurable."""
    from playwright.sync_api import expect

    goals = cells.get_by_label("Your goals", exact=True)
    for n, title in enumerate(("Pass the PMP exam", "One day I will feel it"), start=1):
        goals.get_by_role("button", name="Add goal").first.click()
        row = cells.get_by_role("group", name=f"Goal {n}", exact=True)
        box = row.get_by_label("The goal in one line", exact=True)
        expect(box).to_be_editable()
        box.fill(title)
        box.press("Tab")
        # checked, so the page has stopped moving before the next click
        expect(cells.locator(".ck-smart", has_text=title)).to_be_visible()
    expect(cells.locator(".ck-section-goals .ck-section-status")).to_contain_text("Saved")
    exam = cells.locator(".ck-smart", has_text="Pass the PMP exam")
    expect(exam).to_contain_text("✓ Specific")
    expect(exam).to_contain_text("✓ Measurable")
    vague = cells.locator(".ck-smart", has_text="One day I will feel it")
    expect(vague).to_contain_text("○ Specific")
    expect(vague).to_contain_text("○ Measurable")


def a_watch_list_item_joins_the_plan(page, cells) -> str:
    """Workbook 07 with Instructional Coordinators among the target roles: their hot and
    in-demand technology listed, and one item added to the learning plan in a click.
    Returns the item added."""
    from playwright.sync_api import expect

    watch = cells.locator(".ck-watch-list")
    expect(watch).to_contain_text("Instructional Coordinators")
    expect(watch).to_contain_text("hot")
    pick = watch.get_by_label("Add to my plan", exact=True)
    expect(pick).to_be_enabled()
    # ipywidgets writes the spaces of an option's text as no-break spaces
    expect(pick.locator("option").first).to_have_text(re.compile(r"\S"))
    item = pick.locator("option").first.text_content().replace("\xa0", " ").strip()
    assert item, "the watch list offers nothing to add"
    pick.select_option(index=0)
    watch.get_by_role("button", name="Add as an idea").click()
    expect(watch).to_contain_text(f"“{item}” added to your plan as an idea")
    expect(watch.locator("li", has_text=item)).to_contain_text("in your plan")
    return item


def feedback_is_asked_for_and_its_themes_found(page, cells) -> None:
    """Workbook 08 for :data:`CHANGER`: a person to ask, the request drafted for them from
    the suggested wording, and the theme two replies share."""
    from playwright.sync_api import expect

    themes = cells.locator(".ck-card", has_text="Themes in the stories")
    expect(themes.locator("li").first).to_contain_text("Explaining")
    expect(themes.locator("li").first).to_contain_text("in 2 replies (Grace, Dev)")

    people = cells.get_by_label("Who you will ask", exact=True)
    people.get_by_role("button", name="Add person").first.click()
    row = cells.get_by_role("group", name="Person 1", exact=True)
    name = row.get_by_label("Name", exact=True)
    expect(name).to_be_editable()
    name.fill("Priya")
    row.get_by_label("How they know you", exact=True).fill("Mentor")
    row.get_by_label("How they know you", exact=True).press("Tab")
    request = cells.locator(".ck-best-self")
    # both answers back in the drafts: nothing is still to be redrawn above the button
    expect(request).to_contain_text(re.compile(r"To Priya\s*· Mentor"))
    expect(request.locator("pre").first).to_contain_text("Dear Priya,")
    request.get_by_role("button", name="Start from the suggested wording").click()
    expect(request).to_contain_text("The suggested wording is in “Your request” above")
    expect(cells.get_by_label("Your request", exact=True)).to_have_value(re.compile(r"^Dear \{name\},"))


def linkedin_connections_are_imported(page, cells, folder: Path) -> None:
    """Workbook 09 for a person with no contacts: LinkedIn's ``Connections.csv`` as exported,
    dates read day first as chosen, the row with no name listed by its number, the rest kept."""
    from playwright.sync_api import expect

    tool = cells.locator(".ck-contact-import")
    tool.get_by_label("Dates in the file", exact=True).select_option(label="day/month/year (31/03/2026)")
    file = folder / "Connections.csv"
    file.write_text(CONNECTIONS, encoding="utf-8")
    with page.expect_file_chooser() as chooser:
        tool.get_by_role("button", name=re.compile("Import a CSV file")).click()
    chooser.value.set_files(str(file))
    expect(tool).to_contain_text("Imported Connections.csv: 2 new contacts added")
    expect(tool).to_contain_text("Read as a LinkedIn export")
    expect(tool.locator(".ck-import-errors")).to_contain_text("Row 7: Name: Please give the person's name.")


def check_flat_ratings(answers: dict) -> None:
    assert {answers[f"ri_{t}{i:02d}"] for t in "riasec" for i in range(1, 9)} == {3}


def check_goals(answers: dict) -> None:
    assert [g["title"] for g in answers["goals"]] == ["Pass the PMP exam", "One day I will feel it"]


def check_plan(answers: dict, item: str) -> None:
    assert [(r["item"], r["skill"], r["status"]) for r in answers["plan"]] == [(f"Learn {item}", item, "idea")]


def check_feedback_request(answers: dict) -> None:
    assert [(r["name"], r["relationship"]) for r in answers["rbs_people"]] == [("Priya", "Mentor")]
    assert answers["rbs_message"].startswith("Dear {name},")


def check_linkedin_contacts(answers: dict) -> None:
    contacts = {r["name"]: r for r in answers["contacts"]}
    assert sorted(contacts) == ["Priya Raman", "Tom Okafor"], contacts
    assert contacts["Priya Raman"]["last_contact"] == "2026-09-18"
    assert contacts["Tom Okafor"]["organisation"] == "Brightpath Learning"
    assert answers["import_date_order"] == "dmy"


# -- in Voilà ----------------------------------------------------------------------------------


def test_a_profile_that_turns_flat_gets_no_code(changer_app, page_factory):
    page = _open(changer_app, page_factory, "01_self_reflection")
    a_profile_that_turns_flat_gets_no_code(page, page.locator("#rendered_cells"))
    eventually_saved(changer_app.store_url, PROFILE, "01_self_reflection", check_flat_ratings)
    assert page_factory.offsite == []


def test_goals_are_judged_as_written(changer_app, page_factory):
    page = _open(changer_app, page_factory, "04_goals_vision")
    goals_are_judged_as_written(page, page.locator("#rendered_cells"))
    eventually_saved(changer_app.store_url, PROFILE, "04_goals_vision", check_goals)


def test_a_watch_list_item_joins_the_plan(changer_app, page_factory):
    page = _open(changer_app, page_factory, "07_learning")
    item = a_watch_list_item_joins_the_plan(page, page.locator("#rendered_cells"))
    eventually_saved(changer_app.store_url, PROFILE, "07_learning", lambda a: check_plan(a, item))


def test_feedback_is_asked_for_and_its_themes_found(changer_app, page_factory):
    page = _open(changer_app, page_factory, "08_adaptability")
    feedback_is_asked_for_and_its_themes_found(page, page.locator("#rendered_cells"))
    eventually_saved(changer_app.store_url, PROFILE, "08_adaptability", check_feedback_request)


def test_linkedin_connections_are_imported(changer_app, page_factory, tmp_path):
    page = _open(changer_app, page_factory, "09_networking")
    linkedin_connections_are_imported(page, page.locator("#rendered_cells"), tmp_path)
    eventually_saved(changer_app.store_url, PROFILE, "09_networking", check_linkedin_contacts)
    assert page_factory.offsite == []
