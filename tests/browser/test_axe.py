"""Every workbook in Voilà, empty and for the example person: it opens as a clean app,
and axe-core finds no serious or critical violation in it.

A clean app: no code, no error or traceback, every chart drawn, nothing fetched from
outside. One page load per workbook and state serves both checks.

No serious and no critical violation may remain. What axe still reports (moderate and
minor) is recorded in ``build/accessibility/`` (``CAREERKIT_A11Y_DIR`` moves it), one
JSON file per page, before the test asserts; ``tests/accessibility_report.py`` turns
those files into ``docs/ACCESSIBILITY.md``, so the page lists what the tests observed.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from careerkit.core import content
from tests.support.figures import commit
from tests.support.pages import LOAD_MS, open_workbook
from tests.support.voila import VoilaServer

# a shared machine under load: a page can take minutes to arrive, and each test fills a whole workbook
pytestmark = [pytest.mark.browser, pytest.mark.timeout(1500)]

REPO_ROOT = Path(__file__).resolve().parents[2]
#: Impacts that fail the test (WCAG 2.2 AA: nothing that blocks or seriously hinders a person).
BLOCKING = ("serious", "critical")
#: The WCAG rules axe checks here: A and AA of 2.0, 2.1 and 2.2, and axe's best practices.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def findings_dir() -> Path:
    """Where each page's findings are written."""
    return Path(os.environ.get("CAREERKIT_A11Y_DIR") or REPO_ROOT / "build" / "accessibility")


@pytest.fixture(scope="module")
def empty_app(tmp_path_factory):
    """The app, served as ``careerkit app`` serves it, for a person who has answered nothing."""
    from careerkit.serving.app import CONFIG_DIR, app_environment

    home = tmp_path_factory.mktemp("careerkit-axe-empty")
    env = app_environment(base={"CAREERKIT_HOME": str(home), "CAREERKIT_PROFILE": "axe"})
    with VoilaServer(REPO_ROOT / "workbooks", cwd=CONFIG_DIR, env=env) as server:
        yield server


def _record(state: str, workbook_id: str, violations: list[dict]) -> None:
    folder = findings_dir()
    folder.mkdir(parents=True, exist_ok=True)
    found = [{
        "rule": v["id"], "impact": v.get("impact"), "help": v.get("help"), "url": v.get("helpUrl"),
        "tags": [t for t in v.get("tags", []) if t.startswith("wcag") or t == "best-practice"],
        "nodes": len(v.get("nodes", [])),
        "targets": [" ".join(map(str, n.get("target", []))) for n in v.get("nodes", [])][:5],
        "summary": (v.get("nodes") or [{}])[0].get("failureSummary", ""),
    } for v in violations]
    payload = {"workbook": workbook_id, "state": state, "commit": commit(),
               "recorded_at": time.strftime("%Y-%m-%d %H:%M:%S %Z"), "violations": found}
    path = folder / f"axe-{state}-{workbook_id}.json"
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False), encoding="utf-8")


def _check(server, page_factory, state: str, workbook_id: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page = page_factory(viewport={"width": 1200, "height": 900})
    open_workbook(page, server, workbook_id)  # every widget and chart drawn
    page.wait_for_function("() => window.__careerkitA11y === true", timeout=LOAD_MS)  # form helper ran
    _assert_clean(page, page_factory, state, workbook_id)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]})
    violations = results.response["violations"]
    _record(state, workbook_id, violations)
    blocking = [f"{v['id']} ({v['impact']}, {len(v['nodes'])}×): {v['help']} — e.g. "
                f"{v['nodes'][0]['target']}: {v['nodes'][0].get('failureSummary', '')}"
                for v in violations if v.get("impact") in BLOCKING]
    assert not blocking, f"{workbook_id} ({state}):\n" + "\n".join(blocking)


def _assert_clean(page, page_factory, state: str, workbook_id: str) -> None:
    """The page is an app: no code, no errors, nothing fetched from outside, and for the
    example person every chart drawn."""
    from playwright.sync_api import expect

    if state == "example":  # with nothing answered yet, a chart says what it will show instead
        for name in content.workbook(workbook_id).charts:
            chart = page.locator(f".ck-chart-{name}")
            if chart.count():
                expect(chart.locator("svg")).to_be_visible()
    body = page.locator("#rendered_cells").inner_text()
    for sign in ("Traceback", "could not be drawn", "Error", "import careerkit"):
        assert sign not in body, f"{workbook_id} ({state}) shows {sign!r} to the person"
    assert page.locator("[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
    assert page.locator(".jp-CodeCell .jp-InputArea").count() == 0, "sources must be stripped in the app"
    folder = os.environ.get("CAREERKIT_SCREENSHOTS")
    if folder and state == "example":
        height = page.evaluate("document.querySelector('#rendered_cells').scrollHeight")
        page.set_viewport_size({"width": 1200, "height": min(int(height) + 40, 2400)})
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"example-{workbook_id}.png"))
        page.set_viewport_size({"width": 1200, "height": 900})
    assert page_factory.offsite == [], f"requests tried to leave this machine: {page_factory.offsite}"


@pytest.mark.parametrize("workbook_id", content.workbook_ids())
def test_no_serious_violation_on_an_empty_workbook(empty_app, page_factory, workbook_id):
    _check(empty_app, page_factory, "empty", workbook_id)


@pytest.mark.parametrize("workbook_id", content.workbook_ids())
def test_no_serious_violation_for_the_example_person(example_app, page_factory, workbook_id):
    _check(example_app, page_factory, "example", workbook_id)
