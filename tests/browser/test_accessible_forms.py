"""Forms a person can use by their labels and by the keyboard alone, in a real browser.

- Every question of workbooks 01 and 03 is found by the label its description gives
  (``page.get_by_label``), filled, and saved: a screen reader names each input the same way.
- An answer refused shows its message next to the field, naming it, and the section lists
  it at its top, as a link that takes the focus to the field; nothing saved is lost.
- A section says "✓ Saved" once, with the time, however many of its questions were saved.
- 03's card sort and its top five are done with the keyboard alone.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from careerkit.core import content
from careerkit.core.examples import seed
from careerkit.core.logic import values
from careerkit.core.storage.store import Store
from tests.support.voila import VoilaServer

# a shared machine under load: a page can take minutes to arrive, and each test fills a whole workbook
pytestmark = [pytest.mark.browser, pytest.mark.timeout(1500)]

REPO_ROOT = Path(__file__).resolve().parents[2]
PROFILE = "labels"
#: Sections each notebook shows with ``wb.form`` (the rest are tools, filled below).
FORMS = {
    "01_self_reflection": ["interests", "energy", "accomplishments", "patterns", "values_strengths",
                           "interest_profile", "match_filter", "first_look"],
    "03_values": ["top_five", "motivations", "reflection"],
}
LOAD_MS = 240_000
SAVE_MS = 60_000


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """The app as ``careerkit app`` serves it, for a person who has only explored roles (02),
    so 03's alignment grid has options to rate."""
    from careerkit.serving.app import CONFIG_DIR, app_environment

    home = tmp_path_factory.mktemp("careerkit-labels-home")
    url = f"sqlite:///{home / 'answers.sqlite'}"
    store = Store(url)
    seed(store, PROFILE, "02_explore_roles")
    store.close()
    env = app_environment(base={"CAREERKIT_HOME": str(home), "CAREERKIT_PROFILE": PROFILE})
    with VoilaServer(REPO_ROOT / "workbooks", cwd=CONFIG_DIR, env=env) as server:
        server.store_url = url
        yield server


def _open(app, page_factory, name: str):
    from playwright.sync_api import expect

    page = page_factory(viewport={"width": 1200, "height": 900})
    page.goto(app.render_url(f"{name}.ipynb"), timeout=LOAD_MS)
    expect(page.locator(".ck-banner")).to_be_visible(timeout=LOAD_MS)
    expect(page.locator("#loading")).to_have_count(0, timeout=LOAD_MS)
    for section_id in FORMS[name]:   # every form drawn
        expect(page.locator(f".ck-section-{section_id}")).to_be_attached(timeout=LOAD_MS)
    # the form helper has given the groups their names
    expect(page.locator("[role=radiogroup]").first).to_be_attached(timeout=LOAD_MS)
    return page


def _saved(app, workbook_id: str) -> dict:
    store = Store(app.store_url)
    try:
        return store.answers(PROFILE, workbook_id)
    finally:
        store.close()


def _wait_for_answers(app, workbook_id: str, check, what: str, timeout: float = 120.0) -> dict:
    """Poll the answers file until ``check(answers)`` holds (the page saves in the background)."""
    deadline = time.monotonic() + timeout
    while True:
        answers = _saved(app, workbook_id)
        if check(answers):
            return answers
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not saved within {timeout:.0f} s; saved: {sorted(answers)}")
        time.sleep(0.25)


def _fill(page, scope, field, value) -> None:
    """Answer one question found by its label, as a person with a screen reader finds it."""
    label = field.label
    if field.type in ("text", "longtext", "number"):
        scope.get_by_label(label, exact=True).fill(str(value))
    elif field.type == "tags":
        for tag in value:
            # once it holds tags, the box is a button that opens the text box (named by the label too)
            named = scope.get_by_label(label, exact=True)
            box = named.and_(scope.locator("input"))
            if not box.is_visible():
                named.and_(scope.locator(".jupyter-widget-tagsinput")).click()
            box.fill(tag)
            box.press("Enter")
    elif field.type == "scale":
        group = scope.get_by_label(label, exact=True)
        assert group.get_attribute("role") == "radiogroup"
        group.get_by_role("radio", name=str(value), exact=True).click()
    elif field.type == "choice":
        chosen = field.choice_label(value)
        control = scope.get_by_label(label, exact=True)
        if control.evaluate("el => el.tagName") == "SELECT":
            control.select_option(label=chosen)
        else:
            control.get_by_role("radio", name=chosen, exact=True).check()
    elif field.type == "multichoice":
        group = scope.get_by_label(label, exact=True)
        for item in value:
            group.get_by_label(field.choice_label(item), exact=True).check()
    elif field.type == "date":
        group = scope.get_by_label(label, exact=True)
        year, month, day = value.split("-")
        group.get_by_label("Day", exact=True).fill(str(int(day)))
        group.get_by_label("Month", exact=True).fill(str(int(month)))
        group.get_by_label("Year", exact=True).fill(year)
        group.get_by_label("Year", exact=True).press("Tab")
    elif field.type == "records":
        table = scope.get_by_label(label, exact=True)
        noun = field.row_label or "row"
        table.get_by_role("button", name=f"Add {noun}", exact=False).first.click()
        row = page.get_by_role("group", name=f"{noun.capitalize()} 1", exact=True)
        from playwright.sync_api import expect

        expect(row).to_be_visible(timeout=SAVE_MS)
        first = value[0]
        for sub in field.fields:
            if first.get(sub.id) not in (None, "", []):
                _fill(page, row, sub, first[sub.id])
    else:  # pragma: no cover - a new field type needs its way here
        raise AssertionError(f"no way to fill a {field.type} question")


def test_every_question_of_01_is_found_by_its_label_and_saved(app, page_factory):
    from playwright.sync_api import expect

    workbook_id = "01_self_reflection"
    wb = content.workbook(workbook_id)
    page = _open(app, page_factory, workbook_id)
    filled = []
    for section_id in FORMS[workbook_id]:
        section = wb.section(section_id)
        for field in section.fields:
            _fill(page, page, field, field.example)
            filled.append(field.id)
        status = page.locator(f".ck-section-{section_id} .ck-section-status")
        expect(status).to_contain_text(re.compile(r"✓ Saved \d\d:\d\d"), timeout=SAVE_MS)
    answers = _wait_for_answers(app, workbook_id, lambda a: all(a.get(f) not in (None, "", []) for f in filled),
                                "01's answers")
    assert answers["ri_i01"] == wb.field("ri_i01").example
    assert answers["hobbies"] == wb.field("hobbies").example
    # one "✓ Saved" per section, none under the 54 ratings (their lines are for errors only)
    assert page.locator(".ck-field .ck-message .ck-saved").count() == 0
    assert page.locator(".ck-section-status .ck-saved").count() == len(FORMS[workbook_id])
    assert page_factory.offsite == []


def test_every_question_of_03_is_found_by_its_label_and_saved(app, page_factory):
    from playwright.sync_api import expect

    workbook_id = "03_values"
    wb = content.workbook(workbook_id)
    page = _open(app, page_factory, workbook_id)

    # the card sort: each card is a radio group named by the card, its options by the pile
    piles = {card: pile for pile in values.PILES for card in wb.field(pile).example}
    for choice in wb.field("very_important").choices:
        card = page.get_by_label(choice.label, exact=True)
        pile = values.PILES[piles[choice.value]]
        card.get_by_role("radio", name=re.compile(f"^{re.escape(pile)}\\b")).click()
    expect(page.locator(".ck-card-sort")).to_contain_text("48 of 48 cards sorted", timeout=SAVE_MS)

    # the ranking: its buttons are named by what they do to which value
    ranking = page.get_by_label(wb.field("top_values").label, exact=True)
    # the ranking lists the very important values as they were sorted (in the cards' order)
    last = [c.value for c in wb.field("very_important").choices if c.value in piles and
            piles[c.value] == "very_important"][-1]
    up = ranking.get_by_role("button", name=f"Move “{last}” up")
    expect(up).to_be_enabled(timeout=SAVE_MS)
    up.click()
    for section_id in FORMS[workbook_id]:
        for field in wb.section(section_id).fields:
            if field.type != "ranking":
                _fill(page, page, field, field.example)
    _fill(page, page, wb.field("alignment_reflection"), wb.field("alignment_reflection").example)

    # the alignment grid: each rating is a radio group named "option: value"
    options = page.locator(".ck-alignment [role=radiogroup]")
    expect(options.first).to_be_attached(timeout=SAVE_MS)
    names = [" ".join(page.locator(f"#{i}").text_content().split()) for i in
             options.evaluate_all("els => els.map(e => e.getAttribute('aria-labelledby'))")]
    assert names and all(": " in n for n in names), names
    for name in names:
        # each rating is named by its tooltip, "option · value: 4", in the group "option: value"
        page.get_by_label(name, exact=True).get_by_role("radio", name=re.compile(r":\s*4$")).click()

    def complete(a):
        return (all(a.get(f.id) not in (None, "", []) for f in wb.fields.values())
                and len(a.get("alignment_ratings") or []) == len(names))

    answers = _wait_for_answers(app, workbook_id, complete, "03's answers")
    assert sorted(answers["very_important"]) == sorted(wb.field("very_important").example)
    assert answers["top_values"].index(last) == len(wb.field("very_important").example) - 2
    assert page_factory.offsite == []


def test_an_error_names_its_field_and_the_section_links_to_it(app, page_factory):
    from playwright.sync_api import expect

    workbook_id = "01_self_reflection"
    wb = content.workbook(workbook_id)
    field = wb.field("patterns_noticed")
    page = _open(app, page_factory, workbook_id)
    box = page.get_by_label(field.label, exact=True)
    kept = "A pattern worth keeping."
    box.fill(kept)
    status = page.locator(".ck-section-patterns .ck-section-status")
    expect(status).to_contain_text("✓ Saved", timeout=SAVE_MS)

    box.fill("x" * (field.length_limit + 5))
    message = page.locator(".ck-field-patterns_noticed > .ck-message .ck-error")
    expect(message).to_contain_text(field.label, timeout=SAVE_MS)          # it names the field
    expect(box).to_have_attribute("aria-invalid", "true", timeout=SAVE_MS)
    described = box.get_attribute("aria-describedby") or ""
    assert message.get_attribute("id") in described.split(), "the message is tied to the box"

    summary = page.locator(".ck-section-patterns .ck-error-summary")
    expect(summary).to_contain_text("There is a problem", timeout=SAVE_MS)
    link = summary.get_by_role("link", name=re.compile(re.escape(field.label)))
    link.click()
    expect(box).to_be_focused()
    assert _saved(app, workbook_id)["patterns_noticed"] == kept, "nothing saved is lost"

    box.fill(kept + " And another.")
    expect(summary).to_have_count(0, timeout=SAVE_MS)
    expect(message).to_have_count(0)
    _wait_for_answers(app, workbook_id, lambda a: a.get("patterns_noticed") == kept + " And another.",
                      "the corrected answer")


def _focus_inside(page, selector: str, limit: int = 200) -> None:
    """Press Tab until the focus is inside ``selector`` (the keyboard's only way there)."""
    for _ in range(limit):
        if page.evaluate("s => !!document.activeElement && !!document.activeElement.closest(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{limit} presses of Tab never reached {selector}")


def test_card_sort_and_top_five_by_keyboard_alone(app, page_factory):
    from playwright.sync_api import expect

    workbook_id = "03_values"
    wb = content.workbook(workbook_id)
    cards = [c.value for c in wb.field("very_important").choices]
    pile_keys = list(values.PILES)                 # key 1, 2, 3 → these piles, in order
    wanted = {card: pile_keys[(i + 1) % 3] for i, card in enumerate(cards)}   # not the earlier tests' piles
    page = _open(app, page_factory, workbook_id)
    page.locator("body").focus()
    _focus_inside(page, ".ck-card-sort [role=radiogroup]")

    for index, card in enumerate(cards):
        group = page.get_by_label(card, exact=True)
        assert page.evaluate("g => g.contains(document.activeElement)", group.element_handle()), \
            f"one Tab stop per card: the focus should be on {card}"
        page.keyboard.press(str(pile_keys.index(wanted[card]) + 1))
        expect(group.locator("[aria-checked=true]")).to_have_text(values.PILES[wanted[card]], timeout=SAVE_MS)
        if index + 1 < len(cards):
            page.keyboard.press("Tab")
    very = [card for card in cards if wanted[card] == "very_important"]
    _wait_for_answers(app, workbook_id, lambda a: sorted(a.get("very_important") or []) == sorted(very),
                      "the keyboard's card sort")

    # the top five: move the last very important value to the top with Enter alone
    target = very[-1]
    ranking = page.get_by_label(wb.field("top_values").label, exact=True)
    rows = ranking.locator(".ck-rank")
    expect(rows).to_have_count(len(very), timeout=SAVE_MS)
    for name in very:
        expect(ranking).to_contain_text(name, timeout=SAVE_MS)
    _focus_inside(page, ".ck-ranking")
    for _ in range(200):
        if page.evaluate("t => document.activeElement.title === t", f"Move “{target}” up"):
            break
        page.keyboard.press("Tab")
    else:
        raise AssertionError(f"Tab never reached “Move {target} up”")
    for position in range(len(very) - 1, 0, -1):
        page.keyboard.press("Enter")
        expect(ranking.locator(".widget-html").nth(position - 1)).to_contain_text(target, timeout=SAVE_MS)
        page.wait_for_function("t => (document.activeElement.title || '').includes(t)", arg=f"“{target}”",
                               timeout=SAVE_MS)
    keep = page.get_by_role("button", name="Keep this order")
    for _ in range(100):
        if page.evaluate("() => (document.activeElement.textContent || '').includes('Keep this order')"):
            break
        page.keyboard.press("Tab")
    else:
        raise AssertionError("Tab never reached “Keep this order”")
    page.keyboard.press("Enter")
    expect(keep).to_be_visible()
    answers = _wait_for_answers(app, workbook_id, lambda a: (a.get("top_values") or [None])[0] == target,
                                "the keyboard's top five")
    assert sorted(answers["top_values"]) == sorted(very)
    expect(page.locator(".ck-top-five")).to_contain_text(f"Your top 5", timeout=SAVE_MS)
