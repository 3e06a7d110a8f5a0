"""Serving the workbooks as Voilà apps, for one person or for a whole workshop.

The configuration ships with careerkit in ``careerkit/app_config`` rather than as
command-line flags:

* ``voila.json``: careerkit's page template, sources stripped, tracebacks hidden,
  preheated kernels for the first workbooks (a pool per notebook, none by default),
  kernels left without a connection culled after a few idle minutes (a safety net: a
  page closed or left stops its own kernel, see the template), and kernels reached
  through local (Unix) sockets rather than TCP ports: when a room opens the same page
  at once, dozens of kernels start together, and with TCP two of them can pick the same
  free port, which leaves one participant's page loading forever;
* ``voila/templates/careerkit``: the page template, which loads nothing from
  outside the server.

Voilà reads ``voila.json`` from its working directory first, so it is started in
``app_config`` (a ``voila.json`` wherever the command is typed, or in the user's
Jupyter folder, cannot change it), and finds the template through ``JUPYTER_PATH``.

``--workshop NAME`` serves a workshop created with ``careerkit workshop create``:
every kernel learns the workshop's name from ``CAREERKIT_WORKSHOP`` and asks who the
visitor is before showing any answer (see :mod:`careerkit.serving.workshop.session`).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from careerkit.serving.errors import CommandError

__all__ = ["CONFIG_DIR", "app_environment", "copy_notebooks", "lab_folder", "personal_folder", "run",
           "shipped_notebooks", "voila_command", "workbooks_dir", "workshop_links"]

#: careerkit's Voilà configuration and page template.
CONFIG_DIR = Path(__file__).resolve().parents[1] / "app_config"
#: Never handed to a server: it would open the facilitator dashboard to every visitor.
_SERVER_SECRETS = ("CAREERKIT_FACILITATOR_KEY",)


def shipped_notebooks() -> Path | None:
    """The notebooks installed with careerkit (``careerkit/notebooks`` in the wheel), or None."""
    from importlib.resources import files

    folder = Path(str(files("careerkit") / "notebooks"))
    return folder if (folder / "00_start_here.ipynb").is_file() else None


def workbooks_dir() -> Path:
    """The folder of workbooks ``careerkit app`` serves.

    ``CAREERKIT_WORKBOOKS``, else the ``workbooks/`` folder of the checkout careerkit runs
    from (an editable install), else the notebooks installed with the package.
    """
    configured = os.environ.get("CAREERKIT_WORKBOOKS")
    candidates = [Path(configured).expanduser()] if configured else []
    candidates.append(Path(__file__).resolve().parents[2] / "workbooks")
    shipped = shipped_notebooks()
    if shipped is not None:
        candidates.append(shipped)
    for folder in candidates:
        if (folder / "00_start_here.ipynb").exists():
            return folder
    raise CommandError("Could not find careerkit's workbooks: reinstall careerkit, or set CAREERKIT_WORKBOOKS "
                       "to a folder holding 00_start_here.ipynb.")


def personal_folder() -> Path:
    """Where ``careerkit lab`` keeps a person's own, editable copy of the notebooks: ``~/careerkit``."""
    return Path.home() / "careerkit"


def copy_notebooks(source: Path, target: Path) -> list[Path]:
    """Copy the notebooks in ``source`` into ``target``, adding only the missing ones.

    A notebook already in ``target`` is the person's: it is never overwritten. Returns
    the files added.
    """
    import shutil

    added = []
    for path in sorted(source.rglob("*.ipynb")):
        relative = path.relative_to(source)
        if any(part.startswith(".") or part == "__pycache__" for part in relative.parts):
            continue
        destination = target / relative
        if destination.exists():
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, destination)
        added.append(destination)
    return added


def lab_folder() -> Path:
    """The ``workbooks`` folder ``careerkit lab`` opens.

    In a checkout (or with ``CAREERKIT_WORKBOOKS``) that folder itself; for an installed
    careerkit, the person's copy in :func:`personal_folder`, filled from the installed
    notebooks the first time and topped up with new ones after an upgrade.
    """
    folder = workbooks_dir()
    if folder != shipped_notebooks():
        return folder
    own = personal_folder() / "workbooks"
    try:
        added = copy_notebooks(folder, own)
    except OSError as exc:
        raise CommandError(f"Could not copy the workbooks into {own}: {exc.strerror or exc}.") from None
    if added:
        print(f"careerkit: your own copy of the workbooks is in {own} ({len(added)} added); "
              "edit them freely, your answers are kept apart in `careerkit where`.", file=sys.stderr, flush=True)
    return own


def voila_command(ip: str = "127.0.0.1", port: int = 8866, open_browser: bool = True,
                  folder: Path | None = None) -> list[str]:
    """The Voilà command line that serves the workbooks folder with careerkit's configuration."""
    folder = folder or workbooks_dir()
    command = [sys.executable, "-m", "voila", str(folder), f"--Voila.ip={ip}", f"--port={port}",
               "--Voila.port_retries=0"]
    if not open_browser:
        command.append("--no-browser")
    if os.name == "nt":  # voila.json asks for local sockets, which Windows' kernels cannot use
        command.append("--KernelManager.transport=tcp")
    return command


def _prepend(path: Path, existing: str | None) -> str:
    return os.pathsep.join([str(path), *([existing] if existing else [])])


def app_environment(workshop: str | None = None, base: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment Voilà and its kernels start with."""
    env = dict(os.environ if base is None else base)
    env["JUPYTER_CONFIG_PATH"] = _prepend(CONFIG_DIR, env.get("JUPYTER_CONFIG_PATH"))
    env["JUPYTER_PATH"] = _prepend(CONFIG_DIR, env.get("JUPYTER_PATH"))
    for name in _SERVER_SECRETS:
        env.pop(name, None)
    if workshop:
        env["CAREERKIT_WORKSHOP"] = workshop
    else:
        env.pop("CAREERKIT_WORKSHOP", None)
    return env


def workshop_links(base_url: str) -> tuple[str, str]:
    """``(participant link, facilitator link)`` of a workshop served at ``base_url``."""
    base = base_url.rstrip("/")
    return (f"{base}/voila/render/00_start_here.ipynb", f"{base}/voila/render/facilitator/dashboard.ipynb")


def run(args: argparse.Namespace) -> int:
    """Start Voilà on the workbooks (blocks until stopped)."""
    workshop = getattr(args, "workshop", None)
    ip = getattr(args, "ip", None) or "127.0.0.1"
    port = getattr(args, "port", None) or 8866
    if workshop:
        from careerkit.core.storage.storefront import open_store
        from careerkit.serving.workshop.db import WorkshopDB, WorkshopError

        try:
            name = WorkshopDB(open_store()).require(workshop).name
        except WorkshopError as exc:
            raise CommandError(str(exc)) from None
        workshop = name
    command = voila_command(ip, port, open_browser=not getattr(args, "no_browser", False) and not workshop)
    shown = "localhost" if ip in ("127.0.0.1", "0.0.0.0", "::") else ip
    participant, facilitator = workshop_links(f"http://{shown}:{port}")
    if workshop:
        print(f"careerkit: workshop “{workshop}” at {participant}\n"
              f"           facilitator dashboard: {facilitator}\n"
              f"           (Ctrl+C to stop; answers stay saved)", file=sys.stderr)
        if ip in ("127.0.0.1", "localhost", "::1"):
            print("careerkit: only this computer can reach it; use --ip 0.0.0.0 (or this computer's address) "
                  "to let the room in", file=sys.stderr)
    else:
        print(f"careerkit: serving the workbooks at {participant} (Ctrl+C to stop)", file=sys.stderr)
    return subprocess.call(command, env=app_environment(workshop), cwd=CONFIG_DIR)
