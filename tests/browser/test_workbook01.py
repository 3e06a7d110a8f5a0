"""Workbook 01 as a Voilà app in a real browser: answers are kept across a reload."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

STORY = "Rearranging the shared kitchen so nobody queues at the kettle"


def _screenshot(page, name: str) -> None:
    """Save a full-length picture of the app when CAREERKIT_SCREENSHOTS names a folder."""
    folder = os.environ.get("CAREERKIT_SCREENSHOTS")
    if not folder:
        return
    height = page.evaluate("document.querySelector('#rendered_cells').scrollHeight")
    page.set_viewport_size({"width": 1200, "height": min(int(height) + 40, 2400)})
    Path(folder).mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(Path(folder) / f"{name}.png"))


def test_answers_survive_a_reload_and_charts_draw(voila_workbooks, page_factory):
    from playwright.sync_api import expect

    page = page_factory(viewport={"width": 1200, "height": 900})
    page.goto(voila_workbooks.render_url("01_self_reflection.ipynb"))
    text = page.locator(".ck-field-flow_moments textarea")
    expect(text).to_be_editable(timeout=90_000)

    # a long text answer
    text.fill(STORY)
    # one "✓ Saved" per section (the lines under the fields are for errors)
    expect(page.locator(".ck-section-interests .ck-section-status")).to_contain_text("Saved")

    # a scale answer (the fourth point of a 1–5 item)
    scale = page.locator(".ck-field-ri_i01 .widget-toggle-button")
    scale.nth(3).click()
    expect(page.locator(".ck-section-interest_profile .ck-section-status")).to_contain_text("Saved")

    # a row in a record list, rated, so the energy map has something to draw
    log = page.locator(".ck-field-energy_log")
    log.locator("button.ck-add-row").click()
    row = log.locator(".ck-row").first
    expect(row).to_be_visible()
    row.locator(".ck-field-activity input").fill("Teaching")
    row.locator(".ck-field-energy .widget-toggle-button").nth(4).click()
    row.locator(".ck-field-engagement .widget-toggle-button").nth(3).click()
    expect(page.locator(".ck-section-energy .ck-section-status")).to_contain_text("Saved")

    chart = page.locator(".ck-chart-energy_map svg")
    expect(chart).to_be_visible()
    expect(page.locator(".ck-chart-energy_map")).to_contain_text("Teaching")

    page.reload()
    expect(page.locator(".ck-field-flow_moments textarea")).to_have_value(STORY, timeout=90_000)
    expect(page.locator(".ck-field-ri_i01 .widget-toggle-button").nth(3)).to_have_class(
        __import__("re").compile("mod-active"))
    expect(page.locator(".ck-field-energy_log .ck-row .ck-field-activity input").first).to_have_value(
        "Teaching")
    expect(page.locator(".ck-chart-energy_map svg")).to_be_visible()
    _screenshot(page, "01_self_reflection")

    assert page_factory.offsite == [], f"requests tried to leave this machine: {page_factory.offsite}"


def test_start_page_lists_the_workbooks_with_progress(voila_workbooks, page_factory):
    from playwright.sync_api import expect

    page = page_factory(viewport={"width": 1200, "height": 900})
    page.goto(voila_workbooks.render_url("00_start_here.ipynb"))
    table = page.locator(".ck-view-progress table")
    expect(table).to_be_visible(timeout=90_000)
    expect(table.locator("a[href='01_self_reflection.ipynb']")).to_be_visible()
    expect(page.locator(".ck-field-preferred_name input")).to_be_editable()
    _screenshot(page, "00_start_here")
    assert page_factory.offsite == [], f"requests tried to leave this machine: {page_factory.offsite}"
