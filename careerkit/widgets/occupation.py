"""A job title with O*NET title search: ``type: text`` with ``links_to: onet``.

The answer is the text in the box, like any text field. As the person types, up to
three O*NET occupations are suggested from their official, alternate and reported
titles (:func:`careerkit.core.onet.suggest`); choosing one replaces the text with the
occupation's official title, which is how the link is kept
(:func:`careerkit.core.onet.linked` finds it again anywhere). Keeping one's own words is
always allowed: nothing is linked then, and nothing is changed without a click.

The title tables are read on the first search, never while the page is drawn.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from careerkit.widgets.markup import render
from careerkit.widgets.text import TextField

__all__ = ["OccupationField", "SUGGESTIONS"]

#: How many occupations are suggested at once.
SUGGESTIONS = 3


class OccupationField(TextField):
    """A one-line job title with O*NET suggestions to confirm."""

    def _build(self) -> w.Widget:
        box = super()._build()
        box.observe(self._typed, "value")
        self.note = w.HTML(self._note_html(self._text(self._value)), _dom_classes=("ck-onet-note",))
        self.choices = w.HBox([], _dom_classes=("ck-onet-suggestions",),
                              layout=w.Layout(flex_flow="row wrap"))
        self.suggested: list = []
        return w.VBox([box, self.note, self.choices], layout=w.Layout(width="100%"))

    def _read(self) -> Any:
        return self.box.value

    def _show(self, value: Any) -> None:
        self.box.value = self._text(value)
        self.note.value = self._note_html(self.box.value)
        self._offer([])

    @property
    def box(self) -> w.Text:
        """The text box itself."""
        return self.input.children[0]

    # -- title search ------------------------------------------------------------------------
    def search(self, text: str | None = None) -> list:
        """Suggest occupations for ``text`` (default: what the box holds) and show them."""
        from careerkit.core import onet

        text = self.box.value if text is None else text
        if len(text.strip()) < 3 or onet.linked(text) is not None:
            self._offer([])
            return []
        found = onet.suggest(text, SUGGESTIONS)
        self._offer(found)
        return found

    def choose(self, code: str) -> None:
        """Confirm a suggested occupation: its official title becomes the answer."""
        from careerkit.core import onet

        self.box.value = onet.occupation(code).title  # saved through the usual change path

    def _typed(self, change: Any) -> None:
        if self._loading:
            return
        self.note.value = self._note_html(change["new"])
        self.search(change["new"])

    def _offer(self, found: list) -> None:
        self.suggested = list(found)
        buttons: list[w.Widget] = []
        if found:
            buttons.append(w.HTML("<span class='ck-help'>In O*NET this could be:</span>"))
        for match in found:
            shown = match.title if match.matched == match.title else f"{match.title} (as “{match.matched}”)"
            button = w.Button(description=match.title, tooltip=f"Link to {shown}",
                              layout=w.Layout(width="auto", max_width="100%"),
                              _dom_classes=("ck-onet-choice",))
            button.on_click(lambda _b, code=match.code: self.choose(code))
            buttons.append(button)
        if self.box.value.strip() and not found and len(self.box.value.strip()) >= 3:
            from careerkit.core import onet

            if onet.linked(self.box.value) is None:
                buttons.append(w.HTML("<span class='ck-help'>No O*NET occupation found for these words; "
                                      "they are kept as you typed them.</span>"))
        self.choices.children = buttons

    @staticmethod
    def _note_html(text: str) -> str:
        if not text.strip():
            return ""
        from careerkit.core import onet

        occ = onet.linked(text)
        if occ is None:
            return ""
        return render("<span class='ck-status ck-saved'>✓ Linked to the O*NET occupation "
                      "<b>{{ o.title }}</b> ({{ o.code }})</span>", o=occ)
