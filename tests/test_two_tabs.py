"""Two tabs (two workbooks open on the same profile) changing the same table: rows are
merged by their ids, so neither tab's new row is dropped, and a row changed on both
sides is said to be in conflict next to the table, with the other version in history."""

from __future__ import annotations

import contextlib

import pytest

from careerkit.widgets.forms import merge_rows
from careerkit.core.storage.store import Store
from careerkit.presentation.workbook import Workbook
from tests.support.figures import record
from tests.support.postgres import fresh_database, require_postgres

WB = "01_self_reflection"
_STORE: list = []   # a third connection, reading what is saved


@pytest.fixture(params=["sqlite", "postgresql"])
def tabs(request, tmp_path):
    """Two workbooks on one profile, each with its own Store: on a SQLite file, then on PostgreSQL."""
    with contextlib.ExitStack() as stack:
        if request.param == "sqlite":
            url = f"sqlite:///{tmp_path / 'answers.sqlite'}"
        else:
            url = stack.enter_context(fresh_database(require_postgres()))
        first, second = Store(url), Store(url)
        a = Workbook(WB, store=first, profile="p", delay=0)
        b = Workbook(WB, store=second, profile="p", delay=0)
        _STORE[:] = [Store(url)]
        yield a, b, _STORE[0]
        for store in (first, second, _STORE[0]):
            store.close()


def _ids(rows):
    return [r["_id"] for r in rows]


def _add(table) -> str:
    """Click "Add" in a table and return the new row's id."""
    before = set(_ids(table._rows)) | set(_ids(_STORE[0].answers("p", WB).get("energy_log") or []))
    table._add.click()
    return next(rid for rid in _ids(table._rows) if rid not in before)


def test_rows_added_in_two_tabs_are_both_kept(tabs, request):
    a, b, seen = tabs
    table_a, table_b = a.field("energy_log"), b.field("energy_log")   # both pages drawn first
    row_a = _add(table_a)
    table_a._row_widgets[row_a][1]["activity"].input.value = "Tab A's workshop"
    row_b = _add(table_b)
    assert "another tab" in table_b.message.value and "conflict" not in table_b.message.value.lower()
    table_b._row_widgets[row_b][1]["activity"].input.value = "Tab B's walk"
    current = seen.answers("p", WB)["energy_log"]
    kept = [rid for rid in (row_a, row_b) if rid in _ids(current)]
    backend = request.node.callspec.params["tabs"]
    record("fault_two_tabs_rows" + ("" if backend == "sqlite" else "_postgresql"),
           rows_added=2, rows_kept=len(kept), answers_lost=2 - len(kept))
    assert _ids(current) == [row_a, row_b]
    assert [r["activity"] for r in current] == ["Tab A's workshop", "Tab B's walk"]
    assert _ids(table_b.value) == [row_a, row_b], "tab B should now show tab A's row too"
    # tab A's next change keeps tab B's row as well
    table_a._row_widgets[row_a][1]["energy"]._buttons.value = 4
    current = seen.answers("p", WB)["energy_log"]
    assert _ids(current) == [row_a, row_b] and current[0]["energy"] == 4 and current[1]["activity"] == "Tab B's walk"


def test_the_same_row_changed_in_both_tabs_is_a_conflict_said_next_to_the_table(tabs):
    a, b, seen = tabs
    table_a = a.field("energy_log")
    row = _add(table_a)
    table_b = b.field("energy_log")   # drawn once the row exists
    table_a._row_widgets[row][1]["activity"].input.value = "Written in tab A"
    table_b._row_widgets[row][1]["activity"].input.value = "Written in tab B"
    current = seen.answers("p", WB)["energy_log"]
    assert [r["activity"] for r in current] == ["Written in tab B"]
    assert "conflict" in table_b.message.value.lower() and "history" in table_b.message.value
    history = [r.value[0]["activity"] for r in seen.history("p", WB, "energy_log") if r.value]
    assert "Written in tab A" in history


def test_a_row_removed_in_one_tab_stays_removed_when_the_other_adds_one(tabs):
    a, b, seen = tabs
    table_a = a.field("energy_log")
    gone = _add(table_a)
    table_b = b.field("energy_log")
    table_a._remove(gone)
    added = _add(table_b)
    assert _ids(seen.answers("p", WB)["energy_log"]) == [added]


def test_merge_rows_by_id():
    base = [{"_id": "a", "x": 1}, {"_id": "b", "x": 2}]
    mine = [{"_id": "a", "x": 1}, {"_id": "b", "x": 3}, {"_id": "m", "x": 0}]
    theirs = [{"_id": "a", "x": 9}, {"_id": "b", "x": 2}, {"_id": "t", "x": 5}]
    rows, conflicts = merge_rows(base, mine, theirs)
    assert rows == [{"_id": "a", "x": 9}, {"_id": "b", "x": 3}, {"_id": "t", "x": 5}, {"_id": "m", "x": 0}]
    assert conflicts == 0
    rows, conflicts = merge_rows(base, [{"_id": "a", "x": 7}, base[1]], theirs)
    assert rows[0] == {"_id": "a", "x": 7} and conflicts == 1
