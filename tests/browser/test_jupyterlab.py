"""The same workbook in JupyterLab: run it, answer a question, and find the answer kept."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from careerkit.store import Store
from tests.support.voila import free_port

pytestmark = pytest.mark.browser

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab started by ``careerkit lab``, with its own home and Jupyter folders."""
    scratch = tmp_path_factory.mktemp("lab")
    home = scratch / "home"
    token = secrets.token_hex(16)
    port = free_port()
    env = {
        **os.environ,
        "CAREERKIT_HOME": str(home),
        "CAREERKIT_PROFILE": "lab-person",
        "JUPYTER_CONFIG_DIR": str(scratch / "config"),
        "JUPYTER_DATA_DIR": str(scratch / "data"),
        "JUPYTER_RUNTIME_DIR": str(scratch / "runtime"),
        "JUPYTER_TOKEN": token,
        "IPYTHONDIR": str(scratch / "ipython"),
    }
    log = open(scratch / "lab.log", "wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "careerkit.cli", "lab", "--no-browser", f"--port={port}"],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2).close()
            break
        except OSError:
            time.sleep(0.3)
    else:
        process.kill()
        pytest.fail("JupyterLab did not start:\n" + (scratch / "lab.log").read_text(errors="replace"))
    yield {"base": base, "token": token, "home": home}
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, 9)
    log.close()


def test_workbook_runs_and_keeps_answers_in_jupyterlab(lab, page_factory):
    from playwright.sync_api import expect

    page = page_factory(viewport={"width": 1400, "height": 1000})
    page.goto(f"{lab['base']}/lab/tree/workbooks/00_start_here.ipynb?token={lab['token']}")
    expect(page.locator(".jp-Notebook")).to_be_visible(timeout=90_000)
    # wait until the kernel is idle, then run every cell
    expect(page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']")).to_have_count(1, timeout=90_000)
    name = page.locator(".ck-field-preferred_name input")
    # JupyterLab may still be wiring up its menus when the notebook first shows: ask again
    # if running every cell has not produced the form yet
    for attempt in range(3):
        page.locator(".jp-Notebook").first.click()
        page.keyboard.press("Escape")
        page.get_by_role("menuitem", name="Run").click()
        page.get_by_role("menuitem", name=re.compile(r"^Run All Cells")).click()
        try:
            name.wait_for(state="visible", timeout=40_000)
            break
        except Exception:
            if attempt == 2:
                raise
    expect(name).to_be_editable(timeout=30_000)
    expect(page.locator(".ck-banner")).to_contain_text("Start here")
    name.fill("Robin")
    expect(page.locator(".ck-field-preferred_name .ck-message")).to_contain_text("Saved", timeout=15_000)
    expect(page.locator(".ck-view-progress table")).to_be_visible()

    store = Store(f"sqlite:///{lab['home'] / 'answers.sqlite'}")
    assert store.answers("lab-person", "00_start_here")["preferred_name"] == "Robin"
    store.close()
    assert page_factory.offsite == [], f"requests tried to leave this machine: {page_factory.offsite}"
