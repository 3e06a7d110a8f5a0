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
import re
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
    "flagged_technology",
    "search",
    "skill_names",
    "skills",
    "TitleMatch",
    "Task",
    "Technology",
    "Related",
    "education",
    "linked",
    "related",
    "suggest",
    "tasks",
    "technology",
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


# -- explorer tables: read only when a search or an occupation's details are asked for ----------
# titles.csv (56,558 alternate and reported titles), tasks.csv, technology_skills.csv,
# related_occupations.csv and education.csv are several MB together, so nothing here is
# read while a page is drawn; each is parsed on first use and kept.


@dataclass(frozen=True)
class TitleMatch:
    """An occupation suggested for a typed job title.

    ``matched`` is the O*NET title (official, alternate or reported) that matched best;
    ``score`` runs 0–1.2 (higher is closer) and only orders suggestions.
    """

    code: str
    title: str
    matched: str
    score: float


@dataclass(frozen=True)
class Task:
    """One task statement; ``core`` is O*NET's Core flag (the tasks most central to the job)."""

    text: str
    core: bool


@dataclass(frozen=True)
class Technology:
    """One technology used in an occupation, with O*NET's Hot Technology and In Demand flags."""

    example: str
    category: str
    hot: bool
    in_demand: bool


@dataclass(frozen=True)
class Related:
    """A related occupation: ``primary`` for O*NET's Primary tiers, ``rank`` 1 = most related."""

    code: str
    title: str
    primary: bool
    rank: int


_TITLE_WORD = re.compile(r"[a-z0-9]+")
_TITLE_STOP = frozenset(
    "a an and the of for in on to with or at by all other except".split()
)
# Everyday words and their O*NET counterparts. Each group is matched as one word, at a
# small discount, so "pharmacy educator" finds "Pharmacy Teacher".
_SYNONYMS = (
    ("educator", "teacher", "instructor", "professor", "lecturer", "tutor", "faculty"),
    ("developer", "programmer", "engineer"),
    ("advisor", "adviser", "counselor", "counsellor", "consultant"),
    ("doctor", "physician"),
    ("vet", "veterinarian"),
    ("chef", "cook"),
    ("labourer", "laborer"),
    ("lorry", "truck"),
    ("operative", "worker"),
    ("organiser", "organizer"),
    ("analyst", "analyzer"),
    ("colour", "color"),
    ("centre", "center"),
    ("programme", "program"),
    ("cv", "resume"),
    ("maths", "math", "mathematics"),
    ("carer", "caregiver", "aide"),
    ("solicitor", "lawyer", "attorney"),
    ("shop", "store", "retail"),
    ("uni", "university", "college"),
)
# Short forms people type, spelled out the way O*NET titles spell them.
_ABBREVIATIONS = {
    "hr": "human resources",
    "ux": "user experience",
    "ui": "user interface",
    "it": "information technology",
    "qa": "quality assurance",
    "pr": "public relations",
    "sre": "site reliability engineer",
    "ceo": "chief executive officer",
    "cfo": "chief financial officer",
    "cto": "chief technology officer",
    "gp": "family medicine physician",
    "rn": "registered nurse",
    "hgv": "truck driver",
    "seo": "search engine optimization",
    "ml": "machine learning",
    "ai": "artificial intelligence",
}


def _stem(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _title_words(text: str, *, expand: bool = False) -> list[str]:
    words = _TITLE_WORD.findall(str(text).lower())
    if expand:
        words = [part for word in words for part in _ABBREVIATIONS.get(word, word).split()]
    return [_stem(w) for w in words if w not in _TITLE_STOP]


@cache
def _synonym_of() -> dict[str, frozenset[str]]:
    out: dict[str, frozenset[str]] = {}
    for group in _SYNONYMS:
        stems = frozenset(_stem(w) for w in group)
        for stem in stems:
            out[stem] = stems - {stem}
    return out


@dataclass(frozen=True)
class _TitleIndex:
    titles: tuple[tuple[str, str, frozenset[str], int, bool], ...]  # code, text, words, n, official
    postings: dict[str, tuple[int, ...]]
    weight: dict[str, float]  # inverse document frequency of each word
    vocabulary: tuple[str, ...]


@cache
def _title_index() -> _TitleIndex:
    import math

    rows: list[tuple[str, str, bool]] = [
        (occ.code, occ.title, True) for occ in _occupation_table().values()
    ]
    rows += [(row["code"], row["title"], False) for row in _read("titles.csv")]
    titles = []
    postings: dict[str, list[int]] = {}
    for index, (code, text, official) in enumerate(rows):
        words = _title_words(text)
        titles.append((code, text, frozenset(words), len(set(words)) or 1, official))
        for word in set(words):
            postings.setdefault(word, []).append(index)
    total = len(titles)
    weight = {word: math.log(1 + total / len(ids)) for word, ids in postings.items()}
    return _TitleIndex(
        titles=tuple(titles),
        postings={word: tuple(ids) for word, ids in postings.items()},
        weight=weight,
        vocabulary=tuple(sorted(postings)),
    )


def suggest(text: str, limit: int = 5) -> list[TitleMatch]:
    """Suggest O*NET occupations for a job title as people say it, closest first.

    ``text`` is matched, word by word, against every occupation's official title and its
    O*NET alternate and reported titles (64,000 titles in all), so "barista", "UX
    researcher" or "HR business partner" find the occupation O*NET files them under.
    Words are compared ignoring case and plural endings; common short forms (HR, UX, IT,
    QA…) are spelled out; a few everyday words count as their O*NET counterparts at a
    small discount (educator → teacher, developer → engineer); and the last word may be
    the start of a word, so suggestions appear while a person types. Rare words weigh
    more than common ones. Each occupation is scored by its best-matching title:
    the share of the typed words (by weight) it covers, plus a little for covering the
    title itself, plus a little more when that title is the official one. Equal scores
    are ordered by how many of the occupation's titles match every typed word, then by
    code. Blank text gives ``[]``. The title tables are read on the first call.
    """
    words = list(dict.fromkeys(_title_words(text, expand=True)))
    if not words or limit <= 0:
        return []
    index = _title_index()
    synonyms = _synonym_of()
    last_is_partial = not str(text).rstrip()[-1:].isspace() and len(words[-1]) >= 3
    # For each typed word: {title word: how fully it counts}
    options: list[dict[str, float]] = []
    for position, word in enumerate(words):
        choices = {word: 1.0}
        for other in synonyms.get(word, ()):
            choices.setdefault(other, 0.8)
        if position == len(words) - 1 and last_is_partial and word not in index.postings:
            import bisect

            start = bisect.bisect_left(index.vocabulary, word)
            for candidate in index.vocabulary[start:start + 200]:
                if not candidate.startswith(word):
                    break
                choices.setdefault(candidate, 0.7)
        options.append(choices)
    weights = [
        max((index.weight.get(c, 0.0) for c in choices), default=0.0) or 1.0
        for choices in options
    ]
    total_weight = sum(weights)
    candidates: set[int] = set()
    for choices in options:
        for candidate in choices:
            candidates.update(index.postings.get(candidate, ()))
    best: dict[str, tuple[float, str]] = {}
    full: dict[str, int] = {}
    for title_id in candidates:
        code, title, title_words, size, official = index.titles[title_id]
        covered = 0.0
        used = 0
        complete = True
        for choices, weight in zip(options, weights):
            got = max((share for c, share in choices.items() if c in title_words), default=0.0)
            covered += weight * got
            used += got > 0
            complete = complete and got > 0
        score = covered / total_weight + 0.15 * min(used, size) / size + (0.05 if official else 0.0)
        if complete:
            full[code] = full.get(code, 0) + 1
        if code not in best or score > best[code][0]:
            best[code] = (score, title)
    ranked = sorted(best.items(), key=lambda kv: (-round(kv[1][0], 6), -full.get(kv[0], 0), kv[0]))
    table = _occupation_table()
    return [
        TitleMatch(code=code, title=table[code].title, matched=matched, score=round(score, 3))
        for code, (score, matched) in ranked[:limit]
        if code in table
    ]


def linked(text: str | None) -> Occupation | None:
    """The occupation a confirmed answer names: ``text`` equal to an O*NET occupation's
    official title (ignoring case and surrounding spaces), else ``None``.

    A title-search field stores the official title once the person confirms a suggestion,
    so this is how any workbook finds the O*NET link of a role typed anywhere.
    """
    key = str(text or "").strip().casefold()
    if not key:
        return None
    return _titles_by_name().get(key)


@cache
def _titles_by_name() -> dict[str, Occupation]:
    return {occ.title.casefold(): occ for occ in _occupation_table().values()}


@cache
def _task_table() -> dict[str, tuple[Task, ...]]:
    grouped: dict[str, list[Task]] = {}
    for row in _read("tasks.csv"):
        grouped.setdefault(row["code"], []).append(Task(row["task"], row["task_type"] == "Core"))
    return {code: tuple(sorted(items, key=lambda t: not t.core)) for code, items in grouped.items()}


def tasks(code: str) -> list[Task]:
    """O*NET's task statements for ``code``: Core tasks first, then the rest, each in O*NET's order."""
    occupation(code)
    return list(_task_table().get(code, ()))


@cache
def _technology_table() -> dict[str, tuple[Technology, ...]]:
    grouped: dict[str, list[Technology]] = {}
    for row in _read("technology_skills.csv"):
        grouped.setdefault(row["code"], []).append(Technology(
            row["example"], row["category"], row["hot_technology"] == "Y", row["in_demand"] == "Y"))
    return {
        code: tuple(sorted(items, key=lambda t: (not t.in_demand, not t.hot, t.example.casefold())))
        for code, items in grouped.items()
    }


def technology(code: str) -> list[Technology]:
    """Technology used in ``code``: In Demand first, then Hot Technology, then the rest, A–Z."""
    occupation(code)
    return list(_technology_table().get(code, ()))


def flagged_technology(code: str) -> list[Technology]:
    """The technology of ``code`` that O*NET flags Hot Technology or In Demand (none for an unknown code)."""
    return [t for t in _technology_table().get(code or "", ()) if t.hot or t.in_demand]


@cache
def _related_table() -> dict[str, tuple[tuple[str, bool, int], ...]]:
    grouped: dict[str, list[tuple[str, bool, int]]] = {}
    for row in _read("related_occupations.csv"):
        grouped.setdefault(row["code"], []).append(
            (row["related_code"], row["tier"].startswith("Primary"), int(row["index"])))
    return {code: tuple(sorted(items, key=lambda r: r[2])) for code, items in grouped.items()}


def related(code: str, *, primary_only: bool = False) -> list[Related]:
    """O*NET's Related Occupations for ``code``, most related first (O*NET's own order)."""
    occupation(code)
    table = _occupation_table()
    return [
        Related(other, table[other].title, primary, rank)
        for other, primary, rank in _related_table().get(code, ())
        if other in table and (primary or not primary_only)
    ]


@cache
def _education_table() -> tuple[dict[int, str], dict[str, tuple[tuple[int, float], ...]]]:
    names = {int(r["category"]): r["description"] for r in _read("education_categories.csv")}
    grouped: dict[str, list[tuple[int, float]]] = {}
    for row in _read("education.csv"):
        grouped.setdefault(row["code"], []).append((int(row["category"]), float(row["percent"])))
    return names, {code: tuple(sorted(items)) for code, items in grouped.items()}


def education(code: str) -> list[tuple[str, float]]:
    """The education people in ``code`` say is required: ``(level, percent)`` from O*NET's
    Required Level of Education, in level order, levels of 0% left out."""
    occupation(code)
    names, table = _education_table()
    return [(names[cat], pct) for cat, pct in table.get(code, ()) if pct > 0]
