"""Drawing Vega-Lite specs as SVG or PNG, in one shared drawing process per user.

vl-convert starts a JavaScript engine inside the process that first draws a chart:
about a second of start-up and some 60 MB of memory, paid again by every kernel
that draws. A workshop room opens dozens of kernels at once, so careerkit draws in
one small process per user and machine instead, started by the first kernel that
needs it and shared by all of them. It runs the same vl-convert on the same spec,
so the picture is exactly the one a kernel would have drawn itself, and it leaves
by itself after :data:`IDLE_SECONDS` without a request.

Kernels talk to it over a Unix socket in a folder only this user can open. When
the process cannot be reached (no Unix sockets, a read-only temporary folder, a
crash), the chart is drawn in the kernel itself, as before. ``CAREERKIT_DRAW=inline``
always draws in the kernel.

``python -m careerkit.presentation.drawing`` runs the drawing process in the foreground.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

__all__ = ["IDLE_SECONDS", "png", "prepare", "serve", "socket_path", "svg"]

#: Seconds without a request after which the drawing process leaves.
IDLE_SECONDS = 300
#: Seconds a kernel waits for a freshly started drawing process before drawing itself.
START_TIMEOUT = 20.0
_MODE_VAR = "CAREERKIT_DRAW"
_HEADER = struct.Struct("!cdI")  # kind (b"s" svg, b"p" png), scale, length of the spec
_REPLY = struct.Struct("!cI")  # status (b"+" ok, b"-" error), length of the payload
_started = 0.0
_start_lock = threading.Lock()


def _inline() -> bool:
    return os.environ.get(_MODE_VAR, "").strip().lower() == "inline" or not hasattr(socket, "AF_UNIX")


def _draw(kind: bytes, spec: dict[str, Any], scale: float) -> bytes:
    import vl_convert

    if kind == b"s":
        return vl_convert.vegalite_to_svg(spec).encode("utf-8")
    return vl_convert.vegalite_to_png(spec, scale=scale)


def socket_path() -> Path:
    """Where this user's drawing process listens (one per Python environment and version)."""
    from careerkit._version import __version__

    tag = hashlib.sha256(f"{sys.executable}|{__version__}".encode()).hexdigest()[:12]
    uid = os.getuid() if hasattr(os, "getuid") else 0
    return Path(tempfile.gettempdir()) / f"careerkit-{uid}" / f"draw-{tag}.sock"


def _private_folder(path: Path) -> bool:
    """Make the socket's folder, readable by this user only; False when that cannot be trusted."""
    folder = path.parent
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        info = folder.stat()
    except OSError:
        return False
    return info.st_uid == os.getuid() and (info.st_mode & 0o077) == 0


# -- the kernel's side ---------------------------------------------------------------------

def _recv(sock: socket.socket, size: int) -> bytes:
    chunks, left = [], size
    while left:
        chunk = sock.recv(min(left, 1 << 20))
        if not chunk:
            raise ConnectionError("the drawing process closed the connection")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _ask(path: Path, kind: bytes, body: bytes, scale: float) -> bytes:
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(120)
        sock.connect(str(path))
        sock.sendall(_HEADER.pack(kind, scale, len(body)) + body)
        status, size = _REPLY.unpack(_recv(sock, _REPLY.size))
        payload = _recv(sock, size)
    if status != b"+":
        raise ValueError(payload.decode("utf-8", "replace"))
    return payload


def prepare(*, stale: bool = False) -> None:
    """Start the drawing process in the background if it is not running (returns at once).

    ``stale``: the socket exists but nobody answers on it (the process ended abruptly).
    """
    global _started
    if _inline():
        return
    path = socket_path()
    if (path.exists() and not stale) or not _private_folder(path):
        return
    with _start_lock:
        if time.monotonic() - _started < START_TIMEOUT:
            return
        _started = time.monotonic()
    try:
        subprocess.Popen(
            [sys.executable, "-m", "careerkit.presentation.drawing"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True, close_fds=True,
            env={k: v for k, v in os.environ.items() if k != _MODE_VAR},
        )
    except OSError:
        pass


def _remote(kind: bytes, spec: dict[str, Any], scale: float) -> bytes | None:
    """The drawing from the shared process, or None when it cannot be reached."""
    if _inline():
        return None
    path = socket_path()
    body = json.dumps(spec, ensure_ascii=False, allow_nan=False).encode("utf-8")
    deadline = None
    while True:
        try:
            return _ask(path, kind, body, scale)
        except (FileNotFoundError, ConnectionRefusedError) as exc:
            if deadline is None:
                deadline = time.monotonic() + START_TIMEOUT
                prepare(stale=isinstance(exc, ConnectionRefusedError))
            if time.monotonic() > deadline or not _private_folder(path):
                return None
            time.sleep(0.05)
        except (OSError, ConnectionError, struct.error):
            return None


def svg(spec: dict[str, Any]) -> str:
    """The Vega-Lite ``spec`` drawn as an SVG document."""
    drawn = _remote(b"s", spec, 1.0)
    if drawn is None:
        drawn = _draw(b"s", spec, 1.0)
    return drawn.decode("utf-8")


def png(spec: dict[str, Any], scale: float = 2) -> bytes:
    """The Vega-Lite ``spec`` drawn as a PNG image."""
    drawn = _remote(b"p", spec, float(scale))
    return drawn if drawn is not None else _draw(b"p", spec, scale)


# -- the drawing process --------------------------------------------------------------------

def serve(path: Path | None = None, idle: float = IDLE_SECONDS) -> int:
    """Listen on ``path`` and draw until ``idle`` seconds pass without a request.

    Only one drawing process runs per socket: a second one finds the lock taken and
    leaves at once.
    """
    import fcntl
    import socketserver

    path = path or socket_path()
    if not _private_folder(path):
        return 1
    lock = open(path.with_suffix(".lock"), "a")  # noqa: SIM115 - held for the process's life
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return 0
    _draw(b"s", {"$schema": "https://vega.github.io/schema/vega-lite/v5.json", "mark": "point"}, 1.0)
    last = [time.monotonic()]

    class Handler(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            last[0] = time.monotonic()
            try:
                kind, scale, size = _HEADER.unpack(_recv(self.request, _HEADER.size))
                spec = json.loads(_recv(self.request, size))
                try:
                    payload, status = _draw(kind, spec, scale), b"+"
                except Exception as exc:  # the kernel raises it as the drawing error
                    payload, status = str(exc).encode("utf-8"), b"-"
                self.request.sendall(_REPLY.pack(status, len(payload)) + payload)
            except (OSError, ConnectionError, ValueError, struct.error):
                pass
            last[0] = time.monotonic()

    class Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
        daemon_threads = True

    temporary = path.with_name(f"{path.name}.{os.getpid()}")
    temporary.unlink(missing_ok=True)
    with Server(str(temporary), Handler) as server:
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)  # appears only once it accepts connections (a stale one is replaced)

        def watch() -> None:
            while time.monotonic() - last[0] < idle:
                time.sleep(min(5.0, idle / 4))
            path.unlink(missing_ok=True)  # new kernels start a fresh process from now on
            server.shutdown()

        threading.Thread(target=watch, daemon=True).start()
        server.serve_forever(poll_interval=0.5)
    return 0


if __name__ == "__main__":
    sys.exit(serve())
