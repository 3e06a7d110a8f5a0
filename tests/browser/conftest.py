"""Browser fixtures: one Chromium per test module, a fresh offline profile per page,
and the project's workbooks served by Voilà once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.browser import PageFactory, browser_or_skip
from tests.support.voila import VoilaServer, app_for

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def playwright_browser():
    """Headless Chromium; skips (fails under CAREERKIT_REQUIRE_BROWSER=1) without one.

    One per test module, not per session: Playwright's sync API keeps an event loop
    running in the main thread while it is open, and the tests after the browser tests
    (a kernel's event loop, charts drawn in the background) must run without one.
    """
    with browser_or_skip() as browser:
        yield browser


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def page_factory(playwright_browser, request):
    """``page_factory()`` -> a new page in its own context, off-machine requests aborted
    and listed in ``page_factory.offsite``; kernels and contexts closed after the test.

    When the test fails, what its pages showed and said, and the end of each running
    Voilà server's log, are added to the failure report."""
    pages = PageFactory(playwright_browser)
    yield pages
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        logs = "\n".join(f"--- {server!r}, last lines of its log:\n{server.log()[-3000:]}"
                         for server in VoilaServer.running)
        request.node.add_report_section("teardown", "pages", pages.report())
        request.node.add_report_section("teardown", "voila", logs)
    pages.close()


@pytest.fixture(scope="session")
def voila_workbooks(tmp_path_factory):
    """Voilà serving ``workbooks/`` as ``careerkit app`` does (its ``voila.json``, page
    template and preheated pools), with ``CAREERKIT_HOME`` in a fresh temp dir shared by
    the session."""
    workbooks = REPO_ROOT / "workbooks"
    if not workbooks.is_dir():
        pytest.fail(f"{workbooks} does not exist", pytrace=False)
    from careerkit.serving.app import CONFIG_DIR, app_environment

    home = tmp_path_factory.mktemp("careerkit-home")
    env = app_environment(base={"CAREERKIT_HOME": str(home)})
    # served exactly as `careerkit app` serves them: its configuration, template and pools
    with VoilaServer(workbooks, cwd=CONFIG_DIR, env=env) as server:
        yield server


@pytest.fixture(scope="session")
def example_app(tmp_path_factory):
    """The app, served as ``careerkit app`` serves it, for the example person, who has
    answered everything. Shared by the tests that only look: none of them changes an answer."""
    from careerkit.core.examples import seed
    from careerkit.core.storage.store import Store

    home = tmp_path_factory.mktemp("careerkit-example-home")
    store = Store(f"sqlite:///{home / 'answers.sqlite'}")
    seed(store, "example")
    store.close()
    with app_for(home, "example") as server:
        yield server
