"""Answer a question through its widget's own inputs, the way a person's clicks would.

``drive(widget, value)`` sets the input widgets (text boxes, buttons, checkboxes,
date pickers, the add-row button of a table) until the question holds ``value``.
Used by the fault tests, in plain pytest and inside a real kernel.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import ipywidgets

from careerkit.core.content import Field


def drive(widget, value: Any) -> None:
    """Give ``widget`` (a ``FieldWidget``) the answer ``value`` through its inputs."""
    kind = widget.field.type
    if kind in ("text", "longtext"):
        widget.input.value = value or ""
    elif kind == "number":
        widget.input.value = "" if value is None else str(value)
    elif kind == "scale":
        widget._buttons.value = value
    elif kind == "choice":
        known = {c.value for c in widget.field.choices}
        if value is None:
            widget._picker.value = "" if isinstance(widget._picker, ipywidgets.Dropdown) else None
        elif value in known:
            widget._picker.value = value
        else:
            widget._other.value = value
    elif kind == "multichoice":
        for key, box in widget._boxes.items():
            box.value = key in (value or [])
    elif kind == "tags":
        widget.input.value = list(value or [])
    elif kind == "date":
        widget.input.value = dt.date.fromisoformat(value) if value else None
    elif kind == "ranking":
        _rank(widget, list(value))
    elif kind == "records":
        for row in value or []:
            widget._add.click()
            row_id = widget._rows[-1]["_id"]
            cells = widget._row_widgets[row_id][1]
            for sub_id, sub_value in row.items():
                if sub_id != "_id":
                    drive(cells[sub_id], sub_value)
    else:  # pragma: no cover - a new field type needs a way to be driven here
        raise ValueError(f"no way to drive a {kind} field")


def _rank(widget, wanted: list[str]) -> None:
    # Click "↑" on the row holding each wanted item until it reaches its place.
    for place, item in enumerate(wanted):
        while widget._order.index(item) > place:
            row = widget._list.children[widget._order.index(item)]
            row.children[1].click()


def some_value(field: Field, options: list[str] | None = None) -> Any:
    """A valid answer for ``field`` that differs from an empty one (its example, or one made up)."""
    if field.type == "ranking":
        items = list(options if options is not None else [c.value for c in field.choices])
        return list(reversed(items))
    if field.example is not None:
        return field.example
    return {
        "text": "A sentence typed by hand", "longtext": "Two lines\nof thought", "number": 12,
        "scale": int(field.min or 1), "choice": field.choices[0].value if field.choices else None,
        "multichoice": [c.value for c in field.choices[:2]], "tags": ["one", "two"], "date": "2026-05-04",
    }[field.type]


def first_field_of_each_type() -> dict[str, tuple[str, str]]:
    """``{field type: (workbook id, field id)}``: the first question of each type in the workbooks."""
    from careerkit.core import content

    found: dict[str, tuple[str, str]] = {}
    for book in content.workbooks():
        for field in book.fields.values():
            if not field.ui:
                found.setdefault(field.type, (book.id, field.id))
    return found


class Filler:
    """Answers one question of every field type through the widgets of open workbooks
    (with the real debounce), and reports what each field says about saving."""

    def __init__(self, profile: str | None = None):
        self.profile = profile
        self.workbooks: dict = {}
        self.widgets: dict = {}
        self.where = first_field_of_each_type()

    def fill(self, types) -> None:
        from careerkit.presentation.workbook import Workbook

        for kind in types:
            workbook_id, field_id = self.where[kind]
            if workbook_id not in self.workbooks:
                self.workbooks[workbook_id] = Workbook(workbook_id, profile=self.profile)
            widget = self.workbooks[workbook_id].field(field_id)
            drive(widget, some_value(widget.field, options=widget._options))
            self.widgets[kind] = widget

    def state(self) -> dict:
        return {
            "pending": sum(book.saver.pending for book in self.workbooks.values()),
            "fields": {
                kind: {"workbook": self.where[kind][0], "field": widget.field.id, "value": widget.value,
                       "saved": "Saved" in widget.message.value}
                for kind, widget in self.widgets.items()
            },
        }


def in_kernel_loop(coroutine_function) -> Any:
    """Run ``coroutine_function()`` in an event loop of its own, as a kernel runs a cell.

    A thread of its own, because other tests (the browser's driver) may keep an event
    loop running in the main thread.
    """
    import asyncio
    import threading

    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = asyncio.run(coroutine_function())
        except BaseException as exc:  # re-raised in the caller
            outcome["error"] = exc

    thread = threading.Thread(target=run, name="careerkit-test-kernel-loop")
    thread.start()
    thread.join(120)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
