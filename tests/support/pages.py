"""Waiting for a careerkit page to be ready in the browser: on the page's own state, never on
a fixed sleep, with limits generous enough for a shared 2-core machine under load."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import Page

    from .voila import VoilaServer

#: How long a page may take to be fully drawn (Voilà runs the whole notebook first).
LOAD_MS = 240_000

#: Every widget drawn and every chart in place: no "Loading widget..." placeholder and no
#: chart still being drawn in the kernel's background.
FULLY_DRAWN_JS = ("() => !document.querySelector('#rendered_cells').innerText.includes('Loading widget')"
                  " && document.querySelectorAll('.ck-chart-drawing').length === 0")


def open_workbook(page: Page, server: VoilaServer, workbook_id: str, *, timeout: int = LOAD_MS) -> None:
    """Open a workbook's app page and wait until every widget and chart is drawn."""
    page.goto(server.render_url(f"{workbook_id}.ipynb"), timeout=timeout)
    wait_fully_drawn(page, timeout=timeout)


def wait_fully_drawn(page: Page, *, timeout: int = LOAD_MS) -> None:
    """Wait until the open careerkit page shows its banner, its spinner is gone, and every
    widget and chart is drawn."""
    from playwright.sync_api import expect

    expect(page.locator(".ck-banner")).to_be_visible(timeout=timeout)
    expect(page.locator("#loading")).to_have_count(0, timeout=timeout)
    page.wait_for_function(FULLY_DRAWN_JS, timeout=timeout, polling=500)
