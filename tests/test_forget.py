"""Forgetting: one answer, one workbook or everything, and no trace left behind."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from careerkit.core import examples
from careerkit.core.storage.store import Store
from careerkit.presentation.views import view_for
from careerkit.presentation.workbook import Workbook

WB = "00_start_here"


@pytest.fixture
def store(tmp_path):
    s = Store(f"sqlite:///{tmp_path}/f.sqlite")
    yield s
    s.close()


def database_bytes(store: Store) -> bytes:
    """Every byte careerkit keeps for this store: the file, its journal and every backup."""
    path = Path(store.url[len("sqlite:///"):])
    files = [path, Path(f"{path}-wal"), Path(f"{path}-shm")]
    files += sorted((path.parent / "backups").glob("*")) if (path.parent / "backups").is_dir() else []
    return b"".join(p.read_bytes() for p in files if p.exists())


def test_forgetting_the_whole_profile_leaves_no_trace(store):
    secret = f"zq-{uuid.uuid4().hex}"
    examples.seed(store, "p")
    examples.seed(store, "neighbour")
    store.save("p", WB, "hopes", f"My secret plan {secret}")
    store.save("p", WB, "hopes", "something else")       # the secret now lives only in history
    store.add_checkin("p", f"check-in {secret}")
    store.put_attachment("p", f"image {secret}".encode(), "image/png", f"{secret}.png")
    from careerkit.core.storage.backup import backup_now, list_backups

    backup_now(store.url, reason="manual")
    assert list_backups(store.url) and secret.encode() in database_bytes(store)
    store.delete("p")
    assert secret.encode() not in database_bytes(store)
    assert store.count("p") == 0 and store.checkins("p") == [] and "p" not in store.profiles()
    assert store.count("neighbour") > 0          # nobody else's answers are touched


def test_forgetting_one_answer_or_one_workbook(store):
    examples.seed(store, "p")
    store.delete("p", WB, "hopes")
    assert "hopes" not in store.answers("p", WB) and "stage" in store.answers("p", WB)
    assert store.history("p", WB, "hopes") == []
    store.delete("p", "01_self_reflection")
    assert store.answers("p", "01_self_reflection") == {} and store.answers("p", WB)


def test_the_forget_panel_asks_for_the_word_before_deleting(store):
    examples.seed(store, "p")
    wb = Workbook(WB, store=store, profile="p", delay=0)
    name = wb.field("preferred_name")
    panel = view_for(WB, "forget")(wb)
    panel.scope.value = "field"
    panel.workbook.value = WB
    panel.field.value = "preferred_name"
    panel.confirm.click()                       # not asked yet: nothing happens
    assert "preferred_name" in store.answers("p", WB)
    panel.start.click()
    assert panel.confirmation.layout.display == "" and panel.confirm.disabled
    panel.word.value = "forgot"
    assert panel.confirm.disabled
    panel.confirm.click()
    assert "preferred_name" in store.answers("p", WB)
    panel.word.value = "Forget"
    assert not panel.confirm.disabled
    panel.confirm.click()
    assert "preferred_name" not in store.answers("p", WB) and "stage" in store.answers("p", WB)
    assert name.value is None                   # the form shows it is gone

    panel.scope.value = "all"
    panel.start.click()
    panel.cancel.click()
    assert store.count("p") > 0
    panel.start.click()
    panel.word.value = "forget"
    panel.confirm.click()
    assert store.count("p") == 0 and "Forgotten" in panel.message.value


def _all_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def test_forgetting_everything_after_a_repair_leaves_nothing_in_the_damaged_copy(tmp_path):
    from careerkit.core.storage import safety

    url = f"sqlite:///{tmp_path}/answers.sqlite"
    store = Store(url)
    secret = f"zq-{uuid.uuid4().hex}"
    store.save("p", WB, "hopes", f"My secret plan {secret}")
    store.close()
    path = tmp_path / "answers.sqlite"
    with open(path, "r+b") as handle:  # damage the header: the file is repaired, moved aside
        handle.write(b"\x00" * 100)
    safety.recover(url, "damaged")
    assert any(".damaged-" in p.name for p in tmp_path.iterdir()) and secret.encode() in _all_bytes(tmp_path)
    Store(url).delete("p")
    assert secret.encode() not in _all_bytes(tmp_path)


def test_forgetting_a_workbook_forgets_its_pictures(store):
    from careerkit.core import exchange
    from careerkit.workbooks.goals_vision import vision

    board = vision.add_card([], store.put_attachment("p", b"\x89PNG\r\n\x1a\n-secret-picture", "image/png"), "x")
    store.save("p", "04_goals_vision", "vision_board", board)
    store.save("p", WB, "hopes", "kept")
    store.delete("p", "04_goals_vision")
    assert store.attachment_keys("p") == []
    assert b"-secret-picture" not in database_bytes(store)
    assert "secret-picture" not in exchange.dumps(exchange.export(store, "p"))
    assert store.answers("p", WB) == {"hopes": "kept"}


def test_forgetting_a_workshop_participant_removes_every_workshop_row(tmp_path):
    from careerkit.serving.workshop.db import WorkshopDB

    store = Store(f"sqlite:///{tmp_path}/w.sqlite")
    db = WorkshopDB(store, code_cost=2)
    db.create_workshop("spring")
    profile, code = db.join("spring", cost=2)
    token = db.start_session(profile, browser="the participant's browser")
    assert db.session_profile("spring", token, browser="the participant's browser") == profile
    store.save(profile, WB, "hopes", "mine")
    store.delete(profile)
    with store.engine.connect() as conn:
        left = {table: conn.exec_driver_sql(f"SELECT count(*) FROM {table} WHERE profile = ?", (profile,)).scalar()
                for table in ("workshop_participants", "workshop_shared", "workshop_sessions")}
    assert left == {"workshop_participants": 0, "workshop_shared": 0, "workshop_sessions": 0}
    # an old ?s= link no longer opens the profile, even in the browser that started it
    assert db.session_profile("spring", token, browser="the participant's browser") is None
    assert not db.resume("spring", code).ok
    store.close()
