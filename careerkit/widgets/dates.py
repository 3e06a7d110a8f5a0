"""Dates."""

from __future__ import annotations

import datetime as _dt
from typing import Any

import ipywidgets as w

from careerkit.widgets.base import FieldWidget

__all__ = ["DateField"]


class DateField(FieldWidget):
    """A calendar date, kept as ``YYYY-MM-DD``."""

    def _build(self) -> w.Widget:
        picker = w.DatePicker(value=self._day(self._value), layout=w.Layout(width="12em"))
        picker.observe(self._changed, "value")
        return picker

    def _read(self) -> Any:
        return self.input.value

    def _show(self, value: Any) -> None:
        self.input.value = self._day(value)

    @staticmethod
    def _day(value: Any) -> _dt.date | None:
        return _dt.date.fromisoformat(value) if value else None
