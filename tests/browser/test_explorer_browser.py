"""Workbook 02 as a Voilà app in a real browser: title search finds an occupation people
name in their own words, and the explorer opens its full picture."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser


def test_title_search_and_explorer_in_voila(voila_workbooks, page_factory):
    from playwright.sync_api import expect

    page = page_factory(viewport={"width": 1200, "height": 900})
    page.goto(voila_workbooks.render_url("02_explore_roles.ipynb"))
    title_search_and_explorer(page)

    folder = os.environ.get("CAREERKIT_SCREENSHOTS")
    if folder:
        save_explorer_picture(page, Path(folder) / "explorer-02_explore_roles.png")

    # the confirmed title is kept across a reload
    page.reload()
    expect(page.locator(".ck-field-explore_lookup input")).to_have_value(
        "Health Specialties Teachers, Postsecondary", timeout=90_000)
    expect(page.locator(".ck-lookup-detail")).to_contain_text("What you would do")


def title_search_and_explorer(page) -> None:
    """Workbook 02, open on ``page`` (in Voilà or in JupyterLab): find an occupation by a
    title people use, see its full picture, then browse by a word and open one in full."""
    from playwright.sync_api import expect

    lookup = page.locator(".ck-field-explore_lookup input")
    expect(lookup).to_be_editable(timeout=90_000)

    # a job title as people say it, not as O*NET files it
    lookup.fill("pharmacy educator")
    choice = page.locator(".ck-field-explore_lookup .ck-onet-choice").first
    expect(choice).to_have_text("Health Specialties Teachers, Postsecondary")
    choice.click()
    expect(lookup).to_have_value("Health Specialties Teachers, Postsecondary")
    detail = page.locator(".ck-lookup-detail")
    expect(detail).to_contain_text("What you would do")
    for part in ("Top skills", "Technology used", "Education people in this job say is required",
                 "Job Zone", "Interest profile", "Related occupations"):
        expect(detail).to_contain_text(part)
    expect(page.locator(".ck-field-explore_lookup .ck-onet-note")).to_contain_text("Linked to the O*NET occupation")

    # browsing by a word, then opening one occupation in full
    page.locator(".ck-field-explore_keyword input").fill("pharmac")
    results = page.locator(".ck-result")
    # the list is redrawn for the word: every row shown mentions it (title or description)
    expect(results.filter(has_not_text=re.compile("pharmac", re.I))).to_have_count(0)
    result = results.first
    expect(result).to_be_visible()
    result.locator(".ck-explore").click()
    expect(result.locator(".ck-detail")).to_contain_text("What you would do")
    expect(result.locator(".ck-detail")).to_contain_text("Technology used")


def save_explorer_picture(page, path: Path) -> None:
    """The explorer as a person browses it, filled: the filters, the results and the occupation
    opened in full. The page is made as tall as its content and scrolled to the top, so every
    part is painted, then the picture is clipped to the explorer from its filters down."""
    from playwright.sync_api import expect

    explorer = page.locator(".ck-explorer")
    expect(explorer.locator(".ck-result").first).to_be_visible()
    expect(explorer.locator(".ck-detail").first).to_contain_text("Related occupations")
    height = page.evaluate("Math.max(document.documentElement.scrollHeight, "
                           "document.querySelector('#rendered_cells').scrollHeight)")
    page.set_viewport_size({"width": 1200, "height": min(int(height) + 40, 8000)})
    # the page scrolls inside a container in Voilà: bring every scrolled ancestor back to the top
    explorer.evaluate("e => { for (let n = e; n; n = n.parentElement) n.scrollTop = 0; window.scrollTo(0, 0); }")
    page.wait_for_function("() => document.fonts.status === 'loaded'")
    whole = explorer.bounding_box()
    filters = explorer.locator(".ck-form", has=page.locator(".ck-field-explore_zones")).bounding_box()
    assert whole and filters and whole["y"] >= 0, f"the explorer is not on the page: {whole}, {filters}"
    top = filters["y"]
    clip = {"x": whole["x"], "y": top, "width": whole["width"], "height": whole["y"] + whole["height"] - top}
    assert clip["height"] > 600, f"the explorer is not drawn: {clip}"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), clip=clip)
