"""Short text, long text and numbers typed as text."""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from careerkit.widgets.base import FieldWidget, GText, GTextarea, limits

__all__ = ["TextField", "LongTextField", "NumberField"]


class TextField(FieldWidget):
    """A one-line answer."""

    #: the width of the box
    _width = "100%"

    def _build(self) -> w.Widget:
        box = GText(**self._labelled(
            value=self._text(self._value),
            placeholder=self._placeholder(),
            continuous_update=True,
            layout=w.Layout(width=self._width),
            _dom_classes=("ck-labelled",),
        ))
        box.observe(self._changed, "value")
        box.guard(self, *limits(self.field))
        return box

    def _read(self) -> Any:
        return self.input.value

    def _show(self, value: Any) -> None:
        self.input.value = self._text(value)

    def _text(self, value: Any) -> str:
        """The text the box shows for a stored value."""
        return "" if value is None else str(value)

    def _placeholder(self) -> str:
        return self.field.placeholder


class LongTextField(TextField):
    """A few sentences or paragraphs."""

    def _build(self) -> w.Widget:
        box = GTextarea(**self._labelled(
            value=self._text(self._value),
            placeholder=self._placeholder(),
            continuous_update=True,
            rows=3 if self.compact else 5,
            layout=w.Layout(width="100%"),
            _dom_classes=("ck-labelled",),
        ))
        box.observe(self._changed, "value")
        box.guard(self, *limits(self.field))
        return box


class NumberField(TextField):
    """A number, typed freely so an empty box means 'not answered' rather than zero."""

    #: the box is narrow (see the number rule of careerkit.widgets.a11y.CSS); its label is not
    _width = "100%"

    def _text(self, value: Any) -> str:
        return "" if value is None else f"{value:g}" if isinstance(value, float) else str(value)

    def _placeholder(self) -> str:
        return self.field.placeholder or self.field.unit
