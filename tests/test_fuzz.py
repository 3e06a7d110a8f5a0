"""Bad input, generated: every field type gets well over a thousand hostile or odd values.

Each value is either stored and read back exactly, or refused with a clear message
(:class:`~careerkit.core.validation.InvalidAnswer`); nothing else may happen, and the
other answers stay as they were. The outcomes per class of input are counted and
recorded for ``docs/RELIABILITY.md``; the last test checks the total.

The values come from a :class:`random.Random` seeded with the field type's name, so
they are the same on every run, machine and hash seed (hypothesis, which the tests
used before, labels its choices with ``hash()`` of functions and so drew other
values whenever ``PYTHONHASHSEED`` changed), and they do not change with a
dependency's version.
"""

from __future__ import annotations

import collections
import datetime as dt
import math
import os
import random
import struct
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

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
#: The seed of every field type's values (with the type's name); change it to try others.
SEED = "careerkit-fuzz-1"

#: Values that raised anything but a clear refusal, and answers read back different, per field type
#: (counted as they happen, before any assert).
CRASHES: collections.Counter = collections.Counter()
CHANGED: collections.Counter = collections.Counter()

#: outcomes[field type][class of input]["stored" | "refused"]
OUTCOMES: dict[str, dict[str, collections.Counter]] = collections.defaultdict(
    lambda: collections.defaultdict(collections.Counter))

Gen = Callable[[random.Random], object]

# -- classes of input ---------------------------------------------------------------------

#: Code point ranges text is drawn from (surrogates never: they are not text), weighted
#: toward the ones people type.
_RANGES = [((0x20, 0x7E), 8), ((0x00, 0x1F), 1), ((0x7F, 0x9F), 1), ((0xA0, 0x2FF), 3), ((0x300, 0x36F), 1),
           ((0x370, 0x52F), 2), ((0x590, 0x6FF), 2), ((0x900, 0xDFF), 1), ((0x2000, 0x206F), 1),
           ((0x3000, 0x30FF), 1), ((0x4E00, 0x9FFF), 2), ((0xE000, 0xF8FF), 1), ((0xFE00, 0xFFFF), 1),
           ((0x1F300, 0x1FAFF), 2), ((0x10000, 0x10FFFF), 1)]


def _char(rng: random.Random, ranges=_RANGES) -> str:
    (lo, hi), = rng.choices([r for r, _w in ranges], weights=[w for _r, w in ranges])
    return chr(rng.randint(lo, hi))


def _size(rng: random.Random, lo: int, hi: int) -> int:
    """A length from lo to hi, short ones more often (as hypothesis draws them)."""
    return min(hi, lo + int(rng.expovariate(1 / max(1, min(20, (hi - lo) / 4)))))


def text(max_size: int, min_size: int = 0, ranges=_RANGES) -> Gen:
    return lambda rng: "".join(_char(rng, ranges) for _ in range(_size(rng, min_size, max_size)))


def one_of(*gens: Gen) -> Gen:
    return lambda rng: rng.choice(gens)(rng)


def sampled(values) -> Gen:
    values = list(values)
    return lambda rng: rng.choice(values)


def lists(item: Gen, min_size: int = 0, max_size: int = 8) -> Gen:
    return lambda rng: [item(rng) for _ in range(_size(rng, min_size, max_size))]


RTL = text(40, 1, [((0x0590, 0x06FF), 1)])
_EMOJI = ["😀", "👩🏽‍💻", "🏳️‍🌈", "🇪🇺", "❤️", "🧑‍🤝‍🧑", "\u200d", "\ufe0f", " "]
EMOJI = lambda rng: "".join(rng.choice(_EMOJI) for _ in range(_size(rng, 1, 20)))  # noqa: E731
CONTROL = lambda rng: text(10)(rng) + rng.choice(["\x00", "\x07", "\x1b[31m", "\x7f", "\r", "\n", "\x0b",  # noqa: E731
                                                   "\ud800"]) + text(10)(rng)
WHITESPACE = text(12, 0, [((0x20, 0x20), 4), ((0x09, 0x0A), 2), ((0xA0, 0xA0), 1), ((0x2003, 0x2003), 1),
                          ((0x3000, 0x3000), 1)])
OVERLONG = lambda rng: "é" * rng.randint(1, 12_000)  # noqa: E731
HUGE = one_of(lambda rng: rng.randint(-(10**40), 10**40), lambda rng: rng.randint(-10**6, 10**6),
              lambda rng: rng.randint(-(2**64), 2**64),
              sampled([2**53 + 1, -(2**63), 10**12, 10**12 + 1, 1e308, -1e308, 5e-324]))
NAN = sampled([math.nan, math.inf, -math.inf, "nan", "NaN", "inf", "-Infinity", "1e999"])


def _float(rng: random.Random) -> float:
    pick = rng.randrange(5)
    if pick == 0:
        return float(rng.randint(-100, 100))
    if pick == 1:
        return rng.uniform(-100, 100)
    if pick == 2:
        return rng.choice([0.0, -0.0, 0.5, -0.5, 1e-9, 0.1, 2.5, 99.99])
    value = math.nan
    while not math.isfinite(value):  # any finite float, by its bits
        value = struct.unpack("<d", rng.getrandbits(64).to_bytes(8, "little"))[0]
    return value


FLOATS = _float
_DAY = lambda rng: dt.date.fromordinal(rng.randint(1, dt.date.max.toordinal()))  # noqa: E731
DATES = one_of(lambda rng: _DAY(rng).isoformat(), _DAY,
               sampled(["0000-01-01", "2026-02-30", "2026-13-01", "9999-12-31", "1899-12-31",
                        "2101-01-01", "26-3-1", "2026/03/01", "yesterday", " 2026-03-01 "]))
WRONG_TYPE = sampled([True, False, {}, {"a": 1}, b"bytes", object, 3j, ["x", ["nested"]], [None]])

TEXTS: dict[str, Gen] = {"unicode": text(300), "emoji": EMOJI, "right-to-left": RTL, "control characters": CONTROL,
                         "empty or whitespace": WHITESPACE, "overlong": OVERLONG}


def _choices(field, options) -> dict[str, Gen]:
    known = list(options if options is not None else [c.value for c in field.choices]) or ["x"]
    item = sampled(known)
    return {
        "known choices": lambda rng: rng.sample(known, _size(rng, 0, len(known))),
        "duplicated choices": lambda rng: (lambda xs: xs + xs[:1])(lists(item, 1, 4)(rng)),
        "unknown choices": lists(one_of(item, text(30)), 1, 5),
        "too many items": lambda rng: (lambda extra, word: [f"{word} {i}" for i in range(field.items_limit + extra)])(
            rng.randint(1, 3), text(8)(rng)),
    }


def classes_for(field, options=None) -> dict[str, Gen]:
    """Named classes of input for one field."""
    kind = field.type
    common = {"wrong type": WRONG_TYPE, "nothing": lambda rng: None}
    if kind in ("text", "longtext"):
        return {**TEXTS, **common, "numbers": HUGE}
    if kind in ("number", "scale"):
        return {"huge numbers": HUGE, "NaN and infinity": NAN, "any float": FLOATS,
                "numbers as text": lambda rng: str(one_of(FLOATS, HUGE)(rng)), **TEXTS, **common}
    if kind == "choice":
        known = [c.value for c in field.choices]
        return {"known choices": sampled(known), "unknown choices": text(90), **TEXTS, **common}
    if kind in ("multichoice", "ranking"):
        return {**_choices(field, options), **common, "text instead of a list": text(30)}
    if kind == "tags":
        return {"tags of any text": lists(one_of(*TEXTS.values()), 0, 8), **_choices(field, None), **common}
    if kind == "date":
        return {"dates in and out of range": DATES, **TEXTS, **common}
    if kind == "records":
        cell = one_of(*TEXTS.values(), HUGE, DATES, lambda rng: None)
        subs = [sub.id for sub in field.fields]

        def row(rng):  # any of the table's columns, each with an odd value
            return {sub: cell(rng) for sub in subs if rng.random() < 0.5}

        return {
            "rows of odd cells": lists(row, 0, 4),
            "rows with unknown columns": lists(lambda rng: {text(10)(rng): cell(rng) for _ in range(_size(rng, 0, 3))},
                                               1, 3),
            "rows with broken ids": lists(lambda rng: {"_id": one_of(text(50), HUGE)(rng)}, 1, 3),
            "too many rows": lambda rng: [{}] * rng.randint(field.items_limit + 1, field.items_limit + 3),
            **common, "text instead of rows": text(30),
        }
    raise AssertionError(f"no inputs for field type {kind}")


def values_for(kind: str, classes: dict[str, Gen], count: int = PER_TYPE):
    """``count`` pairs ``(class name, value)`` for a field type: the same on every run."""
    rng = random.Random(f"{SEED}:{kind}")
    names = list(classes)
    for _ in range(count):
        name = rng.choice(names)
        yield name, classes[name](rng)


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

    def check(name, value):
        try:
            cleaned = clean(field, value, options=options)
        except InvalidAnswer as exc:
            assert exc.message.strip() and exc.message.rstrip()[-1] in ".?!" and exc.field, repr(exc)
            assert "Traceback" not in exc.message
            outcomes[name]["refused"] += 1
            return
        except Exception:
            CRASHES[kind] += 1  # counted before the test fails on it
            raise
        _assert_kept_as_typed(field, value, cleaned)
        revision = store.save("fuzz", workbook_id, field_id, cleaned)
        read_back = store.answers("fuzz", workbook_id)[field_id]
        if read_back != cleaned:
            CHANGED[kind] += 1
        assert revision.value == cleaned
        assert read_back == cleaned
        outcomes[name]["stored"] += 1

    for name, value in values_for(kind, classes):
        try:
            check(name, value)
        except Exception as exc:
            raise AssertionError(f"{kind}, {name}: {value!r:.300}") from exc
    after = {key: value for key, value in store.current("fuzz").items() if key != (workbook_id, field_id)}
    CHANGED[kind] += sum(after.get(key) != value for key, value in others.items())
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


_DIGEST = """
import hashlib, sys
from careerkit.core import content
from tests.test_fuzz import FIELDS, classes_for, values_for
digest = hashlib.sha256()
for kind in content.FIELD_TYPES:
    field = content.workbook(FIELDS[kind][0]).field(FIELDS[kind][1])
    options = ["Security", "Learning", "Family"] if field.choices_from else None
    for case in values_for(kind, classes_for(field, options), 300):
        digest.update(repr(case).encode("utf-8", "surrogatepass"))
print(digest.hexdigest())
"""


def test_the_values_are_the_same_whatever_the_hash_seed():
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    digests = set()
    for seed in ("0", "1", "random"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(root)}
        done = subprocess.run([sys.executable, "-c", _DIGEST], env=env, cwd=root, capture_output=True, text=True,
                              timeout=300)
        assert done.returncode == 0, done.stderr[-2000:]
        digests.add(done.stdout.strip())
    assert len(digests) == 1, digests


def test_more_than_ten_thousand_bad_inputs_were_tried_and_handled():
    tried = {kind: sum(sum(c.values()) for c in classes.values()) for kind, classes in OUTCOMES.items()}
    if len(tried) < len(content.FIELD_TYPES):
        pytest.skip("run together with the property tests above (they collect the counts)")
    total = sum(tried.values())
    by_class: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for classes in OUTCOMES.values():
        for name, counter in classes.items():
            by_class[name].update(counter)
    record("bad_input_fuzz", total=total, per_type=tried, crashes=sum(CRASHES.values()),
           seed=SEED,
           answers_lost=sum(CHANGED.values()), answers_changed=sum(CHANGED.values()),
           by_class={name: dict(counter) for name, counter in sorted(by_class.items())},
           by_type={kind: {name: dict(c) for name, c in classes.items()} for kind, classes in OUTCOMES.items()})
    assert total >= TOTAL_AT_LEAST
    assert all(sum(c.values()) for c in by_class.values())
    assert sum(CRASHES.values()) == 0 and sum(CHANGED.values()) == 0
