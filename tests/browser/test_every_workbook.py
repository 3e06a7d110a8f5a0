"""Every workbook opens as a clean app for a person who has answered everything:
no code, no errors, every chart and panel drawn, nothing fetched from outside."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from careerkit.core import content
from careerkit.core.examples import seed
from careerkit.core.storage.store import Store
from tests.support.voila import app_for

pytestmark = pytest.mark.browser



@pytest.fixture(scope="module")
def example_app(tmp_path_factory):
    """The app, served as ``careerkit app`` serves it, for the example person."""
    home = tmp_path_factory.mktemp("careerkit-example-home")
    store = Store(f"sqlite:///{home / 'answers.sqlite'}")
    seed(store, "example")
    store.close()
    with app_for(home, "example") as server:
        yield server


@pytest.mark.parametrize("workbook_id", content.workbook_ids())
def test_workbook_opens_cleanly_with_every_panel_drawn(example_app, page_factory, workbook_id):
    from playwright.sync_api import expect

    page = page_factory(viewport={"width": 1200, "height": 900})
    page.goto(example_app.render_url(f"{workbook_id}.ipynb"))
    expect(page.locator(".ck-banner")).to_be_visible(timeout=90_000)
    expect(page.locator("#loading")).to_have_count(0, timeout=90_000)
    wb = content.workbook(workbook_id)
    for name in wb.charts:
        chart = page.locator(f".ck-chart-{name}")
        if chart.count():
            expect(chart.locator("svg")).to_be_visible()
    body = page.locator("#rendered_cells").inner_text()
    for sign in ("Traceback", "could not be drawn", "Error", "import careerkit"):
        assert sign not in body, f"{workbook_id} shows {sign!r} to the person"
    assert page.locator("[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
    assert page.locator(".jp-CodeCell .jp-InputArea").count() == 0, "sources must be stripped in the app"
    folder = os.environ.get("CAREERKIT_SCREENSHOTS")
    if folder:
        height = page.evaluate("document.querySelector('#rendered_cells').scrollHeight")
        page.set_viewport_size({"width": 1200, "height": min(int(height) + 40, 2400)})
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"example-{workbook_id}.png"))
    assert page_factory.offsite == [], f"requests tried to leave this machine: {page_factory.offsite}"
