"""Run a Voilà server for tests and take it down completely afterwards."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path
from urllib.parse import quote

from .ports import free_port


class VoilaServer:
    """``python -m voila ROOT`` on a free loopback port, as a context manager.

    ``with VoilaServer(root) as server: page.goto(server.render_url("a.ipynb"))``

    - ``root``: the notebook or folder to serve; ``cwd``: Voilà's working directory,
      where it reads ``voila.json`` (default: a fresh empty directory, so no config);
    - ``args``: extra command-line options; ``env``: variables added to the
      environment the server and its kernels start with;
    - the user's own Jupyter/IPython configuration and kernelspecs are hidden
      (``JUPYTER_CONFIG_DIR``, ``JUPYTER_DATA_DIR``, ``IPYTHONDIR`` point into a
      temp dir) unless ``env`` sets them; kernels run this Python;
    - ``.base`` is ``http://127.0.0.1:PORT`` (no slash), ``.url`` the served root
      (the file tree), ``.render_url(relpath)`` a notebook's app page, ``.log()``
      everything the server printed so far;
    - on exit the server gets SIGTERM (it shuts its kernels down), then anything
      left of it or its kernels gets SIGKILL.
    """

    def __init__(
        self,
        root: str | os.PathLike,
        *,
        args: Sequence[str] = (),
        env: Mapping[str, str] | None = None,
        cwd: str | os.PathLike | None = None,
        startup_timeout: float = 240.0,
    ):
        self.root = Path(root).resolve()
        self.args = list(args)
        self.env = dict(env or {})
        self.cwd = cwd
        self.startup_timeout = startup_timeout
        self.port: int | None = None
        self.process: subprocess.Popen | None = None
        self._scratch: Path | None = None

    #: Servers running in this process, newest last (their logs go into a failed browser test's report).
    running: list[VoilaServer] = []

    # --- addresses ----------------------------------------------------------------
    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        return self.base + "/"

    def render_url(self, relpath: str | os.PathLike = "") -> str:
        """App page of a notebook, ``relpath`` relative to the served folder.

        When a single notebook is served, Voilà shows it at the root: call it
        without ``relpath``.
        """
        relpath = Path(relpath).as_posix().lstrip("/") if str(relpath) else ""
        if not relpath:
            return self.url
        return f"{self.base}/voila/render/{quote(relpath)}"

    def log(self) -> str:
        if self._scratch is None:
            return ""
        return (self._scratch / "voila.log").read_text(errors="replace")

    # --- life cycle ---------------------------------------------------------------
    def __enter__(self) -> VoilaServer:
        self._scratch = Path(tempfile.mkdtemp(prefix="careerkit-voila-"))
        try:
            for attempt in range(3):  # another process may grab the free port first
                if self._start():
                    VoilaServer.running.append(self)
                    return self
                last_run = self.log().rsplit("\n$ ", 1)[-1]
                if "already in use" not in last_run or attempt == 2:
                    raise RuntimeError(
                        f"Voilà exited with code {self.process.returncode} before serving "
                        f"{self.root}:\n{self.log()}"
                    )
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def _start(self) -> bool:
        scratch = self._scratch
        cwd = Path(self.cwd) if self.cwd is not None else scratch / "cwd"
        for name in ("cwd", "jupyter-config", "jupyter-data", "ipython"):
            (scratch / name).mkdir(exist_ok=True)
        env = {
            **os.environ,
            "JUPYTER_CONFIG_DIR": str(scratch / "jupyter-config"),
            "JUPYTER_DATA_DIR": str(scratch / "jupyter-data"),
            "IPYTHONDIR": str(scratch / "ipython"),
            "JUPYTER_PLATFORM_DIRS": "1",
            "PYTHONUNBUFFERED": "1",
            **self.env,
        }
        self.port = free_port()
        command = [
            sys.executable, "-m", "voila", str(self.root),
            "--no-browser",
            "--Voila.ip=127.0.0.1",
            f"--port={self.port}",
            "--Voila.port_retries=0",
            "--VoilaConfiguration.show_tracebacks=True",
            *self.args,
        ]  # fmt: skip
        with open(scratch / "voila.log", "ab") as log:
            log.write(f"$ {' '.join(command)}\n".encode())
            log.flush()
            self.process = subprocess.Popen(
                command,
                cwd=cwd,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, ended as one
            )
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                urllib.request.urlopen(self.url, timeout=2).close()
                return True
            except urllib.error.HTTPError:
                return True  # it answers, even if not with 200
            except OSError:
                time.sleep(0.1)
        raise TimeoutError(
            f"Voilà did not answer on {self.url} within {self.startup_timeout:.0f} s:\n{self.log()}"
        )

    def stop(self, timeout: float = 10.0) -> None:
        """End the server, its kernels and anything they started; idempotent."""
        process, self.process = self.process, None
        if self in VoilaServer.running:
            VoilaServer.running.remove(self)
        if process is not None and process.poll() is None:
            # Kernels run in sessions of their own (jupyter_client starts them so):
            # note them now, to kill whatever survives Voilà's own shutdown.
            leftovers = _descendants(process.pid)
            _signal_group(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                _signal_group(process.pid, signal.SIGKILL)
                process.wait()
            _kill_all(leftovers)
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None

    def __repr__(self) -> str:
        return f"VoilaServer({str(self.root)!r}, url={self.url if self.port else None!r})"


_SHUTDOWN_KERNEL_JS = """async () => {
  const config = document.getElementById("jupyter-config-data");
  const { baseUrl, kernelId } = config ? JSON.parse(config.textContent) : {};
  if (!kernelId) return null;
  // Double-submit XSRF token: on the stock templates' pages, Voilà's own shutdown on page
  // unload sends none and gets a 403 (careerkit's page template sets one).
  if (!/(?:^|; )_xsrf=/.test(document.cookie)) {
    document.cookie = "_xsrf=careerkit-tests; path=/; SameSite=Strict";
  }
  const token = decodeURIComponent(document.cookie.match(/(?:^|; )_xsrf=([^;]*)/)[1]);
  const response = await fetch(`${baseUrl}voila/api/shutdown/${kernelId}`, {
    method: "POST", headers: { "X-XSRFToken": token },
  });
  return response.status;
}"""


def shutdown_kernel(page) -> int | None:
    """Stop the kernel behind a Voilà page (Playwright ``Page``) now, not at server exit.

    Returns the HTTP status (204 when done), or None for a page without a kernel,
    a closed page or a server already gone.
    """
    try:
        return page.evaluate(_SHUTDOWN_KERNEL_JS)
    except Exception:  # noqa: BLE001 - best effort: the server's exit ends it anyway
        return None


def _signal_group(pid: int, sig: int) -> None:
    try:
        os.killpg(pid, sig)
    except ProcessLookupError:
        pass


def _descendants(pid: int) -> list:
    import psutil  # an ipykernel dependency, so present wherever Voilà runs kernels

    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def _kill_all(processes: list, timeout: float = 5.0) -> None:
    import psutil

    alive = [p for p in processes if p.is_running()]
    for proc in alive:
        try:
            proc.kill()
        except psutil.NoSuchProcess:
            pass
    psutil.wait_procs(alive, timeout=timeout)


def app_for(home, profile: str):
    """``careerkit app``'s Voilà server for ``profile`` with answers kept in ``home``."""
    from careerkit.serving.app import CONFIG_DIR, app_environment

    env = app_environment(base={"CAREERKIT_HOME": str(home), "CAREERKIT_PROFILE": profile})
    return VoilaServer(Path(__file__).resolve().parents[2] / "workbooks", cwd=CONFIG_DIR, env=env)
