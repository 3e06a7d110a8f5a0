"""The ``careerkit`` command.

Each subcommand is a small function; errors a person can fix are one clear line on
standard error and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from ._version import __version__

__all__ = ["main", "CommandError", "workbooks_dir"]


class CommandError(Exception):
    """A mistake or problem the person can act on; printed as one line."""


def workbooks_dir() -> Path:
    """The folder of workbooks: ``CAREERKIT_WORKBOOKS``, else ``workbooks/`` beside the package or here."""
    configured = os.environ.get("CAREERKIT_WORKBOOKS")
    candidates = [Path(configured)] if configured else []
    candidates += [Path(__file__).resolve().parent.parent / "workbooks", Path.cwd() / "workbooks"]
    for folder in candidates:
        if (folder / "00_start_here.ipynb").exists():
            return folder
    raise CommandError("Could not find the workbooks folder; run this from the careerkit folder "
                       "or set CAREERKIT_WORKBOOKS.")


def _lab(args: argparse.Namespace) -> int:
    folder = workbooks_dir()
    command = [sys.executable, "-m", "jupyter", "lab", f"--ServerApp.root_dir={folder.parent}",
               f"--LabApp.default_url=/lab/tree/{folder.name}/00_start_here.ipynb"]
    if args.no_browser:
        command.append("--no-browser")
    if args.port:
        command.append(f"--port={args.port}")
    return subprocess.call(command)


def _app(args: argparse.Namespace) -> int:
    from . import app

    return app.run(args)


def _where(args: argparse.Namespace) -> int:
    from .profile import current_profile
    from .store import database_url, home

    url = database_url()
    print(f"profile:  {current_profile()}")
    print(f"home:     {home()}")
    print(f"database: {url if not url.startswith('postgres') else url.split('@')[-1]}")
    return 0


Command = Callable[[argparse.ArgumentParser], Callable[[argparse.Namespace], int]]
#: Extra subcommands: name -> function that adds its arguments and returns its handler.
EXTRA_COMMANDS: dict[str, tuple[str, Command]] = {}


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    parser = argparse.ArgumentParser(prog="careerkit", description="Guided workbooks to your career calling.")
    parser.add_argument("--version", action="version", version=f"careerkit {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    lab = sub.add_parser("lab", help="open the workbooks in JupyterLab", description="Open the workbooks in JupyterLab.")
    lab.add_argument("--no-browser", action="store_true", help="do not open a browser window")
    lab.add_argument("--port", type=int, help="port to listen on (default: JupyterLab's choice)")
    lab.set_defaults(handler=_lab)

    app = sub.add_parser("app", help="open the workbooks as a Voilà app",
                         description="Serve the workbooks as clean apps with Voilà.")
    app.add_argument("--no-browser", action="store_true", help="do not open a browser window")
    app.add_argument("--port", type=int, default=8866, help="port to listen on (default 8866)")
    app.add_argument("--ip", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    app.set_defaults(handler=_app)

    where = sub.add_parser("where", help="print where answers are kept", description="Print where answers are kept.")
    where.set_defaults(handler=_where)

    for name, (help_text, add) in EXTRA_COMMANDS.items():
        extra = sub.add_parser(name, help=help_text, description=help_text[:1].upper() + help_text[1:] + ".")
        extra.set_defaults(handler=add(extra))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``careerkit`` command; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        return int(args.handler(args) or 0)
    except CommandError as exc:
        print(f"careerkit: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
