"""Panels of workbook 06: where ideas come from, and every started project at a glance."""

from __future__ import annotations

from careerkit.core.logic import projects
from careerkit.presentation.views.core import register, render

WB = projects.WB

_SPARKS = """
{% if not groups %}
<div class='ck-chart-empty'>Your hobbies, curiosities, motivated skills and shortlisted roles from
<a href='01_self_reflection.ipynb'>workbook 1</a> and <a href='02_explore_roles.ipynb'>workbook 2</a>
appear here as raw material for ideas once you have filled them in.</div>
{% else %}
<div class='ck-card'>
<h4>Raw material from your earlier answers</h4>
<p class='ck-muted'>Good project ideas often sit where two of these lists meet: a hobby that uses a motivated
skill, or a curiosity that points at a role you are considering.</p>
{% for heading, items in groups %}
<p><b>{{ heading }}:</b> {{ items | join(" · ") }}</p>
{% endfor %}
</div>
{% endif %}
"""


@register(WB, "idea_sparks")
def idea_sparks(wb) -> str:
    """Earlier answers (hobbies, curiosities, motivated skills, themes, target roles) to spark ideas."""
    groups = [(h, items) for h, items in projects.idea_sparks(wb.answers).items() if items]
    return render(_SPARKS, groups=groups)


_PORTFOLIO = """
{% if not rows %}
<div class='ck-chart-empty'>Once you start a project (an experiment, a logged session or a link), it gets a card
here with its score, hours, latest decision and where people can see it.</div>
{% else %}
{% for p in rows %}
<div class='ck-card ck-project'>
  <h4>{{ p.project }}</h4>
  <p class='ck-muted'>
  {% if p.rank %}Idea rank {{ p.rank }} · score {{ p.score | round | int }} · {% endif %}
  {% if p.sessions %}{{ "%g" | format(p.hours) }} hours in {{ p.sessions }} session{{ "" if p.sessions == 1 else "s" }}{% else %}no hours logged{% endif %}
  {% if p.energy %} · felt {{ p.energy }}/5 on average{% endif %}
  · <b>{{ p.decision_label }}</b>
  </p>
  {% if p.learned %}<p>Learned: {{ p.learned }}</p>{% endif %}
  {% if p.links %}
  <ul>
  {% for link in p.links %}
    <li>{% if link.url %}<a href='{{ link.url }}' target='_blank' rel='noopener noreferrer'>{{ link.title }}</a>
    {% else %}{{ link.title }}{% if link.text and link.text != link.title %} ({{ link.text }}){% endif %}
    <span class='ck-muted'>(not a web address starting https://, so not linked)</span>{% endif %}
    <span class='ck-muted'>· {{ kinds.get(link.kind, "link") }}</span></li>
  {% endfor %}
  </ul>
  {% else %}
  <p class='ck-muted'>No showcase link yet: where could someone see this work?</p>
  {% endif %}
</div>
{% endfor %}
{% endif %}
"""


@register(WB, "project_portfolio")
def project_portfolio(wb) -> str:
    """One card per started project: rank and score, hours, latest decision, what was learned, links."""
    from careerkit.core import content

    field = content.workbook(WB).field("showcase").sub("kind")
    kinds = {c.value: c.label for c in field.choices}
    return render(_PORTFOLIO, rows=projects.project_summaries(wb.answers), kinds=kinds)
