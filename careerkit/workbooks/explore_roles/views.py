"""Panels and tools of workbook 02: the occupation explorer, the shortlist at a glance, a question bank.

The explorer ranks occupations with :func:`careerkit.core.logic.matching.rank_occupations` (method
documented there) from the person's interest profile, filtered by the Job Zones and
keyword kept in this workbook's interface fields, and adds picks to the shortlist
through ``wb.save`` so every addition is validated and kept like a typed answer.
"""

from __future__ import annotations

import ipywidgets as w
from markupsafe import Markup

from careerkit.core.logic import derived, exploration, matching, riasec
from careerkit.core import onet
from careerkit.core.validation import InvalidAnswer
from careerkit.presentation.views.core import onet_attribution_html, register, render

WB = exploration.WB

#: How many occupations the explorer shows at first, and how many more per click.
PAGE = 10
MAX_SHOWN = 60


def _zone_short(zone: int | None) -> str:
    if not zone:
        return "preparation level not rated"
    plain = onet.job_zones()[zone].plain
    return f"Job Zone {zone} · {plain.split(':')[0].lower()}"


_RESULT = """
<div class='ck-card ck-occupation'>
  <b>{{ m.title }}</b>
  <span class='ck-muted'>· {% if m.fit is not none %}fit {{ m.fit | round | int }}/100 · {% endif %}{{ zone }}</span>
  {% if m.reason %}<div>{{ m.reason }}</div>{% endif %}
  <details><summary>What the work involves</summary><div class='ck-muted'>{{ m.description }}</div></details>
</div>
"""

_ZONES = """
<details class='ck-help'><summary>What the preparation levels mean</summary>
<ul>{% for z in zones %}<li><b>{{ z.zone }}</b> · {{ z.plain }}</li>{% endfor %}</ul>
<span class='ck-muted'>These are O*NET's Job Zones. They describe what most people in the job have, not a rule:
career changers often enter with less and learn on the job.</span></details>
"""


_DETAIL = """
<div class='ck-card ck-occupation-detail' data-code='{{ occ.code }}'>
<h4>{{ occ.title }} <span class='ck-muted'>· O*NET {{ occ.code }}</span></h4>
<p>{{ occ.description }}</p>
{% if base %}<p class='ck-muted'>Interest fit {{ base.fit | round | int }}/100. {{ base.reason }}</p>{% endif %}
{% if tasks %}
<h5>What you would do</h5>
<ul>{% for t in tasks[:8] %}<li>{{ t.text }}{% if not t.core %} <span class='ck-muted'>(supplemental)</span>{% endif %}</li>{% endfor %}</ul>
{% if tasks | length > 8 %}<details><summary>All {{ tasks | length }} tasks ({{ core }} core)</summary>
<ul>{% for t in tasks[8:] %}<li>{{ t.text }}{% if not t.core %} <span class='ck-muted'>(supplemental)</span>{% endif %}</li>{% endfor %}</ul></details>{% endif %}
{% endif %}
{% if skills %}
<h5>Top skills</h5>
<ul>{% for k in skills %}<li>{{ k.name }} <span class='ck-muted'>· importance {{ '%.1f' | format(k.importance) }} of 5</span></li>{% endfor %}</ul>
{% endif %}
{% if overlap %}
<h5>From your current job ({{ current }})</h5>
{% if overlap.share is not none %}<p>{{ (overlap.share * 100) | round | int }}% of this work's important skills you already use at about the level needed{% if overlap.carry %}: {{ overlap.carry | join(', ') }}{% endif %}.</p>{% endif %}
{% if overlap.grow %}<p>To grow: {% for g in overlap.grow %}{{ g[0] }} <span class='ck-muted'>(level {{ '%.1f' | format(g[1]) }} → {{ '%.1f' | format(g[2]) }} of 7)</span>{{ ', ' if not loop.last }}{% endfor %}.</p>{% endif %}
{% endif %}
{% if flags %}<h5>Checks from where you stand</h5><ul class='ck-flags'>{% for f in flags %}<li>{{ f }}</li>{% endfor %}</ul>{% endif %}
{% if tech %}
<h5>Technology used</h5>
<ul>{% for t in tech[:12] %}<li>{{ t.example }} <span class='ck-muted'>· {{ t.category }}</span>{% if t.hot %} <span class='ck-badge ck-hot' title='O*NET Hot Technology: often named in job postings'>Hot Technology</span>{% endif %}{% if t.in_demand %} <span class='ck-badge ck-in-demand' title='O*NET In Demand: frequently asked for in postings for this occupation'>In Demand</span>{% endif %}</li>{% endfor %}</ul>
{% if tech | length > 12 %}<p class='ck-muted'>And {{ tech | length - 12 }} more.</p>{% endif %}
{% endif %}
{% if education %}
<h5>Education people in this job say is required</h5>
<ul>{% for level, pct in education %}<li>{{ level }}: <b>{{ pct | round | int }}%</b></li>{% endfor %}</ul>
{% endif %}
{% if zone %}<h5>Preparation: Job Zone {{ zone.zone }}</h5><p>{{ zone.name }}. {{ zone.plain }}</p>{% endif %}
{% if occ.interests %}
<h5>Interest profile</h5>
<p>{% for t, v in interests %}{{ names[t] }} {{ '%.1f' | format(v) }}{{ ' · ' if not loop.last }}{% endfor %} <span class='ck-muted'>(O*NET, 1–7)</span>
{% if occ.holland_code %}<br>O*NET's high points: <b>{{ occ.holland_code }}</b>{% endif %}</p>
{% endif %}
{% if related %}
<h5>Related occupations</h5>
<ul>{% for r in related %}<li>{{ r.title }}{% if r.fit is not none %} <span class='ck-muted'>· fit {{ r.fit | round | int }}</span>{% endif %}{% if r.job_zone %} <span class='ck-muted'>· Job Zone {{ r.job_zone }}</span>{% endif %}</li>{% endfor %}</ul>
{% endif %}
{{ attribution }}
</div>
"""


def occupation_detail(code: str, answers=None) -> str:
    """Everything about one occupation, as deep as My Next Move: description, tasks (core
    first), top skills, technology with Hot Technology and In Demand flags, required
    education, Job Zone, interest profile and related occupations; with ``answers``, also
    the interest fit, the skills that carry over from the current job and the person's checks."""
    from careerkit.core.logic import standing

    occ = onet.occupation(code)
    tasks = onet.tasks(code)
    scores = derived.interest_profile(answers).scores if answers is not None else None
    base = matching.fit_for(scores, code) if scores else None
    overlap = current = None
    flags: list[str] = []
    if answers is not None:
        me = standing.standing(answers)
        if me.occupation is not None and me.occupation.code != code:
            overlap = standing.transferable_skills(me.occupation.code, code)
            current = me.occupation.title
        flags = standing.constraint_flags(answers, code)
    return render(
        _DETAIL, occ=occ, tasks=tasks, core=sum(t.core for t in tasks),
        skills=[k for k in onet.skills(code) if not k.suppress][:8],
        tech=onet.technology(code), education=onet.education(code),
        zone=onet.job_zones().get(occ.job_zone) if occ.job_zone else None,
        interests=list(occ.interests.items()) if occ.interests else [], names=riasec.NAMES,
        related=standing.nearby_moves(code, scores=scores, limit=10, primary_only=False),
        base=base, overlap=overlap, current=current, flags=flags,
        attribution=Markup(onet_attribution_html()))


class Explorer(w.VBox):
    """The occupation explorer: filters, ranked matches with reasons, and "Add to shortlist"."""

    def __init__(self, wb):
        self.wb = wb
        self.shown = PAGE
        #: occupations opened with "Explore", kept open when the list is redrawn after a save
        self.opened: set[str] = set()
        self._drawn: tuple | None = None
        self.zones = wb.field("explore_zones")
        self.keyword = wb.field("explore_keyword")
        self.zones.on_change(lambda *_: self._filters_changed())
        self.keyword.on_change(lambda *_: self._filters_changed())
        self.lookup = wb.field("explore_lookup")
        self.lookup.on_change(lambda *_: self._show_lookup())
        self.lookup_detail = w.HTML()
        self.lookup_detail.add_class("ck-lookup-detail")
        self.baseline = w.HTML()
        self.profile_note = w.HTML()
        self.suggestion_box = w.VBox()
        self.suggestion_box.add_class("ck-suggestions")
        self.count = w.HTML()
        self.results = w.VBox()
        self.results.add_class("ck-explorer-results")
        self.status = w.HTML()
        self.status.add_class("ck-message")
        self.more = w.Button(description="Show more", icon="chevron-down",
                             tooltip="Show more occupations from this list")
        self.more.on_click(lambda _b: self._show_more())
        filters = w.VBox([self.zones, w.HTML(render(_ZONES, zones=list(onet.job_zones().values()))),
                          self.keyword])
        filters.add_class("ck-form")
        lookup = w.VBox([self.lookup, self.lookup_detail])
        lookup.add_class("ck-form")
        super().__init__([self.profile_note, lookup, filters, self.suggestion_box, self.status, self.baseline,
                          self.count, self.results, self.more, w.HTML(onet_attribution_html())])
        self.add_class("ck-explorer")
        wb.on_change(self.refresh)
        self.refresh()
        self._show_lookup()

    def _show_lookup(self) -> None:
        occ = onet.linked(self.lookup.value)
        self.lookup_detail.value = occupation_detail(occ.code, self.wb.answers) if occ else ""

    # -- data --------------------------------------------------------------------------------
    def matches(self) -> tuple[list, int]:
        """The occupations to show now and how many match the filters in all."""
        answers = self.wb.answers
        profile = derived.interest_profile(answers)
        scores = profile.scores
        zones = exploration.zone_filter(self.zones.value)
        keyword = (self.keyword.value or "").strip() or None
        if riasec.verdict(profile).ranked:
            ranked = matching.rank_occupations(scores, job_zones=zones, keyword=keyword, limit=None)
            return ranked[: self.shown], len(ranked)
        # No interest code (not enough answers, or a flat profile): browse by keyword, unranked.
        if not keyword:
            return [], 0
        found = [o for o in onet.search(keyword) if o.interests is not None
                 and (zones is None or o.job_zone in zones)]
        unranked = [matching.Match(o.code, o.title, o.description, o.job_zone, None, 0.0, (), "")
                    for o in found]
        return unranked[: self.shown], len(unranked)

    # -- drawing -----------------------------------------------------------------------------
    def _filters_changed(self) -> None:
        self.shown = PAGE
        self.status.value = ""
        self.refresh()

    def _show_more(self) -> None:
        self.shown = min(self.shown + PAGE, MAX_SHOWN)
        self.refresh()

    def refresh(self) -> None:
        """Redraw the profile note, suggestions and results from the current answers."""
        answers = self.wb.answers
        profile = derived.interest_profile(answers)
        verdict = riasec.verdict(profile)
        if verdict.ranked:
            self.profile_note.value = render(
                "<div class='ck-intro'>Ranked for your interest code <b>{{ code }}</b> ({{ names }}).{% if ties %}"
                " <span class='ck-ties'>{{ ties }}</span>{% endif %}</div>",
                code=profile.code, names=", ".join(riasec.NAMES[t] for t in profile.code), ties=verdict.ties)
        elif verdict.kind in ("flat", "low"):
            self.profile_note.value = render(
                "<div class='ck-notice ck-interest-verdict ck-{{ v.kind }}'><b>{{ v.headline }}.</b> {{ v.text }}"
                "<ul>{% for g in v.guidance %}<li>{{ g }}</li>{% endfor %}</ul>"
                "Search for a word below to browse occupations, unranked.</div>", v=verdict)
        else:
            self.profile_note.value = (
                "<div class='ck-notice'>Your interest profile is not complete yet, so occupations cannot be "
                "ranked for you. Finish “Your interest profile” in <a href='01_self_reflection.ipynb'>workbook 1</a>; "
                "meanwhile you can search by keyword.</div>")
        self._draw_suggestions(answers)
        matches, total = self.matches()
        rows = answers.rows(f"{WB}.shortlist")
        if not matches:
            self.count.value = ("<div class='ck-chart-empty'>No occupation matches these filters. Try another word "
                                "or tick more preparation levels.</div>" if total == 0 and (
                                    self.keyword.value or profile.code) else "")
        else:
            self.count.value = render("<div class='ck-muted'>Showing {{ n }} of {{ total }} occupation{{ 's' if total != 1 }}"
                                      "{% if ranked %}, best fit first{% endif %}.</div>",
                                      n=len(matches), total=total, ranked=matches[0].fit is not None)
        base = None
        if verdict.ranked:
            from careerkit.core.logic import standing

            base = standing.baseline(answers, profile.scores)
        self.baseline.value = render(
            "<div class='ck-baseline'><b>{{ b.title }}</b>, your current job, would score <b>{{ b.fit | round | int }}</b>"
            " (number {{ b.rank }} of {{ b.of }} before any filter).</div>", b=base) if base else ""
        # Rows are rebuilt only when the list itself changes, so a click on a row is never
        # lost to a redraw after a save; open details are brought up to date instead.
        key = tuple((m.code, m.title, m.fit, m.reason,
                     exploration.is_shortlisted(rows, title=m.title, onet_code=m.code)) for m in matches)
        if key != self._drawn:
            self._drawn = key
            self.results.children = [self._row(m, rows) for m in matches]
        else:
            for result in self.results.children:
                detail, code = result.children[1], result.code
                if code in self.opened:
                    detail.value = occupation_detail(code, answers)
        self.more.layout.display = "" if len(matches) < min(total, MAX_SHOWN) else "none"

    def _row(self, match, rows) -> w.Widget:
        card = w.HTML(render(_RESULT, m=match, zone=_zone_short(match.job_zone)),
                      layout=w.Layout(flex="1 1 auto"))
        listed = exploration.is_shortlisted(rows, title=match.title, onet_code=match.code)
        button = w.Button(description="On your shortlist" if listed else "Add to shortlist",
                          icon="check" if listed else "plus", disabled=listed,
                          tooltip=f"Add {match.title} to your shortlist",
                          layout=w.Layout(width="13em", flex="0 0 auto"))
        button.on_click(lambda _b, m=match: self.add(m.title, onet_code=m.code))
        opened = match.code in self.opened
        detail = w.HTML(occupation_detail(match.code, self.wb.answers) if opened else "")
        detail.add_class("ck-detail")
        explore = w.ToggleButton(value=opened, description="Explore", icon="search",
                                 tooltip=f"Everything about {match.title}: tasks, skills, technology, education",
                                 layout=w.Layout(width="9em", flex="0 0 auto"))
        explore.add_class("ck-explore")

        def toggle(change, code=match.code):
            (self.opened.add if change["new"] else self.opened.discard)(code)
            detail.value = occupation_detail(code, self.wb.answers) if change["new"] else ""

        explore.observe(toggle, "value")
        row = w.HBox([card, button, explore], layout=w.Layout(align_items="center"))
        box = w.VBox([row, detail])
        box.add_class("ck-result")
        box.code = match.code
        return box

    def _draw_suggestions(self, answers) -> None:
        items = exploration.suggestions(answers)
        if not items:
            self.suggestion_box.children = []
            return
        children: list[w.Widget] = [w.HTML("<div class='ck-label'>From workbook 1: roles you wanted to look into</div>")]
        for item in items:
            occ = item["occupation"]
            text = item["text"]
            label = render("“{{ t }}”{% if o %} · in O*NET as <b>{{ o.title }}</b> (fit {{ fit }}){% elif opts %}"
                           " · in O*NET this could be one of these; pick one to link it{% endif %}",
                           t=text, o=occ, opts=item.get("options"), fit=self._fit_text(answers, occ.code) if occ else "")
            buttons = []
            for option in item.get("options") or []:
                if occ is not None and option.code == occ.code:
                    continue
                b = w.Button(description=option.title, icon="plus", tooltip=f"Add {option.title}",
                             layout=w.Layout(width="auto"))
                b.on_click(lambda _b, o=option, t=text: self.add(
                    o.title, onet_code=o.code, notes=f"You noted “{t}” in workbook 1."))
                buttons.append(b)
            if occ is not None:
                b = w.Button(description="Add the O*NET role", icon="plus", tooltip=f"Add {occ.title}",
                             layout=w.Layout(width="auto"))
                b.on_click(lambda _b, o=occ, t=text: self.add(
                    o.title, onet_code=o.code, notes=f"You noted “{t}” in workbook 1."))
                buttons.append(b)
            b = w.Button(description="Add as I typed it", icon="plus", tooltip=f"Add {text}",
                         layout=w.Layout(width="auto"))
            b.on_click(lambda _b, t=text: self.add(t, notes="Noted in workbook 1."))
            buttons.append(b)
            children.append(w.HBox([w.HTML(label, layout=w.Layout(flex="1 1 auto"))] + buttons,
                                   layout=w.Layout(align_items="center")))
        self.suggestion_box.children = children

    def _fit_text(self, answers, code: str) -> str:
        match = matching.fit_for(derived.interest_profile(answers).scores, code)
        return f"{match.fit:.0f}/100" if match else "not rated yet"

    # -- acting ------------------------------------------------------------------------------
    def add(self, title: str, *, onet_code: str | None = None, notes: str = "") -> bool:
        """Add an option to the shortlist (validated and saved); returns whether it was added."""
        self.wb.saver.flush()  # keep anything typed into the shortlist a moment ago
        rows = self.wb.answers.rows(f"{WB}.shortlist")
        new_rows, added = exploration.add_to_shortlist(rows, title, kind="role", onet_code=onet_code, notes=notes)
        if not added:
            self.status.value = render("<div class='ck-status'>“{{ t }}” is already on your shortlist.</div>", t=title)
            return False
        try:
            kept = self.wb.save("shortlist", new_rows)
        except InvalidAnswer as exc:
            self.status.value = render("<div class='ck-error' role='alert'>⚠ {{ m }}</div>", m=exc.message)
            return False
        if kept is None:  # the answers file is busy: held, and the workbook says so
            from careerkit.presentation.workbook import HELD

            self.status.value = render("<div class='ck-status ck-held'>Added “{{ t }}” to your shortlist, "
                                       "{{ held }}.</div>", t=title, held=HELD)
        else:
            self.status.value = render("<div class='ck-status ck-saved'>✓ Added “{{ t }}” to your shortlist. "
                                       "Rate it and add notes in “Your shortlist” below.</div>", t=title)
        self.refresh()
        return True


@register(WB, "explorer")
def explorer(wb) -> w.Widget:
    """The occupation explorer (a widget that manages itself)."""
    return Explorer(wb)


_SHORTLIST = """
{% if not options %}
<div class='ck-chart-empty'>Your shortlist is empty. Add roles from the explorer above, or type your own.</div>
{% else %}
<div class='ck-card'>
<h4>Your shortlist at a glance</h4>
<table class='ck-progress-table'>
<tr><th align='left'>Option</th><th align='left'>Interest fit</th><th align='left'>Preparation</th><th align='left'>Your fit</th></tr>
{% for o in options %}
<tr>
  <td><b>{{ o.title }}</b>{% if o.kind == 'industry' %} <span class='ck-muted'>(industry)</span>{% endif %}
  {% if o.reason %}<br><span class='ck-muted'>{{ o.reason }}</span>{% endif %}
  {% if o.carry %}<br><span class='ck-carry'>From your current job: {{ o.carry }}</span>{% endif %}
  {% if o.flags %}<ul class='ck-flags'>{% for f in o.flags %}<li>{{ f }}</li>{% endfor %}</ul>{% endif %}</td>
  <td>{% if o.fit is not none %}{{ o.fit | round | int }}/100{% elif o.onet_code %}<span class='ck-muted'>finish your interest profile</span>{% else %}<span class='ck-muted'>no O*NET link</span>{% endif %}</td>
  <td>{% if o.job_zone %}{{ zones[o.job_zone] }}{% else %}<span class='ck-muted'>—</span>{% endif %}</td>
  <td>{% if o.my_fit %}{{ o.my_fit }}/5{% else %}<span class='ck-muted'>not rated</span>{% endif %}</td>
</tr>
{% endfor %}
</table>
{% if unknown %}<p class='ck-error'>Not found in O*NET, so not linked: {{ unknown | join(', ') }}. Check the code, or leave it empty.</p>{% endif %}
{% if gaps %}<p class='ck-muted'>Where the interest fit and your own rating disagree ({{ gaps | join(', ') }}), that is worth a conversation:
either the role is different from how it looks, or something other than interests is pulling you.</p>{% endif %}
{% if checks %}<p class='ck-muted'>For every option, check what O*NET cannot tell you:</p>
<ul class='ck-checks'>{% for c in checks %}<li>{{ c[6:7] | upper }}{{ c[7:] }}</li>{% endfor %}</ul>{% endif %}
{% if linked %}{{ attribution }}{% endif %}
</div>
{% endif %}
"""


@register(WB, "shortlist_summary")
def shortlist_summary(wb) -> str:
    """The shortlist with interest fit, preparation level and the person's own rating."""
    from careerkit.core.logic import standing

    options = exploration.shortlist(wb.answers)
    current = standing.standing(wb.answers).occupation
    for o in options:
        o["carry"], o["flags"] = "", []
        if o["onet_code"]:
            o["flags"] = [f for f in standing.constraint_flags(wb.answers, o["onet_code"])
                          if not f.startswith("Check ")]
            if current is not None and current.code != o["onet_code"]:
                overlap = standing.transferable_skills(current.code, o["onet_code"])
                if overlap.share is not None:
                    o["carry"] = (f"{round(overlap.share * 100)}% of its important skills"
                                  + (f"; to grow: {', '.join(g[0] for g in overlap.grow[:3])}" if overlap.grow else ""))
    checks = [f for f in standing.constraint_flags(wb.answers, options[0]["onet_code"])
              if f.startswith("Check ")] if options and options[0]["onet_code"] else []
    zones = {z: _zone_short(z).split(" · ")[1].capitalize() for z in onet.job_zones()}
    unknown = [(r.get("onet_code") or "").strip() for r in wb.answers.rows(f"{WB}.shortlist")
               if (r.get("onet_code") or "").strip() and exploration._valid_code(r.get("onet_code")) is None]
    gaps = [o["title"] for o in options if o["fit"] is not None and o["my_fit"]
            and abs(o["fit"] / 25 + 1 - o["my_fit"]) >= 2]
    return render(_SHORTLIST, options=options, zones=zones, unknown=unknown, gaps=gaps, checks=checks,
                  linked=any(o["onet_code"] for o in options), attribution=Markup(onet_attribution_html()))


class QuestionBank(w.VBox):
    """Starter questions to tick and copy into a planned conversation."""

    def __init__(self, wb):
        self.wb = wb
        self.boxes: list[tuple[str, w.Checkbox]] = []
        groups: list[w.Widget] = []
        for theme, questions in exploration.STARTER_QUESTIONS.items():
            boxes = []
            for q in questions:
                box = w.Checkbox(value=False, description=q, indent=False, layout=w.Layout(width="100%"),
                                 style={"description_width": "initial"})
                self.boxes.append((q, box))
                boxes.append(box)
            groups.append(w.VBox([w.HTML(render("<div class='ck-sublabel'>{{ t }}</div>", t=theme)), *boxes]))
        self.target = w.Dropdown(description="Add to", layout=w.Layout(width="28em"))
        self.button = w.Button(description="Add ticked questions", icon="plus",
                               tooltip="Copy the ticked questions into this conversation's plan")
        self.button.on_click(lambda _b: self.add())
        self.status = w.HTML()
        self.status.add_class("ck-message")
        super().__init__([*groups, w.HBox([self.target, self.button]), self.status])
        self.add_class("ck-question-bank")
        wb.on_change(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """Offer the planned conversations as targets (kept selected across redraws)."""
        rows = self.wb.answers.rows(f"{WB}.interview_plan")
        options = []
        for index, row in enumerate(rows, start=1):
            name = (row.get("who") or "").strip() or f"Conversation {index}"
            role = (row.get("role") or "").strip()
            options.append((f"{name} · {role}" if role else name, row["_id"]))
        current = self.target.value
        self.target.options = options
        if options:
            self.target.value = current if current in [v for _, v in options] else options[0][1]
        self.button.disabled = not options
        if not options:
            self.status.value = ("<div class='ck-help'>Add someone to “People to talk to” below, "
                                 "then copy questions into their plan here.</div>")

    def add(self) -> int:
        """Copy the ticked questions into the chosen conversation; returns how many were new."""
        ticked = [q for q, box in self.boxes if box.value]
        if not ticked:
            self.status.value = "<div class='ck-status'>Tick one or more questions first.</div>"
            return 0
        self.wb.saver.flush()
        rows = [dict(r) for r in self.wb.answers.rows(f"{WB}.interview_plan")]
        row = next((r for r in rows if r.get("_id") == self.target.value), None)
        if row is None:
            self.status.value = "<div class='ck-status'>Choose a conversation to add the questions to.</div>"
            return 0
        before = [line for line in (row.get("questions") or "").splitlines() if line.strip()]
        row["questions"] = exploration.append_questions(row.get("questions"), ticked)
        added = len([line for line in row["questions"].splitlines() if line.strip()]) - len(before)
        try:
            self.wb.save("interview_plan", rows)
        except InvalidAnswer as exc:
            self.status.value = render("<div class='ck-error' role='alert'>⚠ {{ m }}</div>", m=exc.message)
            return 0
        for _q, box in self.boxes:
            box.value = False
        who = (row.get("who") or "this conversation").strip()
        self.status.value = render("<div class='ck-status ck-saved'>✓ Added {{ n }} question{{ 's' if n != 1 }} "
                                   "to the plan for {{ who }}.</div>", n=added, who=who)
        return added


@register(WB, "question_bank")
def question_bank(wb) -> w.Widget:
    """Starter questions for informational interviews, copied into a plan with one click."""
    return QuestionBank(wb)


_STAND = """
{% if not me.asked %}
<div class='ck-chart-empty'>Tell careerkit where you stand now (your current job and your limits) in
<a href='00_start_here.ipynb'>Start here</a>, and this shows the moves closest to it.</div>
{% else %}
<div class='ck-card ck-where-you-stand'>
<h4>From where you stand</h4>
{% if me.occupation %}
<p>Now: <b>{{ me.occupation.title }}</b>{% if me.years is not none %}, {{ '%g' | format(me.years) }} years{% endif %}.
{% if base %}Its interest fit for you is <b>{{ base.fit | round | int }}</b> (number {{ base.rank }} of {{ base.of }}).{% endif %}</p>
{% if moves %}
<p>Nearby moves: the occupations O*NET relates most closely to yours. Moves like these keep most of your skills.</p>
<ol>{% for m in moves %}<li><b>{{ m.title }}</b>{% if m.fit is not none %} · fit {{ m.fit | round | int }}{% endif %}{% if m.job_zone %} · Job Zone {{ m.job_zone }}{% endif %}
{% if m.carry %}<br><span class='ck-muted'>{{ m.carry }}</span>{% endif %}</li>{% endfor %}</ol>
{% endif %}
{{ attribution }}
{% elif me.job %}
<p>Now: {{ me.job }} <span class='ck-muted'>(not linked to an O*NET occupation: pick one of the suggestions in
<a href='00_start_here.ipynb'>Start here</a> to see nearby moves and the skills that carry over)</span></p>
{% endif %}
{% if criteria %}<p>Your limits, checked against every option: {% for c in criteria %}{{ c.label }}{{ '; ' if not loop.last }}{% endfor %}.</p>{% endif %}
</div>
{% endif %}
"""


@register(WB, "where_you_stand")
def where_you_stand(wb) -> str:
    """The current job as a baseline, the nearby moves from it, and the person's limits."""
    from careerkit.core.logic import standing

    me = standing.standing(wb.answers)
    profile = derived.interest_profile(wb.answers)
    ranked = riasec.verdict(profile).ranked
    base = standing.baseline(wb.answers, profile.scores) if ranked and me.occupation else None
    moves = []
    if me.occupation is not None:
        moves = standing.nearby_moves(me.occupation.code, scores=profile.scores if ranked else None, limit=8)
        for m in moves:
            overlap = standing.transferable_skills(me.occupation.code, m["code"])
            m["carry"] = (f"{round(overlap.share * 100)}% of its important skills carry over"
                          if overlap.share is not None else "")
    return render(_STAND, me=me, base=base, moves=moves, criteria=standing.criteria(wb.answers),
                  attribution=Markup(onet_attribution_html()))
