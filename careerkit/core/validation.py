"""Checking one answer against its question.

``clean(field, value)`` turns what a widget (or an import, or a crafted client) sent
into the exact JSON value that is stored, or raises :class:`InvalidAnswer` with a
message written for the person, shown next to the field. Nothing is silently cut or
coerced into something the person did not type: an answer is either kept exactly or
refused with a reason, and a refused answer never replaces the saved one.
"""

from __future__ import annotations

import datetime as _dt
import functools
import math
import re
import uuid
from collections.abc import Sequence
from typing import Any

from careerkit.core.content import Field

__all__ = ["InvalidAnswer", "clean", "is_empty", "new_row_id"]

# Control characters other than tab and newline cannot be typed and break exports.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_ROW_ID = re.compile(r"^[A-Za-z0-9_-]{1,40}$")


class InvalidAnswer(ValueError):
    """An answer that cannot be kept, with a message for the person who gave it."""

    def __init__(self, message: str, *, field: str = "", row: int | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.row = row


#: The stored values that mean "not answered yet".
EMPTY_VALUES = (None, "", [], {})


def is_empty(value: Any) -> bool:
    """Whether a stored value means 'not answered yet'."""
    return value in EMPTY_VALUES


def new_row_id() -> str:
    """A short unique id for a new row of a records answer."""
    return uuid.uuid4().hex[:12]


def clean(field: Field, value: Any, *, options: Sequence[str] | None = None) -> Any:
    """Validate ``value`` for ``field`` and return the value to store.

    ``options`` gives the allowed items of a ranking whose items come from another
    answer (``choices_from``). Raises :class:`InvalidAnswer` with a plain message.
    """
    cleaner = _CLEANERS[field.type]
    try:
        return cleaner(field, value, options)
    except InvalidAnswer as exc:
        if not exc.field:
            exc.field = field.id
        raise


def _text(field: Field, value: Any, _options: Any) -> str | None:
    return _checked_text(value, field.length_limit, one_line=field.type == "text")


def _checked_text(value: Any, limit: int, *, one_line: bool) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidAnswer("Please type this as text.")
    if not value.strip():
        return None
    if _CONTROL.search(value):
        raise InvalidAnswer("This contains invisible control characters; please retype it.")
    if one_line and ("\n" in value or "\r" in value):
        raise InvalidAnswer("Please keep this to one line.")
    if len(value) > limit:
        raise InvalidAnswer(
            f"Please keep this to {limit:,} characters (it is {len(value):,} now). "
            "Your last saved answer is still kept."
        )
    return value


def _number(field: Field, value: Any, _options: Any) -> float | int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise InvalidAnswer("Please enter a number.")
    if isinstance(value, str):
        value = _read_number(field, value.strip())
    if not isinstance(value, (int, float)):
        raise InvalidAnswer("Please enter a number.")
    if isinstance(value, float) and not math.isfinite(value):
        raise InvalidAnswer("Please enter an ordinary number.")
    if abs(value) > 1e12:
        raise InvalidAnswer("That number is too large to be right; please check it.")
    lo, hi = field.min, field.max
    if lo is not None and value < lo:
        raise InvalidAnswer(f"Please enter {_fmt(lo)} or more.")
    if hi is not None and value > hi:
        raise InvalidAnswer(f"Please enter {_fmt(hi)} or less.")
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


_PLAIN = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
_GROUPED = re.compile(r"([+-]?)(\d{1,3}(?:,\d{3})+)(\.\d+)?")       # 1,200,000 or 1,200.5
_DECIMAL_COMMA = re.compile(r"([+-]?)(\d+),(\d+)")                  # 7,5
_DOTTED_DECIMAL_COMMA = re.compile(r"([+-]?)(\d{1,3}(?:\.\d{3})+),(\d+)")  # 1.234,5


def _read_number(field: Field, text: str) -> float:
    """The number a person typed, reading a comma only where it can mean one thing.

    ``7,5`` is seven and a half (a decimal comma), ``1,200,000`` and ``1,200.5`` use
    commas between thousands, ``1.234,5`` is written the continental way. ``1,200`` could
    be either: it is read the one way that fits the question's limits, and refused with
    a question back when both fit. A comma is never silently dropped.
    """
    if len(text) > 64:
        raise InvalidAnswer("Please enter a number, like 12 or 7.5.")
    if _PLAIN.fullmatch(text):
        return float(text)
    grouped = _GROUPED.fullmatch(text)
    decimal = _DECIMAL_COMMA.fullmatch(text)
    dotted = _DOTTED_DECIMAL_COMMA.fullmatch(text)
    if dotted:
        return float(f"{dotted[1]}{dotted[2].replace('.', '')}.{dotted[3]}")
    if grouped and (grouped[3] or grouped[2].count(",") > 1 or grouped[2].endswith(",000")):
        return float(f"{grouped[1]}{grouped[2].replace(',', '')}{grouped[3] or ''}")
    if grouped:  # one comma and three digits after it: a thousands comma or a decimal one
        sign, whole, part = decimal[1], decimal[2], decimal[3]
        thousands, point = float(f"{sign}{whole}{part}"), float(f"{sign}{whole}.{part}")
        fits = [n for n in (thousands, point) if _fits(field, n)]
        if len(fits) == 1:
            return fits[0]
        raise InvalidAnswer(f"Did you mean {_fmt(thousands)} or {_fmt(point)}? Please type it without the "
                            "comma (use a point for decimals).")
    if decimal:
        return float(f"{decimal[1]}{decimal[2]}.{decimal[3]}")
    if "," in text:
        raise InvalidAnswer("Please type the number with a point for decimals, like 7.5, and no other commas.")
    raise InvalidAnswer("Please enter a number, like 12 or 7.5.")


def _fits(field: Field, number: float) -> bool:
    if field.min is not None and number < field.min:
        return False
    if field.max is not None and number > field.max:
        return False
    step = getattr(field, "step", None)
    return not step or abs(number / step - round(number / step)) < 1e-9


def _scale(field: Field, value: Any, _options: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise InvalidAnswer("Please pick a point on the scale.")
    try:
        number = float(value)
    except ValueError:
        raise InvalidAnswer("Please pick a point on the scale.") from None
    lo, hi = int(field.min), int(field.max)  # type: ignore[arg-type]
    if not math.isfinite(number) or not number.is_integer() or not lo <= number <= hi:
        raise InvalidAnswer(f"Please pick a whole number from {lo} to {hi}.")
    return int(number)


def _choice(field: Field, value: Any, _options: Any) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InvalidAnswer("Please pick one of the options.")
    if value in {c.value for c in field.choices}:
        return value
    if field.allow_other:
        return _checked_text(value, 80, one_line=True)  # "something else", as a short line
    raise InvalidAnswer("Please pick one of the options shown.")


def _as_list(value: Any) -> list:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return list(value)
    raise InvalidAnswer("Please choose from the list.")


def _no_duplicates(items: list[str]) -> None:
    seen: set[str] = set()
    for item in items:
        key = item.casefold()
        if key in seen:
            raise InvalidAnswer(f"“{item}” is listed twice.")
        seen.add(key)


def _too_many(field: Field, items: list) -> None:
    if len(items) > field.items_limit:
        raise InvalidAnswer(f"Please keep this to {field.items_limit} items (there are {len(items)}).")


def _multichoice(field: Field, value: Any, _options: Any) -> list[str]:
    items = _as_list(value)
    allowed = {c.value for c in field.choices}
    for item in items:
        if not isinstance(item, str) or item not in allowed:
            raise InvalidAnswer("Please tick only the options shown.")
    _no_duplicates(items)
    _too_many(field, items)
    return items


def _tags(field: Field, value: Any, _options: Any) -> list[str]:
    items = _as_list(value)
    out = []
    for item in items:
        if not isinstance(item, str):
            raise InvalidAnswer("Each entry must be a word or short phrase.")
        if not item.strip():
            raise InvalidAnswer("An entry is empty; remove it or type something.")
        if _CONTROL.search(item) or "\n" in item:
            raise InvalidAnswer("An entry contains invisible characters; please retype it.")
        if len(item) > field.length_limit:
            raise InvalidAnswer(f"Please keep each entry to {field.length_limit} characters.")
        out.append(item)
    _no_duplicates(out)
    _too_many(field, out)
    return out


def _date(field: Field, value: Any, _options: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, _dt.datetime):
        value = value.date()
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        raise InvalidAnswer("Please give the date as year-month-day, like 2026-03-31.")
    from pydantic import ValidationError

    try:
        day = _date_adapter().validate_python(value.strip() if isinstance(value, str) else value)
    except (ValidationError, ValueError):  # pydantic before 2.8 raises ValueError for year 0
        raise InvalidAnswer("That is not a real date; please check it.") from None
    lo, hi = _dt.date.fromisoformat(field.min_date), _dt.date.fromisoformat(field.max_date)
    if not lo <= day <= hi:
        raise InvalidAnswer(f"Please pick a date between {lo:%Y} and {hi:%Y}.")
    return day.isoformat()


@functools.cache
def _date_adapter() -> Any:
    # Built on the first date checked rather than at import: drawing a workbook checks none.
    from pydantic import TypeAdapter

    return TypeAdapter(_dt.date)


def _ranking(field: Field, value: Any, options: Sequence[str] | None) -> list[str]:
    items = _as_list(value)
    allowed = set(options) if options is not None else {c.value for c in field.choices}
    for item in items:
        if not isinstance(item, str):
            raise InvalidAnswer("Please order the items shown.")
        if (field.choices or options is not None) and item not in allowed:
            raise InvalidAnswer(f"“{item}” is not one of the items to order.")
        if len(item) > 200:
            raise InvalidAnswer("An item is too long to rank.")
    _no_duplicates(items)
    _too_many(field, items)
    return items


def _records(field: Field, value: Any, _options: Any) -> list[dict]:
    rows = _as_list(value)
    _too_many(field, rows)
    names = {f.id for f in field.fields}
    out: list[dict] = []
    seen_ids: set[str] = set()
    for index, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            raise InvalidAnswer(f"Row {index} is not a row of this table.", row=index)
        unknown = set(row) - names - {"_id"}
        if unknown:
            raise InvalidAnswer(f"Row {index} has unknown columns: {', '.join(sorted(map(str, unknown)))}.", row=index)
        row_id = row.get("_id") or new_row_id()
        if not isinstance(row_id, str) or not _ROW_ID.match(row_id) or row_id in seen_ids:
            raise InvalidAnswer(f"Row {index} has a broken identifier.", row=index)
        seen_ids.add(row_id)
        clean_row: dict[str, Any] = {"_id": row_id}
        for sub in field.fields:
            try:
                clean_row[sub.id] = clean(sub, row.get(sub.id))
            except InvalidAnswer as exc:
                raise InvalidAnswer(f"Row {index}, {sub.label}: {exc.message}", field=sub.id, row=index) from None
        out.append(clean_row)
    return out


def _fmt(number: float) -> str:
    return f"{number:g}"


_CLEANERS = {
    "text": _text,
    "longtext": _text,
    "number": _number,
    "scale": _scale,
    "choice": _choice,
    "multichoice": _multichoice,
    "tags": _tags,
    "date": _date,
    "ranking": _ranking,
    "records": _records,
}
