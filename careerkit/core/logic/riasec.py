"""Scoring for careerkit's own interest inventory, built on Holland's six types.

Each item is an everyday activity answered on a 1–5 scale (1 = dislike it a lot,
5 = like it a lot) and belongs to one type. The scoring key:

* A type's score is the mean of its answered items, rescaled to 0–100 with
  ``(mean - 1) / 4 * 100`` and rounded to one decimal (halves round up). So an average
  answer of 1 scores 0, of 3 scores 50 and of 5 scores 100.
* A type needs at least half of its items answered to get a score; otherwise its
  score is ``None`` ("not enough answers yet"), never a guess.
* The interest code holds only the types that are actually high, at most three,
  highest first. A type is high when its score is at least :data:`HIGH_LEVEL` (60: an
  average answer of 3.4, leaning towards "like") **and** at least :data:`STAND_OUT`
  (10) points above the person's own average over the scored types. So all-Investigative
  answers give ``I``, not ``IRA`` padded with types that scored 0.
* A profile is **flat** when its highest and lowest scores are less than
  :data:`FLAT_SPREAD` (15) points apart, over at least three scored types: rating every
  activity 1, 3 or 5, or nearly so. A flat profile has no code: no type stands out,
  and saying otherwise would be inventing a result.
* Equal scores are ordered R, I, A, S, E, C, and every such tie that touches the code
  is listed in ``ties`` so it can be disclosed rather than broken silently.
* :func:`verdict` turns a profile into what is said to the person (a code and its
  meaning, or plain words that the profile is flat or low with exploration guidance).
"""

from __future__ import annotations

import functools
import operator
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from numbers import Integral

__all__ = [
    "DESCRIPTIONS",
    "NAMES",
    "TYPES",
    "InterestProfile",
    "code_counts",
    "code_meaning",
    "score",
    "score_from",
    "verdict",
    "Verdict",
    "HIGH_LEVEL",
    "STAND_OUT",
    "FLAT_SPREAD",
]

#: A type counts as high at this score or above (0–100; an average answer of 3.4 of 5)...
HIGH_LEVEL = 60.0
#: ...and only when it is at least this many points above the person's own average.
STAND_OUT = 10.0
#: Scores spread less than this (highest minus lowest) make a flat profile: no code.
FLAT_SPREAD = 15.0

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
    letters, strongest first, and only types that are high (see the module docstring);
    it is empty when none is. ``complete`` is true when every item was answered and all
    six types have a score. ``flat`` is true when at least three types are scored and
    they lie within :data:`FLAT_SPREAD` points of each other. ``ties`` lists the groups
    of equal scores (two or more letters, R-I-A-S-E-C order) that touch the code.
    """

    scores: dict[str, float | None] = field(hash=False)
    answered: dict[str, int] = field(hash=False)
    code: str
    complete: bool
    flat: bool = False
    ties: tuple[tuple[str, ...], ...] = ()


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
    key_items = tuple(key.items())
    _layout(key_items)  # a key letter that is not a type is reported first
    unknown = values.keys() - key.keys()
    if unknown:
        raise ValueError(f"Answers given for items not in the key: {', '.join(sorted(map(str, unknown)))}.")
    return score_from(values, key_items)


def score_from(answers: Mapping[str, object], key_items: tuple[tuple[str, str], ...]) -> InterestProfile:
    """:func:`score` of the inventory's items in ``answers``, a mapping that may hold other answers too.

    ``key_items`` is the key as ``tuple(key.items())``. Only the key's items are read, so
    a whole workbook's answers can be passed as they are: a room's picture scores every
    person in the room, and building a mapping of the items alone for each costs more
    than the scoring.
    """
    order, spans, items = _layout(key_items)
    given = list(map(answers.get, order))
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
        for item, letter in key_items:  # in key order, so the first bad answer is the one reported
            value = answers.get(item)
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

    complete = all(scores[t] is not None for t in TYPES) and answered == items
    code, flat, ties = _code(scores)
    return InterestProfile(
        scores=scores, answered=answered, code=code, complete=complete, flat=flat, ties=ties
    )


def code_counts(many: Iterable[Mapping[str, object]], key_items: tuple[tuple[str, str], ...]) -> Counter[str]:
    """How many of ``many`` (answers as :func:`score_from` takes them) hold each interest code.

    Each one's code is :func:`score_from`'s (``""`` for none), and an answer it would
    refuse raises the same error. A room's picture counts the codes of everyone in the
    room, so the usual case (every answer unanswered or a whole number from 1 to 5) is
    scored in bulk: each person's answers become one whole number holding every type's
    total and count (see :func:`_packing`), and each different one of those, rather
    than each person, is turned into scores and a code.
    """
    many = list(many)
    order = _layout(key_items)[0]
    contributions, fields = _packing(key_items)
    packed = []
    for answers in many:
        given = list(map(answers.get, order))
        if not _PLAIN_TYPES.issuperset(map(type, given)):
            break
        try:
            packed.append(sum(map(operator.getitem, contributions, given)))
        except KeyError:  # a whole number outside 1–5
            break
    else:
        out: Counter[str] = Counter()
        for key, held in Counter(packed).items():
            out[_strongest(tuple([table[key >> shift & mask] for shift, mask, table in fields]))[0]] += held
        return out
    # Something else (say 4.0, or an answer to refuse): person by person, so the first
    # answer to refuse is the one reported, as in score_from.
    return Counter(score_from(answers, key_items).code for answers in many)


@functools.lru_cache(maxsize=32)
def _packing(key: tuple[tuple[str, str], ...]) -> tuple[
        tuple[dict[int | None, int], ...], tuple[tuple[int, int, dict[int, float | None]], ...]]:
    # How code_counts packs a person's plain answers into one whole number: each type
    # has a bit field, ``(answered << low) | total``, wide enough that sums never spill
    # into the next type's. Returns what each item's answer adds (in _layout's order),
    # and for each type (R first) its field's place and the score of every value it can hold
    # (by score_from's rule). Cached on the key's contents, like _layout.
    _, _, items = _layout(key)
    most = max(items.values(), default=0)
    low = (5 * most).bit_length()  # room for a type's total...
    width = low + most.bit_length()  # ...and its count of answered items
    contributions: list[dict[int | None, int]] = []
    fields = []
    for place, letter in enumerate(TYPES):
        shift, count = width * place, items[letter]
        adds: dict[int | None, int] = {None: 0}
        adds.update({value: ((1 << low) + value) << shift for value in range(1, 6)})
        contributions += [adds] * count
        table: dict[int, float | None] = {}
        for n in range(count + 1):
            for total in range(n, 5 * n + 1):
                table[(n << low) | total] = (None if 2 * n < count or count == 0
                                             else ((total - n) * 500 + n) // (2 * n) / 10)
        fields.append((shift, (1 << width) - 1, table))
    return tuple(contributions), tuple(fields)


def _code(scores: Mapping[str, float | None]) -> tuple[str, bool, tuple[tuple[str, ...], ...]]:
    """(code, flat, ties) for a set of scores, by the rules in the module docstring."""
    code, flat = _strongest(tuple(map(scores.get, TYPES)))
    scored = [letter for letter in TYPES if scores.get(letter) is not None]
    ties = []
    for value in dict.fromkeys(scores[t] for t in code):
        group = tuple(t for t in scored if scores[t] == value)
        if len(group) > 1:
            ties.append(group)
    return code, flat, tuple(ties)


def _strongest(scores: tuple[float | None, ...]) -> tuple[str, bool]:
    # (code, flat) for the six scores in R-I-A-S-E-C order: the rules of _code without
    # its ties, which is all a room's count of codes needs.
    values = [v for v in scores if v is not None]
    if len(values) < 3:
        return "", False
    if max(values) - min(values) < FLAT_SPREAD:
        return "", True
    mean = sum(values) / len(values)
    # Strongest first; equal scores keep the order R, I, A, S, E, C.
    high = sorted((-v, place) for place, v in enumerate(scores)
                  if v is not None and v >= HIGH_LEVEL and v - mean >= STAND_OUT)
    return "".join([TYPES[place] for _, place in high[:3]]), False


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


@dataclass(frozen=True)
class Verdict:
    """What to say about an interest profile.

    ``kind`` is ``"code"`` (a code stands), ``"flat"`` (no type stands out), ``"low"``
    (the types differ but none reaches the "like" range) or ``"none"`` (too few answers).
    ``headline`` and ``text`` are plain sentences; ``ties`` discloses equal scores;
    ``guidance`` holds exploration steps when there is no code. Only a ``"code"``
    verdict may be followed by a list of closest occupations.
    """

    kind: str
    code: str
    headline: str
    text: str
    ties: str = ""
    guidance: tuple[str, ...] = ()

    @property
    def ranked(self) -> bool:
        """Whether occupations may be listed as close to this person's pattern."""
        return self.kind == "code"


_GUIDANCE = (
    "Look back at your energy log and accomplishment stories: the activities that gave you "
    "energy say more about what you enjoy than any inventory.",
    "Try small, real tastes of different kinds of work (a volunteer shift, a short course, a "
    "day shadowing someone) and notice which ones you want more of.",
    "Browse occupations by a word you care about in workbook 2, and read what people in them "
    "actually do, rather than waiting for a ranking to choose for you.",
    "Come back to the interest activities later and rate them again, using the whole scale: "
    "saving 5 for what you would truly love and 1 for what you would avoid.",
)


def _listing(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _ties_text(profile: InterestProfile) -> str:
    parts = []
    for group in profile.ties:
        value = profile.scores[group[0]]
        parts.append(f"{_listing([NAMES[t] for t in group])} scored the same ({value:g}/100)")
    if not parts:
        return ""
    return ("; ".join(parts) + ". Where scores are equal, the order shown is only the "
            "R-I-A-S-E-C order, not a preference of yours.")


def verdict(profile: InterestProfile) -> Verdict:
    """Say honestly what ``profile`` shows: a code only for types that are actually high.

    A flat profile (every type within :data:`FLAT_SPREAD` points) and a profile with no
    high type get no code and exploration guidance instead; ties are disclosed.
    """
    values = [v for v in profile.scores.values() if v is not None]
    if len(values) < 3:
        return Verdict("none", "", "No interest code yet",
                       "Rate the activities in “Your interest profile” in workbook 1 to see your interest profile.")
    low, high = min(values), max(values)
    if profile.flat:
        mean = sum(values) / len(values)
        if mean >= 75:
            level = "You said you would like almost all of these activities"
        elif mean <= 25:
            level = "You said you would dislike almost all of these activities"
        else:
            level = "You rated almost all of these activities about the same, in the middle of the scale"
        return Verdict(
            "flat", "", "Your interest profile is flat: no type stands out",
            f"{level} (every type scored between {low:g} and {high:g} out of 100). So there is no "
            "interest code, and no list of occupations “closest to your pattern”: with no pattern, "
            "such a list would be noise. That is a real result, not a failure; it means "
            "interests are not the best guide for you right now.",
            guidance=_GUIDANCE)
    if not profile.code:
        top = max(TYPES, key=lambda t: (profile.scores[t] if profile.scores[t] is not None else -1))
        return Verdict(
            "low", "", "No type reaches the “like” range",
            f"Your scores differ, but none is high enough to call an interest: a type counts when it "
            f"scores at least {HIGH_LEVEL:g}/100 and stands {STAND_OUT:g} points above your average. "
            f"Your highest is {NAMES[top]} at {profile.scores[top]:g}. So there is no interest code "
            "and no list of closest occupations.",
            guidance=_GUIDANCE)
    return Verdict("code", profile.code, f"Your interest code: {profile.code}",
                   code_meaning(profile.code), ties=_ties_text(profile))


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
