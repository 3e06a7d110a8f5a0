"""The careerkit service on a real JupyterHub: two users, an attacker, a facilitator.

Everything is real: JupyterHub from pip, configurable-http-proxy from npm, PAM sign-in
of real local Unix users (created here, as root), LocalProcessSpawner starting each
user's server as that Unix user, and the service storing answers in PostgreSQL.

The hub is configured the way Zero to JupyterHub does it: ``hub.services`` entries
appended to ``c.JupyterHub.services`` and ``hub.extraConfig`` executed, from the dict
:func:`careerkit.serving.hub.config.z2jh_values` returns (the guide shows the same as YAML).

Each user's server is a stand-in (the test's Python lives where other users cannot
run it): a small program run as that user, by the hub, with exactly the environment
the hub gives a server. It keeps that environment where only its user can read it,
which is what a person with a notebook or a terminal on their server has. The kernel
side (a workbook, its Saver) runs here with that environment.
"""

from __future__ import annotations

import json
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from tests.support.ports import free_port
from tests.support.postgres import fresh_database, require_postgres

pytestmark = [pytest.mark.postgres, pytest.mark.timeout(900)]

ALICE, BOB, FRAN = "ckhub-alice", "ckhub-bob", "ckhub-fran"
SECRET = "Alice's private note: I want to leave nursing for glassblowing"

STAND_IN = r'''
import http.server, json, os, sys, urllib.parse
user = os.environ["JUPYTERHUB_USER"]
fd = os.open(os.path.join(sys.argv[1], user + ".json"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
os.write(fd, json.dumps(dict(os.environ)).encode()); os.close(fd)
where = urllib.parse.urlsplit(os.environ["JUPYTERHUB_SERVICE_URL"])
class Server(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200); self.send_header("Content-Type", "text/plain"); self.end_headers()
        self.wfile.write(b"a stand-in for a user server")
    def log_message(self, *args):
        pass
http.server.ThreadingHTTPServer((where.hostname, where.port), Server).serve_forever()
'''

CONFIG = r'''
import json, os
c = get_config()  # noqa: F821
here = {here!r}
c.JupyterHub.bind_url = "http://127.0.0.1:{port}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_api}"
state = os.path.join(here, "state")  # the hub's own files, as /srv/jupyterhub: for the hub's user alone
c.JupyterHub.db_url = "sqlite:///" + os.path.join(state, "jupyterhub.sqlite")
c.JupyterHub.cookie_secret_file = os.path.join(state, "cookie_secret")
c.JupyterHub.pid_file = os.path.join(state, "jupyterhub.pid")
c.JupyterHub.authenticator_class = "pam"
c.Authenticator.allowed_users = {users!r}
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = ["/usr/bin/python3", os.path.join(here, "stand_in.py"), os.path.join(here, "servers")]
c.Spawner.start_timeout = 60
c.Spawner.http_timeout = 60
c.JupyterHub.services = []
c.JupyterHub.load_roles = [{{"name": "test-admin", "scopes": ["admin:users", "admin:servers", "admin:groups", "tokens"],
                            "services": ["test-admin"]}}]

# Zero to JupyterHub's jupyterhub_config.py, for the two keys careerkit uses:
values = json.load(open(os.path.join(here, "values.json")))
for key, service in values["hub"].get("services", {{}}).items():
    service.setdefault("name", key)
    service.pop("apiToken", None)
    service["api_token"] = {service_token!r}  # the chart generates and keeps one per service
    c.JupyterHub.services.append(service)
c.JupyterHub.services.append({{"name": "test-admin", "api_token": {admin_token!r}}})
for key, snippet in sorted(values["hub"].get("extraConfig", {{}}).items()):
    exec(snippet)
'''


def _wait(check, what: str, timeout: float = 60.0, process: subprocess.Popen | None = None):
    """Poll ``check`` until it gives something true; give up early if ``process`` has ended."""
    deadline = time.monotonic() + timeout
    last: object = None
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise AssertionError(f"the hub exited (status {process.returncode}) while waiting for {what}")
        try:
            found = check()
            if found:
                return found
            last = found
        except Exception as exc:  # noqa: BLE001 - reported if it never succeeds
            last = exc
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what} (last: {last!r})")


def _hub_lines(log: Path, limit: int = 6000) -> str:
    """The hub's own lines of its log: its proxy's (one per refused poll) would hide them."""
    own, in_proxy = [], False
    for line in log.read_text(errors="replace").splitlines():
        if "[ConfigProxy]" in line:
            in_proxy = True  # and the lines of its error that follow
        elif line.startswith("["):
            in_proxy = False  # the hub's next line ("[I 2026-12-02 ...")
        if not in_proxy:
            own.append(line)
    return "\n".join(own)[-limit:]


def _stop_proxy(here: Path) -> None:
    """End the hub's proxy if the hub left it running (a hub that fails to start does)."""
    try:
        pid = int((here / "jupyterhub-proxy.pid").read_text())
    except (OSError, ValueError):
        return
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


class Hub:
    """A running hub with its proxy and the careerkit service, and what the test knows of it."""

    def __init__(self, here: Path, port: int, admin_token: str, database_url: str, password: str):
        self.here = here
        self.url = f"http://127.0.0.1:{port}"
        self.api = self.url + "/hub/api"
        self.admin_token = admin_token
        self.database_url = database_url
        self.password = password
        self.process: subprocess.Popen | None = None

    def admin(self, method: str, path: str, **kw):
        import requests

        return requests.request(method, self.api + path, headers={"Authorization": f"token {self.admin_token}"},
                                timeout=30, **kw)

    def server_env(self, user: str) -> dict[str, str]:
        """The environment the hub gave ``user``'s server (what their notebook and terminal see)."""
        return json.loads((self.here / "servers" / f"{user}.json").read_text())

    def store(self):
        from careerkit.core.storage.store import Store

        return Store(self.database_url)


def _run(*cmd: str, check: bool = True, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, check=check, capture_output=True, text=True, **kw)


@pytest.fixture(scope="module")
def hub():
    if os.geteuid() != 0:
        pytest.skip("the hub test creates Unix users and spawns servers as them: run as root (CI does)")
    pytest.importorskip("jupyterhub")
    if shutil.which("configurable-http-proxy") is None:
        pytest.fail("configurable-http-proxy is not installed (npm install -g configurable-http-proxy)")
    base_url = require_postgres()
    from careerkit.serving.hub.config import z2jh_values

    password = secrets.token_urlsafe(12)
    for user in (ALICE, BOB, FRAN):
        _run("userdel", "-r", user, check=False)
        _run("useradd", "-m", "-s", "/bin/bash", user)
        _run("chpasswd", input=f"{user}:{password}\n")
    here = Path(tempfile.mkdtemp(prefix="careerkit-hub-"))  # outside pytest's 0700 folder
    here.chmod(0o711)  # users' servers run the stand-in from here; nobody lists it
    (here / "servers").mkdir(mode=0o1733)
    (here / "servers").chmod(0o1733)
    stand_in = here / "stand_in.py"
    stand_in.write_text(STAND_IN)
    stand_in.chmod(0o644)
    port, hub_port, proxy_api, service_port = (free_port() for _ in range(4))
    admin_token = secrets.token_hex(32)
    with fresh_database(base_url) as database_url:
        (here / "state").mkdir(mode=0o700)
        url_file = here / "state" / "careerkit-database-url"  # as a Secret mounted in the hub pod
        url_file.write_text(database_url)
        url_file.chmod(0o600)
        values = z2jh_values(url=f"http://127.0.0.1:{service_port}", python=sys.executable,
                             facilitator_groups=["careerkit-facilitators"], database_url_file=str(url_file))
        (here / "values.json").write_text(json.dumps(values))
        (here / "values.json").chmod(0o600)
        config = here / "jupyterhub_config.py"
        config.write_text(CONFIG.format(here=str(here), port=port, hub_port=hub_port, proxy_api=proxy_api,
                                        users=sorted({ALICE, BOB, FRAN}), service_token=secrets.token_hex(32),
                                        admin_token=admin_token))
        config.chmod(0o600)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTERHUB_", "CAREERKIT_"))}
        env["PATH"] = f"{Path(sys.executable).parent}:{env.get('PATH', '/usr/bin:/bin')}"
        env["CONFIGPROXY_AUTH_TOKEN"] = secrets.token_hex(32)
        log = open(here / "jupyterhub.log", "w")
        h = Hub(here, port, admin_token, database_url, password)
        h.process = subprocess.Popen([str(Path(sys.executable).parent / "jupyterhub"), "-f", str(config)],
                                     cwd=here, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            try:  # generous: on a busy machine a hub takes minutes to start
                _wait(lambda: h.admin("GET", "/").status_code == 200, "the hub", 300, h.process)
                _wait(lambda: __import__("requests").get(h.url + "/services/careerkit/health", timeout=5).ok,
                      "the careerkit service through the proxy", 180, h.process)
            except AssertionError as exc:
                raise AssertionError(f"{exc}\n{_hub_lines(here / 'jupyterhub.log')}") from None
            for user in (ALICE, BOB, FRAN):
                h.admin("POST", f"/users/{user}")
            # Fran facilitates because a hub administrator put her in the group the role names
            r = h.admin("POST", "/groups/careerkit-facilitators/users", json={"users": [FRAN]})
            assert r.status_code == 200, r.text
            for user in (ALICE, BOB, FRAN):
                r = h.admin("POST", f"/users/{user}/server")
                assert r.status_code in (201, 202), r.text
            for user in (ALICE, BOB, FRAN):
                _wait(lambda: h.admin("GET", f"/users/{user}").json()["servers"].get("", {}).get("ready"),
                      f"{user}'s server", 180)
                _wait(lambda: (here / "servers" / f"{user}.json").exists(), f"{user}'s environment")
            yield h
        finally:
            h.process.terminate()
            try:
                h.process.wait(30)
            except subprocess.TimeoutExpired:
                h.process.kill()
            _stop_proxy(here)
            log.close()
            for user in (ALICE, BOB, FRAN):
                _run("pkill", "-KILL", "-u", user, check=False)  # the stand-in servers of the test's own users
                _run("userdel", "-r", user, check=False)
            if os.environ.get("CAREERKIT_HUB_TEST_LOG"):
                print((here / "jupyterhub.log").read_text()[-20000:])
            shutil.rmtree(here, ignore_errors=True)


def _kernel(hub: Hub, user: str, monkeypatch, **changes: str):
    """This process made into ``user``'s kernel: their server's environment, then ``changes``."""
    from careerkit.core.storage import remote as client

    for key in list(os.environ):
        if key.startswith(("JUPYTERHUB_", "CAREERKIT_")):
            monkeypatch.delenv(key)
    for key, value in {**hub.server_env(user), **changes}.items():
        if key.startswith(("JUPYTERHUB_", "CAREERKIT_")):
            monkeypatch.setenv(key, value)
    monkeypatch.setattr(client, "_store", None)


def _profile(user: str) -> str:
    from careerkit.core.profile import clean_profile_id

    return clean_profile_id(user)


# -- the set-up itself ---------------------------------------------------------------------------

def test_no_user_server_is_given_the_database(hub):
    password = re.sub(r".*://[^:]*:([^@]*)@.*", r"\1", hub.database_url)
    for user in (ALICE, BOB, FRAN):
        env = hub.server_env(user)
        assert "CAREERKIT_DATABASE_URL" not in env
        assert not any(password in value or "postgresql" in value for value in env.values())
        assert env["CAREERKIT_SERVICE_URL"].endswith("/services/careerkit/")
        assert env["JUPYTERHUB_API_TOKEN"]
    assert hub.server_env(ALICE)["JUPYTERHUB_API_TOKEN"] != hub.server_env(BOB)["JUPYTERHUB_API_TOKEN"]


def test_a_workbook_on_the_hub_saves_through_the_service(hub, monkeypatch):
    from careerkit.core.storage.remote import RemoteStore
    from careerkit.core.profile import current_profile
    from careerkit.core.storage.storefront import open_store
    from careerkit.presentation.workbook import Workbook

    _kernel(hub, ALICE, monkeypatch)
    store = open_store()
    assert isinstance(store, RemoteStore)
    assert current_profile() == _profile(ALICE)
    wb = Workbook("01_self_reflection", delay=0)
    statuses: list[str] = []

    class Field:
        def show_status(self, text, kind="saved"):
            # what the person sees, checked against the database at the moment it is shown
            saved = [r.value for r in hub.store().history(_profile(ALICE), "01_self_reflection", "flow_moments")]
            statuses.append((text, SECRET in saved))

    wb.saver.queue("01_self_reflection", "flow_moments", SECRET, Field())
    assert statuses[-1][0].startswith("✓ Saved") and statuses[-1][1], statuses
    rows = hub.store().history(_profile(ALICE), "01_self_reflection", "flow_moments")
    assert [(r.value, r.source) for r in rows][-1] == (SECRET, "form")
    assert wb.answers.get_answer("01_self_reflection.flow_moments") == SECRET
    wb.save("hobbies", ["pottery", "running"])
    assert hub.store().current(_profile(ALICE))[("01_self_reflection", "hobbies")] == ["pottery", "running"]


class _Gate:
    """A TCP relay in front of the service that can be shut, as a network failure would."""

    def __init__(self, target: str):
        from urllib.parse import urlsplit

        t = urlsplit(target)
        self.target = (t.hostname, t.port)
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}{t.path}"
        self.open = False
        self.conns: list[socket.socket] = []
        #: Seconds the next connection's request is held before it is passed on (a slow network).
        self.hold_next = 0.0
        #: The first bytes the service answered on each held connection.
        self.held_replies: list[bytes] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.sock.accept()
            except OSError:
                return
            if not self.open:
                client.close()
                continue
            upstream = socket.create_connection(self.target)
            self.conns += [client, upstream]
            hold, self.hold_next = self.hold_next, 0.0
            threading.Thread(target=self._pipe, args=(client, upstream, hold), daemon=True).start()
            threading.Thread(target=self._pipe, args=(upstream, client, 0.0, hold > 0), daemon=True).start()

    def _pipe(self, a, b, hold=0.0, note=False):
        if hold:
            # The request sits in a slow network, whatever the kernel does meanwhile; then it
            # arrives, and the connection stays open for the service's answer (noted below).
            data = a.recv(65536)
            time.sleep(hold)
            try:
                while data:
                    b.sendall(data)
                    data = a.recv(65536)
            except OSError:
                pass
            return
        try:
            while data := a.recv(65536):
                if note:
                    self.held_replies.append(data[:64])
                    note = False
                b.sendall(data)
        except OSError:
            pass
        finally:
            for s in (a, b):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def shut(self):
        self.open = False
        for s in self.conns:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self.conns.clear()

    def close(self):
        self.shut()
        self.sock.close()


def test_an_unreachable_service_holds_answers_and_says_so_once(hub, monkeypatch):
    from careerkit.widgets.forms import Saver
    from careerkit.core.storage.remote import RemoteStore

    env = hub.server_env(ALICE)
    gate = _Gate(env["CAREERKIT_SERVICE_URL"])
    try:
        gate.open = True
        store = RemoteStore(gate.url, env["JUPYTERHUB_API_TOKEN"])
        assert store.profile == _profile(ALICE)
        problems: list[tuple] = []
        statuses: list[tuple[str, str]] = []

        class Field:
            def show_status(self, text, kind="saved"):
                statuses.append((text, kind))

        saver = Saver(store, store.profile, delay=0, on_problem=lambda kind, text: problems.append((kind, text)))
        gate.shut()
        saver.queue("01_self_reflection", "patterns_noticed", "held 1", Field())
        saver.queue("01_self_reflection", "patterns_noticed", "held 2", Field())
        assert saver.pending == 1 and statuses[-1][1] == "error" and "kept here" in statuses[-1][0]
        assert len(problems) == 1 and problems[0][0] is not None and "saved automatically" in problems[0][1]
        assert all(r.value not in ("held 1", "held 2")
                   for r in hub.store().history(_profile(ALICE), "01_self_reflection", "patterns_noticed"))
        gate.open = True
        saved = saver.flush()
        assert [r.value for r in saved] == ["held 2"] and saver.pending == 0
        assert statuses[-1][0].startswith("✓ Saved")
        assert problems[-1] == (None, "") and len(problems) == 2
        assert hub.store().current(_profile(ALICE))[("01_self_reflection", "patterns_noticed")] == "held 2"
    finally:
        gate.close()


def test_a_save_delayed_in_the_network_never_turns_a_newer_answer_back(hub, monkeypatch):
    from careerkit.core.storage import remote as client
    from careerkit.core.storage.remote import RemoteStore
    from careerkit.widgets.forms import Saver

    env = hub.server_env(ALICE)
    gate = _Gate(env["CAREERKIT_SERVICE_URL"])
    field = ("01_self_reflection", "reflection_energy")
    try:
        gate.open = True
        store = RemoteStore(gate.url, env["JUPYTERHUB_API_TOKEN"])
        assert store.profile == _profile(ALICE)
        monkeypatch.setattr(client, "NETWORK_MARGIN", 1.0)  # the kernel gives up after 3 s, not 7 s
        saver = Saver(store, store.profile, delay=0, wait=2.0)
        store._drop()
        gate.hold_next = 10.0  # the save's first copy sits in the network for 10 s
        saver.queue(*field, "Meetings about meetings")
        assert saver.pending == 1  # the kernel gave up on it and holds the answer
        assert [r.value for r in saver.flush()] == ["Meetings about meetings"]  # sent again, on a new connection
        saver.queue(*field, "Meetings about meetings, and the commute")
        assert saver.pending == 0
        deadline = time.monotonic() + 120
        while not gate.held_replies:  # the held copy reaches the service and is answered
            assert time.monotonic() < deadline, "the held save was never answered"
            time.sleep(0.05)
        assert gate.held_replies[0].startswith(b"HTTP/1.1 409"), gate.held_replies
        values = [r.value for r in hub.store().history(_profile(ALICE), *field)]
        assert values == ["Meetings about meetings", "Meetings about meetings, and the commute"], values
        assert hub.store().current(_profile(ALICE))[field] == "Meetings about meetings, and the commute"
    finally:
        gate.close()


def test_export_import_history_and_forget_work_through_the_service(hub, monkeypatch):
    from careerkit.core import exchange, history
    from careerkit.core.storage.remote import hub_store

    _kernel(hub, ALICE, monkeypatch)
    store, me = hub_store(), _profile(ALICE)
    store.save(me, "01_self_reflection", "themes", ["craft"])
    store.save(me, "01_self_reflection", "themes", ["craft", "care"])
    first = store.history(me, "01_self_reflection", "themes")[0]
    restored = history.restore(store, me, "01_self_reflection", "themes", first.id)
    assert restored.source == "restore" and store.current(me)[("01_self_reflection", "themes")] == ["craft"]
    mark = history.checkin(store, me, "before the course")
    assert [c.label for c in store.checkins(me)][-1] == "before the course"

    document = exchange.export(store, me)
    assert SECRET in [r["value"] for r in document["revisions"]]
    assert store.delete(me, "01_self_reflection", "themes") >= 3
    assert ("01_self_reflection", "themes") not in hub.store().current(me)
    result = exchange.apply(store, me, exchange.parse(exchange.dumps(document)), "merge")
    assert result.answers >= 1
    assert hub.store().current(me)[("01_self_reflection", "themes")] == ["craft"]
    assert store.delete_checkin(me, mark.id)

    _kernel(hub, FRAN, monkeypatch)
    fran = hub_store()
    fran.save(_profile(FRAN), "01_self_reflection", "hobbies", ["chess"])
    assert fran.delete(_profile(FRAN)) == 1
    assert hub.store().count(_profile(FRAN)) == 0 and _profile(FRAN) not in hub.store().profiles()
    assert hub.store().current(me)  # Alice's answers were not touched by Fran forgetting hers


# -- the attacker: Bob, with a notebook and a terminal, knows all of careerkit's code ------------

def test_bob_setting_jupyterhub_user_to_alice_still_writes_only_bob(hub, monkeypatch):
    from careerkit.core.profile import current_profile
    from careerkit.core.storage.storefront import StoreError, open_store
    from careerkit.presentation.workbook import Workbook

    before = hub.store().history(_profile(ALICE))
    _kernel(hub, BOB, monkeypatch, JUPYTERHUB_USER=ALICE, CAREERKIT_PROFILE=ALICE)
    assert current_profile() == _profile(BOB)
    wb = Workbook("01_self_reflection", delay=0)
    assert wb.profile == _profile(BOB)
    assert SECRET not in json.dumps(dict(wb.answers), default=str)
    wb.save("hobbies", ["lockpicking"])
    store = open_store()
    for attempt in (
        lambda: store.current(_profile(ALICE)),
        lambda: store.history(_profile(ALICE)),
        lambda: store.save(_profile(ALICE), "01_self_reflection", "hobbies", ["forged"]),
        lambda: store.delete(_profile(ALICE)),
        lambda: Workbook("01_self_reflection", delay=0, profile=_profile(ALICE), store=store).answers.get_answer(
            "01_self_reflection.flow_moments"),
    ):
        try:
            found = attempt()
        except StoreError:
            continue
        assert found in (None, {}) or SECRET not in json.dumps(found, default=str)
    assert hub.store().history(_profile(ALICE)) == before
    assert hub.store().current(_profile(BOB))[("01_self_reflection", "hobbies")] == ["lockpicking"]
    # answers written around the forms are checked by the service all the same
    with pytest.raises(StoreError, match="ri_r01"):
        store.save(_profile(BOB), "01_self_reflection", "ri_r01", 99)
    with pytest.raises(StoreError, match="no question"):
        store.save(_profile(BOB), "01_self_reflection", "not_a_question", "x")
    assert ("01_self_reflection", "ri_r01") not in hub.store().current(_profile(BOB))


ATTACK = r'''
import json, os, sys, urllib.request, urllib.error
env = json.load(open(sys.argv[1]))  # Bob's own server environment
alice, hub_api, secret = sys.argv[2], sys.argv[3], sys.argv[4]
service = env["CAREERKIT_SERVICE_URL"]
token = env["JUPYTERHUB_API_TOKEN"]
out = {"leaks": [], "statuses": {}, "files": {}}

def call(name, url, method="GET", body=None, headers=None):
    req = urllib.request.Request(url, method=method, data=None if body is None else json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(req, timeout=20) as r:
            status, text = r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        status, text = e.code, e.read().decode("utf-8", "replace")
    out["statuses"][name] = status
    if secret in text or ('"profile": "%s"' % alice) in text:
        out["leaks"].append(name)

mine = {"Authorization": "token " + token}
forged = {"X-Forwarded-User": alice, "X-JupyterHub-User": alice, "X-Remote-User": alice, "REMOTE_USER": alice,
          "Cookie": "jupyterhub-user=%s; jupyterhub-services=%s" % (alice, alice)}
for q in ("current", "history", "count", "checkins", "attachments", "whoami", "consent"):
    call(q + " ?profile=alice", service + "api/" + q + "?profile=" + alice + "&user=" + alice, headers=mine)
    call(q + " forged headers, own token", service + "api/" + q, headers={**mine, **forged})
    call(q + " forged headers, no token", service + "api/" + q, headers=forged)
    call(q + " made-up token", service + "api/" + q, headers={"Authorization": "token " + "0" * 32, **forged})
call("save naming alice", service + "api/revisions", "POST",
     {"items": [["01_self_reflection", "hobbies", ["forged"]]], "profile": alice, "user": alice}, {**mine, **forged})
call("forget naming alice", service + "api/answers?profile=" + alice, "DELETE", None, {**mine, **forged})
call("dashboard with own token", service + "dashboard", headers=mine)
call("csv with own token", service + "dashboard.csv", headers=mine)
call("mint a facilitator token", hub_api + "/users/%s/tokens" % env["JUPYTERHUB_USER"], "POST",
     {"scopes": ["custom:careerkit:facilitate"]}, mine)
call("mint a token for alice", hub_api + "/users/%s/tokens" % alice, "POST", {}, mine)
call("read alice from the hub", hub_api + "/users/" + alice, headers=mine)
for name, path in (("service environment", "/proc/%s/environ" % sys.argv[5]),
                   ("hub configuration", sys.argv[6]), ("z2jh values", sys.argv[7]),
                   ("alice's server environment", sys.argv[8]), ("hub database", sys.argv[9])):
    try:
        text = open(path, "rb").read().decode("utf-8", "replace")
        out["files"][name] = "read"
        if "postgresql" in text or secret in text:
            out["leaks"].append(name)
    except OSError as exc:
        out["files"][name] = type(exc).__name__
print(json.dumps(out))
'''


def _service_pid(hub: Hub) -> int:
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                cmd = (entry / "cmdline").read_bytes().split(b"\0")
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            if b"careerkit.serving.hub.service" in cmd and ppid == hub.process.pid:
                return int(entry.name)
    raise AssertionError("the careerkit service process was not found")


def test_bob_as_his_unix_user_cannot_reach_alices_answers_by_any_route(hub):
    before = hub.store().history(_profile(ALICE))
    assert any(r.value == SECRET for r in before)
    script = hub.here / "attack.py"
    script.write_text(ATTACK)
    script.chmod(0o644)
    bob_env = hub.here / "bob-env.json"  # what Bob's own terminal shows him, handed to his script
    bob_env.write_text(json.dumps(hub.server_env(BOB)))
    shutil.chown(bob_env, BOB)
    bob_env.chmod(0o600)
    result = _run("runuser", "-u", BOB, "--", "/usr/bin/python3", str(script), str(bob_env), _profile(ALICE),
                  hub.api, SECRET, str(_service_pid(hub)), str(hub.here / "jupyterhub_config.py"),
                  str(hub.here / "values.json"), str(hub.here / "servers" / f"{ALICE}.json"),
                  str(hub.here / "state" / "jupyterhub.sqlite"), cwd="/")
    found = json.loads(result.stdout)
    hub_db = (hub.here / "state" / "jupyterhub.sqlite").read_bytes()
    assert b"postgresql" not in hub_db  # the service's environment, which the hub keeps, names only the file
    assert found["leaks"] == [], found
    assert set(found["files"].values()) == {"PermissionError"}, found["files"]
    statuses = found["statuses"]
    assert statuses["dashboard with own token"] == 403 and statuses["csv with own token"] == 403
    assert statuses["mint a facilitator token"] in (400, 403)
    assert statuses["mint a token for alice"] in (403, 404)
    assert statuses["current forged headers, no token"] == 401
    assert statuses["current made-up token"] == 403
    assert statuses["save naming alice"] == 200  # saved, as Bob's own answer
    assert hub.store().history(_profile(ALICE)) == before
    assert statuses["forget naming alice"] == 200  # forgot Bob's own answers, the only ones he can reach
    assert hub.store().count(_profile(BOB)) == 0


# -- the facilitator ------------------------------------------------------------------------------

def _browser_session(hub: Hub, user: str):
    """A signed-in browser session (requests) of ``user``, through the hub's PAM login."""
    import requests

    s = requests.Session()
    page = s.get(hub.url + "/hub/login", timeout=30)
    xsrf = re.search(r'name="_xsrf" value="([^"]+)"', page.text)
    form = {"username": user, "password": hub.password, **({"_xsrf": xsrf.group(1)} if xsrf else {})}
    r = s.post(hub.url + "/hub/login?next=", data=form, timeout=30, allow_redirects=False)
    assert r.status_code == 302, (r.status_code, r.text[:500])
    return s


def test_the_facilitator_sees_aggregates_only_and_others_get_403(hub, monkeypatch):
    from careerkit.core.storage.remote import hub_store

    _kernel(hub, ALICE, monkeypatch)
    alice = hub_store()
    assert alice.room_choices()["consent"] is False  # nobody counts until they say so
    assert alice.set_room_choices(consent=True)["consent"] is True

    fran = _browser_session(hub, FRAN)
    page = fran.get(hub.url + "/services/careerkit/dashboard", timeout=60)
    assert page.status_code == 200, page.text[:500]
    assert "The room's picture" in page.text and "fewer than 5" in page.text
    for private in (SECRET, ALICE, BOB, _profile(ALICE), "lockpicking", "pottery"):
        assert private not in page.text
    csv = fran.get(hub.url + "/services/careerkit/dashboard.csv", timeout=60)
    assert csv.status_code == 200 and "fewer than 5" in csv.text and SECRET not in csv.text

    bob = _browser_session(hub, BOB)
    refused = bob.get(hub.url + "/services/careerkit/dashboard", timeout=60)
    assert refused.status_code == 403
    assert bob.get(hub.url + "/services/careerkit/dashboard.csv", timeout=60).status_code == 403


def test_a_hub_user_gives_and_withdraws_consent_and_shares_on_the_start_page(hub, monkeypatch):
    """The privacy choices of workbook 00 work on a hub: they go to the service, for this user only."""
    from careerkit.core.storage.remote import hub_store
    from careerkit.presentation.workbook import Workbook
    from careerkit.workbooks.start_here.workshop import PrivacyPanel, privacy

    _kernel(hub, BOB, monkeypatch)
    bob = hub_store()
    bob.set_room_choices(consent=False)
    Workbook("01_self_reflection", delay=0).save("flow_moments", "Fixing bikes for the neighbours")
    panel = privacy(Workbook("00_start_here", delay=0))
    assert isinstance(panel, PrivacyPanel)
    assert panel.consent.value is False
    assert "Nothing of yours is in the room" in panel.shares.children[0].value

    panel.consent.value = True  # what ticking the box on the page does
    assert bob.room_choices()["consent"] is True
    assert "now count" in panel.message.value
    boxes = [c for c in panel.shares.children if hasattr(c, "description") and "Fixing bikes" in c.description]
    assert len(boxes) == 1
    boxes[0].value = True
    assert ("01_self_reflection", "flow_moments") in bob.room_choices()["shared"]

    _kernel(hub, ALICE, monkeypatch)  # another user's choices are untouched by Bob's
    assert ("01_self_reflection", "flow_moments") not in hub_store().room_choices()["shared"]

    _kernel(hub, BOB, monkeypatch)
    again = privacy(Workbook("00_start_here", delay=0))  # a new visit shows the kept choices
    assert again.consent.value is True
    again.consent.value = False
    assert hub_store().room_choices()["consent"] is False
    assert "Withdrawn" in again.message.value


def test_the_facilitator_opens_the_dashboard_in_a_browser_through_the_hub_sign_in(hub):
    from tests.support.browser import browser_or_skip

    def sign_in(browser, user: str):
        context = browser.new_context()
        page = context.new_page()
        page.goto(hub.url + "/hub/login?next=%2Fservices%2Fcareerkit%2Fdashboard", timeout=60_000)
        page.fill("#username_input", user)
        page.fill("#password_input", hub.password)
        with page.expect_navigation(timeout=60_000):
            page.click("#login_submit")
        page.wait_for_load_state("load", timeout=60_000)
        return context, page

    with browser_or_skip() as browser:
        context, page = sign_in(browser, FRAN)
        try:
            page.wait_for_selector(".ck-hub-dashboard .ck-room-progress", timeout=60_000)
            assert page.url.endswith("/services/careerkit/dashboard")
            text = page.inner_text("body")
            assert "The room's picture" in text and "fewer than 5" in text
            assert SECRET not in page.content() and _profile(ALICE) not in page.content()
        finally:
            context.close()
        context, page = sign_in(browser, BOB)
        try:
            response = page.goto(hub.url + "/services/careerkit/dashboard", timeout=60_000)
            assert response is not None and response.status == 403
            assert SECRET not in page.content()
        finally:
            context.close()
