"""A Binder-like server: ``jupyter lab`` as BinderHub starts it (its environment variables,
a base URL under ``/binder/jupyter/user/…/``, the repository as the root folder, careerkit
installed with pip, no careerkit configuration anywhere). Both README badges' paths open
in Chromium with careerkit's page, the "download before you leave" banner shows, and
nothing is requested off this machine."""

from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser.test_installed import assert_careerkit_page, off_machine, recorded_page
from tests.support.kernels import kernel_alive, page_kernel, wait_gone
from tests.support.voila import free_port

pytestmark = pytest.mark.browser

REPO_ROOT = Path(__file__).resolve().parents[2]
BADGES = re.findall(r"mybinder\.org/v2/gh/[^)]*\?urlpath=([^)\s]+)", (REPO_ROOT / "README.md").read_text())


def installed_template_is_current() -> None:
    """Binder finds careerkit's page template where pip installed it (``share/jupyter``): an
    editable install copied it there once, so a changed template needs a reinstall."""
    source = REPO_ROOT / "careerkit" / "app_config" / "voila" / "templates" / "careerkit"
    installed = Path(sys.prefix) / "share" / "jupyter" / "voila" / "templates" / "careerkit"
    stale = [page.name for page in source.iterdir()
             if not (installed / page.name).is_file() or (installed / page.name).read_bytes() != page.read_bytes()]
    if stale:
        pytest.fail(f"the page template installed in {installed} differs from the checkout's ({', '.join(stale)}): "
                    "reinstall careerkit (make setup-test)", pytrace=False)


@pytest.fixture(scope="module")
def binder(tmp_path_factory):
    installed_template_is_current()
    scratch = tmp_path_factory.mktemp("binder")
    repo = scratch / "repo"
    shutil.copytree(REPO_ROOT / "workbooks", repo / "workbooks")
    prefix = f"/binder/jupyter/user/careerkit-careerkit-{secrets.token_hex(4)}/"
    token = secrets.token_hex(16)
    port = free_port()
    env = {
        "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin", "HOME": str(scratch / "home"), "LANG": "C.UTF-8",
        "JUPYTER_CONFIG_DIR": str(scratch / "config"), "JUPYTER_DATA_DIR": str(scratch / "data"),
        "JUPYTER_RUNTIME_DIR": str(scratch / "runtime"), "IPYTHONDIR": str(scratch / "ipython"),
        "BINDER_LAUNCH_HOST": "https://mybinder.org/", "BINDER_REPO_URL": "https://github.com/careerkit/careerkit",
        "BINDER_REQUEST": "v2/gh/careerkit/careerkit/HEAD", "BINDER_REF_URL": "https://github.com/careerkit/careerkit/tree/HEAD",
        "BINDER_PERSISTENT_REQUEST": "v2/gh/careerkit/careerkit/0000000", "JUPYTER_TOKEN": token,
    }
    log = open(scratch / "lab.log", "wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
         "--ServerApp.port_retries=0", f"--ServerApp.base_url={prefix}", f"--ServerApp.root_dir={repo}",
         *(["--allow-root"] if os.geteuid() == 0 else [])],
        cwd=repo, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}{prefix}"
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline and process.poll() is None:
        try:
            urllib.request.urlopen(f"{base}api/status?token={token}", timeout=3).close()
            break
        except OSError:
            time.sleep(0.5)
    else:
        process.kill()
        pytest.fail("jupyter lab did not start:\n" + (scratch / "lab.log").read_text(errors="replace"))
    yield {"base": base, "token": token}
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        pass
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    log.close()


def test_readme_has_both_badges():
    assert sorted(BADGES) == ["lab/tree/workbooks/00_start_here.ipynb", "voila/render/workbooks/00_start_here.ipynb"]


def test_app_badge_shows_careerkit_page_and_the_download_banner_offline(binder, playwright_browser):
    from playwright.sync_api import expect

    page = recorded_page(playwright_browser)
    page.goto(f"{binder['base']}voila/render/workbooks/00_start_here.ipynb?token={binder['token']}")
    assert_careerkit_page(page)
    banner = page.locator(".ck-binder-banner")
    expect(banner).to_contain_text("Download your answers before you leave")
    expect(banner.locator("a.ck-download")).to_have_attribute("href", re.compile(r"^data:application/json;base64,"))
    assert off_machine(page.requests) == [] and page.offsite == []
    page.context.close()


def test_lab_badge_opens_workbook_00_in_jupyterlab_offline(binder, playwright_browser):
    from playwright.sync_api import expect

    page = recorded_page(playwright_browser)
    page.goto(f"{binder['base']}lab/tree/workbooks/00_start_here.ipynb?token={binder['token']}")
    expect(page.locator(".jp-NotebookPanel .jp-MarkdownCell").first).to_be_visible(timeout=120_000)
    expect(page.locator(".jp-NotebookPanel")).to_contain_text("Start here")
    assert off_machine(page.requests) == [] and page.offsite == []
    page.context.close()


def test_closing_the_app_tab_ends_its_kernel(binder, playwright_browser):
    """Voilà as a server extension, under a base URL: the kernel of a closed tab is gone
    within a minute, as under ``careerkit app`` (test_kernels_end.py)."""
    page = recorded_page(playwright_browser)
    page.goto(f"{binder['base']}voila/render/workbooks/00_start_here.ipynb?token={binder['token']}")
    assert_careerkit_page(page)
    kernel_id = page_kernel(page)
    assert kernel_alive(binder["base"], kernel_id, binder["token"])
    page.close(run_before_unload=True)  # as a person closes a tab: the page's beforeunload runs
    waited = wait_gone(binder["base"], kernel_id, token=binder["token"])
    print(f"\nkernel of a closed tab (Voilà inside Jupyter, base URL {urlsplit(binder['base']).path}) "
          f"gone after {waited:.1f} s")
    page.context.close()
