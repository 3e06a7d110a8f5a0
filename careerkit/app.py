"""Serving the workbooks as Voilà apps."""

from __future__ import annotations

import argparse
import subprocess
import sys

from .cli import workbooks_dir

__all__ = ["run", "voila_command"]


def voila_command(ip: str = "127.0.0.1", port: int = 8866, open_browser: bool = True) -> list[str]:
    """The Voilà command line that serves the workbooks folder."""
    folder = workbooks_dir()
    command = [
        sys.executable, "-m", "voila", str(folder),
        f"--Voila.ip={ip}", f"--port={port}", "--Voila.port_retries=0",
        "--VoilaConfiguration.file_allowlist=['.*\\.(png|jpg|jpeg|gif|svg|css|html)']",
    ]
    if not open_browser:
        command.append("--no-browser")
    return command


def run(args: argparse.Namespace) -> int:
    """Start Voilà on the workbooks (blocks until stopped)."""
    command = voila_command(args.ip, args.port, open_browser=not args.no_browser)
    print(f"careerkit: serving the workbooks at http://{args.ip}:{args.port}/ (Ctrl+C to stop)", file=sys.stderr)
    return subprocess.call(command)
