"""Question widgets, one module per family, chosen by field type."""

from __future__ import annotations

from typing import Any

from ..content import Field
from .base import FieldWidget
from .choice import ChoiceField, MultiChoiceField, ScaleField, TagsField
from .dates import DateField
from .lists import RankingField, RecordsField
from .text import LongTextField, NumberField, TextField

__all__ = ["FieldWidget", "WIDGETS", "field_widget"]

#: The widget class for each field type of the workbook descriptions.
WIDGETS: dict[str, type[FieldWidget]] = {
    "text": TextField,
    "longtext": LongTextField,
    "number": NumberField,
    "scale": ScaleField,
    "choice": ChoiceField,
    "multichoice": MultiChoiceField,
    "tags": TagsField,
    "date": DateField,
    "ranking": RankingField,
    "records": RecordsField,
}


def field_widget(field: Field, *, compact: bool = False, options: list[str] | None = None,
                 value: Any = None) -> FieldWidget:
    """The widget that asks ``field``, showing the saved answer ``value``."""
    if field.links_to == "onet":
        from .occupation import OccupationField

        return OccupationField(field, compact=compact, options=options, value=value)
    return WIDGETS[field.type](field, compact=compact, options=options, value=value)
