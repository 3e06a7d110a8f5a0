"""Flexibility and adaptability (workbook 08): alternative paths, how you meet change, the plan's history.

Paths
-----
Each five-year path is rated 1–5 on four points: ``resources`` (money, time, skills and
people it needs), ``liking``, ``confidence`` (that you could make it happen) and
``coherence`` (fit with who you are). Its ``average`` is the plain mean of the ratings
given, and ``complete`` says whether all four are given. Paths are kept in the person's
order; no path is "best" by formula, the comparison is for reflection.

How you meet change
-------------------
Eight statements, two for each of four dimensions of career adaptability (looking
ahead, taking ownership, exploring, trusting yourself to cope). A dimension's score is
the mean of its two ratings on 1–5, shown as ``(mean − 1) / 4 × 100``; it needs both
ratings.

Timeline
--------
:func:`timeline` merges dated events: plan adjustments, setbacks and opportunities from
this workbook, and from workbook 04 the dates goals were set, their target dates,
milestones and goal reviews (ordinary steps are left out to keep the picture readable).
"""

from __future__ import annotations

import datetime as _dt

from careerkit.core import content
from careerkit.core.answers import Answers

__all__ = [
    "CRITERIA",
    "DIMENSIONS",
    "PATH_KINDS",
    "WB",
    "adaptability_scores",
    "curveball_counts",
    "feedback_summary",
    "missing_path_kinds",
    "paths",
    "timeline",
]

WB = "08_adaptability"
GOALS = "04_goals_vision"

CRITERIA = {"resources": "Resources", "liking": "Liking", "confidence": "Confidence", "coherence": "Coherence"}
PATH_KINDS = {"current": "The current path", "plan_b": "Plan B", "wild_card": "The wild card", "other": "Another alternative"}
#: The four dimensions of the adaptability check, with a plain name and what a high score means.
DIMENSIONS = {
    "concern": ("Looking ahead", "you think about your working future and prepare for it"),
    "control": ("Taking ownership", "you make career decisions yourself rather than letting them drift"),
    "curiosity": ("Exploring", "you look into options and meet change with interest"),
    "confidence": ("Trusting yourself to cope", "you expect to learn and find a way through"),
}


def _rating(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5 else None


def paths(answers: Answers) -> list[dict]:
    """The person's alternative five-year paths with their ratings, in their order.

    Each dict: ``title``, ``kind`` (``current``, ``plan_b``, ``wild_card``, ``other`` or
    None), ``kind_label``, ``picture``, ``milestones``, ``question``, the four ratings
    (1–5 or None), ``average`` (mean of the given ratings, rounded to 2 places, or None)
    and ``complete``. Rows without a title are left out. Workbook 10 offers these paths
    as options in its decision matrix.
    """
    out = []
    for row in answers.rows(f"{WB}.paths"):
        title = (row.get("title") or "").strip()
        if not title:
            continue
        ratings = {c: _rating(row.get(c)) for c in CRITERIA}
        given = [v for v in ratings.values() if v is not None]
        kind = row.get("kind") if row.get("kind") in PATH_KINDS else None
        out.append({
            "title": title,
            "kind": kind,
            "kind_label": PATH_KINDS.get(kind, "Path"),
            "picture": (row.get("picture") or "").strip(),
            "milestones": (row.get("milestones") or "").strip(),
            "question": (row.get("question") or "").strip(),
            **ratings,
            "average": round(sum(given) / len(given), 2) if given else None,
            "complete": len(given) == len(CRITERIA),
        })
    return out


def missing_path_kinds(answers: Answers) -> list[str]:
    """Labels of the three essential paths (current, plan B, wild card) not sketched yet."""
    have = {p["kind"] for p in paths(answers)}
    return [PATH_KINDS[k] for k in ("current", "plan_b", "wild_card") if k not in have]


def adaptability_scores(answers: Answers) -> dict[str, float | None]:
    """Each dimension's score 0–100 (None until both of its statements are rated)."""
    wb = content.workbook(WB)
    given = answers[WB]
    ratings: dict[str, list[int | None]] = {d: [] for d in DIMENSIONS}
    for field in wb.fields.values():
        if field.score in ratings:
            ratings[field.score].append(_rating(given.get(field.id)))
    out: dict[str, float | None] = {}
    for dim, values in ratings.items():
        if values and all(v is not None for v in values):
            out[dim] = round((sum(values) / len(values) - 1) / 4 * 100, 1)
        else:
            out[dim] = None
    return out


def feedback_summary(answers: Answers) -> dict:
    """How feedback was used: ``total``, ``by_status`` counts, and ``open`` (changes still being considered or tried)."""
    rows = [r for r in answers.rows(f"{WB}.feedback") if (r.get("said") or r.get("change") or "").strip()]
    by_status: dict[str, int] = {}
    for r in rows:
        key = r.get("status") or "considering"
        by_status[key] = by_status.get(key, 0) + 1
    open_changes = [(r.get("change") or "").strip() for r in rows
                    if (r.get("status") or "considering") in ("considering", "trying") and (r.get("change") or "").strip()]
    return {"total": len(rows), "by_status": by_status, "open": open_changes}


def curveball_counts(answers: Answers) -> dict[str, dict[str, int]]:
    """How often each response was chosen, per kind: ``{"setback": {"adapt": 2, …}, "opportunity": {…}}``."""
    out: dict[str, dict[str, int]] = {"setback": {}, "opportunity": {}}
    for r in answers.rows(f"{WB}.curveballs"):
        kind, response = r.get("kind"), r.get("response_kind")
        if kind in out and response:
            out[kind][response] = out[kind].get(response, 0) + 1
    return out


def _date(value) -> _dt.date | None:
    try:
        return _dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


#: Lanes of the timeline, in the order they are listed.
SOURCES = {
    "adjustment": "Change to your plan",
    "setback": "Setback",
    "opportunity": "Opportunity",
    "goal_set": "Goal set",
    "milestone": "Milestone",
    "target": "Goal target date",
    "review": "Goal review",
}


def timeline(answers: Answers, today: _dt.date | None = None) -> list[dict]:
    """Dated events of this workbook and of workbook 04's goals, oldest first.

    Each dict: ``date`` (ISO), ``source`` (a key of :data:`SOURCES`), ``source_label``,
    ``label`` (what happened), ``detail`` (the reason, response or goal, may be "") and
    ``from_goals`` (True for events of workbook 04).
    """
    from careerkit.core.logic import goals

    events: list[dict] = []

    def add(day, source: str, label: str, detail: str = "") -> None:
        parsed = _date(day)
        label = (label or "").strip()
        if parsed and label:
            events.append({"date": parsed.isoformat(), "source": source, "source_label": SOURCES[source],
                           "label": label, "detail": (detail or "").strip(),
                           "from_goals": source in ("goal_set", "milestone", "target", "review")})

    for r in answers.rows(f"{WB}.adjustments"):
        add(r.get("day"), "adjustment", r.get("change"), r.get("reason") or "")
    for r in answers.rows(f"{WB}.curveballs"):
        if r.get("kind") in ("setback", "opportunity"):
            add(r.get("day"), r["kind"], r.get("what"), r.get("response") or "")
    for g in goals.goal_rows(answers):
        add(g.get("set_on"), "goal_set", f"Set: {g['title']}", g.get("why") or "")
    for e in goals.timeline_events(answers, today=today):
        if e["kind"] == "milestone":
            add(e["date"], "milestone", e["label"], e.get("goal") or "")
        elif e["kind"] == "target":
            add(e["date"], "target", e["label"], e.get("goal") or "")
    for r in answers.rows(f"{GOALS}.review_log"):
        add(r.get("day"), "review", "Goal review", r.get("adjustments") or r.get("changed") or "")
    order = list(SOURCES)
    events.sort(key=lambda e: (e["date"], order.index(e["source"]), e["label"].casefold()))
    return events
