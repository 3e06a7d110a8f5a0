"""Run JupyterLab as ``careerkit lab`` starts it, open a workbook in it as a person does
(open, run all cells) and take it down completely afterwards."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Mapping
from pathlib import Path

from .ports import free_port

#: Runs every cell of a notebook with JupyterLab's own commands (Run > Run All Cells), once
#: the notebook and its kernel are ready; resolves when the run was asked for.
_RUN_ALL_JS = """async (path) => {
    const app = window.jupyterapp;
    await app.restored;
    const panel = await app.commands.execute("docmanager:open", {path});
    await panel.context.ready;
    await panel.sessionContext.ready;
    app.shell.activateById(panel.id);
    await app.commands.execute("notebook:run-all-cells");
}"""

#: True once the open notebook's kernel is idle and no cell is queued or running ([*]).
_SETTLED_JS = """() => {
    const panel = window.jupyterapp.shell.currentWidget;
    if (!panel || !panel.sessionContext || !panel.content) return false;
    const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
    if (!kernel || kernel.status !== "idle") return false;
    const prompts = panel.content.node.querySelectorAll(".jp-InputArea-prompt");
    return prompts.length > 0 && !Array.from(prompts).some(p => p.textContent.includes("*"));
}"""


#: True once the open notebook's height has not changed for a second: outputs drawn after the
#: kernel went idle (charts drawn in the background) no longer move what a click aims at.
_STILL_JS = """() => {
    const panel = window.jupyterapp.shell.currentWidget;
    const node = panel && panel.content && panel.content.node;
    if (!node) return false;
    const height = node.scrollHeight, now = performance.now();
    if (window.__ckHeight !== height) { window.__ckHeight = height; window.__ckSince = now; }
    return now - window.__ckSince >= 1000;
}"""


class LabServer:
    """``careerkit lab`` on a free loopback port, as a context manager.

    ``with LabServer(home, "someone") as lab: lab.open(page, "01_self_reflection.ipynb")``

    - answers are kept in ``home`` (``CAREERKIT_HOME``) for ``profile``; ``env`` adds variables;
    - Jupyter's configuration, data and runtime folders are fresh and private to the server;
      the app object is exposed to the page (``window.jupyterapp``) so a test drives
      JupyterLab through its command registry, which does not depend on where menus are drawn;
    - on exit the server and every kernel it started are ended.
    """

    def __init__(self, home: str | os.PathLike, profile: str, *, env: Mapping[str, str] | None = None,
                 startup_timeout: float = 240.0):
        self.home = Path(home)
        self.profile = profile
        self.env = dict(env or {})
        self.startup_timeout = startup_timeout
        self.token = secrets.token_hex(16)
        self.port: int | None = None
        self.process: subprocess.Popen | None = None
        self._scratch: Path | None = None
        self._pages = 0

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log(self) -> str:
        if self._scratch is None or not (self._scratch / "lab.log").exists():
            return ""
        return (self._scratch / "lab.log").read_text(errors="replace")

    def open(self, page, notebook: str, *, timeout: float = 240_000) -> None:
        """Open ``workbooks/<notebook>`` in JupyterLab on ``page``, run all its cells and
        wait until every cell has run, the kernel is idle and the notebook has stopped
        growing (a chart drawn late would otherwise move what the test clicks next)."""
        path = f"workbooks/{notebook}"
        page.set_default_navigation_timeout(timeout)
        if not page.url.startswith(f"{self.base}/lab"):  # else opened in another tab of the same JupyterLab
            # a workspace of the page's own: JupyterLab would otherwise restore every notebook
            # an earlier page opened, reconnect to their kernels and load all their widgets
            self._pages += 1
            page.goto(f"{self.base}/lab/workspaces/page-{self._pages}/tree/{path}?token={self.token}")
        page.wait_for_function("() => window.jupyterapp !== undefined", timeout=timeout)
        page.evaluate(_RUN_ALL_JS, path)
        page.wait_for_function(_SETTLED_JS, timeout=timeout, polling=250)
        page.evaluate("() => { window.__ckHeight = undefined; }")
        page.wait_for_function(_STILL_JS, timeout=timeout, polling=100)

    def __enter__(self) -> LabServer:
        self._scratch = scratch = Path(tempfile.mkdtemp(prefix="careerkit-lab-"))
        (scratch / "config").mkdir()
        (scratch / "config" / "jupyter_server_config.json").write_text(
            json.dumps({"LabApp": {"expose_app_in_browser": True}}))
        self.port = free_port()
        env = {
            **os.environ,
            "CAREERKIT_HOME": str(self.home),
            "CAREERKIT_PROFILE": self.profile,
            "JUPYTER_CONFIG_DIR": str(scratch / "config"),
            "JUPYTER_DATA_DIR": str(scratch / "data"),
            "JUPYTER_RUNTIME_DIR": str(scratch / "runtime"),
            "JUPYTER_TOKEN": self.token,
            "IPYTHONDIR": str(scratch / "ipython"),
            **self.env,
        }
        self._log = open(scratch / "lab.log", "wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "careerkit.serving.cli", "lab", "--no-browser", f"--port={self.port}"],
            env=env, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                urllib.request.urlopen(f"{self.base}/api/status?token={self.token}", timeout=2).close()
                return self
            except OSError:
                time.sleep(0.3)
        log = self.log()
        self.stop()
        raise RuntimeError(f"JupyterLab did not start:\n{log}")

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def stop(self) -> None:
        """End ``careerkit lab``, the JupyterLab it started and its kernels (which run in
        sessions of their own: they are noted first, then waited for)."""
        import psutil

        process, self.process = self.process, None
        if process is not None:
            try:
                started = psutil.Process(process.pid).children(recursive=True)
            except psutil.NoSuchProcess:
                started = []
            _group(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                pass
            _, alive = psutil.wait_procs(started, timeout=60)
            _group(process.pid, signal.SIGKILL)
            for leftover in alive:
                try:
                    leftover.kill()
                except psutil.NoSuchProcess:
                    pass
            self._log.close()
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None


def _group(pid: int, sig: int) -> None:
    try:
        os.killpg(pid, sig)
    except ProcessLookupError:
        pass
