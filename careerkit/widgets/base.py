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

import re
from collections.abc import Callable
from typing import Any

import ipywidgets as w

from careerkit.core.content import Field
from careerkit.core.validation import InvalidAnswer, clean
from careerkit.widgets.markup import render

__all__ = ["FieldWidget", "Listener", "LINKED", "WIDGETS", "field_widget", "Guarded", "GText", "GTextarea", "GTags",
           "GToggleButtons", "GRadioButtons", "GDropdown", "GCheckbox", "limits"]

Listener = Callable[["FieldWidget", Any], None]


# -- input models that refuse a crafted message before any costly work -----------------------
#
# A page's widgets accept whatever state a client sends; the widget library would then
# echo it back, convert it and notify careerkit, and careerkit would check it. For a
# multi-megabyte string or a list of a million items that is seconds of a kernel that
# the whole server shares, and a lone UTF-16 surrogate echoed back cannot be encoded,
# which drops the page's connection. So each input model looks at the raw state first:
# sizes are bounded by its question's limits (with room to spare, so an answer typed a
# little too long still reaches validation and gets its usual message while the box
# keeps the text), text must be valid Unicode, and the work is bounded by a count of
# the items looked at. A refused message changes nothing, is not echoed, puts the page
# back to the kernel's value and says why next to the field.

_SURROGATE = re.compile(r"[\ud800-\udfff]")
#: Values looked at in one message before it is refused as too big to be a person's.
MAX_ITEMS_LOOKED_AT = 10_000


def _state_problem(state: Any, chars: int, items: int) -> str | None:
    if not isinstance(state, dict):
        return "This change could not be read."
    budget = MAX_ITEMS_LOOKED_AT
    stack: list[Any] = list(state.values()) + list(state.keys())
    while stack:
        item = stack.pop()
        budget -= 1
        if budget < 0:
            return "This change is far too large to be an answer; nothing was changed."
        if isinstance(item, str):
            if len(item) > chars:
                return (f"This is far longer than this question takes ({chars:,} characters at most); "
                        "nothing was changed.")
            if _SURROGATE.search(item):
                return "This contains a broken character; please retype it. Nothing was changed."
        elif isinstance(item, (list, tuple)):
            if len(item) > items:
                return "This holds far more items than this question takes; nothing was changed."
            stack.extend(item)
        elif isinstance(item, dict):
            if len(item) > items:
                return "This change is far too large to be an answer; nothing was changed."
            stack.extend(item.keys())
            stack.extend(item.values())
    return None


class Guarded:
    """Mixin for an input model: refuse oversized or broken state before the widget library
    decodes, echoes or validates it (see the note above)."""

    #: longest text a message may carry, and most items a list in it may hold
    _ck_chars: int = 2_000
    _ck_items: int = 200
    _ck_owner: "FieldWidget | None" = None

    def guard(self, owner: "FieldWidget | None", chars: int, items: int) -> "Guarded":
        self._ck_owner, self._ck_chars, self._ck_items = owner, chars, items
        return self

    def _handle_msg(self, msg: dict) -> None:
        try:
            data = msg["content"]["data"]
            method = data.get("method")
            state = data.get("state", {}) if method == "update" else None
        except (KeyError, TypeError, AttributeError):
            return
        if state is not None:
            problem = _state_problem(state, self._ck_chars, self._ck_items)
            if problem is not None:
                self._ck_refuse(problem, list(state)[:20] if isinstance(state, dict) else [])
                return
        super()._handle_msg(msg)  # type: ignore[misc]

    def _ck_refuse(self, problem: str, keys: list) -> None:
        names = [k for k in keys if isinstance(k, str) and k in self.keys]  # type: ignore[attr-defined]
        if names:
            self.send_state(names)  # type: ignore[attr-defined]  # the page shows the kernel's value again
        if self._ck_owner is not None:
            self._ck_owner.show_error(problem)


class GText(Guarded, w.Text):
    """A text box that refuses oversized or broken messages."""


class GTextarea(Guarded, w.Textarea):
    """A text area that refuses oversized or broken messages."""


class GTags(Guarded, w.TagsInput):
    """A tags box that refuses oversized or broken messages."""


class GToggleButtons(Guarded, w.ToggleButtons):
    """Toggle buttons that refuse oversized or broken messages."""


class GRadioButtons(Guarded, w.RadioButtons):
    """Radio buttons that refuse oversized or broken messages."""


class GDropdown(Guarded, w.Dropdown):
    """A drop-down that refuses oversized or broken messages."""


class GCheckbox(Guarded, w.Checkbox):
    """A checkbox that refuses oversized or broken messages."""


def limits(field: Field) -> tuple[int, int]:
    """The bounds a message for ``field``'s inputs must keep: characters, then items.

    Twice the question's own limits (and a little more), so an answer slightly over a
    limit still reaches validation and is refused there with its usual message.
    """
    chars = max(2 * field.length_limit, field.length_limit + 1_000)
    items = max(2 * field.items_limit, field.items_limit + 50)
    return chars, items


_LABEL = "<span class='{{ size }}'>{{ label }}</span>"
_HELP = "<div class='ck-help'>{{ help }}</div>"
# The message names its field (GOV.UK: an error says what to fix, and where), and says it is an error
# in words as well as by colour and sign.
_ERROR = ("<div class='ck-error' role='alert'><span class='ck-visually-hidden'>Error: </span>"
          "⚠ {{ label }} — {{ message }}</div>")
_STATUS = "<div class='ck-status ck-{{ kind }}'>{{ text }}</div>"


class FieldWidget(w.VBox):
    """One question: label, the input widget, optional help and a message line.

    Where one input answers the question (a text box, a text area, a drop-down), the label
    is the input's own ``description``, which ipywidgets renders as a ``<label for=…>``: the
    input is found by its label in Voilà and in JupyterLab without any page script. A group
    of controls gets a visible label that :mod:`careerkit.widgets.a11y` ties to the group.

    Inside a section (see :func:`careerkit.widgets.forms.section_form`) "Saving…" and
    "✓ Saved" are said once for the whole section; the line under the field is for errors.
    """

    #: Set by ``_build`` when the input carries the question's label itself (its description).
    _own_label = False

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
        #: The section (or table of records) told of this field's errors and saves, if any.
        self._parent: Any = None
        self.message = w.HTML(value="", layout=w.Layout(min_height="0"), _dom_classes=("ck-message",))
        self.input = self._build()
        help_html = w.HTML(render(_HELP, help=field.help)) if field.help and not compact else None
        children: list[w.Widget] = []
        if not self._own_label:
            size = "ck-sublabel" if compact else "ck-label"
            children.append(w.HTML(render(_LABEL, size=size, label=field.label)))
            if help_html is not None:
                children.append(help_html)
            children.append(self.input)
        else:  # the label sits in the input's own box, above it: the help follows
            children.append(self.input)
            if help_html is not None:
                children.append(help_html)
        children.append(self.message)
        classes = ["ck-field", f"ck-field-{field.id}", f"ck-type-{field.type}"]
        classes.append("ck-compact" if compact else f"ck-anchor-{field.id}")
        super().__init__(children=children, _dom_classes=tuple(classes))

    def _labelled(self, **kwargs: Any) -> dict[str, Any]:
        """Keyword arguments that make an input carry this question's label (its description)."""
        self._own_label = True
        return {"description": self.field.label, "description_allow_html": False,
                "style": {"description_width": "initial"}, **kwargs}

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

    def attach(self, parent: Any) -> None:
        """Report errors and saves to ``parent`` (a section form or a table of records), which has
        ``field_problem(widget, message | None)`` and ``show_status(text, kind)``."""
        self._parent = parent

    def show_error(self, message: str) -> None:
        """Show a problem with the answer next to the field, naming the field."""
        self.message.value = render(_ERROR, label=self.field.label, message=message)
        if self._parent is not None:
            self._parent.field_problem(self, message)

    def show_status(self, text: str, kind: str = "saved") -> None:
        """Show a quiet status (``saving``, ``saved``, ``error``).

        In a section, ``saving`` and ``saved`` are shown once for the section, and an
        earlier status under the field goes; an ``error`` (an answer held, not saved) stays
        next to its field.
        """
        if self._parent is not None and kind != "error":
            if "ck-status" in self.message.value:
                self.message.value = ""
            self._parent.show_status(text, kind)
            return
        self.message.value = render(_STATUS, kind=kind, text=text)

    def clear_message(self) -> None:
        """Remove any message next to the field."""
        self.message.value = ""
        if self._parent is not None:
            self._parent.field_problem(self, None)

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
