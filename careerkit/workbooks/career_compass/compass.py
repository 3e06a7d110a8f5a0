"""The logic of workbook 11 (my career compass): one page drawn from all ten strategies.

Every part is its own pure function of :class:`~careerkit.core.answers.Answers` and returns a
:class:`Part`: the items to show, or, when the earlier workbook has not been filled in
yet, a ``missing`` sentence saying where to go. Nothing here asks a question again.

:func:`calling_prompts` turns the person's own answers into sentence starters for their
calling statement; :func:`progress_rows` reports progress in every workbook with the
questions still open.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any

from careerkit.core import content
from careerkit.core.logic import derived
from careerkit.core.answers import Answers, progress
from careerkit.core.validation import is_empty

__all__ = [
    "WB",
    "Part",
    "PARTS",
    "best_self_part",
    "calling_prompts",
    "decision_part",
    "energy_part",
    "goals_part",
    "interest_part",
    "learning_part",
    "options_part",
    "people_part",
    "progress_rows",
    "projects_part",
    "skills_part",
    "values_part",
]

WB = "11_career_compass"


@dataclass
class Part:
    """One part of the compass: a title, the workbook it comes from, and items or what is missing."""

    key: str
    title: str
    workbook: str
    items: list[Any] = field(default_factory=list)
    missing: str = ""
    note: str = ""

    @property
    def notebook(self) -> str:
        """The notebook to open to add to this part."""
        return f"{self.workbook}.ipynb"

    @property
    def number(self) -> int:
        """The workbook number."""
        return int(self.workbook[:2])


def _text(value: Any) -> str:
    return " ".join(str(value or "").split())


def _date(value: Any) -> _dt.date | None:
    try:
        return _dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


# -- the parts ----------------------------------------------------------------------------------
def interest_part(answers: Answers) -> Part:
    """What the interest profile of workbook 1 honestly shows (:func:`careerkit.core.logic.riasec.verdict`).

    The one item: ``kind`` (``"code"``, ``"flat"`` or ``"low"``), ``code`` (empty unless a
    code stands), ``meaning`` (the code's meaning, or the verdict's plain words when there
    is no code), ``headline``, ``ties`` (equal scores disclosed), ``guidance`` (exploration
    steps when there is no code) and ``letters``. Too few answers is ``missing``.
    """
    from careerkit.core.logic import riasec

    part = Part("interests", "Your interest code", "01_self_reflection")
    profile = derived.interest_profile(answers)
    verdict = riasec.verdict(profile)
    if verdict.kind == "none":
        part.missing = "Rate the activities in “Your interest profile” in workbook 1 to get your interest code."
        return part
    part.items = [{"kind": verdict.kind, "code": verdict.code, "headline": verdict.headline,
                   "meaning": riasec.code_meaning(verdict.code) if verdict.code else verdict.text,
                   "ties": verdict.ties, "guidance": list(verdict.guidance),
                   "letters": [{"letter": t, "name": riasec.NAMES[t], "score": profile.scores[t]} for t in verdict.code]}]
    if not profile.complete:
        part.note = "Some activities are still unrated, so the code may shift."
    return part


def values_part(answers: Answers) -> Part:
    """The top values of workbook 3 with their weights."""
    from careerkit.core.logic import values

    part = Part("values", "Your top values", "03_values")
    top = values.top_values(answers)
    if not top:
        part.missing = "Sort the value cards in workbook 3 to see your top values."
        return part
    part.items = [{"value": v, "weight": round(100 * wgt)} for v, wgt in top]
    return part


def skills_part(answers: Answers) -> Part:
    """The motivated skills of workbook 1: strong and enjoyed."""
    part = Part("skills", "Your motivated skills", "01_self_reflection")
    rated = answers.rows("01_self_reflection.skill_ratings")
    skills = derived.motivated_skills(answers)
    if not rated:
        part.missing = "Rate your skills twice (how good, how much you enjoy them) in workbook 1."
        return part
    if not skills:
        part.note = "No skill is rated 4 or more on both counts yet; the ones you enjoy most are the ones to grow."
    part.items = [s["skill"] for s in skills]
    return part


def _top_right(answers: Answers) -> list[str]:
    rows = [r for r in answers.rows("01_self_reflection.energy_log")
            if isinstance(r.get("energy"), int) and isinstance(r.get("engagement"), int) and _text(r.get("activity"))]
    best = [r for r in rows if r["energy"] >= 4 and r["engagement"] >= 4]
    best.sort(key=lambda r: (-(r["energy"] + r["engagement"]), _text(r["activity"]).casefold()))
    return list(dict.fromkeys(_text(r["activity"]) for r in best))


def energy_part(answers: Answers) -> Part:
    """What energises the person: the top right of the energy map and the energisers they named."""
    part = Part("energy", "What gives you energy", "01_self_reflection")
    items = _top_right(answers)
    named = [t for t in answers.get_answer("01_self_reflection.energisers", []) if t.casefold() not in
             {i.casefold() for i in items}]
    items += named
    if not items:
        part.missing = "Keep the energy log in workbook 1 for a week or two to see what energises you."
    part.items = items
    return part


def options_part(answers: Answers) -> Part:
    """The shortlisted roles (and options of workbook 10) with interest fit (workbook 2), values
    alignment (3), matrix score (10) and first-hand evidence (2, 6 and 8: count, mean energy and fit)."""
    from careerkit.core.logic import decision, exploration, values

    part = Part("options", "Your shortlisted options", "02_explore_roles")
    short = exploration.shortlist(answers)
    if not short:
        part.missing = "Build your shortlist of roles and industries in workbook 2."
        return part
    aligned = {decision.option_key(t): s for t, s in values.alignment(answers).items()}
    scored = {decision.option_key(r["option"]): r for r in decision.ranking(answers) if r["score"] is not None}
    chosen = decision.option_key(answers.get_answer(f"{decision.WB}.decision", ""))
    running = decision.options(answers)
    titles = [s["title"] for s in short]
    keys = {decision.option_key(t) for t in titles}
    titles += [o for o in running if decision.option_key(o) not in keys]
    proof = decision.evidence_by_option(answers, titles)
    items = []
    entries = list(short) + [{"title": o, "kind": "option", "fit": (decision.own_option_fit(answers, o) or {}).get("fit")}
                             for o in titles[len(short):]]
    for s in entries:
        key = decision.option_key(s["title"])
        e = proof.get(s["title"]) or {}
        items.append({"title": s["title"], "kind": s.get("kind"), "fit": s.get("fit"), "my_fit": s.get("my_fit"),
                      "alignment": aligned.get(key), "matrix": scored[key]["score"] if key in scored else None,
                      "chosen": bool(chosen) and key == chosen,
                      "evidence": {"count": e.get("count", 0), "energy": e.get("energy"), "fit": e.get("fit")}})
    items.sort(key=lambda i: (not i["chosen"], -(i["alignment"] if i["alignment"] is not None else -1)))
    part.items = items
    if not aligned:
        part.note = "Rate these options against your values in workbook 3 to see how well each one fits what matters to you."
    return part


def decision_part(answers: Answers) -> Part:
    """The option chosen in workbook 10, how sure the person feels, and whether head and gut agree."""
    from careerkit.core.logic import decision

    part = Part("decision", "Your decision", decision.WB)
    chosen = _text(answers.get_answer(f"{decision.WB}.decision"))
    if not chosen:
        part.missing = "Weigh your options by instinct and against your values in workbook 10, then name the one to act on."
        return part
    item: dict[str, Any] = {"decision": chosen, "confidence": answers.get_answer(f"{decision.WB}.decision_confidence"),
                            "verdict": decision.compare(answers)["verdict"] if decision.gut_ranking(answers) else ""}
    part.items = [item]
    return part


def goals_part(answers: Answers, today: _dt.date | None = None, *, limit: int = 6) -> Part:
    """Active goals of workbook 4 and the next open steps (from workbook 4 and the plan of workbook 10)."""
    from careerkit.core.logic import decision, goals

    today = today or _dt.date.today()
    part = Part("goals", "Goals and next steps", goals.WB)
    active = [g for g in goals.goal_rows(answers) if g.get("status", "active") == "active"]
    open_steps = [s for s in goals.steps(answers, today=today) if s["status"] not in goals.CLOSED_STEP]
    synced = {s["_id"] for s in open_steps}
    plan = decision.plan(answers, today)
    for s in [s for win in plan["windows"] for s in win["steps"]] + plan["later"]:
        if f"act-{s['_id']}"[:40] not in synced and s["status"] not in ("done", "dropped"):
            open_steps.append({"step": s["step"], "due": s["due"], "goal": "30-60-90 day plan",
                               "overdue": s["overdue"], "status": s["status"]})
    open_steps.sort(key=lambda s: (s["due"] is None, s["due"] or "", s["step"].casefold()))
    if not active and not open_steps:
        part.missing = "Set a few goals and dated steps in workbook 4 (or a 30-60-90 day plan in workbook 10)."
        return part
    part.items = [{"goals": [{"title": g["title"], "target": g.get("target"), "horizon": g.get("horizon")} for g in active],
                   "steps": [{"step": s["step"], "due": s["due"], "goal": s.get("goal") or "",
                              "overdue": bool(s.get("overdue"))} for s in open_steps[:limit]],
                   "more": max(0, len(open_steps) - limit)}]
    return part


def _person(item: dict[str, Any]) -> tuple[str, str]:
    name = next((_text(item.get(k)) for k in ("name", "person", "mentor", "who") if _text(item.get(k))), "")
    day = next((str(item.get(k)) for k in ("date", "due", "next_follow_up", "follow_up") if item.get(k)), "")
    return name, day


def people_part(answers: Answers, today: _dt.date | None = None, *, horizon: int = 14) -> Part:
    """Mentors (workbook 5) and contacts (workbook 9) to follow up, overdue first."""
    from careerkit.core.logic import mentorship, network

    today = today or _dt.date.today()
    part = Part("people", "People to follow up", network.WB)
    items = []
    for item in mentorship.follow_ups_due(answers, today=today, within=horizon):
        name, day = _person(item)
        when = _date(day)
        if name:
            items.append({"name": name, "date": day, "who": "mentor",
                          "days": (when - today).days if when else None})
    for f in network.follow_ups(answers, today, horizon=horizon):
        items.append({"name": f["name"], "date": f["date"], "who": "contact", "days": f["days"]})
    items.sort(key=lambda i: (i["days"] is None, i["days"] if i["days"] is not None else 0, i["name"].casefold()))
    merged: dict[str, dict[str, Any]] = {}
    for item in items:  # someone who is both a mentor and a contact is listed once, at their earliest date
        key = item["name"].casefold()
        if key in merged:
            if item["who"] not in merged[key]["who"]:
                merged[key]["who"] += f" and {item['who']}"
        else:
            merged[key] = item
    items = list(merged.values())
    if not items:
        if not mentorship.people(answers) and not network.contacts(answers):
            part.missing = "List the people who can help: mentors in workbook 5, your wider network in workbook 9."
        else:
            part.note = f"Nobody is due a follow-up in the next {horizon} days."
    part.items = items
    return part


def learning_part(answers: Answers) -> Part:
    """Learning under way or planned, from workbook 7."""
    from careerkit.core.logic import learning

    part = Part("learning", "Learning in progress", learning.WB)
    items = learning.learning_in_progress(answers)
    if not items:
        part.missing = "Plan the learning that closes your most important skill gaps in workbook 7."
    part.items = items
    return part


def projects_part(answers: Answers, *, limit: int = 3) -> Part:
    """The best-rated passion projects of workbook 6."""
    from careerkit.core.logic import projects

    part = Part("projects", "Passion projects to try", projects.WB)
    items = projects.ranked_ideas(answers)[:limit]
    if not items:
        part.missing = "Rate a few passion project ideas in workbook 6."
    part.items = items
    return part


def best_self_part(answers: Answers) -> Part:
    """The strengths others see in the person (workbook 8's Reflected Best Self exercise)."""
    from careerkit.core.logic import adaptability

    part = Part("best_self", "How others see you at your best", adaptability.WB)
    strengths = adaptability.reflected_strengths(answers)
    if not strengths:
        part.missing = ("Ask three to five people for a story of you at your best in workbook 8; "
                        "the strengths their stories share appear here.")
        return part
    part.items = strengths
    if not any(s["confirmed"] for s in strengths):
        part.note = "Themes several people named. Put them in your own words in workbook 8."
    return part


#: The parts of the compass, in the order they are shown.
PARTS = (interest_part, values_part, skills_part, energy_part, options_part, decision_part,
         goals_part, people_part, learning_part, projects_part, best_self_part)


# -- the calling statement ----------------------------------------------------------------------
def _listing(items: list[str], limit: int = 3) -> str:
    items = [i for i in items if i][:limit]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def calling_prompts(answers: Answers) -> dict[str, list[str]]:
    """Sentence starters for the calling statement, built from the person's own answers.

    Returns ``prompts`` (each finishes with the person's words, e.g. "You come alive when
    you are teaching someone …") and ``missing`` (what to fill in, and where, for more).
    """
    prompts: list[str] = []
    missing: list[str] = []
    alive = _top_right(answers)[:2] or list(answers.get_answer("01_self_reflection.energisers", []))[:2]
    if alive:
        quoted = [f"“{a}”" for a in alive]
        prompts.append(f"You come alive in moments like {_listing(quoted, 2)}. "
                       "What do those moments have in common?")
    else:
        missing.append("Your energy log in workbook 1 shows what makes you come alive.")
    stories = sorted((r for r in answers.rows("01_self_reflection.stories") if _text(r.get("title"))),
                     key=lambda r: -(r.get("pride") or 0))
    if stories:
        prompts.append(f"You are proud of “{_text(stories[0]['title'])}”"
                       + (f" and “{_text(stories[1]['title'])}”" if len(stories) > 1 else "")
                       + ". What did you bring to them that nobody else would have?")
    else:
        missing.append("Your accomplishment stories in workbook 1 show what you are proud of.")
    from careerkit.core.logic import adaptability

    seen = [s["strength"] for s in adaptability.reflected_strengths(answers)]
    if seen:
        prompts.append(f"People who know you see you at your best {_listing([s.lower() for s in seen], 2)}. "
                       "Where would that be the heart of the job, not a side task?")
    skills = [s["skill"] for s in derived.motivated_skills(answers)]
    if skills:
        prompts.append(f"You are at your best using {_listing(skills)}. Who benefits most when you do?")
    from careerkit.core.logic import values

    top = [v for v, _w in values.top_values(answers)][:3]
    if top:
        both = "all three" if len(top) == 3 else "both" if len(top) == 2 else "it"
        prompts.append(f"You value {_listing([t.lower() for t in top])} above all. "
                       f"What would your work look like if it honoured {both}?")
    else:
        missing.append("Your top values from workbook 3 say what your work has to honour.")
    profile = derived.interest_profile(answers)
    if profile.code:
        from careerkit.core.logic import riasec

        prompts.append(f"Your interest code is {profile.code}. {riasec.code_meaning(profile.code)} "
                       "Where do you already get to do that?")
    vision = answers.get_answer("04_goals_vision.vision_words", [])
    if vision:
        prompts.append(f"You want your working life to feel {_listing(list(vision))}.")
    chosen = _text(answers.get_answer("10_take_action.decision"))
    if chosen:
        prompts.append(f"The direction you are testing first is “{chosen}”. How does it serve all of the above?")
    else:
        missing.append("The option you choose in workbook 10 gives your statement a direction to test.")
    return {"prompts": prompts, "missing": missing}


# -- progress -----------------------------------------------------------------------------------
def progress_rows(answers: Answers, *, show: int = 4) -> list[dict[str, Any]]:
    """Per workbook after Start here: answered and total questions and the questions still open.

    Each row: ``id``, ``number``, ``title``, ``notebook``, ``answered``, ``total``,
    ``share`` (0–100), ``missing`` (labels of up to ``show`` open questions, in order) and
    ``more`` (how many other questions are open).
    """
    rows = []
    for book in content.workbooks():
        if book.number == 0:
            continue
        answered, total = progress(answers, book.id)
        given = answers[book.id]
        open_fields = [f.label for f in book.answerable if is_empty(given.get(f.id))]
        rows.append({"id": book.id, "number": book.number, "title": book.title, "notebook": book.notebook,
                     "answered": answered, "total": total,
                     "share": round(100 * answered / total) if total else 0,
                     "missing": open_fields[:show], "more": max(0, len(open_fields) - show)})
    return rows
