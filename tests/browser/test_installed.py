"""careerkit installed the way people and operators install it, checked in Chromium.

- a wheel alone in a fresh environment, outside the checkout: ``careerkit app`` and
  ``careerkit lab``, started in an empty folder, open workbook 00;
- a real JupyterHub (pip) with configurable-http-proxy (npm), LocalProcessSpawner and
  two real Unix users: each lands on workbook 00 with careerkit's page, nothing is
  requested off this machine, each keeps their own answers, and neither can read the
  other's files.

Every request each page makes is recorded; any whose host is not this machine fails
the test (and is refused before it leaves).
"""

from __future__ import annotations

import json
import os
import re
import signal
import sqlite3
import stat
import subprocess
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.support.browser import ACTION_TIMEOUT_MS, NAVIGATION_TIMEOUT_MS, guard_offline
from tests.support.hub import Hub, missing_parts
from tests.support.installed import SHARED, build_wheel, fresh_environment
from tests.support.postgres import skip_or_fail
from tests.support.voila import free_port

# installing an environment takes a minute or two on its own (several on a busy machine)
pytestmark = [pytest.mark.browser, pytest.mark.timeout(1200)]

START = "voila/render/workbooks/00_start_here.ipynb"


@pytest.fixture(scope="module")
def wheel_env():
    """A virtual environment (under /var/tmp, readable by all) holding the wheel alone."""
    wheel = build_wheel(SHARED / "dist")
    return fresh_environment(wheel)


def recorded_page(browser):
    """A page in a fresh profile; ``page.requests`` lists every URL it asked for."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    offsite = guard_offline(context)
    page = context.new_page()
    page.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)  # Voilà inside Jupyter runs every cell first
    page.set_default_timeout(ACTION_TIMEOUT_MS)
    page.requests = []
    page.offsite = offsite
    context.on("request", lambda request: page.requests.append(request.url))
    return page


def off_machine(urls: list[str]) -> list[str]:
    local = {"127.0.0.1", "localhost", "::1", "[::1]"}
    return [u for u in urls if urlsplit(u).scheme in ("http", "https", "ws", "wss")
            and urlsplit(u).hostname not in local]


def assert_careerkit_page(page) -> None:
    """Workbook 00 drawn with careerkit's page template (not Voilà's stock one)."""
    from playwright.sync_api import expect

    expect(page.locator(".ck-field-preferred_name input")).to_be_editable(timeout=120_000)
    expect(page.locator(".ck-banner")).to_contain_text("Start here")
    # careerkit's template: its page column (Voilà's stock page runs edge to edge), and no MathJax
    looks = page.evaluate("""() => ({
        width: getComputedStyle(document.querySelector('#rendered_cells')).maxWidth,
        mathjax: [...document.scripts].some(s => /mathjax/i.test(s.src)),
    })""")
    # 1000 px, or 1260 px once the table of contents stands beside the page on a wide screen
    assert looks["width"] in ("1000px", "1260px") and looks["mathjax"] is False, looks


class Started:
    """A command of the installed environment, run in its own empty folder."""

    def __init__(self, command: list[str], cwd: Path, env: dict[str, str], ready: str):
        self.log_path = cwd.parent / f"{cwd.name}.log"
        self.log = open(self.log_path, "wb")
        self.process = subprocess.Popen(command, cwd=cwd, env=env, stdout=self.log, stderr=subprocess.STDOUT,
                                        start_new_session=True)
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                urllib.request.urlopen(ready, timeout=3).close()
                return
            except OSError:
                time.sleep(0.5)
        self.stop()
        pytest.fail(f"{command[0]} did not start:\n{self.log_path.read_text(errors='replace')}", pytrace=False)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.log.close()


def clean_env(tmp_path: Path) -> dict[str, str]:
    """An environment with nothing of this checkout or its .venv in it."""
    home = tmp_path / "home"
    home.mkdir()
    return {"PATH": "/usr/local/bin:/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8",
            "JUPYTER_TOKEN": "", "CAREERKIT_PROFILE": "wheel-person"}


def test_wheel_alone_serves_workbook_00_with_careerkit_app(wheel_env, playwright_browser, tmp_path):
    env = clean_env(tmp_path)
    empty = tmp_path / "empty"
    empty.mkdir()
    port = free_port()
    app = Started([str(wheel_env / "bin" / "careerkit"), "app", "--no-browser", f"--port={port}"],
                  empty, env, f"http://127.0.0.1:{port}/voila/tree")
    try:
        page = recorded_page(playwright_browser)
        page.goto(f"http://127.0.0.1:{port}/voila/render/00_start_here.ipynb")
        assert_careerkit_page(page)
        page.locator(".ck-field-preferred_name input").fill("Wheel")
        from playwright.sync_api import expect

        # one status line per section says it was saved
        expect(page.locator(".ck-form:has(.ck-field-preferred_name) .ck-section-status")).to_contain_text(
            "Saved")
        assert off_machine(page.requests) == [] and page.offsite == []
        page.context.close()
    finally:
        app.stop()
    assert list(empty.iterdir()) == []  # nothing written where the command was typed
    answers = Path(env["HOME"]) / ".careerkit"
    assert stat.S_IMODE(answers.stat().st_mode) == 0o700
    assert stat.S_IMODE((answers / "answers.sqlite").stat().st_mode) == 0o600


def test_wheel_alone_opens_the_start_page_with_careerkit_lab(wheel_env, tmp_path):
    env = {**clean_env(tmp_path), "JUPYTER_TOKEN": "t0ken"}
    empty = tmp_path / "empty"
    empty.mkdir()
    port = free_port()
    lab = Started([str(wheel_env / "bin" / "careerkit"), "lab", "--no-browser", f"--port={port}"],
                  empty, env, f"http://127.0.0.1:{port}/api/status?token=t0ken")
    try:
        # the page JupyterLab opens first, and the notebook it shows, from the person's own copy
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/?token=t0ken", timeout=30) as response:
            assert urlsplit(response.url).path == "/lab/tree/workbooks/00_start_here.ipynb"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/contents/workbooks/00_start_here.ipynb"
                                    "?token=t0ken", timeout=30) as response:
            notebook = json.load(response)["content"]
        assert notebook["metadata"]["voila"]["template"] == "careerkit"
    finally:
        lab.stop()
    own = Path(env["HOME"]) / "careerkit" / "workbooks"
    assert (own / "00_start_here.ipynb").is_file() and (own / "11_career_compass.ipynb").is_file()
    assert list(empty.iterdir()) == []


@pytest.fixture(scope="module")
def hub(wheel_env):
    problem = missing_parts()
    if problem:
        skip_or_fail(problem, "CAREERKIT_REQUIRE_BROWSER")
    if not (wheel_env / "bin" / "jupyterhub").exists():
        subprocess.run([str(wheel_env / "bin" / "python"), "-m", "pip", "install", "--quiet",
                        "--disable-pip-version-check", "jupyterhub>=5"], check=True, cwd="/")
        subprocess.run(["chmod", "-R", "a+rX", str(wheel_env)], check=True)
    # the operator's whole careerkit set-up: pip install careerkit, and this one hub setting
    with Hub(wheel_env, users=2, default_url="/careerkit/start") as running:
        yield running


def test_hub_users_land_on_careerkit_offline_with_private_answers(hub, playwright_browser):
    from playwright.sync_api import expect

    for user in hub.users:
        page = recorded_page(playwright_browser)
        page.goto(hub.url + "hub/login")
        page.fill("#username_input", user.name)
        page.fill("#password_input", user.password)
        page.click("#login_submit")
        page.wait_for_url(re.compile(rf"/user/{user.name}/{re.escape(START)}$"), timeout=180_000)
        try:
            assert_careerkit_page(page)
        except AssertionError:
            print(hub.log()[-4000:])
            raise
        field = page.locator(".ck-field-preferred_name input")
        field.fill(f"I am {user.name}")
        # one status line per section says it was saved
        expect(page.locator(".ck-form:has(.ck-field-preferred_name) .ck-section-status")).to_contain_text(
            "Saved")
        assert off_machine(page.requests) == [], off_machine(page.requests)
        assert page.offsite == []
        page.context.close()

    first, second = hub.users
    for user in hub.users:
        folder = user.home / ".careerkit"
        answers = folder / "answers.sqlite"
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
        for path in [answers, *folder.glob("answers.sqlite-*"), *folder.glob("backups/*")]:
            if path.is_file():
                assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
        assert answers.stat().st_uid == _uid(user.name)
        with sqlite3.connect(f"file:{answers}?mode=ro", uri=True) as conn:
            names = {json.loads(v) for (v,) in conn.execute(
                "SELECT value FROM revisions WHERE field = 'preferred_name'")}
        assert names == {f"I am {user.name}"}  # their own answer, and only theirs
    # the other user, with a shell of their own, can reach neither the folder nor the file
    for reader, owner in ((second, first), (first, second)):
        for target in (owner.home / ".careerkit", owner.home / ".careerkit" / "answers.sqlite"):
            peek = subprocess.run(["runuser", "-u", reader.name, "--", "cat" if target.suffix else "ls", str(target)],
                                  capture_output=True, text=True)
            assert peek.returncode != 0 and "Permission denied" in peek.stderr, (reader.name, target, peek)


def _uid(name: str) -> int:
    import pwd

    return pwd.getpwnam(name).pw_uid
