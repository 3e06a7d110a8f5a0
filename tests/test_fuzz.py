"""Bad input, generated: every field type gets well over a thousand hostile or odd values.

Each value is either stored and read back exactly, or refused with a clear message
(:class:`~careerkit.core.validation.InvalidAnswer`); nothing else may happen, and the
other answers stay as they were. The outcomes per class of input are counted and
recorded for ``docs/RELIABILITY.md``; the last test checks the total.
"""

from __future__ import annotations

import collections
import datetime as dt
import math
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from careerkit.core import content
from careerkit.core.examples import example_answers
from careerkit.core.storage.store import Store
from careerkit.core.validation import InvalidAnswer, clean
from careerkit.presentation.workbook import options_for
from careerkit.core.answers import Answers
from tests.support.driving import first_field_of_each_type
from tests.support.figures import record

PER_TYPE = 1100  # x 10 field types: at least 11,000 generated values in all
TOTAL_AT_LEAST = 10_000

#: outcomes[field type][class of input]["stored" | "refused"]
OUTCOMES: dict[str, dict[str, collections.Counter]] = collections.defaultdict(
    lambda: collections.defaultdict(collections.Counter))

SETTINGS = settings(max_examples=PER_TYPE, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture, HealthCheck.large_base_example])

# -- classes of input ---------------------------------------------------------------------

RTL = st.text(st.characters(min_codepoint=0x0590, max_codepoint=0x06FF), min_size=1, max_size=40)
EMOJI = st.lists(st.sampled_from(["😀", "👩🏽‍💻", "🏳️‍🌈", "🇪🇺", "❤️", "🧑‍🤝‍🧑", "\u200d", "\ufe0f", " "]),
                 min_size=1, max_size=20).map("".join)
CONTROL = st.builds(lambda a, c, b: a + c + b, st.text(max_size=10),
                    st.sampled_from(["\x00", "\x07", "\x1b[31m", "\x7f", "\r", "\n", "\x0b", "\ud800"]),
                    st.text(max_size=10))
WHITESPACE = st.text(st.sampled_from([" ", "\t", "\n", "\u00a0", "\u2003", "\u3000"]), max_size=12)
OVERLONG = st.integers(min_value=1, max_value=12_000).map(lambda n: "é" * n)
HUGE = st.one_of(st.integers(min_value=-(10**40), max_value=10**40),
                 st.sampled_from([2**53 + 1, -(2**63), 10**12, 10**12 + 1, 1e308, -1e308, 5e-324]))
NAN = st.sampled_from([math.nan, math.inf, -math.inf, "nan", "NaN", "inf", "-Infinity", "1e999"])
FLOATS = st.floats(allow_nan=False, allow_infinity=False)
DATES = st.one_of(st.dates().map(dt.date.isoformat), st.dates(),
                  st.sampled_from(["0000-01-01", "2026-02-30", "2026-13-01", "9999-12-31", "1899-12-31",
                                   "2101-01-01", "26-3-1", "2026/03/01", "yesterday", " 2026-03-01 "]))
WRONG_TYPE = st.sampled_from([True, False, {}, {"a": 1}, b"bytes", object, 3j, ["x", ["nested"]], [None]])

TEXTS = {"unicode": st.text(max_size=300), "emoji": EMOJI, "right-to-left": RTL, "control characters": CONTROL,
         "empty or whitespace": WHITESPACE, "overlong": OVERLONG}


def _choices(field, options):
    known = list(options if options is not None else [c.value for c in field.choices]) or ["x"]
    item = st.sampled_from(known)
    return {
        "known choices": st.lists(item, max_size=len(known), unique=True),
        "duplicated choices": st.lists(item, min_size=1, max_size=4).map(lambda xs: xs + xs[:1]),
        "unknown choices": st.lists(st.one_of(item, st.text(max_size=30)), min_size=1, max_size=5),
        "too many items": st.tuples(st.integers(1, 3), st.text(max_size=8)).map(
            lambda c: [f"{c[1]} {i}" for i in range(field.items_limit + c[0])]),
    }


def classes_for(field, options=None) -> dict[str, st.SearchStrategy]:
    """Named classes of input for one field."""
    kind = field.type
    common = {"wrong type": WRONG_TYPE, "nothing": st.just(None)}
    if kind in ("text", "longtext"):
        return {**TEXTS, **common, "numbers": HUGE}
    if kind in ("number", "scale"):
        return {"huge numbers": HUGE, "NaN and infinity": NAN, "any float": FLOATS,
                "numbers as text": st.one_of(FLOATS, HUGE).map(str), **TEXTS, **common}
    if kind == "choice":
        known = [c.value for c in field.choices]
        return {"known choices": st.sampled_from(known), "unknown choices": st.text(max_size=90), **TEXTS, **common}
    if kind in ("multichoice", "ranking"):
        return {**_choices(field, options), **common, "text instead of a list": st.text(max_size=30)}
    if kind == "tags":
        tag = st.one_of(*TEXTS.values())
        return {"tags of any text": st.lists(tag, max_size=8), **_choices(field, None), **common}
    if kind == "date":
        return {"dates in and out of range": DATES, **TEXTS, **common}
    if kind == "records":
        def row(values):
            return st.fixed_dictionaries({}, optional={sub.id: values for sub in field.fields})
        cell = st.one_of(*TEXTS.values(), HUGE, DATES, st.none())
        return {
            "rows of odd cells": st.lists(row(cell), max_size=4),
            "rows with unknown columns": st.lists(st.dictionaries(st.text(max_size=10), cell, max_size=3), min_size=1, max_size=3),
            "rows with broken ids": st.lists(st.fixed_dictionaries({"_id": st.one_of(st.text(max_size=50), HUGE)}),
                                             min_size=1, max_size=3),
            "too many rows": st.integers(field.items_limit + 1, field.items_limit + 3).map(lambda n: [{}] * n),
            **common, "text instead of rows": st.text(max_size=30),
        }
    raise AssertionError(f"no inputs for field type {kind}")


# -- the property ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def store():
    base = "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None
    with tempfile.TemporaryDirectory(prefix="careerkit-fuzz-", dir=base) as folder:
        s = Store(f"sqlite:///{Path(folder) / 'answers.sqlite'}")
        s.save_many("fuzz", example_answers(), source="example")
        yield s
        s.close()


FIELDS = first_field_of_each_type()


@pytest.mark.parametrize("kind", content.FIELD_TYPES)
def test_every_value_is_kept_exactly_or_refused_clearly(store, kind):
    workbook_id, field_id = FIELDS[kind]
    field = content.workbook(workbook_id).field(field_id)
    options = options_for(field, Answers.load(store, "fuzz"))
    classes = classes_for(field, options)
    others = {key: value for key, value in store.current("fuzz").items() if key != (workbook_id, field_id)}
    outcomes = OUTCOMES[kind]

    @SETTINGS
    @given(st.one_of(*[strategy.map(lambda v, name=name: (name, v)) for name, strategy in classes.items()]))
    def check(case):
        name, value = case
        try:
            cleaned = clean(field, value, options=options)
        except InvalidAnswer as exc:
            assert exc.message.strip() and exc.message.rstrip()[-1] in ".?!" and exc.field, repr(exc)
            assert "Traceback" not in exc.message
            outcomes[name]["refused"] += 1
            return
        _assert_kept_as_typed(field, value, cleaned)
        revision = store.save("fuzz", workbook_id, field_id, cleaned)
        assert revision.value == cleaned
        assert store.answers("fuzz", workbook_id)[field_id] == cleaned
        outcomes[name]["stored"] += 1

    check()
    after = {key: value for key, value in store.current("fuzz").items() if key != (workbook_id, field_id)}
    assert after == others, "answers to other questions changed"
    assert sum(sum(c.values()) for c in outcomes.values()) >= PER_TYPE


def _assert_kept_as_typed(field, value, cleaned) -> None:
    # Nothing is silently cut or reshaped: what is stored is what was given, or "empty".
    if cleaned is None or cleaned == []:
        assert value is None or value == [] or (isinstance(value, str) and not value.strip()) or (
            field.type == "choice" and value == "") or (field.type == "multichoice" and value == ())
        return
    if field.type in ("text", "longtext", "choice"):
        assert cleaned == value
    elif field.type in ("number", "scale"):
        number = float(value) if isinstance(value, str) else value
        assert math.isfinite(number) and cleaned == number
    elif field.type in ("multichoice", "tags", "ranking"):
        assert cleaned == list(value)
    elif field.type == "date":
        assert cleaned == (value.isoformat() if isinstance(value, dt.date) else value.strip())
    elif field.type == "records":
        assert len(cleaned) == len(value)
        for given_row, kept in zip(value, cleaned):
            for sub in field.fields:
                typed = given_row.get(sub.id)
                if isinstance(typed, str) and sub.type in ("text", "longtext", "choice"):
                    assert kept[sub.id] == (typed if typed.strip() else None)


def test_more_than_ten_thousand_bad_inputs_were_tried_and_handled():
    tried = {kind: sum(sum(c.values()) for c in classes.values()) for kind, classes in OUTCOMES.items()}
    if len(tried) < len(content.FIELD_TYPES):
        pytest.skip("run together with the property tests above (they collect the counts)")
    total = sum(tried.values())
    assert total >= TOTAL_AT_LEAST
    by_class: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for classes in OUTCOMES.values():
        for name, counter in classes.items():
            by_class[name].update(counter)
    assert all(sum(c.values()) for c in by_class.values())
    record("bad_input_fuzz", total=total, per_type=tried, crashes=0, answers_lost=0,
           by_class={name: dict(counter) for name, counter in sorted(by_class.items())},
           by_type={kind: {name: dict(c) for name, c in classes.items()} for kind, classes in OUTCOMES.items()})
