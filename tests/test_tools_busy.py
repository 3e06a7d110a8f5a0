"""Tools that save through ``wb.save`` (the card sort, the decision tools, the vision
board, the shortlist, the contacts import) while another program holds the answers
file: the kernel is not frozen, no error escapes, the workbook says so once, what the
person did is held and shown, and it is written once the file is free."""

from __future__ import annotations

import multiprocessing
import time

import pytest

from careerkit.core.storage import safety
from careerkit.core.storage.store import Store
from careerkit.presentation.workbook import Workbook
from tests.support.figures import record
from tests.support.locks import hold_exclusive
from tests.test_saver import FakeLoop

VALUES, DECIDE = "03_values", "10_take_action"


class Busy:
    """Another process holding the answers file with an exclusive lock."""

    def __init__(self, path: str):
        ctx = multiprocessing.get_context("fork")
        self.ready, self.release = ctx.Event(), ctx.Event()
        self.holder = ctx.Process(target=hold_exclusive, args=(path, self.ready, self.release))

    def __enter__(self):
        self.holder.start()
        assert self.ready.wait(10)
        return self

    def free(self) -> None:
        self.release.set()
        self.holder.join(10)

    def __exit__(self, *exc):
        self.free()


@pytest.fixture
def store(tmp_path):
    store = Store(f"sqlite:///{tmp_path}/answers.sqlite")
    store.save_many("p", [(VALUES, "very_important", ["Learning", "Family"]),
                          ("02_explore_roles", "shortlist", [{"title": "Teacher"}, {"title": "Nurse"}])])
    yield store
    store.close()


def _open(store, workbook_id):
    wb = Workbook(workbook_id, store=store, profile="p", delay=0)
    wb.saver.wait = 0.3
    wb.saver.loop = FakeLoop()   # the kernel's event loop, on a clock the test moves
    return wb


def _after_release(wb, busy) -> None:
    busy.free()
    wb.saver.loop.advance(wb.saver.loop.now + 10)   # the retry the Saver set


def _one_message(wb) -> None:
    notice = wb.notice().value
    assert notice.count("<p>") == 1 and safety.message_for("busy") in notice


def test_card_sort_move_is_held_shown_and_saved_when_free(store):
    wb = _open(store, VALUES)
    sort = wb.show("card_sort")
    _row, toggle = sort.rows["Teaching"]
    with Busy(store.engine.url.database) as busy:
        started = time.monotonic()
        toggle.value = "very_important"          # no exception escapes the click
        sort.rows["Status"][1].value = "not_important"
        clicked = time.monotonic() - started
        assert clicked < 3, "the kernel was frozen by a busy file"
        _one_message(wb)
        assert toggle.value == "very_important" and wb.held("very_important")
        assert wb.get("very_important") == ["Learning", "Family", "Teaching"]
        assert wb.get("not_important") == ["Status"]
        assert "not saved yet" in sort.status.value.lower() or wb.saver.pending
        assert store.answers("p", VALUES)["very_important"] == ["Learning", "Family"]
        _after_release(wb, busy)
    saved = store.answers("p", VALUES)
    moves = {"very_important": ["Learning", "Family", "Teaching"], "not_important": ["Status"]}
    record("fault_busy_tools", moves=len(moves), moves_saved=sum(saved.get(k) == v for k, v in moves.items()),
           answers_lost=sum(saved.get(k) != v for k, v in moves.items()), kernel_frozen_over_3_s=clicked >= 3)
    assert saved["very_important"] == ["Learning", "Family", "Teaching"] and saved["not_important"] == ["Status"]
    assert wb.saver.pending == 0 and wb.notice().value == ""


def test_decision_options_are_held_and_saved_when_free(store):
    from careerkit.workbooks.take_action.views import OptionPicker

    wb = _open(store, DECIDE)
    picker = OptionPicker(wb)
    with Busy(store.engine.url.database) as busy:
        picker.boxes["Nurse"].value = True
        picker.add_option("Stay where I am")
        _one_message(wb)
        assert "Saved" not in picker.message.value and "kept here" in picker.message.value
        assert wb.get("options") == ["Nurse", "Stay where I am"]
        _after_release(wb, busy)
    assert store.answers("p", DECIDE)["options"] == ["Nurse", "Stay where I am"]


def test_wb_save_returns_the_revision_when_the_file_is_free(store):
    wb = _open(store, VALUES)
    revision = wb.save("very_important", ["Learning"])
    assert revision is not None and revision.value == ["Learning"]
    assert store.answers("p", VALUES)["very_important"] == ["Learning"]


def test_shortlist_contacts_and_vision_board_removal_are_held_and_saved(store):
    from careerkit.workbooks.goals_vision import vision
    from careerkit.workbooks.explore_roles.views import Explorer
    from careerkit.workbooks.goals_vision.views import VisionBoard
    from careerkit.workbooks.networking.views import ContactImport

    explore = _open(store, "02_explore_roles")
    explorer = Explorer(explore)
    network = _open(store, "09_networking")
    importer = ContactImport(network)
    goals = _open(store, "04_goals_vision")
    key = store.put_attachment("p", b"\x89PNG\r\n\x1a\n" + b"0" * 64, "image/png", name="sea.png")
    board = vision.add_card([], key, "The sea", ["calm"])
    store.save("p", "04_goals_vision", "vision_board", board)
    shown = VisionBoard(goals)
    with Busy(store.engine.url.database) as busy:
        assert explorer.add("Librarian")
        importer.import_bytes(b"First Name,Last Name,Company\nAda,Lovelace,Engines\n", "contacts.csv")
        shown.remove(board[0]["_id"])
        for wb in (explore, network, goals):
            _one_message(wb)
        assert "kept here" in explorer.status.value and "Saved" not in explorer.status.value
        assert "kept here" in importer.result.value and "✓" not in importer.result.value
        assert [r["title"] for r in explore.get("shortlist")] == ["Teacher", "Nurse", "Librarian"]
        assert not goals.get("vision_board")
        for wb in (explore, network, goals):
            _after_release(wb, busy)
    assert [r["title"] for r in store.answers("p", "02_explore_roles")["shortlist"]] == ["Teacher", "Nurse",
                                                                                         "Librarian"]
    assert len(store.answers("p", "09_networking")["contacts"]) == 1
    assert not store.answers("p", "04_goals_vision")["vision_board"]
