"""A synthetic room whose answers vary as real answers do: the input of the room's-picture figures.

Every participant is drawn from a seeded generator, so the same ``(n, seed)`` gives the
same room on every machine and under every ``PYTHONHASHSEED``: nothing here iterates a
set or seeds from ``hash()``, and every per-question setting comes from a generator
seeded with text (which Python hashes with SHA-512, not with the per-process hash).

How answers vary (each a plain, stated assumption rather than a survey's figures):

- **How far people got.** Most people finish the first workbooks and fewer reach the later
  ones: each workbook after the start page is reached with probability 0.85 (so about
  one in six stops after each), and within a workbook a person answers each question with
  probability 0.85 (0.5 in the last workbook they reached).
- **Ratings.** Each question has its own typical answer (between the middle and the upper
  quarter of its scale), each person their own leaning (some rate everything higher), plus
  noise; interest items follow the person's own interest profile (a few strong types,
  the rest weak), so interest codes differ from person to person.
- **Choices and multiple choices.** Some options are popular and others rare: option
  popularity follows Zipf's law (weight 1/rank, in a per-question order); 1–4 options
  are ticked, fewer more often. An "in my own words" answer is given where allowed, by 3%.
- **Typed entries (tags).** 1–8 entries per person, about 3 on average, up to the
  question's limit. 70% are common entries drawn with Zipf weights from a vocabulary
  (the question's own examples first, then words from the O*NET tables), 10% a common
  entry spelt differently (case, spacing), and 20% an entry of the person's own that
  nobody else typed: the long tail a real room produces.
- **Rankings.** A person ranks what they themselves chose earlier (``choices_from``),
  ordered by the items' popularity with per-person noise (a Plackett–Luce draw).
- **Numbers** are spread log-normally around the question's example (a typical answer),
  within its limits. Free text and records are the examples, made each person's own.
- 80% consent to count in the room's picture; 10% of those share one written answer.
"""

from __future__ import annotations

import hashlib
import json
import math
import random
from collections.abc import Sequence
from typing import Any

#: Chance that a person who reached one workbook goes on to the next.
CARRY_ON = 0.85
#: Chance that a question is answered in a workbook a person worked through (and in their last one).
ANSWERED, ANSWERED_LAST = 0.85, 0.5
CONSENT, SHARES = 0.8, 0.1
#: Typed entries: from the vocabulary, a common entry spelt differently, or the person's own.
COMMON, VARIANT = 0.7, 0.1

_ROLE_FIELDS = {"roles_to_explore", "front_runners", "options"}


def _zipf_weights(n: int, s: float = 1.0) -> list[float]:
    return [1.0 / (rank ** s) for rank in range(1, n + 1)]


def _cumulative(weights: Sequence[float]) -> list[float]:
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return out


class _Question:
    """What a question's answers look like across a room: drawn once per question, from the seed."""

    def __init__(self, workbook: str, field, seed: int, vocabularies: dict[str, list[str]]):
        rng = random.Random(f"{seed}:{workbook}:{field.id}")
        self.workbook, self.field, self.type = workbook, field, field.type
        if field.type == "scale":
            lo, hi = float(field.min), float(field.max)
            self.lo, self.hi = lo, hi
            self.typical = lo + (hi - lo) * rng.uniform(0.5, 0.8)
            self.spread = (hi - lo) / 4
        elif field.type in ("choice", "multichoice") or (field.type == "ranking" and field.choices):
            values = [c.value for c in field.choices]
            rng.shuffle(values)  # which options are the popular ones
            self.values = values
            self.cumulative = _cumulative(_zipf_weights(len(values)))
            self.popularity = dict(zip(values, _zipf_weights(len(values))))
        elif field.type == "tags":
            pool = vocabularies["roles" if field.id in _ROLE_FIELDS else "words"]
            self.length = field.length_limit
            examples = [e for e in (field.example or []) if isinstance(e, str)]
            fits = [w for w in pool if len(w) <= self.length and w not in examples]
            self.vocabulary = examples + rng.sample(fits, min(len(fits), 300))
            self.cumulative = _cumulative(_zipf_weights(len(self.vocabulary), 1.1))
            self.limit = field.max_items or 12
        elif field.type == "number":
            example = field.example if isinstance(field.example, (int, float)) else 1
            self.median = max(float(example), 1.0)

    def answer(self, person: "_Person", rng: random.Random, answered: dict) -> Any:
        f, t = self.field, self.type
        if t == "scale":
            if f.score and f.score in person.interests:
                centre = self.lo + (self.hi - self.lo) * (0.2 + 0.7 * person.interests[f.score])
            else:
                centre = self.typical
            value = round(rng.gauss(centre + person.leaning * self.spread, self.spread * 0.8))
            return int(min(self.hi, max(self.lo, value)))
        if t == "choice":
            if f.allow_other and rng.random() < 0.03:
                return f"something else, in words of person {person.number}"
            return rng.choices(self.values, cum_weights=self.cumulative)[0]
        if t == "multichoice":
            k = min(len(self.values), 1 + min(3, int(rng.expovariate(0.8))))
            chosen: list[str] = []
            while len(chosen) < k:
                pick = rng.choices(self.values, cum_weights=self.cumulative)[0]
                if pick not in chosen:
                    chosen.append(pick)
            return chosen
        if t == "tags":
            k = min(self.limit, 1 + min(7, int(rng.expovariate(1 / 2.2))))
            entries: list[str] = []
            seen: set[str] = set()  # membership only: the answer's order comes from the draws
            for i in range(k):
                roll = rng.random()
                if roll < COMMON + VARIANT:
                    entry = rng.choices(self.vocabulary, cum_weights=self.cumulative)[0]
                    if roll >= COMMON:
                        entry = rng.choice((entry.upper(), entry.title(), f" {entry} ", entry.replace(" ", "  ")))
                else:
                    own = f" ({person.number}-{i})"
                    entry = self.vocabulary[rng.randrange(len(self.vocabulary))][: self.length - len(own)] + own
                entry = entry[: self.length]
                key = " ".join(entry.split()).casefold()
                if key not in seen:  # a person lists an entry once, however they spell it
                    seen.add(key)
                    entries.append(entry)
            return entries
        if t == "ranking":
            if f.choices_from:
                source_wb, source_field = f.choices_from.split(".", 1)
                items = answered.get(source_wb, {}).get(source_field)
                if not isinstance(items, list) or len(items) < 2:
                    return None
                popularity = {}
            else:
                items, popularity = list(self.values), self.popularity
            # Plackett–Luce: sort by log-weight plus Gumbel noise
            keyed = [(math.log(popularity.get(item, 1.0)) - math.log(-math.log(rng.random() or 1e-12)), item)
                     for item in items]
            return [item for _, item in sorted(keyed, key=lambda kv: -kv[0])]
        if t == "number":
            value = rng.lognormvariate(math.log(self.median), 0.6)
            lo = f.min if f.min is not None else 0
            hi = f.max if f.max is not None else value
            value = min(hi, max(lo, value))
            return int(round(value)) if float(f.step or 1).is_integer() else round(value, 1)
        if t in ("text", "longtext"):
            example = f.example if isinstance(f.example, str) else "an answer"
            return f"{example[: max(1, (f.length_limit or 200) - 20)]} (person {person.number})"
        if t == "records":
            rows = f.example if isinstance(f.example, list) else []
            return [dict(r) for r in rows[: rng.randint(1, len(rows))]] if rows else None
        return f.example


class _Person:
    def __init__(self, number: int, rng: random.Random):
        self.number = number
        self.leaning = rng.gauss(0.0, 0.35)
        strengths = [rng.random() ** 2 for _ in range(6)]  # a few strong types, the rest weak
        self.interests = dict(zip("RIASEC", strengths))


def vocabularies() -> dict[str, list[str]]:
    """Words people type: occupation titles for roles, skill names and work activities for the rest."""
    from careerkit.core import onet

    titles = sorted({o.title for o in onet.occupations().values()})
    words = sorted({w.lower() for w in onet.skill_names()}
                   | {a.lower() for letter in "RIASEC" for a in onet.interest_activities(letter)})
    return {"roles": titles, "words": words}


def plan(seed: int) -> list[tuple[str, list[_Question]]]:
    """Every workbook's questions with their room-wide settings, in the workbooks' order."""
    from careerkit.core import content

    words = vocabularies()
    return [(wb.id, [_Question(wb.id, field, seed, words) for field in wb.fields.values() if not field.ui])
            for wb in content.workbooks()]


def answers_of(number: int, questions: list[tuple[str, list[_Question]]], rng: random.Random) -> dict:
    """One person's answers, workbook by workbook, as far as they got."""
    person = _Person(number, rng)
    data: dict[str, dict[str, Any]] = {}
    reached = 1
    while reached < len(questions) and rng.random() < CARRY_ON:
        reached += 1
    for index, (workbook_id, qs) in enumerate(questions[:reached]):
        chance = ANSWERED_LAST if index == reached - 1 and reached < len(questions) else ANSWERED
        own: dict[str, Any] = data.setdefault(workbook_id, {})  # a ranking reads answers above it
        for q in qs:
            if rng.random() >= chance:
                continue
            value = q.answer(person, rng, data)
            if value is not None:
                own[q.field.id] = value
        if not own:
            del data[workbook_id]
    return data


def members(n: int, seed: int = 11) -> list:
    """``n`` synthetic participants as the room's picture sees them (:class:`careerkit.core.logic.cohort.Member`)."""
    from careerkit.core.answers import Answers
    from careerkit.core.logic import cohort

    questions = plan(seed)
    texts = [(wb, f.id) for wb, f in cohort.shareable_text_fields()]
    rng = random.Random(seed)
    out = []
    for i in range(n):
        data = answers_of(i, questions, rng)
        consent = rng.random() < CONSENT
        written = [key for key in texts if isinstance(data.get(key[0], {}).get(key[1]), str)]
        shared = frozenset([rng.choice(written)]) if consent and written and rng.random() < SHARES else frozenset()
        profile = f"p{i:05d}"
        out.append(cohort.Member(profile, Answers(data, profile=profile), consent=consent, shared=shared))
    return out


def digest(room: Sequence) -> str:
    """A SHA-256 of a room's every answer, consent and share: equal digests, equal rooms."""
    h = hashlib.sha256()
    for m in room:
        data = {wb: dict(m.answers[wb]) for wb in m.answers}
        h.update(json.dumps([m.profile, data, m.consent, sorted(m.shared)], sort_keys=True,
                            ensure_ascii=False).encode("utf-8"))
    return h.hexdigest()


if __name__ == "__main__":  # python -m benchmarks.cohort N [SEED]: the room's digest
    import sys

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    print(digest(members(n, int(sys.argv[2]) if len(sys.argv) > 2 else 11)))
