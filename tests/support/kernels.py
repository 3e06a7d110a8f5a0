"""Kernels seen from outside: which kernel a Voilà page holds, whether its server still
runs it, and how much memory it takes."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request

import psutil
import pytest

#: A left page's kernel must be gone within this many seconds.
GONE_WITHIN = 60.0


def page_kernel(page) -> str:
    """The id of the kernel behind a Voilà page."""
    config = json.loads(page.locator("#jupyter-config-data").text_content())
    return config["kernelId"]


def kernel_alive(base: str, kernel_id: str, token: str = "") -> bool:
    """Whether the server still has the kernel (its kernels API answers for it)."""
    query = f"?token={token}" if token else ""
    try:
        with urllib.request.urlopen(f"{base}api/kernels/{kernel_id}{query}", timeout=30) as response:
            return json.load(response)["id"] == kernel_id
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            return False
        raise


def kernel_processes(server_pid: int) -> dict[str, psutil.Process]:
    """``{kernel id: process}`` of every kernel the server started."""
    found = {}
    for child in psutil.Process(server_pid).children(recursive=True):
        try:
            command = child.cmdline()
        except psutil.NoSuchProcess:
            continue
        if "-f" in command:
            name = command[command.index("-f") + 1].rsplit("/", 1)[-1]
            if name.startswith("kernel-") and name.endswith(".json"):
                found[name[len("kernel-"):-len(".json")]] = child
    return found


def wait_gone(base: str, kernel_id: str, server_pid: int | None = None, token: str = "",
              within: float = GONE_WITHIN) -> float:
    """Seconds until the server no longer has the kernel (and its process has ended);
    fails after ``within`` seconds."""
    started = time.monotonic()
    while True:
        gone = not kernel_alive(base, kernel_id, token)
        if gone and server_pid is not None:
            gone = kernel_id not in kernel_processes(server_pid)
        waited = time.monotonic() - started
        if gone:
            return waited
        if waited > within:
            pytest.fail(f"kernel {kernel_id} still running {waited:.0f} s after its page was left")
        time.sleep(0.5)  # polling the server's state, not waiting for it to happen


def tree_memory(process: psutil.Process) -> int:
    """Resident memory of a process and everything it started, in bytes."""
    total = 0
    for each in [process, *process.children(recursive=True)]:
        try:
            total += each.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total


def bare_kernel_memory() -> int:
    """Resident memory of a bare Python kernel (started, ready, nothing run), in bytes."""
    from jupyter_client.manager import start_new_kernel

    manager, client = start_new_kernel(kernel_name="python3", startup_timeout=240)
    try:
        client.execute_interactive("pass", timeout=240)
        return tree_memory(psutil.Process(manager.provisioner.process.pid))
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
