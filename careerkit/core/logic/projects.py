"""Passion projects and side hustles (workbook 06): scoring ideas, tallying hours, gathering links.

Scoring an idea
---------------
Each idea is rated 1–5 on four things. Their weighted mean, placed on 0–100 as
``value = (mean - 1) / 4 * 100``, says how much the idea is worth trying:

=================  ======  ===============================================
criterion          weight  question
=================  ======  ===============================================
``passion``        0.30    How much does it excite you?
``skills_built``   0.25    How much would it grow skills you want?
``role_link``      0.25    How closely does it point to a role you consider?
``market``         0.20    Is there an audience or market for it?
=================  ======  ===============================================

Time is a cost, not a quality, so it multiplies: ``time_fit = min(1, available / needed)``
where *available* is the hours a week the person can give and *needed* the idea's hours.
An idea needing twice the available hours keeps half its value. When either number is
missing, ``time_fit`` is 1. ``score = round(value * time_fit, 1)``.

Only ideas with all four ratings are ranked; the others are listed by :func:`unrated_ideas`.
Projects are matched across the idea bank, experiments, time log and showcase by name,
ignoring case and repeated spaces.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections import defaultdict
from urllib.parse import urlsplit

from careerkit.core.answers import Answers

__all__ = [
    "CRITERIA",
    "DECISIONS",
    "WB",
    "WEIGHTS",
    "hours_by_project",
    "hours_by_week",
    "idea_score",
    "idea_sparks",
    "project_key",
    "project_summaries",
    "ranked_ideas",
    "safe_url",
    "target_roles",
    "unrated_ideas",
]

WB = "06_passion_projects"

#: The four ratings of an idea and their weights in its value (they sum to 1).
WEIGHTS = {"passion": 0.30, "skills_built": 0.25, "role_link": 0.25, "market": 0.20}
CRITERIA = tuple(WEIGHTS)

#: Plain names of the experiment decisions.
DECISIONS = {"running": "Still running", "keep": "Keep going", "pivot": "Pivot", "stop": "Stop"}


def project_key(name: str | None) -> str:
    """The name a project is matched by: lower case, single spaces."""
    return " ".join((name or "").casefold().split())


def _rating(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5 else None


def idea_score(row: dict, hours_available: float | None = None) -> dict | None:
    """Score one idea row (see the module notes); ``None`` until it has a name and all four ratings."""
    name = (row.get("idea") or "").strip()
    ratings = {c: _rating(row.get(c)) for c in CRITERIA}
    if not name or any(v is None for v in ratings.values()):
        return None
    mean = sum(WEIGHTS[c] * ratings[c] for c in CRITERIA)
    value = (mean - 1) / 4 * 100
    needed = row.get("hours")
    needed = needed if isinstance(needed, (int, float)) and not isinstance(needed, bool) else None
    if needed is None or hours_available is None or needed <= 0 or needed <= hours_available:
        time_fit = 1.0
    else:
        time_fit = max(0.0, hours_available) / needed
    return {
        "idea": name,
        "kind": row.get("kind"),
        **ratings,
        "hours": needed,
        "target_role": (row.get("target_role") or "").strip(),
        "first_step": (row.get("first_step") or "").strip(),
        "value": round(value, 1),
        "time_fit": round(time_fit, 2),
        "fits_time": None if needed is None or hours_available is None else needed <= hours_available,
        "score": round(value * time_fit, 1),
    }


def _hours_available(answers: Answers) -> float | None:
    value = answers.get_answer(f"{WB}.hours_available")
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def ranked_ideas(answers: Answers) -> list[dict]:
    """Every fully rated idea with its ``score`` (0–100), best first, numbered by ``rank``.

    Each dict holds ``idea``, ``kind``, the four ratings, ``hours``, ``target_role``,
    ``first_step``, ``value``, ``time_fit``, ``fits_time``, ``score`` and ``rank``. Equal
    scores are ordered by passion (higher first), then by name.
    """
    available = _hours_available(answers)
    scored = [s for s in (idea_score(r, available) for r in answers.rows(f"{WB}.ideas")) if s]
    scored.sort(key=lambda s: (-s["score"], -s["passion"], s["idea"].casefold()))
    for rank, idea in enumerate(scored, start=1):
        idea["rank"] = rank
    return scored


def unrated_ideas(answers: Answers) -> list[str]:
    """Ideas that have a name but not all four ratings yet."""
    return [
        r["idea"].strip() for r in answers.rows(f"{WB}.ideas")
        if (r.get("idea") or "").strip() and idea_score(r) is None
    ]


def target_roles(answers: Answers) -> list[str]:
    """The roles the person is considering: the workbook 2 shortlist, else workbook 1's list."""
    from careerkit.core.logic import exploration

    titles = [(s.get("title") or "").strip() for s in exploration.shortlist(answers)]
    titles = [t for t in titles if t]
    if not titles:
        titles = [t.strip() for t in answers.get_answer("01_self_reflection.roles_to_explore", []) if t.strip()]
    return list(dict.fromkeys(titles))


def idea_sparks(answers: Answers) -> dict[str, list[str]]:
    """Earlier answers that make good raw material for project ideas, by heading."""
    from careerkit.core.logic import derived

    one = "01_self_reflection"
    return {
        "Hobbies you return to": list(answers.get_answer(f"{one}.hobbies", [])),
        "Topics you cannot leave alone": list(answers.get_answer(f"{one}.curiosities", [])),
        "Your motivated skills": [s["skill"] for s in derived.motivated_skills(answers)],
        "Themes in your stories": list(answers.get_answer(f"{one}.themes", [])),
        "Roles you are considering": target_roles(answers),
    }


def _day(value) -> _dt.date | None:
    try:
        return _dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _log_rows(answers: Answers) -> list[dict]:
    out = []
    for r in answers.rows(f"{WB}.time_log"):
        hours = r.get("hours")
        name = (r.get("project") or "").strip()
        if not name or not isinstance(hours, (int, float)) or isinstance(hours, bool) or hours <= 0:
            continue
        out.append({"project": name, "hours": float(hours), "day": _day(r.get("day")), "energy": r.get("energy")})
    return out


def _spelling(answers: Answers) -> dict[str, str]:
    """The first spelling of each project name, idea bank first."""
    names: dict[str, str] = {}
    for ref, col in (("ideas", "idea"), ("experiments", "project"), ("time_log", "project"), ("showcase", "project")):
        for r in answers.rows(f"{WB}.{ref}"):
            name = (r.get(col) or "").strip()
            if name:
                names.setdefault(project_key(name), name)
    return names


def hours_by_project(answers: Answers) -> list[dict]:
    """Total logged hours per project, most first: ``project``, ``hours``, ``sessions``, ``energy`` (mean or None)."""
    spelling = _spelling(answers)
    totals: dict[str, dict] = {}
    for r in _log_rows(answers):
        key = project_key(r["project"])
        t = totals.setdefault(key, {"project": spelling.get(key, r["project"]), "hours": 0.0, "sessions": 0, "_e": []})
        t["hours"] += r["hours"]
        t["sessions"] += 1
        if isinstance(r["energy"], int):
            t["_e"].append(r["energy"])
    out = []
    for t in totals.values():
        energies = t.pop("_e")
        t["hours"] = round(t["hours"], 2)
        t["energy"] = round(sum(energies) / len(energies), 1) if energies else None
        out.append(t)
    out.sort(key=lambda t: (-t["hours"], t["project"].casefold()))
    return out


def hours_by_week(answers: Answers) -> list[dict]:
    """Logged hours per week (``week``: that Monday, ISO) and project, oldest week first.

    Sessions without a day are left out (they still count in :func:`hours_by_project`).
    """
    spelling = _spelling(answers)
    cells: dict[tuple[str, str], float] = defaultdict(float)
    for r in _log_rows(answers):
        if r["day"] is None:
            continue
        monday = r["day"] - _dt.timedelta(days=r["day"].weekday())
        key = project_key(r["project"])
        cells[(monday.isoformat(), spelling.get(key, r["project"]))] += r["hours"]
    return [{"week": w, "project": p, "hours": round(h, 2)} for (w, p), h in sorted(cells.items())]


_SCHEMES = ("http", "https")


def safe_url(text: str | None) -> str | None:
    """A link that is safe to show as a hyperlink, or None.

    Accepts ``http(s)://host/...`` and ``www.host...`` (shown as https). Anything else,
    including ``javascript:`` and ``data:`` addresses, is not linked.
    """
    if not isinstance(text, str):
        return None
    url = text.strip()
    if re.match(r"^www\.[^\s/]+\.[^\s/]+", url, re.IGNORECASE):
        url = "https://" + url
    if any(ch.isspace() for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in _SCHEMES or not parts.hostname or "." not in parts.hostname:
        return None
    return url


def project_summaries(answers: Answers) -> list[dict]:
    """One summary per project that was started (has an experiment, logged time or a link).

    Each holds ``project``, ``score`` and ``rank`` from the idea bank (None if not there),
    ``hours``, ``sessions``, ``energy``, ``decision`` (of the latest experiment, by start
    date), ``decision_label``, ``learned`` (from that experiment), ``experiments`` (count)
    and ``links`` (``kind``, ``title``, ``url`` — ``url`` is None when it is not a safe web
    address — and ``text``, the address as typed). Ordered by idea rank, then by hours.
    """
    spelling = _spelling(answers)
    ideas = {project_key(i["idea"]): i for i in ranked_ideas(answers)}
    hours = {project_key(h["project"]): h for h in hours_by_project(answers)}
    experiments: dict[str, list[dict]] = defaultdict(list)
    for r in answers.rows(f"{WB}.experiments"):
        key = project_key(r.get("project"))
        if key:
            experiments[key].append(r)
    links: dict[str, list[dict]] = defaultdict(list)
    for r in answers.rows(f"{WB}.showcase"):
        key = project_key(r.get("project"))
        text = (r.get("url") or "").strip()
        if key and (text or (r.get("title") or "").strip()):
            links[key].append({"kind": r.get("kind"), "title": (r.get("title") or "").strip() or text,
                               "url": safe_url(text), "text": text})
    out = []
    for key in dict.fromkeys([*experiments, *hours, *links]):
        runs = sorted(experiments.get(key, []), key=lambda r: r.get("started") or "")
        latest = runs[-1] if runs else {}
        idea = ideas.get(key, {})
        logged = hours.get(key, {})
        decision = latest.get("decision")
        out.append({
            "project": spelling.get(key, key),
            "score": idea.get("score"),
            "rank": idea.get("rank"),
            "hours": logged.get("hours", 0.0),
            "sessions": logged.get("sessions", 0),
            "energy": logged.get("energy"),
            "decision": decision,
            "decision_label": DECISIONS.get(decision, "No decision yet") if runs else "No experiment yet",
            "learned": (latest.get("learned") or "").strip(),
            "experiments": len(runs),
            "links": links.get(key, []),
        })
    out.sort(key=lambda p: (p["rank"] is None, p["rank"] or 0, -p["hours"], p["project"].casefold()))
    return out
