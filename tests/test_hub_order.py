"""Saves through the hub service keep the order a page made them in, whatever the network does.

A kernel on a busy hub gives up on a save the service has not answered in time and
sends it again, then goes on to newer answers. The first copy may still be on its way:
held in a socket, or waiting on the hub to check the token. When it finally reaches the
service it must not be written over the newer answers, or the person's latest answer
would quietly turn back into an older one.

The service runs here in-process (tornado in a thread, SQLite), with the hub's token
check replaced by one that can be made slow; the kernel side is the real
:class:`~careerkit.core.storage.remote.RemoteStore`. The real hub, proxy and
PostgreSQL are in ``test_hub_service.py``.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
import urllib.request

import pytest

pytest.importorskip("jupyterhub")

from careerkit.core.storage import remote as client  # noqa: E402
from careerkit.core.storage.remote import RemoteStore  # noqa: E402
from careerkit.core.storage.storefront import StoreError  # noqa: E402
from careerkit.serving.hub import service as svc  # noqa: E402

FIELD = ("01_self_reflection", "flow_moments")
PREFIX = "/services/careerkit/"


class _Service:
    """The careerkit service on a free port; ``slow_next`` makes the next token check take that long."""

    def __init__(self, url: str, monkeypatch):
        self.slow_next = 0.0
        self.finished: list[tuple[str, int]] = []
        outer = self

        class Auth(svc.HubAuth):
            async def user_for_token(self, token, sync=True, **kw):
                delay, outer.slow_next = outer.slow_next, 0.0
                if delay:
                    await asyncio.sleep(delay)
                return {"name": "ckorder-alice", "kind": "user", "scopes": []} if token == "alice" else None

            def check_scopes(self, required, user):
                return True

        monkeypatch.setattr(svc, "HubAuth", Auth)
        monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "the-service-own-token")
        self.service = svc.Service(url)
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()
        assert self.ready.wait(30), "the service did not start"

    def _serve(self) -> None:
        from tornado import httpserver, netutil

        asyncio.set_event_loop(self.loop)

        def log(handler) -> None:
            self.finished.append((handler.request.path, handler.get_status()))

        app = svc.make_app(self.service, PREFIX)
        app.settings["log_function"] = log
        server = httpserver.HTTPServer(app)
        sockets = netutil.bind_sockets(0, "127.0.0.1")
        server.add_sockets(sockets)
        self.url = f"http://127.0.0.1:{sockets[0].getsockname()[1]}{PREFIX}"
        self.loop.call_soon(self.ready.set)
        self.loop.run_forever()

    def statuses(self, path_end: str) -> list[int]:
        return [status for path, status in list(self.finished) if path.endswith(path_end)]

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.service.pool.shutdown(wait=True)
        self.service.store.close()


@pytest.fixture
def service(tmp_path, monkeypatch):
    s = _Service(f"sqlite:///{tmp_path / 'answers.sqlite'}", monkeypatch)
    yield s
    s.close()


def _until(check, what: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.02)


def test_a_save_that_arrives_after_newer_ones_does_not_turn_the_answer_back(service, monkeypatch):
    monkeypatch.setattr(client, "NETWORK_MARGIN", 0.3)  # the kernel gives up after 0.4 s, not 5 s
    store = RemoteStore(service.url, "alice")
    profile = store.profile
    service.slow_next = 2.0  # the first copy of the first save waits 2 s on the hub's token check
    with pytest.raises(StoreError):
        store.save_many(profile, [(*FIELD, "First draft")], wait=0.1)
    # the kernel holds the answer, sends it again, and goes on writing
    store.save_many(profile, [(*FIELD, "First draft")], wait=5.0)
    store.save_many(profile, [(*FIELD, "Second draft, the one I mean")], wait=5.0)
    _until(lambda: len(service.statuses("api/revisions")) == 3, "the first copy to reach the service")
    statuses = service.statuses("api/revisions")
    history = [r.value for r in service.service.store.history(profile, *FIELD)]
    current = service.service.store.current(profile)[FIELD]
    assert statuses == [200, 200, 409], statuses
    assert history == ["First draft", "Second draft, the one I mean"]
    assert current == "Second draft, the one I mean"


def test_a_save_sent_twice_is_kept_once_and_answered_the_same(service):
    store = RemoteStore(service.url, "alice")
    profile = store.profile
    base = {"items": [[*FIELD, "Kept once"]], "source": "form"}
    body = {**base, "writer": "page-1", "seq": 7}

    def send(data: dict) -> tuple[int, dict]:
        req = urllib.request.Request(service.url + "api/revisions", data=json.dumps(data).encode(), method="POST",
                                     headers={"Authorization": "token alice", "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return r.status, json.loads(r.read())
        except urllib.error.HTTPError as exc:
            return exc.code, json.loads(exc.read())

    first, again = send(body), send(body)
    assert first == again and first[0] == 200
    assert [r.value for r in service.service.store.history(profile, *FIELD)] == ["Kept once"]
    older = send({**body, "seq": 6, "items": [[*FIELD, "Older"]]})
    assert older[0] == 409 and "newer save" in older[1]["error"]
    # another page of the same person numbers its own saves
    assert send({**body, "writer": "page-2", "seq": 1, "items": [[*FIELD, "From the other tab"]]})[0] == 200
    for bad in ({"writer": "no spaces please", "seq": 1}, {"writer": "page-1", "seq": -1},
                {"writer": "page-1", "seq": True}, {"writer": "page-1"}, {"seq": 3}):
        status, reply = send({**base, **bad})
        assert status == 400 and reply["error"], bad
    assert service.service.store.current(profile)[FIELD] == "From the other tab"
