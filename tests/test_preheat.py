"""A preheated Voilà kernel waits for its visit, and learns it, without importing Voilà.

The server side here is Voilà's own request-info socket (``RequestInfoSocketHandler``,
the class a Voilà server mounts at ``voila/query/<kernel id>``), so the protocol is the one
of the installed Voilà, whatever its version.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import threading
import warnings
from pathlib import Path

import pytest

from careerkit.presentation import preheat

REPO = Path(__file__).resolve().parents[1]
KERNEL_ID = "0f3c6a4e-5d8b-4a8e-9a3c-2b7d1e6f9a10"
VISIT = {"QUERY_STRING": "s=room-token-0123456789abcdef", "HTTP_COOKIE": "careerkit=abc", "PATH_INFO": "/x"}


class VoilaQuerySocket:
    """Voilà's request-info socket on a free port, in a thread, as a Voilà server runs it."""

    def __init__(self):
        self.ready = threading.Event()
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self) -> None:
        from tornado import httpserver, netutil, web
        from voila.request_info_handler import RequestInfoSocketHandler

        asyncio.set_event_loop(self.loop)
        app = web.Application([(r"/base/voila/query/(?P<kernel_id>[^/]+)", RequestInfoSocketHandler)])
        sockets = netutil.bind_sockets(0, "127.0.0.1")
        httpserver.HTTPServer(app).add_sockets(sockets)
        self.port = sockets[0].getsockname()[1]
        self.handler = RequestInfoSocketHandler
        self.loop.call_soon(self.ready.set)
        self.loop.run_forever()

    def __enter__(self):
        self.thread.start()
        assert self.ready.wait(30)
        return self

    def visit(self, kernel_id: str, details: dict[str, str], delay: float = 0.0) -> None:
        """The page is opened: Voilà hands the kernel the request's details (after ``delay`` s)."""
        message = {"kernel_id": kernel_id, "payload": json.dumps(details)}
        self.loop.call_soon_threadsafe(lambda: self.loop.call_later(delay, self.handler.send_updates, message))

    def env(self, kernel_id: str) -> dict[str, str]:
        """What Voilà puts in a preheated kernel's environment to find this socket."""
        return {"VOILA_PREHEAT": "True", "VOILA_KERNEL_ID": kernel_id, "VOILA_APP_IP": "127.0.0.1",
                "VOILA_APP_PORT": str(self.port), "VOILA_SERVER_URL": "/base/", "VOILA_WS_PROTOCOL": "ws"}

    def __exit__(self, *exc):
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


def test_the_address_is_the_one_voila_builds():
    environ = {"VOILA_WS_PROTOCOL": "wss", "VOILA_APP_IP": "10.0.0.5", "VOILA_APP_PORT": "8866",
               "VOILA_SERVER_URL": "/user/ada/", "VOILA_KERNEL_ID": KERNEL_ID}
    assert preheat.request_info_url(environ) == f"wss://10.0.0.5:8866/user/ada/voila/query/{KERNEL_ID}"
    environ["VOILA_WS_BASE_URL"] = "/proxied/"
    assert preheat.request_info_url(environ) == f"wss://10.0.0.5:8866/proxied/voila/query/{KERNEL_ID}"


def test_a_kernel_that_is_not_preheated_does_not_wait(monkeypatch):
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    monkeypatch.setenv("VOILA_APP_PORT", "9")  # nothing listens: it must not even try
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a connection attempt would warn: fail instead
        preheat.wait_for_visit()


def test_a_preheated_workbook_kernel_waits_for_its_visit_and_never_imports_voila(tmp_path):
    """A fresh process opened as a preheated kernel of 00: it waits until the page is
    visited, then reads the visit's details; Voilà's server side is never imported."""
    code = """
import json, os, sys, time
import careerkit
started = time.monotonic()
careerkit.open_workbook('00_start_here', header=False)
heavy = sorted(m for m in ('voila', 'jupyter_server', 'jupyterlab_server', 'jsonschema') if m in sys.modules)
print(json.dumps({'waited': time.monotonic() - started, 'heavy': heavy,
                  'visit': {k: os.environ.get(k) for k in ('QUERY_STRING', 'HTTP_COOKIE', 'PATH_INFO')}}))
"""
    with VoilaQuerySocket() as voila:
        env = {**os.environ, **voila.env(KERNEL_ID), "CAREERKIT_HOME": str(tmp_path / "home"),
               "CAREERKIT_PROFILE": "ada", "CAREERKIT_DRAW": "inline"}
        env.pop("CAREERKIT_DATABASE_URL", None)
        kernel = subprocess.Popen([sys.executable, "-c", code], env=env, cwd=REPO, text=True,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        voila.visit(KERNEL_ID, VISIT, delay=2.0)  # the page is opened two seconds later
        out, err = kernel.communicate(timeout=240)
    assert kernel.returncode == 0, err[-3000:]
    found = json.loads(out.strip().splitlines()[-1])
    assert found["visit"] == VISIT
    assert found["heavy"] == []
    assert found["waited"] >= 1.5, "the kernel read answers before the visit"


def test_a_visit_that_came_first_is_delivered_when_the_kernel_asks(monkeypatch):
    """Voilà keeps the details of a visit that arrives before the kernel connects."""
    with VoilaQuerySocket() as voila:
        voila.visit(KERNEL_ID, VISIT)
        for key, value in voila.env(KERNEL_ID).items():
            monkeypatch.setenv(key, value)
        for key in VISIT:
            monkeypatch.delenv(key, raising=False)
        monkeypatch.setattr(preheat, "_visited", False)
        preheat.wait_for_visit()
        assert {k: os.environ[k] for k in VISIT} == VISIT
        assert not preheat.preheated()
        preheat.wait_for_visit()  # a second call (the workshop page asks too) returns at once


def test_an_unreachable_voila_is_a_warning_not_a_hang(monkeypatch):
    from tests.support.ports import free_port

    monkeypatch.setattr(preheat, "_visited", False)
    for key, value in {"VOILA_PREHEAT": "True", "VOILA_KERNEL_ID": KERNEL_ID, "VOILA_APP_IP": "127.0.0.1",
                       "VOILA_APP_PORT": str(free_port()), "VOILA_SERVER_URL": "/"}.items():
        monkeypatch.setenv(key, value)
    monkeypatch.delenv("QUERY_STRING", raising=False)
    with pytest.warns(UserWarning, match="could not reach Voilà"):
        preheat.wait_for_visit()
    assert "QUERY_STRING" not in os.environ
