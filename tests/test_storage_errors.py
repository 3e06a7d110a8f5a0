"""One error model for every read and write of the answers, on SQLite and on PostgreSQL.

Each failure reaches the caller as a :class:`StoreError` whose ``kind`` comes from the
error's type and its SQLite result code or PostgreSQL SQLSTATE, never from its words.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import sqlite3
import threading

import pytest
import sqlalchemy as sa

from careerkit.core.storage import safety, sqlitefile
from careerkit.core.storage.store import Store, StoreError
from tests.support.locks import hold_exclusive

WB = "01_self_reflection"

WRITES = {
    "save": lambda s: s.save("p", WB, "flow_moments", "new"),
    "save_many": lambda s: s.save_many("p", [(WB, "flow_moments", "new")], wait=0.5),
    "ensure_profile": lambda s: s.ensure_profile("someone-new"),
    "put_attachment": lambda s: s.put_attachment("p", b"GIF89a-new", "image/gif", "n.gif"),
    "add_checkin": lambda s: s.add_checkin("p", "Spring"),
    "write_import": lambda s: s.write_import("p", [(WB, "flow_moments", "imported",
                                                    dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc), "import")]),
    "delete": lambda s: s.delete("p", WB, "flow_moments"),
}
READS = {
    "current": lambda s: s.current("p"),
    "current_of": lambda s: s.current_of(["p"]),
    "answers": lambda s: s.answers("p", WB),
    "history": lambda s: s.history("p"),
    "count": lambda s: s.count(),
    "profiles": lambda s: s.profiles(),
    "checkins": lambda s: s.checkins("p"),
    "attachment_keys": lambda s: s.attachment_keys("p"),
    "get_attachment": lambda s: s.get_attachment("p", "sha256:00"),
}


def _seeded(store: Store) -> dict:
    store.save_many("p", [(WB, "flow_moments", "before"), (WB, "hobbies", ["choir"])])
    return store.current("p")


def _read_only(store: Store, monkeypatch) -> None:
    """Every connection opened from now on refuses writes, as read-only storage does."""
    statement = "PRAGMA query_only = 1" if store.engine.dialect.name == "sqlite" \
        else "SET default_transaction_read_only = on"
    def refuse(dbapi, _record):
        dbapi.cursor().execute(statement)
        dbapi.commit()  # a session setting on PostgreSQL outlives the pool's rollback

    sa.event.listen(store.engine, "connect", refuse)
    store.engine.dispose()
    plain = sqlitefile.connect

    def connect(target):
        conn = plain(target)
        conn.execute(statement)
        return conn

    monkeypatch.setattr(sqlitefile, "connect", connect)
    if store.url.startswith("sqlite:///"):
        sqlitefile.forget(store.url[len("sqlite:///"):])


@pytest.mark.parametrize("write", list(WRITES))
def test_every_write_refused_by_read_only_storage_is_a_readonly_store_error(any_store, write, monkeypatch):
    before = _seeded(any_store)
    _read_only(any_store, monkeypatch)
    with pytest.raises(StoreError) as caught:
        WRITES[write](any_store)
    assert caught.value.kind == "readonly" and safety.kind_of(caught.value) == "readonly"
    assert "read-only" in str(caught.value)
    assert any_store.current("p") == before  # reading still works, and nothing changed


@pytest.mark.parametrize("read", list(READS))
def test_every_read_that_fails_is_a_store_error(any_store, read):
    _seeded(any_store)
    with any_store.engine.begin() as conn:
        for table in ("revisions", "profiles", "checkins", "attachments"):
            conn.exec_driver_sql(f"DROP TABLE {table}")
    with pytest.raises(StoreError) as caught:
        READS[read](any_store)
    assert caught.value.kind == "other" and "could not be read" in str(caught.value)


def _hold(store: Store):
    """Hold the answers the way another program would; returns a function that lets go."""
    if store.engine.dialect.name == "sqlite":
        ctx = multiprocessing.get_context("fork")
        ready, release = ctx.Event(), ctx.Event()
        holder = ctx.Process(target=hold_exclusive, args=(store.engine.url.database, ready, release))
        holder.start()
        assert ready.wait(10)

        def let_go():
            release.set()
            holder.join(10)
        return let_go
    conn = store.engine.connect()
    tx = conn.begin()
    conn.exec_driver_sql("LOCK TABLE revisions, profiles IN ACCESS EXCLUSIVE MODE")

    def let_go():
        tx.rollback()
        conn.close()
    return let_go


def test_a_held_database_is_reported_busy_and_nothing_is_lost(any_store):
    before = _seeded(any_store)
    let_go = _hold(any_store)
    try:
        with pytest.raises(StoreError) as caught:
            any_store.save_many("p", [(WB, "flow_moments", "while held")], wait=0.3)
        assert caught.value.kind == "busy"
    finally:
        let_go()
    any_store.save_many("p", [(WB, "flow_moments", "after")], wait=5)
    assert [r.value for r in any_store.history("p", WB, "flow_moments")] == ["before", "after"]
    assert any_store.current("p")[(WB, "hobbies")] == before[(WB, "hobbies")]


def test_kinds_come_from_codes_not_words():
    # A message that says one thing and a code that says another: the code decides.
    error = sqlite3.OperationalError("database is locked, disk full, file is malformed")
    error.sqlite_errorcode = 8 | (1 << 8)  # SQLITE_READONLY_RECOVERY
    assert sqlitefile.classify(error) == "readonly"
    psycopg = pytest.importorskip("psycopg")
    assert sqlitefile.classify(psycopg.errors.LockNotAvailable("read-only")) == "busy"
    assert sqlitefile.classify(psycopg.errors.ReadOnlySqlTransaction("busy")) == "readonly"
    assert sqlitefile.classify(psycopg.errors.DiskFull("locked")) == "full"
    assert sqlitefile.classify(psycopg.errors.DataCorrupted("fine")) == "damaged"
    wrapped = sa.exc.OperationalError("INSERT", {}, psycopg.errors.LockNotAvailable("x"))
    assert StoreError.of(wrapped).kind == "busy"
    assert sqlitefile.classify(RuntimeError("the disk is full and locked")) == "other"
    assert sqlitefile.classify(OSError(28, "No space left on device")) == "full"
    assert sqlitefile.classify(b"\xc3\x28".decode("utf-8", "strict") if False else UnicodeDecodeError(
        "utf-8", b"\xc3\x28", 0, 1, "invalid continuation byte")) == "damaged"


def test_concurrent_reads_and_writes_raise_nothing_else(any_store):
    _seeded(any_store)
    errors: list[BaseException] = []

    def work(n):
        try:
            for i in range(10):
                any_store.save("p", WB, f"f{n}", i)
                any_store.history("p", WB, f"f{n}")
        except BaseException as exc:  # noqa: BLE001 - collected and checked below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    assert any_store.count("p") == 2 + 40
