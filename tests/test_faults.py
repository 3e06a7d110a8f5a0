"""Faults a person's answers survive: a killed kernel, two tabs, many writers at once,
a busy, read-only, full or damaged answers file, and an answers file from the first schema.

Each test records what it saw in ``build/reliability/`` for ``docs/RELIABILITY.md``.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from careerkit.core.storage import backup, safety, sqlitefile, storefront
from careerkit.core.storage import store as store_module
from careerkit.core.content import FIELD_TYPES
from careerkit.core.examples import example_answers
from careerkit.core.storage.store import Store
from careerkit.presentation.workbook import Workbook
from tests.support.driving import drive
from tests.support.figures import record
from tests.support.locks import hold_exclusive
from tests.support.postgres import fresh_database, require_postgres

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "answers-schema1.sqlite"


def _fresh(url: str) -> Store:
    """A Store on ``url`` with its own connections (as a new process would have)."""
    engine = store_module._engines.pop(url, None)
    if engine is not None:
        engine.dispose()
    storefront._stores.pop(url, None)
    return Store(url)


def _read_in_new_process(home: Path) -> dict:
    """Every current answer under ``home``, read by a brand-new Python process."""
    code = ("import json; from careerkit.core.storage.store import Store, database_url; s = Store(database_url()); "
            "print(json.dumps({f'{wb}.{f}': v for p in s.profiles() for (wb, f), v in s.current(p).items()}))")
    env = {**os.environ, "CAREERKIT_HOME": str(home)}
    env.pop("CAREERKIT_DATABASE_URL", None)
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60, check=True)
    return json.loads(done.stdout)


# -- the kernel is killed right after "saved" ---------------------------------------------

def test_every_field_type_survives_sigkill_after_saved(tmp_path):
    from jupyter_client.manager import start_new_kernel

    home = tmp_path / "home"
    env = {**os.environ, "CAREERKIT_HOME": str(home), "CAREERKIT_PROFILE": "kernel-test", "PYTHONPATH": str(REPO)}
    env.pop("CAREERKIT_DATABASE_URL", None)
    km, kc = start_new_kernel(kernel_name="python3", env=env, cwd=str(REPO), startup_timeout=60)
    try:
        def run(code: str) -> str:
            out: list[str] = []

            def hook(msg):
                if msg["msg_type"] == "stream":
                    out.append(msg["content"]["text"])
                elif msg["msg_type"] == "error":
                    out.append("\n".join(msg["content"]["traceback"]))

            reply = kc.execute_interactive(code, timeout=60, output_hook=hook)
            assert reply["content"]["status"] == "ok", "".join(out)
            return "".join(out)

        def wait_saved(expected: set[str]) -> dict:
            deadline = time.monotonic() + 30
            while True:
                state = json.loads(run("import json; print(json.dumps(filler.state()))"))
                fields = state["fields"]
                if state["pending"] == 0 and set(fields) >= expected and all(f["saved"] for f in fields.values()):
                    return state
                assert time.monotonic() < deadline, f"not all saved: {state}"
                time.sleep(0.1)

        run("from tests.support.driving import Filler\nfiller = Filler()")
        first = [t for t in FIELD_TYPES if t != "ranking"]
        run(f"filler.fill({first!r})")
        wait_saved(set(first))
        run("filler.fill(['ranking'])")  # its items come from a question answered just now
        state = wait_saved(set(FIELD_TYPES))
        pid = km.provisioner.pid
        os.kill(pid, signal.SIGKILL)  # at once: no atexit, no flush, no goodbye
        deadline = time.monotonic() + 10
        while km.is_alive() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not km.is_alive()
    finally:
        kc.stop_channels()
        km.cleanup_resources()

    stored = _read_in_new_process(home)
    shown = {f"{f['workbook']}.{f['field']}": f["value"] for f in state["fields"].values()}
    missing = {ref: value for ref, value in shown.items() if stored.get(ref) != value}
    record("fault_sigkill", field_types=sorted(state["fields"]), answers_shown_saved=len(shown),
           answers_lost=len(missing))
    assert set(state["fields"]) == set(FIELD_TYPES)
    assert missing == {}, f"answers shown as saved but lost after SIGKILL: {missing}"


# -- two tabs on the same workbook ----------------------------------------------------------

def _tab(url: str, name: str, rounds: int, barrier) -> None:
    wb = Workbook("01_self_reflection", store=Store(url), profile="p", delay=0)
    box = wb.field("flow_moments")
    barrier.wait()
    for i in range(rounds):
        drive(box, f"{name} draft {i}")
        assert "Saved" in box.message.value, box.message.value


@pytest.fixture(params=["sqlite", "postgresql"])
def answers_url(request, tmp_path):
    """Where the answers live: a SQLite file, then a fresh schema on the test PostgreSQL server."""
    if request.param == "sqlite":
        yield request.param, f"sqlite:///{tmp_path / 'answers.sqlite'}"
        return
    with fresh_database(require_postgres()) as url:
        yield request.param, url


def test_two_tabs_lose_no_revision_and_the_newest_wins(answers_url):
    backend, url = answers_url
    Store(url).close()
    rounds = 60
    ctx = multiprocessing.get_context("fork")
    barrier = ctx.Barrier(2)
    tabs = [ctx.Process(target=_tab, args=(url, name, rounds, barrier)) for name in ("A", "B")]
    for tab in tabs:
        tab.start()
    for tab in tabs:
        tab.join(60)
    assert [tab.exitcode for tab in tabs] == [0, 0]
    # Tab A types once more, after B: that is the newest answer and must be what shows.
    last = Workbook("01_self_reflection", store=_fresh(url), profile="p", delay=0)
    drive(last.field("flow_moments"), "A final")
    history = last.store.history("p", "01_self_reflection", "flow_moments")
    values = [r.value for r in history]
    typed = {"A final"} | {f"{name} draft {i}" for name in ("A", "B") for i in range(rounds)}
    record("fault_two_tabs" + ("" if backend == "sqlite" else "_postgresql"), tabs=2, revisions_written=2 * rounds + 1, revisions_in_history=len(values),
           answers_lost=len(typed - set(values)))
    assert len(values) == 2 * rounds + 1
    for name in ("A", "B"):
        assert [v for v in values if v.startswith(f"{name} draft")] == [f"{name} draft {i}" for i in range(rounds)]
    assert last.store.answers("p", "01_self_reflection")["flow_moments"] == "A final" == values[-1]
    reopened = Workbook("01_self_reflection", store=_fresh(url), profile="p", delay=0)
    assert reopened.field("flow_moments").input.value == "A final"


# -- thirty writer processes ------------------------------------------------------------------

WRITERS, EACH = 30, 1000


def _writer(url: str, n: int, barrier) -> None:
    store = Store(url)
    barrier.wait()
    for i in range(EACH):
        store.save(f"writer-{n:02d}", "01_self_reflection", "flow_moments", f"{n}:{i}")
    store.close()


def _thirty_writers(url: str, database: str) -> None:
    _fresh(url).close()
    ctx = multiprocessing.get_context("fork")
    barrier = ctx.Barrier(WRITERS + 1)
    procs = [ctx.Process(target=_writer, args=(url, n, barrier)) for n in range(WRITERS)]
    for proc in procs:
        proc.start()
    barrier.wait()
    started = time.perf_counter()
    for proc in procs:
        proc.join(600)
    elapsed = time.perf_counter() - started
    store = _fresh(url)
    lost, out_of_order, histories = 0, 0, {}
    for n in range(WRITERS):
        got = histories[n] = [r.value for r in store.history(f"writer-{n:02d}")]
        expected = [f"{n}:{i}" for i in range(EACH)]
        lost += len(set(expected) - set(got))
        out_of_order += got != [v for v in expected if v in set(got)]
    present = store.count()
    record(f"fault_writers_{database}", database=database, writers=WRITERS, answers_each=EACH,
           revisions_written=WRITERS * EACH, revisions_present=present, answers_lost=lost,
           writers_out_of_order=out_of_order, writers_failed=sum(p.exitcode != 0 for p in procs),
           seconds=round(elapsed, 1), saves_per_second=round(WRITERS * EACH / elapsed))
    assert [proc.exitcode for proc in procs] == [0] * WRITERS
    for n in range(WRITERS):
        expected = [f"{n}:{i}" for i in range(EACH)]
        assert histories[n] == expected, f"writer {n}: {len(histories[n])} revisions"
        assert store.answers(f"writer-{n:02d}", "01_self_reflection") == {"flow_moments": f"{n}:{EACH - 1}"}
    assert present == WRITERS * EACH
    store.close()


def test_thirty_writers_on_sqlite_keep_every_revision(tmp_path):
    _thirty_writers(f"sqlite:///{tmp_path / 'answers.sqlite'}", "sqlite")


@pytest.mark.postgres
def test_thirty_writers_on_postgresql_keep_every_revision():
    with fresh_database(require_postgres()) as url:
        _thirty_writers(url, "postgresql")


# -- a busy, read-only, full or damaged answers file ---------------------------------------------

@pytest.fixture
def seeded(tmp_path):
    """An answers file with the example person's answers, and its URL."""
    url = f"sqlite:///{tmp_path / 'answers.sqlite'}"
    store = _fresh(url)
    store.save_many("p", example_answers(), source="example")
    before = store.current("p")
    return url, store, before


def _safe_mode_round(wb: Workbook, make_trouble, end_trouble, kind: str, before: dict, figure: str = "",
                     **facts) -> dict:
    """Type while the file is in trouble, check the person is told and nothing is lost,
    end the trouble, and check what was typed is then saved."""
    wb.saver.wait = 0.2
    box = wb.field("reflection_energy")
    header = wb.header()
    make_trouble()
    try:
        drive(box, f"Typed while the file was {kind}")
        assert "Not saved yet" in box.message.value
        assert wb.saver.pending == 1 and wb.saver.problem == kind
        assert safety.message_for(kind) in wb.notice().value
        assert wb.notice() in header.children
        drive(box, f"Typed again while the file was {kind}")  # still held, newest kept
        assert wb.saver.pending == 1
        readable = wb.store.current("p") if kind != "damaged" else before
        assert readable == before, "answers saved before changed while the file was in trouble"
    finally:
        end_trouble()
    wb.saver.flush()
    now = wb.store.current("p")
    typed = f"Typed again while the file was {kind}"
    lost = {key for key, value in before.items()
            if key != ("01_self_reflection", "reflection_energy") and now.get(key) != value}
    result = {"held_then_saved": now.get(("01_self_reflection", "reflection_energy")) == typed,
              "answers_lost": len(lost) + (now.get(("01_self_reflection", "reflection_energy")) != typed),
              "message": safety.message_for(kind)}
    if figure:
        record(figure, **facts, **result)
    assert wb.saver.pending == 0 and wb.saver.problem is None
    assert "Saved" in box.message.value and wb.notice().value == ""
    assert now[("01_self_reflection", "reflection_energy")] == typed
    assert lost == set()
    return result


def test_busy_file_holds_typing_and_saves_when_free(seeded):
    url, store, before = seeded
    wb = Workbook("01_self_reflection", store=store, profile="p", delay=0)
    ctx = multiprocessing.get_context("fork")
    ready, release = ctx.Event(), ctx.Event()
    holder = ctx.Process(target=hold_exclusive, args=(store.engine.url.database, ready, release))

    def lock():
        holder.start()
        assert ready.wait(10)

    def unlock():
        release.set()
        holder.join(10)

    _safe_mode_round(wb, lock, unlock, "busy", before, "fault_busy",
                     fault="answers file locked by another process (BEGIN EXCLUSIVE)")


def _on_every_write_connection(monkeypatch, path, statement: str | None) -> None:
    """Run ``statement`` on every connection that saves answers to ``path`` from now on
    (None: back to normal); open connections are closed first, as a fault would find them."""
    if statement is None:
        monkeypatch.setattr(sqlitefile, "connect", _plain_connect)
    else:
        def connect(target):
            conn = _plain_connect(target)
            conn.execute(statement)
            return conn

        monkeypatch.setattr(sqlitefile, "connect", connect)
    sqlitefile.forget(path)


_plain_connect = sqlitefile.connect


def test_read_only_file_opens_shows_answers_and_holds_typing(seeded, monkeypatch):
    url, store, before = seeded
    store.close()
    path = store.engine.url.database
    read_only = _fresh(f"sqlite:///file:{path}?mode=ro&uri=true")
    assert read_only.current("p") == before  # a read-only file still opens and shows everything
    wb = Workbook("01_self_reflection", store=read_only, profile="p", delay=0)
    box = wb.field("reflection_energy")
    assert box.input.value == before[("01_self_reflection", "reflection_energy")]
    drive(box, "Typed on a read-only file")
    assert wb.saver.problem == "readonly" and wb.saver.pending == 1
    assert safety.message_for("readonly") in wb.notice().value

    # The same file turning read-only under an open workbook, and writable again.
    writable = _fresh(url)
    wb2 = Workbook("01_self_reflection", store=writable, profile="p", delay=0)

    def query_only(dbapi, _record):
        dbapi.execute("PRAGMA query_only = 1")

    def make_read_only():
        writable.engine.dispose()
        sa.event.listen(writable.engine, "connect", query_only)
        _on_every_write_connection(monkeypatch, path, "PRAGMA query_only = 1")

    def make_writable():
        sa.event.remove(writable.engine, "connect", query_only)
        writable.engine.dispose()
        _on_every_write_connection(monkeypatch, path, None)

    _safe_mode_round(wb2, make_read_only, make_writable, "readonly", before, "fault_read_only",
                     fault="answers file read-only (opened read-only; writes refused)",
                     opened_read_only_with_all_answers=True)


def test_full_disk_holds_typing_and_saves_when_there_is_room(seeded, monkeypatch):
    url, store, before = seeded
    path = store.engine.url.database
    wb = Workbook("01_self_reflection", store=store, profile="p", delay=0)
    with store.engine.connect() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()

    def cap(dbapi, _record):
        dbapi.execute(f"PRAGMA max_page_count = {pages}")

    def fill_disk():
        store.engine.dispose()
        sa.event.listen(store.engine, "connect", cap)
        _on_every_write_connection(monkeypatch, path, f"PRAGMA max_page_count = {pages}")
        # Use the room that is left, down to small gaps, so the next answer finds no space.
        for size in (3000, 300, 10):
            with pytest.raises(store_module.StoreError, match="full"):
                for _ in range(10_000):
                    store.save("filler", "01_self_reflection", "flow_moments", "x" * size)

    def free_space():
        sa.event.remove(store.engine, "connect", cap)
        store.engine.dispose()
        _on_every_write_connection(monkeypatch, path, None)

    _safe_mode_round(wb, fill_disk, free_space, "full", before, "fault_full_disk",
                     fault="disk full (SQLite max_page_count reached)")


def _page_of(path: Path, name: str, *, leaf: bool = True) -> int:
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT pageno FROM dbstat WHERE name = ? AND pagetype = ? ORDER BY pageno",
                            (name, "leaf" if leaf else "internal")).fetchall()
        size = conn.execute("PRAGMA page_size").fetchone()[0]
    finally:
        conn.close()
    assert rows, f"no {name} page found"
    return (rows[0][0] - 1) * size


CORRUPTIONS = {
    # where the bytes are overwritten: (offset finder, what is overwritten)
    "header": lambda path: 0,
    "first revisions page": lambda path: _page_of(path, "revisions"),
    "index page": lambda path: _page_of(path, "ix_revisions_current"),
}


@pytest.mark.parametrize("where", list(CORRUPTIONS))
def test_damaged_file_is_repaired_from_backup_and_what_can_be_read(tmp_path, where, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("CAREERKIT_HOME", str(home))
    url = store_module.database_url()
    store = _fresh(url)
    store.save_many("p", example_answers("01_self_reflection"), source="example")
    assert backup.backup_now(url, reason="daily") is not None
    store.save_many("p", example_answers("00_start_here"))  # after the backup: only the damaged file has these
    store.save("p", "01_self_reflection", "hobbies", ["choir", "kayaking"])
    before = {"current": store.current("p"), "history": [(r.id, r.value) for r in store.history("p")]}
    store.close()  # checkpointed: every answer is in the main file now
    path = Path(store.engine.url.database)
    offset = CORRUPTIONS[where](path)
    with open(path, "r+b") as handle:
        handle.seek(offset)
        handle.write(os.urandom(1024) if where != "header" else b"\x00garbage-garbage" * 6)

    storefront._stores.pop(url, None)
    opened = storefront.open_store(url)
    assert "damaged" in opened.notice and "kept, untouched" in opened.notice
    after = {"current": opened.current("p"), "history": [(r.id, r.value) for r in opened.history("p")]}
    lost = [rev for rev in before["history"] if rev not in after["history"]]
    record(f"fault_damaged_{where.replace(' ', '_')}", fault=f"answers file damaged: 1 KiB overwritten in the {where}",
           revisions_before=len(before["history"]), revisions_after_repair=len(after["history"]),
           answers_lost=len(lost), message=opened.notice)
    assert lost == [], f"{len(lost)} revisions lost after damage to the {where}"
    assert after["current"] == before["current"]
    damaged = [p for p in path.parent.iterdir() if ".damaged-" in p.name and p.suffix == ".sqlite"]
    assert len(damaged) == 1 and damaged[0].stat().st_size > 0  # moved aside, never deleted
    # The workbook opens and works, and says what happened.
    wb = Workbook("01_self_reflection", store=opened, profile="p", delay=0)
    assert "damaged" in wb.notice().value
    drive(wb.field("reflection_energy"), "Written after the repair")
    assert _fresh(url).answers("p", "01_self_reflection")["reflection_energy"] == "Written after the repair"


def test_damage_found_while_typing_is_repaired_and_the_typing_saved(tmp_path, monkeypatch):
    monkeypatch.setenv("CAREERKIT_HOME", str(tmp_path))
    url = store_module.database_url()
    store = _fresh(url)
    store.save_many("p", example_answers("01_self_reflection"), source="example")
    backup.backup_now(url, reason="daily")
    wb = Workbook("01_self_reflection", store=store, profile="p", delay=0)
    notice = wb.notice()  # on the page before the damage: it must update by itself
    assert notice.value == ""
    before = store.current("p")
    store.close()
    path = Path(store.engine.url.database)
    with open(path, "r+b") as handle:
        handle.write(b"\x00" * 100)
    drive(wb.field("reflection_energy"), "Typed as the file broke")
    assert wb.saver.pending == 0, wb.field("reflection_energy").message.value
    assert "damaged" in notice.value and "kept, untouched" in notice.value
    now = _fresh(url).current("p")
    assert now[("01_self_reflection", "reflection_energy")] == "Typed as the file broke"
    assert all(now[key] == value for key, value in before.items() if key[1] != "reflection_energy")


# -- an answers file from the first schema ------------------------------------------------------

def test_first_schema_fixture_upgrades_with_every_answer_intact(tmp_path):
    path = tmp_path / "answers.sqlite"
    shutil.copy(FIXTURE, path)
    raw = sqlite3.connect(path)
    old = raw.execute("SELECT id, profile_id, workbook, field, value FROM revisions ORDER BY id").fetchall()
    raw.close()
    assert len(old) > 50
    store = _fresh(f"sqlite:///{path}")
    assert store.schema_version == store_module.SCHEMA_VERSION
    upgraded = [(r.id, r.profile, r.workbook, r.field, r.value) for p in store.profiles() for r in store.history(p)]
    original = [(i, p, wb, f, json.loads(v)) for i, p, wb, f, v in old]
    record("fault_old_schema", fault="answers file written by schema 1, opened by schema "
           f"{store_module.SCHEMA_VERSION}", revisions_before=len(old), revisions_after=len(upgraded),
           answers_lost=sum(rev not in upgraded for rev in original),
           backup_before_upgrade=bool(backup.list_backups(f"sqlite:///{path}")))
    assert sorted(upgraded) == [(i, p, wb, f, json.loads(v)) for i, p, wb, f, v in old]
    assert {r.source for p in store.profiles() for r in store.history(p)} == {"form"}
    assert set(store.profiles()) == {"me", "sam"}
    taken = backup.list_backups(f"sqlite:///{path}")
    assert [b.reason for b in taken] == ["before-upgrade-1-to-" + str(store_module.SCHEMA_VERSION)]
    assert backup.check_file(taken[0].path) is None
    store.save("me", "01_self_reflection", "hobbies", ["choir"])
    assert store.answers("me", "01_self_reflection")["hobbies"] == ["choir"]
