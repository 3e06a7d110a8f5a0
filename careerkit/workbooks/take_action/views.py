"""Panels and tools of workbook 10: option picker, gut check, decision matrix, head and gut, timeline."""

from __future__ import annotations

import datetime as _dt

import ipywidgets as w

from careerkit.core.logic import decision
from careerkit.core.storage.storefront import StoreError
from careerkit.core.validation import InvalidAnswer
from careerkit.presentation.views.core import register, render

WB = decision.WB


def _problem(exc: Exception) -> str:
    text = exc.message if isinstance(exc, InvalidAnswer) else str(exc)
    return render("<div class='ck-error' role='alert'>⚠ {{ text }}</div>", text=text)


def _saved(text: str, kept: object = True) -> str:
    """The status after a save; ``kept`` is what ``wb.save`` returned (None: held for a busy file)."""
    if kept is None:
        from careerkit.presentation.workbook import HELD

        return render("<div class='ck-status ck-held' role='status'>{{ text }}: {{ held }}.</div>", text=text, held=HELD)
    return render("<div class='ck-status ck-saved' role='status'>✓ {{ text }}</div>", text=text)


def _candidates(wb) -> tuple[list[dict], str]:
    """Candidates from earlier workbooks, or a note when a workbook's module is not available."""
    try:
        return decision.candidates(wb.answers), ""
    except ImportError as exc:
        return [], f"Options from an earlier workbook are not available here ({exc.name})."


# -- options ------------------------------------------------------------------------------------
class OptionPicker(w.VBox):
    """Tick the options in the running (from workbooks 2 and 8) and add your own; saved to ``options``.

    An option of one's own is typed in ``new_option``, a title-search field: picking one of
    the O*NET occupations it suggests adds the option under the occupation's official title
    (so it is linked, with an interest fit); one's own words are added as typed.
    """

    def __init__(self, wb):
        self.wb = wb
        self._quiet = False
        self.boxes: dict[str, w.Checkbox] = {}
        self.list = w.VBox()
        self.new = wb.field("new_option")
        self.add = w.Button(description="Add option", icon="plus", _dom_classes=("ck-add-option",))
        self.add.on_click(lambda _b: self.add_option(self.new.box.value))
        self.message = w.HTML()
        super().__init__([self.list, self.new, w.HBox([self.add]), self.message])
        self.add_class("ck-option-picker")
        self.refresh()
        wb.on_change(self.refresh)

    def refresh(self) -> None:
        chosen = decision.options(self.wb.answers)
        found, note = _candidates(self.wb)
        rows: list[w.Widget] = []
        keys = {c["title"].casefold() for c in found}
        blind = not decision.gut_ranking(self.wb.answers)
        items = [(c["title"], self._describe(c, blind)) for c in found]
        items += [(o, self._own(o, blind)) for o in chosen if o.casefold() not in keys]
        ticked = {o.casefold() for o in chosen}
        if items and [t for t, _d in items] == list(self.boxes) and blind == getattr(self, "_blind", None):
            # same options: only bring the ticks up to date, without rebuilding under the cursor
            self._quiet = True
            try:
                for title, box in self.boxes.items():
                    box.value = title.casefold() in ticked
            finally:
                self._quiet = False
            return
        if not found:
            rows.append(w.HTML(render(
                "<div class='ck-chart-empty'>Your shortlist is empty so far: fill it in "
                "<a href='02_explore_roles.ipynb'>workbook 2</a> (and the alternative paths in "
                "<a href='08_adaptability.ipynb'>workbook 8</a>), or add options here.</div>"
                "{% if note %}<div class='ck-muted'>{{ note }}</div>{% endif %}", note=note)))
        self._blind = blind
        self.boxes = {}
        for title, detail in items:
            box = w.Checkbox(value=title.casefold() in ticked, description=title, indent=False,
                             layout=w.Layout(width="auto"))
            box.observe(lambda _c: self._save(), "value")
            self.boxes[title] = box
            rows.append(w.HBox([box, w.HTML(render("<span class='ck-muted'>{{ d }}</span>", d=detail))],
                               layout=w.Layout(align_items="center")))
        self.list.children = rows

    @staticmethod
    def _describe(c: dict, blind: bool = False) -> str:
        """Where an option comes from, and its scores only once the gut ranking is kept."""
        parts = ["from your shortlist" if c["source"] == "shortlist" else "an alternative path (workbook 8)"]
        if blind:
            return parts[0]
        if c.get("fit") is not None:
            parts.append(f"interest fit {c['fit']:.0f}")
        if c.get("alignment") is not None:
            parts.append(f"values alignment {c['alignment']:.0f}")
        return " · ".join(parts)

    def _own(self, option: str, blind: bool) -> str:
        """How an option of the person's own is described: linked to O*NET or not, and its fit once allowed."""
        fit = decision.own_option_fit(self.wb.answers, option)
        if fit is None:
            return "your own option"
        if blind or fit["fit"] is None:
            return f"your own option · linked to O*NET ({fit['code']})"
        return f"your own option · linked to O*NET ({fit['code']}) · interest fit {fit['fit']:.0f}"

    def _save(self) -> None:
        if self._quiet:
            return
        chosen = [title for title, box in self.boxes.items() if box.value]
        try:
            kept = self.wb.save("options", chosen)
        except (InvalidAnswer, StoreError) as exc:
            self.message.value = _problem(exc)
            return
        self.message.value = _saved(f"{len(chosen)} option{'' if len(chosen) == 1 else 's'} in the running", kept)

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
            kept = self.wb.save("options", chosen + [title])
        except (InvalidAnswer, StoreError) as exc:
            self.message.value = _problem(exc)
            return
        try:
            self.wb.save("new_option", "")
        except (InvalidAnswer, StoreError):
            pass  # the option is kept; only the box could not be emptied
        self.refresh()
        self.message.value = _saved(f"Added “{title}”", kept)


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
            kept = self.wb.save("gut_ranking", order)
        except (InvalidAnswer, StoreError) as exc:
            self.message.value = _problem(exc)
            return
        self.message.value = _saved("Gut ranking kept. Now score the options below.", kept)

    def _status(self) -> None:
        running = decision.options(self.wb.answers)
        ranked = decision.gut_ranking(self.wb.answers)
        missing = [o for o in running if o not in ranked]
        if ranked and missing:
            self.message.value = render("<div class='ck-notice'>New in the running since your gut check: "
                                        "{{ missing|join(', ') }}. Place them and keep the order again.</div>",
                                        missing=missing)


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
        blind = not decision.gut_ranking(answers)
        signature = (tuple(running), tuple(v for v, _w in weights), blind)
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
        if blind:
            self.grid.children = [w.HTML("<div class='ck-chart-empty' role='note'>🔒 The matrix opens once you have "
                                         "kept your gut ranking above, so no number can sway your instinct.</div>")]
            return
        if not weights:
            self.grid.children = [w.HTML("<div class='ck-chart-empty'>Your top values come from "
                                         "<a href='03_values.ipynb'>workbook 3</a>: sort your value cards, put the "
                                         "very important ones in order and keep that order; they become the "
                                         "columns of this matrix.</div>")]
            return
        columns = "minmax(12em, 2fr) " + " ".join(["minmax(7em, 1fr)"] * len(weights))
        children: list[w.Widget] = [w.HTML("<b>Option</b>")]
        for value, weight in weights:
            children.append(w.HTML(render("<b>{{ v }}</b><br><span class='ck-muted'>weight {{ w }}</span>",
                                          v=value, w=f"{weight:.0%}")))
        options = [("—", 0)] + [(str(i), i) for i in range(1, 6)]
        for option in running:
            children.append(w.HTML(render("<span>{{ o }}</span>", o=option)))
            for value, _weight in weights:
                found = known.get((decision.option_key(option), decision.option_key(value)))
                box = w.Dropdown(options=options, value=found[0] if found else 0,
                                 layout=w.Layout(width="5.5em"),
                                 tooltip=f"{option}: {value}")
                box.observe(lambda c, o=option, v=value: self._changed(o, v, c["new"]), "value")
                self.cells[(option, value)] = box
                source = found[1] if found else ""
                hint = "from workbook 3" if source == "values" else ""
                children.append(w.VBox([box, w.HTML(render("<span class='ck-muted'>{{ h }}</span>", h=hint))]))
        grid = w.GridBox(children, layout=w.Layout(grid_template_columns=columns, grid_gap="4px 10px",
                                                   align_items="center"))
        unranked = decision.unranked_values(answers)
        legend = w.HTML(render("<div class='ck-help'>1 = works against this value · 3 = neutral · 5 = fully serves it. "
                               "“from workbook 3” marks ratings you gave there; change one here and this workbook "
                               "uses your new score.</div>"
                               "{% if u %}<div class='ck-notice'>Not weighed, because not in the ranking you kept in "
                               "<a href='03_values.ipynb'>workbook 3</a>: {{ u | join(', ') }}.</div>{% endif %}",
                               u=unranked))
        self.grid.children = [legend, grid]

    def _changed(self, option: str, value: str, score: int) -> None:
        rows = decision.set_score(self.wb.answers.rows(f"{WB}.scores"), option, value, score or None)
        try:
            kept = self.wb.save("scores", rows)
        except (InvalidAnswer, StoreError) as exc:
            self.message.value = _problem(exc)
            return
        self.message.value = _saved(f"{option} · {value}: {score or 'cleared'}", kept)


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
<tr><th align='left'>Option</th><th>By gut</th><th>By the matrix</th><th>Values score</th><th>Interest fit</th>
<th>Evidence</th><th>Energy</th><th>Fit</th></tr>
{% for r in c.rows %}{% set e = evidence.get(r.option) %}{% set x = extra.get(r.option, {}) %}
<tr><td>{{ r.option }}</td>
<td align='center'>{{ r.gut if r.gut else "–" }}</td>
<td align='center'>{{ r.matrix if r.matrix else "–" }}</td>
<td align='center'>{% if r.score is not none %}{{ r.score | round | int }}{% if r.scored < r.total %} <span class='ck-muted'>({{ r.scored }}/{{ r.total }})</span>{% endif %}{% else %}not scored{% endif %}</td>
<td align='center'>{{ x.fit | round | int if x.fit is not none else "–" }}</td>
<td align='center'>{{ e.count if e and e.count else "none yet" }}</td>
<td align='center'>{{ e.energy if e and e.energy is not none else "–" }}</td>
<td align='center'>{{ e.fit if e and e.fit is not none else "–" }}</td></tr>
{% endfor %}
</table>
<p class='ck-muted'>Values score: the matrix, 0–100. Interest fit: workbook 2, 0–100. Evidence: conversations,
research, experiments and paths that tell you about the option; energy and fit are their mean ratings, 1–5.
Equal scores share a place.</p>
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
    evidence = decision.evidence_by_option(answers) if not hidden else {}
    extra = {r["option"]: r for r in decision.ranking(answers)} if not hidden else {}
    return render(_HEAD_AND_GUT, hidden=hidden, c=result, evidence=evidence, extra=extra,
                  non_negotiables=answers.get_answer("03_values.non_negotiables", []))


# -- evidence -----------------------------------------------------------------------------------
_EVIDENCE = """
{% if hidden %}
<div class='ck-chart-empty' role='note'>🔒 {{ hidden }}</div>
{% else %}
{% for option, e in by.items() %}
<div class='ck-card'>
<h4>{{ option }} <span class='ck-muted'>· {{ e.count }} piece{{ "" if e.count == 1 else "s" }} of evidence
{%- if e.energy is not none %} · energy {{ e.energy }}/5{% endif %}{% if e.fit is not none %} · fit {{ e.fit }}/5{% endif %}</span></h4>
{% if e["items"] %}<ul>{% for i in e["items"] %}<li><b>{{ i.kind }}</b>: {{ i.label }}
{%- if i.energy is not none %} <span class='ck-muted'>energy {{ i.energy }}</span>{% endif %}
{%- if i.fit is not none %} <span class='ck-muted'>fit {{ i.fit }}</span>{% endif %}
{% if i.learned %}<br><span class='ck-muted'>Learned:</span> {{ i.learned }}{% endif %}</li>{% endfor %}</ul>
{% else %}<p class='ck-muted'>Nothing first-hand yet. One conversation or a small experiment would tell you more than another hour of reading.</p>{% endif %}
</div>
{% endfor %}
{% if unlinked %}<p class='ck-muted'>{{ unlinked | length }} piece{{ "" if unlinked | length == 1 else "s" }} of evidence name{{ "s" if unlinked | length == 1 else "" }} no option in the running: link them below.</p>{% endif %}
{% endif %}
"""


def _evidence_hidden(answers) -> str:
    if not decision.options(answers):
        return "Tick the options in the running first."
    if not decision.gut_ranking(answers):
        return "Your evidence and its ratings appear once you have kept your gut ranking above."
    return ""


@register(WB, "evidence_panel")
def evidence_panel(wb) -> str:
    """What the person found out first-hand, per option (hidden until the gut ranking is kept)."""
    answers = wb.answers
    hidden = _evidence_hidden(answers)
    return render(_EVIDENCE, hidden=hidden, by=decision.evidence_by_option(answers) if not hidden else {},
                  unlinked=decision.unlinked_evidence(answers) if not hidden else [])


class EvidenceLinker(w.VBox):
    """The evidence per option, and a choice of option for each piece that names none in the running."""

    def __init__(self, wb):
        self.wb = wb
        self.panel = w.HTML()
        self.links = w.VBox()
        self.message = w.HTML()
        self.pickers: dict[str, w.Dropdown] = {}
        super().__init__([self.panel, self.links, self.message])
        self.add_class("ck-evidence")
        self.refresh()
        wb.on_change(self.refresh)

    def refresh(self) -> None:
        answers = self.wb.answers
        self.panel.value = evidence_panel(self.wb)
        if _evidence_hidden(answers):
            self.pickers = {}
            self.links.children = []
            return
        running = decision.options(answers)
        linked = {r.get("ref"): r.get("option") for r in answers.rows(f"{WB}.evidence_links")}
        items = [e for e in decision.evidence(answers) if e["option"] is None or e["ref"] in linked]
        rows: list[w.Widget] = []
        self.pickers = {}
        for item in items:
            picker = w.Dropdown(options=[("— not linked —", "")] + [(o, o) for o in running],
                                value=item["option"] if item["option"] in running else "",
                                layout=w.Layout(width="22em"),
                                tooltip=f"The option this is evidence for: {item['label']}")
            picker.observe(lambda c, ref=item["ref"]: self.link(ref, c["new"] or None), "value")
            self.pickers[item["ref"]] = picker
            text = render("<span><b>{{ k }}</b>: {{ l }} <span class='ck-muted'>(names “{{ n }}”)</span></span>",
                          k=item["kind"], l=item["label"], n=item["named"] or "nothing")
            rows.append(w.HBox([w.HTML(text, layout=w.Layout(width="28em")), picker],
                               layout=w.Layout(align_items="center", flex_flow="row wrap")))
        self.links.children = ([w.HTML("<b>Which option does each of these tell you about?</b>")] + rows) if rows else []

    def link(self, ref: str, option: str | None) -> None:
        """Link one piece of evidence to an option in the running (``None`` unlinks it)."""
        rows = decision.set_link(self.wb.answers.rows(f"{WB}.evidence_links"), ref, option)
        try:
            self.wb.save("evidence_links", rows)
        except (InvalidAnswer, StoreError) as exc:
            self.message.value = _problem(exc)
            return
        self.message.value = _saved(f"Linked to {option}" if option else "Link removed")


@register(WB, "evidence_linker")
def evidence_linker(wb) -> w.Widget:
    """The evidence per option, with a choice of option for each piece."""
    return EvidenceLinker(wb)


# -- before you commit --------------------------------------------------------------------------
@register(WB, "premortem_prompt")
def premortem_prompt(wb) -> str:
    """Names the option leading now, which the pre-mortem and “what would have to be true” are about."""
    option = decision.leading_option(wb.answers)
    if not option:
        return ("<div class='ck-chart-empty'>Rank your options by instinct above; the pre-mortem is about "
                "the one leading.</div>")
    return render("<div class='ck-card'><p>The option leading now: <b>{{ o }}</b>.</p><p class='ck-muted'>Imagine you "
                  "chose it and it went wrong. The reasons you can picture are the risks to test in your 90-day "
                  "plan below.</p></div>", o=option)


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
            kept = self.wb.save("steps", rows, workbook=decision.GOALS)
        except (InvalidAnswer, StoreError) as exc:
            self.message.value = _problem(exc)
            return
        self.message.value = render(
            "{{ saved_html|safe }}<div class='ck-muted'>See them with your goals in "
            "<a href='04_goals_vision.ipynb'>workbook 4</a>.</div>",
            saved_html=_saved(f"Timeline updated: {added} step{'' if added == 1 else 's'} added, {changed} updated.", kept))


@register(WB, "timeline_sync")
def timeline_sync(wb) -> w.Widget:
    """Put the plan on workbook 4's timeline."""
    return TimelineSync(wb)
