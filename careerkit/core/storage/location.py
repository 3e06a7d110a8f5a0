"""Where answers live: careerkit's folder and the database in use.

The lowest storage module but :mod:`careerkit.core.storage.schema`: every other one
(permissions, backups, both stores, opening them) asks here, and this module asks
nothing of them, so the storage modules import one another one way only
(``tests/test_architecture.py``).
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["database_url", "home", "sqlite_file"]


def home() -> Path:
    """The folder where careerkit keeps answers: ``CAREERKIT_HOME`` or ``~/.careerkit``."""
    return Path(os.environ.get("CAREERKIT_HOME") or Path.home() / ".careerkit").expanduser()


def database_url() -> str:
    """The database in use: ``CAREERKIT_DATABASE_URL``, else SQLite in :func:`home`."""
    url = os.environ.get("CAREERKIT_DATABASE_URL", "").strip()
    if url:
        return url
    return f"sqlite:///{home() / 'answers.sqlite'}"


def sqlite_file(url: str) -> Path | None:
    """The file of a plain ``sqlite:///path`` URL; None for anything else.

    Only the plain form careerkit itself writes is read here; a URL with a driver,
    options or escapes is left to SQLAlchemy, which understands them all.
    """
    prefix = "sqlite:///"
    if not url.startswith(prefix) or any(c in url for c in "?%#"):
        return None
    path = url[len(prefix):]
    return Path(path) if path and path != ":memory:" else None
