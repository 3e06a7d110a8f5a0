"""Ordered lists: a ranking of items, and a table of records (rows with their own fields).

Both are operated with buttons only (move up, move down, remove, add), so they work
by keyboard and in Voilà without any custom front-end code. The arrow and cross buttons
show only a sign (drawn by CSS, see :data:`careerkit.widgets.a11y.CSS`); their names are
their tooltips, which say what they do and to which item ("Move “Teaching” up").
"""

from __future__ import annotations

from typing import Any

import ipywidgets as w

from careerkit.core.validation import new_row_id
from careerkit.widgets.base import FieldWidget, field_widget
from careerkit.widgets.markup import render

__all__ = ["RankingField", "RecordsField"]

_SMALL = w.Layout(width="2.4em", min_width="24px", min_height="24px", padding="0")
_ICONS = {"↑": "ck-icon-up", "↓": "ck-icon-down", "✕": "ck-icon-remove"}


def _button(icon_text: str, tooltip: str, callback, *, disabled: bool = False) -> w.Button:
    """A button showing only ``icon_text`` (drawn by CSS) and named by ``tooltip``.

    The button has no text of its own, so its accessible name is its title, the tooltip;
    the sign is CSS content with empty alternative text, which screen readers skip.
    """
    button = w.Button(description="", tooltip=tooltip, disabled=disabled, layout=_SMALL,
                      _dom_classes=("ck-icon", _ICONS[icon_text]))
    button.on_click(lambda _b: callback())
    return button


class RankingField(FieldWidget):
    """Put a list of items in order of importance with ↑ and ↓."""

    def _build(self) -> w.Widget:
        self._order: list[str] = self._ordered(self._value)
        self._list = w.VBox(self._rows(), _dom_classes=("ck-ranking",))
        return self._list

    def _items(self) -> list[str]:
        if self._options is not None:
            return list(self._options)
        return [c.value for c in self.field.choices]

    def _ordered(self, value: Any) -> list[str]:
        """The items in the saved order, then those not ordered yet."""
        items = self._items()
        saved = [item for item in (value or []) if item in items or not items]
        return saved + [item for item in items if item not in saved]

    def set_options(self, options: list[str]) -> None:
        """Replace the items to order, keeping the person's order for items that remain."""
        super().set_options(options)
        kept = [item for item in self._order if item in options]
        order = kept + [item for item in options if item not in kept]
        if order != self._order:  # drawn again only when it changed: a keyboard's focus stays put
            self._order = order
            self._render()

    def _render(self) -> None:
        self._list.children = self._rows()

    def _rows(self) -> list[w.Widget]:
        rows: list[w.Widget] = []
        if not self._order:
            rows.append(w.HTML("<div class='ck-help'>Nothing to order yet: answer the question this list comes from first.</div>"))
        for position, item in enumerate(self._order):
            name = self.field.choice_label(item)
            label = w.HTML(render("<span class='ck-rank'>{{ n }}.</span> {{ name }}", n=position + 1, name=name),
                           layout=w.Layout(flex="1 1 auto"))
            up = _button("↑", f"Move “{name}” up", lambda i=position: self._move(i, -1), disabled=position == 0)
            down = _button("↓", f"Move “{name}” down", lambda i=position: self._move(i, +1),
                           disabled=position == len(self._order) - 1)
            rows.append(w.HBox([label, up, down], layout=w.Layout(align_items="center")))
        return rows

    def _move(self, index: int, step: int) -> None:
        target = index + step
        if not 0 <= target < len(self._order):
            return
        self._order[index], self._order[target] = self._order[target], self._order[index]
        self._render()
        self._changed()

    def _read(self) -> Any:
        return list(self._order)

    def _show(self, value: Any) -> None:
        self._order = self._ordered(value)
        self._render()


class RecordsField(FieldWidget):
    """A table of rows, each with its own fields: add, remove and reorder rows."""

    def _build(self) -> w.Widget:
        self._rows: list[dict[str, Any]] = self._saved_rows(self._value)
        self._row_widgets: dict[str, tuple[w.Widget, dict[str, FieldWidget]]] = {}
        noun = self.field.row_label or "row"
        self._add = w.Button(description=f"Add {noun}", icon="plus", tooltip=f"Add a new {noun}",
                             _dom_classes=("ck-add-row",))
        self._add.on_click(lambda _b: self._add_row())
        self._body = w.VBox(self._boxes())
        return w.VBox([self._body, self._add], _dom_classes=("ck-records",))

    # -- errors and saves of the cells: reported to the section, naming the table and the cell --
    def field_problem(self, cell: FieldWidget, message: str | None) -> None:
        """A cell's error (or its end), passed on to the section this table is in."""
        if self._parent is not None:
            self._parent.field_problem(cell, message, anchor=self.field.id,
                                       label=f"{self.field.label}: {cell.field.label}")

    def _add_row(self) -> None:
        if len(self._rows) >= self.field.items_limit:
            self.show_error(f"This list holds up to {self.field.items_limit} rows; remove one to add another.")
            return
        self._rows.append({"_id": new_row_id(), **{f.id: None for f in self.field.fields}})
        self._render()
        self._changed()

    def _forget_problems(self, row_ids) -> None:
        for row_id in list(row_ids):
            for cell in self._row_widgets.get(row_id, (None, {}))[1].values():
                self.field_problem(cell, None)

    def _remove(self, row_id: str) -> None:
        self._rows = [row for row in self._rows if row["_id"] != row_id]
        self._forget_problems([row_id])
        self._row_widgets.pop(row_id, None)
        self._render()
        self._changed()

    def _move(self, row_id: str, step: int) -> None:
        index = next(i for i, row in enumerate(self._rows) if row["_id"] == row_id)
        target = index + step
        if 0 <= target < len(self._rows):
            self._rows[index], self._rows[target] = self._rows[target], self._rows[index]
            self._render()
            self._changed()

    def _cell_changed(self, row_id: str, sub: FieldWidget, value: Any) -> None:
        for row in self._rows:
            if row["_id"] == row_id:
                row[sub.field.id] = value
        self._changed()

    def _row_widget(self, row: dict[str, Any], title_html: str) -> tuple[w.Widget, dict[str, FieldWidget]]:
        row_id = row["_id"]
        if row_id in self._row_widgets:
            return self._row_widgets[row_id]
        cells: dict[str, FieldWidget] = {}
        for sub in self.field.fields:
            cell = field_widget(sub, compact=True, value=row.get(sub.id))
            cell.attach(self)
            cell.on_change(lambda c, v, rid=row_id: self._cell_changed(rid, c, v))
            cells[sub.id] = cell
        title = w.HTML(title_html)
        noun = self.field.row_label or "row"
        tools = w.HBox([
            _button("↑", f"Move this {noun} up", lambda: self._move(row_id, -1)),
            _button("↓", f"Move this {noun} down", lambda: self._move(row_id, +1)),
            _button("✕", f"Remove this {noun}", lambda: self._remove(row_id)),
        ])
        header = w.HBox([title, tools], layout=w.Layout(justify_content="space-between", align_items="center"))
        grid = w.GridBox(list(cells.values()),
                         layout=w.Layout(grid_template_columns="repeat(auto-fill, minmax(16em, 1fr))",
                                         grid_gap="0 1em"))
        box = w.VBox([header, grid], _dom_classes=("ck-row", "ck-group"))
        box.title = title  # type: ignore[attr-defined]
        self._row_widgets[row_id] = (box, cells)
        return box, cells

    def _render(self) -> None:
        self._body.children = self._boxes()

    def _boxes(self) -> list[w.Widget]:
        noun = (self.field.row_label or "row").capitalize()
        boxes: list[w.Widget] = []
        for index, row in enumerate(self._rows, start=1):
            title = render("<b class='ck-row-title ck-group-label'>{{ noun }} {{ n }}</b>", noun=noun, n=index)
            box, _cells = self._row_widget(row, title)
            # a row keeps its widgets when rows move or go; only its number changes
            box.title.value = title  # type: ignore[attr-defined]
            boxes.append(box)
        if not boxes:
            boxes.append(w.HTML("<div class='ck-help ck-empty'>No rows yet — use the button below to add one.</div>"))
        return boxes

    def _read(self) -> Any:
        return [dict(row) for row in self._rows]

    def _show(self, value: Any) -> None:
        self._rows = self._saved_rows(value)
        self._forget_problems(self._row_widgets)
        self._row_widgets.clear()
        self._render()

    @staticmethod
    def _saved_rows(value: Any) -> list[dict[str, Any]]:
        rows = [dict(row) for row in (value or []) if isinstance(row, dict)]
        for row in rows:
            row.setdefault("_id", new_row_id())
        return rows
