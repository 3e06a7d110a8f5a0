"""Goals, action steps and reviews of workbook 04, as pure functions over answers.

Goals are rows of ``04_goals_vision.goals``; steps are rows of ``04_goals_vision.steps``
that name their goal by its title (matched ignoring case and spacing, see
:func:`match_goal`). Everything that depends on the date takes ``today`` so results
are reproducible; it defaults to :func:`datetime.date.today`.

The SMART check (:func:`smart_feedback`) uses simple, documented heuristics. They
cannot judge a goal the way a coach would; they point at what is visibly missing:

* **Specific**: the title and description together hold at least
  :data:`SPECIFIC_MIN_WORDS` distinct concrete words, i.e. words that are neither
  filler ("the", "to", "my") nor vague verbs and adjectives ("improve", "better",
  "explore"), listed in :data:`VAGUE_WORDS`.
* **Measurable**: the measure, title or description holds a number (digits or a
  number word such as "three") or a clear finish line ("certificate awarded",
  "contract signed"), listed in :data:`DONE_WORDS`.
* **Achievable**: the person's own confidence rating is at least
  :data:`CONFIDENT` out of 10.
* **Relevant**: the goal names values or roles it serves, or says why it matters in
  at least :data:`WHY_MIN_WORDS` words.
* **Time-bound**: it has a target date that fits its horizon: a short-term goal lands
  no later than a year after the day it was set, a long-term goal later than that but
  within :data:`LONG_TERM_MAX_YEARS` years; an active goal's target is not past.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from careerkit.core.answers import Answers

__all__ = [
    "WB",
    "STEP_STATUSES",
    "CADENCE_LABELS",
    "Changes",
    "goal_rows",
    "steps",
    "timeline_events",
    "goal_progress",
    "match_goal",
    "smart_feedback",
    "smart_summary",
    "known_values",
    "review_status",
    "previous_review",
    "value_as_of",
    "diff_plan",
    "changes_since",
    "add_months",
    "end_of_day",
]

WB = "04_goals_vision"

#: Step statuses in workflow order, with their labels.
STEP_STATUSES = {"not_started": "Not started", "in_progress": "In progress", "done": "Done", "dropped": "Dropped"}
GOAL_STATUSES = {"active": "Active", "achieved": "Achieved", "paused": "Paused", "dropped": "Let go"}
CLOSED_STEP = {"done", "dropped"}

#: How each review cadence reads in a sentence ("You review every month").
CADENCE_LABELS = {"weekly": "every week", "fortnightly": "every two weeks", "monthly": "every month",
                  "quarterly": "every three months"}
_CADENCE_DAYS = {"weekly": 7, "fortnightly": 14}
_CADENCE_MONTHS = {"monthly": 1, "quarterly": 3}

SPECIFIC_MIN_WORDS = 5
WHY_MIN_WORDS = 4
CONFIDENT = 7
SHORT_TERM_DAYS = 366
LONG_TERM_MAX_YEARS = 10

_FILLER = frozenset("""
a an the to of and or in on at for with my me i by from as into it its is are be been that this these
those about so up our your their we us you they them will would can could should than then there
here if but not no all any each per via over under out off just also very much one's own
""".split())

#: Words that sound like a goal but do not say what done looks like.
VAGUE_WORDS = frozenset("""
improve improving improved better best more less good great nice successful success happy happier
try trying work working explore exploring learn learning grow growing growth develop developing get
getting be become becoming some stuff thing things somehow maybe really lot lots career job life
figure find finding start starting focus focusing make making do doing have having feel feeling
new different kind sort somewhere someday soon eventually generally overall
""".split())

#: Words that describe a clear finish line.
DONE_WORDS = frozenset("""
finished finish complete completed completion published publish submitted submit accepted
signed sign launched launch passed pass certified certificate certification award awarded offer
offered hired enrolled enrol enroll graduated graduate delivered held hold sent running live qualified
promoted booked registered earned won opened released presented approved
""".split())

_NUMBER_WORDS = frozenset("""
one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty
hundred thousand dozen half twice weekly monthly daily
""".split())

_WORD = re.compile(r"[a-z][a-z'’-]*")


# -- reading goals and steps -----------------------------------------------------------------

def _today(today: _dt.date | None) -> _dt.date:
    return today or _dt.date.today()


def _date(value: Any) -> _dt.date | None:
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str) and value:
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _day(day: _dt.date) -> str:
    return f"{day.day} {day:%b %Y}"


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _key(title: str) -> str:
    return " ".join(title.casefold().split())


def goal_rows(answers: Answers) -> list[dict[str, Any]]:
    """The person's goals that have a title, in their order, as plain dicts.

    Each dict has the stored sub-fields (``title`` stripped) plus ``_id``; a goal
    without a status counts as ``"active"``.
    """
    out = []
    for row in answers.rows(f"{WB}.goals"):
        title = _text(row.get("title"))
        if not title:
            continue
        goal = dict(row)
        goal["title"] = title
        goal["status"] = row.get("status") or "active"
        goal["serves"] = list(row.get("serves") or [])
        out.append(goal)
    return out


def match_goal(name: str, titles: Sequence[str]) -> tuple[str | None, str | None]:
    """Which goal a step's "Goal" text names: ``(title, None)`` or ``(None, suggestion)``.

    Titles match ignoring case and repeated spaces. When nothing matches, the closest
    title (if reasonably close) is offered as a suggestion; nothing is guessed.
    """
    wanted = _key(name or "")
    if not wanted:
        return None, None
    by_key = {_key(t): t for t in titles}
    if wanted in by_key:
        return by_key[wanted], None
    close = difflib.get_close_matches(wanted, list(by_key), n=1, cutoff=0.6)
    starts = [t for k, t in by_key.items() if k.startswith(wanted) and len(wanted) >= 8]
    suggestion = by_key[close[0]] if close else (starts[0] if len(starts) == 1 else None)
    return None, suggestion


def steps(answers: Answers, today: _dt.date | None = None) -> list[dict[str, Any]]:
    """Every action step that has text, with its goal resolved and an overdue flag.

    Each dict: ``_id``, ``goal`` (the goal's title when matched, else the text typed),
    ``goal_matched`` (bool), ``suggestion`` (a close goal title when unmatched),
    ``step``, ``due`` (ISO date or None), ``status`` (default ``"not_started"``),
    ``milestone`` (bool), ``source``, ``overdue`` (due before ``today`` and neither done
    nor dropped) and ``days_overdue``.
    """
    day = _today(today)
    titles = [g["title"] for g in goal_rows(answers)]
    out = []
    for row in answers.rows(f"{WB}.steps"):
        text = _text(row.get("step"))
        if not text:
            continue
        typed = _text(row.get("goal"))
        matched, suggestion = match_goal(typed, titles)
        status = row.get("status") or "not_started"
        due = _date(row.get("due"))
        overdue = bool(due and due < day and status not in CLOSED_STEP)
        out.append({
            "_id": row.get("_id"),
            "goal": matched or typed,
            "goal_matched": matched is not None,
            "suggestion": suggestion,
            "step": text,
            "due": due.isoformat() if due else None,
            "status": status,
            "milestone": row.get("kind") == "milestone",
            "source": _text(row.get("source")),
            "overdue": overdue,
            "days_overdue": (day - due).days if overdue and due else 0,
        })
    return out


def timeline_events(answers: Answers, today: _dt.date | None = None) -> list[dict[str, Any]]:
    """Dated events of the plan, by date: steps, milestones and goal target dates.

    Each event: ``date`` (ISO), ``kind`` (``"step"``, ``"milestone"`` or ``"target"``),
    ``goal`` (title, "" for a step without a goal), ``label``, ``status`` and
    ``overdue``. Undated steps are left out.
    """
    day = _today(today)
    events = []
    for s in steps(answers, today=day):
        if s["due"]:
            events.append({"date": s["due"], "kind": "milestone" if s["milestone"] else "step",
                           "goal": s["goal"], "label": s["step"], "status": s["status"],
                           "overdue": s["overdue"]})
    for g in goal_rows(answers):
        target = _date(g.get("target"))
        if target:
            events.append({"date": target.isoformat(), "kind": "target", "goal": g["title"],
                           "label": f"Target: {g['title']}", "status": g["status"],
                           "overdue": target < day and g["status"] == "active"})
    order = {"step": 0, "milestone": 1, "target": 2}
    events.sort(key=lambda e: (e["date"], order[e["kind"]], e["goal"].casefold()))
    return events


def goal_progress(answers: Answers, today: _dt.date | None = None) -> list[dict[str, Any]]:
    """Per goal (in order): counts of its steps by status, overdue steps, and share done.

    Dropped steps do not count towards the share. A final entry with goal ``""``
    collects steps that name no known goal, when there are any.
    """
    goals = goal_rows(answers)
    buckets: dict[str, dict[str, Any]] = {
        g["title"]: {"goal": g["title"], "status": g["status"], "counts": dict.fromkeys(STEP_STATUSES, 0),
                     "overdue": 0, "total": 0} for g in goals
    }
    for s in steps(answers, today=today):
        key = s["goal"] if s["goal_matched"] else ""
        bucket = buckets.setdefault(key, {"goal": "", "status": "", "counts": dict.fromkeys(STEP_STATUSES, 0),
                                          "overdue": 0, "total": 0})
        bucket["counts"][s["status"]] = bucket["counts"].get(s["status"], 0) + 1
        bucket["total"] += 1
        bucket["overdue"] += s["overdue"]
    out = []
    for b in buckets.values():
        live = b["total"] - b["counts"]["dropped"]
        b["share_done"] = round(b["counts"]["done"] / live, 3) if live else 0.0
        out.append(b)
    return out


# -- the SMART check ------------------------------------------------------------------------

def _words(*texts: str) -> list[str]:
    return [w.strip("'’-") for t in texts for w in _WORD.findall((t or "").casefold())]


def _has_number(*texts: str) -> bool:
    joined = " ".join(t or "" for t in texts)
    return bool(re.search(r"\d", joined)) or any(w in _NUMBER_WORDS for w in _words(joined))


def known_values(answers: Answers) -> list[str]:
    """Values and roles the person named in earlier workbooks, for linking goals to them."""
    found: list[str] = []
    for ref in ("03_values.top_values", "01_self_reflection.values_brief", "01_self_reflection.roles_to_explore"):
        value = answers.get_answer(ref, [])
        if ref == "03_values.top_values" and isinstance(value, list):
            value = value[:5]  # only the top five count, as workbook 03 says
        if isinstance(value, list):
            found.extend(v.strip() for v in value if isinstance(v, str) and v.strip())
    seen: set[str] = set()
    out = []
    for v in found:
        if v.casefold() not in seen:
            seen.add(v.casefold())
            out.append(v)
    return out


def _quote(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return f"“{text if len(text) <= limit else text[: limit - 1] + '…'}”"


def _months_between(start: _dt.date, end: _dt.date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)


def smart_feedback(goal_row: Mapping[str, Any], *, today: _dt.date | None = None,
                   values: Iterable[str] = ()) -> list[tuple[str, bool, str]]:
    """Check one goal against the SMART criteria: ``[(criterion, ok, message), …]``.

    ``values`` are the person's values and roles from earlier workbooks, quoted in the
    advice when the goal is not yet linked to any. The rules are in the module text.
    """
    day = _today(today)
    title = _text(goal_row.get("title"))
    description = _text(goal_row.get("description"))
    measure = _text(goal_row.get("measure"))
    why = _text(goal_row.get("why"))
    serves = [s for s in (goal_row.get("serves") or []) if isinstance(s, str) and s.strip()]
    values = [v for v in values if v]
    out: list[tuple[str, bool, str]] = []

    # Specific
    words = _words(title, description)
    concrete = {w for w in words if len(w) > 2 and w not in _FILLER and w not in VAGUE_WORDS}
    vague = list(dict.fromkeys(w for w in words if w in VAGUE_WORDS))
    if len(concrete) >= SPECIFIC_MIN_WORDS:
        out.append(("Specific", True, "Clear about what, and where or with whom."))
    else:
        hint = (f" Words like {', '.join(_quote(v) for v in vague[:3])} don't say what you will actually do."
                if vague else "")
        out.append(("Specific", False,
                    f"Say exactly what you will do or have, and where or with whom.{hint} For example, "
                    "“get better at presenting” becomes “give a ten-minute talk at the March team meeting”."))

    # Measurable
    if measure and (_has_number(measure) or any(w in DONE_WORDS for w in _words(measure))):
        out.append(("Measurable", True, f"You'll know it's done by {_quote(measure)}."))
    elif _has_number(title, description) or any(w in DONE_WORDS for w in _words(title)):
        out.append(("Measurable", True, "The goal itself says what done looks like."
                    + ("" if measure else " Writing it in “How you will know” makes it easier to review.")))
    elif measure:
        out.append(("Measurable", False,
                    f"{_quote(measure)} is hard to tick off. Add a number or a clear finish line, e.g. "
                    "“three conversations held” or “certificate awarded”."))
    else:
        out.append(("Measurable", False,
                    "Add a number or a clear finish line, e.g. “three informational interviews held” "
                    "or “portfolio submitted”, so you can tell when it is done."))

    # Achievable
    confidence = goal_row.get("confidence")
    if not isinstance(confidence, (int, float)) or isinstance(confidence, bool):
        out.append(("Achievable", False,
                    "Rate how confident you are (1 to 10) that you can do this with the time and help you have."))
    elif confidence >= CONFIDENT:
        out.append(("Achievable", True, f"Confidence {confidence:g}/10: a stretch you believe in."))
    elif confidence >= 4:
        out.append(("Achievable", False,
                    f"Confidence {confidence:g}/10. What would make it a {CONFIDENT}? Give it more time, make it "
                    "smaller, or add a step that gets you help (workbook 5 is about exactly that)."))
    else:
        out.append(("Achievable", False,
                    f"Confidence {confidence:g}/10 is a long shot. Carve off a first piece you would rate "
                    f"{CONFIDENT} or more and make that the goal; keep this one as the long-term aim."))

    # Relevant
    linked = [v for v in values if any(_key(v) == _key(s) for s in serves)]
    if serves:
        note = ""
        if linked:
            note = (" You named it in an earlier workbook too." if len(linked) == 1
                    else f" You named {len(linked)} of those in earlier workbooks too.")
        out.append(("Relevant", True, f"Serves {', '.join(serves[:4])}.{note}"))
    elif len(_words(why)) >= WHY_MIN_WORDS:
        out.append(("Relevant", True, f"It matters because {_quote(why, 80)}."))
    else:
        suggestion = (f" You named {', '.join(_quote(v, 30) for v in values[:3])} earlier: does it serve one of them?"
                      if values else "")
        out.append(("Relevant", False,
                    "Say why this goal matters to you: which of your values it honours or which role it moves "
                    f"you towards.{suggestion}"))

    # Time-bound
    horizon = goal_row.get("horizon")
    target = _date(goal_row.get("target"))
    set_on = _date(goal_row.get("set_on")) or day
    status = goal_row.get("status") or "active"
    if target is None:
        out.append(("Time-bound", False,
                    "Give it a target date. Short-term goals land within a year of when you set them; "
                    "long-term ones within five years or so."))
    elif target < set_on:
        out.append(("Time-bound", False,
                    f"The target date ({_day(target)}) is before the day you set the goal ({_day(set_on)})."))
    elif status == "active" and target < day:
        out.append(("Time-bound", False,
                    f"The target date ({_day(target)}) has passed. Set a new date, or mark the goal "
                    "achieved, paused or let go."))
    elif horizon == "short" and (target - set_on).days > SHORT_TERM_DAYS:
        months = _months_between(set_on, target)
        out.append(("Time-bound", False,
                    f"Short term means within a year, but the target is {months} months after you set it. "
                    "Bring the date forward, or call it long term and add a short-term goal that leads to it."))
    elif horizon == "long" and (target - set_on).days <= SHORT_TERM_DAYS:
        out.append(("Time-bound", False,
                    "This lands within a year of when you set it, so it is really a short-term goal: change "
                    "its horizon, or push the date out if it needs longer."))
    elif horizon == "long" and target > add_months(set_on, 12 * LONG_TERM_MAX_YEARS):
        out.append(("Time-bound", False,
                    f"More than {LONG_TERM_MAX_YEARS} years out is hard to plan for. Set a nearer date, "
                    "perhaps three to five years away, and revise it as you go."))
    elif horizon not in ("short", "long"):
        out.append(("Time-bound", False, "Choose whether this is a short-term or a long-term goal."))
    else:
        out.append(("Time-bound", True, f"Target {_day(target)}."))
    return out


def smart_summary(answers: Answers, today: _dt.date | None = None) -> list[dict[str, Any]]:
    """Every goal with its SMART feedback and how many of the five criteria it meets."""
    values = known_values(answers)
    out = []
    for g in goal_rows(answers):
        checks = smart_feedback(g, today=today, values=values)
        out.append({"goal": g, "checks": checks, "met": sum(ok for _, ok, _ in checks)})
    return out


# -- reviews -----------------------------------------------------------------------------------

def add_months(day: _dt.date, months: int) -> _dt.date:
    """``day`` moved by whole months, clamped to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    for d in (day.day, 30, 29, 28):
        try:
            return _dt.date(year, month, min(day.day, d))
        except ValueError:
            continue
    raise ValueError(day)  # unreachable: every month has 28 days


def _next_review(last: _dt.date, cadence: str) -> _dt.date:
    if cadence in _CADENCE_DAYS:
        return last + _dt.timedelta(days=_CADENCE_DAYS[cadence])
    return add_months(last, _CADENCE_MONTHS.get(cadence, 1))


def _review_days(answers: Answers) -> list[_dt.date]:
    return sorted(d for d in (_date(r.get("day")) for r in answers.rows(f"{WB}.review_log")) if d)


def review_status(answers: Answers, today: _dt.date | None = None) -> dict[str, Any]:
    """When the last review was, when the next one is due, and whether it is late.

    Returns ``cadence`` (value or None), ``last`` and ``next_due`` (dates or None),
    ``count`` (reviews logged), ``due_in`` (days until the next review; negative when
    late) and ``late`` (bool).
    """
    day = _today(today)
    cadence = answers.get_answer(f"{WB}.review_cadence")
    days = [d for d in _review_days(answers) if d <= day]
    last = days[-1] if days else None
    next_due = _next_review(last, cadence) if (last and cadence) else None
    due_in = (next_due - day).days if next_due else None
    return {"cadence": cadence, "last": last, "next_due": next_due, "count": len(days),
            "due_in": due_in, "late": bool(due_in is not None and due_in < 0)}


def previous_review(answers: Answers, today: _dt.date | None = None) -> _dt.date | None:
    """The latest review dated before ``today`` (the one to compare the plan against)."""
    day = _today(today)
    earlier = [d for d in _review_days(answers) if d < day]
    return earlier[-1] if earlier else None


def value_as_of(revisions: Iterable[Any], cutoff: _dt.datetime) -> Any:
    """The value an answer had just before ``cutoff``, from its revisions (None if unsaved then).

    ``revisions`` are :class:`~careerkit.core.storage.store.Revision` objects (anything with
    ``saved_at`` and ``value``), in any order.
    """
    best = None
    for rev in revisions:
        if rev.saved_at < cutoff and (best is None or rev.saved_at >= best.saved_at):
            best = rev
    return best.value if best is not None else None


@dataclass
class Changes:
    """What differs between two versions of the plan (goals and steps)."""

    goals_added: list[str] = field(default_factory=list)
    goals_removed: list[str] = field(default_factory=list)
    goals_changed: list[tuple[str, list[tuple[str, Any, Any]]]] = field(default_factory=list)
    steps_added: list[str] = field(default_factory=list)
    steps_removed: list[str] = field(default_factory=list)
    steps_status: list[tuple[str, str, str]] = field(default_factory=list)
    steps_moved: list[tuple[str, Any, Any]] = field(default_factory=list)
    steps_changed: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        """Whether nothing changed."""
        return not any(getattr(self, f) for f in self.__dataclass_fields__)


_GOAL_LABELS = {"title": "title", "horizon": "horizon", "status": "status", "description": "description",
                "measure": "measure", "set_on": "date set", "target": "target date", "why": "why it matters",
                "serves": "values it serves", "confidence": "confidence"}


def _rows(value: Any) -> list[dict[str, Any]]:
    return [r for r in (value or []) if isinstance(r, dict)]


def _pair_rows(before: list[dict], after: list[dict], name: str) -> tuple[list, list, list]:
    """Pair old and new rows by their id, falling back to the same name for rows without one."""
    old_by_id = {r["_id"]: r for r in before if r.get("_id")}
    used: set[int] = set()
    pairs, added = [], []
    for row in after:
        old = old_by_id.get(row.get("_id")) if row.get("_id") else None
        if old is None:
            old = next((r for r in before if id(r) not in used and _key(_text(r.get(name))) == _key(_text(row.get(name)))
                        and _text(row.get(name))), None)
        if old is not None and id(old) not in used:
            used.add(id(old))
            pairs.append((old, row))
        else:
            added.append(row)
    removed = [r for r in before if id(r) not in used]
    return pairs, added, removed


def diff_plan(goals_before: Any, goals_after: Any, steps_before: Any, steps_after: Any) -> Changes:
    """Compare two versions of the goals and steps answers (lists of rows)."""
    out = Changes()
    pairs, added, removed = _pair_rows(_rows(goals_before), _rows(goals_after), "title")
    out.goals_added = [_text(r.get("title")) or "(untitled goal)" for r in added]
    out.goals_removed = [_text(r.get("title")) or "(untitled goal)" for r in removed]
    for old, new in pairs:
        diffs = [(label, old.get(key), new.get(key)) for key, label in _GOAL_LABELS.items()
                 if (old.get(key) or None) != (new.get(key) or None)]
        if diffs:
            out.goals_changed.append((_text(new.get("title")) or _text(old.get("title")) or "(untitled goal)", diffs))
    pairs, added, removed = _pair_rows(_rows(steps_before), _rows(steps_after), "step")
    out.steps_added = [_text(r.get("step")) or "(blank step)" for r in added]
    out.steps_removed = [_text(r.get("step")) or "(blank step)" for r in removed]
    for old, new in pairs:
        name = _text(new.get("step")) or _text(old.get("step")) or "(blank step)"
        old_status, new_status = old.get("status") or "not_started", new.get("status") or "not_started"
        if old_status != new_status:
            out.steps_status.append((name, STEP_STATUSES.get(old_status, old_status),
                                     STEP_STATUSES.get(new_status, new_status)))
        if (old.get("due") or None) != (new.get("due") or None):
            out.steps_moved.append((name, old.get("due"), new.get("due")))
        if any((old.get(k) or None) != (new.get(k) or None) for k in ("step", "goal", "kind")):
            out.steps_changed.append(name)
    return out


def changes_since(goal_revisions: Iterable[Any], step_revisions: Iterable[Any], cutoff: _dt.datetime,
                  goals_now: Any, steps_now: Any) -> Changes:
    """What changed in the plan between ``cutoff`` and now, from the stored revisions."""
    return diff_plan(value_as_of(goal_revisions, cutoff), goals_now,
                     value_as_of(step_revisions, cutoff), steps_now)


def end_of_day(day: _dt.date) -> _dt.datetime:
    """The first moment after ``day`` in this computer's time zone (an aware datetime)."""
    return _dt.datetime.combine(day + _dt.timedelta(days=1), _dt.time.min).astimezone()
