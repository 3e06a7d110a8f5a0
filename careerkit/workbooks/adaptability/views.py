"""Panels of workbook 08: starting points for your paths, the paths side by side, how you use feedback and surprises."""

from __future__ import annotations

from careerkit.core.logic import adaptability
from careerkit.core import content
from careerkit.presentation.views.core import register, render

WB = adaptability.WB

_STARTERS = """
{% if not goals and not front and not roles %}
<div class='ck-chart-empty'>Your goals from <a href='04_goals_vision.ipynb'>workbook 4</a> and the roles you are
exploring in <a href='02_explore_roles.ipynb'>workbook 2</a> appear here as starting points once you have filled them in.</div>
{% else %}
<div class='ck-card'>
<h4>Starting points from your earlier answers</h4>
{% if goals %}<p><b>Your active goals</b> (the current path is often where they lead): {{ goals | join(" · ") }}</p>{% endif %}
{% if front %}<p><b>Your front runners</b> (good material for plan B): {{ front | join(" · ") }}</p>{% endif %}
{% if roles %}<p><b>Also on your shortlist:</b> {{ roles | join(" · ") }}</p>{% endif %}
<p class='ck-muted'>For the wild card, ignore all of these and ask what you would do if nobody were watching
and the rent were paid.</p>
</div>
{% endif %}
"""


@register(WB, "path_starters")
def path_starters(wb) -> str:
    """Active goals (workbook 4), front runners and shortlisted roles (workbook 2) to seed the three paths."""
    from careerkit.core.logic import exploration, goals

    answers = wb.answers
    active = [g["title"] for g in goals.goal_rows(answers) if g["status"] == "active"]
    front = [t.strip() for t in answers.get_answer("02_explore_roles.front_runners", []) if t.strip()]
    seen = {t.casefold() for t in front}
    roles = [s["title"] for s in exploration.shortlist(answers) if s["title"].casefold() not in seen]
    return render(_STARTERS, goals=active, front=front, roles=roles)


_PATHS = """
{% if not paths %}
<div class='ck-chart-empty'>Your paths appear here side by side once you give each one a title.</div>
{% else %}
{% if missing %}
<div class='ck-notice'>Still to sketch: {{ missing | join(", ") }}. Three genuinely different paths are the point of
this exercise: the one you dismiss fastest often teaches you the most.</div>
{% endif %}
<div style='display:flex; flex-wrap:wrap; gap:10px'>
{% for p in paths %}
<div class='ck-card' style='flex:1 1 16em; max-width:26em'>
  <div class='ck-muted'>{{ p.kind_label }}</div>
  <h4>{{ p.title }}</h4>
  {% if p.picture %}<p>{{ p.picture }}</p>{% endif %}
  {% if p.milestones %}<p class='ck-muted'>{{ p.milestones }}</p>{% endif %}
  <p>{% for key, label in criteria.items() %}{{ label }} <b>{{ p[key] if p[key] is not none else "–" }}</b>{% if not loop.last %} · {% endif %}{% endfor %}
  {% if p.average is not none %}<br>Average {{ '%.1f' | format(p.average) }} of 5{% endif %}</p>
  {% if p.question %}<p><i>First question to test:</i> {{ p.question }}</p>{% endif %}
</div>
{% endfor %}
</div>
{% endif %}
"""


@register(WB, "path_cards")
def path_cards(wb) -> str:
    """Each path as a card: its picture of five years, ratings, average and the first question to test."""
    return render(_PATHS, paths=adaptability.paths(wb.answers), criteria=adaptability.CRITERIA,
                  missing=adaptability.missing_path_kinds(wb.answers))


_RESPONSES = """
{% if not fb.total and not total_events %}
<div class='ck-chart-empty'>Once you log feedback, setbacks or opportunities, this panel shows how you tend to respond.</div>
{% else %}
<div class='ck-card'>
<h4>How you use feedback and surprises</h4>
{% if fb.total %}
<p>{{ fb.total }} piece{{ "" if fb.total == 1 else "s" }} of feedback:
{% for key, label in statuses.items() if fb.by_status.get(key) %}{{ label | lower }} {{ fb.by_status[key] }}{% if not loop.last %}, {% endif %}{% endfor %}.</p>
{% if fb.open %}<p><b>Changes still open:</b></p><ul>{% for c in fb.open %}<li>{{ c }}</li>{% endfor %}</ul>{% endif %}
{% endif %}
{% for kind, label in (("setback", "Setbacks"), ("opportunity", "Opportunities")) if counts[kind] %}
<p><b>{{ label }}:</b> {% for key, n in counts[kind].items() %}{{ responses.get(key, key) | lower }} ({{ n }}){% if not loop.last %}, {% endif %}{% endfor %}</p>
{% endfor %}
<p class='ck-muted'>Notice your default. If you always persist, or always let chances pass, that habit is worth questioning.</p>
</div>
{% endif %}
"""


@register(WB, "responses")
def responses(wb) -> str:
    """Feedback by where it stands, open changes, and the responses chosen to setbacks and opportunities."""
    wbc = content.workbook(WB)
    statuses = {c.value: c.label for c in wbc.field("feedback").sub("status").choices}
    chosen = {c.value: c.label for c in wbc.field("curveballs").sub("response_kind").choices}
    counts = adaptability.curveball_counts(wb.answers)
    return render(_RESPONSES, fb=adaptability.feedback_summary(wb.answers), counts=counts, statuses=statuses,
                  responses=chosen, total_events=sum(sum(c.values()) for c in counts.values()))
