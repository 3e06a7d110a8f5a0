"""axe-core on every workbook in Voilà, empty and for the example person.

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
from careerkit.core.examples import seed
from careerkit.core.storage.store import Store
from tests.support.figures import commit
from tests.support.voila import VoilaServer

# a shared machine under load: a page can take minutes to arrive, and each test fills a whole workbook
pytestmark = [pytest.mark.browser, pytest.mark.timeout(1500)]

REPO_ROOT = Path(__file__).resolve().parents[2]
LOAD_MS = 240_000
#: Impacts that fail the test (WCAG 2.2 AA: nothing that blocks or seriously hinders a person).
BLOCKING = ("serious", "critical")
#: The WCAG rules axe checks here: A and AA of 2.0, 2.1 and 2.2, and axe's best practices.
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def findings_dir() -> Path:
    """Where each page's findings are written."""
    return Path(os.environ.get("CAREERKIT_A11Y_DIR") or REPO_ROOT / "build" / "accessibility")


def _serve(tmp_path_factory, example: bool):
    from careerkit.serving.app import CONFIG_DIR, app_environment

    home = tmp_path_factory.mktemp("careerkit-axe-example" if example else "careerkit-axe-empty")
    if example:
        store = Store(f"sqlite:///{home / 'answers.sqlite'}")
        seed(store, "example")
        store.close()
    env = app_environment(base={"CAREERKIT_HOME": str(home), "CAREERKIT_PROFILE": "example" if example else "axe"})
    return VoilaServer(REPO_ROOT / "workbooks", cwd=CONFIG_DIR, env=env)


@pytest.fixture(scope="module")
def empty_app(tmp_path_factory):
    with _serve(tmp_path_factory, example=False) as server:
        yield server


@pytest.fixture(scope="module")
def example_app(tmp_path_factory):
    with _serve(tmp_path_factory, example=True) as server:
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
    from playwright.sync_api import expect

    page = page_factory(viewport={"width": 1200, "height": 900})
    page.goto(server.render_url(f"{workbook_id}.ipynb"), timeout=LOAD_MS)
    expect(page.locator(".ck-banner")).to_be_visible(timeout=LOAD_MS)
    expect(page.locator("#loading")).to_have_count(0, timeout=LOAD_MS)
    expect(page.locator(".ck-chart-drawing")).to_have_count(0, timeout=LOAD_MS)   # charts drawn
    page.wait_for_function("() => window.__careerkitA11y === true", timeout=LOAD_MS)  # form helper ran
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]})
    violations = results.response["violations"]
    _record(state, workbook_id, violations)
    blocking = [f"{v['id']} ({v['impact']}, {len(v['nodes'])}×): {v['help']} — e.g. "
                f"{v['nodes'][0]['target']}: {v['nodes'][0].get('failureSummary', '')}"
                for v in violations if v.get("impact") in BLOCKING]
    assert not blocking, f"{workbook_id} ({state}):\n" + "\n".join(blocking)


@pytest.mark.parametrize("workbook_id", content.workbook_ids())
def test_no_serious_violation_on_an_empty_workbook(empty_app, page_factory, workbook_id):
    _check(empty_app, page_factory, "empty", workbook_id)


@pytest.mark.parametrize("workbook_id", content.workbook_ids())
def test_no_serious_violation_for_the_example_person(example_app, page_factory, workbook_id):
    _check(example_app, page_factory, "example", workbook_id)
