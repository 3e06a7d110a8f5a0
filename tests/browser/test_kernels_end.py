"""No kernels left behind: a page's kernel ends soon after the page is closed or left.

Voilà's page asks the server to stop its kernel on ``beforeunload``, sending the
``_xsrf`` cookie's value as the form's ``_xsrf`` field; the server refuses the request
unless the two match. These tests drive a real Chromium against ``careerkit app``'s
configuration: close a tab, follow the link to the next workbook, walk through all twelve
workbooks in one tab, and check on the server that each left page's kernel is gone
within a minute. The culling of idle kernels is a safety net for pages that never say
goodbye (a browser that crashed), not the way kernels normally end.
"""

from __future__ import annotations

import re

import pytest

from careerkit.core import content
from tests.support.browser import ACTION_TIMEOUT_MS
from tests.support.kernels import (bare_kernel_memory, kernel_alive, kernel_processes, page_kernel, tree_memory,
                                   wait_gone)

pytestmark = [pytest.mark.browser, pytest.mark.timeout(1800)]


def wait_drawn(page, server=None) -> None:
    """Until the workbook is drawn and its widgets are live (the header is a widget, so
    Voilà's widget manager, which registers the shutdown on leaving, is running)."""
    from playwright.sync_api import expect

    try:
        expect(page.locator(".ck-banner")).to_be_visible(timeout=ACTION_TIMEOUT_MS * 2)
        expect(page.locator("#loading")).to_have_count(0, timeout=ACTION_TIMEOUT_MS * 2)
    except AssertionError as exc:
        said = "\n".join(getattr(page, "said", []))
        raise AssertionError(f"{page.url} not drawn: {exc}\nbrowser console:\n{said}\n"
                             f"server:\n{server.log()[-4000:] if server else ''}") from None


def console_kept(page):
    """The page, with every console message it logs kept in ``page.said``."""
    page.said = []
    page.on("console", lambda message: page.said.append(f"{message.type}: {message.text}"))
    return page


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """The workbooks served as ``careerkit app`` serves them (its configuration, template
    and preheated pools), for a person of their own."""
    from careerkit.serving.app import CONFIG_DIR, app_environment
    from tests.browser.conftest import REPO_ROOT
    from tests.support.voila import VoilaServer

    home = tmp_path_factory.mktemp("careerkit-kernels-home")
    env = app_environment(base={"CAREERKIT_HOME": str(home)})
    with VoilaServer(REPO_ROOT / "workbooks", cwd=CONFIG_DIR, env=env) as server:
        yield server


def test_closing_the_tab_ends_its_kernel(app, page_factory):
    page = console_kept(page_factory())
    page.goto(app.render_url("00_start_here.ipynb"))  # the start page, from the preheated pool
    wait_drawn(page, app)
    kernel_id = page_kernel(page)
    assert kernel_id in kernel_processes(app.process.pid), app.log()

    page.close(run_before_unload=True)  # as a person closes a tab: the page's beforeunload runs
    waited = wait_gone(f"{app.base}/", kernel_id, app.process.pid)
    print(f"\nkernel of a closed tab gone after {waited:.1f} s")
    assert "403 POST /voila/api/shutdown" not in app.log()


def test_moving_through_all_twelve_workbooks_leaves_one_kernel(app, page_factory):
    page = console_kept(page_factory())
    page.goto(app.render_url("00_start_here.ipynb"))
    ids = content.workbook_ids()
    seen = []
    for index, workbook_id in enumerate(ids):
        wait_drawn(page, app)
        seen.append(page_kernel(page))
        if index + 1 == len(ids):
            break
        # the header's link to the next workbook, as a person moves on
        page.locator(".ck-banner .ck-nav a", has_text="→").click()
        waited = wait_gone(f"{app.base}/", seen[-1], app.process.pid)
        print(f"\nleft {workbook_id}: its kernel gone after {waited:.1f} s")
        page.wait_for_url(re.compile(rf"/{re.escape(ids[index + 1])}\.ipynb(\?|$)"))

    assert len(set(seen)) == len(ids), "each page had a kernel of its own"
    left = [kernel_id for kernel_id in seen if kernel_alive(f"{app.base}/", kernel_id)]
    assert left == [seen[-1]], f"kernels still running after the walk: {left}"
    assert "403 POST /voila/api/shutdown" not in app.log()

    held = tree_memory(kernel_processes(app.process.pid)[seen[-1]])
    bare = bare_kernel_memory()
    print(f"\nafter all twelve workbooks the server holds one kernel for the person: "
          f"{held / 2**20:.0f} MB, against {bare / 2**20:.0f} MB for a bare kernel ({held / bare:.2f}×)")
    assert held <= 2 * bare, f"{held / 2**20:.0f} MB held against {bare / 2**20:.0f} MB for a bare kernel"


def test_going_back_to_a_left_workbook_gives_a_working_page(app, page_factory):
    """The page left stopped its kernel; coming back with the browser's Back button draws it
    again with a kernel of its own, and what is typed there is saved."""
    from playwright.sync_api import expect

    page = console_kept(page_factory())
    page.goto(app.render_url("04_goals_vision.ipynb"))
    wait_drawn(page, app)
    left = page_kernel(page)
    page.locator(".ck-banner .ck-nav a", has_text="→").click()
    wait_gone(f"{app.base}/", left, app.process.pid)
    page.wait_for_url(re.compile(r"/05_mentorship\.ipynb(\?|$)"))
    wait_drawn(page, app)

    page.go_back()
    page.wait_for_url(re.compile(r"/04_goals_vision\.ipynb(\?|$)"))
    wait_drawn(page, app)
    back = page_kernel(page)
    assert back != left and kernel_alive(f"{app.base}/", back)
    vision = page.locator(".ck-field-vision_statement textarea")
    expect(vision).to_be_editable()
    vision.fill("Teaching adults, outdoors, three days a week")
    expect(page.locator(".ck-form:has(.ck-field-vision_statement) .ck-section-status")).to_contain_text("Saved")
