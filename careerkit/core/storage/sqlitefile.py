"""The default answers file: one SQLite file, written the same way by every careerkit process.

A save is the one thing a person waits for while typing, so on a plain SQLite file
it is written here with Python's own ``sqlite3``, on a connection kept open for the
file, rather than through SQLAlchemy. Both stores use it: the full store
(:class:`careerkit.core.storage.store.Store`) and the one that draws pages
(:class:`careerkit.core.storage.storefront.QuickStore`), which then never needs to load SQLAlchemy.
A save runs a fraction of the code it did (0.4 ms against 0.8 ms back to back on a
2-core server, and the gap grows after a typing pause, when the processor fetches
that code again), and a room of thirty saving to one file queues behind shorter
saves (``benchmarks/RESULTS.md``).

What is written is exactly what the full store's schema describes, with the same
settings (:data:`PRAGMAS`), the same queue of writers (:func:`join_write_queue`) and
the same person-readable errors (:func:`explain`); ``tests/test_store.py`` runs every
store test on this path and on PostgreSQL's, and ``tests/test_sqlitefile.py``
compares the rows with those SQLAlchemy writes.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import sqlite3
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = [
    "BUSY_TIMEOUT",
    "PRAGMAS",
    "StoreError",
    "Writer",
    "connect",
    "dump",
    "explain",
    "forget",
    "join_write_queue",
    "leave_write_queue",
    "stamp",
    "writer",
]

#: Seconds a write waits for another writer to finish before it reports the file busy.
BUSY_TIMEOUT = 15.0

#: Settings of every connection that writes the answers file.
PRAGMAS = (
    f"busy_timeout = {int(BUSY_TIMEOUT * 1000)}",
    "journal_mode = WAL",
    # FULL: a revision acknowledged as saved is on disk even if the machine stops.
    "synchronous = FULL",
    "foreign_keys = ON",
    # Deleted answers are overwritten, not just unlinked, so forgetting leaves no trace.
    "secure_delete = ON",
)


class StoreError(RuntimeError):
    """The answers could not be read or written; the message says why, for a person."""


def dump(value: Any) -> str:
    """The stored JSON text of an answer."""
    return json.dumps(value, ensure_ascii=False, allow_nan=False, sort_keys=False, separators=(",", ":"))


def stamp(moment: _dt.datetime) -> str:
    """``moment`` as the answers file keeps it: UTC wall-clock digits, as SQLAlchemy writes them."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(_dt.timezone.utc)
    return (f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d} "
            f"{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}.{moment.microsecond:06d}")


def short(exc: BaseException) -> str:
    """The first line of what the database said, at most 200 characters."""
    text = str(getattr(exc, "orig", exc) or exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:200]


def explain(exc: BaseException) -> str:
    """What a failed write means, for the person who was saving."""
    text = short(exc).lower()
    if "locked" in text or "busy" in text:
        return "The answers file is busy (another program holds it). Your answer was not saved yet; try again in a moment."
    if "readonly" in text or "read-only" in text or "read only" in text:
        return "The answers file is read-only, so nothing new can be saved. Earlier answers are safe."
    if "full" in text or "no space" in text:
        return "The disk is full, so this answer could not be saved. Earlier answers are safe."
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return "The answers file is damaged. Earlier answers may be recovered from a backup."
    return f"The answer could not be saved ({short(exc)})."


# -- the queue of writers --------------------------------------------------------------

def join_write_queue(path: str | Path, wait: float) -> int | None:
    """Queue behind other careerkit writers of the SQLite file ``path``, first come first served.

    SQLite's own busy handler makes waiting writers sleep and poll, so with many of
    them some starve; an ``flock`` on a companion ``.lock`` file lets the operating
    system wake the next writer the moment the previous one is done. Returns the
    lock's file descriptor (give it back with :func:`leave_write_queue`), or None when
    queueing is not possible (a folder that cannot be written, a system without
    ``flock``, or no turn within ``wait`` seconds), in which case SQLite's locking
    alone still keeps writes safe.
    """
    try:
        import fcntl

        fd = os.open(f"{path}.lock", os.O_RDWR | os.O_CREAT, 0o600)
    except (ImportError, OSError):
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return fd
    except OSError:
        pass
    # Wait in a helper thread so the wait can end; a turn that comes too late is given back.
    got = threading.Event()
    state = {"abandoned": False}
    guard = threading.Lock()

    def take() -> None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
        except OSError:
            return
        with guard:
            if state["abandoned"]:
                leave_write_queue(fd)
            else:
                got.set()

    threading.Thread(target=take, daemon=True, name="careerkit-write-queue").start()
    if got.wait(max(wait, 0.0)):
        return fd
    with guard:
        if got.is_set():
            return fd
        state["abandoned"] = True
    return None


def leave_write_queue(fd: int | None) -> None:
    """Give back a turn taken with :func:`join_write_queue`."""
    if fd is None:
        return
    try:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_UN)
    except OSError:
        pass
    finally:
        os.close(fd)


# -- writing -----------------------------------------------------------------------------

def connect(path: str | Path) -> sqlite3.Connection:
    """A connection that writes the existing answers file ``path`` with :data:`PRAGMAS`.

    In autocommit mode (transactions are begun explicitly) and usable from any
    thread (the caller makes sure only one uses it at a time). A file that is not
    there is reported, never created empty.
    """
    conn = sqlite3.connect(Path(path).absolute().as_uri() + "?mode=rw", uri=True, timeout=BUSY_TIMEOUT,
                           isolation_level=None, check_same_thread=False)
    try:
        for pragma in PRAGMAS:
            conn.execute(f"PRAGMA {pragma}")
    except BaseException:
        conn.close()
        raise
    return conn


_INSERT_PROFILE = "INSERT OR IGNORE INTO profiles (id, display_name, created_at) VALUES (?, ?, ?)"
_INSERT_REVISION = ("INSERT INTO revisions (profile_id, workbook, field, value, saved_at, source) "
                    "VALUES (?, ?, ?, ?, ?, ?)")


class Writer:
    """Writes revisions and profiles to one SQLite answers file with a kept connection.

    Safe to share between threads (one write at a time) and processes (the write
    queue, then SQLite's own lock). The connection is opened again when the file at
    ``path`` is no longer the one it was opened on (restored from a backup, repaired).
    Get one with :func:`writer`.
    """

    def __init__(self, path: Path):
        self.path = Path(path)
        self._conn: sqlite3.Connection | None = None
        self._inode: tuple[int, int] | None = None
        self._busy_ms = int(BUSY_TIMEOUT * 1000)
        self._lock = threading.Lock()

    def _connection(self, wait: float) -> sqlite3.Connection:
        try:
            found = os.stat(self.path)
            inode = (found.st_dev, found.st_ino)
        except OSError:
            inode = None
        if self._conn is not None and inode != self._inode:
            self.close()
        if self._conn is None:
            conn = connect(self.path)
            stat = os.stat(self.path)
            self._conn, self._inode = conn, (stat.st_dev, stat.st_ino)
            self._busy_ms = int(BUSY_TIMEOUT * 1000)
        busy_ms = int(1000 * wait)
        if busy_ms != self._busy_ms:
            self._conn.execute(f"PRAGMA busy_timeout = {busy_ms}")
            self._busy_ms = busy_ms
        return self._conn

    def _write(self, work, wait: float | None):
        wait = BUSY_TIMEOUT if wait is None else wait
        taken = self._lock.acquire(timeout=wait) if wait > 0 else self._lock.acquire(blocking=False)
        if not taken:  # another thread of this process is writing and did not finish in time
            raise StoreError(explain(sqlite3.OperationalError("database is locked")))
        queued = None
        try:
            queued = join_write_queue(self.path, wait)
            conn = self._connection(wait)
            # IMMEDIATE: take the write lock up front, so two writers queue instead of
            # deadlocking on a lock upgrade.
            conn.execute("BEGIN IMMEDIATE")
            try:
                result = work(conn)
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    try:
                        conn.execute("ROLLBACK")
                    except sqlite3.Error:
                        self.close()  # start over on a fresh connection next time
                raise
            return result
        except sqlite3.Error as exc:
            raise StoreError(explain(exc)) from exc
        finally:
            leave_write_queue(queued)
            self._lock.release()

    def append(self, profile: str, rows: Sequence[tuple[str, str, str, str, str]], *,
               wait: float | None = None) -> list[int]:
        """Append revisions ``(workbook, field, json_value, saved_at, source)`` of ``profile``
        in one transaction (all or none), creating the profile if needed; their new ids.

        ``saved_at`` as :func:`stamp` gives it. ``wait``: seconds to wait for a busy file
        before a :class:`StoreError` says so (default :data:`BUSY_TIMEOUT`).
        """
        created = stamp(_dt.datetime.now(_dt.timezone.utc))

        def work(conn: sqlite3.Connection) -> list[int]:
            conn.execute(_INSERT_PROFILE, (profile, "", created))
            ids = []
            for wb, field, value, saved_at, source in rows:
                ids.append(conn.execute(_INSERT_REVISION, (profile, wb, field, value, saved_at, source)).lastrowid)
            return ids

        return self._write(work, wait)

    def ensure_profile(self, profile: str, display_name: str = "") -> None:
        """Create ``profile`` if it does not exist yet."""
        created = stamp(_dt.datetime.now(_dt.timezone.utc))
        self._write(lambda conn: conn.execute(_INSERT_PROFILE, (profile, display_name, created)), None)

    def close(self) -> None:
        """Close the kept connection (the next write opens a new one)."""
        conn, self._conn, self._inode = self._conn, None, None
        if conn is not None:
            try:
                conn.close()
            except sqlite3.Error:
                pass


_writers: dict[str, Writer] = {}
_writers_lock = threading.Lock()


def writer(path: str | Path) -> Writer:
    """The :class:`Writer` of the answers file at ``path``, shared within this process."""
    key = os.path.abspath(path)
    with _writers_lock:
        found = _writers.get(key)
        if found is None:
            found = _writers[key] = Writer(Path(key))
        return found


def forget(path: str | Path) -> None:
    """Close the kept connection to ``path``, before the file is moved or replaced."""
    with _writers_lock:
        found = _writers.get(os.path.abspath(path))
    if found is not None:
        with found._lock:
            found.close()


def _after_fork_in_child() -> None:
    # A forked process must not use its parent's connections (nor close them: that
    # would release the parent's locks); it opens its own on first write.
    global _writers_lock
    _writers_lock = threading.Lock()
    for found in _writers.values():
        found._conn, found._inode, found._lock = None, None, threading.Lock()


os.register_at_fork(after_in_child=_after_fork_in_child)
