"""The same workbook in JupyterLab: run it, answer a question, and find the answer kept."""

from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from careerkit.core.storage.store import Store
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
    # lets the test drive JupyterLab through its own command registry, which does not depend
    # on where menus happen to be drawn while the page is still settling
    (scratch / "config").mkdir()
    (scratch / "config" / "jupyter_server_config.json").write_text(
        json.dumps({"LabApp": {"expose_app_in_browser": True}}))
    log = open(scratch / "lab.log", "wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "careerkit.serving.cli", "lab", "--no-browser", f"--port={port}"],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 240
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
    # the whole group: `careerkit lab` and the JupyterLab it started, which shuts its kernels
    # down (they run in sessions of their own: note them now, and wait for them to end)
    import psutil

    try:
        started = psutil.Process(process.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        started = []
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        pass
    _, alive = psutil.wait_procs(started, timeout=60)
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    for leftover in alive:
        try:
            leftover.kill()
        except psutil.NoSuchProcess:
            pass
    log.close()


def test_workbook_runs_and_keeps_answers_in_jupyterlab(lab, page_factory):
    from playwright.sync_api import expect

    page = page_factory(viewport={"width": 1400, "height": 1000})
    page.goto(f"{lab['base']}/lab/tree/workbooks/00_start_here.ipynb?token={lab['token']}")
    page.wait_for_function("() => window.jupyterapp !== undefined", timeout=90_000)
    # the same command as Run > Run All Cells, once the notebook and its kernel are ready
    page.evaluate("""async (path) => {
        const app = window.jupyterapp;
        await app.restored;
        const panel = await app.commands.execute("docmanager:open", {path});
        await panel.context.ready;
        await panel.sessionContext.ready;
        app.shell.activateById(panel.id);
        await app.commands.execute("notebook:run-all-cells");
    }""", "workbooks/00_start_here.ipynb")
    expect(page.locator(".jp-Notebook")).to_be_visible()
    # found by its label, as in Voilà: ipywidgets' own <label for>, and the form helper's radio groups
    name = page.get_by_label("What would you like to be called?", exact=True)
    expect(name).to_be_editable()
    expect(page.locator(".ck-banner")).to_contain_text("Start here")
    name.fill("Robin")
    expect(page.locator(".ck-section-about_you .ck-section-status")).to_contain_text("Saved")
    stage = page.get_by_label("Which of these sounds most like you right now?", exact=True)
    expect(stage).to_have_attribute("role", "radiogroup")
    expect(page.locator(".ck-view-progress table")).to_be_visible()

    store = Store(f"sqlite:///{lab['home'] / 'answers.sqlite'}")
    assert store.answers("lab-person", "00_start_here")["preferred_name"] == "Robin"
    store.close()
    assert page_factory.offsite == [], f"requests tried to leave this machine: {page_factory.offsite}"
