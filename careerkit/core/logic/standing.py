"""Where the person stands now: their current job and limits, asked once in workbook 00.

Every later workbook reads these through this module rather than asking again:

- :func:`standing` — the answers as plain data (the current job linked to O*NET when the
  person confirmed a title-search suggestion).
- :func:`baseline` — the current job's interest fit, scored exactly as the matches are,
  so "Pharmacists, your current job, would score 93" can be said beside any list.
- :func:`transferable_skills` — which of an option's important O*NET skills the current
  occupation already uses at the level needed, and which would need to grow.
- :func:`nearby_moves` — O*NET's Related Occupations of a job (most related first), the
  short moves from where someone is; used in workbook 02 and for alternative paths.
- :func:`constraint_flags` and :func:`criteria` — the person's limits as checks on one
  option (02) and as criteria to weigh options by (10).

All are pure functions of an :class:`~careerkit.core.answers.Answers` snapshot or of O*NET
codes; the O*NET explorer tables are read only when they are called.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from careerkit.core import onet

__all__ = [
    "START",
    "IMPORTANT",
    "LEVEL_MARGIN",
    "Standing",
    "SkillOverlap",
    "baseline",
    "constraint_flags",
    "criteria",
    "nearby_moves",
    "standing",
    "transferable_skills",
]

START = "00_start_here"

#: An O*NET skill counts for an occupation when its importance is at least this (1–5 scale:
#: 3 = "important").
IMPORTANT = 3.0
#: A skill carries over when the current job's level is at most this far below the option's
#: level (O*NET's 0–7 level scale).
LEVEL_MARGIN = 0.5

_PLACES = {
    "onsite": "in person, within reach of home",
    "hybrid": "partly from home",
    "remote": "fully remote",
    "relocate": "anywhere (open to moving)",
}
_HOURS = {"full_time": "full time", "part_time": "part time", "flexible": "flexible hours"}


@dataclass(frozen=True)
class Standing:
    """The person's starting point. ``occupation`` is set only for a confirmed O*NET title."""

    job: str
    occupation: onet.Occupation | None
    years: float | None
    income_floor: float | None
    place: str | None
    hours: str | None
    caring: str
    runway_months: float | None

    @property
    def asked(self) -> bool:
        """Whether anything about where the person stands has been answered."""
        return bool(self.job or self.years is not None or self.income_floor is not None
                    or self.place or self.hours or self.caring or self.runway_months is not None)


def standing(answers: Any) -> Standing:
    """Read "Where you stand now" (workbook 00) from an answers snapshot."""
    def get(name: str) -> Any:
        return answers.get_answer(f"{START}.{name}")

    job = (get("current_job") or "").strip()
    return Standing(
        job=job,
        occupation=onet.linked(job),
        years=get("years_in_job"),
        income_floor=get("income_floor"),
        place=get("work_place"),
        hours=get("hours"),
        caring=(get("caring") or "").strip(),
        runway_months=get("runway_months"),
    )


def baseline(answers: Any, scores: dict) -> dict | None:
    """The current job scored like any match: ``{"title", "code", "fit", "rank", "of"}``.

    ``rank`` is its place among all occupations with an interest profile ranked for
    ``scores`` (1 = best fit), ``of`` how many were ranked. ``None`` when no current job is
    linked, it has no O*NET interest profile, or too few interest types are scored.
    """
    from careerkit.core.logic import matching

    occ = standing(answers).occupation
    if occ is None:
        return None
    match = matching.fit_for(scores, occ.code)
    if match is None:
        return None
    ranked = matching.rank_occupations(scores, limit=None)
    rank = next(i for i, m in enumerate(ranked, start=1) if m.code == occ.code)
    return {"title": occ.title, "code": occ.code, "fit": match.fit, "rank": rank, "of": len(ranked)}


@dataclass(frozen=True)
class SkillOverlap:
    """Skills between a current occupation and an option, each list most important first.

    ``carry``: important in the option, and used in the current job at (nearly) the level
    needed. ``grow``: important in the option but needed at a higher level than the current
    job uses, with ``(name, current level, needed level)``. ``share`` is the part of the
    option's important skills that carry over (0–1), or ``None`` without skill data.
    """

    carry: tuple[str, ...]
    grow: tuple[tuple[str, float, float], ...]
    share: float | None


def transferable_skills(from_code: str, to_code: str) -> SkillOverlap:
    """Which of ``to_code``'s important O*NET skills ``from_code`` already uses.

    A skill is important in the option when its O*NET importance is at least
    :data:`IMPORTANT`; it carries over when the current occupation's level is no more than
    :data:`LEVEL_MARGIN` below the option's level, otherwise it is a skill to grow.
    """
    have = {s.element_id: s for s in onet.skills(from_code)}
    need = [s for s in onet.skills(to_code) if s.importance >= IMPORTANT and not s.suppress]
    carry, grow = [], []
    for skill in need:
        mine = have.get(skill.element_id)
        level = mine.level if mine else 0.0
        if level >= skill.level - LEVEL_MARGIN:
            carry.append(skill.name)
        else:
            grow.append((skill.name, level, skill.level))
    share = round(len(carry) / len(need), 2) if need and have else None
    return SkillOverlap(tuple(carry), tuple(grow), share)


def nearby_moves(code: str, *, scores: dict | None = None, limit: int | None = 8,
                 primary_only: bool = True) -> list[dict]:
    """Short moves from occupation ``code``: O*NET's Related Occupations, most related first.

    Each is ``{"code", "title", "rank", "job_zone", "fit"}``; ``fit`` is the interest fit
    for ``scores`` (as in the matches) or ``None``. ``primary_only`` keeps O*NET's Primary
    tiers (the closest relations). ``limit`` caps the list (``None`` for all).
    """
    from careerkit.core.logic import matching

    out = []
    for rel in onet.related(code, primary_only=primary_only):
        match = matching.fit_for(scores, rel.code) if scores else None
        out.append({"code": rel.code, "title": rel.title, "rank": rel.rank,
                    "job_zone": onet.occupation(rel.code).job_zone,
                    "fit": match.fit if match else None})
    return out if limit is None else out[:limit]


def _money(value: float) -> str:
    return f"{value:,.0f}"


def constraint_flags(answers: Any, code: str) -> list[str]:
    """Checks on one option from the person's limits, in plain words (``[]`` when none apply).

    Preparation is compared with O*NET's Job Zones: an option needing more preparation than
    the current job is flagged, and more strongly when the runway is under a year. Pay,
    place, hours and caring duties are not in the O*NET data shipped here, so each becomes
    a check to make for this option rather than a guess.
    """
    me = standing(answers)
    occ = onet.occupation(code)
    flags = []
    here = me.occupation.job_zone if me.occupation else None
    if occ.job_zone and here and occ.job_zone > here:
        text = (f"Needs more preparation than your current job (Job Zone {occ.job_zone}, "
                f"against {here})")
        if me.runway_months is not None and me.runway_months < 12:
            text += (f", and your runway is {me.runway_months:g} months: look for a route you "
                     "can take while earning")
        flags.append(text + ".")
    elif occ.job_zone and occ.job_zone >= 4 and me.runway_months is not None and me.runway_months < 12 \
            and not (here and occ.job_zone <= here):
        flags.append(f"Usually needs a degree or more (Job Zone {occ.job_zone}); your runway is "
                     f"{me.runway_months:g} months.")
    if me.income_floor is not None:
        flags.append(f"Check the pay reaches your floor of {_money(me.income_floor)} a year.")
    if me.place in ("onsite", "remote", "hybrid"):
        flags.append(f"Check it can be done {_PLACES[me.place]}.")
    if me.hours in ("part_time", "flexible"):
        flags.append(f"Check it can be done {_HOURS[me.hours]}.")
    if me.caring:
        flags.append(f"Check it fits around: {me.caring}.")
    return flags


def criteria(answers: Any) -> list[dict]:
    """The person's limits as criteria to weigh options by (for workbook 10).

    Each is ``{"id", "label"}``, in a fixed order: pay floor, place, hours, caring duties,
    runway. Only limits the person gave appear.
    """
    me = standing(answers)
    out = []
    if me.income_floor is not None:
        out.append({"id": "income_floor", "label": f"Pays at least {_money(me.income_floor)} a year"})
    if me.place:
        out.append({"id": "work_place", "label": f"Can be done {_PLACES.get(me.place, me.place)}"})
    if me.hours:
        out.append({"id": "hours", "label": f"Works {_HOURS.get(me.hours, me.hours)}"})
    if me.caring:
        out.append({"id": "caring", "label": f"Fits around: {me.caring}"})
    if me.runway_months is not None:
        out.append({"id": "runway", "label": f"Reachable within {me.runway_months:g} months of runway"})
    return out
