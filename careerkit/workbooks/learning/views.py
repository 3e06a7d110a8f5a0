"""Panels of workbook 07: the skill-gap tool, what the gaps say, the plan at a glance, trends."""

from __future__ import annotations

import datetime as _dt

import ipywidgets as w
from markupsafe import Markup

from careerkit.core import content
from careerkit.core.logic import learning
from careerkit.core.storage.storefront import StoreError
from careerkit.core.validation import InvalidAnswer
from careerkit.presentation.views.core import onet_attribution_html, register, render

WB = learning.WB

_LEVEL_GUIDE = ("0 never done it · 2 simple tasks with help · 4 everyday work on your own · "
                "6 others come to you for it · 7 expert who could teach it")


class SkillGapTool(w.VBox):
    """Tick the target O*NET roles to compare with, then rate your level in each skill they need.

    The target roles are the shortlist of workbook 2 and the roles named here
    (``more_roles``, each found by O*NET title search). Ticked roles are kept in
    ``gap_roles``; levels in ``own_levels`` (one row per skill, shared by every role), both
    written through ``wb.save`` so they are validated and kept. The roles are drawn again
    when the target roles change (a role named here and saved), not on every save.
    """

    def __init__(self, wb):
        self.wb = wb
        self.status = w.HTML()
        self.status.add_class("ck-message")
        self.roles_box = w.VBox()
        self.rows_box = w.VBox()
        self.level_field = content.workbook(WB).field("own_levels").sub("level")
        self._checks: dict[str, w.Checkbox] = {}
        self._buttons: dict[str, w.ToggleButtons] = {}
        self._head = w.HTML()
        self.more = wb.field("more_roles")
        super().__init__([self.roles_box, self.more, self.rows_box, self.status, w.HTML(onet_attribution_html())])
        self.add_class("ck-gap-tool")
        self._drawn: tuple = ()
        self.refresh()
        wb.on_change(self._answers_changed)

    # -- drawing ----------------------------------------------------------------------------
    def _roles_now(self) -> tuple:
        answers = self.wb.answers
        return (tuple((t["title"], t["code"], t["status"]) for t in learning.target_occupations(answers)),
                tuple(r["code"] for r in learning.chosen_roles(answers)))

    def _answers_changed(self) -> None:
        if self._roles_now() != self._drawn:
            self.refresh()

    def refresh(self) -> None:
        """Draw the role choices and the rating rows from the saved answers."""
        self._draw_roles()
        self._draw_rows()
        self._drawn = self._roles_now()

    def _draw_roles(self) -> None:
        targets = learning.target_occupations(self.wb.answers)
        chosen = {r["code"] for r in learning.chosen_roles(self.wb.answers)}
        rated = [t for t in targets if t["status"] == "rated"]
        children: list[w.Widget] = []
        if not targets:
            children.append(w.HTML(
                "<div class='ck-chart-empty'>Your shortlist is empty. Add the roles you are considering in "
                "<a href='02_explore_roles.ipynb'>workbook 2</a>, or name a role below, to compare your skills "
                "with them.</div>"))
        elif rated:
            children.append(w.HTML("<label class='ck-label'>Roles to compare yourself with</label>"))
        self._checks = {}
        for t in rated:
            box = w.Checkbox(value=t["code"] in chosen, description=f"{t['title']} ({t['code']})", indent=False,
                             layout=w.Layout(width="auto"))
            box.observe(self._roles_changed, "value")
            self._checks[t["code"]] = box
            children.append(box)
        notes = []
        for t in targets:
            if t["status"] == "not_onet" and t["source"] == "more_roles":
                continue  # the title-search field below says so beside the role itself
            if t["status"] == "not_onet":
                notes.append(f"“{t['title']}” is not linked to an O*NET occupation, so there is no skill data for it "
                             "here. Note the skills it needs in your learning plan below.")
            elif t["status"] == "unrated":
                notes.append(f"O*NET has no skill ratings for “{t['onet_title']}” ({t['code']}), "
                             "so it cannot be compared here.")
        if notes:
            children.append(w.HTML(render("<ul class='ck-muted'>{% for n in notes %}<li>{{ n }}</li>{% endfor %}</ul>",
                                          notes=notes)))
        self.roles_box.children = children

    def _draw_rows(self) -> None:
        roles = learning.chosen_roles(self.wb.answers)
        skills = learning.skills_to_rate(self.wb.answers, roles)
        self._buttons = {}
        if not skills:
            self.rows_box.children = [] if not self._checks else [w.HTML(
                "<div class='ck-help'>Tick at least one role to see the skills it relies on.</div>")]
            return
        self._head = w.HTML()
        self._count_rated(skills)
        rows: list[w.Widget] = [self._head]
        sources = learning.level_sources(self.wb.answers)
        for s in skills:
            source = sources.get(" ".join(s["skill"].casefold().split()))
            origin = (f"from workbook 1 (“{'”, “'.join(source[1])}”)" if source and source[0] == learning.SELF else "")
            label = w.HTML(render(
                "<b>{{ s.skill }}</b><br><span class='ck-muted'>needs <span style='color:#D55E00'>{{ '%.1f' | "
                "format(s.level) }}</span> · importance {{ '%.1f' | format(s.importance) }} of 5 · "
                "{{ s.roles | join(', ') }}{% if origin %} · your level {{ origin }}{% endif %}</span>",
                s=s, origin=origin), layout=w.Layout(width="24em"))
            buttons = w.ToggleButtons(options=[(str(i), i) for i in range(8)], value=s["own"],
                                      style={"button_width": "2.4em"},
                                      tooltips=[f"Level {i}" for i in range(8)])
            buttons.observe(lambda change, name=s["skill"]: self._level_changed(name, change["new"]), "value")
            self._buttons[s["skill"]] = buttons
            row = w.HBox([label, buttons], layout=w.Layout(align_items="center", flex_flow="row wrap"))
            row.add_class("ck-gap-row")
            rows.append(row)
        self.rows_box.children = rows

    def _count_rated(self, skills: list[dict] | None = None) -> None:
        if skills is None:
            skills = learning.skills_to_rate(self.wb.answers)
        rated = sum(1 for s in skills if s["own"] is not None)
        self._head.value = render(
            "<label class='ck-label'>Your own level in each skill ({{ rated }} of {{ total }} rated)</label>"
            "<div class='ck-help'>{{ guide }}. The orange number is the level the role needs. Levels marked "
            "“from workbook 1” come from how good you said you are there (1–5, put on this 0–7 scale); "
            "change one here and this workbook uses your new level.</div>"
            "{% if unmatched %}<div class='ck-muted'>Skills you named in workbook 1 that O*NET lists as technology "
            "or a craft rather than a skill, so they have no level here: {{ unmatched | join(', ') }}.</div>{% endif %}",
            rated=rated, total=len(skills), guide=_LEVEL_GUIDE, unmatched=learning.unmatched_skills(self.wb.answers))

    # -- saving -----------------------------------------------------------------------------
    def _roles_changed(self, _change=None) -> None:
        codes = [code for code, box in self._checks.items() if box.value]
        if self._save("gap_roles", codes):
            self._draw_rows()
            self._drawn = self._roles_now()

    def _level_changed(self, skill: str, level) -> None:
        if level is None:
            return
        rows = [dict(r) for r in self.wb.answers.rows(f"{WB}.own_levels")]
        key = " ".join(skill.casefold().split())
        for row in rows:
            if " ".join((row.get("skill") or "").casefold().split()) == key:
                row["level"] = level
                break
        else:
            rows.append({"skill": skill, "level": level})
        if self._save("own_levels", rows):
            self._count_rated()

    def _save(self, field: str, value) -> bool:
        try:
            self.wb.save(field, value)
        except InvalidAnswer as exc:
            self.status.value = render("<div class='ck-error' role='alert'>⚠ {{ m }}</div>", m=exc.message)
            return False
        except Exception as exc:  # the store said no: keep the screen as it is and say so
            self.status.value = render("<div class='ck-error' role='alert'>Not saved yet: {{ m }}</div>", m=str(exc))
            return False
        self.status.value = render("<div class='ck-status ck-saved'>✓ Saved {{ at }}</div>",
                                   at=f"{_dt.datetime.now():%H:%M}")
        return True


@register(WB, "skill_gap_tool")
def skill_gap_tool(wb) -> w.Widget:
    """Choose the target roles and rate your own level in the skills they rely on."""
    return SkillGapTool(wb)


_GAPS = """
{% if not roles %}
<div class='ck-chart-empty'>No O*NET role to compare with yet: link one to O*NET on your shortlist in
<a href='02_explore_roles.ipynb'>workbook 2</a>, or name one in “Other roles you are aiming for” above.</div>
{% elif not gaps %}
<div class='ck-chart-empty'>Rate your level in the skills above to see which gaps matter most.</div>
{% else %}
<div class='ck-card'>
<h4>The gaps that matter most</h4>
{% if top %}
<ol>
{% for g in top %}
  <li><b>{{ g.skill }}</b>: you rated yourself {{ g.own }}, {{ g.role }} needs about {{ '%.1f' | format(g.required) }}
  (importance {{ '%.1f' | format(g.importance) }} of 5, priority {{ '%.1f' | format(g.priority) }}).</li>
{% endfor %}
</ol>
{% else %}
<p>You already meet the level every chosen role needs in the skills you rated. Look at the roles' other demands
(qualifications, experience) or aim higher.</p>
{% endif %}
{% if met %}<p class='ck-muted'>Already at or above the level needed: {{ met | join(", ") }}.</p>{% endif %}
{% if unrated %}<p class='ck-muted'>Still to rate: {{ unrated }} skill{{ "" if unrated == 1 else "s" }}.</p>{% endif %}
<p class='ck-muted'>Levels and importance come from O*NET's ratings of each occupation, averaged over many jobs;
a particular employer may weigh them differently.</p>
{{ attribution }}
</div>
{% endif %}
"""


@register(WB, "gap_summary")
def gap_summary(wb) -> str:
    """The three largest priority gaps in words, the skills already met, and the O*NET credit."""
    roles = learning.chosen_roles(wb.answers)
    gaps = learning.priority_gaps(wb.answers, roles) if roles else []
    unrated = sum(1 for s in learning.skills_to_rate(wb.answers, roles) if s["own"] is None) if roles else 0
    return render(_GAPS, roles=roles, gaps=gaps, top=[g for g in gaps if g["gap"] > 0][:3],
                  met=[g["skill"] for g in gaps if g["gap"] == 0], unrated=unrated,
                  attribution=Markup(onet_attribution_html()))


_PLAN = """
{% if not s.total %}
<div class='ck-chart-empty'>Your plan summary appears here once you add a first item to your learning plan.</div>
{% else %}
<div class='ck-card'>
<h4>Your plan at a glance</h4>
<p>{% for key, label in labels.items() if s.counts.get(key) %}{{ label }}: <b>{{ s.counts[key] }}</b>{% if not loop.last %} · {% endif %}{% endfor %}</p>
<p>Cost of everything not dropped: <b>{{ "{:,.0f}".format(s.cost) }}</b>{% if s.budget is not none %} of your
{{ "{:,.0f}".format(s.budget) }} for the year{% if s.over_budget %} <span class='ck-error'>(over budget by
{{ "{:,.0f}".format(s.cost - s.budget) }}: look for a free or cheaper route for one item)</span>{% endif %}{% endif %}.
{% if s.spent %}Already committed: {{ "{:,.0f}".format(s.spent) }}.{% endif %}</p>
{% if s.overdue %}<p><b>Past their finish date:</b> {{ s.overdue | join("; ") }}. Move the date or mark them done or dropped.</p>{% endif %}
{% if s.uncovered %}<p><b>Gaps with nothing planned yet:</b> {{ s.uncovered | join(", ") }}.</p>
{% else %}<p class='ck-muted'>Every gap you have chosen to close has at least one item in the plan.</p>{% endif %}
</div>
{% endif %}
"""


@register(WB, "plan_summary")
def plan_summary(wb) -> str:
    """Counts by status, cost against budget, overdue items, and gaps nothing in the plan closes."""
    return render(_PLAN, s=learning.plan_summary(wb.answers), labels=learning.STATUS_LABELS)


_TRENDS = """
{% if not groups %}
<div class='ck-chart-empty'>Add a trend or two above and they are grouped here by when they will matter.</div>
{% else %}
{% for horizon, rows in groups %}
<div class='ck-card'>
<h4>{{ horizon }}</h4>
<ul>
{% for r in rows %}
  <li><b>{{ r.trend }}</b>{% if r.kind %} <span class='ck-muted'>({{ kinds.get(r.kind, r.kind) }})</span>{% endif %}
  {% if r.response %} · <i>{{ responses.get(r.response, r.response) }}</i>{% endif %}
  {% if r.why %}<br>{{ r.why }}{% endif %}
  {% if r.source %}<br><span class='ck-muted'>Following it through: {{ r.source }}</span>{% endif %}</li>
{% endfor %}
</ul>
</div>
{% endfor %}
{% endif %}
"""


@register(WB, "trends_watch")
def trends_watch(wb) -> str:
    """Trends grouped by when they will matter, with why and where the person follows them."""
    field = content.workbook(WB).field("trends")
    kinds = {c.value: c.label for c in field.sub("kind").choices}
    responses = {c.value: c.label for c in field.sub("response").choices}
    return render(_TRENDS, groups=learning.trends_by_horizon(wb.answers), kinds=kinds, responses=responses)


# -- staying current: the watch list ------------------------------------------------------------
_WATCH = """
{% if not roles %}
<div class='ck-chart-empty'>Tick the roles to compare yourself with at the top of this workbook; the technology
they use appears here.</div>
{% elif not items %}
<div class='ck-chart-empty'>O*NET flags no technology as hot or in demand for the roles you ticked.</div>
{% else %}
<div class='ck-card'>
<p class='ck-muted'>For {{ roles | join(", ") }}: {{ items | length }} item{{ "" if items | length == 1 else "s" }}
O*NET flags. <b>Hot</b>: often named in job postings. <b>In demand</b>: often asked for by these roles' employers.</p>
<ul>{% for i in items[:limit] %}<li><b>{{ i.item }}</b> <span class='ck-muted'>{{ i.category }}
{%- if i.hot %} · hot{% endif %}{% if i.in_demand %} · in demand{% endif %} · {{ i.roles | join(", ") }}</span>
{%- if i.in_plan %} <span class='ck-saved'>✓ in your plan</span>{% endif %}</li>{% endfor %}</ul>
{% if items | length > limit %}<p class='ck-muted'>and {{ items | length - limit }} more; pick any of them below.</p>{% endif %}
</div>
{% endif %}
"""


class WatchList(w.VBox):
    """The Hot Technology and In Demand items of the target roles, each one click from the learning plan."""

    LIMIT = 15

    def __init__(self, wb):
        self.wb = wb
        self.summary = w.HTML()
        self.pick = w.Dropdown(description="Add to my plan", style={"description_width": "initial"},
                               layout=w.Layout(width="28em"))
        self.button = w.Button(description="Add as an idea", icon="plus")
        self.button.on_click(lambda _b: self.add(self.pick.value))
        self.message = w.HTML()
        self.items: list[str] = []
        super().__init__([self.summary, w.HBox([self.pick, self.button]), self.message])
        self.add_class("ck-watch-list")
        self.refresh()
        wb.on_change(self.refresh)

    def refresh(self) -> None:
        roles = learning.chosen_roles(self.wb.answers)
        watch = learning.watch_list(self.wb.answers, roles)
        self.items = [i["item"] for i in watch]
        self.summary.value = render(_WATCH, roles=[r["title"] for r in roles], items=watch, limit=self.LIMIT)
        options = [i["item"] for i in watch if not i["in_plan"]]
        self.pick.options = options
        self.pick.layout.display = self.button.layout.display = "" if options else "none"

    def add(self, item: str | None) -> None:
        """Add one watch-list item to the learning plan as an idea (once)."""
        if not item or item not in self.items:
            self.message.value = "<div class='ck-error' role='alert'>⚠ Pick an item from the list first.</div>"
            return
        rows = [dict(r) for r in self.wb.answers.rows(f"{WB}.plan")]
        if any(" ".join(str(r.get(k) or "").casefold().split()) in (item.casefold(), f"learn {item}".casefold())
               for r in rows for k in ("item", "skill")):
            self.message.value = render("<div class='ck-notice'>“{{ i }}” is already in your plan.</div>", i=item)
            return
        rows.append({"item": f"Learn {item}", "kind": "course", "skill": item, "status": "idea"})
        try:
            self.wb.save("plan", rows)
        except (InvalidAnswer, StoreError) as exc:
            self.message.value = render("<div class='ck-error' role='alert'>⚠ {{ t }}</div>",
                                        t=exc.message if isinstance(exc, InvalidAnswer) else str(exc))
            return
        self.message.value = render("<div class='ck-status ck-saved' role='status'>✓ “{{ i }}” added to your plan as "
                                    "an idea. Give it a provider and dates in the plan above.</div>", i=item)
        self.refresh()


@register(WB, "watch_list")
def watch_list(wb) -> w.Widget:
    """Hot Technology and In Demand items of the target roles, ready to add to the plan."""
    return WatchList(wb)
