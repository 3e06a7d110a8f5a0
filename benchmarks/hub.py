"""Saving through the careerkit hub service: many hub users at once, against PostgreSQL.

A real JupyterHub (from pip, with configurable-http-proxy) runs the careerkit service
(:mod:`careerkit.serving.hub.service`) as it would in production, configured by
:func:`careerkit.serving.hub.config.configure`. The hub gets ``users`` users, each with a
token carrying the scopes a user server's own token has. Each simulated kernel is a
:class:`careerkit.core.storage.remote.RemoteStore` with that token, saving one answer per
:data:`careerkit.widgets.forms.SAVE_DELAY` (the fastest a person typing can cause), starting
at a random moment within the first pause. Kernels are spread over a few processes
(threads within each), as a laptop cannot run hundreds of Python processes at once;
a save's latency is measured where the kernel would see it, from the call until the
service has answered that it committed. Afterwards every revision is read back from
the database: a revision missing or out of order counts as lost.

``python -m benchmarks --only hub`` runs it with 300 users (``--hub-users`` sets the number);
``--quick`` with 20; ``python -m benchmarks.hub USERS SAVES`` prints one run as JSON.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from tests.support.ports import free_port

from .common import REPO, percentile

FIELD = ("01_self_reflection", "flow_moments")
#: Simulated kernels per writer process.
PER_PROCESS = 50
#: Seconds a simulated kernel goes on retrying one save before it gives up (a form would go on holding it).
GIVE_UP_AFTER = 120.0

_CONFIG = """
c = get_config()  # noqa: F821
import os
here = {here!r}
c.JupyterHub.bind_url = "http://127.0.0.1:{port}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{proxy_api}"
c.JupyterHub.db_url = "sqlite:///" + os.path.join(here, "jupyterhub.sqlite")
c.JupyterHub.cookie_secret_file = os.path.join(here, "cookie_secret")
c.JupyterHub.pid_file = os.path.join(here, "jupyterhub.pid")
c.JupyterHub.authenticator_class = "null"
c.JupyterHub.log_level = "WARN"
c.JupyterHub.services = [{{"name": "bench-admin", "api_token": {admin!r}}}]
c.JupyterHub.load_roles = [{{"name": "bench-admin", "scopes": ["admin:users", "tokens"],
                            "services": ["bench-admin"]}}]
from careerkit.serving.hub.config import configure
configure(c, database_url_file=os.path.join(here, "database-url"), url="http://127.0.0.1:{service_port}",
          python={python!r})
"""


#: Seconds the hub and the service may take to start: generous, as on a loaded machine.
START_TIMEOUT = 900.0


def _wait(check, what: str, timeout: float = START_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except Exception:  # noqa: BLE001 - not up yet
            pass
        time.sleep(0.25)
    raise RuntimeError(f"timed out waiting for {what}")


@contextlib.contextmanager
def running_hub(database_url: str) -> Iterator[dict]:
    """A hub with the careerkit service on ``database_url``; yields its addresses and an admin token."""
    import requests

    if shutil.which("configurable-http-proxy") is None:
        raise RuntimeError("configurable-http-proxy is not installed (npm install -g configurable-http-proxy)")
    here = Path(tempfile.mkdtemp(prefix="careerkit-bench-hub-"))
    port, hub_port, proxy_api, service_port = (free_port() for _ in range(4))
    admin = secrets.token_hex(32)
    (here / "database-url").write_text(database_url)
    (here / "database-url").chmod(0o600)
    config = here / "jupyterhub_config.py"
    config.write_text(_CONFIG.format(here=str(here), port=port, hub_port=hub_port, proxy_api=proxy_api,
                                     service_port=service_port, admin=admin, python=sys.executable))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTERHUB_", "CAREERKIT_"))}
    env["PATH"] = f"{Path(sys.executable).parent}:{env.get('PATH', '/usr/bin:/bin')}"
    env["PYTHONPATH"] = str(REPO)
    log = open(here / "jupyterhub.log", "w")
    proc = subprocess.Popen([str(Path(sys.executable).parent / "jupyterhub"), "-f", str(config)], cwd=here,
                            env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    api = f"http://127.0.0.1:{port}/hub/api"
    service = f"http://127.0.0.1:{service_port}/services/careerkit/"
    try:
        _wait(lambda: requests.get(api + "/", timeout=5).ok, "the hub")
        _wait(lambda: requests.get(service + "health", timeout=5).ok, "the careerkit service")
        yield {"api": api, "service": service, "admin": admin, "folder": here}
    finally:
        _stop(proc)
        log.close()
        shutil.rmtree(here, ignore_errors=True)


def _stop(proc: subprocess.Popen) -> None:
    """End the hub, then whatever it started and left running: its proxy and the careerkit
    service (a hub ended before it had stopped them leaves them behind, still serving)."""
    import psutil

    try:
        started = psutil.Process(proc.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        started = []
    proc.terminate()
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(30)
    for leftover in started:
        with contextlib.suppress(psutil.NoSuchProcess):
            leftover.terminate()
    _, alive = psutil.wait_procs(started, timeout=10)
    for leftover in alive:
        with contextlib.suppress(psutil.NoSuchProcess):
            leftover.kill()


def user_tokens(hub: dict, users: int, tag: str) -> dict[str, str]:
    """``users`` hub users, each with a token scoped as a user server's own."""
    import requests

    from careerkit.serving.hub.config import SERVER_TOKEN_SCOPES

    admin = {"Authorization": f"token {hub['admin']}"}
    names = [f"bench-{tag}-{i}" for i in range(users)]
    requests.post(hub["api"] + "/users", json={"usernames": names}, headers=admin, timeout=120).raise_for_status()
    tokens = {}
    for name in names:
        scopes = [s.replace("!user", f"!user={name}").replace("!server", f"!server={name}/")
                  for s in SERVER_TOKEN_SCOPES]
        r = requests.post(f"{hub['api']}/users/{name}/tokens", json={"scopes": scopes, "note": "benchmark"},
                          headers=admin, timeout=60)
        r.raise_for_status()
        tokens[name] = r.json()["token"]
    return tokens


def _value(i: int) -> str:
    return f"Draft {i}: the afternoon I rebuilt the rota and nobody noticed the time pass."


def write(service: str, tokens: list[str], n: int, interval: float, phases: list[float],
          ready=None, start=None) -> dict:
    """Kernels (one thread each) saving ``n`` answers through the service; latencies in ms.

    First every kernel opens: it asks the service who it is (a page's first call), tried
    again while the service cannot answer, as a kernel opening on a busy hub would be.
    Once all have, ``ready()`` is called and ``start()`` gives the moment saving begins;
    each kernel then starts ``phases[i]`` seconds later. A save the service refuses or
    cannot answer is held and tried again after :data:`careerkit.widgets.forms.RETRY_DELAY`,
    as a form does: its latency runs from the first try until the service has committed
    it, and it counts as retried.
    """
    from careerkit.core.storage.remote import RemoteStore
    from careerkit.core.storage.storefront import StoreError
    from careerkit.widgets.forms import RETRY_DELAY

    latencies: list[float] = []
    failures: list[str] = []
    retried = [0]
    opening: list[float] = []
    lock = threading.Lock()
    opened = threading.Barrier(len(tokens) + 1)
    go = threading.Event()
    begin: list[float] = []

    def retrying(call):
        began = time.perf_counter()
        while True:
            try:
                return call()
            except StoreError:
                if time.perf_counter() - began > GIVE_UP_AFTER:
                    raise
                with lock:
                    retried[0] += 1
                time.sleep(RETRY_DELAY)

    def kernel(token: str, phase: float) -> None:
        store = RemoteStore(service, token)
        profile = None
        try:
            began = time.perf_counter()
            profile = retrying(lambda: store.profile)
            with lock:
                opening.append(time.perf_counter() - began)
        except Exception as exc:  # noqa: BLE001 - counted and reported
            with lock:
                failures.append(repr(exc))
        opened.wait()
        go.wait()
        if profile is None:
            return
        try:
            mine = []
            while time.time() < begin[0] + phase:
                time.sleep(0.005)
            for i in range(n):
                began = time.perf_counter()
                retrying(lambda: store.save_many(profile, [(FIELD[0], FIELD[1], _value(i))], wait=2.0))
                mine.append((time.perf_counter() - began) * 1000)
                time.sleep(max(0.0, interval - (time.perf_counter() - began)))
            with lock:
                latencies.extend(mine)
        except Exception as exc:  # noqa: BLE001 - counted and reported
            with lock:
                failures.append(repr(exc))

    threads = [threading.Thread(target=kernel, args=(t, p)) for t, p in zip(tokens, phases)]
    for t in threads:
        t.start()
    opened.wait()  # every kernel has opened, or given up
    if ready is not None:
        ready()
    begin.append(start() if start is not None else time.time() + 1.0)
    go.set()
    for t in threads:
        t.join()
    return {"latencies": latencies, "failures": failures, "retried": retried[0],
            "opening_max": max(opening) if opening else None}


def lost(database_url: str, profiles: list[str], n: int) -> int:
    """Revisions missing or out of order, over every simulated kernel.

    A save retried after the service was too slow to answer may have been committed
    the first time too: the same value twice in a row counts once, as it reads once.
    """
    from careerkit.core.storage.store import Store

    store = Store(database_url)
    missing = 0
    expected = [_value(i) for i in range(n)]
    for profile in profiles:
        values = [r.value for r in store.history(profile, *FIELD)]
        values = [v for k, v in enumerate(values) if k == 0 or v != values[k - 1]]
        missing += sum(1 for a, b in zip(values, expected) if a != b) + abs(len(expected) - len(values))
    return missing


def simulate(database_url: str, users: int, n: int, interval: float | None = None) -> dict:
    """``users`` hub users saving ``n`` answers each through the service on ``database_url``."""
    from careerkit.widgets.forms import SAVE_DELAY
    from careerkit.core.profile import clean_profile_id

    interval = SAVE_DELAY if interval is None else interval
    tag = secrets.token_hex(3)
    with running_hub(database_url) as hub:
        tokens = user_tokens(hub, users, tag)
        phase = random.Random(f"hub-{users}")  # the same start times in every run
        plan = [(token, phase.uniform(0, interval)) for token in tokens.values()]
        procs = []
        for first in range(0, len(plan), PER_PROCESS):
            part = plan[first:first + PER_PROCESS]
            job = json.dumps({"service": hub["service"], "tokens": [t for t, _ in part],
                              "phases": [p for _, p in part], "n": n, "interval": interval})
            procs.append(subprocess.Popen([sys.executable, "-m", "benchmarks.hub", "--writer"], cwd=REPO,
                                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                          env={**os.environ, "PYTHONPATH": str(REPO)}))
            procs[-1].stdin.write(job + "\n")
            procs[-1].stdin.flush()
        for proc in procs:  # every kernel has opened (reached the service) before any saves
            if proc.stdout.readline().strip() != "ready":
                raise RuntimeError("a writer process failed before its kernels opened")
        start_at = time.time() + 2.0
        for proc in procs:
            proc.stdin.write(json.dumps({"start": start_at}) + "\n")
            proc.stdin.close()
        latencies: list[float] = []
        failures: list[str] = []
        retried = 0
        opening: list[float] = []
        began = time.time()
        for proc in procs:
            out = proc.stdout.read()
            proc.wait(timeout=900)
            if proc.returncode:
                raise RuntimeError(f"a writer process failed with code {proc.returncode}")
            found = json.loads(out)
            latencies.extend(found["latencies"])
            failures.extend(found["failures"])
            retried += found["retried"]
            if found["opening_max"] is not None:
                opening.append(found["opening_max"])
        busy = max(1e-9, time.time() - max(start_at, began))  # from the first save to the last writer's end
        profiles = [clean_profile_id(name) for name in tokens]
        return {
            "users": users, "saves": len(latencies), "attempted": users * n, "retried": retried,
            "saves_per_second": round(len(latencies) / busy, 1), "asked_per_second": round(users / interval, 1),
            "interval": interval, "slowest_opening_s": max(opening) if opening else None,
            "failed_kernels": len(failures), "failures": failures[:5],
            "p50": percentile(latencies, 50), "p99": percentile(latencies, 99),
            "max": max(latencies) if latencies else None, "lost": lost(database_url, profiles, n),
        }


def main(argv: list[str] | None = None) -> int:
    """``python -m benchmarks.hub [USERS [SAVES]]``: one run against ``CAREERKIT_TEST_DATABASE_URL``."""
    args = sys.argv[1:] if argv is None else argv
    url = os.environ.get("CAREERKIT_TEST_DATABASE_URL")
    if not url:
        print("set CAREERKIT_TEST_DATABASE_URL to a PostgreSQL URL", file=sys.stderr)
        return 2
    from tests.support.postgres import fresh_database

    users = int(args[0]) if args else 20
    saves = int(args[1]) if len(args) > 1 else 5
    with fresh_database(url) as database_url:
        print(json.dumps(simulate(database_url, users, saves), indent=1))
    return 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--writer"]:  # one writer process of simulate(), its job on stdin
        job = json.loads(sys.stdin.readline())

        def _ready() -> None:
            print("ready", flush=True)

        def _start() -> float:
            return json.loads(sys.stdin.readline())["start"]

        print(json.dumps(write(job["service"], job["tokens"], job["n"], job["interval"], job["phases"],
                               ready=_ready, start=_start)))
    else:
        sys.exit(main())
