"""Waiting, in a preheated Voilà kernel, for the visit its page is for.

A preheated kernel runs its notebook before anyone asks for the page. Before it reads
whose answers to show, it must wait for the visit: Voilà then hands the kernel that
request's details (query string, cookies passed as ``HTTP_*`` variables, and so on), which
become environment variables of the kernel.

Voilà's own helper, ``voila.utils.wait_for_request``, does this too, but importing it
imports Voilà's whole server side (jupyter_server, jupyterlab_server, jsonschema and its
format grammars): 4.7 s for the import alone on an idle 2-core machine, and about 12 s of
processor time per kernel with a pool starting together, against 0.8 s now. A room of 30
opening a page at once paid that 30 times over before the first page could be drawn. This module speaks the same small protocol with the WebSocket client
of tornado, which every kernel has already loaded:

1. connect to ``{protocol}://{ip}:{port}{base}voila/query/{kernel id}``, from the
   ``VOILA_*`` variables Voilà gives a preheated kernel;
2. receive one text message, a JSON object of the request's variables;
3. set them in ``os.environ``.

A kernel that is not preheated (JupyterLab, nbval, a plain script, Voilà without
preheating) returns at once. A kernel waits once: the details do not change afterwards.
"""

from __future__ import annotations

import asyncio
import json
import os
import threading
import warnings
from collections.abc import Mapping

__all__ = ["preheated", "request_info_url", "wait_for_visit"]

#: Seconds to wait for the connection to Voilà (not for the visit, which may come much later).
CONNECT_TIMEOUT = 5.0

_visited = False


def preheated() -> bool:
    """True in a kernel Voilà started ahead of any visit (and until its visit's details arrive)."""
    return os.environ.get("VOILA_PREHEAT", "False") != "False" and not _visited


def request_info_url(environ: Mapping[str, str] = os.environ) -> str:
    """The address of Voilà's request-info socket for this kernel, as Voilà itself builds it."""
    protocol = environ.get("VOILA_WS_PROTOCOL", "ws")
    ip = environ.get("VOILA_APP_IP", "127.0.0.1")
    port = environ.get("VOILA_APP_PORT", "8866")
    server_url = environ.get("VOILA_SERVER_URL", "/")
    base = environ.get("VOILA_WS_BASE_URL", server_url)
    return f"{protocol}://{ip}:{port}{base}voila/query/{environ.get('VOILA_KERNEL_ID', '')}"


async def _receive(url: str) -> str | None:
    from tornado.websocket import websocket_connect

    try:
        connection = await websocket_connect(url, connect_timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, asyncio.TimeoutError) as exc:
        warnings.warn(f"careerkit could not reach Voilà at {url} for this page's visit: {exc}", stacklevel=3)
        return None
    try:
        message = await connection.read_message()
    finally:
        connection.close()
    return message if isinstance(message, str) else None


def wait_for_visit() -> None:
    """In a preheated Voilà kernel, block until the page is visited and take the visit's details.

    Runs in a thread with its own event loop: the caller is a notebook cell, which runs
    inside the kernel's own (busy) loop.
    """
    global _visited
    if not preheated():
        return
    url = request_info_url()
    found: list[str | None] = [None]

    def receive() -> None:
        found[0] = asyncio.run(_receive(url))

    thread = threading.Thread(target=receive, name="careerkit-visit", daemon=True)
    thread.start()
    thread.join()
    if found[0] is None:
        return
    details = json.loads(found[0])
    os.environ.update({str(key): str(value) for key, value in details.items()})
    _visited = True
