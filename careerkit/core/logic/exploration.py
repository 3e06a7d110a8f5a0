"""The logic of workbook 02 (explore industries and roles), as pure functions over answers.

What other workbooks use
------------------------
:func:`shortlist` is the person's list of roles and industries to investigate, each with
the O*NET interest fit when it is linked to an O*NET occupation. Workbook 03 rates each
option against the person's values; later workbooks read the same list rather than
asking again.

The occupation explorer
-----------------------
The explorer (``careerkit.workbooks.explore_roles.views``) ranks occupations with
:func:`careerkit.core.logic.matching.rank_occupations`, passing the person's RIASEC scores from
:func:`careerkit.core.logic.derived.interest_profile` and the two interface fields of this
workbook: the Job Zones ticked (:func:`zone_filter`) and the keyword. The ranking method
(Pearson correlation of interest shapes, mapped to a 0–100 fit) is documented in
:mod:`careerkit.core.logic.matching`; the same fit is attached to shortlisted O*NET occupations
here through :func:`careerkit.core.logic.matching.fit_for`, so the number a person sees in the
explorer is the number that follows the option onwards.

Activity over time
------------------
:func:`activities` merges the research log and the conversation log into one list of
dated activities; :func:`activity_by_period` counts them per week or month and kind.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from careerkit.core import content, onet
from careerkit.core.logic import derived, matching
from careerkit.core.answers import Answers
from careerkit.core.validation import new_row_id

__all__ = [
    "WB",
    "STARTER_QUESTIONS",
    "KIND_LABELS",
    "activities",
    "activity_by_period",
    "add_to_shortlist",
    "append_questions",
    "best_title_match",
    "energy_by_kind",
    "is_shortlisted",
    "period_starts",
    "shortlist",
    "suggestions",
    "zone_filter",
]

WB = "02_explore_roles"
SELF_REFLECTION = "01_self_reflection"

#: The labels of every kind of exploration activity, research log first, then conversations.
KIND_LABELS: dict[str, str] = {
    "event": "Industry event",
    "webinar": "Webinar or talk",
    "networking": "Networking session",
    "reading": "Reading",
    "media": "Podcast or video",
    "course": "Taster course",
    "other": "Something else",
    "interview": "Informational interview",
    "shadowing": "Job shadowing",
}

#: Good questions for an informational interview, grouped by what they help you find out.
STARTER_QUESTIONS: dict[str, tuple[str, ...]] = {
    "The everyday reality": (
        "What does a typical week look like for you, from Monday morning on?",
        "Which parts of the work give you energy, and which drain you?",
        "What do you spend more time on than people outside the field would guess?",
        "What does a really good day in this job look like? And a really bad one?",
    ),
    "Getting in": (
        "How did you get your first role in this field?",
        "What would you look for in someone joining from another field?",
        "Which skills or qualifications actually matter, and which are nice to have?",
        "If you were starting again today, what would you do first?",
    ),
    "The field and its future": (
        "How is this kind of work changing, and what is driving it?",
        "Where do people in this role usually go next?",
        "What kinds of organisations hire for this, and how do they differ?",
    ),
    "Fit and honesty": (
        "What do you wish you had known before moving into this work?",
        "What kind of person struggles in this role, and who thrives?",
        "How does the pay and the pace compare with what people expect?",
    ),
    "Keeping the conversation going": (
        "Who else would you suggest I talk to?",
        "Is there a piece of work, an event or a group you would recommend I look at?",
        "May I follow up with you once I have done a little more research?",
    ),
}

_WORD = re.compile(r"[a-z0-9]+")
# Words that say nothing about which occupation is meant.
_STOP = frozenset("a an and the of for in on to with or at by workers worker all other except".split())


# -- the shortlist -----------------------------------------------------------------------------
def _valid_code(code: Any) -> str | None:
    if not isinstance(code, str) or not code.strip():
        return None
    code = code.strip()
    try:
        onet.occupation(code)
    except KeyError:
        return None
    return code


def shortlist(answers: Answers) -> list[dict]:
    """The person's shortlisted roles and industries, in their order.

    Each item is a dict with ``title`` (str), ``kind`` (``"role"``, ``"industry"`` or
    ``None``), ``onet_code`` (a known O*NET-SOC code, or ``None`` for a free-typed option or
    an unknown code), ``my_fit`` (the person's own 1–5 rating or ``None``), ``fit`` (the
    O*NET interest fit 0–100 from :func:`careerkit.core.logic.matching.fit_for`, or ``None`` when the
    option has no O*NET link or the interest profile is not complete enough), plus
    ``job_zone``, ``reason`` (why the interests match, or ``""``), ``notes`` and ``id``
    (the row's id). Rows without a title are left out; a title listed twice (ignoring
    case) is kept once, first occurrence first.
    """
    scores = derived.interest_profile(answers).scores
    out: list[dict] = []
    seen: set[str] = set()
    for row in answers.rows(f"{WB}.shortlist"):
        title = (row.get("title") or "").strip()
        if not title or title.casefold() in seen:
            continue
        seen.add(title.casefold())
        # A title confirmed through title search names its occupation; otherwise a typed code.
        confirmed = onet.linked(title)
        code = confirmed.code if confirmed else _valid_code(row.get("onet_code"))
        match = matching.fit_for(scores, code) if code else None
        out.append({
            "id": row.get("_id"),
            "title": title,
            "kind": row.get("kind"),
            "onet_code": code,
            "my_fit": row.get("my_fit"),
            "fit": match.fit if match else None,
            "job_zone": onet.occupation(code).job_zone if code else None,
            "reason": match.reason if match else "",
            "notes": row.get("notes") or "",
        })
    return out


def is_shortlisted(rows: Iterable[dict], *, title: str = "", onet_code: str | None = None) -> bool:
    """Whether stored shortlist ``rows`` already hold this O*NET code or this title (any case)."""
    key = title.strip().casefold()
    for row in rows:
        if onet_code and (row.get("onet_code") or "").strip() == onet_code:
            return True
        if key and (row.get("title") or "").strip().casefold() == key:
            return True
    return False


def add_to_shortlist(rows: Sequence[dict], title: str, *, kind: str = "role",
                     onet_code: str | None = None, notes: str = "") -> tuple[list[dict], bool]:
    """Return ``(new rows, added)``: the stored shortlist rows with one option appended.

    Nothing is added (``added`` is False) when the title is blank or the option is already
    there (same O*NET code, or same title ignoring case). The input is not changed.
    """
    rows = [dict(r) for r in rows]
    title = title.strip()
    if not title or is_shortlisted(rows, title=title, onet_code=onet_code):
        return rows, False
    rows.append({"_id": new_row_id(), "title": title, "kind": kind, "onet_code": onet_code or None,
                 "my_fit": None, "notes": notes or None})
    return rows, True


def _words(text: str) -> list[str]:
    out = []
    for word in _WORD.findall(text.lower()):
        if word in _STOP:
            continue
        # a crude stem so "specialist" finds "Specialists" and "managers" finds "manager"
        for suffix in ("ies", "s"):
            if word.endswith(suffix) and len(word) > len(suffix) + 2:
                word = word[: -len(suffix)] + ("y" if suffix == "ies" else "")
                break
        out.append(word)
    return out


def best_title_match(text: str) -> onet.Occupation | None:
    """The O*NET occupation whose title contains every meaningful word of ``text``, if any.

    Words are compared ignoring case, plural endings and small words ("and", "of"...).
    Among titles containing all the words, the shortest title wins (the least extra
    meaning), then the lowest code. Returns ``None`` when no title contains them all: a
    free-typed role is never silently swapped for a different occupation.
    """
    wanted = set(_words(text))
    if not wanted:
        return None
    best: tuple[int, str, onet.Occupation] | None = None
    for occ in onet.occupations().values():
        if occ.interests is None:
            continue
        title_words = set(_words(occ.title))
        if wanted <= title_words:
            key = (len(title_words), occ.code, occ)
            if best is None or key[:2] < best[:2]:
                best = key
    return best[2] if best else None


def suggestions(answers: Answers) -> list[dict]:
    """Roles the person noted in workbook 01 that are not on the shortlist yet.

    Each is ``{"text": what they typed, "occupation": the O*NET occupation it names (its
    official title), else the one :func:`best_title_match` finds, else None, "options":
    up to three title-search suggestions for the person to confirm}``, in the order typed.
    """
    rows = answers.rows(f"{WB}.shortlist")
    out = []
    for text in answers.get_answer(f"{SELF_REFLECTION}.roles_to_explore", []) or []:
        occ = onet.linked(text) or best_title_match(text)
        if is_shortlisted(rows, title=text, onet_code=occ.code if occ else None):
            continue
        if occ is not None and is_shortlisted(rows, title=occ.title):
            continue
        options = [] if occ is not None and onet.linked(text) else [
            onet.occupation(m.code) for m in onet.suggest(text, 3)]
        out.append({"text": text, "occupation": occ, "options": options})
    return out


def zone_filter(selected: Iterable[str] | None) -> list[int] | None:
    """Job Zones to pass to the ranking: the ticked ones, or ``None`` (all) when none are ticked."""
    zones = sorted({int(z) for z in (selected or []) if str(z).isdigit() and 1 <= int(z) <= 5})
    return zones or None


# -- activity ----------------------------------------------------------------------------------
def activities(answers: Answers) -> list[dict]:
    """Every dated exploration activity, oldest first: ``{"day", "kind", "label", "energy", "title"}``.

    Research-log entries keep their kind; conversations count as ``interview`` or
    ``shadowing``. Rows without a date cannot be placed in time and are left out.
    """
    out = []
    for row in answers.rows(f"{WB}.research_log"):
        if row.get("day"):
            kind = row.get("kind") or "other"
            out.append({"day": row["day"], "kind": kind, "label": KIND_LABELS.get(kind, kind),
                        "energy": row.get("energy"), "title": row.get("title") or ""})
    for row in answers.rows(f"{WB}.interview_log"):
        if row.get("day"):
            kind = row.get("kind") or "interview"
            out.append({"day": row["day"], "kind": kind, "label": KIND_LABELS.get(kind, kind),
                        "energy": None, "title": row.get("who") or ""})
    out.sort(key=lambda a: (a["day"], list(KIND_LABELS).index(a["kind"]) if a["kind"] in KIND_LABELS else 99))
    return out


def _period_start(day: _dt.date, period: str) -> _dt.date:
    if period == "month":
        return day.replace(day=1)
    return day - _dt.timedelta(days=day.weekday())  # the Monday of that week


def activity_by_period(answers: Answers, period: str | None = None) -> tuple[str, list[dict]]:
    """Count activities per period and kind: ``(period, [{"start", "kind", "label", "count"}])``.

    ``period`` is ``"week"`` (weeks start on Monday) or ``"month"``; by default weeks are
    used unless the activities span more than 16 weeks, then months. Only periods with
    activity have rows (see :func:`period_starts` for every period in between). Rows are
    ordered by period start, then kind in :data:`KIND_LABELS` order.
    """
    items = activities(answers)
    if period not in (None, "week", "month"):
        raise ValueError("period must be 'week' or 'month'")
    if not items:
        return period or "week", []
    days = [_dt.date.fromisoformat(a["day"]) for a in items]
    if period is None:
        period = "month" if (max(days) - min(days)).days > 16 * 7 else "week"
    counts: Counter[tuple[_dt.date, str]] = Counter()
    for day, item in zip(days, items):
        counts[(_period_start(day, period), item["kind"])] += 1
    order = list(KIND_LABELS)
    rows = [
        {"start": start.isoformat(), "kind": kind, "label": KIND_LABELS.get(kind, kind), "count": n}
        for (start, kind), n in sorted(counts.items(), key=lambda kv: (kv[0][0], order.index(kv[0][1])
                                                                        if kv[0][1] in order else 99))
    ]
    return period, rows


def period_starts(first: str, last: str, period: str) -> list[str]:
    """Every period start (ISO dates) from the period holding ``first`` to the one holding ``last``."""
    day = _period_start(_dt.date.fromisoformat(first), period)
    end = _period_start(_dt.date.fromisoformat(last), period)
    out = []
    while day <= end:
        out.append(day.isoformat())
        if period == "month":
            day = (day.replace(day=28) + _dt.timedelta(days=4)).replace(day=1)
        else:
            day += _dt.timedelta(days=7)
    return out


def energy_by_kind(answers: Answers) -> list[dict]:
    """Average energy afterwards per kind of research activity, highest first.

    ``[{"kind", "label", "energy" (mean 1–5, one decimal), "count"}]``; entries without an
    energy rating are not counted. Equal averages are ordered by :data:`KIND_LABELS`.
    """
    ratings: dict[str, list[int]] = defaultdict(list)
    for row in answers.rows(f"{WB}.research_log"):
        if row.get("energy"):
            ratings[row.get("kind") or "other"].append(row["energy"])
    order = list(KIND_LABELS)
    out = [{"kind": k, "label": KIND_LABELS.get(k, k), "energy": round(sum(v) / len(v), 1), "count": len(v)}
           for k, v in ratings.items()]
    out.sort(key=lambda r: (-r["energy"], order.index(r["kind"]) if r["kind"] in order else 99))
    return out


# -- questions ---------------------------------------------------------------------------------
def append_questions(existing: str | None, questions: Iterable[str]) -> str:
    """The questions text with ``questions`` added, one per line, skipping any already there.

    Lines already in the text are compared ignoring case and surrounding spaces.
    """
    lines = [line for line in (existing or "").splitlines()]
    have = {line.strip().casefold() for line in lines if line.strip()}
    for question in questions:
        q = question.strip()
        if q and q.casefold() not in have:
            lines.append(q)
            have.add(q.casefold())
    while lines and not lines[0].strip():
        lines.pop(0)
    return "\n".join(lines)


def questions_limit() -> int:
    """The most characters the questions of one planned conversation may hold."""
    return content.workbook(WB).field("interview_plan").sub("questions").length_limit
