"""Browser fixtures: one Chromium per session, a fresh offline profile per page,
and the project's workbooks served by Voilà once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.browser import PageFactory, browser_or_skip
from tests.support.voila import VoilaServer

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def playwright_browser():
    """Headless Chromium; skips (fails under CAREERKIT_REQUIRE_BROWSER=1) without one."""
    with browser_or_skip() as browser:
        yield browser


@pytest.fixture
def page_factory(playwright_browser):
    """``page_factory()`` -> a new page in its own context, off-machine requests aborted
    and listed in ``page_factory.offsite``; kernels and contexts closed after the test."""
    pages = PageFactory(playwright_browser)
    yield pages
    pages.close()


@pytest.fixture(scope="session")
def voila_workbooks(tmp_path_factory):
    """Voilà serving ``workbooks/`` from the repository root (where it reads
    ``voila.json``), with ``CAREERKIT_HOME`` in a fresh temp dir shared by the session."""
    workbooks = REPO_ROOT / "workbooks"
    if not workbooks.is_dir():
        pytest.fail(f"{workbooks} does not exist", pytrace=False)
    import careerkit

    home = tmp_path_factory.mktemp("careerkit-home")
    share = Path(careerkit.__file__).parent / "share"
    env = {"CAREERKIT_HOME": str(home), "JUPYTER_PATH": str(share)}
    args = ["--template=careerkit", "--VoilaConfiguration.show_margins=True"]
    with VoilaServer(workbooks, cwd=REPO_ROOT, env=env, args=args) as server:
        yield server
