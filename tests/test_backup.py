"""Rolling backups of the answers file: daily, before upgrades, kept to a few, restorable."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from careerkit.core.storage import backup, storefront
from careerkit.core.storage import store as store_module
from careerkit.core.storage.store import Store

DAY = dt.timedelta(days=1)
T0 = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def url(tmp_path):
    address = f"sqlite:///{tmp_path / 'answers.sqlite'}"
    store = Store(address)
    store.save("p", "01_self_reflection", "hobbies", ["choir"])
    yield address
    store.close()


def test_a_backup_is_a_sound_copy_in_the_backups_folder(url, tmp_path):
    made = backup.backup_now(url, reason="manual", now=T0)
    assert made.parent == tmp_path / "backups" and made.name == "answers-20260301-090000-manual.sqlite"
    assert backup.check_file(made) is None
    conn = sqlite3.connect(made)
    assert conn.execute("SELECT value FROM revisions").fetchall() == [('["choir"]',)]
    conn.close()
    assert not list((tmp_path / "backups").glob("*.partial"))


def test_daily_backup_once_a_day_and_only_the_newest_are_kept(url):
    assert backup.daily_backup(url, now=T0) is not None
    assert backup.daily_backup(url, now=T0 + dt.timedelta(hours=23)) is None
    for day in range(1, 12):
        assert backup.daily_backup(url, now=T0 + day * DAY) is not None
    kept = backup.list_backups(url)
    assert len(kept) == backup.KEEP
    assert [b.taken_at for b in kept] == [T0 + day * DAY for day in range(11, 11 - backup.KEEP, -1)]


def test_two_backups_in_the_same_second_both_exist(url):
    first = backup.backup_now(url, now=T0)
    second = backup.backup_now(url, now=T0)
    assert first != second and first.exists() and second.exists()
    assert [b.path for b in backup.list_backups(url)] == [second, first]


def test_open_store_takes_the_daily_backup(tmp_path, monkeypatch):
    monkeypatch.setenv("CAREERKIT_HOME", str(tmp_path))
    address = store_module.database_url()
    Store(address).save("p", "01_self_reflection", "hobbies", ["choir"])
    storefront._stores.pop(address, None)
    storefront.open_store(address)
    assert [b.reason for b in backup.list_backups(address)] == ["daily"]
    assert (tmp_path / "backups").is_dir()


def test_restore_brings_answers_back_and_keeps_the_current_ones(url):
    store = Store(url)
    taken = backup.backup_now(url, reason="daily", now=T0)
    store.save("p", "01_self_reflection", "hobbies", ["choir", "mistake"])
    kept = backup.restore_backup(taken, url)
    assert store.answers("p", "01_self_reflection") == {"hobbies": ["choir"]}
    assert kept is not None and backup.check_file(kept) is None
    assert any(b.reason == "before-restore" for b in backup.list_backups(url))
    # Going back again is possible: the answers before the restore were kept.
    backup.restore_backup(kept, url)
    assert store.answers("p", "01_self_reflection") == {"hobbies": ["choir", "mistake"]}


def test_restore_over_a_damaged_file_moves_it_aside(url, tmp_path):
    taken = backup.backup_now(url, now=T0)
    Store(url).close()
    with open(tmp_path / "answers.sqlite", "r+b") as handle:
        handle.write(b"\xff" * 100)
    moved = backup.restore_backup(taken, url)
    assert moved is not None and ".damaged-" in moved.name and moved.read_bytes()[:4] == b"\xff" * 4
    assert Store(url).answers("p", "01_self_reflection") == {"hobbies": ["choir"]}


def test_a_broken_backup_is_refused(url, tmp_path):
    broken = tmp_path / "broken.sqlite"
    broken.write_bytes(b"not a database at all" * 100)
    with pytest.raises(ValueError, match="cannot be restored"):
        backup.restore_backup(broken, url)
    assert Store(url).answers("p", "01_self_reflection") == {"hobbies": ["choir"]}


def test_postgresql_is_left_to_its_own_tools():
    assert backup.sqlite_path("postgresql+psycopg://u@h/db") is None
    assert backup.backup_now("postgresql+psycopg://u@h/db") is None
    assert backup.list_backups("postgresql+psycopg://u@h/db") == []
