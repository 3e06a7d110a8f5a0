"""What a person types is read the one way it can mean, or refused next to the field:
an impossible date is never moved to another day, and a decimal comma never multiplies
a number by ten."""

from __future__ import annotations

import pytest

from careerkit.presentation.workbook import Workbook

LEARN, PLAN = "06_passion_projects", "10_take_action"


def test_an_impossible_date_is_refused_next_to_the_field(sqlite_store):
    wb = Workbook(PLAN, store=sqlite_store, profile="p", delay=0)
    widget = wb.field("plan_start")
    sqlite_store.save("p", "00_start_here", "hopes", "kept")
    # typed as a person would, box by box, as in 02/31/2026
    widget.month.value = "02"
    widget.day.value = "31"
    widget.year.value = "2026"
    message = widget.message.value
    assert "ck-error" in message and "not a real date" in message and "February 2026 has 28 days" in message
    assert "Saved" not in message
    assert "plan_start" not in sqlite_store.answers("p", PLAN) and sqlite_store.count("p") == 1
    widget.day.value = "28"
    assert sqlite_store.answers("p", PLAN)["plan_start"] == "2026-02-28"
    assert "Saved" in widget.message.value


@pytest.mark.parametrize("day, month, year, words", [
    ("31", "2", "2026", "not a real date"),
    ("29", "2", "2027", "not a real date"),
    ("31", "4", "2026", "April 2026 has 30 days"),
    ("0", "3", "2026", "not a real date"),
    ("5", "13", "2026", "from 1 to 12"),
    ("5", "", "2026", "must include a month"),
    ("", "", "2026", "must include a day and a month"),
    ("5", "3", "26", "4 digits"),
    ("5th", "3", "2026", "day must be a number"),
    ("5", "3", "99999", "4 digits"),
])
def test_date_parts_that_cannot_be_a_date_are_refused(sqlite_store, day, month, year, words):
    wb = Workbook(PLAN, store=sqlite_store, profile="p", delay=0)
    widget = wb.field("plan_start")
    widget.day.value, widget.month.value, widget.year.value = day, month, year
    assert words in widget.message.value and "ck-error" in widget.message.value
    assert "plan_start" not in sqlite_store.answers("p", PLAN)


@pytest.mark.parametrize("day, month, year, stored", [
    ("29", "2", "2028", "2028-02-29"),
    ("05", "03", "2026", "2026-03-05"),
    (" 7 ", "Sept", "2026", "2026-09-07"),
    ("7", "march", "2026", "2026-03-07"),
])
def test_real_dates_are_kept_as_typed(sqlite_store, day, month, year, stored):
    wb = Workbook(PLAN, store=sqlite_store, profile="p", delay=0)
    widget = wb.field("plan_start")
    widget.day.value, widget.month.value, widget.year.value = day, month, year
    assert sqlite_store.answers("p", PLAN)["plan_start"] == stored
    again = Workbook(PLAN, store=sqlite_store, profile="p", delay=0).field("plan_start")
    assert (again.day.value, again.month.value, again.year.value) == tuple(str(int(x)) for x in stored.split("-")[::-1])


def test_a_decimal_comma_is_read_as_a_decimal_point(sqlite_store):
    wb = Workbook(LEARN, store=sqlite_store, profile="p", delay=0)
    widget = wb.field("hours_available")
    widget.input.value = "7,5"
    assert sqlite_store.answers("p", LEARN)["hours_available"] == 7.5
    assert "Saved" in widget.message.value


def test_a_comma_that_could_mean_two_numbers_is_refused_with_both(sqlite_store):
    wb = Workbook("07_learning", store=sqlite_store, profile="p", delay=0)
    widget = wb.field("budget")
    widget.input.value = "1,500"
    assert "1500 or 1.5" in widget.message.value and "ck-error" in widget.message.value
    assert "budget" not in sqlite_store.answers("p", "07_learning")
    widget.input.value = "1500"
    assert sqlite_store.answers("p", "07_learning")["budget"] == 1500
