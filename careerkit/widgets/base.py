"""What every question widget shares: a label, help, the input, and a message line.

A :class:`FieldWidget` shows one question of a workbook description and speaks in
stored values: ``value`` is always what would be saved, ``load(value)`` shows a
saved answer without counting as a change, and every change a person makes is
checked on the kernel side (a crafted client can send anything) before listeners
hear of it. A refused value shows its message next to the field and is never
passed on, so the saved answer stays as it was.

A widget is built already showing the saved answer, with its CSS classes given at
construction: every trait changed after a widget exists is one more message from the
kernel, and a workbook page holds hundreds of widgets.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets as w

from careerkit.core.content import Field
from careerkit.core.validation import InvalidAnswer, clean

__all__ = ["FieldWidget", "Listener", "LINKED", "WIDGETS", "field_widget"]

Listener = Callable[["FieldWidget", Any], None]


class FieldWidget(w.VBox):
    """One question: label, optional help, the input widget and a status/message line."""

    #: subclasses set the input widget(s) in ``_build`` and implement ``_read``/``_show``
    def __init__(self, field: Field, *, compact: bool = False, options: list[str] | None = None,
                 value: Any = None):
        """``value``: the saved answer to show from the start (as :meth:`load` would)."""
        self.field = field
        self.compact = compact
        self._options = options
        self._listeners: list[Listener] = []
        self._loading = False
        self._value: Any = value
        self.message = w.HTML(value="", layout=w.Layout(min_height="0"), _dom_classes=("ck-message",))
        self.input = self._build()
        size = "ck-sublabel" if compact else "ck-label"
        children: list[w.Widget] = [w.HTML(f"<label class='{size}'>{html.escape(field.label)}</label>")]
        if field.help and not compact:
            children.append(w.HTML(f"<div class='ck-help'>{html.escape(field.help)}</div>"))
        children.extend([self.input, self.message])
        super().__init__(children=children,
                         _dom_classes=("ck-field", f"ck-field-{field.id}", f"ck-type-{field.type}"))

    # -- to implement ----------------------------------------------------------------------
    def _build(self) -> w.Widget:
        """The input widget(s), showing the saved answer ``self._value``."""
        raise NotImplementedError

    def _read(self) -> Any:
        """The raw value the input holds now (unchecked)."""
        raise NotImplementedError

    def _show(self, value: Any) -> None:
        """Put a stored value into the input."""
        raise NotImplementedError

    # -- public ----------------------------------------------------------------------------
    @property
    def value(self) -> Any:
        """The last valid value (what is, or is about to be, saved)."""
        return self._value

    def load(self, value: Any) -> None:
        """Show a saved answer without notifying listeners."""
        self._loading = True
        try:
            self._value = value
            self._show(value)
        finally:
            self._loading = False
        self.clear_message()

    def on_change(self, listener: Listener) -> None:
        """Call ``listener(widget, value)`` with each new valid value a person gives."""
        self._listeners.append(listener)

    def set_options(self, options: list[str]) -> None:
        """Change the items a ranking may hold (ignored by other types)."""
        self._options = options

    def show_error(self, message: str) -> None:
        """Show a problem with the answer next to the field."""
        self.message.value = f"<div class='ck-error' role='alert'>⚠ {html.escape(message)}</div>"

    def show_status(self, text: str, kind: str = "saved") -> None:
        """Show a quiet status next to the field (``saving``, ``saved``, ``error``)."""
        self.message.value = f"<div class='ck-status ck-{kind}'>{html.escape(text)}</div>"

    def clear_message(self) -> None:
        """Remove any message next to the field."""
        self.message.value = ""

    # -- plumbing ----------------------------------------------------------------------------
    def _changed(self, _change: Any = None) -> None:
        if self._loading:
            return
        try:
            value = clean(self.field, self._read(), options=self._options)
        except InvalidAnswer as exc:
            self.show_error(exc.message)
            return
        if value == self._value:
            if self.message.value and "ck-error" in self.message.value:
                self.clear_message()
            return
        self._value = value
        self.clear_message()
        for listener in list(self._listeners):
            listener(self, value)


#: The widget class for each field type of the workbook descriptions (filled by
#: :mod:`careerkit.widgets`, which imports every family).
WIDGETS: dict[str, type[FieldWidget]] = {}

#: The widget class for a field linked to a table (``links_to``), which takes the place
#: of its type's widget (filled by :mod:`careerkit.widgets` too).
LINKED: dict[str, type[FieldWidget]] = {}


def field_widget(field: Field, *, compact: bool = False, options: list[str] | None = None,
                 value: Any = None) -> FieldWidget:
    """The widget that asks ``field``, showing the saved answer ``value``."""
    if field.links_to in LINKED:
        return LINKED[field.links_to](field, compact=compact, options=options, value=value)
    return WIDGETS[field.type](field, compact=compact, options=options, value=value)
