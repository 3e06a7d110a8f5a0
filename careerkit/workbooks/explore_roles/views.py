"""Panels and tools of workbook 02: the occupation explorer, the shortlist at a glance, a question bank.

The explorer ranks occupations with :func:`careerkit.core.logic.matching.rank_occupations` (method
documented there) from the person's interest profile, filtered by the Job Zones and
keyword kept in this workbook's interface fields, and adds picks to the shortlist
through ``wb.save`` so every addition is validated and kept like a typed answer.
"""

from __future__ import annotations

import html

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


class Explorer(w.VBox):
    """The occupation explorer: filters, ranked matches with reasons, and "Add to shortlist"."""

    def __init__(self, wb):
        self.wb = wb
        self.shown = PAGE
        self.zones = wb.field("explore_zones")
        self.keyword = wb.field("explore_keyword")
        self.zones.on_change(lambda *_: self._filters_changed())
        self.keyword.on_change(lambda *_: self._filters_changed())
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
        super().__init__([self.profile_note, filters, self.suggestion_box, self.status, self.count,
                          self.results, self.more, w.HTML(onet_attribution_html())])
        self.add_class("ck-explorer")
        wb.on_change(self.refresh)
        self.refresh()

    # -- data --------------------------------------------------------------------------------
    def matches(self) -> tuple[list, int]:
        """The occupations to show now and how many match the filters in all."""
        answers = self.wb.answers
        scores = derived.interest_profile(answers).scores
        zones = exploration.zone_filter(self.zones.value)
        keyword = (self.keyword.value or "").strip() or None
        ranked = matching.rank_occupations(scores, job_zones=zones, keyword=keyword, limit=None)
        if ranked or sum(v is not None for v in scores.values()) >= 3:
            return ranked[: self.shown], len(ranked)
        # No interest profile yet: still let the person browse by keyword, unranked.
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
        if profile.code:
            self.profile_note.value = render(
                "<div class='ck-intro'>Ranked for your interest code <b>{{ code }}</b> ({{ names }}).</div>",
                code=profile.code, names=", ".join(riasec.NAMES[t] for t in profile.code))
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
        self.results.children = [self._row(m, rows) for m in matches]
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
        return w.HBox([card, button], layout=w.Layout(align_items="center"))

    def _draw_suggestions(self, answers) -> None:
        items = exploration.suggestions(answers)
        if not items:
            self.suggestion_box.children = []
            return
        children: list[w.Widget] = [w.HTML("<div class='ck-label'>From workbook 1: roles you wanted to look into</div>")]
        for item in items:
            occ = item["occupation"]
            text = item["text"]
            label = render("“{{ t }}”{% if o %} · in O*NET as <b>{{ o.title }}</b> (fit {{ fit }}){% endif %}",
                           t=text, o=occ, fit=self._fit_text(answers, occ.code) if occ else "")
            buttons = []
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
            self.status.value = f"<div class='ck-error' role='alert'>⚠ {html.escape(exc.message)}</div>"
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
  {% if o.reason %}<br><span class='ck-muted'>{{ o.reason }}</span>{% endif %}</td>
  <td>{% if o.fit is not none %}{{ o.fit | round | int }}/100{% elif o.onet_code %}<span class='ck-muted'>finish your interest profile</span>{% else %}<span class='ck-muted'>no O*NET link</span>{% endif %}</td>
  <td>{% if o.job_zone %}{{ zones[o.job_zone] }}{% else %}<span class='ck-muted'>—</span>{% endif %}</td>
  <td>{% if o.my_fit %}{{ o.my_fit }}/5{% else %}<span class='ck-muted'>not rated</span>{% endif %}</td>
</tr>
{% endfor %}
</table>
{% if unknown %}<p class='ck-error'>Not found in O*NET, so not linked: {{ unknown | join(', ') }}. Check the code, or leave it empty.</p>{% endif %}
{% if gaps %}<p class='ck-muted'>Where the interest fit and your own rating disagree ({{ gaps | join(', ') }}), that is worth a conversation:
either the role is different from how it looks, or something other than interests is pulling you.</p>{% endif %}
{% if linked %}{{ attribution }}{% endif %}
</div>
{% endif %}
"""


@register(WB, "shortlist_summary")
def shortlist_summary(wb) -> str:
    """The shortlist with interest fit, preparation level and the person's own rating."""
    options = exploration.shortlist(wb.answers)
    zones = {z: _zone_short(z).split(" · ")[1].capitalize() for z in onet.job_zones()}
    unknown = [(r.get("onet_code") or "").strip() for r in wb.answers.rows(f"{WB}.shortlist")
               if (r.get("onet_code") or "").strip() and exploration._valid_code(r.get("onet_code")) is None]
    gaps = [o["title"] for o in options if o["fit"] is not None and o["my_fit"]
            and abs(o["fit"] / 25 + 1 - o["my_fit"]) >= 2]
    return render(_SHORTLIST, options=options, zones=zones, unknown=unknown, gaps=gaps,
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
            groups.append(w.VBox([w.HTML(f"<div class='ck-sublabel'>{html.escape(theme)}</div>"), *boxes]))
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
            self.status.value = f"<div class='ck-error' role='alert'>⚠ {html.escape(exc.message)}</div>"
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
