"""Voilà figures: time-to-interactive in a real browser, server render time, kernel memory.

The workbooks and their bare baselines are copied into one temporary folder and
served by one Voilà with careerkit's page template, so both sides get the same
server, template and JavaScript. ``cold``: every page starts a new kernel.
``preheated``: a pool of one ready kernel per notebook (``kernel_pools_config``),
refilled after each visit; the next visit waits until the refill is done.
"""

from __future__ import annotations

import json
import re
import shutil
import threading
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.support.voila import VoilaServer

from .common import WORKBOOKS, wait_quiet

#: The first enabled input of any widget: what a person can type into or press.
_USABLE_JS = """() => {
  for (const el of document.querySelectorAll(
      '.jupyter-widgets input, .jupyter-widgets textarea, .jupyter-widgets select, .jupyter-widgets button')) {
    if (!el.disabled && el.offsetParent !== null) return performance.now();
  }
  return null;
}"""



def _app_config() -> dict[str, Any]:
    """careerkit's app configuration (``app_config/voila.json``)."""
    try:
        from careerkit.serving.app import CONFIG_DIR

        return json.loads((CONFIG_DIR / "voila.json").read_text())
    except (ImportError, OSError, ValueError):
        return {}


#: Seconds Voilà waits before refilling a pool whose kernel was taken: as careerkit's app does.
FILL_DELAY = float(_app_config().get("VoilaKernelManager", {}).get("fill_delay", 0))
#: How kernels are reached (local sockets): as careerkit's app does, for careerkit and bare alike.
KERNEL_MANAGER = dict(_app_config().get("KernelManager", {}))

_KERNEL_ID = re.compile(r'"kernelId"\s*:\s*"([0-9a-f-]{36})"')


def bare_name(workbook: str) -> str:
    return f"bare_{workbook}.ipynb"


def prepare_folder(folder: Path, bare: dict[str, Path]) -> Path:
    """The workbooks and the bare notebooks, side by side in ``folder/served``."""
    served = folder / "served"
    shutil.copytree(WORKBOOKS, served, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    for workbook, path in bare.items():
        shutil.copy(path, served / bare_name(workbook))
    return served


@contextmanager
def server(served: Path, env: dict[str, str], *, pools: list[str] | None = None) -> Iterator[VoilaServer]:
    """Voilà on ``served``; with ``pools``, one preheated kernel for each of those notebooks."""
    cwd = served.parent / ("cwd-preheated" if pools else "cwd-cold")
    cwd.mkdir(exist_ok=True)
    config: dict[str, Any] = {"VoilaConfiguration": {"template": "careerkit", "preheat_kernel": bool(pools)},
                              "KernelManager": KERNEL_MANAGER}
    if pools:
        config["VoilaKernelManager"] = {
            "kernel_pools_config": {"default": {"pool_size": 0}, **{name: {"pool_size": 1} for name in pools}},
            "fill_delay": FILL_DELAY,
        }
    (cwd / "voila.json").write_text(json.dumps(config))
    with VoilaServer(served, cwd=cwd, env=env, startup_timeout=120) as srv:
        srv.pools = len(pools or ())
        settle(srv)
        yield srv


def settle(srv: VoilaServer, timeout: float = 300.0) -> None:
    """Wait until every pool holds its kernel and the server and its kernels are idle."""
    deadline = time.monotonic() + timeout
    while len(kernels(srv)) < srv.pools and time.monotonic() < deadline:
        time.sleep(0.2)
    # twice: a kernel starting up can pause between loading and running the notebook
    for _ in range(2):
        wait_quiet(srv.process.pid, window=0.6, timeout=max(1.0, deadline - time.monotonic()))


def kernels(srv: VoilaServer) -> list:
    """The server's kernel processes, oldest first."""
    import psutil

    out = []
    for proc in psutil.Process(srv.process.pid).children(recursive=True):
        try:
            if "ipykernel" in " ".join(proc.cmdline()):
                out.append(proc)
        except psutil.Error:
            pass
    return sorted(out, key=lambda p: p.create_time())


def drawing_process():
    """careerkit's shared chart-drawing process, if one is running for this user."""
    import os

    import psutil

    for proc in psutil.process_iter(["cmdline", "uids"]):
        try:
            if proc.info["uids"] and proc.info["uids"].real == os.getuid() and \
                    "careerkit.presentation.drawing" in " ".join(proc.info["cmdline"] or ()):
                return proc
        except psutil.Error:
            continue
    return None


def memory_of(proc) -> tuple[float, float]:
    """``(RSS, USS)`` of a process in MB."""
    info = proc.memory_full_info()
    return info.rss / 2**20, info.uss / 2**20


def shutdown(srv: VoilaServer, kernel_id: str) -> None:
    """Stop one kernel through Voilà's own shutdown call (double-submit XSRF token)."""
    request = urllib.request.Request(
        f"{srv.base}/voila/api/shutdown/{kernel_id}", data=b"", method="POST",
        headers={"Cookie": "_xsrf=bench", "X-XSRFToken": "bench"},
    )
    try:
        urllib.request.urlopen(request, timeout=30).close()
    except OSError:
        pass


def render(srv: VoilaServer, name: str) -> tuple[float, str]:
    """GET a notebook's page and read it to the end; ``(seconds, kernel id)``."""
    start = time.perf_counter()
    with urllib.request.urlopen(srv.render_url(name), timeout=300) as response:
        body = response.read().decode("utf-8", "replace")
    elapsed = time.perf_counter() - start
    found = _KERNEL_ID.search(body)
    if found is None:
        raise RuntimeError(f"{name}: the page carries no kernel id (did it fail to render?)\n{body[-2000:]}")
    return elapsed, found.group(1)


def render_once(srv: VoilaServer, name: str) -> float:
    elapsed, kernel_id = render(srv, name)
    shutdown(srv, kernel_id)
    settle(srv)
    return elapsed


def render_concurrently(srv: VoilaServer, name: str, n: int) -> dict[str, float]:
    """``n`` requests for the same page at once; median and slowest time, and the makespan."""
    barrier = threading.Barrier(n)

    def one(_i: int) -> tuple[float, str]:
        barrier.wait()
        return render(srv, name)

    start = time.perf_counter()
    with ThreadPoolExecutor(n) as pool:
        results = list(pool.map(one, range(n)))
    makespan = time.perf_counter() - start
    for _elapsed, kernel_id in results:
        shutdown(srv, kernel_id)
    settle(srv)
    times = sorted(r[0] for r in results)
    return {"median": times[len(times) // 2], "max": times[-1], "makespan": makespan}


class Browser:
    """One headless Chromium (Debian's, with the flags of the browser tests)."""

    def __enter__(self) -> "Browser":
        from playwright.sync_api import sync_playwright

        from tests.support.browser import launch

        self._playwright = sync_playwright().start()
        self.browser = launch(self._playwright)
        return self

    def __exit__(self, *exc) -> None:
        self.browser.close()
        self._playwright.stop()

    def time_to_interactive(self, srv: VoilaServer, name: str, *, measure_memory: bool = False) -> dict[str, float]:
        """Navigation start until the first widget input is usable, in a fresh browser profile."""
        from tests.support.voila import shutdown_kernel

        context = self.browser.new_context(viewport={"width": 1200, "height": 900})
        try:
            page = context.new_page()
            page.goto(srv.render_url(name), wait_until="commit", timeout=180_000)
            handle = page.wait_for_function(_USABLE_JS, polling="raf", timeout=180_000)
            out = {"tti": handle.json_value() / 1000}
            if measure_memory:
                wait_quiet(srv.process.pid, window=0.6)
                newest = kernels(srv)[-1]
                out["rss"], out["uss"] = memory_of(newest)
            shutdown_kernel(page)
        finally:
            context.close()
        settle(srv)
        return out
