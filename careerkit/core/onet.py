"""Occupation data from the O*NET 29.3 database, shipped with careerkit.

The tables live in ``careerkit/data/onet`` as small CSV files (see the README there for
the source, licence and the list of changes made). They are read with the standard
library only and each table is parsed once, on first use, then kept in memory.

Coverage: 1,016 occupations have a title and description; 923 of them also have an
interest profile and a Job Zone, 879 have skill ratings and 874 have work values.
Fields an occupation lacks are ``None`` (or an empty list for skills).

Whenever this data is shown, show :data:`ATTRIBUTION` with it and link
:data:`LICENSE_URL`.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files

__all__ = [
    "ATTRIBUTION",
    "ATTRIBUTION_VERBATIM",
    "LICENSE_URL",
    "JobZone",
    "Occupation",
    "Skill",
    "interest_activities",
    "job_zones",
    "occupation",
    "occupations",
    "search",
    "skill_names",
    "skills",
]

LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"

ATTRIBUTION_VERBATIM = (
    "This page includes information from the O*NET 29.3 Database by the U.S. Department "
    "of Labor, Employment and Training Administration (USDOL/ETA). Used under the CC BY "
    "4.0 license. O*NET\u00ae is a trademark of USDOL/ETA."
)

ATTRIBUTION = (
    ATTRIBUTION_VERBATIM
    + " careerkit has modified all or some of this information. USDOL/ETA has not "
    "approved, endorsed, or tested these modifications."
)

_LETTERS = ("R", "I", "A", "S", "E", "C")
_LETTER_NAMES = {
    "R": "Realistic",
    "I": "Investigative",
    "A": "Artistic",
    "S": "Social",
    "E": "Enterprising",
    "C": "Conventional",
}
_WORK_VALUES = (
    "achievement",
    "working_conditions",
    "recognition",
    "relationships",
    "support",
    "independence",
)

# Original one-line summaries, in everyday words, of O*NET's five Job Zones.
_ZONE_PLAIN = {
    1: "Little or no preparation: you can start with a few days' to a few months' "
    "training on the job.",
    2: "Some preparation: usually a high school diploma plus a few months to a year "
    "of learning alongside experienced workers.",
    3: "Medium preparation: usually vocational training, an apprenticeship or an "
    "associate's degree, plus a year or two of experience.",
    4: "Considerable preparation: most people have a four-year degree and several "
    "years of work experience.",
    5: "Extensive preparation: usually a graduate degree (master's, PhD, medical or "
    "law degree) and many years of experience.",
}


@dataclass(frozen=True)
class Occupation:
    """One O*NET-SOC occupation.

    ``interests`` maps each RIASEC letter to O*NET's interest score (1 low – 7 high);
    ``holland_code`` joins O*NET's interest high points (one to three letters);
    ``job_zone`` is 1–5; ``work_values`` maps the six work values to their extent
    (1–7). Each is ``None`` when O*NET has no rating for the occupation.
    """

    code: str
    title: str
    description: str
    interests: dict[str, float] | None = field(default=None, hash=False)
    holland_code: str | None = None
    job_zone: int | None = None
    work_values: dict[str, float] | None = field(default=None, hash=False)


@dataclass(frozen=True)
class JobZone:
    """One of O*NET's five Job Zones (how much preparation a job needs).

    ``name``, ``experience``, ``education``, ``job_training`` and ``examples`` are
    O*NET's own text; ``plain`` is careerkit's one-sentence summary.
    """

    zone: int
    name: str
    experience: str
    education: str
    job_training: str
    examples: str
    plain: str


@dataclass(frozen=True)
class Skill:
    """One O*NET skill rating for an occupation.

    ``importance`` runs 1 (not important) – 5 (extremely important); ``level`` 0 – 7.
    ``level_not_relevant`` is O*NET's flag that the level does not matter because the
    skill is barely used; ``suppress`` is O*NET's advice to hide a low-precision rating.
    """

    element_id: str
    name: str
    importance: float
    level: float
    level_not_relevant: bool
    suppress: bool


def _read(name: str) -> list[dict[str, str]]:
    path = files("careerkit").joinpath("data", "onet", name)
    with path.open("r", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def _occupation_table() -> dict[str, Occupation]:
    interests = {row["onetsoc_code"]: row for row in _read("interests.csv")}
    zones = {row["onetsoc_code"]: int(row["job_zone"]) for row in _read("job_zones.csv")}
    values = {row["onetsoc_code"]: row for row in _read("work_values.csv")}
    table = {}
    for row in _read("occupations.csv"):
        code = row["onetsoc_code"]
        interest_row = interests.get(code)
        value_row = values.get(code)
        table[code] = Occupation(
            code=code,
            title=row["title"],
            description=row["description"],
            interests=(
                {letter: float(interest_row[letter]) for letter in _LETTERS}
                if interest_row
                else None
            ),
            holland_code=(interest_row["holland_code"] or None) if interest_row else None,
            job_zone=zones.get(code),
            work_values=(
                {name: float(value_row[name]) for name in _WORK_VALUES} if value_row else None
            ),
        )
    return table


@cache
def _skill_table() -> dict[str, tuple[Skill, ...]]:
    grouped: dict[str, list[Skill]] = {}
    for row in _read("skills.csv"):
        grouped.setdefault(row["onetsoc_code"], []).append(
            Skill(
                element_id=row["element_id"],
                name=row["skill"],
                importance=float(row["importance"]),
                level=float(row["level"]),
                level_not_relevant=row["level_not_relevant"] == "Y",
                suppress=row["recommend_suppress"] == "Y",
            )
        )
    return {
        code: tuple(sorted(rows, key=lambda s: (-s.importance, s.element_id)))
        for code, rows in grouped.items()
    }


@cache
def _job_zone_table() -> dict[int, JobZone]:
    table = {}
    for row in _read("job_zone_reference.csv"):
        zone = int(row["job_zone"])
        table[zone] = JobZone(
            zone=zone,
            name=row["name"],
            experience=row["experience"],
            education=row["education"],
            job_training=row["job_training"],
            examples=row["examples"],
            plain=_ZONE_PLAIN[zone],
        )
    return table


@cache
def _activity_table() -> dict[str, tuple[str, ...]]:
    grouped: dict[str, list[str]] = {letter: [] for letter in _LETTERS}
    for row in _read("interest_activities.csv"):
        if row["interest_type"] == "general":
            grouped[row["riasec"]].append(row["activity"])
    return {letter: tuple(items) for letter, items in grouped.items()}


@cache
def _skill_name_list() -> tuple[str, ...]:
    names: dict[str, str] = {}
    for rows in _skill_table().values():
        for skill in rows:
            names.setdefault(skill.element_id, skill.name)
    return tuple(names[element] for element in sorted(names))


def occupations() -> dict[str, Occupation]:
    """Return every occupation (1,016), keyed by O*NET-SOC code, in code order.

    The result is a fresh dict each call, so changing it does not affect later calls.
    """
    return dict(_occupation_table())


def occupation(code: str) -> Occupation:
    """Return the occupation with O*NET-SOC ``code`` (for example ``"15-1252.00"``).

    Raises ``KeyError`` with a readable message when the code is unknown.
    """
    try:
        return _occupation_table()[code]
    except (KeyError, TypeError):
        raise KeyError(
            f"No occupation with code {code!r}; codes look like '15-1252.00'."
        ) from None


def job_zones() -> dict[int, JobZone]:
    """Return the five Job Zones keyed 1–5, with O*NET's text and a plain summary."""
    return dict(_job_zone_table())


def skills(code: str) -> list[Skill]:
    """Return the skill ratings for occupation ``code``, most important first.

    Equal importance is ordered by O*NET element id. Returns an empty list for an
    occupation O*NET has not rated; raises ``KeyError`` for an unknown code.
    """
    occupation(code)
    return list(_skill_table().get(code, ()))


def skill_names() -> list[str]:
    """Return the names of the 35 O*NET skills, in O*NET content-model order."""
    return list(_skill_name_list())


def interest_activities(letter: str) -> list[str]:
    """Return O*NET's illustrative work activities for one RIASEC type.

    ``letter`` is ``"R"``, ``"I"``, ``"A"``, ``"S"``, ``"E"`` or ``"C"`` (any case) or
    the type's name (``"Social"``). These are a handful of examples that show what a
    type is about. They are not an inventory and must not be scored as one.
    """
    key = str(letter).strip()
    by_name = {name.lower(): ltr for ltr, name in _LETTER_NAMES.items()}
    key = by_name.get(key.lower(), key.upper())
    if key not in _LETTERS:
        raise ValueError(
            f"Unknown interest type {letter!r}; use one of R, I, A, S, E, C."
        )
    return list(_activity_table()[key])


def search(keyword: str) -> list[Occupation]:
    """Find occupations whose title or description mentions ``keyword``.

    Matching ignores case. With several words, every word must appear (anywhere in the
    title or description). Occupations whose title matches come first, then the rest;
    each group is in code order. A blank keyword returns every occupation.
    """
    words = str(keyword).lower().split()
    in_title, in_text = [], []
    for occ in _occupation_table().values():
        title = occ.title.lower()
        text = title + "\n" + occ.description.lower()
        if all(word in text for word in words):
            (in_title if all(word in title for word in words) else in_text).append(occ)
    return in_title + in_text
