"""The default answers file: one SQLite file, written the same way by every careerkit process.

A save is the one thing a person waits for while typing, so on a plain SQLite file
it is written here with Python's own ``sqlite3``, on a connection kept open for the
file, rather than through SQLAlchemy. Both stores use it: the full store
(:class:`careerkit.core.storage.store.Store`) and the one that draws pages
(:class:`careerkit.core.storage.storefront.QuickStore`), which then never needs to load SQLAlchemy.

Why this path stays, measured (``benchmarks/save_paths.py``: 400 saves of one answer
to one file, the two paths taken alternately, on the shared 2-core server under a
load average near 20, 2026-12-01): the ``sqlite3`` path took a median of 9.9 ms
(90th percentile 32 ms), the same insert through SQLAlchemy 12.9 ms (64 ms); both
are mostly the ``fsync`` of ``synchronous = FULL``. The saving per answer is small
against a 0.4 s pause in typing, so that alone would not keep a second path. What
keeps it is the page: reading and saving here spares a workbook kernel the import of
SQLAlchemy (0.16–0.19 s when the machine is idle; a median of 5 s in five fresh
processes under that load), which a room of thirty opening one page pays thirty
times over.

There is one description of the tables (:mod:`careerkit.core.storage.schema`): the statements
here are built from it, and moments are written in :data:`STAMP_FORMAT`, the storage
format the full store's ``MetaData`` declares for SQLite. Settings (:data:`PRAGMAS`),
the queue of writers (:func:`join_write_queue`) and errors (:class:`StoreError`, of a
kind classified by :func:`classify`) are those of the full store;
``tests/test_store.py`` runs every store test on this path and on PostgreSQL's, and
``tests/test_sqlitefile.py`` compares the rows with those SQLAlchemy writes.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import sqlite3
import threading
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from careerkit.core.storage import schema
from careerkit.core.storage.schema import Revision

__all__ = [
    "BUSY_TIMEOUT",
    "PRAGMAS",
    "STAMP_FORMAT",
    "StoreError",
    "Writer",
    "append_revisions",
    "classify",
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


#: The kinds of trouble a :class:`StoreError` can be (what safe mode tells the person differs by kind).
KINDS = ("busy", "readonly", "full", "damaged", "unavailable", "other")

# SQLite's primary result codes (the low byte of ``sqlite3.Error.sqlite_errorcode``).
_SQLITE_KINDS = {
    5: "busy",        # SQLITE_BUSY
    6: "busy",        # SQLITE_LOCKED
    8: "readonly",    # SQLITE_READONLY
    3: "readonly",    # SQLITE_PERM
    13: "full",       # SQLITE_FULL
    11: "damaged",    # SQLITE_CORRUPT
    26: "damaged",    # SQLITE_NOTADB
    14: "unavailable",  # SQLITE_CANTOPEN
}
# PostgreSQL SQLSTATE codes (``psycopg.Error.sqlstate``), exact codes first, then classes.
_SQLSTATE_KINDS = {
    "55P03": "busy",      # lock_not_available (lock_timeout)
    "40P01": "busy",      # deadlock_detected
    "40001": "busy",      # serialization_failure
    "57014": "busy",      # query_canceled (statement_timeout)
    "25006": "readonly",  # read_only_sql_transaction
    "42501": "readonly",  # insufficient_privilege
    "53100": "full",      # disk_full
    "XX001": "damaged",   # data_corrupted
    "XX002": "damaged",   # index_corrupted
    "22021": "damaged",   # character_not_in_repertoire (bytes that are not text)
}
_SQLSTATE_CLASSES = {"08": "unavailable", "57": "unavailable", "53": "full"}
_ERRNO_KINDS = {28: "full", 30: "readonly", 13: "readonly", 1: "readonly", 2: "unavailable"}  # ENOSPC EROFS EACCES EPERM ENOENT


class StoreError(RuntimeError):
    """The answers could not be read or written; the message says why, for a person.

    ``kind`` (one of :data:`KINDS`) is what went wrong, classified from the error's
    type and its SQLite or PostgreSQL code (:func:`classify`), never from its wording.
    """

    def __init__(self, message: str, kind: str = "other"):
        super().__init__(message)
        self.kind = kind if kind in KINDS else "other"

    @classmethod
    def of(cls, exc: BaseException, doing: str = "saved") -> "StoreError":
        """The StoreError for a driver or SQLAlchemy error ``exc`` met while answers were ``doing``."""
        kind = classify(exc)
        return cls(explain(exc, doing, kind), kind)


def _chain(exc: BaseException | None):
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        yield exc
        orig = getattr(exc, "orig", None)  # SQLAlchemy's wrapper of a driver error
        if isinstance(orig, BaseException):
            yield orig
        exc = exc.__cause__ or exc.__context__


def classify(exc: BaseException) -> str:
    """What kind of trouble (a key of :data:`KINDS`) ``exc`` is, from its type and codes.

    SQLite errors by ``sqlite_errorcode``, PostgreSQL errors by ``sqlstate``, OS errors
    by ``errno``; bytes that do not decode as text or answers that are not JSON are
    damage. A SQLAlchemy error is classified by the driver error it wraps.
    """
    for error in _chain(exc):
        if isinstance(error, StoreError):
            return error.kind
        if isinstance(error, (UnicodeDecodeError, json.JSONDecodeError)):
            return "damaged"
        code = getattr(error, "sqlite_errorcode", None)
        if isinstance(code, int) and (code & 0xFF) in _SQLITE_KINDS:
            return _SQLITE_KINDS[code & 0xFF]
        state = getattr(error, "sqlstate", None)
        if isinstance(state, str) and state:
            found = _SQLSTATE_KINDS.get(state) or _SQLSTATE_CLASSES.get(state[:2])
            if found:
                return found
        if isinstance(error, OSError) and error.errno in _ERRNO_KINDS:
            return _ERRNO_KINDS[error.errno]
        if type(error).__name__ == "OperationalError" and type(error).__module__.startswith("psycopg") \
                and getattr(error, "sqlstate", None) is None:
            return "unavailable"  # psycopg could not reach the server at all
    return "other"


def dump(value: Any) -> str:
    """The stored JSON text of an answer."""
    return json.dumps(value, ensure_ascii=False, allow_nan=False, sort_keys=False, separators=(",", ":"))


#: How the answers file keeps a moment (UTC wall-clock digits). The schema's DateTime
#: columns (:mod:`careerkit.core.storage.store`) are declared with this storage format, so both
#: ways of writing the file write the same text.
STAMP_FORMAT = ("%(year)04d-%(month)02d-%(day)02d %(hour)02d:%(minute)02d:%(second)02d.%(microsecond)06d")


def stamp(moment: _dt.datetime) -> str:
    """``moment`` as the answers file keeps it (:data:`STAMP_FORMAT`, in UTC)."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(_dt.timezone.utc)
    return STAMP_FORMAT % {"year": moment.year, "month": moment.month, "day": moment.day, "hour": moment.hour,
                           "minute": moment.minute, "second": moment.second, "microsecond": moment.microsecond}


def text(data: bytes) -> str:
    """Text read from the answers file; bytes that are not UTF-8 raise (they are damage,
    classified by type), where ``sqlite3`` would raise a bare OperationalError."""
    return data.decode("utf-8")


def short(exc: BaseException) -> str:
    """The first line of what the database said, at most 200 characters."""
    text = str(getattr(exc, "orig", exc) or exc).strip().splitlines()
    return (text[0] if text else type(exc).__name__)[:200]


_EXPLAINED = {
    "busy": "The answers file is busy (another program holds it). Your answer was not {doing} yet; "
            "try again in a moment.",
    "readonly": "The answers file is read-only, so nothing new can be saved. Earlier answers are safe.",
    "full": "The disk is full, so this answer could not be saved. Earlier answers are safe.",
    "damaged": "The answers file is damaged. Earlier answers may be recovered from a backup.",
    "unavailable": "The answers file or database cannot be opened right now, so this answer was not {doing}. "
                   "Earlier answers are safe.",
}


def explain(exc: BaseException, doing: str = "saved", kind: str | None = None) -> str:
    """What a failed read or write means, for the person (by :func:`classify`'s kind)."""
    kind = kind or classify(exc)
    if kind in _EXPLAINED:
        return _EXPLAINED[kind].format(doing=doing)
    verb = "read" if doing == "read" else "saved"
    return f"The answers could not be {verb} ({short(exc)})."


def writable(path: str | Path) -> bool:
    """Whether the answers file ``path`` and its folder can be written (False on read-only
    media, or a file or folder without write permission); an absent file counts as writable."""
    import errno

    path = Path(path)
    refused = (errno.EROFS, errno.EACCES, errno.EPERM)
    try:
        fd = os.open(path, os.O_RDWR)
        os.close(fd)
    except FileNotFoundError:
        pass
    except OSError as exc:
        return exc.errno not in refused
    try:
        fd = os.open(path.parent, os.O_RDONLY)
        os.close(fd)
        probe = path.parent / f".{path.name}.probe-{os.getpid()}"
        os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        os.unlink(probe)
    except FileNotFoundError:
        pass
    except OSError as exc:
        return exc.errno not in refused
    return True


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
    conn.text_factory = text
    try:
        for pragma in PRAGMAS:
            conn.execute(f"PRAGMA {pragma}")
    except BaseException:
        conn.close()
        raise
    return conn


# Built from the one description of the tables (careerkit.core.storage.schema); the values are
# given in its column order.
_INSERT_PROFILE = schema.insert("profiles", ignore=True)
_INSERT_REVISION = schema.insert("revisions")
assert schema.columns("profiles") == ("id", "display_name", "created_at")
assert schema.columns("revisions", generated=False) == ("profile_id", "workbook", "field", "value", "saved_at", "source")


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
            raise StoreError(_EXPLAINED["busy"].format(doing="saved"), "busy")
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
            error = StoreError.of(exc)
            if error.kind != "busy":
                # A connection that met a read-only, full or damaged file may keep seeing it
                # so (SQLite opens a file read-only for good when it could not write it):
                # the next write opens a fresh one, which sees the file as it is then.
                self.close()
            raise error from exc
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


def append_revisions(
    path: Path, profile: str, items: Iterable[tuple[str, str, Any]], *, source: str = "form",
    saved_at: Iterable[_dt.datetime] | None = None, wait: float | None = None,
) -> list[Revision]:
    """Append revisions ``(workbook, field, value)`` to the SQLite file ``path`` in one
    transaction (all or none), creating ``profile`` if needed; saved now unless ``saved_at``
    gives their moments."""
    items = list(items)
    now = _dt.datetime.now(_dt.timezone.utc)
    stamps = list(saved_at) if saved_at is not None else [now] * len(items)
    rows = [(wb, f, dump(v), stamp(t), source) for (wb, f, v), t in zip(items, stamps)]
    ids = writer(path).append(profile, rows, wait=wait)
    return [Revision(new_id, profile, wb, f, json.loads(value), t, source)
            for new_id, (wb, f, value, _, _), t in zip(ids, rows, stamps)]


def _after_fork_in_child() -> None:
    # A forked process must not use its parent's connections (nor close them: that
    # would release the parent's locks); it opens its own on first write.
    global _writers_lock
    _writers_lock = threading.Lock()
    for found in _writers.values():
        found._conn, found._inode, found._lock = None, None, threading.Lock()


os.register_at_fork(after_in_child=_after_fork_in_child)
