"""Faults of the answers file a person can meet, each reproduced as it was reported
(issue 13): one bad byte, an emptied or deleted file next to good backups, a
read-only episode, read-only media, and what backups leave behind.

Nothing already saved may be lost, and the person gets one clear message.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from careerkit.core.storage import backup, safety, sqlitefile, storefront
from careerkit.core.storage import store as store_module
from careerkit.core.storage.store import Store, StoreError
from careerkit.presentation.workbook import Workbook
from tests.support.figures import record

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "answers-schema1.sqlite"
WB = "01_self_reflection"


def _forget_process_state(url: str) -> None:
    """Drop this process's connections and stores of ``url``, as a new process would start."""
    engine = store_module._engines.pop(url, None)
    if engine is not None:
        engine.dispose()
    storefront._stores.pop(url, None)
    path = storefront.sqlite_file(url)
    if path is not None:
        sqlitefile.forget(path)


@pytest.fixture
def home(tmp_path, monkeypatch):
    """A fresh CAREERKIT_HOME; yields the URL of its answers file."""
    folder = tmp_path / "home"
    monkeypatch.setenv("CAREERKIT_HOME", str(folder))
    monkeypatch.delenv("CAREERKIT_DATABASE_URL", raising=False)
    url = storefront.database_url()
    yield url
    _forget_process_state(url)


def _seed(url: str) -> dict:
    store = Store(url)
    store.save_many("p", [(WB, "reflection_energy", "café"), (WB, "flow_moments", "Writing at dawn"),
                          (WB, "hobbies", ["choir", "kayaking"]), ("00_start_here", "hopes", "A calling")])
    before = store.current("p")
    store.close()
    _forget_process_state(url)
    return before


def _overwrite(path: Path, old: bytes, new: bytes) -> None:
    data = path.read_bytes()
    assert data.count(old) == 1, f"{old!r} found {data.count(old)} times"
    with open(path, "r+b") as handle:
        handle.seek(data.index(old))
        handle.write(new)


def _cafe_broken(url: str) -> Path:
    # The reported fault: the UTF-8 bytes C3 A9 of "café" overwritten with C3 28.
    path = storefront.sqlite_file(url)
    _overwrite(path, "café".encode(), b"caf\xc3\x28")
    assert sqlite3.connect(path).execute("PRAGMA quick_check").fetchone()[0] == "ok"  # SQLite sees nothing wrong
    return path


# -- 1. one bad byte in one saved answer ----------------------------------------------------------

@pytest.mark.parametrize("when", ["before opening", "while open"])
def test_one_bad_byte_hides_no_other_answer(home, when):
    url = home
    before = _seed(url)
    if when == "while open":
        opened = storefront.open_store(url)
        assert opened.current("p") == before
        _cafe_broken(url)
    else:
        _cafe_broken(url)
        opened = storefront.open_store(url)
    wb = Workbook(WB, store=opened, profile="p", delay=0)
    shown = wb.answers
    others = {key: value for key, value in before.items() if key != (WB, "reflection_energy")}
    got = {key: shown.get_answer(f"{key[0]}.{key[1]}") for key in others}
    record(f"fault_bad_byte_{when.replace(' ', '_')}", fault="one answer's UTF-8 bytes C3 A9 overwritten with C3 28",
           answers_before=len(before), other_answers_shown=sum(got[k] == v for k, v in others.items()),
           answers_lost=sum(got[k] != v for k, v in others.items()),
           unreadable_reported="1 saved change could not be read" in opened.notice, message=opened.notice)
    assert got == others
    assert wb.field("flow_moments").input.value == "Writing at dawn"
    notice = opened.notice
    assert "1 saved change could not be read" in notice and "kept in the damaged file" in notice
    assert "cannot be read at this moment" not in wb.notice().value
    damaged = [p for p in Path(storefront.sqlite_file(url)).parent.iterdir() if ".damaged-" in p.name
               and p.suffix == ".sqlite"]
    assert len(damaged) == 1 and b"caf\xc3\x28" in damaged[0].read_bytes()  # kept aside, as it was
    wb.saver.flush()


def test_one_bad_byte_does_not_stop_history_or_export(home):
    url = home
    before = _seed(url)
    _cafe_broken(url)
    env = {**os.environ, "CAREERKIT_HOME": str(storefront.home())}
    for command in (["history", "--profile", "p"], ["export", "--profile", "p"]):
        done = subprocess.run([sys.executable, "-m", "careerkit.serving.cli", *command], env=env, capture_output=True,
                              text=True, timeout=120)
        assert done.returncode == 0, done.stderr[-2000:]
        assert "Traceback" not in done.stderr
    assert "Writing at dawn" in done.stdout
    store = Store(url)
    assert store.current("p")[(WB, "flow_moments")] == before[(WB, "flow_moments")]


def test_a_read_error_in_the_full_store_starts_the_repair(home):
    url = home
    before = _seed(url)
    store = safety.open_checked(url, checked=True)  # as a page's QuickStore opens the full store
    _cafe_broken(url)
    history = store.history("p")  # reads through SQLAlchemy: repaired, then read again
    assert [((r.workbook, r.field), r.value) for r in history] == [
        (key, value) for key, value in before.items() if key != (WB, "reflection_energy")]
    assert "1 saved change could not be read" in store.notice
    store.close()


def test_a_store_given_no_repair_step_reports_the_damage_and_leaves_the_file(home):
    url = home
    _seed(url)
    store = Store(url)  # opened directly, not the safe way: it is handed no repair step
    path = _cafe_broken(url)
    with pytest.raises(StoreError) as raised:
        store.history("p")
    assert raised.value.kind == "damaged"
    assert b"caf\xc3\x28" in path.read_bytes() and not list(path.parent.glob("*.damaged-*"))
    store.close()


# -- 2. an answers file emptied or deleted next to good backups ------------------------------------

@pytest.mark.parametrize("how", ["emptied", "deleted"])
def test_an_emptied_or_deleted_file_comes_back_from_the_backups(home, how):
    url = home
    before = _seed(url)
    assert backup.backup_now(url, reason="daily") is not None
    path = storefront.sqlite_file(url)
    if how == "emptied":
        path.write_bytes(b"")
    else:
        path.unlink()
    opened = storefront.open_store(url)
    now = opened.current("p")
    record(f"fault_answers_file_{how}", fault=f"answers file {how} next to a backup that holds them",
           answers_before=len(before), answers_back=sum(now.get(k) == v for k, v in before.items()),
           answers_lost=sum(now.get(k) != v for k, v in before.items()), message=opened.notice)
    assert now == before
    assert "brought back your answers" in opened.notice
    assert ("empty" if how == "emptied" else "missing") in opened.notice
    wb = Workbook(WB, store=opened, profile="p", delay=0)
    assert "brought back" in wb.notice().value


def test_pruning_keeps_the_newest_backup_that_holds_answers(home):
    url = home
    _seed(url)
    day = dt.datetime(2026, 11, 1, tzinfo=dt.timezone.utc)
    good = backup.backup_now(url, reason="daily", now=day)
    path = storefront.sqlite_file(url)
    backup.move_aside(path, "elsewhere")
    Store(url).close()  # a new, empty answers file (no answers), backed up day after day
    _forget_process_state(url)
    for n in range(1, backup.KEEP + 3):
        backup.backup_now(url, reason="daily", now=day + dt.timedelta(days=n))
    kept = backup.list_backups(url)
    assert good in [b.path for b in kept] and backup.holds_answers(good)
    assert len(kept) == backup.KEEP + 1


# -- 4. saving again after a read-only episode ----------------------------------------------------

def test_saving_works_again_after_a_read_only_episode(home, monkeypatch):
    url = home
    _seed(url)
    store = storefront.open_store(url)
    path = storefront.sqlite_file(url)
    writable_connect = sqlitefile.connect

    def read_only_connect(target):
        # What SQLite does when the disk is read-only as the connection is opened:
        # the file is opened read-only, and stays so for the life of the connection.
        conn = sqlite3.connect(Path(target).absolute().as_uri() + "?mode=ro", uri=True, isolation_level=None,
                               check_same_thread=False)
        conn.text_factory = sqlitefile.text
        return conn

    sqlitefile.forget(path)
    monkeypatch.setattr(sqlitefile, "connect", read_only_connect)  # the disk turns read-only
    with pytest.raises(StoreError) as caught:
        store.save("p", WB, "flow_moments", "During the episode")
    assert caught.value.kind == "readonly"
    monkeypatch.setattr(sqlitefile, "connect", writable_connect)  # writable again; nothing else happens
    try:
        store.save_many("p", [(WB, "flow_moments", "After the episode")], wait=1)
    finally:
        saved = store.answers("p", WB).get("flow_moments") == "After the episode"
        record("fault_read_only_episode", fault="the disk read-only while the kept connection was opened, "
               "then writable again", saved_after_episode=saved, answers_lost=int(not saved))
    assert saved


# -- 13. read-only media -----------------------------------------------------------------------------

@contextlib.contextmanager
def read_only_media(folder: Path):
    """Make ``folder`` (and its files) live on a read-only filesystem while the block runs.

    As root, permissions do not stop writing, so the folder's files are moved onto a
    tmpfs mounted over it and remounted read-only; otherwise the folder and its files
    lose their write permissions.
    """
    if os.geteuid() != 0:
        modes = {p: p.stat().st_mode for p in [folder, *folder.rglob("*")]}
        for p in modes:
            p.chmod(0o555 if p.is_dir() else 0o444)
        try:
            yield
        finally:
            for p, mode in modes.items():
                p.chmod(mode)
        return
    staging = Path(tempfile.mkdtemp(prefix="careerkit-ro-"))
    for entry in folder.iterdir():
        shutil.move(str(entry), staging / entry.name)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "careerkit-ro", str(folder)], capture_output=True, text=True)
    if mounted.returncode != 0:
        for entry in staging.iterdir():
            shutil.move(str(entry), folder / entry.name)
        pytest.skip(f"cannot mount a read-only filesystem here: {mounted.stderr.strip()}")
    try:
        for entry in staging.iterdir():
            shutil.copy2(entry, folder / entry.name) if entry.is_file() else shutil.copytree(entry, folder / entry.name)
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        yield
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)
        for entry in staging.iterdir():
            shutil.move(str(entry), folder / entry.name)
        shutil.rmtree(staging, ignore_errors=True)


@pytest.mark.parametrize("kind", ["schema 1", "current, closed cleanly"])
def test_answers_on_read_only_media_open_and_say_saving_is_paused(home, kind):
    url = home
    path = storefront.sqlite_file(url)
    if kind == "schema 1":
        path.parent.mkdir(parents=True)
        shutil.copy(FIXTURE, path)
        raw = sqlite3.connect(path)
        expected = {(wb, f): json.loads(v) for wb, f, v in raw.execute(
            "SELECT workbook, field, value FROM revisions WHERE id IN "
            "(SELECT max(id) FROM revisions WHERE profile_id = 'me' GROUP BY workbook, field)")}
        raw.close()
        profile = "me"
    else:
        expected = _seed(url)
        profile = "p"
    assert not path.with_name(path.name + "-wal").exists()
    original = path.read_bytes()
    files = sorted(p.name for p in path.parent.iterdir())
    with read_only_media(path.parent):
        opened = storefront.open_store(url)
        shown = opened.current(profile)
        record(f"fault_read_only_media_{'schema1' if kind == 'schema 1' else 'current'}",
               fault=f"answers file ({kind}) on a read-only filesystem", answers_expected=len(expected),
               answers_shown=sum(shown.get(k) == v for k, v in expected.items()),
               answers_lost=sum(shown.get(k) != v for k, v in expected.items()), message=opened.notice)
        assert shown == expected
        assert "read-only" in opened.notice and "saving is paused" in opened.notice
        wb = Workbook(WB, store=opened, profile=profile, delay=0)
        assert "saving is paused" in wb.notice().value
        box = wb.field("flow_moments")
        box.input.value = "Typed on read-only media"
        wb.saver.flush()
        assert wb.saver.pending == 1 and wb.saver.problem == "readonly"
        assert "read-only" in wb.notice().value
        _forget_process_state(url)
        assert path.read_bytes() == original  # nothing changed on the media
        assert sorted(p.name for p in path.parent.iterdir()) == files


# -- 15. what backups leave behind ----------------------------------------------------------------

def test_backups_leave_no_partial_files(home):
    url = home
    _seed(url)
    store = storefront.open_store(url)  # takes the daily backup
    store.save("p", WB, "flow_moments", "More")
    taken = backup.backup_now(url, reason="manual")
    folder = backup.backup_dir(url)
    assert sorted(p.name for p in folder.iterdir()) == sorted(b.path.name for b in backup.list_backups(url))
    assert taken is not None


# -- 1. many bad bytes: the reported "200 random bytes flipped" ---------------------------------

@pytest.mark.parametrize("seed", range(1, 6))
def test_two_hundred_flipped_bytes_are_repaired_and_every_backed_up_answer_shown(home, seed):
    import random

    url = home
    before = _seed(url)
    assert backup.backup_now(url, reason="daily") is not None
    path = storefront.sqlite_file(url)
    data = bytearray(path.read_bytes())
    rng = random.Random(seed)
    for offset in rng.sample(range(100, len(data)), 200):   # past SQLite's header, as a disk fault would
        data[offset] ^= 1 << rng.randrange(8)
    path.write_bytes(bytes(data))
    opened = storefront.open_store(url)
    wb = Workbook(WB, store=opened, profile="p", delay=0)
    shown = {key: wb.answers.get_answer(f"{key[0]}.{key[1]}") for key in before}
    assert "cannot be read at this moment" not in wb.notice().value
    assert shown == before, f"answers the backup holds were not shown: {opened.notice}"
    wb.field("flow_moments").input.value = "Typed after the repair"
    wb.saver.flush()
    assert wb.saver.pending == 0 and wb.saver.problem is None
