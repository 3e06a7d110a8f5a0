"""A real Chromium for end-to-end tests, kept offline.

Which browser: ``CAREERKIT_CHROMIUM``, else Debian's ``/usr/bin/chromium``, else
``chromium`` / ``chromium-browser`` / ``google-chrome`` on PATH, else the one
``playwright install chromium`` downloads. With none of them the tests skip,
unless ``CAREERKIT_REQUIRE_BROWSER=1`` (set on CI), which makes that a failure.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import pytest

from .postgres import skip_or_fail
from .voila import shutdown_kernel

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Playwright

REQUIRE_VAR = "CAREERKIT_REQUIRE_BROWSER"
CHROMIUM_VAR = "CAREERKIT_CHROMIUM"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Any URL whose host is not this machine. A regular expression rather than a Python
# callable, so Playwright matches it inside the browser driver: requests to the local
# server (and the kernel's WebSocket) are then not intercepted or proxied at all.
OFFSITE_URL = re.compile(
    r"^(?!(?:https?|wss?)://(?:127\.0\.0\.1|localhost|\[::1\])(?::\d+)?(?:[/?#]|$))"
)


#: How long a page may take to arrive (Voilà renders the whole notebook before the page loads).
NAVIGATION_TIMEOUT_MS = 240_000
#: How long a click or a fill may wait for its element.
ACTION_TIMEOUT_MS = 90_000


def find_chromium() -> str | None:
    """Path of the Chromium to drive, or None to let Playwright use its own download."""
    chosen = os.environ.get(CHROMIUM_VAR)
    if chosen:
        return chosen
    if os.access("/usr/bin/chromium", os.X_OK):
        return "/usr/bin/chromium"
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def launch(playwright: Playwright, **options) -> Browser:
    """Launch headless Chromium with the flags that work on a locked-down machine."""
    return playwright.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS, **options)


def guard_offline(context: BrowserContext) -> list[str]:
    """Abort every request (HTTP or WebSocket) to a host other than this machine.

    Returns the list the aborted URLs are appended to: tests assert it stays empty.
    """
    offsite: list[str] = []

    def refuse(route) -> None:
        offsite.append(route.request.url)
        route.abort()

    def refuse_socket(socket) -> None:
        offsite.append(socket.url)
        socket.close()

    context.route(OFFSITE_URL, refuse)
    context.route_web_socket(OFFSITE_URL, refuse_socket)
    return offsite


#: Console lines every Voilà page prints (its bundled JupyterLab packages' versions): left out of reports.
_NOISE = re.compile(r"^(Unsatisfied version|No satisfying version)")


class PageFactory:
    """``pages()`` opens a page in a fresh context (a clean profile) with the offline guard.

    ``offsite`` lists every off-machine URL any of its pages tried to reach.
    ``close()`` shuts down the Voilà kernels of pages still open, then the contexts.
    """

    def __init__(self, browser: Browser):
        self.browser = browser
        self._contexts: list[tuple[BrowserContext, list[str]]] = []
        #: What each page's console said, and errors thrown in it: (page, [timed lines]).
        self.console: list[tuple[Page, list[str]]] = []

    def __call__(self, **context_options) -> Page:
        context = self.browser.new_context(**context_options)
        # A shared 2-core machine under load can take minutes to render a page: wait on the
        # page's own state, with limits generous enough that only a real hang fails a test.
        context.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        self._contexts.append((context, guard_offline(context)))
        page = context.new_page()
        lines: list[str] = []
        self.console.append((page, lines))
        page.on("console", lambda m: None if _NOISE.search(m.text) else lines.append(
            f"{time.strftime('%H:%M:%S')} {m.type}: {m.text[:400]}"))
        page.on("pageerror", lambda e: lines.append(f"{time.strftime('%H:%M:%S')} page error: {str(e)[:400]}"))
        return page

    def report(self, lines: int = 40) -> str:
        """For a failed test: each page's address, the start of its text and its console."""
        out = []
        for n, (page, said) in enumerate(self.console, 1):
            try:
                url = page.url
                text = " | ".join(page.evaluate("document.body ? document.body.innerText : ''").split("\n"))
            except Exception as exc:  # noqa: BLE001 - a closed or crashed page is reported as such
                url, text = getattr(page, "url", "?"), f"(page unreadable: {exc})"
            out.append(f"--- page {n}: {url}\n    text: {text[:800]}")
            out += [f"    {line}" for line in said[-lines:]]
        return "\n".join(out)

    @property
    def offsite(self) -> list[str]:
        return [url for _, urls in self._contexts for url in urls]

    def close(self) -> None:
        for context, _ in self._contexts:
            for page in context.pages:
                shutdown_kernel(page)
            context.close()
        self._contexts.clear()
        self.console.clear()


#: The browser a running ``browser_or_skip`` block launched: Playwright's sync API runs one
#: instance per thread, so a block opened inside another (a test that wants a browser while
#: the session's browser fixture is alive) shares it instead of starting a second.
_running: list[Browser] = []


@contextmanager
def browser_or_skip() -> Iterator[Browser]:
    """A launched browser for the whole block; skip (fail on CI) when there is none."""
    if _running and _running[-1].is_connected():
        yield _running[-1]
        return
    try:
        from playwright.sync_api import Error, expect, sync_playwright
    except ImportError:
        skip_or_fail("the playwright package is not installed (pip install -e '.[test]')", REQUIRE_VAR)
    # expect()'s own default is 5 s: on a busy machine a page state takes longer to arrive
    expect.set_options(timeout=ACTION_TIMEOUT_MS)
    executable = find_chromium()
    if executable and not os.access(executable, os.X_OK):
        pytest.fail(f"{CHROMIUM_VAR}={executable} is not an executable file", pytrace=False)
    with sync_playwright() as playwright:
        try:
            browser = launch(playwright)
        except Error as exc:
            if executable is None and "Executable doesn't exist" in str(exc):
                skip_or_fail(
                    "no Chromium found: install one (apt-get install chromium, or "
                    f"playwright install chromium) or set {CHROMIUM_VAR}",
                    REQUIRE_VAR,
                )
            raise
        _running.append(browser)
        try:
            yield browser
        finally:
            _running.remove(browser)
            browser.close()


def kernel_messages(page: Page) -> list[str]:
    """Record the Jupyter messages ``page`` sends to its kernels, as ``msg_type`` or
    ``msg_type:method`` for comm messages (``comm_msg:request_states``), in order.

    Call before ``page.goto``. Both WebSocket framings are read: jupyter_server's binary
    ``v1.kernel.websocket.jupyter.org`` frames and the older JSON text frames.
    """
    sent: list[str] = []

    def record(frame) -> None:
        try:
            if isinstance(frame, str):
                message = json.loads(frame)
                header, content = message.get("header", {}), message.get("content", {})
            else:
                data = bytes(frame)
                count = struct.unpack_from("<Q", data, 0)[0]
                offsets = [*struct.unpack_from(f"<{count}Q", data, 8), len(data)]
                parts = [data[offsets[i]:offsets[i + 1]] for i in range(count)]
                header, content = json.loads(parts[1]), json.loads(parts[4])
        except (ValueError, struct.error, IndexError):
            sent.append("(unreadable frame)")
            return
        method = (content.get("data") or {}).get("method") if isinstance(content, dict) else None
        sent.append(f"{header.get('msg_type')}:{method}" if method else str(header.get("msg_type")))

    page.on("websocket", lambda socket: socket.on("framesent", record))
    return sent
