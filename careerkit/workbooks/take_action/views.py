"""Panels and tools of workbook 10: option picker, gut check, decision matrix, head and gut, timeline."""

from __future__ import annotations

import datetime as _dt
import html

import ipywidgets as w

from careerkit.core.logic import decision
from careerkit.core.storage.storefront import StoreError
from careerkit.core.validation import InvalidAnswer
from careerkit.presentation.views.core import register, render

WB = decision.WB


def _problem(exc: Exception) -> str:
    text = exc.message if isinstance(exc, InvalidAnswer) else str(exc)
    return f"<div class='ck-error' role='alert'>⚠ {html.escape(text)}</div>"


def _saved(text: str) -> str:
    return f"<div class='ck-status ck-saved' role='status'>✓ {html.escape(text)}</div>"


def _candidates(wb) -> tuple[list[dict], str]:
    """Candidates from earlier workbooks, or a note when a workbook's module is not available."""
    try:
        return decision.candidates(wb.answers), ""
    except ImportError as exc:
        return [], f"Options from an earlier workbook are not available here ({exc.name})."


# -- options ------------------------------------------------------------------------------------
class OptionPicker(w.VBox):
    """Tick the options in the running (from workbooks 2 and 8) and add your own; saved to ``options``."""

    def __init__(self, wb):
        self.wb = wb
        self._quiet = False
        self.boxes: dict[str, w.Checkbox] = {}
        self.list = w.VBox()
        self.new = w.Text(placeholder="Another option, e.g. “Stay where I am”", layout=w.Layout(width="24em"))
        self.add = w.Button(description="Add option", icon="plus")
        self.add.on_click(lambda _b: self.add_option(self.new.value))
        self.message = w.HTML()
        super().__init__([self.list, w.HBox([self.new, self.add]), self.message])
        self.add_class("ck-option-picker")
        self.refresh()
        wb.on_change(self.refresh)

    def refresh(self) -> None:
        chosen = decision.options(self.wb.answers)
        found, note = _candidates(self.wb)
        rows: list[w.Widget] = []
        keys = {c["title"].casefold() for c in found}
        items = [(c["title"], self._describe(c)) for c in found]
        items += [(o, "your own option") for o in chosen if o.casefold() not in keys]
        ticked = {o.casefold() for o in chosen}
        if items and [t for t, _d in items] == list(self.boxes):
            # same options: only bring the ticks up to date, without rebuilding under the cursor
            self._quiet = True
            try:
                for title, box in self.boxes.items():
                    box.value = title.casefold() in ticked
            finally:
                self._quiet = False
            return
        if not found:
            rows.append(w.HTML(
                "<div class='ck-chart-empty'>Your shortlist is empty so far: fill it in "
                "<a href='02_explore_roles.ipynb'>workbook 2</a> (and the alternative paths in "
                "<a href='08_adaptability.ipynb'>workbook 8</a>), or add options here.</div>"
                + (f"<div class='ck-muted'>{html.escape(note)}</div>" if note else "")))
        self.boxes = {}
        for title, detail in items:
            box = w.Checkbox(value=title.casefold() in ticked, description=title, indent=False,
                             layout=w.Layout(width="auto"))
            box.observe(lambda _c: self._save(), "value")
            self.boxes[title] = box
            rows.append(w.HBox([box, w.HTML(f"<span class='ck-muted'>{html.escape(detail)}</span>")],
                               layout=w.Layout(align_items="center")))
        self.list.children = rows

    @staticmethod
    def _describe(c: dict) -> str:
        parts = ["from your shortlist" if c["source"] == "shortlist" else "an alternative path (workbook 8)"]
        if c.get("fit") is not None:
            parts.append(f"interest fit {c['fit']:.0f}")
        if c.get("alignment") is not None:
            parts.append(f"values alignment {c['alignment']:.0f}")
        return " · ".join(parts)

    def _save(self) -> None:
        if self._quiet:
            return
        chosen = [title for title, box in self.boxes.items() if box.value]
        try:
            self.wb.save("options", chosen)
        except (InvalidAnswer, StoreError) as exc:
            self.message.value = _problem(exc)
            return
        self.message.value = _saved(f"{len(chosen)} option{'' if len(chosen) == 1 else 's'} in the running")

    def add_option(self, text: str) -> None:
        """Add an option of the person's own and tick it."""
        title = " ".join(text.split())
        if not title:
            self.message.value = _problem(InvalidAnswer("Type the option first."))
            return
        chosen = decision.options(self.wb.answers)
        if title.casefold() in {o.casefold() for o in chosen}:
            self.message.value = _problem(InvalidAnswer(f"“{title}” is already in the running."))
            return
        try:
            self.wb.save("options", chosen + [title])
        except (InvalidAnswer, StoreError) as exc:
            self.message.value = _problem(exc)
            return
        self.new.value = ""
        self.refresh()
        self.message.value = _saved(f"Added “{title}”")


@register(WB, "option_picker")
def option_picker(wb) -> w.Widget:
    """The options in the running, picked from earlier workbooks."""
    return OptionPicker(wb)


# -- gut check ----------------------------------------------------------------------------------
class GutCheck(w.VBox):
    """The gut ranking with a button to keep the order as it stands (moving an item also saves it)."""

    def __init__(self, wb):
        self.wb = wb
        self.ranking = wb.field("gut_ranking")
        self.keep = w.Button(description="Keep this order", icon="check", button_style="primary")
        self.keep.on_click(lambda _b: self.save())
        self.message = w.HTML()
        super().__init__([self.ranking, w.HBox([self.keep]), self.message])
        self.add_class("ck-gut-check")
        self._status()
        wb.on_change(self._status)

    def save(self) -> None:
        """Save the order shown now as the gut ranking."""
        order = list(self.ranking._read())
        if not order:
            self.message.value = _problem(InvalidAnswer("Tick the options in the running first (above)."))
            return
        try:
            self.wb.save("gut_ranking", order)
        except (InvalidAnswer, StoreError) as exc:
            self.message.value = _problem(exc)
            return
        self.message.value = _saved("Gut ranking kept. Now score the options below.")

    def _status(self) -> None:
        running = decision.options(self.wb.answers)
        ranked = decision.gut_ranking(self.wb.answers)
        missing = [o for o in running if o not in ranked]
        if ranked and missing:
            self.message.value = ("<div class='ck-notice'>New in the running since your gut check: "
                                  + html.escape(", ".join(missing)) + ". Place them and keep the order again.</div>")


@register(WB, "gut_check")
def gut_check(wb) -> w.Widget:
    """Rank the options by instinct, before seeing any scores."""
    return GutCheck(wb)


# -- the matrix ---------------------------------------------------------------------------------
class DecisionMatrix(w.VBox):
    """A grid of 1–5 scores: one row per option, one column per top value; saved to ``scores``."""

    def __init__(self, wb):
        self.wb = wb
        self.grid = w.VBox()
        self.message = w.HTML()
        super().__init__([self.grid, self.message])
        self.add_class("ck-decision-matrix")
        self.cells: dict[tuple[str, str], w.Dropdown] = {}
        self._signature: tuple | None = None
        self.refresh()
        wb.on_change(self.refresh)

    def refresh(self) -> None:
        answers = self.wb.answers
        running = decision.options(answers)
        weights = decision.criteria(answers)
        signature = (tuple(running), tuple(v for v, _w in weights))
        known = decision.effective_scores(answers)
        if signature == self._signature:
            for (option, value), box in self.cells.items():
                found = known.get((decision.option_key(option), decision.option_key(value)))
                box.unobserve_all("value")
                box.value = found[0] if found else 0
                box.observe(lambda c, o=option, v=value: self._changed(o, v, c["new"]), "value")
            return
        self._signature = signature
        self.cells = {}
        if not running:
            self.grid.children = [w.HTML("<div class='ck-chart-empty'>Tick the options in the running at the top of this workbook.</div>")]
            return
        if not weights:
            self.grid.children = [w.HTML("<div class='ck-chart-empty'>Your top values come from "
                                         "<a href='03_values.ipynb'>workbook 3</a>: sort your value cards "
                                         "there and they become the columns of this matrix.</div>")]
            return
        columns = "minmax(12em, 2fr) " + " ".join(["minmax(7em, 1fr)"] * len(weights))
        children: list[w.Widget] = [w.HTML("<b>Option</b>")]
        for value, weight in weights:
            children.append(w.HTML(f"<b>{html.escape(value)}</b><br><span class='ck-muted'>weight {weight:.0%}</span>"))
        options = [("—", 0)] + [(str(i), i) for i in range(1, 6)]
        for option in running:
            children.append(w.HTML(f"<span>{html.escape(option)}</span>"))
            for value, _weight in weights:
                found = known.get((decision.option_key(option), decision.option_key(value)))
                box = w.Dropdown(options=options, value=found[0] if found else 0,
                                 layout=w.Layout(width="5.5em"),
                                 tooltip=f"{option}: {value}")
                box.observe(lambda c, o=option, v=value: self._changed(o, v, c["new"]), "value")
                self.cells[(option, value)] = box
                source = found[1] if found else ""
                hint = "from workbook 3" if source == "values" else ""
                children.append(w.VBox([box, w.HTML(f"<span class='ck-muted'>{hint}</span>")]))
        grid = w.GridBox(children, layout=w.Layout(grid_template_columns=columns, grid_gap="4px 10px",
                                                   align_items="center"))
        legend = w.HTML("<div class='ck-help'>1 = works against this value · 3 = neutral · 5 = fully serves it. "
                        "“from workbook 3” marks ratings you gave there; change one here and this workbook "
                        "uses your new score.</div>")
        self.grid.children = [legend, grid]

    def _changed(self, option: str, value: str, score: int) -> None:
        rows = decision.set_score(self.wb.answers.rows(f"{WB}.scores"), option, value, score or None)
        try:
            self.wb.save("scores", rows)
        except (InvalidAnswer, StoreError) as exc:
            self.message.value = _problem(exc)
            return
        self.message.value = _saved(f"{option} · {value}: {score or 'cleared'}")


@register(WB, "matrix")
def matrix(wb) -> w.Widget:
    """The decision matrix."""
    return DecisionMatrix(wb)


# -- head and gut -------------------------------------------------------------------------------
_HEAD_AND_GUT = """
{% if hidden %}
<div class='ck-chart-empty' role='note'>🔒 {{ hidden }}</div>
{% else %}
<div class='ck-card'>
<h4>{{ c.verdict }}</h4>
<table class='ck-progress-table'>
<tr><th align='left'>Option</th><th>By gut</th><th>By the matrix</th><th>Score</th></tr>
{% for r in c.rows %}
<tr><td>{{ r.option }}</td>
<td align='center'>{{ r.gut if r.gut else "–" }}</td>
<td align='center'>{{ r.matrix if r.matrix else "–" }}</td>
<td align='center'>{% if r.score is not none %}{{ r.score | round | int }}{% if r.scored < r.total %} <span class='ck-muted'>({{ r.scored }}/{{ r.total }})</span>{% endif %}{% else %}not scored{% endif %}</td></tr>
{% endfor %}
</table>
{% if c.agreement is not none %}<p class='ck-muted'>Agreement between the two orders: {{ c.agreement }}
(1 = the same order, 0 = unrelated, −1 = reversed).</p>{% endif %}
</div>
{% if c.prompts %}
<div class='ck-card'>
<h4>Questions to sit with</h4>
<ul>{% for p in c.prompts %}<li>{{ p }}</li>{% endfor %}</ul>
{% if non_negotiables %}<p>And one check: does your first choice meet your non-negotiables from workbook 3?
{% for n in non_negotiables %}“{{ n }}”{% if not loop.last %}, {% endif %}{% endfor %}.</p>{% endif %}
</div>
{% endif %}
{% endif %}
"""


@register(WB, "head_and_gut")
def head_and_gut(wb) -> str:
    """Gut and matrix rankings side by side with prompts; hidden until the gut ranking is saved."""
    answers = wb.answers
    hidden = ""
    if not decision.options(answers):
        hidden = "Tick the options in the running first."
    elif not decision.gut_ranking(answers):
        hidden = "The comparison stays hidden until you have kept your gut ranking above, so the numbers cannot sway your instinct."
    elif not decision.criteria(answers):
        hidden = "Sort your values in workbook 3 so the matrix has something to weigh."
    result = decision.compare(answers) if not hidden else None
    return render(_HEAD_AND_GUT, hidden=hidden, c=result,
                  non_negotiables=answers.get_answer("03_values.non_negotiables", []))


# -- the plan and the timeline of workbook 4 ----------------------------------------------------
_PLAN = """
{% if not any_steps %}
<div class='ck-chart-empty'>Add your next steps above, each with a date, and they are sorted into 30, 60 and 90 days here.</div>
{% else %}
<div class='ck-card'>
{% for win in plan.windows %}
<h4>{{ win.label }}{% if win.ends %} <span class='ck-muted'>(until {{ win.ends }})</span>{% endif %}</h4>
{% if win.steps %}<ul>{% for s in win.steps %}
<li>{% if s.status == 'done' %}✓ {% endif %}<b>{{ s.due }}</b> · {{ s.step }} <span class='ck-muted'>{{ s.kind }}</span>
{% if s.overdue %}<span class='ck-error'>past its date</span>{% endif %}</li>{% endfor %}</ul>
{% else %}<p class='ck-muted'>Nothing planned yet. One small step here keeps the momentum going.</p>{% endif %}
{% endfor %}
{% if plan.later %}<h4>Later</h4><ul>{% for s in plan.later %}<li><b>{{ s.due }}</b> · {{ s.step }}</li>{% endfor %}</ul>{% endif %}
{% if plan.undated %}<p class='ck-muted'>Without a date yet: {% for s in plan.undated %}“{{ s.step }}”{% if not loop.last %}, {% endif %}{% endfor %}. A step without a date tends to wait for ever.</p>{% endif %}
{% if missing_kinds %}<p class='ck-muted'>Nothing yet of the kind: {{ missing_kinds | join(", ") }}. Not every plan needs all of them, but a mix of talking, learning and trying is what moves people.</p>{% endif %}
</div>
{% endif %}
"""


@register(WB, "plan_summary")
def plan_summary(wb, today: _dt.date | None = None) -> str:
    """The steps sorted into the 30, 60 and 90 day windows."""
    plan = decision.plan(wb.answers, today)
    steps = [s for win in plan["windows"] for s in win["steps"]] + plan["later"] + plan["undated"]
    used = {s["kind_id"] for s in steps}
    missing = [decision.KIND_LABELS[k].lower() for k in ("talk", "study", "try") if k not in used]
    return render(_PLAN, plan=plan, any_steps=bool(steps), missing_kinds=missing if steps else [])


class TimelineSync(w.VBox):
    """A button that puts the dated steps of the plan on the timeline of workbook 4."""

    def __init__(self, wb):
        self.wb = wb
        self.button = w.Button(description="Add my plan to the timeline of workbook 4", icon="calendar",
                               layout=w.Layout(width="auto"))
        self.button.on_click(lambda _b: self.sync())
        self.message = w.HTML()
        super().__init__([self.button, self.message])
        self.add_class("ck-timeline-sync")

    def sync(self) -> None:
        """Write the plan's steps into workbook 4 (running it twice changes nothing)."""
        rows, added, changed = decision.timeline_steps(self.wb.answers)
        if not added and not changed:
            dated = any(s for s in self.wb.answers.rows(f"{WB}.actions") if s.get("due"))
            self.message.value = (_saved("Your timeline in workbook 4 already has every step of this plan.")
                                  if dated else _problem(InvalidAnswer("Give your steps a date first.")))
            return
        try:
            self.wb.save("steps", rows, workbook=decision.GOALS)
        except (InvalidAnswer, StoreError) as exc:
            self.message.value = _problem(exc)
            return
        self.message.value = (
            _saved(f"Timeline updated: {added} step{'' if added == 1 else 's'} added, {changed} updated.")
            + "<div class='ck-muted'>See them with your goals in <a href='04_goals_vision.ipynb'>workbook 4</a>.</div>"
        )


@register(WB, "timeline_sync")
def timeline_sync(wb) -> w.Widget:
    """Put the plan on workbook 4's timeline."""
    return TimelineSync(wb)
