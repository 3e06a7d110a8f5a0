"""The logic of workbook 10 (trust your instincts and take action), as pure functions.

The options
-----------
:func:`candidates` gathers what the person could decide between from earlier answers:
the shortlist of workbook 2 (with its interest fit and the values alignment of
workbook 3) and the alternative paths of workbook 8. The person ticks the ones in the
running (``options``); :func:`options` is that list.

The decision matrix
-------------------
The criteria are the person's top values from workbook 3, weighted as workbook 3
weighs them (:func:`careerkit.core.logic.values.top_values`, rank based, adding up to 1). Weights
come only from the ranking the person kept in workbook 3, never from the order the cards
were sorted in: a very important value not ranked yet is listed by
:func:`unranked_values` and carries no weight until it is. Each
cell is a 1–5 score of one option against one value. A score given here wins; otherwise
the rating from workbook 3's alignment exercise is used, so nothing rated there is
asked again. The weighted score of an option is workbook 3's alignment formula
(:func:`careerkit.core.logic.values.alignment_score`) over those cells::

    score = 100 * sum(w_v * (s_v - 1) / 4) / sum(w_v)     (over scored values v)

so 5 everywhere is 100, 3 everywhere is 50 and 1 everywhere is 0. Options are ranked by
score, highest first; equal scores share a rank (1, 2, 2, 4), whatever order the options
were listed in. An option with no scored value has no score and is listed last.

Gut check
---------
The person ranks the options by instinct (``gut_ranking``) before the result is shown.
:func:`compare` lines the two rankings up: for each option its gut place, its matrix
place and the difference, plus Spearman's rank correlation over the options placed in
both (:func:`spearman`: Pearson's correlation of the two rankings, with tied scores given
the average of the places they share, so equal scores never count as a disagreement),
and prompts that help the person explore each disagreement. Nothing scored is shown on
the page until the gut ranking is kept.

Before acting, the leading option (:func:`leading_option`) gets a pre-mortem ("a year
from now this choice went wrong: why?") and a "what would have to be true" list, both
saved as answers of this workbook.

Evidence
--------
What the person found out first-hand reaches the decision (:func:`evidence`): informational
interviews and shadowing of workbook 2 (``interview_log``: "would I enjoy this work?" as
energy, the insights as what was learned), its research log (``research_log``: energy
afterwards, what was learned), experiments of workbook 6 (``experiments``:
energy, fit and what was learned) and five-year paths of workbook 8 (``paths``: liking
as energy, coherence as fit). Each row belongs to the option it names (compared ignoring
case), or to the option the person linked it to here (``evidence_links``, which wins).
:func:`evidence_by_option` sums them up per option: how many, the mean energy and fit
(1–5) and what was learned.

The action plan
---------------
Steps of the 30-60-90 day plan fall into a window by their date, counted from the day
the plan begins (:func:`plan`). :func:`timeline_steps` turns them into rows of workbook 4's
``steps`` answer (one timeline for the whole plan); writing them twice changes nothing.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from careerkit.core.answers import Answers

__all__ = [
    "WB",
    "EVIDENCE_SOURCES",
    "KIND_LABELS",
    "average_ranks",
    "evidence",
    "evidence_by_option",
    "leading_option",
    "spearman",
    "unlinked_evidence",
    "unranked_values",
    "WINDOWS",
    "candidates",
    "compare",
    "criteria",
    "effective_scores",
    "gut_ranking",
    "option_key",
    "options",
    "own_option_fit",
    "plan",
    "ranking",
    "set_link",
    "set_score",
    "timeline_steps",
]

WB = "10_take_action"
GOALS = "04_goals_vision"

#: The three windows of the action plan: (label, last day counted from the start).
WINDOWS = (("First 30 days", 30), ("Days 31–60", 60), ("Days 61–90", 90))

KIND_LABELS = {
    "talk": "Talk to someone",
    "apply": "Apply for something",
    "study": "Study or train",
    "try": "Try it out",
    "business": "Start a business or side venture",
    "other": "Something else",
}


def option_key(text: Any) -> str:
    """How options and values are compared: ignoring case and repeated spaces."""
    return " ".join(str(text or "").split()).casefold()


_key = option_key


def _date(value: Any) -> _dt.date | None:
    try:
        return _dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


# -- options ------------------------------------------------------------------------------------
def _path_title(path: dict) -> str:
    for key in ("title", "name", "path", "option"):
        value = path.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def candidates(answers: Answers) -> list[dict[str, Any]]:
    """Options from earlier workbooks: the shortlist of workbook 2, then the paths of workbook 8.

    Each item: ``title``, ``source`` (``"shortlist"`` or ``"path"``), ``fit`` (interest fit
    0–100 or ``None``) and ``alignment`` (values alignment 0–100 or ``None``). A title that
    appears twice (ignoring case) is kept once.
    """
    from careerkit.core.logic import adaptability, exploration, values

    aligned = {_key(t): s for t, s in values.alignment(answers).items()}
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for item in exploration.shortlist(answers):
        key = _key(item["title"])
        if key and key not in seen:
            seen.add(key)
            out.append({"title": item["title"], "source": "shortlist", "fit": item.get("fit"),
                        "alignment": aligned.get(key)})
    for path in adaptability.paths(answers):
        title = _path_title(path)
        key = _key(title)
        if key and key not in seen:
            seen.add(key)
            out.append({"title": title, "source": "path", "fit": None, "alignment": aligned.get(key)})
    return out


def own_option_fit(answers: Answers, option: str) -> dict[str, Any] | None:
    """The O*NET link of an option typed in workbook 10: ``{"code", "title", "fit"}``, or ``None``.

    An option is linked when it is an O*NET occupation's official title (what choosing a
    title-search suggestion writes); ``fit`` is its interest fit 0–100 as workbook 2 computes
    it, or ``None`` when the interest profile is not complete enough.
    """
    from careerkit.core import onet
    from careerkit.core.logic import derived, matching

    occupation = onet.linked(option)
    if occupation is None:
        return None
    match = matching.fit_for(derived.interest_profile(answers).scores, occupation.code)
    return {"code": occupation.code, "title": occupation.title, "fit": match.fit if match else None}


def options(answers: Answers) -> list[str]:
    """The options in the running, as the person listed them."""
    return [o.strip() for o in answers.get_answer(f"{WB}.options", []) if isinstance(o, str) and o.strip()]


def criteria(answers: Answers) -> list[tuple[str, float]]:
    """The criteria of the matrix: the top values of workbook 3 with their weights (sum 1).

    Only values in the ranking the person kept count; without one there are no criteria.
    """
    from careerkit.core.logic import values

    return list(values.top_values(answers))


def unranked_values(answers: Answers) -> list[str]:
    """Very important values of workbook 3 that are not in the kept ranking (so carry no weight)."""
    from careerkit.core.logic import values

    return values.unranked_values(answers)


def gut_ranking(answers: Answers) -> list[str]:
    """The saved gut ranking, keeping only options still in the running."""
    running = {_key(o): o for o in options(answers)}
    out = []
    for item in answers.get_answer(f"{WB}.gut_ranking", []):
        key = _key(item)
        if key in running:
            out.append(running.pop(key))
    return out


def effective_scores(answers: Answers) -> dict[tuple[str, str], tuple[int, str]]:
    """Every known score by ``(option key, value key)`` as ``(score, source)``.

    ``source`` is ``"here"`` for a score given in this workbook and ``"values"`` for a
    rating from workbook 3's alignment exercise; a score given here wins.
    """
    from careerkit.core.logic import values

    out: dict[tuple[str, str], tuple[int, str]] = {
        (_key(o), _key(v)): (r, "values") for (o, v), r in values.ratings(answers).items()
    }
    for row in answers.rows(f"{WB}.scores"):
        score = row.get("score")
        if row.get("option") and row.get("criterion") and isinstance(score, int):
            out[(_key(row["option"]), _key(row["criterion"]))] = (score, "here")
    return out


def set_score(rows: list[dict], option: str, criterion: str, score: int | None) -> list[dict]:
    """Stored ``scores`` rows with one cell set (``None`` removes it); the input is not changed."""
    out: list[dict] = []
    found = False
    for row in rows:
        if _key(row.get("option")) == _key(option) and _key(row.get("criterion")) == _key(criterion):
            if found or score is None:
                continue
            row = {**row, "score": score}
            found = True
        out.append(dict(row))
    if not found and score is not None:
        out.append({"option": option, "criterion": criterion, "score": score})
    return out


def ranking(answers: Answers) -> list[dict[str, Any]]:
    """The options ranked by weighted score (see the module docstring).

    Each item: ``option``, ``score`` (0–100 or ``None``), ``scored`` and ``total`` (values
    scored / values in the matrix), ``rank`` (1 = best; ``None`` without a score),
    ``cells`` (value → (score, source)), ``alignment`` (workbook 3's score for the option, or
    ``None``) and ``fit`` (the interest fit of workbook 2, or of the occupation an option of
    the person's own is linked to; else ``None``).
    """
    from careerkit.core.logic import values

    weights = criteria(answers)
    known = effective_scores(answers)
    extra = {_key(c["title"]): c for c in candidates(answers)}
    rows = []
    for position, option in enumerate(options(answers)):
        cells = {v: known[(_key(option), _key(v))] for v, _w in weights if (_key(option), _key(v)) in known}
        score = values.alignment_score({v: s for v, (s, _src) in cells.items()}, weights) if weights else None
        info = extra.get(_key(option)) or own_option_fit(answers, option) or {}
        rows.append({"option": option, "score": score, "scored": len(cells), "total": len(weights),
                     "cells": cells, "alignment": info.get("alignment"), "fit": info.get("fit"),
                     "position": position})
    rows.sort(key=lambda r: (r["score"] is None, -(r["score"] or 0), r["position"]))
    for r in rows:
        # equal scores share a rank: one more than the number of options scoring higher
        r["rank"] = (1 + sum(1 for o in rows if o["score"] is not None and o["score"] > r["score"])
                     if r["score"] is not None else None)
        del r["position"]
    return rows


def average_ranks(keys: list[float]) -> list[float]:
    """Ranks of ``keys`` (smallest first, from 1), tied keys sharing the mean of their places."""
    order = sorted(range(len(keys)), key=lambda i: keys[i])
    out = [0.0] * len(keys)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and keys[order[j + 1]] == keys[order[i]]:
            j += 1
        for k in range(i, j + 1):
            out[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return out


def spearman(first: list[float], second: list[float]) -> float | None:
    """Spearman's rho of two paired lists (lower = better), ties given average ranks.

    Pearson's correlation of the two lists of average ranks; ``None`` with fewer than two
    pairs or when either side puts everything level (there is no order to compare).
    """
    n = len(first)
    if n < 2 or len(second) != n:
        return None
    x, y = average_ranks(list(first)), average_ranks(list(second))
    mx, my = sum(x) / n, sum(y) / n
    sxy = sum((a - mx) * (b - my) for a, b in zip(x, y))
    sxx = sum((a - mx) ** 2 for a in x)
    syy = sum((b - my) ** 2 for b in y)
    if sxx == 0 or syy == 0:
        return None
    return sxy / (sxx * syy) ** 0.5


def _spearman(pairs: list[tuple[int, int]]) -> float | None:
    rho = spearman([g for g, _ in pairs], [m for _, m in pairs])
    return None if rho is None else round(rho, 2)


def compare(answers: Answers) -> dict[str, Any]:
    """Gut ranking and matrix ranking side by side.

    Returns ``rows`` (``option``, ``gut`` place, ``matrix`` place, ``score``, ``shift`` =
    gut place − matrix place, negative when the gut likes the option more), ``agreement``
    (Spearman's rho over options placed in both, or ``None``), ``verdict`` (one sentence),
    ``same_top`` (bool) and ``prompts`` (questions about the differences, most telling first).
    """
    gut = gut_ranking(answers)
    ranked = ranking(answers)
    gut_place = {_key(o): i for i, o in enumerate(gut, start=1)}
    rows = []
    for r in ranked:
        g = gut_place.get(_key(r["option"]))
        m = r["rank"]
        rows.append({"option": r["option"], "gut": g, "matrix": m, "score": r["score"],
                     "scored": r["scored"], "total": r["total"],
                     "shift": (g - m) if g is not None and m is not None else None})
    rows.sort(key=lambda r: (r["gut"] is None, r["gut"] or 0))
    both = [(r["gut"], r["matrix"]) for r in rows if r["shift"] is not None]
    rho = _spearman(both)
    gut_top = next((r for r in rows if r["gut"] == 1), None)
    tops = [r for r in rows if r["matrix"] == 1]
    matrix_top = tops[0] if len(tops) == 1 else None
    same_top = bool(gut_top and matrix_top and gut_top["option"] == matrix_top["option"])
    if rho is None and len(both) >= 2:
        verdict = ("The matrix gives the options you ranked the same score, so it cannot order them: "
                   "here your gut has the say.")
    elif rho is None:
        verdict = "Score at least two of the options you ranked to compare your head with your gut."
    elif rho >= 0.7:
        verdict = "Your head and your gut largely agree."
    elif same_top:
        verdict = "Your head and your gut agree on the first choice but order the rest differently."
    elif rho >= 0.2:
        verdict = "Your head and your gut partly agree."
    else:
        verdict = "Your head and your gut point in different directions."
    prompts: list[str] = []
    if gut_top and matrix_top:
        if same_top:
            prompts.append(
                f"Both put “{gut_top['option']}” first. When instinct and analysis agree, the question "
                "is no longer which option but what is stopping you from starting. Name that obstacle."
            )
        else:
            prompts.append(
                f"Your gut picks “{gut_top['option']}”, the matrix picks “{matrix_top['option']}”. "
                f"Imagine telling a friend you have chosen “{matrix_top['option']}”. Relief or disappointment? "
                "That reaction is worth writing down."
            )
    for r in sorted((r for r in rows if r["shift"]), key=lambda r: -abs(r["shift"])):
        if abs(r["shift"]) < 2 and not (gut_top and r is gut_top and not same_top):
            continue
        if r["shift"] < 0:
            prompts.append(
                f"Your gut likes “{r['option']}” more than the numbers do (gut {r['gut']}, matrix {r['matrix']}). "
                "What does it offer that your top values do not capture? Is a value missing from your list, "
                "or is it the pull of something new?"
            )
        else:
            prompts.append(
                f"On paper “{r['option']}” does better than your gut allows (matrix {r['matrix']}, gut {r['gut']}). "
                "What makes you hold back: a fear, a person, a practical worry? Could you test it cheaply?"
            )
    shared: dict[int, list[dict]] = {}
    for r in rows:
        if r["matrix"] is not None:
            shared.setdefault(r["matrix"], []).append(r)
    for place, tied in sorted(shared.items()):
        if len(tied) > 1:
            names = ", ".join(f"“{r['option']}”" for r in tied)
            prompts.append(f"{names} get the same score ({tied[0]['score']:.0f}), so they share place {place}: "
                           "the matrix cannot choose between them. What does your gut say, and why?")
    partial = [r["option"] for r in rows if r["score"] is not None and r["scored"] < r["total"]]
    if partial:
        prompts.append("Some options are only partly scored (" + ", ".join(f"“{p}”" for p in partial)
                       + "), so their place may still move.")
    return {"rows": rows, "agreement": rho, "verdict": verdict, "same_top": same_top, "prompts": prompts}


def leading_option(answers: Answers) -> str:
    """The option leading now: the one chosen to act on, else the gut's first, else the matrix's."""
    chosen = " ".join(str(answers.get_answer(f"{WB}.decision") or "").split())
    if chosen:
        return chosen
    gut = gut_ranking(answers)
    if gut:
        return gut[0]
    best = [r for r in ranking(answers) if r["rank"] == 1]
    return best[0]["option"] if len(best) == 1 else ""


# -- evidence -----------------------------------------------------------------------------------
#: Where evidence comes from: field reference and a label for each kind of row.
EVIDENCE_SOURCES = {
    "interview_log": ("02_explore_roles.interview_log", "Conversation (workbook 2)"),
    "research_log": ("02_explore_roles.research_log", "Research (workbook 2)"),
    "experiments": ("06_passion_projects.experiments", "Experiment (workbook 6)"),
    "paths": ("08_adaptability.paths", "Five-year path (workbook 8)"),
}
_ROW_KINDS = {"interview": "Informational interview", "shadowing": "Job shadowing"}


def _rating(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 5 else None


def _clean(value: Any) -> str:
    return " ".join(str(value or "").split())


def evidence(answers: Answers, among: list[str] | None = None) -> list[dict[str, Any]]:
    """Every first-hand piece of evidence, each linked to an option in the running or not.

    Each item: ``ref`` (``"<field>:<row id>"``), ``source`` (label), ``kind``, ``label``
    (who or what), ``named`` (the option the row names), ``option`` (the option in the
    running it counts for, or ``None``), ``energy`` and ``fit`` (1–5 or ``None``) and
    ``learned`` (text, may be empty). ``among`` are the options a row can count for
    (the options in the running unless given).
    """
    running = {_key(o): o for o in (options(answers) if among is None else among)}
    links = {}
    for row in answers.rows(f"{WB}.evidence_links"):
        if row.get("ref"):
            links[row["ref"]] = _clean(row.get("option"))
    out: list[dict[str, Any]] = []
    for field, (ref, source) in EVIDENCE_SOURCES.items():
        for index, row in enumerate(answers.rows(ref)):
            row_id = row.get("_id") or f"row{index + 1}"
            if field == "interview_log":
                named, label = _clean(row.get("option")), _clean(row.get("who"))
                energy, fit, learned = _rating(row.get("enjoy")), None, _clean(row.get("insights"))
                kind = _ROW_KINDS.get(row.get("kind"), "Conversation")
            elif field == "research_log":
                named, label = _clean(row.get("option")), _clean(row.get("title"))
                energy, fit, learned = _rating(row.get("energy")), None, _clean(row.get("learned"))
                kind = "Research"
            elif field == "experiments":
                named, label = _clean(row.get("option")), _clean(row.get("project"))
                energy, fit, learned = _rating(row.get("energy")), _rating(row.get("fit")), _clean(row.get("learned"))
                kind = "Experiment"
            else:
                named = _clean(row.get("option")) or _path_title(row)
                label = _path_title(row)
                energy, fit, learned = _rating(row.get("liking")), _rating(row.get("coherence")), ""
                kind = "Five-year path"
            if not (label or named or learned):
                continue
            item_ref = f"{field}:{row_id}"
            linked = links.get(item_ref)
            option = running.get(_key(linked)) if linked else running.get(_key(named))
            out.append({"ref": item_ref, "source": source, "kind": kind, "label": label or named,
                        "named": named, "option": option, "energy": energy, "fit": fit, "learned": learned})
    return out


def _mean(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def evidence_by_option(answers: Answers, among: list[str] | None = None) -> dict[str, dict[str, Any]]:
    """Per option in the running (or in ``among``): ``count``, mean ``energy`` and ``fit``
    (1–5 or ``None``), ``learned`` (what was learned, one text per piece) and the ``items``."""
    among = options(answers) if among is None else among
    out = {o: {"count": 0, "energy": None, "fit": None, "learned": [], "items": []} for o in among}
    for item in evidence(answers, among):
        if item["option"] in out:
            out[item["option"]]["items"].append(item)
    for summary in out.values():
        items = summary["items"]
        summary["count"] = len(items)
        summary["energy"] = _mean([i["energy"] for i in items if i["energy"] is not None])
        summary["fit"] = _mean([i["fit"] for i in items if i["fit"] is not None])
        summary["learned"] = [i["learned"] for i in items if i["learned"]]
    return out


def unlinked_evidence(answers: Answers) -> list[dict[str, Any]]:
    """Evidence that counts for no option in the running yet (the person can link it here)."""
    return [item for item in evidence(answers) if item["option"] is None]


def set_link(rows: list[dict], ref: str, option: str | None) -> list[dict]:
    """Stored ``evidence_links`` rows with ``ref`` linked to ``option`` (``None`` unlinks)."""
    out = [dict(r) for r in rows if r.get("ref") != ref]
    if option:
        out.append({"ref": ref, "option": option})
    return out


# -- action plan --------------------------------------------------------------------------------
def plan(answers: Answers, today: _dt.date | None = None) -> dict[str, Any]:
    """The action steps grouped into the 30/60/90 day windows.

    The plan starts on ``plan_start``, else on the earliest step date. Returns ``start``
    (ISO or ``None``), ``windows`` (a list of ``{"label", "ends", "steps"}``), ``later``
    (steps after day 90), ``undated`` and ``overdue`` (count of open steps due before
    ``today``). Each step: ``_id``, ``step``, ``kind`` (label), ``due``, ``status``, ``day``
    (days from the start) and ``overdue``.
    """
    today = today or _dt.date.today()
    rows = [r for r in answers.rows(f"{WB}.actions") if (r.get("step") or "").strip()]
    dated = [_date(r.get("due")) for r in rows]
    start = _date(answers.get_answer(f"{WB}.plan_start")) or min((d for d in dated if d), default=None)
    windows = [{"label": label, "ends": (start + _dt.timedelta(days=days)).isoformat() if start else None,
                "steps": []} for label, days in WINDOWS]
    later: list[dict] = []
    undated: list[dict] = []
    before: list[dict] = []
    overdue = 0
    for row, due in zip(rows, dated):
        status = row.get("status") or "not_started"
        late = bool(due and due < today and status not in ("done", "dropped"))
        overdue += late
        item = {"_id": row.get("_id"), "step": row["step"].strip(), "kind": KIND_LABELS.get(row.get("kind"), ""),
                "kind_id": row.get("kind") or "", "due": due.isoformat() if due else None,
                "status": status, "day": (due - start).days if due and start else None, "overdue": late}
        if due is None or start is None:
            undated.append(item)
        elif item["day"] < 0:
            before.append(item)
        elif item["day"] > WINDOWS[-1][1]:
            later.append(item)
        else:
            index = next(i for i, (_l, days) in enumerate(WINDOWS) if item["day"] <= days)
            windows[index]["steps"].append(item)
    if before:
        windows[0]["steps"][:0] = before
    for group in [w["steps"] for w in windows] + [later]:
        group.sort(key=lambda s: (s["due"] or "", s["step"].casefold()))
    return {"start": start.isoformat() if start else None, "windows": windows, "later": later,
            "undated": undated, "overdue": overdue}


_SOURCE = "30-60-90 day plan (workbook 10)"
_PROGRESS = {"not_started": 0, "in_progress": 1, "dropped": 2, "done": 3}


def timeline_steps(answers: Answers) -> tuple[list[dict[str, Any]], int, int]:
    """``(rows, added, changed)``: workbook 4's ``steps`` with this plan's dated steps merged in.

    Each plan step becomes one step of workbook 4 with the identifier ``act-<id>``, the
    goal named in ``plan_goal`` (else the option chosen in ``decision``), its text, date
    and status, and a note of where it came from. Running it again updates those rows in
    place (the status that has moved further along, here or in workbook 4, is kept), and
    removes the rows of steps deleted from the plan; ``changed`` counts rows updated or
    removed. Every other step of workbook 4 is left as it is.
    """
    goal = (answers.get_answer(f"{WB}.plan_goal") or answers.get_answer(f"{WB}.decision") or "").strip()
    wanted: dict[str, dict[str, Any]] = {}
    for row in answers.rows(f"{WB}.actions"):
        text = (row.get("step") or "").strip()
        row_id = row.get("_id")
        if not text or not row_id or not _date(row.get("due")):
            continue
        wanted[f"act-{row_id}"[:40]] = {"goal": goal or None, "step": text, "due": row["due"],
                                        "status": row.get("status") or "not_started", "kind": "step",
                                        "source": _SOURCE}
    out: list[dict[str, Any]] = []
    updated = 0
    seen: set[str] = set()
    for row in answers.rows(f"{GOALS}.steps"):
        row_id = str(row.get("_id") or "")
        if row_id in wanted:
            new = dict(row)
            mine = wanted[row_id]
            for key in ("goal", "step", "due", "source"):
                new[key] = mine[key]
            # whichever side has moved further along wins, so ticking a step off in either place sticks
            theirs = row.get("status") or "not_started"
            new["status"] = max(theirs, mine["status"], key=lambda s: _PROGRESS.get(s, 0))
            if new != row:
                updated += 1
            out.append(new)
            seen.add(row_id)
        elif row_id.startswith("act-") and row.get("source") == _SOURCE:
            updated += 1  # the step was removed from the plan
        else:
            out.append(dict(row))
    added = 0
    for row_id, mine in wanted.items():
        if row_id not in seen:
            out.append({"_id": row_id, **mine})
            added += 1
    return out, added, updated
