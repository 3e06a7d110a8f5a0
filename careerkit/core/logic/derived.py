"""Things computed from answers that later workbooks build on.

Each function takes an :class:`~careerkit.core.answers.Answers` snapshot and returns
plain data, so workbooks read earlier answers rather than asking again.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable

from careerkit.core import content
from careerkit.core.logic import riasec
from careerkit.core.answers import Answers

__all__ = ["interest_code_counts", "interest_profile", "motivated_skills", "recurring_skills", "SELF_REFLECTION"]

SELF_REFLECTION = "01_self_reflection"


def interest_profile(answers: Answers) -> riasec.InterestProfile:
    """The person's RIASEC profile from the interest items of workbook 01."""
    return riasec.score_from(answers[SELF_REFLECTION], _interest_key_items())


def interest_code_counts(many: Iterable[Answers]) -> Counter[str]:
    """How many of several people hold each interest code (``""``: no code yet).

    Each person's code is :func:`interest_profile`'s; a room is scored at once.
    """
    return riasec.code_counts((answers[SELF_REFLECTION] for answers in many), _interest_key_items())


@functools.cache
def _interest_key() -> dict[str, str]:
    return {f.id: f.score for f in content.workbook(SELF_REFLECTION).fields.values() if f.score}


@functools.cache
def _interest_key_items() -> tuple[tuple[str, str], ...]:
    return tuple(_interest_key().items())


def motivated_skills(answers: Answers, threshold: int = 4) -> list[dict]:
    """Skills rated at least ``threshold`` for both proficiency and enjoyment, best first."""
    rows = [
        r for r in answers.rows(f"{SELF_REFLECTION}.skill_ratings")
        if (r.get("skill") or "").strip() and r.get("proficiency") and r.get("enjoyment")
    ]
    keep = [r for r in rows if r["proficiency"] >= threshold and r["enjoyment"] >= threshold]
    keep.sort(key=lambda r: (-(r["proficiency"] + r["enjoyment"]), -r["enjoyment"], r["skill"].casefold()))
    return [{"skill": r["skill"].strip(), "proficiency": r["proficiency"], "enjoyment": r["enjoyment"]} for r in keep]


def recurring_skills(answers: Answers) -> list[tuple[str, int]]:
    """Skills tagged across accomplishment stories, with how many stories use each, most first.

    Tags are matched ignoring case and surrounding spaces; the first spelling is shown.
    """
    counts: Counter[str] = Counter()
    spelling: dict[str, str] = {}
    for story in answers.rows(f"{SELF_REFLECTION}.stories"):
        seen: set[str] = set()
        for tag in story.get("skills") or []:
            key = tag.strip().casefold()
            if key and key not in seen:
                seen.add(key)
                spelling.setdefault(key, tag.strip())
                counts[key] += 1
    return [(spelling[k], n) for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], spelling[kv[0]].casefold()))]
