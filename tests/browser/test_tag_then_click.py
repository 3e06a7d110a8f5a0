"""Workbook 01 in a real browser: a click right after adding a tag is not lost.

Pressing Enter in a story's "Skills you used" box adds the tag; the next click, on the
"How proud" rating just below, must select it. Nothing above the rating may move when
the tag box loses focus or when the table says "Saving…" and "Saved"."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser
# Measured before the fix: the rating moved down 28 px as Enter put the tag box's typing
# box on a line of its own (a row's inputs are made full width), and back up when the
# click took the focus away and the box hid itself, so the click was lost. The tag box
# now keeps its typing box shown on the tags' line (careerkit.presentation.style).


def _top(locator) -> float:
    return locator.evaluate("el => el.getBoundingClientRect().top")


def test_a_click_right_after_adding_a_tag_selects_the_rating(voila_workbooks, page_factory):
    page = page_factory(viewport={"width": 1200, "height": 900})
    page.goto(voila_workbooks.render_url("01_self_reflection.ipynb"))
    a_click_right_after_adding_a_tag_selects_the_rating(page)


def a_click_right_after_adding_a_tag_selects_the_rating(page) -> None:
    """Workbook 01, open on ``page`` (in Voilà or in JupyterLab): add a tag, then click a rating."""
    import re

    from playwright.sync_api import expect

    stories = page.locator(".ck-field-stories")
    add = stories.locator("button.ck-add-row")
    expect(add).to_be_visible(timeout=240_000)
    add.click()
    row = stories.locator(".ck-row").last
    expect(row).to_be_visible()
    expect(page.locator(".ck-section-accomplishments .ck-section-status")).to_contain_text("Saved")
    tags = row.locator(".ck-field-skills input")
    pride = row.locator(".ck-field-pride .widget-toggle-button")
    rating = pride.nth(3)
    rating.scroll_into_view_if_needed()
    before = _top(rating)
    tags.click()
    focused = _top(rating)
    tags.type("Facilitation")
    rating.evaluate("""el => { window.__ckTops = []; const t0 = performance.now();
        const tick = () => { window.__ckTops.push([Math.round(performance.now() - t0),
            Math.round(el.getBoundingClientRect().top)]); if (performance.now() - t0 < 4000) requestAnimationFrame(tick); else window.__ckDone = true; };
        tick(); }""")
    tags.press("Enter")
    # the click comes at once, as a person's does, while the page reacts to the new tag
    box = rating.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    hit = page.evaluate("([x, y]) => { const e = document.elementFromPoint(x, y); "
                        "return e ? e.className + ' / ' + (e.textContent || '').slice(0, 40) : null }", [x, y])
    page.mouse.click(x, y)
    page.wait_for_function("window.__ckDone === true")   # four seconds watched
    tops = page.evaluate("window.__ckTops")
    changes = [t for i, t in enumerate(tops) if i == 0 or t[1] != tops[i - 1][1]]
    moves = f"rating's top (ms after Enter, px): {changes}; under the pointer at the click: {hit}"
    assert all(abs(top - before) < 2 for _ms, top in changes), f"the rating moved: {moves}"
    expect(rating).to_have_class(re.compile("mod-active"))
    expect(page.locator(".ck-section-accomplishments .ck-section-status")).to_contain_text("Saved")
    after = _top(rating)
    assert abs(focused - before) < 2 and abs(after - before) < 2, \
        f"the rating moved: {before:.0f} px, {focused:.0f} px with the tag box focused, {after:.0f} px after"
    # the tag itself (the typing box carries the tag class too)
    expect(row.locator(".ck-field-skills .jupyter-widget-tag:not(input)")).to_have_text(["Facilitation"])
