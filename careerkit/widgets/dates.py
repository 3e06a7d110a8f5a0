"""Dates, typed as day, month and year in three boxes.

A calendar picker or a single box reads ``02/03/2026`` as February or March depending
on the browser's language, and a browser's own date input can turn an impossible day
into another one. Three labelled boxes (the way the GOV.UK Design System asks for a
date) cannot be misread: the kernel puts the parts together, refuses an impossible date
(31 February) next to the field with a reason, and never moves a date to a nearby one.
The boxes send their value when a person leaves them or presses Enter, so a half-typed
date is not judged while it is typed.
"""

from __future__ import annotations

import calendar
import datetime as _dt
from typing import Any

import ipywidgets as w

from careerkit.core.validation import InvalidAnswer
from careerkit.widgets.base import FieldWidget, GText, limits

__all__ = ["DateField", "read_date"]

_MONTHS = {name.casefold(): number for number, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.casefold(): number for number, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9


def read_date(day: str, month: str, year: str) -> str | None:
    """The ``YYYY-MM-DD`` date of three typed parts, None when all are empty.

    Raises :class:`~careerkit.core.validation.InvalidAnswer` with a message for the person
    when a part is missing, is not a number, or the date does not exist.
    """
    parts = {"day": day.strip(), "month": month.strip(), "year": year.strip()}
    if not any(parts.values()):
        return None
    if any(len(text) > 12 for text in parts.values()):
        raise InvalidAnswer("Please type the day, month and year as numbers, like 27 3 2026.")
    missing = [name for name, text in parts.items() if not text]
    if missing:
        raise InvalidAnswer(f"The date must include a {' and a '.join(missing)}.")
    month_number = _MONTHS.get(parts["month"].casefold().rstrip("."))
    if month_number is None:
        if not parts["month"].isdigit():
            raise InvalidAnswer("The month must be a number from 1 to 12 (or its name).")
        month_number = int(parts["month"])
    for name in ("day", "year"):
        if not parts[name].isdigit():
            raise InvalidAnswer(f"The {name} must be a number.")
    if len(parts["year"]) != 4:
        raise InvalidAnswer("The year must have 4 digits, like 2026.")
    number_day, number_year = int(parts["day"]), int(parts["year"])
    if not 1 <= month_number <= 12:
        raise InvalidAnswer("The month must be a number from 1 to 12.")
    try:
        day_ = _dt.date(number_year, month_number, number_day)
    except ValueError:
        last = calendar.monthrange(number_year, month_number)[1] if number_year >= 1 else 31
        raise InvalidAnswer(f"That is not a real date: {calendar.month_name[month_number]} {number_year} has "
                            f"{last} days. Please check the day and the month.") from None
    return day_.isoformat()


class DateField(FieldWidget):
    """A calendar date in three boxes (day, month, year), kept as ``YYYY-MM-DD``."""

    def _build(self) -> w.Widget:
        day = _dt.date.fromisoformat(self._value) if self._value else None
        style = {"description_width": "initial"}
        self.day = GText(value=f"{day.day}" if day else "", description="Day", placeholder="DD",
                          continuous_update=False, style=style, layout=w.Layout(width="6.5em"))
        self.month = GText(value=f"{day.month}" if day else "", description="Month", placeholder="MM",
                            continuous_update=False, style=style, layout=w.Layout(width="8em"))
        self.year = GText(value=f"{day.year}" if day else "", description="Year", placeholder="YYYY",
                           continuous_update=False, style=style, layout=w.Layout(width="8.5em"))
        for box in (self.day, self.month, self.year):
            box.observe(self._changed, "value")
            box.guard(self, *limits(self.field))
        # each box is named by its own label; careerkit.widgets.a11y names the group by the question
        return w.HBox([self.day, self.month, self.year], _dom_classes=("ck-date",),
                      layout=w.Layout(flex_flow="row wrap"))

    def _read(self) -> Any:
        return read_date(self.day.value, self.month.value, self.year.value)

    def _show(self, value: Any) -> None:
        self._put(value)

    def _put(self, value: Any) -> None:
        day = _dt.date.fromisoformat(value) if value else None
        self.day.value = f"{day.day}" if day else ""
        self.month.value = f"{day.month}" if day else ""
        self.year.value = f"{day.year}" if day else ""

    def enter(self, value: str | None) -> None:
        """Fill the three boxes with a ``YYYY-MM-DD`` date (or clear them) as one change."""
        self._loading = True
        try:
            self._put(value)
        finally:
            self._loading = False
        self._changed()
