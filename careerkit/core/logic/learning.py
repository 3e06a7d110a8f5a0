"""Continuous learning (workbook 07): skill gaps against O*NET roles, the learning plan, trends.

Skill gaps
----------
For each chosen target role that is an O*NET occupation, every skill with an O*NET
importance of at least :data:`RELEVANT_IMPORTANCE` (3 = "important" on O*NET's 1–5
scale) is compared with the person's own level on O*NET's 0–7 level scale. Skills O*NET
marks as "level not relevant" or recommends suppressing (low precision) are left out.

* ``gap = max(0, required level − own level)``
* ``priority = gap × importance``: a one-point gap in an essential skill (importance 5)
  outranks the same gap in a merely useful one (importance 3).

When several roles need the same skill, :func:`priority_gaps` keeps the role where the
priority is highest (then the higher importance, then the role title), so each skill
appears once. Skills the person has not rated yet have no gap and are counted apart.

Staying current
---------------
:func:`watch_list` gathers the technology O*NET flags as Hot Technology (often named in
job postings) or In Demand (often asked for by that occupation's employers) for the
chosen target roles: each item once, with the roles that use it. Items both flags mark
come first, then those more roles use, then by name. The learning plan draws from it
(workbook 7's watch list panel adds an item to the plan as an idea).

Own levels
----------
Nothing rated in workbook 1 is asked again. Its skill ratings (``skill_ratings``: "how good
are you?", 1–5) are matched to O*NET's skills by name, forgivingly
(:func:`careerkit.core.logic.skillnames.match_skill`: "public speaking" is Speaking, "teaching" is
Instructing), and put on O*NET's 0–7 level scale with :data:`PROFICIENCY_TO_LEVEL`
(beginner 1 → 1, 2 → 2, 3 → 4 "handles everyday work alone", 4 → 5, expert 5 → 6 "others
come to you"; 7 is left for expert teachers). When several of the person's skills mean one
O*NET skill, the best rating counts. A level given in this workbook (``own_levels``) wins
over one from workbook 1. Skill names of workbook 1 that mean no O*NET skill are listed by
:func:`unmatched_skills`.
"""

from __future__ import annotations

import datetime as _dt

from careerkit.core import onet
from careerkit.core.answers import Answers

__all__ = [
    "ACTIVE",
    "MEANINGFUL_GAP",
    "RELEVANT_IMPORTANCE",
    "STATUS_LABELS",
    "WB",
    "chosen_roles",
    "learning_in_progress",
    "level_sources",
    "own_levels",
    "unmatched_skills",
    "PROFICIENCY_TO_LEVEL",
    "plan_items",
    "plan_summary",
    "priority_gaps",
    "skill_gaps",
    "skills_to_rate",
    "target_occupations",
    "trends_by_horizon",
    "watch_list",
]

WB = "07_learning"

#: O*NET importance (1–5) from which a skill counts as one the role relies on.
RELEVANT_IMPORTANCE = 3.0
#: The smallest gap (in levels) worth planning for; smaller ones are within rating noise.
MEANINGFUL_GAP = 0.5
#: How many shortlisted roles are compared when the person has not chosen any.
DEFAULT_ROLES = 3

STATUS_LABELS = {"idea": "Just an idea", "planned": "Planned", "in_progress": "In progress",
                 "done": "Done", "dropped": "Dropped"}
#: Statuses of learning that is under way or committed to.
ACTIVE = ("in_progress", "planned")


def _key(name: str | None) -> str:
    return " ".join((name or "").casefold().split())


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


# -- target roles ------------------------------------------------------------------------

def target_occupations(answers: Answers) -> list[dict]:
    """The target roles, each with what O*NET can say about it: the roles on the workbook 2
    shortlist, then the other roles named in this workbook (``more_roles``).

    Each dict: ``title``, ``code`` (None when the role is not a known O*NET occupation),
    ``onet_title``, ``source`` (``"shortlist"`` or ``"more_roles"``) and ``status``:
    ``"rated"`` (O*NET has skill ratings), ``"unrated"`` (a known occupation without skill
    ratings) or ``"not_onet"``. A role named here is linked when its title is an O*NET
    occupation's official title (what choosing a title-search suggestion writes). An
    occupation, or an unlinked title (ignoring case), listed twice is kept once.
    """
    from careerkit.core.logic import exploration

    entries = [((e.get("title") or "").strip(), (e.get("onet_code") or "").strip() or None, "shortlist")
               for e in exploration.shortlist(answers)]
    for row in answers.rows(f"{WB}.more_roles"):
        title = " ".join(str(row.get("title") or "").split())
        occupation = onet.linked(title)
        entries.append((title, occupation.code if occupation else None, "more_roles"))
    out: list[dict] = []
    seen: set[str] = set()
    for title, code, source in entries:
        if not title and not code:
            continue
        if code is not None:
            try:
                occupation = onet.occupation(code)
            except KeyError:
                code = None
        key = code or _key(title)
        if key in seen:
            continue
        seen.add(key)
        if code is None:
            out.append({"title": title, "code": None, "onet_title": None, "source": source, "status": "not_onet"})
            continue
        out.append({"title": title or occupation.title, "code": code, "onet_title": occupation.title,
                    "source": source, "status": "rated" if onet.skills(code) else "unrated"})
    return out


def chosen_roles(answers: Answers) -> list[dict]:
    """The O*NET roles the gaps are measured against, as ``{"title", "code"}``.

    The person's choice (``gap_roles``) when made, in the order of the target roles; otherwise
    the first :data:`DEFAULT_ROLES` target roles that O*NET has skill ratings for. A chosen code
    that has since left the shortlist is still honoured, titled by O*NET.
    """
    rated = [t for t in target_occupations(answers) if t["status"] == "rated"]
    chosen = answers[WB].get("gap_roles")  # an empty list is a choice too: no role
    if not isinstance(chosen, list):
        return [{"title": t["title"], "code": t["code"]} for t in rated[:DEFAULT_ROLES]]
    titles = {t["code"]: t["title"] for t in rated}
    out = [{"title": t["title"], "code": t["code"]} for t in rated if t["code"] in chosen]
    for code in chosen:
        if code not in titles:
            try:
                occupation = onet.occupation(code)
            except KeyError:
                continue
            if onet.skills(code):
                out.append({"title": occupation.title, "code": code})
    return out


# -- own levels and gaps ------------------------------------------------------------------

#: Workbook 1's proficiency (1–5) on O*NET's level scale (0–7).
PROFICIENCY_TO_LEVEL = {1: 1, 2: 2, 3: 4, 4: 5, 5: 6}
SELF = "01_self_reflection"


def _from_workbook_1(answers: Answers) -> dict[str, tuple[int, list[str]]]:
    from careerkit.core.logic import skillnames

    out: dict[str, tuple[int, list[str]]] = {}
    for row in answers.rows(f"{SELF}.skill_ratings"):
        written = " ".join(str(row.get("skill") or "").split())
        proficiency = row.get("proficiency")
        skill = skillnames.match_skill(written) if written else None
        if skill is None or proficiency not in PROFICIENCY_TO_LEVEL:
            continue
        level, names = out.get(_key(skill), (-1, []))
        out[_key(skill)] = (max(level, PROFICIENCY_TO_LEVEL[proficiency]), names + [written])
    return out


def _own_rows(answers: Answers) -> dict[str, tuple[int, str]]:
    from careerkit.core.logic import skillnames

    levels = {}
    for row in answers.rows(f"{WB}.own_levels"):
        level = row.get("level")
        written = _key(row.get("skill"))
        if written and isinstance(level, int) and not isinstance(level, bool):
            levels[_key(skillnames.match_skill(written) or written)] = (level, row.get("skill"))
    return levels


def own_levels(answers: Answers) -> dict[str, int]:
    """The person's own level (0–7) by O*NET skill name (lower case): rated here, else from workbook 1.

    Names are matched forgivingly (see the module docstring); here the last row wins.
    """
    levels = {key: level for key, (level, _names) in _from_workbook_1(answers).items()}
    levels.update({key: level for key, (level, _name) in _own_rows(answers).items()})
    return levels


def level_sources(answers: Answers) -> dict[str, tuple[str, list[str]]]:
    """Where each own level comes from: ``(workbook id, the names the person wrote)``."""
    out = {key: (SELF, names) for key, (_level, names) in _from_workbook_1(answers).items()}
    out.update({key: (WB, [name]) for key, (_level, name) in _own_rows(answers).items()})
    return out


def unmatched_skills(answers: Answers) -> list[str]:
    """Skills named in workbook 1 that mean none of O*NET's 35 skills (so give no level here)."""
    from careerkit.core.logic import skillnames

    names = [" ".join(str(r.get("skill") or "").split()) for r in answers.rows(f"{SELF}.skill_ratings")]
    return list(dict.fromkeys(n for n in names if n and skillnames.match_skill(n) is None))


def _relevant(code: str) -> list[onet.Skill]:
    return [s for s in onet.skills(code)
            if s.importance >= RELEVANT_IMPORTANCE and not s.level_not_relevant and not s.suppress]


def skills_to_rate(answers: Answers, roles: list[dict] | None = None) -> list[dict]:
    """The skills the chosen roles rely on, most important first, with the person's level if given.

    Each dict: ``skill``, ``importance`` and ``level`` (the highest over the roles),
    ``roles`` (titles of the roles that rely on it) and ``own`` (0–7 or None).
    """
    roles = chosen_roles(answers) if roles is None else roles
    levels = own_levels(answers)
    skills: dict[str, dict] = {}
    for role in roles:
        for s in _relevant(role["code"]):
            entry = skills.setdefault(s.name, {"skill": s.name, "importance": 0.0, "level": 0.0, "roles": [],
                                               "own": levels.get(_key(s.name))})
            entry["importance"] = max(entry["importance"], s.importance)
            entry["level"] = max(entry["level"], s.level)
            entry["roles"].append(role["title"])
    return sorted(skills.values(), key=lambda e: (-e["importance"], -e["level"], e["skill"]))


def skill_gaps(answers: Answers, roles: list[dict] | None = None) -> list[dict]:
    """One row per chosen role and relevant skill: what the role needs and how far you are from it.

    Each dict: ``role``, ``code``, ``skill``, ``importance`` (1–5), ``required`` (level
    0–7), ``own`` (0–7 or None), ``gap`` and ``priority`` (None while unrated).
    """
    roles = chosen_roles(answers) if roles is None else roles
    levels = own_levels(answers)
    out = []
    for role in roles:
        for s in _relevant(role["code"]):
            own = levels.get(_key(s.name))
            gap = None if own is None else round(max(0.0, s.level - own), 2)
            out.append({"role": role["title"], "code": role["code"], "skill": s.name,
                        "importance": s.importance, "required": s.level, "own": own, "gap": gap,
                        "priority": None if gap is None else round(gap * s.importance, 2)})
    return out


def priority_gaps(answers: Answers, roles: list[dict] | None = None) -> list[dict]:
    """Each rated skill once, at the role where it matters most, largest priority first.

    Ordered by priority, then importance (higher first), then skill name. Skills you
    already meet (gap 0) come last, most important first.
    """
    best: dict[str, dict] = {}
    for row in skill_gaps(answers, roles):
        if row["gap"] is None:
            continue
        current = best.get(row["skill"])
        if current is None or (row["priority"], row["importance"], row["role"]) > (
            current["priority"], current["importance"], current["role"]
        ):
            best[row["skill"]] = row
    return sorted(best.values(), key=lambda r: (-r["priority"], -r["importance"], r["skill"]))


# -- the learning plan -----------------------------------------------------------------------

def _date(value) -> _dt.date | None:
    try:
        return _dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def plan_items(answers: Answers, today: _dt.date | None = None) -> list[dict]:
    """The learning plan with what follows from it, in the person's order.

    Each dict: ``item``, ``kind``, ``skill``, ``provider``, ``cost`` (0 when not given),
    ``start``, ``end`` (dates or None), ``status`` (``"idea"`` when not given),
    ``progress`` (0–100; 100 when done), and ``overdue`` (finish date passed while
    not done or dropped).
    """
    today = today or _dt.date.today()
    out = []
    for row in answers.rows(f"{WB}.plan"):
        item = (row.get("item") or "").strip()
        if not item:
            continue
        status = row.get("status") or "idea"
        progress = row.get("progress") if _is_number(row.get("progress")) else 0
        if status == "done":
            progress = 100
        end = _date(row.get("end"))
        out.append({
            "item": item,
            "kind": row.get("kind"),
            "skill": (row.get("skill") or "").strip(),
            "provider": (row.get("provider") or "").strip(),
            "cost": row.get("cost") if _is_number(row.get("cost")) else 0,
            "start": _date(row.get("start")),
            "end": end,
            "status": status,
            "progress": progress,
            "overdue": end is not None and end < today and status not in ("done", "dropped"),
        })
    return out


def learning_in_progress(answers: Answers) -> list[dict]:
    """Learning under way or committed to: plan items in progress, then planned, each by start date.

    Each dict: ``item``, ``kind``, ``skill``, ``provider``, ``status``, ``progress``
    (0–100), ``start`` and ``end`` (ISO dates or None). Used by the closing synthesis.
    """
    rows = [r for r in plan_items(answers) if r["status"] in ACTIVE]
    rows.sort(key=lambda r: (ACTIVE.index(r["status"]), r["start"] or _dt.date.max, r["item"].casefold()))
    return [{"item": r["item"], "kind": r["kind"], "skill": r["skill"], "provider": r["provider"],
             "status": r["status"], "progress": r["progress"],
             "start": r["start"].isoformat() if r["start"] else None,
             "end": r["end"].isoformat() if r["end"] else None} for r in rows]


def plan_summary(answers: Answers, today: _dt.date | None = None) -> dict:
    """Totals and loose ends of the learning plan.

    ``counts`` by status; ``cost`` of everything not dropped; ``spent`` on items in
    progress or done; ``budget`` (or None) and ``over_budget``; ``overdue`` item names;
    ``uncovered``: skills with a gap of at least :data:`MEANINGFUL_GAP` levels (largest
    priority first) that no plan item names, together with the gaps the person chose to
    close that no item names.
    """
    items = plan_items(answers, today)
    counts = {status: 0 for status in STATUS_LABELS}
    for r in items:
        counts[r["status"]] = counts.get(r["status"], 0) + 1
    live = [r for r in items if r["status"] != "dropped"]
    cost = sum(r["cost"] for r in live)
    spent = sum(r["cost"] for r in live if r["status"] in ("in_progress", "done"))
    budget = answers.get_answer(f"{WB}.budget")
    budget = budget if _is_number(budget) else None
    covered = {_key(r["skill"]) for r in live if r["skill"]}
    wanted = [g["skill"] for g in priority_gaps(answers) if g["gap"] >= MEANINGFUL_GAP]
    wanted += [s for s in answers.get_answer(f"{WB}.gaps_to_close", []) if isinstance(s, str)]
    uncovered = list(dict.fromkeys(s.strip() for s in wanted if s.strip() and _key(s) not in covered))
    return {
        "counts": counts,
        "total": len(items),
        "cost": cost,
        "spent": spent,
        "budget": budget,
        "over_budget": budget is not None and cost > budget,
        "overdue": [r["item"] for r in items if r["overdue"]],
        "uncovered": uncovered,
    }


# -- trends ----------------------------------------------------------------------------------

HORIZONS = {"now": "Already here", "soon": "In one or two years", "later": "In three to five years",
            None: "Timing not given"}


def trends_by_horizon(answers: Answers) -> list[tuple[str, list[dict]]]:
    """Trends grouped by when they will matter (already here first); empty groups left out."""
    groups: dict[str | None, list[dict]] = {key: [] for key in HORIZONS}
    for row in answers.rows(f"{WB}.trends"):
        if not (row.get("trend") or "").strip():
            continue
        horizon = row.get("horizon") if row.get("horizon") in HORIZONS else None
        groups[horizon].append(row)
    return [(HORIZONS[key], rows) for key, rows in groups.items() if rows]


# -- staying current -----------------------------------------------------------------------

def watch_list(answers: Answers, roles: list[dict] | None = None) -> list[dict]:
    """Hot Technology and In Demand items of the chosen roles (see the module docstring).

    Each dict: ``item``, ``category``, ``hot`` and ``in_demand`` (bools, true when any
    role's entry has the flag), ``roles`` (titles) and ``in_plan`` (already in the
    learning plan, as its item or its skill).
    """
    from careerkit.core import onet

    roles = chosen_roles(answers) if roles is None else roles
    planned = {_key(r.get(k)) for r in answers.rows(f"{WB}.plan") for k in ("item", "skill")}
    items: dict[str, dict] = {}
    for role in roles:
        for t in onet.flagged_technology(role["code"]):
            entry = items.setdefault(_key(t.example), {"item": t.example, "category": t.category, "hot": False,
                                                       "in_demand": False, "roles": []})
            entry["hot"] = entry["hot"] or t.hot
            entry["in_demand"] = entry["in_demand"] or t.in_demand
            if role["title"] not in entry["roles"]:
                entry["roles"].append(role["title"])
    for key, entry in items.items():
        entry["in_plan"] = key in planned or _key(f"Learn {entry['item']}") in planned
    return sorted(items.values(), key=lambda e: (-(e["hot"] + e["in_demand"]), -len(e["roles"]), e["item"].casefold()))
