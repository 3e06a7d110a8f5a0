"""Scales, single and multiple choice, and free tags."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import ipywidgets as w

from careerkit.widgets.base import (FieldWidget, GCheckbox, GDropdown, GRadioButtons, GTags, GText,
                                     GToggleButtons, limits)
from careerkit.widgets.markup import render

__all__ = ["ScaleField", "ChoiceField", "MultiChoiceField", "TagsField"]


class ScaleField(FieldWidget):
    """A point on a short scale (1–5, 1–10…), as buttons usable by keyboard."""

    def _build(self) -> w.Widget:
        lo, hi = int(self.field.min), int(self.field.max)  # type: ignore[arg-type]
        options = [(str(i), i) for i in range(lo, hi + 1)]
        buttons = GToggleButtons(
            options=options,
            value=_known(self._value, [v for _, v in options], None),
            style={"button_width": "2.6em"},
            _dom_classes=("ck-scale",),
        )
        buttons.observe(self._changed, "value")
        buttons.guard(self, *limits(self.field))
        if not self.field.anchors:
            return buttons
        low, high = self.field.anchors
        legend = w.HTML(render(
            "<div class='ck-anchors'><span>{{ lo }} = {{ low }}</span><span>{{ hi }} = {{ high }}</span></div>",
            lo=lo, hi=hi, low=low, high=high))
        box = w.VBox([buttons, legend])
        box.buttons = buttons  # type: ignore[attr-defined]
        return box

    @property
    def _buttons(self) -> w.ToggleButtons:
        return getattr(self.input, "buttons", self.input)

    def _read(self) -> Any:
        return self._buttons.value

    def _show(self, value: Any) -> None:
        self._buttons.value = _known(value, [v for _, v in self._buttons.options], None)


class ChoiceField(FieldWidget):
    """One option of a few (radio buttons) or of many (a drop-down)."""

    def _build(self) -> w.Widget:
        options = [(c.label, c.value) for c in self.field.choices]
        known = {c.value for c in self.field.choices}
        if len(options) <= 6 and not self.compact:
            # a group: careerkit.widgets.a11y ties it to the label above and makes it one radio group
            picker: w.Widget = GRadioButtons(options=options, value=_known(self._value, known, None),
                                              layout=w.Layout(width="auto"))
        else:  # one input: its own label
            picker = GDropdown(**self._labelled(options=[("—", "")] + options, value=_known(self._value, known, ""),
                                                layout=w.Layout(width="auto", max_width="100%"),
                                                _dom_classes=("ck-labelled",)))
        picker.observe(self._changed, "value")
        picker.guard(self, *limits(self.field))
        self._picker = picker
        if not self.field.allow_other:
            return picker
        self._other = GText(value=self._other_text(self._value), placeholder="Something else? Type it here",
                             continuous_update=True, description="Or something else",
                             style={"description_width": "initial"}, _dom_classes=("ck-labelled", "ck-other"))
        self._other.observe(self._changed, "value")
        self._other.guard(self, *limits(self.field))
        return w.VBox([picker, self._other])

    def _read(self) -> Any:
        other = getattr(self, "_other", None)
        if other is not None and other.value.strip():
            return other.value
        return self._picker.value or None

    def _show(self, value: Any) -> None:
        known = {c.value for c in self.field.choices}
        empty = "" if isinstance(self._picker, w.Dropdown) else None
        self._picker.value = _known(value, known, empty)
        if getattr(self, "_other", None) is not None:
            self._other.value = self._other_text(value)

    def _other_text(self, value: Any) -> str:
        """What the "something else" box shows: a stored answer that is none of the options."""
        return value if (value and value not in {c.value for c in self.field.choices}) else ""


class MultiChoiceField(FieldWidget):
    """Any number of options, as a group of checkboxes."""

    def _build(self) -> w.Widget:
        chosen = set(self._value or [])
        self._boxes = {}
        for c in self.field.choices:
            box = GCheckbox(value=c.value in chosen, description=c.label, indent=False,
                             layout=w.Layout(width="auto"))
            box.observe(self._changed, "value")
            box.guard(self, *limits(self.field))
            self._boxes[c.value] = box
        grid = w.GridBox(
            list(self._boxes.values()),
            layout=w.Layout(grid_template_columns="repeat(auto-fill, minmax(14em, 1fr))"),
            _dom_classes=("ck-choices",),
        )
        return grid

    def _read(self) -> Any:
        return [value for value, box in self._boxes.items() if box.value]

    def _show(self, value: Any) -> None:
        chosen = set(value or [])
        for key, box in self._boxes.items():
            box.value = key in chosen


class TagsField(FieldWidget):
    """Free words or short phrases: type one and press Enter."""

    def _build(self) -> w.Widget:
        tags = GTags(value=list(self._value or []), allowed_tags=[c.value for c in self.field.choices],
                           allow_duplicates=False, layout=w.Layout(width="100%"))
        tags.observe(self._changed, "value")
        tags.guard(self, *limits(self.field))
        return tags

    def _read(self) -> Any:
        return list(self.input.value)

    def _show(self, value: Any) -> None:
        self.input.value = list(value or [])


def _known(value: Any, known: Collection[Any], empty: Any) -> Any:
    """``value`` when it is one of ``known``, else ``empty`` (what a picker shows for no answer)."""
    return value if value in known else empty

