"""The store keeps every revision, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading

import pytest
import sqlalchemy as sa

from careerkit.core.storage import store as store_module
from careerkit.core.storage.store import SCHEMA_VERSION, Store, StoreError


def test_save_and_read_back_exactly(any_store):
    values = ["héllo 👋 مرحبا", 42, 3.25, None, ["a", "b"], [{"_id": "r1", "x": "y"}], {"k": [1, 2]}]
    for i, value in enumerate(values):
        any_store.save("p", "01_x", f"f{i}", value)
    current = any_store.answers("p", "01_x")
    assert current == {f"f{i}": v for i, v in enumerate(values)}


def test_newest_revision_wins_and_history_keeps_all(any_store):
    any_store.save("p", "01_x", "a", "first")
    any_store.save("p", "01_x", "a", "second")
    any_store.save("p", "01_x", "b", "other")
    assert any_store.answers("p", "01_x") == {"a": "second", "b": "other"}
    history = any_store.history("p", "01_x", "a")
    assert [r.value for r in history] == ["first", "second"]
    assert history[0].saved_at <= history[1].saved_at
    assert all(r.saved_at.tzinfo is not None for r in history)


def test_profiles_are_separate(any_store):
    any_store.save("alice", "01_x", "a", "mine")
    any_store.save("bob", "01_x", "a", "his")
    assert any_store.answers("alice", "01_x") == {"a": "mine"}
    assert any_store.answers("bob", "01_x") == {"a": "his"}
    assert set(any_store.profiles()) == {"alice", "bob"}


def test_save_many_is_all_or_nothing(any_store):
    with pytest.raises(ValueError):
        any_store.save_many("p", [("01_x", "a", 1), ("01_x", "b", float("nan"))])
    assert any_store.count("p") == 0


def test_history_narrowed_by_time(any_store):
    early = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    late = dt.datetime(2026, 6, 1, tzinfo=dt.timezone.utc)
    any_store.save_many("p", [("01_x", "a", 1), ("01_x", "a", 2)], saved_at=[early, late])
    assert [r.value for r in any_store.history("p", since=dt.datetime(2026, 3, 1, tzinfo=dt.timezone.utc))] == [2]
    assert [r.value for r in any_store.history("p", until=dt.datetime(2026, 3, 1, tzinfo=dt.timezone.utc))] == [1]


def test_delete_answer_workbook_and_profile(any_store):
    any_store.save_many("p", [("01_x", "a", 1), ("01_x", "b", 2), ("02_y", "c", 3)])
    any_store.put_attachment("p", b"\x89PNG...", "image/png", "board.png")
    assert any_store.delete("p", "01_x", "a") == 1
    assert any_store.answers("p", "01_x") == {"b": 2}
    assert any_store.delete("p", "01_x") == 1
    assert any_store.current("p") == {("02_y", "c"): 3}
    any_store.delete("p")
    assert any_store.count("p") == 0 and "p" not in any_store.profiles()
    assert any_store.attachment_keys("p") == []


def test_attachments_are_stored_once_by_content(any_store):
    key = any_store.put_attachment("p", b"GIF89a-bytes", "image/gif", "a.gif")
    again = any_store.put_attachment("p", b"GIF89a-bytes", "image/gif", "b.gif")
    assert key == again and key.startswith("sha256:")
    assert any_store.get_attachment("p", key) == (b"GIF89a-bytes", "image/gif", "a.gif")
    assert any_store.get_attachment("other", key) is None


def test_listeners_hear_each_save(any_store):
    heard = []
    stop = any_store.on_save(heard.append)
    any_store.save("p", "01_x", "a", 1)
    stop()
    any_store.save("p", "01_x", "a", 2)
    assert [r.value for r in heard] == [1]


def test_concurrent_writers_lose_nothing(any_store):
    def write(n: int) -> None:
        for i in range(25):
            any_store.save(f"w{n}", "01_x", "a", i)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert any_store.count() == 150
    assert all(any_store.answers(f"w{n}", "01_x") == {"a": 24} for n in range(6))


def test_schema_version_recorded(any_store):
    assert any_store.schema_version == SCHEMA_VERSION


def _v1_database(path) -> None:
    """A database exactly as the first schema wrote it, with two answers."""
    conn = sqlite3.connect(path)
    conn.executescript(
        """
        CREATE TABLE profiles (id VARCHAR(200) PRIMARY KEY, display_name VARCHAR(200) NOT NULL,
                               created_at TIMESTAMP WITH TIME ZONE NOT NULL);
        CREATE TABLE revisions (id INTEGER PRIMARY KEY AUTOINCREMENT, profile_id VARCHAR(200) NOT NULL,
                                workbook VARCHAR(80) NOT NULL, field VARCHAR(80) NOT NULL, value TEXT NOT NULL,
                                saved_at TIMESTAMP WITH TIME ZONE NOT NULL);
        INSERT INTO profiles VALUES ('me', '', '2026-01-02 10:00:00.000000');
        INSERT INTO revisions (profile_id, workbook, field, value, saved_at)
            VALUES ('me', '01_self_reflection', 'hobbies', '["choir"]', '2026-01-02 10:00:01.000000');
        INSERT INTO revisions (profile_id, workbook, field, value, saved_at)
            VALUES ('me', '01_self_reflection', 'hobbies', '["choir","baking"]', '2026-01-02 10:00:02.000000');
        """
    )
    conn.commit()
    conn.close()


def test_upgrade_from_first_schema_keeps_every_answer(tmp_path):
    path = tmp_path / "old.sqlite"
    _v1_database(path)
    store = Store(f"sqlite:///{path}")
    assert store.schema_version == SCHEMA_VERSION
    history = store.history("me", "01_self_reflection", "hobbies")
    assert [r.value for r in history] == [["choir"], ["choir", "baking"]]
    assert {r.source for r in history} == {"form"}
    store.save("me", "01_self_reflection", "hobbies", ["choir", "baking", "walking"])
    assert store.answers("me", "01_self_reflection") == {"hobbies": ["choir", "baking", "walking"]}
    store.close()


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "future.sqlite"
    Store(f"sqlite:///{path}").close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE careerkit_meta SET value = ? WHERE key = 'schema_version'", (str(SCHEMA_VERSION + 1),))
    conn.commit()
    conn.close()
    store_module._engines.pop(f"sqlite:///{path}", None)
    with pytest.raises(StoreError, match="newer careerkit"):
        Store(f"sqlite:///{path}")


def test_sqlite_uses_wal_and_busy_timeout(sqlite_store):
    with sqlite_store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000


def test_values_are_stored_as_json_text(sqlite_store):
    sqlite_store.save("p", "01_x", "a", {"ü": 1})
    with sqlite_store.engine.connect() as conn:
        raw = conn.execute(sa.text("SELECT value FROM revisions")).scalar_one()
    assert json.loads(raw) == {"ü": 1}


def test_default_location_follows_careerkit_home(monkeypatch, tmp_path):
    monkeypatch.setenv("CAREERKIT_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("CAREERKIT_DATABASE_URL", raising=False)
    assert store_module.database_url() == f"sqlite:///{tmp_path / 'home' / 'answers.sqlite'}"
    monkeypatch.setenv("CAREERKIT_DATABASE_URL", "postgresql+psycopg://u@h/db")
    assert store_module.database_url() == "postgresql+psycopg://u@h/db"


def test_current_of_a_room_is_each_persons_current(any_store, monkeypatch):
    any_store.save_many("ada", [("01_x", "a", 1), ("01_x", "b", "two"), ("02_y", "a", [3])])
    any_store.save_many("ada", [("01_x", "a", 10)])
    any_store.save_many("bo", [("01_x", "a", "bo's")])
    any_store.save_many("cy", [("01_x", "a", None)])
    people = ["bo", "ada", "nobody", "cy", "ada"]
    expected = {p: any_store.current(p) for p in people}
    assert any_store.current_of(people) == expected
    assert list(any_store.current_of(people)) == ["bo", "ada", "nobody", "cy"]
    assert expected["ada"] == {("01_x", "a"): 10, ("01_x", "b"): "two", ("02_y", "a"): [3]}
    monkeypatch.setattr(store_module, "PROFILES_PER_QUERY", 2)  # a room read in several queries
    assert any_store.current_of(people) == expected
    assert any_store.current_of([]) == {}
