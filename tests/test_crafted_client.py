"""A crafted client: widget state sent straight over the widget protocol, outside what
the page offers (unknown choices, out-of-range points, overlong text, impossible
dates, too many rows). Every such message is refused on the kernel side and the
stored answers do not change."""

from __future__ import annotations

import collections

import pytest
from traitlets import TraitError

from careerkit.core.examples import example_answers
from careerkit.core.storage.store import Store
from careerkit.presentation.workbook import Workbook
from tests.support.figures import record

TALLY: collections.Counter = collections.Counter()


def send(model, state: dict) -> str:
    """Deliver ``state`` to a widget model as the front end would (a comm ``update`` message)."""
    message = {"content": {"data": {"method": "update", "state": state, "buffer_paths": []}}, "buffers": []}
    try:
        model._handle_msg(message)
    except (TraitError, ValueError, TypeError, OverflowError):
        return "refused by the widget model"
    return "delivered"


def click(button) -> None:
    button._handle_msg({"content": {"data": {"method": "custom", "content": {"event": "click"}}}, "buffers": []})


@pytest.fixture
def book(tmp_path):
    store = Store(f"sqlite:///{tmp_path / 'answers.sqlite'}")
    store.save_many("p", example_answers(), source="example")
    opened = {}

    def open_(workbook_id: str) -> Workbook:
        if workbook_id not in opened:
            opened[workbook_id] = Workbook(workbook_id, store=store, profile="p", delay=0)
        return opened[workbook_id]

    yield open_, store
    store.close()


def _attempt(store, widget, model, state: dict) -> None:
    before_count, before = store.count(), store.current("p")
    value = widget.value
    how = send(model, state)
    assert store.count() == before_count and store.current("p") == before, \
        f"{widget.field.id} kept {str(state)[:80]}"
    assert widget.value == value
    if "ck-error" in widget.message.value:
        TALLY["refused by careerkit's validation, with a message"] += 1
    else:  # the widget library itself rejected the state (its traits do not accept it)
        TALLY["refused by the widget model"] += 1


CASES = [
    # (workbook, field, how to reach the model, state sent)
    ("00_start_here", "preferred_name", "input", {"value": "x" * 5000}),
    ("00_start_here", "preferred_name", "input", {"value": "two\nlines"}),
    ("00_start_here", "preferred_name", "input", {"value": "bell\x07"}),
    ("01_self_reflection", "flow_moments", "input", {"value": "é" * 6000}),
    ("01_self_reflection", "ri_r01", "_buttons", {"index": 99}),
    ("01_self_reflection", "ri_r01", "_buttons", {"index": -3}),
    ("01_self_reflection", "ri_r01", "_buttons", {"index": "3"}),
    ("00_start_here", "stage", "_picker", {"index": 42}),
    ("00_start_here", "stage", "_picker", {"index": [0, 1]}),
    ("01_self_reflection", "hobbies", "input", {"value": [f"t{i}" for i in range(200)]}),
    ("01_self_reflection", "hobbies", "input", {"value": ["choir", "Choir"]}),
    ("01_self_reflection", "hobbies", "input", {"value": ["x" * 500]}),
    ("01_self_reflection", "hobbies", "input", {"value": ["  "]}),
    ("01_self_reflection", "hobbies", "input", {"value": ["bell\x07"]}),
    ("01_self_reflection", "values_brief", "input", {"value": ["a", "b", "c", "d", "e", "f"]}),
    ("06_passion_projects", "hours_available", "input", {"value": "1e999"}),
    ("06_passion_projects", "hours_available", "input", {"value": "-5"}),
    ("06_passion_projects", "hours_available", "input", {"value": "lots"}),
    ("10_take_action", "plan_start", "input", {"value": {"year": 99999, "month": 1, "date": 1}}),
    ("10_take_action", "plan_start", "input", {"value": {"year": 2026, "month": 13, "date": 40}}),
    ("10_take_action", "plan_start", "input", {"value": {"year": 1200, "month": 0, "date": 1}}),
    ("03_values", "very_important", "checkbox", {"value": "yes please"}),
]


@pytest.mark.parametrize("case", CASES, ids=[f"{c[1]}-{i}" for i, c in enumerate(CASES)])
def test_out_of_bounds_state_is_refused_kernel_side(book, case):
    open_, store = book
    workbook_id, field_id, where, state = case
    wb = open_(workbook_id)
    widget = wb.field(field_id)
    if where == "checkbox":
        model = next(iter(widget._boxes.values()))
    else:
        model = getattr(widget, where)
    if field_id == "hours_available" and state["value"] == "-5" and widget.field.min is None:
        pytest.fail("hours_available has no lower limit; pick a number field with one")
    _attempt(store, widget, model, state)


def test_rows_beyond_the_limit_and_cells_out_of_range_are_refused(book):
    open_, store = book
    widget = open_("01_self_reflection").field("skill_ratings")
    before = store.current("p")
    rows = len(widget.value)
    for _ in range(widget.field.items_limit - rows):
        click(widget._add)
    saved = store.answers("p", "01_self_reflection")["skill_ratings"]
    assert len(saved) == widget.field.items_limit
    count = store.count()
    click(widget._add)  # one more than allowed, sent as a click message
    assert "ck-error" in widget.message.value
    assert store.count() == count and len(store.answers("p", "01_self_reflection")["skill_ratings"]) == widget.field.items_limit
    TALLY["refused by careerkit's validation, with a message"] += 1
    row_id = widget._rows[0]["_id"]
    cell = widget._row_widgets[row_id][1]["skill"]
    _attempt(store, cell, cell.input, {"value": "s" * 1000})
    assert store.current("p")[("01_self_reflection", "hobbies")] == before[("01_self_reflection", "hobbies")]


def test_ranking_cannot_be_given_foreign_items_by_clicks(book):
    open_, store = book
    widget = open_("03_values").field("top_values")
    items = list(widget._order)
    assert items, "the ranking should have items from the example answers"
    count = store.count()
    first_up = widget._list.children[0].children[1]
    last_down = widget._list.children[-1].children[2]
    click(first_up)  # disabled in the page; a crafted client clicks anyway
    click(last_down)
    assert widget._order == items and store.count() == count
    TALLY["refused by the widget (no move past the ends)"] += 2


def test_zz_record_crafted_client_figures():
    if sum(TALLY.values()) < len(CASES):
        pytest.skip("run together with the tests above (they collect the counts)")
    record("bad_input_crafted_client", messages=sum(TALLY.values()), by_outcome=dict(TALLY),
           answers_changed=0, answers_lost=0)
