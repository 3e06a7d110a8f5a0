"""Voilà figures: first usable input and fully drawn in a real browser, server render time,
kernel memory, a room opening at once, and one person moving through the workbooks.

The workbooks, their bare baselines and a minimal page of twelve plain widgets are
copied into one temporary folder and served by one Voilà with careerkit's page
template, so every side gets the same server, template and JavaScript. ``cold``: every
page starts a new kernel. ``preheated``: a pool of one ready kernel per notebook
(``kernel_pools_config``), refilled after each visit. ``app``: the folder served with
careerkit's own ``voila.json`` (``careerkit/app_config``), as ``careerkit app`` serves it.
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

#: Fully drawn: Voilà's spinner gone, an input usable, and no chart still being drawn.
_DRAWN_JS = """() => {
  const loading = document.getElementById('loading');
  if (loading && loading.offsetParent !== null) return null;
  if (document.querySelector('.ck-chart-drawing')) return null;
  for (const el of document.querySelectorAll(
      '.jupyter-widgets input, .jupyter-widgets textarea, .jupyter-widgets select, .jupyter-widgets button')) {
    if (!el.disabled && el.offsetParent !== null) return performance.now();
  }
  return null;
}"""

#: The kernel behind a Voilà page.
_KERNEL_ID_JS = """() => {
  const config = document.getElementById('jupyter-config-data');
  return config ? JSON.parse(config.textContent).kernelId || null : null;
}"""

#: The wall clock (ms since the epoch) at which this page's navigation started.
_ORIGIN_JS = "() => performance.timeOrigin"

#: The name of the minimal page: twelve plain widgets and nothing else.
MINIMAL = "minimal_12_widgets.ipynb"

_MINIMAL_CODE = """import ipywidgets as w
display(w.VBox([w.Text(description="Name"), w.Textarea(description="Notes"),
                w.IntSlider(description="Energy", min=1, max=5), w.Dropdown(description="Stage", options=["a", "b", "c"]),
                w.ToggleButtons(options=["1", "2", "3", "4", "5"]), w.Checkbox(description="Agree"),
                w.DatePicker(description="When"), w.SelectMultiple(options=["x", "y", "z"]),
                w.Button(description="Save"), w.Label("A label"), w.IntText(description="Hours")]))"""



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

#: How long a page may take to arrive and draw on a loaded machine before the run gives up.
NAVIGATION_TIMEOUT = 600_000

_KERNEL_ID = re.compile(r'"kernelId"\s*:\s*"([0-9a-f-]{36})"')


def bare_name(workbook: str) -> str:
    return f"bare_{workbook}.ipynb"


def prepare_folder(folder: Path, bare: dict[str, Path]) -> Path:
    """The workbooks and the bare notebooks, side by side in ``folder/served``."""
    served = folder / "served"
    shutil.copytree(WORKBOOKS, served, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    for workbook, path in bare.items():
        shutil.copy(path, served / bare_name(workbook))
    write_minimal(served / MINIMAL)
    return served


def write_minimal(path: Path) -> Path:
    """A page of twelve plain widgets (one box holding eleven inputs and a label), nothing else."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# A minimal page"), nbformat.v4.new_code_cell(_MINIMAL_CODE)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)
    return path


@contextmanager
def server(served: Path, env: dict[str, str], *, pools: list[str] | None = None,
           app: bool = False) -> Iterator[VoilaServer]:
    """Voilà on ``served``; with ``pools``, one preheated kernel for each of those notebooks;
    with ``app``, careerkit's own configuration exactly as ``careerkit app`` uses it."""
    cwd = served.parent / ("cwd-app" if app else "cwd-preheated" if pools else "cwd-cold")
    cwd.mkdir(exist_ok=True)
    config: dict[str, Any] = {"VoilaConfiguration": {"template": "careerkit", "preheat_kernel": bool(pools)},
                              "KernelManager": KERNEL_MANAGER}
    if app:
        config = _app_config()
        pools = [name for name, pool in config.get("VoilaKernelManager", {}).get("kernel_pools_config", {}).items()
                 if name != "default" and pool.get("pool_size", 0) and (served / name).exists()]
    elif pools:
        config["VoilaKernelManager"] = {
            "kernel_pools_config": {"default": {"pool_size": 0}, **{name: {"pool_size": 1} for name in pools}},
            "fill_delay": FILL_DELAY,
        }
    (cwd / "voila.json").write_text(json.dumps(config))
    with VoilaServer(served, cwd=cwd, env=env, startup_timeout=120) as srv:
        srv.pools = sum(_pool_size(config, name) for name in pools or ())
        settle(srv)
        yield srv


def _pool_size(config: dict[str, Any], name: str) -> int:
    pools = config.get("VoilaKernelManager", {}).get("kernel_pools_config", {})
    return int(pools.get(name, {}).get("pool_size", 0))


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
        """Navigation start until the first widget input is usable (``tti``) and until the page is
        fully drawn (``drawn``), in a fresh browser profile; with ``measure_memory``, the kernel's."""
        from tests.support.voila import shutdown_kernel

        context = self.browser.new_context(viewport={"width": 1200, "height": 900})
        try:
            page = context.new_page()
            page.goto(srv.render_url(name), wait_until="commit", timeout=NAVIGATION_TIMEOUT)
            out = {"tti": page.wait_for_function(_USABLE_JS, polling="raf", timeout=NAVIGATION_TIMEOUT).json_value() / 1000}
            out["drawn"] = page.wait_for_function(_DRAWN_JS, polling="raf", timeout=NAVIGATION_TIMEOUT).json_value() / 1000
            if measure_memory:
                wait_quiet(srv.process.pid, window=0.6)
                newest = kernels(srv)[-1]
                out["rss"], out["uss"] = memory_of(newest)
            shutdown_kernel(page)
        finally:
            context.close()
        settle(srv)
        return out

    def room(self, srv: VoilaServer, name: str, people: int) -> dict[str, Any]:
        """``people`` fresh profiles open ``name`` at once; when the last had an input and was fully drawn.

        Seconds from the first navigation's start, on the wall clock every page shares.
        """
        from tests.support.voila import shutdown_kernel

        contexts = [self.browser.new_context(viewport={"width": 1200, "height": 900}) for _ in range(people)]
        try:
            pages = [c.new_page() for c in contexts]
            url = srv.render_url(name)
            # Every navigation starts without waiting for the server to answer the previous one
            # (page.goto would wait for each response in turn): the pages load side by side.
            for page in pages:
                page.evaluate("url => { window.location.href = url; }", url)
            for page in pages:
                page.wait_for_url(url, wait_until="commit", timeout=NAVIGATION_TIMEOUT)
            origins = [page.evaluate(_ORIGIN_JS) for page in pages]
            first = min(origins)
            tti, drawn = [], []
            for page, origin in zip(pages, origins):
                usable = page.wait_for_function(_USABLE_JS, polling="raf", timeout=NAVIGATION_TIMEOUT).json_value()
                done = page.wait_for_function(_DRAWN_JS, polling="raf", timeout=NAVIGATION_TIMEOUT).json_value()
                tti.append((origin + usable - first) / 1000)
                drawn.append((origin + done - first) / 1000)
            for page in pages:
                shutdown_kernel(page)
        finally:
            for context in contexts:
                context.close()
        settle(srv)
        return {"first_input": max(tti), "drawn": max(drawn), "median_drawn": sorted(drawn)[len(drawn) // 2],
                "people": people}

    def moving(self, srv: VoilaServer, names: list[str]) -> dict[str, Any]:
        """One person opens ``names`` one after the other in one browser profile, as following the
        link to the next workbook does: each page's time until fully drawn; then, with the last
        page left, how many of that person's kernels the server still holds and their memory."""
        context = self.browser.new_context(viewport={"width": 1200, "height": 900})
        steps: dict[str, float] = {}
        ids: list[str] = []
        try:
            page = context.new_page()
            for name in names:
                page.goto(srv.render_url(name), wait_until="commit", timeout=NAVIGATION_TIMEOUT)
                steps[name] = page.wait_for_function(_DRAWN_JS, polling="raf",
                                                     timeout=NAVIGATION_TIMEOUT).json_value() / 1000
                ids.append(page.evaluate(_KERNEL_ID_JS))
            page.goto("about:blank")
        finally:
            context.close()
        wait_quiet(srv.process.pid, window=0.6)
        held = [k for k in kernels(srv) if any(i and i in " ".join(k.cmdline()) for i in ids)]
        memory = [memory_of(k) for k in held]
        return {"steps": steps, "kernels": len(held), "rss": sum(m[0] for m in memory),
                "uss": sum(m[1] for m in memory)}
