"""Question widgets, one module per family, chosen by field type."""

from __future__ import annotations

from careerkit.widgets.base import LINKED, WIDGETS, FieldWidget, field_widget
from careerkit.widgets.choice import ChoiceField, MultiChoiceField, ScaleField, TagsField
from careerkit.widgets.dates import DateField
from careerkit.widgets.lists import RankingField, RecordsField
from careerkit.widgets.occupation import OccupationField
from careerkit.widgets.text import LongTextField, NumberField, TextField

__all__ = ["FieldWidget", "LINKED", "WIDGETS", "field_widget"]

WIDGETS.update({
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
})

LINKED.update({
    "onet": OccupationField,
})
