"""Another program holding the answers file, for tests of a busy file."""

from __future__ import annotations

import sqlite3


def hold_exclusive(path: str, ready, release) -> None:
    """Hold an exclusive lock on the SQLite file ``path`` (run in a child process):
    set ``ready`` once it is held, give it back when ``release`` is set (or after a minute)."""
    conn = sqlite3.connect(path, timeout=1)
    conn.execute("BEGIN EXCLUSIVE")
    ready.set()
    release.wait(60)
    conn.rollback()
    conn.close()
