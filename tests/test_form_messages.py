"""Labels, error messages and the "✓ Saved" line of a form, without a kernel or browser.

- A question answered in one box carries its label as the box's own ``description``
  (ipywidgets renders it as a ``<label for>``); a group shows a label the form helper ties to it.
- An error names its field, next to the field, and the section lists it at its top as a
  link to the field; fixing it removes both; the answer saved before is kept meanwhile.
- One "✓ Saved HH:MM" per section, none under its questions.
- Buttons that show only a sign are named by what they do to which item.
"""

from __future__ import annotations

import html
import re

import pytest

from careerkit.core import content
from careerkit.presentation.workbook import Workbook
from careerkit.widgets import field_widget
from careerkit.widgets.base import GDropdown, GText, GTextarea

WB = "01_self_reflection"


@pytest.fixture
def wb(sqlite_store):
    return Workbook(WB, store=sqlite_store, profile="p", delay=0)


def _html_label(widget) -> str:
    return html.unescape(widget.children[0].value) if hasattr(widget.children[0], "value") else ""


@pytest.mark.parametrize("workbook_id", ["00_start_here", "01_self_reflection", "03_values"])
def test_every_question_is_labelled_by_its_own_label(workbook_id):
    for field in content.workbook(workbook_id).fields.values():
        widget = field_widget(field, options=[])
        boxes = [w for w in _walk(widget.input) if isinstance(w, (GText, GTextarea, GDropdown))]
        if widget._own_label:
            labelled = [b for b in boxes if b.description == field.label]
            assert labelled, f"{field.id}: no box carries the label {field.label!r}"
        else:
            assert field.label in _html_label(widget), f"{field.id}: no visible label for its group"
            assert "ck-label" in _html_label(widget)


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


def test_one_saved_line_per_section_none_under_the_questions(wb, sqlite_store):
    form = wb.form("interest_profile")
    scales = [f for f in wb.content.section("interest_profile").fields]
    for field in scales:
        wb.field(field.id)._buttons.value = 3
    saved = sqlite_store.answers("p", WB)
    assert all(saved[f.id] == 3 for f in scales), "every rating saved"
    assert re.fullmatch(r"✓ Saved \d\d:\d\d", re.sub(r"<[^>]+>", "", form.status.value)), form.status.value
    assert all(wb.field(f.id).message.value == "" for f in scales), "no status under the ratings"


def test_an_error_names_its_field_and_the_section_lists_it(wb, sqlite_store):
    form = wb.form("patterns")
    widget = wb.field("patterns_noticed")
    widget.input.value = "Kept answer"
    assert sqlite_store.answers("p", WB)["patterns_noticed"] == "Kept answer"
    assert form.summary.value.strip() == ""

    widget.input.value = "x" * (widget.field.length_limit + 1)
    assert "ck-error" in widget.message.value and widget.field.label in widget.message.value
    assert "Error:" in widget.message.value                      # said in words, not by colour alone
    assert "There is a problem" in form.summary.value
    assert "href='#ck-input-patterns_noticed'" in form.summary.value
    assert widget.field.label in form.summary.value
    assert sqlite_store.answers("p", WB)["patterns_noticed"] == "Kept answer", "nothing saved is lost"

    widget.input.value = "Kept answer, and more"
    assert form.summary.value.strip() == "" and widget.message.value == ""
    assert sqlite_store.answers("p", WB)["patterns_noticed"] == "Kept answer, and more"


def test_an_error_in_a_table_cell_is_listed_with_its_table(wb):
    form = wb.form("energy")
    table = wb.field("energy_log")
    table._add_row()
    cells = table._row_widgets[table._rows[0]["_id"]][1]
    cells["activity"].input.value = "x" * 500
    assert "There is a problem" in form.summary.value
    assert f"{table.field.label}: Activity" in form.summary.value
    assert "href='#ck-input-energy_log'" in form.summary.value
    table._remove(table._rows[0]["_id"])
    assert form.summary.value.strip() == "", "a removed row takes its errors with it"


def test_two_errors_are_counted(wb):
    form = wb.form("patterns")
    wb.field("patterns_noticed").input.value = "x" * (wb.field("patterns_noticed").field.length_limit + 1)
    wb.field("themes").input.value = ["same", "same"]
    assert "There are 2 problems" in form.summary.value


def test_ranking_and_row_buttons_are_named_by_what_they_do():
    wb03 = content.workbook("03_values")
    ranking = field_widget(wb03.field("top_values"), options=["Teaching", "Family"])
    buttons = [b for b in _walk(ranking.input) if b.__class__.__name__ == "Button"]
    assert {b.tooltip for b in buttons} == {"Move “Teaching” up", "Move “Teaching” down",
                                            "Move “Family” up", "Move “Family” down"}
    assert all(b.description == "" and "ck-icon" in b._dom_classes for b in buttons), \
        "no text of their own: the name is the tooltip, the sign is drawn by CSS"
    table = field_widget(content.workbook(WB).field("energy_log"))
    table._add_row()
    names = {b.tooltip for b in _walk(table.input) if b.__class__.__name__ == "Button"}
    assert {"Move this activity up", "Move this activity down", "Remove this activity"} <= names
