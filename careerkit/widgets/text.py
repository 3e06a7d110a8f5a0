"""Short text, long text and numbers typed as text."""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from .base import FieldWidget

__all__ = ["TextField", "LongTextField", "NumberField"]


class TextField(FieldWidget):
    """A one-line answer."""

    def _build(self) -> w.Widget:
        box = w.Text(
            value="",
            placeholder=self.field.placeholder,
            continuous_update=True,
            layout=w.Layout(width="100%"),
        )
        box.observe(self._changed, "value")
        return box

    def _read(self) -> Any:
        return self.input.value

    def _show(self, value: Any) -> None:
        self.input.value = "" if value is None else str(value)


class LongTextField(TextField):
    """A few sentences or paragraphs."""

    def _build(self) -> w.Widget:
        box = w.Textarea(
            value="",
            placeholder=self.field.placeholder,
            continuous_update=True,
            rows=3 if self.compact else 5,
            layout=w.Layout(width="100%"),
        )
        box.observe(self._changed, "value")
        return box


class NumberField(TextField):
    """A number, typed freely so an empty box means 'not answered' rather than zero."""

    def _build(self) -> w.Widget:
        box = super()._build()
        if self.field.unit:
            box.placeholder = box.placeholder or self.field.unit
        box.layout = w.Layout(width="14em")
        return box

    def _show(self, value: Any) -> None:
        self.input.value = "" if value is None else f"{value:g}" if isinstance(value, float) else str(value)
