"""The end-to-end machinery itself: Voilà serves a notebook, Chromium types into its
widget, the kernel answers through the widget protocol, nothing leaves this machine,
and kernels end: one on demand, the rest with the server."""

from __future__ import annotations

import time
import urllib.request

import nbformat
import psutil
import pytest

from tests.support.voila import VoilaServer, shutdown_kernel

pytestmark = pytest.mark.browser

ECHO_CELL = """\
import ipywidgets as widgets

name = widgets.Text(description="Name")
echo = widgets.Label("echo: ")
name.observe(lambda change: setattr(echo, "value", "echo: " + change["new"]), names="value")
widgets.VBox([name, echo])
"""

# Voilà 0.5.13's lab template links Font Awesome from jsDelivr, although its own
# bundle already carries the font (icons render offline). The guard aborts these two.
LAB_TEMPLATE_CDN = {
    "https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@%5E5/css/all.min.css",
    "https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free@%5E5/css/v4-shims.min.css",
}


def write_echo_notebook(path) -> None:
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook.cells = [nbformat.v4.new_markdown_cell("# Echo"), nbformat.v4.new_code_cell(ECHO_CELL)]
    nbformat.write(notebook, path)


def test_typed_text_round_trips_through_the_kernel(tmp_path, page_factory):
    from playwright.sync_api import expect

    write_echo_notebook(tmp_path / "echo.ipynb")
    with VoilaServer(tmp_path) as server:
        page = page_factory()
        started = time.perf_counter()
        page.goto(server.render_url("echo.ipynb"))
        box = page.locator(".widget-text input")
        expect(box).to_be_editable()
        interactive = time.perf_counter() - started

        box.press_sequentially("Ada Lovelace")  # real key events, one model update each
        expect(page.locator("div.widget-label")).to_have_text("echo: Ada Lovelace")
        echoed = time.perf_counter() - started
        print(f"\nVoilà echo notebook: interactive after {interactive:.2f} s, echo after {echoed:.2f} s")

        unexpected = [url for url in page_factory.offsite if url not in LAB_TEMPLATE_CDN]
        assert unexpected == [], f"requests tried to leave this machine: {unexpected}"
        # The guard must catch what it claims to catch.
        probe = "https://example.invalid/careerkit-probe"
        assert page.evaluate(f"fetch({probe!r}).then(() => 'reached', () => 'blocked')") == "blocked"
        assert probe in page_factory.offsite

        # A second kernel, started without a browser: only the server's exit ends it.
        urllib.request.urlopen(server.render_url("echo.ipynb"), timeout=60).close()
        kernels = psutil.Process(server.process.pid).children(recursive=True)
        assert len(kernels) == 2, f"expected two kernels under Voilà, found {kernels}:\n{server.log()}"

        assert shutdown_kernel(page) == 204, server.log()
        assert wait_until(lambda: len(running(kernels)) == 1), f"page's kernel still running: {kernels}"
    assert wait_until(lambda: not running(kernels)), f"running after the server stopped: {running(kernels)}"


def running(processes: list[psutil.Process]) -> list[psutil.Process]:
    def alive(process: psutil.Process) -> bool:
        try:
            return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
        except psutil.NoSuchProcess:
            return False

    return [p for p in processes if alive(p)]


def wait_until(condition, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def test_a_room_opening_one_page_at_once_gets_every_page(tmp_path):
    """careerkit's configuration starts kernels on local sockets: when many pages open at
    once no two kernels can race for the same TCP port (the loser's page never loads)."""
    import json
    import re
    from concurrent.futures import ThreadPoolExecutor

    from careerkit.serving.app import CONFIG_DIR, app_environment

    write_echo_notebook(tmp_path / "echo.ipynb")
    room = 12
    with VoilaServer(tmp_path, cwd=CONFIG_DIR, env=app_environment(base={})) as server:
        def open_page(_i: int) -> str:
            with urllib.request.urlopen(server.render_url("echo.ipynb"), timeout=240) as response:
                return response.read().decode("utf-8", "replace")

        with ThreadPoolExecutor(room) as pool:
            pages = list(pool.map(open_page, range(room)))
        kernel_ids = {m.group(1) for page in pages for m in [re.search(r'"kernelId":\s*"([0-9a-f-]{36})"', page)] if m}
        assert len(kernel_ids) == room, server.log()
        kernels = psutil.Process(server.process.pid).children(recursive=True)
        transports = set()
        for kernel in kernels:
            command = kernel.cmdline()
            if "-f" in command:
                transports.add(json.loads(open(command[command.index("-f") + 1]).read())["transport"])
        assert transports == {"ipc"}, f"kernel transports: {transports}\n{server.log()}"
        assert "Address already in use" not in server.log()
