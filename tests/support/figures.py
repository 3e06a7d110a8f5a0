"""Figures the fault and bad-input tests publish in ``docs/RELIABILITY.md``.

Each test records what it did and saw as a small JSON file in ``build/reliability/``
(``CAREERKIT_FIGURES_DIR`` moves it); ``tests/reliability_report.py`` turns those
files into the Markdown page. Only a run that reaches the recording line writes a
file. Figures are counted from what happened (answers read back and compared) and
recorded *before* the test asserts on them, so a run that loses an answer publishes
that loss, and then fails. Each figure carries the commit it was measured on.
"""

from __future__ import annotations

import functools
import json
import os
import subprocess
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]


def figures_dir() -> Path:
    """Where the figures of this run are written."""
    return Path(os.environ.get("CAREERKIT_FIGURES_DIR") or REPO_ROOT / "build" / "reliability")


@functools.cache
def commit() -> str:
    """The commit the tests run on (with ``+changes`` when the worktree differs), or "unknown"."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=REPO_ROOT, capture_output=True,
                              text=True, timeout=10, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "--", "careerkit"],
                               cwd=REPO_ROOT, capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return head + ("+changes" if dirty else "")


def record(name: str, **data) -> Path:
    """Write ``data`` as the figure ``name`` (replacing an earlier run's)."""
    folder = figures_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.json"
    payload = {"name": name, "recorded_at": time.strftime("%Y-%m-%d %H:%M:%S %Z"), "commit": commit(), **data}
    partial = path.with_suffix(".json.partial")
    partial.write_text(json.dumps(payload, indent=2, ensure_ascii=False, default=str), encoding="utf-8")
    os.replace(partial, path)
    return path


def load_all(folder: Path | None = None) -> dict[str, dict]:
    """Every recorded figure by name."""
    folder = folder or figures_dir()
    if not folder.is_dir():
        return {}
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))}
