"""Every field type accepts good answers exactly and refuses bad ones with a clear message."""

from __future__ import annotations

import datetime as dt

import pytest

from careerkit.core.content import Field
from careerkit.core.validation import InvalidAnswer, clean


def field(**kw) -> Field:
    kw.setdefault("id", "q")
    kw.setdefault("label", "Question")
    return Field(**kw)


@pytest.mark.parametrize(
    "spec, value, expected",
    [
        ({"type": "text"}, "Hello, 世界 👋", "Hello, 世界 👋"),
        ({"type": "text"}, "   ", None),
        ({"type": "longtext"}, "line one\nline two", "line one\nline two"),
        ({"type": "number"}, "1,200", 1200),
        ({"type": "number"}, 2.5, 2.5),
        ({"type": "number"}, "", None),
        ({"type": "scale", "min": 1, "max": 5}, 4, 4),
        ({"type": "scale", "min": 1, "max": 10}, 10.0, 10),
        ({"type": "choice", "choices": ["a", "b"]}, "b", "b"),
        ({"type": "choice", "choices": ["a", "b"], "allow_other": True}, "c", "c"),
        ({"type": "multichoice", "choices": ["a", "b", "c"]}, ["c", "a"], ["c", "a"]),
        ({"type": "tags"}, ["one", "two words"], ["one", "two words"]),
        ({"type": "date"}, "2026-03-31", "2026-03-31"),
        ({"type": "date"}, dt.date(2026, 3, 31), "2026-03-31"),
        ({"type": "ranking", "choices": ["x", "y", "z"]}, ["z", "x", "y"], ["z", "x", "y"]),
    ],
)
def test_good_answers_are_kept_exactly(spec, value, expected):
    assert clean(field(**spec), value) == expected


@pytest.mark.parametrize(
    "spec, value, message",
    [
        ({"type": "text", "max_length": 10}, "x" * 11, "Please keep this to 10 characters (it is 11 now)"),
        ({"type": "text"}, "two\nlines", "one line"),
        ({"type": "text"}, "bell\x07", "control characters"),
        ({"type": "text"}, 12, "as text"),
        ({"type": "number", "min": 0}, -1, "0 or more"),
        ({"type": "number", "max": 10}, 11, "10 or less"),
        ({"type": "number"}, "twelve", "Please enter a number"),
        ({"type": "number"}, float("nan"), "ordinary number"),
        ({"type": "number"}, float("inf"), "ordinary number"),
        ({"type": "number"}, True, "Please enter a number"),
        ({"type": "scale", "min": 1, "max": 5}, 6, "from 1 to 5"),
        ({"type": "scale", "min": 1, "max": 5}, 2.5, "from 1 to 5"),
        ({"type": "choice", "choices": ["a", "b"]}, "c", "options shown"),
        ({"type": "multichoice", "choices": ["a", "b"]}, ["a", "a"], "listed twice"),
        ({"type": "multichoice", "choices": ["a", "b"]}, ["z"], "only the options"),
        ({"type": "tags"}, ["Same", "same"], "listed twice"),
        ({"type": "tags"}, [""], "empty"),
        ({"type": "tags", "max_items": 2}, ["a", "b", "c"], "2 items"),
        ({"type": "date"}, "31/03/2026", "year-month-day"),
        ({"type": "date"}, "2026-02-30", "not a real date"),
        ({"type": "date"}, "1850-01-01", "between 1900 and 2100"),
        ({"type": "ranking", "choices": ["x", "y"]}, ["x", "q"], "not one of the items"),
    ],
)
def test_bad_answers_are_refused_with_a_message(spec, value, message):
    with pytest.raises(InvalidAnswer) as info:
        clean(field(**spec), value)
    assert message in info.value.message
    assert info.value.field == "q"


def test_ranking_over_another_answer_checks_the_given_items():
    f = field(type="ranking", choices_from="03_values.very_important")
    assert clean(f, ["b", "a"], options=["a", "b"]) == ["b", "a"]
    with pytest.raises(InvalidAnswer):
        clean(f, ["c"], options=["a", "b"])


RECORDS = field(
    type="records",
    fields=[
        {"id": "activity", "type": "text", "label": "Activity", "max_length": 20},
        {"id": "energy", "type": "scale", "label": "Energy", "min": 1, "max": 5},
    ],
)


def test_records_rows_are_checked_cell_by_cell():
    rows = clean(RECORDS, [{"activity": "Teaching", "energy": 5}, {"_id": "keep-me", "energy": None}])
    assert rows[0]["activity"] == "Teaching" and rows[0]["energy"] == 5 and rows[0]["_id"]
    assert rows[1] == {"_id": "keep-me", "activity": None, "energy": None}
    with pytest.raises(InvalidAnswer) as info:
        clean(RECORDS, [{"activity": "ok"}, {"activity": "x", "energy": 9}])
    assert info.value.message.startswith("Row 2, Energy: ")
    assert info.value.row == 2


def test_records_refuse_unknown_columns_and_broken_ids():
    with pytest.raises(InvalidAnswer, match="unknown columns"):
        clean(RECORDS, [{"activity": "x", "salary": 1}])
    with pytest.raises(InvalidAnswer, match="identifier"):
        clean(RECORDS, [{"_id": "../../etc", "activity": "x"}])
    with pytest.raises(InvalidAnswer, match="identifier"):
        clean(RECORDS, [{"_id": "a"}, {"_id": "a"}])


def test_field_descriptions_are_checked():
    with pytest.raises(ValueError, match="needs min and max"):
        field(type="scale")
    with pytest.raises(ValueError, match="needs choices"):
        field(type="choice")
    with pytest.raises(ValueError, match="cannot nest"):
        field(type="records", fields=[{"id": "x", "type": "records", "label": "x",
                                       "fields": [{"id": "y", "type": "text", "label": "y"}]}])
    with pytest.raises(ValueError):
        field(type="text", colour="blue")
