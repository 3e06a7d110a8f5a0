"""Where answers are kept: append-only revisions in SQLite or PostgreSQL.

Every change to an answer is a new row in ``revisions``; nothing is updated in
place, so history is complete and the current answer is simply the newest
revision of each (profile, workbook, field). The same code runs on SQLite (the
default: a file under ``CAREERKIT_HOME``, no set-up) and on any SQLAlchemy URL given
in ``CAREERKIT_DATABASE_URL`` (PostgreSQL with psycopg 3 is tested).

The schema carries a version number and is upgraded in order by :data:`MIGRATIONS`
when an older database is opened.

A workbook does not load this module to show a page: :mod:`careerkit.core.storage.storefront`
reads what the page needs from a sound, current SQLite file and opens the
:class:`Store` on first need (see there why).
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

# What a store hands out, and opening one, live in storefront (which never imports
# SQLAlchemy); they are named here too, where they have always been.
from careerkit.core.storage.sqlitefile import (
    BUSY_TIMEOUT,
    PRAGMAS,
    dump,
    explain,
    forget,
    join_write_queue,
    leave_write_queue,
    short,
)
from careerkit.core.storage.storefront import (
    SCHEMA_VERSION,
    Checkin,
    Revision,
    StoreError,
    _stores,
    append_revisions,
    database_url,
    home,
    open_store,
    sqlite_file,
)

__all__ = [
    "SCHEMA_VERSION",
    "Checkin",
    "Revision",
    "Store",
    "StoreError",
    "database_url",
    "home",
    "open_store",
]

metadata = sa.MetaData()

meta_table = sa.Table(
    "careerkit_meta",
    metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

profiles_table = sa.Table(
    "profiles",
    metadata,
    sa.Column("id", sa.String(200), primary_key=True),
    sa.Column("display_name", sa.String(200), nullable=False, default=""),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

revisions_table = sa.Table(
    "revisions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("profile_id", sa.String(200), nullable=False),
    sa.Column("workbook", sa.String(80), nullable=False),
    sa.Column("field", sa.String(80), nullable=False),
    sa.Column("value", sa.Text, nullable=False),
    sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("source", sa.String(20), nullable=False, server_default="form"),
    sa.Index("ix_revisions_current", "profile_id", "workbook", "field", "id"),
)

attachments_table = sa.Table(
    "attachments",
    metadata,
    sa.Column("profile_id", sa.String(200), primary_key=True),
    sa.Column("key", sa.String(80), primary_key=True),
    sa.Column("mime", sa.String(80), nullable=False),
    sa.Column("name", sa.String(200), nullable=False, default=""),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("data", sa.LargeBinary, nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)


checkins_table = sa.Table(
    "checkins",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("profile_id", sa.String(200), nullable=False),
    sa.Column("label", sa.String(200), nullable=False),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("ix_checkins_profile", "profile_id", "at"),
)


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
    cur = dbapi_conn.cursor()
    for pragma in PRAGMAS:
        cur.execute(f"PRAGMA {pragma}")
    cur.close()


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


class Store:
    """Answers of every profile in one database.

    Create with :func:`open_store` (which shares one engine per URL in a process).
    All methods are safe to call from several threads and several processes.
    """

    def __init__(self, url: str | None = None, *, engine: Engine | None = None):
        self.url = url or database_url()
        self.engine = engine or _make_engine(self.url)
        self._listeners: list[Callable[[Revision], None]] = []
        #: What happened when the answers were opened (recovered from a backup, say), for the person.
        self.notice = ""
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
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(f"Could not open the answers database ({short(exc)}).") from exc

    def _migrate(self) -> None:
        found = self._found_version()
        if found == SCHEMA_VERSION:
            return
        if 0 < found < SCHEMA_VERSION and self.engine.dialect.name == "sqlite":
            from careerkit.core.storage.backup import backup_now

            backup_now(self.url, reason=f"before-upgrade-{found}-to-{SCHEMA_VERSION}")
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
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(f"Could not open the answers database ({short(exc)}).") from exc

    @property
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
    def current(self, profile: str, workbook: str | None = None) -> dict[tuple[str, str], Any]:
        """The newest value of every answer of ``profile`` (optionally one workbook)."""
        r = revisions_table
        newest = sa.select(sa.func.max(r.c.id)).where(r.c.profile_id == profile)
        if workbook is not None:
            newest = newest.where(r.c.workbook == workbook)
        newest = newest.group_by(r.c.workbook, r.c.field)
        query = sa.select(r.c.workbook, r.c.field, r.c.value).where(r.c.id.in_(newest))
        try:
            with self.engine.connect() as conn:
                return {(wb, f): json.loads(v) for wb, f, v in conn.execute(query)}
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(f"Could not read the answers database ({short(exc)}).") from exc

    def current_of(self, profiles: Iterable[str]) -> dict[str, dict[tuple[str, str], Any]]:
        """:meth:`current` of each of ``profiles`` (unknown ones have none), read together:
        a facilitator's view of a whole room is one query per :data:`PROFILES_PER_QUERY` people."""
        wanted = list(dict.fromkeys(profiles))
        found: dict[str, dict[tuple[str, str], Any]] = {p: {} for p in wanted}
        try:
            with self.engine.connect() as conn:
                for start in range(0, len(wanted), PROFILES_PER_QUERY):
                    rows = conn.execute(_CURRENT_OF, {"profiles": wanted[start:start + PROFILES_PER_QUERY]})
                    for profile, wb, f, v in rows:
                        found[profile][(wb, f)] = json.loads(v)
        except sa.exc.SQLAlchemyError as exc:
            raise StoreError(f"Could not read the answers database ({short(exc)}).") from exc
        return found

    def answers(self, profile: str, workbook: str) -> dict[str, Any]:
        """The current answers of one workbook, by field id."""
        return {f: v for (_, f), v in self.current(profile, workbook).items()}

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

    def count(self, profile: str | None = None) -> int:
        """How many revisions are stored (of one profile, or in all)."""
        query = sa.select(sa.func.count()).select_from(revisions_table)
        if profile is not None:
            query = query.where(revisions_table.c.profile_id == profile)
        with self.engine.connect() as conn:
            return int(conn.execute(query).scalar_one())

    # -- attachments -------------------------------------------------------------------
    def put_attachment(self, profile: str, data: bytes, mime: str, name: str = "") -> str:
        """Keep a file with a profile's answers; returns its key (``sha256:<hex>``).

        The caller checks type and size; the same content is stored once per profile.
        """
        import hashlib

        key = "sha256:" + hashlib.sha256(data).hexdigest()
        a = attachments_table
        with self._begin() as conn:
            found = conn.execute(sa.select(a.c.key).where(a.c.profile_id == profile, a.c.key == key)).first()
            if not found:
                conn.execute(a.insert().values(profile_id=profile, key=key, mime=mime, name=name[:200],
                                               size=len(data), data=data, created_at=_utcnow()))
        return key

    def get_attachment(self, profile: str, key: str) -> tuple[bytes, str, str] | None:
        """``(data, mime, name)`` of a kept file, or None."""
        a = attachments_table
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(a.c.data, a.c.mime, a.c.name)
                               .where(a.c.profile_id == profile, a.c.key == key)).first()
        return (bytes(row.data), row.mime, row.name) if row else None

    def attachment_keys(self, profile: str) -> list[str]:
        """The keys of every file kept for a profile."""
        a = attachments_table
        with self.engine.connect() as conn:
            return list(conn.execute(sa.select(a.c.key).where(a.c.profile_id == profile).order_by(a.c.created_at)).scalars())

    # -- check-ins ---------------------------------------------------------------------
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

    def checkins(self, profile: str) -> list[Checkin]:
        """Every check-in of ``profile``, oldest first."""
        c = checkins_table
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(c).where(c.c.profile_id == profile).order_by(c.c.at, c.c.id))
            return [Checkin(row.id, row.profile_id, row.label, _aware(row.at)) for row in rows]

    def delete_checkin(self, profile: str, checkin_id: int) -> bool:
        """Remove one check-in (answers are untouched); whether it existed."""
        c = checkins_table
        with self._begin() as conn:
            removed = conn.execute(sa.delete(c).where(c.c.profile_id == profile, c.c.id == checkin_id)).rowcount
        self._scrub()
        return bool(removed)

    # -- importing -----------------------------------------------------------------------
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
        self._scrub()
        if self.engine.dialect.name == "sqlite":
            from careerkit.core.storage.backup import forget_in_backups

            forget_in_backups(profile, workbook, field, url=self.url)
        return removed

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
            return self._conn
        except sa.exc.SQLAlchemyError as exc:
            if self._conn is not None:
                self._conn.close()
            leave_write_queue(self._queued)
            raise StoreError(explain(exc)) from exc
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
            raise StoreError(explain(error)) from error
        finally:
            self._conn.close()
            leave_write_queue(self._queued)
        if isinstance(exc, sa.exc.SQLAlchemyError):
            raise StoreError(explain(exc)) from exc
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


def _make_engine(url: str) -> Engine:
    with _lock:
        if url in _engines:
            return _engines[url]
        if url.startswith("sqlite"):
            path = sa.engine.make_url(url).database
            if path and path.startswith("file:"):  # a URI filename, e.g. ``file:/p/answers.sqlite?mode=ro&uri=true``
                path = path[len("file:"):]
            if path and path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            engine = sa.create_engine(url, connect_args={"timeout": 15, "isolation_level": None})
            sa.event.listen(engine, "connect", _sqlite_pragmas)
            sa.event.listen(engine, "begin", _sqlite_begin)
        else:
            engine = sa.create_engine(url, pool_pre_ping=True, pool_size=2, max_overflow=4)
        _engines[url] = engine
        return engine
