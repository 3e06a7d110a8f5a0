"""Where answers are kept: append-only revisions in SQLite or PostgreSQL.

Every change to an answer is a new row in ``revisions``; nothing is updated in
place, so history is complete and the current answer is simply the newest
revision of each (profile, workbook, field). The same code runs on SQLite (the
default: a file under ``CAREERKIT_HOME``, no set-up) and on any SQLAlchemy URL given
in ``CAREERKIT_DATABASE_URL`` (PostgreSQL with psycopg 3 is tested).

The tables are described once, in :mod:`careerkit.core.storage.schema`; :data:`metadata` is built
from that description (:func:`table`), and so is the ``sqlite3`` path that reads and
saves a page's answers (:mod:`careerkit.core.storage.sqlitefile`).

Every read and write raises :class:`StoreError` on failure, with a ``kind`` classified
from the exception's type and its SQLite result code or PostgreSQL SQLSTATE
(:func:`careerkit.core.storage.sqlitefile.classify`); a read that finds a SQLite file damaged
repairs it first, with the repair step the store was opened with
(:func:`careerkit.core.storage.safety.repair`: safety sits above this module and hands it in).

The schema carries a version number and is upgraded in order by :data:`MIGRATIONS`
when an older database is opened. Why not Alembic: its upgrades run through
SQLAlchemy with an ``alembic_version`` table and a folder of revision scripts found at
run time, which fits a server database looked after by an administrator. careerkit's
usual database is a single file a person carries between machines, opened by a
workbook kernel: an upgrade there must take a backup first, must not run on a file
on read-only media (:func:`careerkit.core.storage.safety.open_read_only` upgrades a copy), and must
keep working for a file written by the very first schema, which has no version table.
Four small steps in one transaction do that; Alembic would add a dependency, a
migration environment to ship in the wheel, and SQLite's batch mode for ``ALTER``.

A workbook does not load this module to show a page: :mod:`careerkit.core.storage.storefront`
reads what the page needs from a sound, current SQLite file and opens the
:class:`Store` on first need (see there why).
"""

from __future__ import annotations

import datetime as _dt
import functools
import hashlib
import json
import os
import re
import sqlite3
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import sqlite
from sqlalchemy.engine import Connection, Engine

from careerkit.core.storage import backup, schema

# What a store hands out and where answers live are described below this module (in
# schema, location and sqlitefile, which never import SQLAlchemy); they are named here
# too, where they have always been. Opening a store for a workbook is
# :func:`careerkit.core.storage.storefront.open_store`, above this module.
from careerkit.core.storage.location import database_url, home, sqlite_file  # noqa: F401 - re-exported
from careerkit.core.storage.permissions import private_answers
from careerkit.core.storage.schema import SCHEMA_VERSION, Checkin, Revision  # noqa: F401 - re-exported
from careerkit.core.storage.sqlitefile import (  # noqa: F401 - StoreError re-exported
    BUSY_TIMEOUT,
    PRAGMAS,
    STAMP_FORMAT,
    StoreError,
    append_revisions,
    dump,
    forget,
    join_write_queue,
    leave_write_queue,
    text,
)

__all__ = [
    "SCHEMA_VERSION",
    "Checkin",
    "Repair",
    "Revision",
    "Store",
    "StoreError",
    "database_url",
    "home",
]

#: A repair step for a damaged SQLite file: given its URL and what is wrong, it repairs
#: the file in place and returns what the person is told
#: (:func:`careerkit.core.storage.safety.repair`; the store is handed it, see :class:`Store`).
Repair = Callable[[str, str], str]

metadata = sa.MetaData()

# Moments on SQLite are kept as UTC wall-clock digits in STAMP_FORMAT, which the
# sqlite3 path writes too; other databases keep a timezone-aware type.
_MOMENT = sa.DateTime(timezone=True).with_variant(
    sqlite.DATETIME(storage_format=STAMP_FORMAT, truncate_microseconds=False), "sqlite")


def _type(name: str):
    if name.startswith("str:"):
        return sa.String(int(name[4:]))
    return {"text": sa.Text, "int": sa.Integer, "moment": _MOMENT, "bytes": sa.LargeBinary}[name]


def table(name: str) -> sa.Table:
    """The SQLAlchemy table ``name`` of :data:`metadata`, built from :data:`careerkit.core.storage.schema.TABLES`."""
    if name in metadata.tables:
        return metadata.tables[name]
    cols = []
    for c in schema.TABLES[name]:
        options: dict[str, Any] = {"primary_key": c.primary_key, "nullable": c.nullable}
        if c.autoincrement:
            options["autoincrement"] = True
        if c.default is not None:
            options["default"] = c.default
        if c.server_default is not None:
            options["server_default"] = c.server_default
        cols.append(sa.Column(c.name, _type(c.type), **options))
    indexes = [sa.Index(ix, *on) for ix, (t, on) in schema.INDEXES.items() if t == name]
    return sa.Table(name, metadata, *cols, *indexes)


meta_table = table("careerkit_meta")
profiles_table = table("profiles")
revisions_table = table("revisions")
attachments_table = table("attachments")
checkins_table = table("checkins")


_PROFILE_EXISTS = sa.select(profiles_table.c.id).where(profiles_table.c.id == sa.bindparam("profile"))

#: People read per query by :meth:`Store.current_of` (well under every database's limit of parameters).
PROFILES_PER_QUERY = 500
_CURRENT_OF = sa.select(
    revisions_table.c.profile_id, revisions_table.c.workbook, revisions_table.c.field, revisions_table.c.value,
).where(revisions_table.c.id.in_(
    sa.select(sa.func.max(revisions_table.c.id))
    .where(revisions_table.c.profile_id.in_(sa.bindparam("profiles", expanding=True)))
    .group_by(revisions_table.c.profile_id, revisions_table.c.workbook, revisions_table.c.field)
))
_INSERT_REVISION = revisions_table.insert()


def _utcnow() -> _dt.datetime:
    return _dt.datetime.now(_dt.timezone.utc)


def _utc(moment: _dt.datetime) -> _dt.datetime:
    # Stored in UTC: SQLite keeps the wall-clock digits only, so other offsets would shift.
    return _aware(moment).astimezone(_dt.timezone.utc)


def _aware(moment: _dt.datetime) -> _dt.datetime:
    # SQLite returns naive datetimes even for timezone-aware columns; they were stored as UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=_dt.timezone.utc)


# -- schema versions ---------------------------------------------------------------------

def _v1(conn: Connection) -> None:
    # The first schema: profiles and revisions, without provenance.
    conn.execute(sa.text(
        "CREATE TABLE IF NOT EXISTS profiles (id VARCHAR(200) PRIMARY KEY, "
        "display_name VARCHAR(200) NOT NULL, created_at TIMESTAMP WITH TIME ZONE NOT NULL)"
    ))
    ident = "INTEGER PRIMARY KEY AUTOINCREMENT" if conn.dialect.name == "sqlite" else "SERIAL PRIMARY KEY"
    conn.execute(sa.text(
        f"CREATE TABLE IF NOT EXISTS revisions (id {ident}, profile_id VARCHAR(200) NOT NULL, "
        "workbook VARCHAR(80) NOT NULL, field VARCHAR(80) NOT NULL, value TEXT NOT NULL, "
        "saved_at TIMESTAMP WITH TIME ZONE NOT NULL)"
    ))


def _v2(conn: Connection) -> None:
    # Provenance of each revision (typed in a form, imported, restored) and the index
    # that makes reading current answers fast.
    conn.execute(sa.text("ALTER TABLE revisions ADD COLUMN source VARCHAR(20) NOT NULL DEFAULT 'form'"))
    conn.execute(sa.text(
        "CREATE INDEX IF NOT EXISTS ix_revisions_current ON revisions (profile_id, workbook, field, id)"
    ))


def _v3(conn: Connection) -> None:
    # Files a person keeps with their answers (vision-board images), stored once by content hash.
    attachments_table.create(conn, checkfirst=True)


def _v4(conn: Connection) -> None:
    # Check-ins: moments a person marks (each quarter, say) to compare today against.
    checkins_table.create(conn, checkfirst=True)


#: Upgrade steps: ``MIGRATIONS[n]`` takes a database from version n-1 to n.
MIGRATIONS: dict[int, Callable[[Connection], None]] = {1: _v1, 2: _v2, 3: _v3, 4: _v4}


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    dbapi_conn.text_factory = text  # bytes that are not UTF-8 raise UnicodeDecodeError: damage, by type
    cur = dbapi_conn.cursor()
    for pragma in PRAGMAS:
        cur.execute(f"PRAGMA {pragma}")
    cur.close()


def _postgresql_session(dbapi_conn, _record) -> None:
    # A row or table another session holds is waited for as long as on SQLite, then
    # reported busy (SQLSTATE 55P03), never waited for without end.
    cur = dbapi_conn.cursor()
    cur.execute(f"SET lock_timeout = {int(BUSY_TIMEOUT * 1000)}")
    cur.close()
    dbapi_conn.commit()


def _sqlite_begin(conn) -> None:
    # Writers take the write lock up front so two of them queue instead of deadlocking
    # on a lock upgrade; readers begin a deferred transaction and never block writers.
    options = conn.get_execution_options()
    if options.get("careerkit_write"):
        wait = options.get("careerkit_wait")
        conn.exec_driver_sql(f"PRAGMA busy_timeout = {int(1000 * (BUSY_TIMEOUT if wait is None else wait))}")
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")


_READ_ERRORS = (sa.exc.SQLAlchemyError, sqlite3.Error, UnicodeDecodeError, json.JSONDecodeError)


def _reads(method):
    """Every error of a read becomes a :class:`StoreError` classified by its type and code;
    a read that finds a SQLite file damaged repairs it (with the store's ``repair`` step,
    :func:`careerkit.core.storage.safety.repair`) and reads again, so one bad byte never hides every other answer."""

    @functools.wraps(method)
    def read(self, *args, **kwargs):
        try:
            try:
                return method(self, *args, **kwargs)
            except _READ_ERRORS as exc:
                raise StoreError.of(exc, "read") from exc
        except StoreError as exc:
            if exc.kind != "damaged" or self._repair is None or self._repairing or sqlite_file(self.url) is None:
                raise
            self._repairing = True
            try:
                self.notice = self._repair(self.url, str(exc))
            finally:
                self._repairing = False
        try:
            return method(self, *args, **kwargs)
        except _READ_ERRORS as exc:
            raise StoreError.of(exc, "read") from exc

    return read


def _writes(method):
    """Every error of a write becomes a :class:`StoreError` classified by its type and code."""

    @functools.wraps(method)
    def write(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except (sa.exc.SQLAlchemyError, sqlite3.Error, UnicodeDecodeError) as exc:
            raise StoreError.of(exc) from exc

    return write


_ATTACHMENT_KEY = re.compile(r"sha256:[0-9a-f]{64}")


def attachment_key(data: bytes) -> str:
    """The key a kept file is stored under: ``sha256:<hex>`` of its bytes."""
    return "sha256:" + hashlib.sha256(data).hexdigest()


class AttachmentLimit(ValueError):
    """A person already keeps as many files as they may (:meth:`Store.put_attachment`)."""

    def __init__(self, limit: int):
        super().__init__(f"at most {limit} files are kept per person")
        self.limit = limit


class Store:
    """Answers of every profile in one database.

    Create with :func:`careerkit.core.storage.storefront.open_store` (which shares one store
    per URL in a process, opened the safe way: :func:`careerkit.core.storage.safety.open_checked`).
    All methods are safe to call from several threads and several processes.

    ``repair``: what to do when a read finds the SQLite file damaged (see :data:`Repair`);
    the safe way of opening hands in :func:`careerkit.core.storage.safety.repair`. Without
    it, such a read raises its :class:`StoreError` (kind ``"damaged"``).
    """

    def __init__(self, url: str | None = None, *, engine: Engine | None = None, repair: Repair | None = None):
        self.url = url or database_url()
        self.engine = engine or _make_engine(self.url)
        self._listeners: list[Callable[[Revision], None]] = []
        #: What happened when the answers were opened (recovered from a backup, say), for the person.
        self.notice = ""
        self._repair = repair
        self._repairing = False
        self._migrate()

    # -- lifecycle -------------------------------------------------------------------
    def _found_version(self) -> int:
        # Read without taking the write lock, so an up-to-date file that is busy or
        # read-only still opens and shows its answers.
        try:
            with self.engine.connect() as conn:
                inspector = sa.inspect(conn)
                if inspector.has_table("careerkit_meta"):
                    return int(conn.execute(
                        sa.select(meta_table.c.value).where(meta_table.c.key == "schema_version")
                    ).scalar_one())
                return 1 if inspector.has_table("revisions") else 0
        except (sa.exc.SQLAlchemyError, UnicodeDecodeError) as exc:
            raise StoreError.of(exc, "read") from exc

    def _migrate(self) -> None:
        found = self._found_version()
        if found == SCHEMA_VERSION:
            return
        if 0 < found < SCHEMA_VERSION and self.engine.dialect.name == "sqlite":
            backup.backup_now(self.url, reason=f"before-upgrade-{found}-to-{SCHEMA_VERSION}")
        try:
            with _Transaction(self.engine) as conn:
                inspector = sa.inspect(conn)
                if inspector.has_table("careerkit_meta"):
                    found = int(conn.execute(
                        sa.select(meta_table.c.value).where(meta_table.c.key == "schema_version")
                    ).scalar_one())
                else:
                    meta_table.create(conn, checkfirst=True)
                    found = 1 if inspector.has_table("revisions") else 0
                    conn.execute(meta_table.insert().values(key="schema_version", value=str(found)))
                if found > SCHEMA_VERSION:
                    raise StoreError(
                        f"These answers were saved by a newer careerkit (schema {found}); "
                        f"this one understands up to {SCHEMA_VERSION}. Please upgrade careerkit."
                    )
                for version in range(found + 1, SCHEMA_VERSION + 1):
                    MIGRATIONS[version](conn)
                if found < SCHEMA_VERSION:
                    conn.execute(
                        meta_table.update().where(meta_table.c.key == "schema_version").values(value=str(SCHEMA_VERSION))
                    )
        except (sa.exc.SQLAlchemyError, UnicodeDecodeError) as exc:
            raise StoreError.of(exc, "read") from exc

    @property
    @_reads
    def schema_version(self) -> int:
        """The schema version of the open database."""
        with self.engine.connect() as conn:
            return int(conn.execute(
                sa.select(meta_table.c.value).where(meta_table.c.key == "schema_version")
            ).scalar_one())

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()
        path = sqlite_file(self.url)
        if path is not None:
            forget(path)

    def on_save(self, listener: Callable[[Revision], None]) -> Callable[[], None]:
        """Call ``listener(revision)`` after each save in this process; returns an unsubscribe."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    # -- profiles ----------------------------------------------------------------------
    @_writes
    def ensure_profile(self, profile: str, display_name: str = "") -> None:
        """Create ``profile`` if it does not exist yet."""
        with self._begin() as conn:
            exists = conn.execute(
                sa.select(profiles_table.c.id).where(profiles_table.c.id == profile)
            ).first()
            if not exists:
                try:
                    conn.execute(profiles_table.insert().values(
                        id=profile, display_name=display_name, created_at=_utcnow()))
                except sa.exc.IntegrityError:
                    pass  # created by another writer in the meantime

    @_reads
    def profiles(self) -> list[str]:
        """Every profile id, oldest first."""
        with self.engine.connect() as conn:
            return list(conn.execute(
                sa.select(profiles_table.c.id).order_by(profiles_table.c.created_at, profiles_table.c.id)
            ).scalars())

    # -- writing -----------------------------------------------------------------------
    def save(self, profile: str, workbook: str, field: str, value: Any, *, source: str = "form") -> Revision:
        """Append a revision of one answer and return it once it is durably stored."""
        return self.save_many(profile, [(workbook, field, value)], source=source)[0]

    def save_many(
        self, profile: str, items: Iterable[tuple[str, str, Any]], *, source: str = "form",
        saved_at: Iterable[_dt.datetime] | None = None, wait: float | None = None,
    ) -> list[Revision]:
        """Append several revisions in one transaction: all are kept, or none.

        ``wait``: seconds to wait for a busy SQLite file before giving up with a
        :class:`StoreError` (default :data:`BUSY_TIMEOUT`).
        """
        path = sqlite_file(self.url)
        if path is not None:
            # The plain SQLite file: written with sqlite3 (careerkit.core.storage.sqlitefile says why).
            out = append_revisions(path, profile, items, source=source, saved_at=saved_at, wait=wait)
            self._announce(out)
            return out
        items = list(items)
        stamps = list(saved_at) if saved_at is not None else [_utcnow()] * len(items)
        rows = [
            {"profile_id": profile, "workbook": wb, "field": f, "value": dump(v), "saved_at": t, "source": source}
            for (wb, f, v), t in zip(items, stamps)
        ]
        out: list[Revision] = []
        with _Transaction(self.engine, wait=wait) as conn:
            # Statements built once and given parameters: a save is then mostly the commit,
            # which keeps many concurrent writers moving.
            if not conn.execute(_PROFILE_EXISTS, {"profile": profile}).first():
                conn.execute(profiles_table.insert().values(id=profile, display_name="", created_at=_utcnow()))
            for row in rows:
                new_id = conn.execute(_INSERT_REVISION, row).inserted_primary_key[0]
                out.append(Revision(new_id, profile, row["workbook"], row["field"],
                                    json.loads(row["value"]), row["saved_at"], source))
        self._announce(out)
        return out

    def _announce(self, revisions: list[Revision]) -> None:
        for revision in revisions:
            for listener in list(self._listeners):
                listener(revision)

    # -- reading -----------------------------------------------------------------------
    @_reads
    def current(self, profile: str, workbook: str | None = None) -> dict[tuple[str, str], Any]:
        """The newest value of every answer of ``profile`` (optionally one workbook)."""
        r = revisions_table
        newest = sa.select(sa.func.max(r.c.id)).where(r.c.profile_id == profile)
        if workbook is not None:
            newest = newest.where(r.c.workbook == workbook)
        newest = newest.group_by(r.c.workbook, r.c.field)
        query = sa.select(r.c.workbook, r.c.field, r.c.value).where(r.c.id.in_(newest))
        with self.engine.connect() as conn:
            return {(wb, f): json.loads(v) for wb, f, v in conn.execute(query)}

    @_reads
    def current_of(self, profiles: Iterable[str]) -> dict[str, dict[tuple[str, str], Any]]:
        """:meth:`current` of each of ``profiles`` (unknown ones have none), read together:
        a facilitator's view of a whole room is one query per :data:`PROFILES_PER_QUERY` people."""
        wanted = list(dict.fromkeys(profiles))
        found: dict[str, dict[tuple[str, str], Any]] = {p: {} for p in wanted}
        with self.engine.connect() as conn:
            for start in range(0, len(wanted), PROFILES_PER_QUERY):
                rows = conn.execute(_CURRENT_OF, {"profiles": wanted[start:start + PROFILES_PER_QUERY]})
                for profile, wb, f, v in rows:
                    found[profile][(wb, f)] = json.loads(v)
        return found

    def answers(self, profile: str, workbook: str) -> dict[str, Any]:
        """The current answers of one workbook, by field id."""
        return {f: v for (_, f), v in self.current(profile, workbook).items()}

    @_reads
    def history(
        self, profile: str, workbook: str | None = None, field: str | None = None,
        *, since: _dt.datetime | None = None, until: _dt.datetime | None = None,
    ) -> list[Revision]:
        """Every revision, oldest first, optionally narrowed to a workbook, field or time span."""
        r = revisions_table
        query = sa.select(r).where(r.c.profile_id == profile).order_by(r.c.id)
        if workbook is not None:
            query = query.where(r.c.workbook == workbook)
        if field is not None:
            query = query.where(r.c.field == field)
        if since is not None:
            query = query.where(r.c.saved_at >= since)
        if until is not None:
            query = query.where(r.c.saved_at <= until)
        with self.engine.connect() as conn:
            return [self._revision(row) for row in conn.execute(query)]

    @_reads
    def count(self, profile: str | None = None) -> int:
        """How many revisions are stored (of one profile, or in all)."""
        query = sa.select(sa.func.count()).select_from(revisions_table)
        if profile is not None:
            query = query.where(revisions_table.c.profile_id == profile)
        with self.engine.connect() as conn:
            return int(conn.execute(query).scalar_one())

    # -- attachments -------------------------------------------------------------------
    @_writes
    def put_attachment(self, profile: str, data: bytes, mime: str, name: str = "", *,
                       limit: int | None = None) -> str:
        """Keep a file with a profile's answers; returns its key (``sha256:<hex>``).

        The caller checks type and size; the same content is stored once per profile.
        ``limit``: how many files the profile may keep; a new one beyond it raises
        :class:`AttachmentLimit` and nothing is stored.
        """
        key = attachment_key(data)
        a = attachments_table
        with self._begin() as conn:
            found = conn.execute(sa.select(a.c.key).where(a.c.profile_id == profile, a.c.key == key)).first()
            if not found and limit is not None:
                kept = conn.execute(sa.select(sa.func.count()).select_from(a).where(a.c.profile_id == profile)).scalar()
                if kept >= limit:
                    raise AttachmentLimit(limit)
            if not found:
                conn.execute(a.insert().values(profile_id=profile, key=key, mime=mime, name=name[:200],
                                               size=len(data), data=data, created_at=_utcnow()))
        return key

    @_reads
    def get_attachment(self, profile: str, key: str) -> tuple[bytes, str, str] | None:
        """``(data, mime, name)`` of a kept file, or None."""
        a = attachments_table
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(a.c.data, a.c.mime, a.c.name)
                               .where(a.c.profile_id == profile, a.c.key == key)).first()
        return (bytes(row.data), row.mime, row.name) if row else None

    @_reads
    def attachment_keys(self, profile: str) -> list[str]:
        """The keys of every file kept for a profile."""
        a = attachments_table
        with self.engine.connect() as conn:
            return list(conn.execute(sa.select(a.c.key).where(a.c.profile_id == profile).order_by(a.c.created_at)).scalars())

    # -- check-ins ---------------------------------------------------------------------
    @_writes
    def add_checkin(self, profile: str, label: str, at: _dt.datetime | None = None) -> Checkin:
        """Mark a point in time for ``profile`` (default: now)."""
        moment = _utc(at) if at is not None else _utcnow()
        label = label.strip()[:200]
        with self._begin() as conn:
            if not conn.execute(sa.select(profiles_table.c.id).where(profiles_table.c.id == profile)).first():
                conn.execute(profiles_table.insert().values(id=profile, display_name="", created_at=_utcnow()))
            new_id = conn.execute(checkins_table.insert().values(
                profile_id=profile, label=label, at=moment)).inserted_primary_key[0]
        return Checkin(new_id, profile, label, moment)

    @_reads
    def checkins(self, profile: str) -> list[Checkin]:
        """Every check-in of ``profile``, oldest first."""
        c = checkins_table
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(c).where(c.c.profile_id == profile).order_by(c.c.at, c.c.id))
            return [Checkin(row.id, row.profile_id, row.label, _aware(row.at)) for row in rows]

    @_writes
    def delete_checkin(self, profile: str, checkin_id: int) -> bool:
        """Remove one check-in (answers are untouched); whether it existed."""
        c = checkins_table
        with self._begin() as conn:
            removed = conn.execute(sa.delete(c).where(c.c.profile_id == profile, c.c.id == checkin_id)).rowcount
        self._scrub()
        return bool(removed)

    # -- importing -----------------------------------------------------------------------
    @_writes
    def write_import(
        self, profile: str,
        revisions: Iterable[tuple[str, str, Any, _dt.datetime, str]],
        *,
        attachments: Iterable[tuple[bytes, str, str]] = (),
        checkins: Iterable[tuple[str, _dt.datetime]] = (),
    ) -> list[Revision]:
        """Write revisions ``(workbook, field, value, saved_at, source)``, files and check-ins
        in one transaction: all are kept, or nothing changes."""
        import hashlib

        revisions, attachments, checkins = list(revisions), list(attachments), list(checkins)
        out: list[Revision] = []
        a = attachments_table
        with self._begin() as conn:
            if not conn.execute(sa.select(profiles_table.c.id).where(profiles_table.c.id == profile)).first():
                conn.execute(profiles_table.insert().values(id=profile, display_name="", created_at=_utcnow()))
            for wb, field, value, saved_at, source in revisions:
                row = {"profile_id": profile, "workbook": wb, "field": field, "value": dump(value),
                       "saved_at": _utc(saved_at), "source": source}
                new_id = conn.execute(revisions_table.insert().values(**row)).inserted_primary_key[0]
                out.append(Revision(new_id, profile, wb, field, json.loads(row["value"]), row["saved_at"], source))
            for data, mime, name in attachments:
                key = "sha256:" + hashlib.sha256(data).hexdigest()
                if not conn.execute(sa.select(a.c.key).where(a.c.profile_id == profile, a.c.key == key)).first():
                    conn.execute(a.insert().values(profile_id=profile, key=key, mime=mime, name=name[:200],
                                                   size=len(data), data=data, created_at=_utcnow()))
            for label, at in checkins:
                conn.execute(checkins_table.insert().values(profile_id=profile, label=label[:200], at=_utc(at)))
        self._announce(out)
        return out

    # -- forgetting --------------------------------------------------------------------
    @_writes
    def delete(self, profile: str, workbook: str | None = None, field: str | None = None) -> int:
        """Delete revisions (history included) of an answer, a workbook or a whole profile.

        Returns how many revisions were removed. Deleting a whole profile removes the
        profile row too, and on SQLite the freed pages are wiped so no trace remains.
        """
        r = revisions_table
        query = sa.delete(r).where(r.c.profile_id == profile)
        if workbook is not None:
            query = query.where(r.c.workbook == workbook)
        if field is not None:
            query = query.where(r.c.field == field)
        with self._begin() as conn:
            removed = conn.execute(query).rowcount
            if workbook is None and field is None:
                conn.execute(sa.delete(attachments_table).where(attachments_table.c.profile_id == profile))
                conn.execute(sa.delete(checkins_table).where(checkins_table.c.profile_id == profile))
                conn.execute(sa.delete(profiles_table).where(profiles_table.c.id == profile))
                # Rows other parts of careerkit keep about the person in the same database
                # (a workshop's participant, shared answers and sessions) go too.
                inspector = sa.inspect(conn)
                for name in inspector.get_table_names():
                    if name in schema.TABLES:
                        continue
                    column = next((c["name"] for c in inspector.get_columns(name)
                                   if c["name"] in ("profile", "profile_id")), None)
                    if column is not None:
                        other = sa.table(name, sa.column(column))
                        conn.execute(sa.delete(other).where(other.c[column] == profile))
            else:
                # Files (vision-board pictures) no answer of the person refers to any more go too.
                self._drop_unreferenced(conn, profile)
        self._scrub()
        if self.engine.dialect.name == "sqlite":
            backup.forget_in_backups(profile, workbook, field, url=self.url)
        return removed

    @staticmethod
    def _drop_unreferenced(conn: Connection, profile: str, keep: Iterable[str] = ()) -> int:
        a, r = attachments_table, revisions_table
        keys = set(conn.execute(sa.select(a.c.key).where(a.c.profile_id == profile)).scalars())
        if not keys:
            return 0
        used = set(keep)
        for value in conn.execute(sa.select(r.c.value).where(r.c.profile_id == profile,
                                                             r.c.value.like("%sha256:%"))).scalars():
            used.update(_ATTACHMENT_KEY.findall(value))
        gone = keys - used
        if gone:
            conn.execute(sa.delete(a).where(a.c.profile_id == profile, a.c.key.in_(sorted(gone))))
        return len(gone)

    @_writes
    def delete_attachment(self, profile: str, key: str) -> bool:
        """Remove one kept file (a picture taken off the board); whether it existed."""
        a = attachments_table
        with self._begin() as conn:
            removed = conn.execute(sa.delete(a).where(a.c.profile_id == profile, a.c.key == key)).rowcount
        self._scrub()
        return bool(removed)

    def _scrub(self) -> None:
        if self.engine.dialect.name != "sqlite":
            return
        raw = self.engine.raw_connection()
        try:
            cursor = raw.cursor()
            for statement in ("PRAGMA wal_checkpoint(TRUNCATE)", "VACUUM", "PRAGMA wal_checkpoint(TRUNCATE)"):
                cursor.execute(statement)
            cursor.close()
        finally:
            raw.close()

    # -- helpers -----------------------------------------------------------------------
    def _begin(self):
        return _Transaction(self.engine)

    @staticmethod
    def _revision(row) -> Revision:
        return Revision(row.id, row.profile_id, row.workbook, row.field, json.loads(row.value),
                        _aware(row.saved_at), row.source)


class _Transaction:
    """``engine.begin()`` with a person-readable error on failure."""

    def __init__(self, engine: Engine, wait: float | None = None):
        self._engine = engine
        self._wait = wait
        self._conn: Connection | None = None
        self._tx = None
        self._queued: int | None = None

    def __enter__(self) -> Connection:
        self._queued = _join_write_queue(self._engine, BUSY_TIMEOUT if self._wait is None else self._wait)
        try:
            self._conn = self._engine.connect().execution_options(careerkit_write=True, careerkit_wait=self._wait)
            self._tx = self._conn.begin()
            if self._wait is not None and self._engine.dialect.name == "postgresql":
                # A shorter (or longer) wait than every connection's (_postgresql_session).
                self._conn.exec_driver_sql(f"SET LOCAL lock_timeout = {max(int(1000 * self._wait), 1)}")
            return self._conn
        except sa.exc.SQLAlchemyError as exc:
            if self._conn is not None:
                self._conn.close()
            leave_write_queue(self._queued)
            raise StoreError.of(exc) from exc
        except BaseException:
            leave_write_queue(self._queued)
            raise

    def __exit__(self, exc_type, exc, tb) -> bool:
        assert self._conn is not None and self._tx is not None
        try:
            if exc_type is None:
                self._tx.commit()
            else:
                self._tx.rollback()
        except sa.exc.SQLAlchemyError as error:
            raise StoreError.of(error) from error
        finally:
            self._conn.close()
            leave_write_queue(self._queued)
        if isinstance(exc, (sa.exc.SQLAlchemyError, UnicodeDecodeError)):
            raise StoreError.of(exc) from exc
        return False


def _join_write_queue(engine: Engine, wait: float) -> int | None:
    # Writers through SQLAlchemy queue with every other careerkit writer of the same file.
    if engine.dialect.name != "sqlite":
        return None
    path = engine.url.database or ""
    if path.startswith("file:"):
        path = path[len("file:"):]
    if not path or path == ":memory:":
        return None
    return join_write_queue(path, wait)


#: Connections to a server database (PostgreSQL) kept open for reuse, per process: one for
#: each worker thread of the careerkit hub service (``Service(workers=8)``). As many again
#: may be opened at busy moments, and are closed after use. With 2 kept, the service's
#: worker threads at 300 users spent about a third of their time opening connections (each
#: one a password exchange with the server), and the slowest saves took twice as long;
#: a kernel opens only the one or two it uses, whatever this number.
POOL_SIZE = 8

_engines: dict[str, Engine] = {}
_lock = threading.Lock()


def _after_fork_in_child() -> None:
    # A forked process must not share its parent's database connections: give every
    # engine a fresh pool (the parent's connections are left to the parent).
    global _lock
    _lock = threading.Lock()
    for engine in _engines.values():
        engine.dispose(close=False)


os.register_at_fork(after_in_child=_after_fork_in_child)


def _with_driver(url: str) -> str:
    """``postgresql://`` and ``postgres://`` mean psycopg 3 (``careerkit[postgres]``), whatever
    SQLAlchemy's own default driver is (psycopg2 before SQLAlchemy 2.1)."""
    for plain in ("postgresql://", "postgres://"):
        if url.startswith(plain):
            return "postgresql+psycopg://" + url[len(plain):]
    return url


def _make_engine(url: str) -> Engine:
    url = _with_driver(url)
    with _lock:
        if url in _engines:
            return _engines[url]
        if url.startswith("sqlite"):
            path = sa.engine.make_url(url).database
            if path and path.startswith("file:"):  # a URI filename, e.g. ``file:/p/answers.sqlite?mode=ro&uri=true``
                path = path[len("file:"):]
            if path and path != ":memory:":
                private_answers(path, create="mode=ro" not in url)
            engine = sa.create_engine(url, connect_args={"timeout": 15, "isolation_level": None})
            sa.event.listen(engine, "connect", _sqlite_pragmas)
            sa.event.listen(engine, "begin", _sqlite_begin)
        else:
            engine = sa.create_engine(url, pool_pre_ping=True, pool_size=POOL_SIZE, max_overflow=POOL_SIZE)
            if engine.dialect.name == "postgresql":
                sa.event.listen(engine, "connect", _postgresql_session)
        _engines[url] = engine
        return engine


def _dispose_engine(url: str) -> None:
    # Called by careerkit.core.storage.backup before the file behind ``url`` is moved or replaced.
    engine = _engines.get(url)
    if engine is not None:
        engine.dispose()


backup.connection_keepers.append(_dispose_engine)
