"""Panels and tools of workbook 05: gaps in the mentor map, draft asks, the outreach
tracker with follow-ups due, and sending session action items to workbook 04."""

from __future__ import annotations

import datetime as _dt

import ipywidgets as w
from markupsafe import Markup

from careerkit.core.logic import goals, mentorship
from careerkit.core.validation import InvalidAnswer
from careerkit.presentation.views.core import register, render

WB = mentorship.WB

_CSS = Markup("""<style>
.ck-pipeline { display: grid; grid-template-columns: repeat(auto-fit, minmax(130px, 1fr)); gap: 8px; margin: 6px 0; }
.ck-stage { border: 1px solid #d9dee4; border-radius: 8px; padding: 6px 8px; background: #fbfcfd; }
.ck-stage h5 { margin: 0 0 4px 0; font-size: .9em; color: #0b4f71; }
.ck-stage .ck-count { font-size: 1.4em; font-weight: 700; color: #0b4f71; }
.ck-stage ul { margin: 2px 0 0 1em; padding: 0; font-size: .88em; }
.ck-late { color: #b3450b; font-weight: 600; }
.ck-draft { white-space: pre-wrap; background: #f7f9fb; border-left: 3px solid #56B4E9; padding: 6px 10px; margin: 4px 0 10px 0; }
</style>""")


def _when(value) -> str:
    if isinstance(value, str) and value:
        try:
            value = _dt.date.fromisoformat(value)
        except ValueError:
            return value
    return f"{value.day} {value:%b %Y}" if isinstance(value, _dt.date) else ""


_GAPS = """
{{ css }}
{% if not cover %}
<div class='ck-chart-empty'>Tick the kinds of guidance you want at the top of this workbook to see where your gaps are.</div>
{% else %}
<div class='ck-card'>
{% if gaps %}
<h4>Needs nobody on your map covers yet</h4>
<ul>{% for c in gaps %}<li><b>{{ c.need }}</b>: look for {{ look(c.need) }}.</li>{% endfor %}</ul>
{% else %}
<h4>Every need has someone who can help</h4>
{% endif %}
{% if thin %}
<h4>Covered, but only by people you barely know</h4>
<ul>{% for c in thin %}<li><b>{{ c.need }}</b>: {{ c.helpers | map(attribute="name") | join(", ") }}. A short, friendly first
contact now makes a bigger ask easier later.</li>{% endfor %}</ul>
{% endif %}
</div>
{% endif %}
"""


@register(WB, "coverage_gaps")
def coverage_gaps(wb) -> str:
    """Needs nobody covers (with where to look) and needs covered only by distant contacts."""
    cover = mentorship.coverage(wb.answers)
    gaps = [c for c in cover if not c["covered"]]
    thin = [c for c in cover if c["covered"] and (c["strongest"] or 0) <= 2]
    return render(_GAPS, css=_CSS, cover=cover, gaps=gaps, thin=thin,
                  look=lambda need: mentorship.where_to_look(need, wb.answers))


_DRAFTS = """
{{ css }}
{% if not drafts %}
<div class='ck-chart-empty'>{% if people %}Everyone on your map already has an ask in your tracker.
{% else %}Add people to your mentor map to get a starting draft of an ask for each.{% endif %}</div>
{% else %}
<div class='ck-card'>
<h4>Starting drafts for people you have not asked yet</h4>
<p class='ck-muted'>Rewrite each one in your own voice, then copy it into the tracker below as a new ask.</p>
{% for d in drafts %}
<b>{{ d.name }}</b>{% if d.relationship %} <span class='ck-muted'>· {{ d.relationship }}</span>{% endif %}
<div class='ck-draft'>{{ d.text }}</div>
{% endfor %}
</div>
{% endif %}
"""


@register(WB, "ask_drafts")
def ask_drafts(wb) -> str:
    """A starting draft of an ask for each person on the map who is not in the outreach tracker."""
    asked = {" ".join((r.get("person") or "").casefold().split()) for r in wb.answers.rows(f"{WB}.outreach")}
    crowd = mentorship.people(wb.answers)
    drafts = [{"name": p["name"], "relationship": p["relationship_label"], "text": mentorship.draft_ask(p, wb.answers)}
              for p in crowd if " ".join(p["name"].casefold().split()) not in asked]
    return render(_DRAFTS, css=_CSS, drafts=drafts[:6], people=crowd)


_BOARD = """
{{ css }}
{% if not total %}
<div class='ck-chart-empty'>Add your first ask above; this board then shows where each one stands.</div>
{% else %}
<div class='ck-pipeline'>
{% for stage, label in stages.items() %}
<div class='ck-stage'><h5>{{ label }}</h5><div class='ck-count'>{{ board[stage] | length }}</div>
<ul>{% for r in board[stage] %}<li>{{ r.person or "someone" }}</li>{% endfor %}</ul></div>
{% endfor %}
</div>
<div class='ck-card'>
{% if due %}
<h4 class='ck-late'>Follow-ups due</h4>
<ul>{% for f in due %}<li><b>{{ f.person }}</b> ({{ f.stage_label | lower }}): follow-up {% if f.days > 0 %}<span class='ck-late'>was due
{{ when(f.follow_up) }}, {{ f.days }} day{{ "s" if f.days != 1 else "" }} ago</span>{% else %}due today{% endif %}</li>{% endfor %}</ul>
<p class='ck-muted'>A polite nudge after a week or two is normal and usually welcome. Say thank you after every meeting,
and later tell them what you did with their advice.</p>
{% else %}
<h4>No follow-ups due today</h4>
{% endif %}
{% if upcoming %}
<p class='ck-muted'>Coming up: {% for f in upcoming %}{{ f.person }} on {{ when(f.follow_up) }}{{ ", " if not loop.last else "" }}{% endfor %}.</p>
{% endif %}
</div>
{% endif %}
"""


@register(WB, "outreach_board")
def outreach_board(wb, today: _dt.date | None = None) -> str:
    """Where every ask stands (drafted, sent, replied, meeting held, closed) and follow-ups due."""
    day = today or _dt.date.today()
    board = mentorship.pipeline(wb.answers)
    due = mentorship.follow_ups_due(wb.answers, today=day)
    upcoming = [f for f in mentorship.follow_ups_due(wb.answers, today=day, within=14) if f["days"] < 0]
    upcoming.sort(key=lambda f: f["follow_up"])
    return render(_BOARD, css=_CSS, board=board, stages=mentorship.STAGES, total=sum(map(len, board.values())),
                  due=due, upcoming=upcoming, when=_when)


class ActionSender(w.VBox):
    """Each action item from the session log, with a goal to file it under and a button that
    adds it to workbook 04 as an action step (once: a second click adds nothing)."""

    NO_GOAL = "(no particular goal)"

    def __init__(self, wb):
        self.wb = wb
        self.rows = w.VBox()
        self.message = w.HTML()
        self.message.add_class("ck-message")
        super().__init__([self.rows, self.message])
        self.add_class("ck-action-sender")
        self._pickers: dict[str, w.Dropdown] = {}
        self.refresh()
        wb.on_change(self.refresh)

    def _goal_titles(self) -> list[str]:
        return [g["title"] for g in goals.goal_rows(self.wb.answers) if g["status"] in ("active", "paused")]

    def refresh(self) -> None:
        """Redraw the list from the current answers (keeping goals already picked)."""
        items = mentorship.action_items(self.wb.answers)
        titles = self._goal_titles()
        if not items:
            self.rows.children = [w.HTML("<div class='ck-chart-empty'>Action items you note in the session log "
                                         "appear here, ready to send to your goals in workbook 4.</div>")]
            return
        children = []
        for item in items:
            label = render("<b>{{ i.item }}</b><br><span class='ck-muted'>from {{ i.person or 'a session' }}"
                           "{% if i.day %}, {{ when(i.day) }}{% endif %}</span>", i=item, when=_when)
            if item["sent"]:
                where = f" under “{item['goal']}”" if item["goal"] else ""
                status = w.HTML(render("<span class='ck-status ck-saved'>✓ In your plan{{ where }}</span>", where=where))
                children.append(self._row(label, [status]))
                continue
            picker = self._pickers.get(item["step_id"]) or w.Dropdown(layout=w.Layout(width="22em"))
            picker.tooltip = f"The goal in workbook 4 for this step: {item['item']}"  # its name for a screen reader
            chosen = picker.value
            picker.options = [(t, t) for t in titles] + [(self.NO_GOAL, "")]
            picker.value = chosen if chosen in titles else ""
            self._pickers[item["step_id"]] = picker
            button = w.Button(description="Add to my goals", icon="arrow-right", tooltip="Add as an action step in workbook 4")
            button.on_click(lambda _b, it=item: self.send(it))
            children.append(self._row(label, [picker, button]))
        self.rows.children = children

    @staticmethod
    def _row(label: str, tools: list[w.Widget]) -> w.Widget:
        box = w.HBox([w.HTML(label, layout=w.Layout(flex="1 1 auto")), w.HBox(tools)],
                     layout=w.Layout(justify_content="space-between", align_items="center"))
        box.add_class("ck-row")
        return box

    def send(self, item: dict) -> bool:
        """Add one action item to workbook 04's steps; False when it was already there."""
        picker = self._pickers.get(item["step_id"])
        goal = picker.value if picker is not None else ""
        self.wb.saver.flush()
        current = self.wb.answers.rows(f"{mentorship.GOALS_WB}.steps")
        rows, added = mentorship.send_to_goals(current, item, goal or None)
        if not added:
            self._say(f"“{item['item']}” is already in your plan; nothing was added.")
            return False
        try:
            self.wb.save("steps", rows, workbook=mentorship.GOALS_WB)
        except InvalidAnswer as exc:
            self._say(exc.message, error=True)
            return False
        where = f" under “{goal}”" if goal else ""
        self._say(f"✓ Added “{item['item']}” to your plan in workbook 4{where}. Give it a date there.")
        self.refresh()
        return True

    def _say(self, text: str, *, error: bool = False) -> None:
        css = "ck-error" if error else "ck-status ck-saved"
        self.message.value = render("<div class='{{ css }}'>{{ text }}</div>", css=css, text=text)


@register(WB, "send_actions")
def send_actions(wb) -> w.Widget:
    """Session action items, each with a button that sends it to workbook 04 as an action step."""
    return ActionSender(wb)
