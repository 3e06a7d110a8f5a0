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
