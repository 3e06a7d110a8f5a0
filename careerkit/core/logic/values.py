"""The logic of workbook 03 (core values and motivations), as pure functions over answers.

What other workbooks use
------------------------
* :func:`top_values` — the person's top five values with weights (the decision in
  workbook 10 weighs options by them).
* :func:`motivations` — how much each motivation matters, 1–5.
* :func:`alignment` — each shortlisted option's weighted alignment score, 0–100.

The card sort
-------------
The value cards are the choices of the three pile fields in
``careerkit/workbooks/values/description.yaml`` (one list, shared through a YAML anchor): the
name is stored, the one-line meaning is the choice's help. A card sits in at most one
pile; :func:`check_sort` enforces that on the kernel side and :func:`move_card` moves a
card between piles.

Top five and weights
--------------------
The order of the very important values is the saved ranking (``top_values``), keeping
only cards still in the very important pile, followed by any very important cards not
ranked yet in the order they were sorted. This is exactly the order the ranking
question shows, so what the person sees is what counts. The first five are the top
five. Weights are rank based: the values at ranks 1…n (n ≤ 5) get raw weights
5, 4, 3, 2, 1 (the first n of them), divided by their sum so they add up to 1. With a
full top five that is 5/15, 4/15, 3/15, 2/15 and 1/15.

Alignment score
---------------
For one option, each top value v the person rated (1 = works against it, 5 = fully
serves it) contributes ``(rating - 1) / 4`` (0..1). The score is the weighted mean of
those contributions with the top-five weights, re-normalised over the values actually
rated, times 100, rounded to one decimal::

    score = 100 * sum(w_v * (r_v - 1) / 4) / sum(w_v)     (over rated top values v)

So an option rated 5 on everything scores 100, 3 on everything 50, 1 on everything 0.
An option with no rated top value has no score. :func:`alignment_details` also reports
how many of the top values were rated, so a partial score can be shown as such.

O*NET work values, mapped honestly
----------------------------------
O*NET rates each occupation on six work values (1–7, "extent"). :data:`WORK_VALUES`
says in plain words what each covers; :data:`MOTIVATION_TO_WORK_VALUE` maps the
motivations asked here onto them where O*NET has a real counterpart, with a caveat
where the match is partial. Work-life balance has no O*NET counterpart, and nothing asked
here maps onto O*NET's "Support" (supportive management), so the person has no score
there rather than a guessed one. The two sides come from different instruments (a
person's rating of importance, an analyst's rating of what an occupation offers), so
both are put on 0–100 only to share an axis: compare which values stand out, not the
exact heights.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from careerkit.core import content, onet
from careerkit.core.logic import exploration
from careerkit.core.answers import Answers
from careerkit.core.validation import InvalidAnswer, new_row_id

__all__ = [
    "WB",
    "PILES",
    "MOTIVATIONS",
    "WORK_VALUES",
    "MOTIVATION_TO_WORK_VALUE",
    "CARD_TO_WORK_VALUE",
    "Card",
    "alignment",
    "alignment_details",
    "alignment_score",
    "cards",
    "check_sort",
    "move_card",
    "motivations",
    "own_work_values",
    "piles",
    "rank_weights",
    "ranked_values",
    "ratings",
    "set_rating",
    "top_values",
    "work_value_comparison",
]

WB = "03_values"
EXPLORE = "02_explore_roles"

#: The three piles of the card sort: field id and label, most important first.
PILES: dict[str, str] = {
    "very_important": "Very important",
    "important": "Important",
    "not_important": "Not important",
}

TOP = 5

#: The motivations asked about, by key, with their field id and a short label, in order.
MOTIVATIONS: dict[str, tuple[str, str]] = {
    "creativity": ("mot_creativity", "Creativity"),
    "impact": ("mot_impact", "Impact"),
    "growth": ("mot_growth", "Growth"),
    "autonomy": ("mot_autonomy", "Autonomy"),
    "work_life_balance": ("mot_balance", "Work-life balance"),
    "security": ("mot_security", "Security"),
    "recognition": ("mot_recognition", "Recognition"),
    "income": ("mot_income", "Income"),
}

#: O*NET's six work values: name and what an occupation high on it offers, in plain words.
WORK_VALUES: dict[str, tuple[str, str]] = {
    "achievement": ("Achievement", "using your strongest abilities and seeing results you can be proud of"),
    "independence": ("Independence", "working on your own, trying your own ideas and making your own decisions"),
    "recognition": ("Recognition", "advancement, a chance to lead, and a role others look up to"),
    "relationships": ("Relationships", "serving others, friendly co-workers, and never being asked to act against your conscience"),
    "support": ("Support", "management that backs its people, fair policies and good supervision"),
    "working_conditions": ("Working conditions", "job security, good pay, variety, steady activity and pleasant surroundings"),
}

#: Which O*NET work value each motivation counts towards, with an honest caveat ("" = a close match).
#: ``None`` means O*NET has no counterpart.
MOTIVATION_TO_WORK_VALUE: dict[str, tuple[str | None, str]] = {
    "creativity": ("independence", "O*NET counts trying out your own ideas under Independence."),
    "autonomy": ("independence", ""),
    "impact": ("relationships", "Only partly: O*NET's counterpart is serving people directly; it does not rate wider social or environmental impact."),
    "growth": ("achievement", "Only partly: Achievement is about using your abilities and seeing results; O*NET does not rate learning new things."),
    "recognition": ("recognition", ""),
    "security": ("working_conditions", "O*NET folds security into Working conditions, together with pay, variety and surroundings."),
    "income": ("working_conditions", "O*NET folds pay into Working conditions; it does not rate how well an occupation pays."),
    "work_life_balance": (None, "O*NET's work values say nothing about hours, flexibility or time for life outside work."),
}

#: Value cards that correspond to an O*NET work value (the rest have no counterpart).
CARD_TO_WORK_VALUE: dict[str, str] = {
    "Achievement": "achievement",
    "Challenge": "achievement",
    "Competence": "achievement",
    "Autonomy": "independence",
    "Creativity": "independence",
    "Recognition": "recognition",
    "Status": "recognition",
    "Leadership": "recognition",
    "Influence": "recognition",
    "Helping others": "relationships",
    "Making a difference": "relationships",
    "Service": "relationships",
    "Friendship": "relationships",
    "Integrity": "relationships",
    "Collaboration": "relationships",
    "Supportive manager": "support",
    "Fairness": "support",
    "Financial security": "working_conditions",
    "Stability": "working_conditions",
    "Wealth": "working_conditions",
    "Variety": "working_conditions",
}


@dataclass(frozen=True)
class Card:
    """One value card: its name (what is stored) and its one-line meaning."""

    name: str
    meaning: str


def cards() -> list[Card]:
    """Every value card, in deck order."""
    field = content.workbook(WB).field("very_important")
    return [Card(c.value, c.help) for c in field.choices]


# -- the card sort -------------------------------------------------------------------------------
def piles(answers: Answers) -> dict[str, list[str]]:
    """The three piles as saved: ``{"very_important": [...], "important": [...], "not_important": [...]}``."""
    return {pile: list(answers.get_answer(f"{WB}.{pile}", []) or []) for pile in PILES}


def check_sort(sorted_piles: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    """Check a card sort and return it as plain lists; raises :class:`InvalidAnswer` if it is broken.

    Every pile must be one of :data:`PILES`, every card a known card, and no card may sit
    in two piles (or twice in one).
    """
    known = {c.name for c in cards()}
    seen: dict[str, str] = {}
    out: dict[str, list[str]] = {pile: [] for pile in PILES}
    for pile, items in sorted_piles.items():
        if pile not in PILES:
            raise InvalidAnswer(f"There is no pile called {pile!r}.")
        for card in items:
            if card not in known:
                raise InvalidAnswer(f"“{card}” is not one of the value cards.")
            if card in seen:
                raise InvalidAnswer(
                    f"“{card}” is in both “{PILES[seen[card]]}” and “{PILES[pile]}”; a card belongs in one pile."
                )
            seen[card] = pile
            out[pile].append(card)
    return out


def move_card(sorted_piles: Mapping[str, Sequence[str]], card: str, pile: str | None) -> dict[str, list[str]]:
    """The piles with ``card`` moved to ``pile`` (appended at its end), or out of every pile for ``None``.

    The input is not changed. Raises :class:`InvalidAnswer` for an unknown card or pile.
    """
    if pile is not None and pile not in PILES:
        raise InvalidAnswer(f"There is no pile called {pile!r}.")
    if card not in {c.name for c in cards()}:
        raise InvalidAnswer(f"“{card}” is not one of the value cards.")
    out = {p: [c for c in sorted_piles.get(p, []) if c != card] for p in PILES}
    if pile is not None:
        out[pile].append(card)
    return check_sort(out)


# -- top five ------------------------------------------------------------------------------------
def ranked_values(answers: Answers) -> list[str]:
    """The very important values in the person's order (see the module docstring)."""
    very = list(answers.get_answer(f"{WB}.very_important", []) or [])
    ranking = [v for v in answers.get_answer(f"{WB}.top_values", []) or [] if v in very]
    ranking = list(dict.fromkeys(ranking))
    return ranking + [v for v in very if v not in ranking]


def rank_weights(n: int) -> list[float]:
    """Rank-based weights for ``n`` ranked values (at most five count): 5, 4, 3… normalised to sum 1."""
    n = max(0, min(n, TOP))
    raw = [TOP - i for i in range(n)]
    total = sum(raw)
    return [r / total for r in raw]


def top_values(answers: Answers) -> list[tuple[str, float]]:
    """The person's top values, most important first, each with its weight.

    Up to five ``(value name, weight)`` pairs; weights are rank based (5, 4, 3, 2, 1
    normalised to sum 1; see the module docstring) and add up to 1. Empty until the
    person has put at least one card in the "very important" pile.
    """
    top = ranked_values(answers)[:TOP]
    return list(zip(top, rank_weights(len(top))))


def motivations(answers: Answers) -> dict[str, int]:
    """How much each motivation matters (1–5), by key of :data:`MOTIVATIONS`, in that order.

    Only answered motivations are included.
    """
    given = answers[WB]
    return {key: given[field] for key, (field, _label) in MOTIVATIONS.items() if given.get(field)}


# -- alignment -----------------------------------------------------------------------------------
def _key(text: str) -> str:
    return " ".join(str(text).split()).casefold()


def ratings(answers: Answers) -> dict[tuple[str, str], int]:
    """Saved alignment ratings by ``(option title, value)``, both compared ignoring case.

    Keys are case-folded; a pair rated twice keeps the last row.
    """
    out: dict[tuple[str, str], int] = {}
    for row in answers.rows(f"{WB}.alignment_ratings"):
        if row.get("option") and row.get("value") and row.get("rating"):
            out[(_key(row["option"]), _key(row["value"]))] = row["rating"]
    return out


def set_rating(rows: Sequence[dict], option: str, value: str, rating: int | None) -> list[dict]:
    """Stored alignment rows with one rating set (``None`` removes it); the input is not changed.

    Rows for other options or values, including ones no longer on the shortlist or in the
    top five, are kept so nothing is lost if they come back.
    """
    out: list[dict] = []
    found = False
    for row in rows:
        row = dict(row)
        if _key(row.get("option") or "") == _key(option) and _key(row.get("value") or "") == _key(value):
            if found or rating is None:
                continue
            row["rating"] = rating
            found = True
        out.append(row)
    if not found and rating is not None:
        out.append({"_id": new_row_id(), "option": option, "value": value, "rating": rating})
    return out


def alignment_score(option_ratings: Mapping[str, int], weights: Iterable[tuple[str, float]]) -> float | None:
    """The weighted alignment score 0–100 of one option (formula in the module docstring).

    ``option_ratings`` maps value name to a 1–5 rating; ``weights`` is
    :func:`top_values`-style pairs. Values are matched ignoring case. ``None`` when no
    weighted value is rated.
    """
    given = {_key(v): r for v, r in option_ratings.items()}
    num = den = 0.0
    for value, weight in weights:
        rating = given.get(_key(value))
        if rating is None:
            continue
        if not 1 <= rating <= 5:
            raise ValueError(f"a rating runs from 1 to 5, got {rating!r}")
        num += weight * (rating - 1) / 4
        den += weight
    if den <= 0:
        return None
    return round(100 * num / den, 1)


def alignment_details(answers: Answers) -> list[dict]:
    """Per shortlisted option: its score and how it was reached, best first.

    Each item: ``title``, ``kind``, ``onet_code``, ``score`` (0–100 or ``None``),
    ``rated`` (how many top values are rated), ``total`` (how many top values there are)
    and ``ratings`` (value → rating). Options without a score come last, in shortlist order.
    """
    top = top_values(answers)
    saved = ratings(answers)
    out = []
    for position, option in enumerate(exploration.shortlist(answers)):
        given = {v: saved[(_key(option["title"]), _key(v))] for v, _w in top
                 if (_key(option["title"]), _key(v)) in saved}
        out.append({
            "title": option["title"], "kind": option["kind"], "onet_code": option["onet_code"],
            "score": alignment_score(given, top), "rated": len(given), "total": len(top),
            "ratings": given, "position": position,
        })
    out.sort(key=lambda d: (d["score"] is None, -(d["score"] or 0), d["position"]))
    return out


def alignment(answers: Answers) -> dict[str, float]:
    """Weighted alignment score 0–100 per shortlisted option title, best first.

    Options with no rating against any top value are left out. See the module docstring
    for the formula.
    """
    return {d["title"]: d["score"] for d in alignment_details(answers) if d["score"] is not None}


# -- O*NET work values ---------------------------------------------------------------------------
def own_work_values(answers: Answers) -> dict[str, float | None]:
    """The person's emphasis on each O*NET work value, 0–100, from their motivations.

    Each work value takes the mean of the motivations mapped to it
    (:data:`MOTIVATION_TO_WORK_VALUE`), rescaled from 1–5 to 0–100 with
    ``(mean - 1) / 4 * 100`` and rounded to one decimal. ``None`` where no answered
    motivation maps onto that work value.
    """
    given = motivations(answers)
    out: dict[str, float | None] = {}
    for wv in WORK_VALUES:
        mapped = [given[m] for m, (target, _c) in MOTIVATION_TO_WORK_VALUE.items() if target == wv and m in given]
        out[wv] = round((sum(mapped) / len(mapped) - 1) / 4 * 100, 1) if mapped else None
    return out


def occupation_work_values(code: str) -> dict[str, float] | None:
    """An occupation's O*NET work values rescaled from 1–7 to 0–100 (one decimal), or ``None``."""
    values = onet.occupation(code).work_values
    if values is None:
        return None
    return {wv: round((values[wv] - 1) / 6 * 100, 1) for wv in WORK_VALUES}


def _standouts(scores: Mapping[str, float | None], n: int = 3) -> list[str]:
    known = [(wv, s) for wv, s in scores.items() if s is not None]
    order = list(WORK_VALUES)
    known.sort(key=lambda kv: (-kv[1], order.index(kv[0])))
    return [wv for wv, _ in known[:n]]


def work_value_comparison(answers: Answers) -> list[dict]:
    """For each shortlisted O*NET occupation with work values: its profile next to the person's.

    Each item: ``title``, ``onet_code``, ``occupation`` (work value → 0–100), ``you``
    (work value → 0–100 or None, from :func:`own_work_values`), ``occupation_top`` and
    ``you_top`` (up to three stand-out work values each, highest first; equal scores in
    :data:`WORK_VALUES` order) and ``shared`` (work values in both). Options without an
    O*NET link, or occupations O*NET has no work values for, are left out.
    """
    you = own_work_values(answers)
    you_top = _standouts(you)
    out = []
    for option in exploration.shortlist(answers):
        code = option["onet_code"]
        occ = occupation_work_values(code) if code else None
        if occ is None:
            continue
        occ_top = _standouts(occ)
        out.append({"title": option["title"], "onet_code": code, "occupation": occ, "you": you,
                    "occupation_top": occ_top, "you_top": you_top,
                    "shared": [wv for wv in you_top if wv in occ_top]})
    return out


def top_value_counterparts(answers: Answers) -> list[dict[str, Any]]:
    """The top values with the O*NET work value each corresponds to (``None`` when none does)."""
    return [{"value": v, "weight": w, "work_value": CARD_TO_WORK_VALUE.get(v)} for v, w in top_values(answers)]
