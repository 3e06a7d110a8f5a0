"""Saving on the default SQLite file with sqlite3: the rows SQLAlchemy would write, all or
nothing, safe across threads, processes, a restored file and a busy one."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import sqlite3
import threading

import pytest

from careerkit.core.storage import backup, safety, sqlitefile, storefront
from careerkit.core.storage import store as store_module
from careerkit.core.storage.store import Store
from careerkit.core.storage.storefront import StoreError
from tests.support.locks import hold_exclusive

UTC = dt.timezone.utc


@pytest.fixture
def path(tmp_path):
    target = tmp_path / "answers.sqlite"
    Store(f"sqlite:///{target}")  # the schema, as careerkit creates it
    yield target
    sqlitefile.forget(target)


def _raw(path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_rows_are_the_ones_sqlalchemy_writes(path):
    # The same saves through both paths: a URL with an option is written by SQLAlchemy.
    lean, core = Store(f"sqlite:///{path}"), Store(f"sqlite:///{path}?timeout=15")
    moments = [dt.datetime(2026, 3, 1, 9, 30, tzinfo=UTC), dt.datetime(2026, 6, 1, 17, 5, 7, 123456, tzinfo=UTC),
               dt.datetime(987, 1, 2, 3, 4, 5, 6, tzinfo=UTC)]
    values = ["Ada Ö'Brien <b>", ["choir", "kayaking"], {"a": 1.5, "b": None}]
    items = [("01_self_reflection", f"f{i}", v) for i, v in enumerate(values)]
    lean.save_many("ada", items, saved_at=moments, source="import")
    core.save_many("bo", items, saved_at=moments, source="import")
    rows = _raw(path, "SELECT profile_id, workbook, field, value, saved_at, source FROM revisions ORDER BY id")
    assert [r[1:] for r in rows if r[0] == "ada"] == [r[1:] for r in rows if r[0] == "bo"]
    assert rows[1][4] == "2026-06-01 17:05:07.123456" and rows[2][4] == "0987-01-02 03:04:05.000006"
    assert [r.value for r in lean.history("ada")] == values == [r.value for r in core.history("bo")]
    assert [r.saved_at for r in lean.history("ada")] == moments
    created = _raw(path, "SELECT id, display_name, created_at FROM profiles ORDER BY id")
    assert [c[:2] for c in created] == [("ada", ""), ("bo", "")]
    assert all(dt.datetime.fromisoformat(c[2]) for c in created)
    assert len(created[0][2]) == len(created[1][2]) == len("2026-11-26 05:40:00.123456")


def test_moments_are_kept_in_utc():
    noon_in_paris = dt.datetime(2026, 7, 1, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    assert sqlitefile.stamp(noon_in_paris) == "2026-07-01 10:00:00.000000"
    assert sqlitefile.stamp(dt.datetime(2026, 7, 1, 12, 0)) == "2026-07-01 12:00:00.000000"


def test_a_save_is_all_or_nothing(path):
    writer = sqlitefile.writer(path)
    writer.append("ada", [("01_self_reflection", "hobbies", '["choir"]', "2026-01-01 00:00:00.000000", "form")])
    with pytest.raises(StoreError):  # the second row breaks a NOT NULL rule: the first is not kept either
        writer.append("ada", [("01_self_reflection", "flow_moments", '"kept?"', "2026-01-02 00:00:00.000000", "form"),
                              ("01_self_reflection", None, '"x"', "2026-01-02 00:00:00.000000", "form")])
    assert _raw(path, "SELECT field, value FROM revisions") == [("hobbies", '["choir"]')]
    writer.append("ada", [("01_self_reflection", "flow_moments", '"after"', "2026-01-03 00:00:00.000000", "form")])
    assert len(_raw(path, "SELECT id FROM revisions")) == 2


def test_threads_of_one_kernel_share_the_writer(path):
    store = Store(f"sqlite:///{path}")
    errors: list[BaseException] = []

    def typing(person: str) -> None:
        try:
            for i in range(25):
                store.save(person, "01_self_reflection", "flow_moments", f"{person} {i}")
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=typing, args=(f"p{n}",)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    for n in range(6):
        assert [r.value for r in store.history(f"p{n}")] == [f"p{n} {i}" for i in range(25)]


def _save_in_child(path, person: str) -> None:
    Store(f"sqlite:///{path}").save(person, "00_start_here", "preferred_name", person.title())


def test_a_forked_process_writes_on_its_own_connection(path):
    store = Store(f"sqlite:///{path}")
    store.save("parent", "00_start_here", "preferred_name", "Parent")
    child = multiprocessing.get_context("fork").Process(target=_save_in_child, args=(path, "child"))
    child.start()
    child.join(60)
    assert child.exitcode == 0
    store.save("parent", "00_start_here", "preferred_name", "Parent again")
    assert store.answers("child", "00_start_here") == {"preferred_name": "Child"}
    assert [r.value for r in store.history("parent")] == ["Parent", "Parent again"]


def test_a_restored_file_is_written_not_the_one_it_replaced(path):
    url = f"sqlite:///{path}"
    store = Store(url)
    store.save("ada", "00_start_here", "preferred_name", "Before the backup")
    taken = backup.backup_now(url, reason="daily")
    store.save("ada", "00_start_here", "preferred_name", "After the backup")
    assert sqlitefile.writer(path)._conn is not None
    # Restored by another process (the command line, say): the file is moved aside and
    # the backup copied in its place, so this process's kept connection is on the old one.
    moved = backup.move_aside(path, "replaced")
    backup._copy(taken, path)
    store.save("ada", "00_start_here", "preferred_name", "Written to the restored file")
    values = [v for (v,) in _raw(path, "SELECT value FROM revisions ORDER BY id")]
    assert values == ['"Before the backup"', '"Written to the restored file"']
    assert [v for (v,) in _raw(moved, "SELECT value FROM revisions ORDER BY id")] == \
        ['"Before the backup"', '"After the backup"']


def test_a_missing_file_is_reported_not_created(path, tmp_path):
    gone = tmp_path / "gone" / "answers.sqlite"
    with pytest.raises(StoreError, match="could not be saved"):
        storefront.append_revisions(gone, "ada", [("00_start_here", "hopes", "x")])
    assert not gone.exists()


def test_a_busy_file_is_reported_as_busy_and_nothing_is_lost(path):
    store = Store(f"sqlite:///{path}")
    store.save("ada", "00_start_here", "preferred_name", "Ada")
    ctx = multiprocessing.get_context("fork")
    ready, release = ctx.Event(), ctx.Event()
    holder = ctx.Process(target=hold_exclusive, args=(str(path), ready, release))
    holder.start()
    try:
        assert ready.wait(10)
        with pytest.raises(StoreError) as caught:
            store.save_many("ada", [("00_start_here", "preferred_name", "Ada L")], wait=0.2)
        assert safety.kind_of(caught.value) == "busy"
    finally:
        release.set()
        holder.join(10)
    store.save_many("ada", [("00_start_here", "preferred_name", "Ada L")], wait=5)
    assert [r.value for r in store.history("ada")] == ["Ada", "Ada L"]


def test_closing_the_store_closes_the_kept_connection(path):
    store = Store(f"sqlite:///{path}")
    store.save("ada", "00_start_here", "preferred_name", "Ada")
    assert sqlitefile.writer(path)._conn is not None
    store.close()
    assert sqlitefile.writer(path)._conn is None
    store_module._engines.pop(f"sqlite:///{path}").dispose()
    assert not path.with_name(path.name + "-wal").exists(), "the last connection checkpoints and removes the log"
