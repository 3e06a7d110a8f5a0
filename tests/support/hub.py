"""A real JupyterHub for tests: jupyterhub from pip, configurable-http-proxy from npm,
LocalProcessSpawner starting each user's server as a real Unix user.

    with Hub(venv, users=2, default_url="/careerkit/start") as hub:
        hub.url                     # http://127.0.0.1:PORT/
        hub.users                   # [HubUser(name, password, home), ...]
        hub.log()                   # what the hub printed so far

- ``venv``: a virtual environment holding jupyterhub and whatever the users' servers
  need; it must be readable by every user (see :mod:`tests.support.installed`);
- the users are created for the hub (``useradd``) with home folders readable by all,
  as Debian's defaults make them on a plain hub, and removed with their files after;
- ``config``: extra lines of ``jupyterhub_config.py``.

Needs root (to create users and to start servers as them) and
``configurable-http-proxy`` (``CAREERKIT_CHP``, PATH, or npm's global folder).
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from .ports import free_port


@dataclass
class HubUser:
    name: str
    password: str
    home: Path


def find_proxy() -> str | None:
    """The configurable-http-proxy command, or None."""
    chosen = os.environ.get("CAREERKIT_CHP")
    if chosen:
        return chosen
    found = shutil.which("configurable-http-proxy")
    if found:
        return found
    for prefix in ("/usr/local", "/usr"):
        candidate = Path(prefix) / "bin" / "configurable-http-proxy"
        if os.access(candidate, os.X_OK):
            return str(candidate)
    return None


def missing_parts(venv: Path | None = None) -> str:
    """Why a hub cannot start here ('' when it can)."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "a JupyterHub with LocalProcessSpawner must run as root"
    if not shutil.which("useradd"):
        return "useradd is missing"
    if find_proxy() is None:
        return "configurable-http-proxy is missing (npm install -g configurable-http-proxy)"
    if venv is not None and not (venv / "bin" / "jupyterhub").exists():
        return f"jupyterhub is not installed in {venv}"
    return ""


class Hub:
    def __init__(self, venv: Path, *, users: int = 2, default_url: str = "/lab",
                 config: str = "", startup_timeout: float = 240.0):
        self.venv = Path(venv)
        self.default_url = default_url
        self.extra_config = config
        self.startup_timeout = startup_timeout
        tag = secrets.token_hex(3)
        self.users = [HubUser(f"ck{chr(97 + i)}{tag}", secrets.token_urlsafe(12), Path("/home") / f"ck{chr(97 + i)}{tag}")
                      for i in range(users)]
        self.state = Path(f"/var/tmp/careerkit-hub-{tag}")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.process: subprocess.Popen | None = None

    # -- life cycle -------------------------------------------------------------------
    def __enter__(self) -> "Hub":
        problem = missing_parts(self.venv)
        if problem:
            raise RuntimeError(problem)
        self.state.mkdir(mode=0o700, parents=True)
        for user in self.users:
            subprocess.run(["useradd", "--create-home", "--shell", "/bin/sh", user.name], check=True)
            os.chmod(user.home, 0o755)  # readable by all, as plain Debian homes are
        (self.state / "jupyterhub_config.py").write_text(self._config())
        self._log = open(self.state / "hub.log", "wb")
        self.process = subprocess.Popen(
            [str(self.venv / "bin" / "jupyterhub"), "-f", str(self.state / "jupyterhub_config.py")],
            cwd=self.state, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True,
            env={"PATH": f"{self.venv / 'bin'}:/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8"},
        )
        try:
            self._wait_until_up()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)  # stops the users' servers, then the proxy
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                pass
        if self.process is not None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        for user in self.users:
            self._kill_processes_of(user.name)
            subprocess.run(["userdel", "--remove", "--force", user.name], capture_output=True)
        if getattr(self, "_log", None):
            self._log.close()
        shutil.rmtree(self.state, ignore_errors=True)

    def _kill_processes_of(self, name: str) -> None:
        found = subprocess.run(["pgrep", "-u", name], capture_output=True, text=True).stdout.split()
        for pid in found:
            try:
                os.kill(int(pid), signal.SIGKILL)
            except (ProcessLookupError, ValueError):
                pass

    def _wait_until_up(self) -> None:
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("JupyterHub stopped:\n" + self.log())
            try:
                urllib.request.urlopen(self.url + "hub/api/", timeout=3).close()
                return
            except (OSError, urllib.error.URLError):
                time.sleep(0.5)
        raise RuntimeError("JupyterHub did not answer in time:\n" + self.log())

    def log(self) -> str:
        path = self.state / "hub.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def _config(self) -> str:
        names = {u.name for u in self.users}
        passwords = {u.name: u.password for u in self.users}
        return f'''# written by tests/support/hub.py
from jupyterhub.auth import DummyAuthenticator

class Passwords(DummyAuthenticator):
    """Each test user with their own password."""
    async def authenticate(self, handler, data):
        if {passwords!r}.get(data.get("username")) == data.get("password"):
            return data["username"]
        return None

c.JupyterHub.authenticator_class = Passwords
c.Authenticator.allowed_users = {names!r}
c.JupyterHub.bind_url = "http://127.0.0.1:{self.port}"
c.JupyterHub.hub_bind_url = "http://127.0.0.1:{free_port()}"
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{free_port()}"
c.ConfigurableHTTPProxy.command = [{find_proxy()!r}]
c.JupyterHub.db_url = "sqlite:///{self.state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = "{self.state / 'cookie_secret'}"
c.JupyterHub.pid_file = "{self.state / 'hub.pid'}"
c.JupyterHub.cleanup_servers = True
c.Spawner.cmd = [{str(self.venv / 'bin' / 'jupyterhub-singleuser')!r}]
c.Spawner.default_url = {self.default_url!r}
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
{self.extra_config}
'''
