"""Where answers live, what a store hands out, and opening it for a workbook.

This module never imports SQLAlchemy. The full store (:class:`careerkit.core.storage.store.Store`)
does, which costs every kernel about a fifth of a second before the first question
can show; a room of thirty opening the same page at once pays it thirty times over
on one server. So a workbook opened on the default SQLite file whose schema is
current reads what it shows (current answers, their history, check-ins) with
Python's own ``sqlite3``, through :class:`QuickStore`, saves what the person types
through :mod:`careerkit.core.storage.sqlitefile` (as the full store does on that file), and hands
over to the full store the first time anything else is asked of it.

The reading here is the same SQL the full store sends, on the same file, so both
see the same answers (``tests/test_storefront.py`` compares them). Anything unusual
(another database, a URL with options, a damaged file, an older schema) goes
straight to the full store, opened the safe way (:func:`careerkit.core.storage.safety.open_checked`).

This is the top of the storage modules: it imports the others (the heavy ones inside
functions), and none of them imports it. What it hands out and where answers live are
described below it (:mod:`~careerkit.core.storage.schema`, :mod:`~careerkit.core.storage.location`,
:mod:`~careerkit.core.storage.sqlitefile`) and named here too, as they always were.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import sqlite3
import threading
from contextlib import closing
from pathlib import Path
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from careerkit.core.storage import permissions, schema, sqlitefile
from careerkit.core.storage.location import database_url, home, sqlite_file
from careerkit.core.storage.schema import SCHEMA_VERSION, Checkin, Revision
from careerkit.core.storage.sqlitefile import StoreError, append_revisions

if TYPE_CHECKING:
    from careerkit.core.storage.store import Store

__all__ = [
    "SCHEMA_VERSION",
    "Checkin",
    "QuickStore",
    "Revision",
    "StoreError",
    "append_revisions",
    "database_url",
    "home",
    "open_store",
    "sqlite_file",
]

_stores: dict[str, Any] = {}
_lock = threading.Lock()


def _after_fork_in_child() -> None:
    global _lock
    _lock = threading.Lock()


os.register_at_fork(after_in_child=_after_fork_in_child)


def open_store(url: str | None = None) -> "Store | QuickStore":
    """The store for ``url`` (default: :func:`database_url`), shared within this process.

    A sound SQLite file with the current schema opens as a :class:`QuickStore`; anything
    else is opened the safe way (:func:`careerkit.core.storage.safety.open_checked`): a damaged SQLite
    file is repaired from its backups first. Either way the daily backup is taken.
    """
    if url is None and os.environ.get("JUPYTERHUB_API_TOKEN") and not os.environ.get("CAREERKIT_DATABASE_URL"):
        from careerkit.core.storage.remote import hub_store  # on a hub with the careerkit service: answers live there

        remote = hub_store()
        if remote is not None:
            return remote
    url = url or database_url()
    with _lock:
        store = _stores.get(url)
    if store is None:
        store = QuickStore.open(url)
        if store is None:
            from careerkit.core.storage.safety import open_checked

            store = open_checked(url)
        with _lock:
            store = _stores.setdefault(url, store)
    return store


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=sqlitefile.BUSY_TIMEOUT, isolation_level=None, check_same_thread=False)
    conn.text_factory = sqlitefile.text
    conn.execute(f"PRAGMA busy_timeout = {int(sqlitefile.BUSY_TIMEOUT * 1000)}")
    return conn


def _schema_version(conn: sqlite3.Connection) -> int:
    found = conn.execute("SELECT value FROM careerkit_meta WHERE key = 'schema_version'").fetchone()
    return int(found[0]) if found else 0


def _value(text: str) -> Any:
    # An answer that is not JSON is damage (a changed byte), reported as such.
    try:
        return json.loads(text)
    except ValueError as exc:
        raise StoreError.of(exc, "read") from exc


_REVISION_COLUMNS = ", ".join(schema.columns("revisions"))
_CHECKIN_COLUMNS = ", ".join(schema.columns("checkins"))


def _revision(row: tuple) -> Revision:
    found = dict(zip(schema.columns("revisions"), row))
    return Revision(found["id"], found["profile_id"], found["workbook"], found["field"], _value(found["value"]),
                    _moment(found["saved_at"]), found["source"])


def _checkin(row: tuple) -> Checkin:
    found = dict(zip(schema.columns("checkins"), row))
    return Checkin(found["id"], found["profile_id"], found["label"], _moment(found["at"]))


def _moment(text: str | _dt.datetime) -> _dt.datetime:
    # Kept as UTC wall-clock digits in sqlitefile.STAMP_FORMAT ("2026-11-26 03:40:00.123456").
    moment = text if isinstance(text, _dt.datetime) else _dt.datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=_dt.timezone.utc)


class QuickStore:
    """A sound SQLite answers file with the current schema, read with ``sqlite3``.

    Offers what a workbook page needs while it is drawn and filled in: reading
    (:meth:`current`, :meth:`answers`, :meth:`history`, :meth:`checkins`,
    :meth:`get_attachment`) and saving (:meth:`save`, :meth:`save_many`,
    :meth:`ensure_profile`, written by :mod:`careerkit.core.storage.sqlitefile` as the full store
    writes them). Every other attribute, and any of these once it has been opened,
    comes from the full :class:`careerkit.core.storage.store.Store` on the same file, opened on
    first use (:meth:`full`).
    """

    def __init__(self, url: str, path: Path):
        self.url = url
        self.path = path
        self._store: Store | None = None
        self._guard = threading.Lock()
        self._notice = ""

    @classmethod
    def open(cls, url: str) -> "QuickStore | None":
        """A QuickStore for ``url`` when it can be one (see the class), else None."""
        path = sqlite_file(url)
        if path is None or not path.is_file() or path.stat().st_size == 0 or not sqlitefile.writable(path):
            return None  # missing, empty or on read-only media: opened by safety.open_checked
        permissions.private_answers(path, create=False)  # an older install's loose modes tightened
        from careerkit.core.storage import backup

        if backup.check_file(path) is not None:
            return None  # damaged: the full store repairs it
        try:
            with closing(_connect(path)) as conn:
                if _schema_version(conn) != SCHEMA_VERSION:
                    return None  # older (upgraded by the full store) or newer (refused by it)
        except sqlite3.Error:
            return None
        try:
            backup.daily_backup(url)
        except (OSError, sqlite3.Error):
            pass  # as in open_checked: a backup that cannot be taken today must not stop the work
        return cls(url, path)

    # -- the full store ---------------------------------------------------------------
    def full(self) -> Store:
        """The full store on the same file, opened (safely) the first time it is asked for."""
        with self._guard:
            if self._store is None:
                from careerkit.core.storage.safety import open_checked

                store = open_checked(self.url, checked=True)  # checked and backed up in open()
                store.notice = store.notice or self._notice
                self._store = store
            return self._store

    @property
    def opened(self) -> bool:
        """Whether the full store has taken over."""
        return self._store is not None

    def __getattr__(self, name: str) -> Any:
        # Called only for what this class does not define: the full store answers it.
        if name.startswith("__") or name in ("_store", "_guard", "_notice"):
            raise AttributeError(name)
        return getattr(self.full(), name)

    @property
    def notice(self) -> str:
        """What happened when the answers were opened, for the person ("" when nothing did)."""
        return self._store.notice if self._store is not None else self._notice

    @notice.setter
    def notice(self, text: str) -> None:
        if self._store is not None:
            self._store.notice = text
        self._notice = text

    # -- reading ------------------------------------------------------------------------
    def _rows(self, sql: str, params: tuple = ()) -> list[tuple]:
        try:
            with closing(_connect(self.path)) as conn:
                return conn.execute(sql, params).fetchall()
        except (sqlite3.Error, UnicodeDecodeError) as exc:
            raise StoreError.of(exc, "read") from exc

    def _reading(self, read):
        # A read that finds the file damaged (a byte that is not text, say, which the
        # integrity check does not see) repairs it, as a failed write does, and reads again.
        try:
            return read()
        except StoreError as exc:
            if exc.kind != "damaged":
                raise
            from careerkit.core.storage.safety import recover

            self.notice = recover(self.url, str(exc)).message()
        return read()

    def current(self, profile: str, workbook: str | None = None) -> dict[tuple[str, str], Any]:
        """The newest value of every answer of ``profile`` (optionally one workbook)."""
        if self._store is not None:
            return self._store.current(profile, workbook)
        where, params = ("profile_id = ?", (profile,)) if workbook is None else \
            ("profile_id = ? AND workbook = ?", (profile, workbook))
        sql = ("SELECT workbook, field, value FROM revisions WHERE id IN "
               f"(SELECT max(id) FROM revisions WHERE {where} GROUP BY workbook, field)")
        return self._reading(lambda: {(wb, f): _value(v) for wb, f, v in self._rows(sql, params)})

    def answers(self, profile: str, workbook: str) -> dict[str, Any]:
        """The current answers of one workbook, by field id."""
        return {f: v for (_, f), v in self.current(profile, workbook).items()}

    def history(self, profile: str, workbook: str | None = None, field: str | None = None,
                **span: _dt.datetime | None) -> list[Revision]:
        """Every revision, oldest first, optionally narrowed to a workbook or field.

        A time span (``since``, ``until``) is read by the full store.
        """
        if self._store is not None or any(v is not None for v in span.values()):
            return self.full().history(profile, workbook, field, **span)
        sql = f"SELECT {_REVISION_COLUMNS} FROM revisions WHERE profile_id = ?"
        params: list[Any] = [profile]
        if workbook is not None:
            sql, params = sql + " AND workbook = ?", [*params, workbook]
        if field is not None:
            sql, params = sql + " AND field = ?", [*params, field]
        return self._reading(lambda: [_revision(row) for row in self._rows(sql + " ORDER BY id", tuple(params))])

    def checkins(self, profile: str) -> list[Checkin]:
        """Every check-in of ``profile``, oldest first."""
        if self._store is not None:
            return self._store.checkins(profile)
        return self._reading(lambda: [_checkin(row) for row in self._rows(
            f"SELECT {_CHECKIN_COLUMNS} FROM checkins WHERE profile_id = ? ORDER BY at, id", (profile,))])

    def get_attachment(self, profile: str, key: str) -> tuple[bytes, str, str] | None:
        """``(data, mime, name)`` of a kept file (a vision-board picture), or None."""
        if self._store is not None:
            return self._store.get_attachment(profile, key)
        rows = self._rows("SELECT data, mime, name FROM attachments WHERE profile_id = ? AND key = ?", (profile, key))
        return (bytes(rows[0][0]), rows[0][1], rows[0][2]) if rows else None

    # -- writing ------------------------------------------------------------------------
    def ensure_profile(self, profile: str, display_name: str = "") -> None:
        """Create ``profile`` if it does not exist yet."""
        if self._store is not None:
            return self._store.ensure_profile(profile, display_name)
        try:
            if self._rows("SELECT 1 FROM profiles WHERE id = ?", (profile,)):
                return
        except StoreError:
            pass  # the write below says what is wrong
        sqlitefile.writer(self.path).ensure_profile(profile, display_name)

    def save(self, profile: str, workbook: str, field: str, value: Any, *, source: str = "form") -> Revision:
        """Append a revision of one answer and return it once it is durably stored."""
        return self.save_many(profile, [(workbook, field, value)], source=source)[0]

    def save_many(
        self, profile: str, items: Iterable[tuple[str, str, Any]], *, source: str = "form",
        saved_at: Iterable[_dt.datetime] | None = None, wait: float | None = None,
    ) -> list[Revision]:
        """Append several revisions in one transaction: all are kept, or none
        (as :meth:`careerkit.core.storage.store.Store.save_many`)."""
        if self._store is not None:
            return self._store.save_many(profile, items, source=source, saved_at=saved_at, wait=wait)
        return append_revisions(self.path, profile, items, source=source, saved_at=saved_at, wait=wait)

    def __repr__(self) -> str:
        return f"QuickStore({self.url!r}, opened={self.opened})"
