"""Mentorship and guidance (workbook 05), as pure functions over answers.

The kinds of guidance a person wants (``needs``) and what each person on their mentor
map can help with (``can_help``) share one list of choices in the workbook
description, so coverage is an exact match. Action items from the session log can be
sent to workbook 04 as action steps; each item becomes a step whose row id is derived
from the session and the item's text (:func:`step_id_for`), so sending twice never
adds it twice.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
from collections.abc import Mapping, Sequence
from typing import Any

from careerkit.core import content
from careerkit.core.answers import Answers

__all__ = [
    "WB",
    "GOALS_WB",
    "STAGES",
    "needs",
    "people",
    "coverage",
    "where_to_look",
    "pipeline",
    "follow_ups_due",
    "draft_ask",
    "action_items",
    "step_id_for",
    "send_to_goals",
]

WB = "05_mentorship"
GOALS_WB = "04_goals_vision"

#: Outreach stages in order, with their labels.
STAGES = {"drafted": "Ask drafted", "sent": "Sent", "replied": "They replied", "meeting": "Meeting held",
          "closed": "Closed"}

# Where to look for someone who can help with each kind of guidance.
_WHERE = {
    "Career planning and direction": "a careers adviser or coach, or someone whose career you admire and who is a few steps ahead",
    "Skills and know-how": "a course tutor, a practitioner in a community of practice, or a colleague who does it well",
    "Making a career change": "someone who made a similar change in the last few years; ask your network who knows one",
    "Insight into an industry or role": "people doing the job now: ask for a twenty-minute informational interview",
    "Encouragement and confidence": "a friend, peer or former colleague who believes in you; peers on the same path count",
    "Honest feedback on my work": "a former manager or senior colleague who will be candid, or a tutor who marks real work",
    "Introductions to other people": "well-connected people: event organisers, alumni groups, the people you already met in workbook 2",
    "Job search and applications": "a recruiter in your target field, or someone who recently hired for the role",
    "Leading and managing others": "a manager you respect, or a leadership mentoring scheme at work or in a professional body",
    "Balancing work and the rest of life": "someone whose working pattern you would like to have; ask how they arranged it",
}


def _text(value: Any) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def _today(today: _dt.date | None) -> _dt.date:
    return today or _dt.date.today()


def _date(value: Any) -> _dt.date | None:
    if isinstance(value, str) and value:
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            return None
    return value if isinstance(value, _dt.date) else None


def needs(answers: Answers) -> list[str]:
    """The guidance the person wants, most important first (their order, then the ticked list)."""
    ticked = [n for n in answers.get_answer(f"{WB}.needs", []) if isinstance(n, str)]
    ranked = [n for n in answers.get_answer(f"{WB}.needs_ranked", []) if n in ticked]
    return ranked + [n for n in ticked if n not in ranked]


def people(answers: Answers) -> list[dict[str, Any]]:
    """The people on the mentor map who have a name, as plain dicts.

    Each has ``_id``, ``name``, ``relationship`` (value) and ``relationship_label``,
    ``works_as``, ``can_help`` (list), ``strength`` (1–5 or None) and ``reach``.
    """
    field = content.workbook(WB).field("people").sub("relationship")
    out = []
    for row in answers.rows(f"{WB}.people"):
        name = _text(row.get("name"))
        if not name:
            continue
        rel = row.get("relationship")
        out.append({
            "_id": row.get("_id"),
            "name": name,
            "relationship": rel,
            "relationship_label": field.choice_label(rel) if rel else "",
            "works_as": _text(row.get("works_as")),
            "can_help": [c for c in (row.get("can_help") or []) if isinstance(c, str)],
            "strength": row.get("strength"),
            "reach": _text(row.get("reach")),
        })
    return out


def coverage(answers: Answers) -> list[dict[str, Any]]:
    """For each need (most important first): who can help, how many, and how strongly.

    Each entry: ``need``, ``helpers`` (``[{"name", "strength"}]``, strongest first),
    ``count``, ``strongest`` (the closest relationship, or None), ``covered`` (someone
    can help) and ``strong`` (someone you know well, strength 4 or 5, can help).
    """
    crowd = people(answers)
    out = []
    for need in needs(answers):
        helpers = [{"name": p["name"], "strength": p["strength"]} for p in crowd if need in p["can_help"]]
        helpers.sort(key=lambda h: (-(h["strength"] or 0), h["name"].casefold()))
        strengths = [h["strength"] for h in helpers if h["strength"]]
        out.append({"need": need, "helpers": helpers, "count": len(helpers),
                    "strongest": max(strengths) if strengths else None, "covered": bool(helpers),
                    "strong": any(s >= 4 for s in strengths)})
    return out


def where_to_look(need: str, answers: Answers | None = None) -> str:
    """A suggestion of where to find someone for a need, using the roles the person is exploring."""
    tip = _WHERE.get(need, "someone who has already done what you are trying to do")
    if answers is not None and need in ("Insight into an industry or role", "Making a career change"):
        roles = [r for r in answers.get_answer("01_self_reflection.roles_to_explore", []) if isinstance(r, str)]
        if roles:
            tip += f", for example a {roles[0]}"
    return tip


def pipeline(answers: Answers) -> dict[str, list[dict[str, Any]]]:
    """Outreach rows grouped by stage (every stage present, in order); rows without a
    stage count as drafted."""
    out: dict[str, list[dict[str, Any]]] = {stage: [] for stage in STAGES}
    for row in answers.rows(f"{WB}.outreach"):
        if not (_text(row.get("person")) or _text(row.get("ask"))):
            continue
        stage = row.get("stage") if row.get("stage") in STAGES else "drafted"
        out[stage].append(dict(row))
    return out


def follow_ups_due(answers: Answers, today: _dt.date | None = None, *, within: int = 0) -> list[dict[str, Any]]:
    """Outreach whose next follow-up date is today or earlier (or within ``within`` days).

    Closed outreach is left out. Each entry: ``person``, ``stage`` (value) and
    ``stage_label``, ``follow_up`` (ISO date), ``days`` (days late; negative when still
    ahead) and ``ask``. Most overdue first.
    """
    day = _today(today)
    out = []
    for row in answers.rows(f"{WB}.outreach"):
        when = _date(row.get("follow_up"))
        stage = row.get("stage") or "drafted"
        if when is None or stage == "closed" or (when - day).days > within:
            continue
        out.append({"person": _text(row.get("person")) or "someone", "stage": stage,
                    "stage_label": STAGES.get(stage, stage), "follow_up": when.isoformat(),
                    "days": (day - when).days, "ask": _text(row.get("ask"))})
    out.sort(key=lambda e: (-e["days"], e["person"].casefold()))
    return out


def draft_ask(person: Mapping[str, Any], answers: Answers) -> str:
    """A starting draft of a short, specific ask to one person, from what is known about them.

    It names one thing they can help with (the person's most important need they
    cover), asks for a small amount of time, and is signed with the preferred name
    from workbook 00. It is a starting point to rewrite in the person's own voice.
    """
    first = _text(person.get("name")).split(" ")[0] or "there"
    wanted = needs(answers)
    offer = [n for n in wanted if n in (person.get("can_help") or [])]
    topic = (offer or wanted or ["your work"])[0]
    roles = [r for r in answers.get_answer("01_self_reflection.roles_to_explore", []) if isinstance(r, str)]
    heading = f"I am exploring a move towards {roles[0]} work" if roles else "I am thinking about my next career step"
    about = {
        "Career planning and direction": "how you would plan the next year or two in my position",
        "Skills and know-how": "which skills made the biggest difference for you early on",
        "Making a career change": "how you made your own change, and what you would do differently",
        "Insight into an industry or role": "what the work is really like day to day",
        "Encouragement and confidence": "your honest read on whether my plan is realistic",
        "Honest feedback on my work": "a piece of my work I would value your candid view on",
        "Introductions to other people": "who else you think I should talk to",
        "Job search and applications": "what makes an application stand out in your field",
        "Leading and managing others": "how you learned to lead a team",
        "Balancing work and the rest of life": "how you have shaped a working pattern that suits you",
    }.get(topic, "your experience")
    name = _text(answers.get_answer("00_start_here.preferred_name", ""))
    works = _text(person.get("works_as"))
    why_them = f" You came to mind because of what you do ({works})." if works else ""
    return (f"Hi {first}, {heading}.{why_them} I would really value twenty minutes of your time to hear "
            f"{about}. I'm happy to fit around you, by phone or over coffee."
            + (f" Thank you, {name}" if name else " Thank you"))


# -- session action items to workbook 04 ------------------------------------------------------------

def step_id_for(session_id: str, item: str) -> str:
    """The row id of the action step made from one action item of one session (stable)."""
    digest = hashlib.sha256(f"{session_id}\x1f{_key(item)}".encode("utf-8")).hexdigest()
    return "mentor-" + digest[:20]


def action_items(answers: Answers) -> list[dict[str, Any]]:
    """Every action item of the session log, newest session first, with whether it is
    already a step in workbook 04.

    Each: ``session_id``, ``day``, ``person``, ``item``, ``step_id``, ``sent`` (bool) and
    ``goal`` (the goal the step sits under, when sent).
    """
    in_plan = {row.get("_id"): row for row in answers.rows(f"{GOALS_WB}.steps")}
    out = []
    sessions = answers.rows(f"{WB}.sessions")
    ordered = sorted(enumerate(sessions), key=lambda p: (p[1].get("day") or "", p[0]), reverse=True)
    for _index, session in ordered:
        sid = session.get("_id") or ""
        for item in session.get("action_items") or []:
            if not isinstance(item, str) or not item.strip():
                continue
            step_id = step_id_for(sid, item)
            step = in_plan.get(step_id)
            out.append({"session_id": sid, "day": session.get("day"), "person": _text(session.get("person")),
                        "item": item.strip(), "step_id": step_id, "sent": step is not None,
                        "goal": (step or {}).get("goal")})
    return out


def send_to_goals(steps_value: Sequence[Mapping[str, Any]] | None, item: Mapping[str, Any],
                  goal: str | None = None, due: str | None = None) -> tuple[list[dict[str, Any]], bool]:
    """Workbook 04's steps with ``item`` (from :func:`action_items`) added as a step.

    Returns ``(steps, added)``; when the item is already there, the steps come back
    unchanged and ``added`` is False, so sending twice never makes a duplicate.
    """
    rows = [dict(r) for r in (steps_value or []) if isinstance(r, Mapping)]
    if any(r.get("_id") == item["step_id"] for r in rows):
        return rows, False
    source = "Advice from " + (item.get("person") or "a session")
    if item.get("day"):
        source += f", {item['day']}"
    rows.append({"_id": item["step_id"], "goal": goal or None, "step": item["item"][:160], "due": due or None,
                 "status": "not_started", "kind": "step", "source": source[:200]})
    return rows, True
