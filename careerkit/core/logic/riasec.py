"""Scoring for careerkit's own interest inventory, built on Holland's six types.

Each item is an everyday activity answered on a 1–5 scale (1 = dislike it a lot,
5 = like it a lot) and belongs to one type. The scoring key:

* A type's score is the mean of its answered items, rescaled to 0–100 with
  ``(mean - 1) / 4 * 100`` and rounded to one decimal (halves round up). So an average
  answer of 1 scores 0, of 3 scores 50 and of 5 scores 100.
* A type needs at least half of its items answered to get a score; otherwise its
  score is ``None`` ("not enough answers yet"), never a guess.
* The interest code is the three highest-scoring types, highest first. Equal scores
  are ordered R, I, A, S, E, C. Fewer than three scored types give a shorter code.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from numbers import Integral

__all__ = [
    "DESCRIPTIONS",
    "NAMES",
    "TYPES",
    "InterestProfile",
    "code_meaning",
    "score",
]

TYPES = ("R", "I", "A", "S", "E", "C")

NAMES = {
    "R": "Realistic",
    "I": "Investigative",
    "A": "Artistic",
    "S": "Social",
    "E": "Enterprising",
    "C": "Conventional",
}

DESCRIPTIONS = {
    "R": "You like getting your hands on real things: tools, machines, plants, animals "
    "or the outdoors. Seeing something work, grow or stand up because of you feels good.",
    "I": "You like working out how and why things happen. A good puzzle, a question "
    "nobody has answered yet or a pile of evidence to sift keeps you curious for hours.",
    "A": "You like making things that did not exist before, in words, images, sound, "
    "movement or design. Room to try your own ideas matters to you.",
    "S": "You like being with people and making their day go better, by explaining, "
    "listening, caring or bringing them together.",
    "E": "You like getting things moving: pitching ideas, persuading people, taking the "
    "lead and taking a chance on something that could pay off.",
    "C": "You like order you can rely on: clear records, tidy systems and details that "
    "are exactly right. Work that is well organized gives you calm and satisfaction.",
}

# Phrases for code_meaning(), kept apart from DESCRIPTIONS so sentences read naturally.
_DRAWS = {
    "R": "hands-on, practical work with tools, machines, plants or animals",
    "I": "investigating questions and figuring out how things work",
    "A": "creating and expressing ideas in your own way",
    "S": "helping, teaching and looking after people",
    "E": "leading, persuading and getting projects off the ground",
    "C": "organizing information and keeping things accurate",
}

#: What a well-formed answer can be: unanswered, or a plain whole number from 1 to 5.
_PLAIN_TYPES = frozenset({int, type(None)})
_PLAIN_ANSWERS = frozenset({None, 1, 2, 3, 4, 5})


@dataclass(frozen=True)
class InterestProfile:
    """A scored interest inventory.

    ``scores`` maps every type to 0–100, or ``None`` when too few of its items were
    answered. ``answered`` counts answered items per type. ``code`` holds up to three
    letters, strongest first. ``complete`` is true when every item was answered and all
    six types have a score.
    """

    scores: dict[str, float | None] = field(hash=False)
    answered: dict[str, int] = field(hash=False)
    code: str
    complete: bool


def _check_answer(item: str, value: object) -> int:
    whole = not isinstance(value, bool) and (
        isinstance(value, Integral) or (isinstance(value, float) and value.is_integer())
    )
    if not whole or not 1 <= value <= 5:
        raise ValueError(
            f"Answer to {item!r} must be a whole number from 1 to 5, got {value!r}."
        )
    return int(value)


def score(values: Mapping[str, int | None], key: Mapping[str, str]) -> InterestProfile:
    """Score answers to the interest inventory.

    ``values`` maps item id to an answer from 1 to 5; ``None`` or a missing id means
    unanswered. ``key`` maps every item id to its type letter (``"R"`` … ``"C"``).
    See the module docstring for the scoring rules.

    Raises ``ValueError`` for an answer outside 1–5 or not a whole number, an answered
    item that is not in the key, or a key letter that is not a Holland type.
    """
    order, spans, items = _layout(tuple(key.items()))
    unknown = values.keys() - key.keys()
    if unknown:
        raise ValueError(f"Answers given for items not in the key: {', '.join(sorted(map(str, unknown)))}.")

    given = list(map(values.get, order))
    totals: dict[str, int] = {}
    answered: dict[str, int] = {}
    if _PLAIN_TYPES.issuperset(map(type, given)) and _PLAIN_ANSWERS.issuperset(given):
        # The usual case: each type's answers, a slice of ``given``, summed as they are.
        for letter, span in spans.items():
            part = given[span]
            totals[letter] = sum(filter(None, part))
            answered[letter] = len(part) - part.count(None)
    else:
        totals = dict.fromkeys(TYPES, 0)
        answered = dict.fromkeys(TYPES, 0)
        for item, letter in key.items():  # in key order, so the first bad answer is the one reported
            value = values.get(item)
            if value is None:
                continue
            totals[letter] += _check_answer(item, value)
            answered[letter] += 1

    scores: dict[str, float | None] = {}
    for letter in TYPES:
        n = answered[letter]
        if items[letter] == 0 or 2 * n < items[letter]:
            scores[letter] = None
        else:
            # (mean - 1) / 4 * 100 == (total - n) * 25 / n; in tenths, rounded half up,
            # that is floor(((total - n) * 250 + n / 2) / n): exact in whole numbers.
            scores[letter] = ((totals[letter] - n) * 500 + n) // (2 * n) / 10

    scored = [letter for letter in TYPES if scores[letter] is not None]
    # A stable sort: equal scores keep the order R, I, A, S, E, C.
    ranked = sorted(scored, key=scores.__getitem__, reverse=True)
    complete = len(scored) == len(TYPES) and answered == items
    return InterestProfile(
        scores=scores, answered=answered, code="".join(ranked[:3]), complete=complete
    )


@functools.lru_cache(maxsize=32)
def _layout(key: tuple[tuple[str, str], ...]) -> tuple[tuple[str, ...], dict[str, slice], dict[str, int]]:
    # The item ids grouped by type (R first), where each type's items sit in that order,
    # and how many items each type has. Cached on the key's contents, never on a mapping
    # that could change, so a changed key is laid out afresh.
    if not {letter for _, letter in key} <= set(TYPES):
        item, letter = next((i, t) for i, t in key if t not in TYPES)
        raise ValueError(
            f"Item {item!r} is keyed to {letter!r}; use one of {', '.join(TYPES)}."
        )
    order: list[str] = []
    spans: dict[str, slice] = {}
    for letter in TYPES:
        start = len(order)
        order.extend(item for item, t in key if t == letter)
        spans[letter] = slice(start, len(order))
    return tuple(order), spans, {letter: span.stop - span.start for letter, span in spans.items()}


def code_meaning(code: str) -> str:
    """Describe an interest code such as ``"IAS"`` (or ``"I-A-S"``) in one sentence.

    An empty code gets a sentence saying there is no code yet. Raises ``ValueError``
    for letters that are not Holland types or repeat.
    """
    letters = [ch for ch in str(code).upper() if not ch.isspace() and ch not in "-/,"]
    bad = [ch for ch in letters if ch not in TYPES]
    if bad or len(set(letters)) != len(letters):
        raise ValueError(
            f"Interest code {code!r} should use each of R, I, A, S, E, C at most once."
        )
    if not letters:
        return "There is no interest code yet: answer a few more items to see one."
    phrases = [_DRAWS[ch] for ch in letters]
    if len(phrases) == 1:
        return f"You are drawn most to {phrases[0]}."
    middle = "".join(f", then to {p}" for p in phrases[1:-1])
    return f"You are drawn most to {phrases[0]}{middle}, and also to {phrases[-1]}."
