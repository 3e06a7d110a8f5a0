"""Rank occupations by how well their interest pattern fits a person's.

Method
------
Inputs are the person's RIASEC scores on 0–100 (``None`` for a type not scored yet) and
the O*NET interest profile of each occupation (1–7 on each of the six types). Only the
923 occupations that have an O*NET interest profile are ranked, and at least three of the
person's types must be scored (otherwise nothing is ranked).

1. **Correlation.** Over the person's scored types, compute the Pearson correlation
   ``r`` between the person's scores and the occupation's O*NET scores on the same types.
   Correlation compares the *shape* of the two profiles (which types stand out and which
   stay low), so a person who answers generously and one who answers sparingly, with
   the same ups and downs, get the same results. The two scales (0–100 and 1–7) do not
   need converting for the same reason.
2. **Fit.** ``fit = round((r + 1) * 50, 1)``, which maps ``r`` from −1..1 onto 0..100.
   Fit never decreases as ``r`` grows.
3. **Order.** Highest fit first. Equal fits are ordered by the occupation's O*NET score
   on the person's top type (higher first), then by O*NET-SOC code. The person's top
   type is their highest score, with equal scores ordered R, I, A, S, E, C.
4. **Flat profile.** If all the person's scored types are equal, correlation is
   undefined (no type stands out). The fit then measures closeness of level instead:
   each score is placed on O*NET's scale as ``1 + 6 * score / 100``, ``d`` is the
   root-mean-square difference from the occupation's scores over the scored types, and
   ``fit = round(100 * (1 - d / 6), 1)``. ``correlation`` is reported as 0.0, ``shared``
   is empty, and equal fits are ordered by code alone.

**Reasons** say "strong on" a type only when the occupation's O*NET score on it is at
least :data:`STRONG_LEVEL` (5.0 of 7), and "some" only at :data:`SOME_LEVEL` (4.0, the
middle of O*NET's scale) or more; a type the occupation scores lower is never claimed as
shared, even if it is one of O*NET's high points for it.

``shared`` lists the person's top three types (in their order) that are also among the
occupation's three highest O*NET scores (equal scores ordered R, I, A, S, E, C).

Each step is deterministic: the same scores always give the same list in the same order.
Per-occupation means and deviations are computed once per set of scored types and kept.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from numbers import Real
from operator import mul

from careerkit.core import onet
from careerkit.core.logic.riasec import NAMES, TYPES

__all__ = ["Match", "STRONG_LEVEL", "SOME_LEVEL", "fit_for", "rank_occupations"]

#: An occupation is "strong on" a type only at this O*NET interest score (1–7) or above.
STRONG_LEVEL = 5.0
#: ...and uses "some" of it only at this score or above.
SOME_LEVEL = 4.0


@dataclass(frozen=True)
class Match:
    """One occupation's fit with a person's interests.

    ``fit`` runs 0–100 (higher is better); ``correlation`` is the Pearson ``r`` behind it
    (−1..1, or 0.0 for a flat profile). ``shared`` holds the types high for both the
    person and the occupation; ``reason`` says in one line what lines up and what does not.
    """

    code: str
    title: str
    description: str
    job_zone: int | None
    fit: float
    correlation: float
    shared: tuple[str, ...]
    reason: str


@dataclass(frozen=True)
class _Person:
    letters: tuple[str, ...]  # scored types, in R-I-A-S-E-C order
    values: tuple[float, ...]
    unit: tuple[float, ...] | None  # unit-length deviations; None when flat
    top: tuple[str, ...]  # up to three strongest types, strongest first
    mean: float


def _person(scores: Mapping[str, float | None]) -> _Person | None:
    unknown = [key for key in scores if key not in TYPES]
    if unknown:
        raise ValueError(
            f"Unknown interest types {unknown!r}; use R, I, A, S, E and C."
        )
    letters, values = [], []
    for letter in TYPES:
        value = scores.get(letter)
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, Real) or not (
            0 <= value <= 100
        ):
            raise ValueError(
                f"Score for {letter} must be a number from 0 to 100 or None, got {value!r}."
            )
        letters.append(letter)
        values.append(float(value))
    if len(letters) < 3:
        return None
    mean = sum(values) / len(values)
    deviations = [v - mean for v in values]
    norm = math.sqrt(sum(d * d for d in deviations))
    flat = max(values) - min(values) < 1e-9
    order = sorted(range(len(letters)), key=lambda i: (-values[i], i))
    return _Person(
        letters=tuple(letters),
        values=tuple(values),
        unit=None if flat else tuple(d / norm for d in deviations),
        top=() if flat else tuple(letters[i] for i in order[:3]),
        mean=mean,
    )


@cache
def _profiled() -> tuple[onet.Occupation, ...]:
    return tuple(o for o in onet.occupations().values() if o.interests is not None)


@cache
def _top_three(code: str) -> tuple[str, ...]:
    interests = onet.occupation(code).interests
    return tuple(sorted(TYPES, key=lambda t: (-interests[t], TYPES.index(t)))[:3])


@cache
def _prepared(letters: tuple[str, ...]) -> tuple[tuple[onet.Occupation, tuple[float, ...]], ...]:
    """Each profiled occupation with its unit-length deviations over ``letters``."""
    rows = []
    for occ in _profiled():
        values = [occ.interests[letter] for letter in letters]
        mean = sum(values) / len(values)
        deviations = [v - mean for v in values]
        norm = math.sqrt(sum(d * d for d in deviations))
        # An occupation flat on these types has no shape to correlate with: r = 0.
        unit = tuple(d / norm for d in deviations) if norm > 1e-12 else (0.0,) * len(values)
        rows.append((occ, unit))
    return tuple(rows)


def _names(letters: Iterable[str]) -> str:
    names = [NAMES[letter] for letter in letters]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _reason(person: _Person, occ: onet.Occupation, shared: tuple[str, ...], r: float) -> str:
    if person.unit is None:
        return (
            "Your scores are all level, so this compares your overall interest level "
            "with this work's rather than a pattern."
        )
    leans = occ.holland_code or _top_three(occ.code)[0]
    scores = dict(zip(person.letters, person.values))
    # Only claim "like you" for types the person rates at least as high as their average.
    claimed = [t for t in shared if scores[t] >= person.mean]
    if r < 0:
        pattern = "runs against" if r <= -0.5 else "differs from"
        claimed = [t for t in claimed if occ.interests[t] >= SOME_LEVEL]
        if claimed:
            side = "sides" if len(claimed) > 1 else "side"
            return (
                f"Shares your {_names(claimed)} {side}, "
                f"but its overall pattern {pattern} yours."
            )
        return f"Its pattern {pattern} yours: this work leans most on {_names(leans)}."
    if not claimed:
        return (
            "None of your strongest types is among this work's strongest; "
            f"it leans most on {_names(leans)}."
        )
    strong = [t for t in claimed if t in leans and occ.interests[t] >= STRONG_LEVEL]
    some = [t for t in claimed if t not in strong and occ.interests[t] >= SOME_LEVEL]
    if not strong and not some:
        return (
            "None of your strongest types is strong in this work; "
            f"it leans most on {_names(leans)}."
        )
    if strong and some:
        text = f"Strong on {_names(strong)}, with some {_names(some)}, like you"
    elif strong:
        text = f"Strong on {_names(strong)}, like you"
    else:
        text = f"Uses some {_names(some)}, like you"
    others = [t for t in person.top if t not in shared and scores[t] >= person.mean]
    if others:
        verb = "sides play" if len(others) > 1 else "side plays"
        text += f"; your {_names(others)} {verb} a smaller part here"
    return text + "."


def _fit(person: _Person, occ: onet.Occupation, unit: tuple[float, ...]) -> tuple[float, float]:
    """Return (fit, correlation) for one occupation."""
    if person.unit is None:
        squares = [
            (1 + 6 * v / 100 - occ.interests[t]) ** 2
            for t, v in zip(person.letters, person.values)
        ]
        distance = math.sqrt(sum(squares) / len(squares))
        return round(100 * (1 - distance / 6), 1), 0.0
    r = max(-1.0, min(1.0, sum(map(mul, person.unit, unit))))
    return round((r + 1) * 50, 1), r


def _match(person: _Person, occ: onet.Occupation, fit: float, r: float) -> Match:
    occ_top = _top_three(occ.code)
    shared = tuple(t for t in person.top if t in occ_top)
    return Match(
        code=occ.code,
        title=occ.title,
        description=occ.description,
        job_zone=occ.job_zone,
        fit=fit,
        correlation=r,
        shared=shared,
        reason=_reason(person, occ, shared, r),
    )


def rank_occupations(
    scores: Mapping[str, float | None],
    *,
    job_zones: Iterable[int] | None = None,
    keyword: str | None = None,
    limit: int | None = 10,
) -> list[Match]:
    """Rank occupations by interest fit, best first (method in the module docstring).

    ``scores`` maps R, I, A, S, E, C to 0–100 or ``None``; with fewer than three scored
    types the result is ``[]``. ``job_zones`` keeps only occupations in those Job Zones;
    ``keyword`` keeps only occupations found by :func:`careerkit.core.onet.search`;
    ``limit`` caps the list (``None`` for all). Raises ``ValueError`` for unknown types,
    scores outside 0–100 or a negative limit.
    """
    if limit is not None and limit < 0:
        raise ValueError(f"limit must be zero or more, or None; got {limit!r}.")
    person = _person(scores)
    if person is None or limit == 0:
        return []
    zones = None if job_zones is None else set(job_zones)
    codes = None if keyword is None else {o.code for o in onet.search(keyword)}
    top = person.top[0] if person.top else None
    ranked = []
    for occ, unit in _prepared(person.letters):
        if zones is not None and occ.job_zone not in zones:
            continue
        if codes is not None and occ.code not in codes:
            continue
        fit, r = _fit(person, occ, unit)
        elevation = occ.interests[top] if top else 0.0
        ranked.append((-fit, -elevation, occ.code, r, occ))
    ranked.sort(key=lambda row: row[:3])
    if limit is not None:
        ranked = ranked[:limit]
    return [_match(person, occ, -neg_fit, r) for neg_fit, _, _, r, occ in ranked]


def fit_for(scores: Mapping[str, float | None], code: str) -> Match | None:
    """Return the :class:`Match` for one occupation, as :func:`rank_occupations` would.

    Returns ``None`` when fewer than three types are scored or the occupation has no
    O*NET interest profile; raises ``KeyError`` for an unknown code.
    """
    occ = onet.occupation(code)
    person = _person(scores)
    if person is None or occ.interests is None:
        return None
    unit = next(u for o, u in _prepared(person.letters) if o.code == code)
    fit, r = _fit(person, occ, unit)
    return _match(person, occ, fit, r)
