"""Ordered lists: a ranking of items, and a table of records (rows with their own fields).

Both are operated with buttons only (move up, move down, remove, add), so they work
by keyboard and in Voilà without any custom front-end code.
"""

from __future__ import annotations

import html
from typing import Any

import ipywidgets as w

from careerkit.core.validation import new_row_id
from careerkit.widgets.base import FieldWidget, field_widget

__all__ = ["RankingField", "RecordsField"]

_SMALL = w.Layout(width="2.4em", padding="0")


def _button(icon_text: str, tooltip: str, callback, *, disabled: bool = False) -> w.Button:
    button = w.Button(description=icon_text, tooltip=tooltip, disabled=disabled, layout=_SMALL)
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
        self._order = kept + [item for item in options if item not in kept]
        self._render()

    def _render(self) -> None:
        self._list.children = self._rows()

    def _rows(self) -> list[w.Widget]:
        rows: list[w.Widget] = []
        if not self._order:
            rows.append(w.HTML("<div class='ck-help'>Nothing to order yet: answer the question this list comes from first.</div>"))
        for position, item in enumerate(self._order):
            label = w.HTML(f"<span class='ck-rank'>{position + 1}.</span> {html.escape(self.field.choice_label(item))}",
                           layout=w.Layout(flex="1 1 auto"))
            up = _button("↑", f"Move “{item}” up", lambda i=position: self._move(i, -1), disabled=position == 0)
            down = _button("↓", f"Move “{item}” down", lambda i=position: self._move(i, +1),
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
        return w.VBox([self._body, self._add])

    def _add_row(self) -> None:
        if len(self._rows) >= self.field.items_limit:
            self.show_error(f"This list holds up to {self.field.items_limit} rows; remove one to add another.")
            return
        self._rows.append({"_id": new_row_id(), **{f.id: None for f in self.field.fields}})
        self._render()
        self._changed()

    def _remove(self, row_id: str) -> None:
        self._rows = [row for row in self._rows if row["_id"] != row_id]
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
            cell.on_change(lambda c, v, rid=row_id: self._cell_changed(rid, c, v))
            cells[sub.id] = cell
        title = w.HTML(title_html)
        tools = w.HBox([
            _button("↑", "Move this row up", lambda: self._move(row_id, -1)),
            _button("↓", "Move this row down", lambda: self._move(row_id, +1)),
            _button("✕", "Remove this row", lambda: self._remove(row_id)),
        ])
        header = w.HBox([title, tools], layout=w.Layout(justify_content="space-between", align_items="center"))
        grid = w.GridBox(list(cells.values()),
                         layout=w.Layout(grid_template_columns="repeat(auto-fill, minmax(16em, 1fr))",
                                         grid_gap="0 1em"))
        box = w.VBox([header, grid], _dom_classes=("ck-row",))
        box.title = title  # type: ignore[attr-defined]
        self._row_widgets[row_id] = (box, cells)
        return box, cells

    def _render(self) -> None:
        self._body.children = self._boxes()

    def _boxes(self) -> list[w.Widget]:
        noun = (self.field.row_label or "row").capitalize()
        boxes: list[w.Widget] = []
        for index, row in enumerate(self._rows, start=1):
            title = f"<b class='ck-row-title'>{html.escape(noun)} {index}</b>"
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
        self._row_widgets.clear()
        self._render()

    @staticmethod
    def _saved_rows(value: Any) -> list[dict[str, Any]]:
        rows = [dict(row) for row in (value or []) if isinstance(row, dict)]
        for row in rows:
            row.setdefault("_id", new_row_id())
        return rows
