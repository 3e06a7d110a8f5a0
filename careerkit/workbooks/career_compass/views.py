"""Panels of workbook 11: the compass page, prompts for the calling statement, and what is still missing."""

from __future__ import annotations

import datetime as _dt

from markupsafe import Markup

from careerkit.workbooks.career_compass import compass
from careerkit.presentation.style import progress_bar_html
from careerkit.presentation.views import report
from careerkit.presentation.views.core import register, render

WB = compass.WB

register(WB, "download_report")(report.download_report)

_WORKBOOK_OF = {
    "interest_part": "01_self_reflection", "values_part": "03_values", "skills_part": "01_self_reflection",
    "energy_part": "01_self_reflection", "options_part": "02_explore_roles", "decision_part": "10_take_action",
    "goals_part": "04_goals_vision", "people_part": "09_networking", "learning_part": "07_learning",
    "projects_part": "06_passion_projects", "best_self_part": "08_adaptability",
}


def _parts(answers, today: _dt.date | None) -> dict[str, compass.Part]:
    out = {}
    for fn in compass.PARTS:
        try:
            part = fn(answers, today=today) if fn in (compass.goals_part, compass.people_part) else fn(answers)
        except ImportError:
            # a workbook's module is not part of this installation: say so in place
            workbook = _WORKBOOK_OF[fn.__name__]
            part = compass.Part(fn.__name__[:-5], fn.__doc__.split(".")[0] if fn.__doc__ else "",
                                workbook, missing=f"Workbook {int(workbook[:2])} is not available here yet.")
        out[part.key] = part
    return out


_COMPASS = """
<div class='ck-compass'>
{% macro missing(p) %}<div class='ck-chart-empty'>{{ p.missing }} <a href='{{ p.notebook }}'>Open workbook {{ p.number }} →</a></div>{% endmacro %}
{% macro note(p) %}{% if p.note %}<p class='ck-muted'>{{ p.note }}</p>{% endif %}{% endmacro %}

<div class='ck-card'><h4>🧭 Who you are at your best</h4>
{% set p = parts.interests %}{% if p.missing %}<p><b>{{ p.title }}:</b></p>{{ missing(p) }}
{% elif p.items[0].code %}<p><b>{{ p.title }}:</b> {{ p.items[0].code }} · {{ p.items[0].meaning }}</p>
{% if p.items[0].ties %}<p class='ck-muted'>{{ p.items[0].ties }}</p>{% endif %}{{ note(p) }}
{% else %}<div class='ck-interest-verdict ck-{{ p.items[0].kind }}'><p><b>{{ p.items[0].headline }}.</b> {{ p.items[0].meaning }}</p>
<ul>{% for g in p.items[0].guidance %}<li>{{ g }}</li>{% endfor %}</ul></div>{{ note(p) }}{% endif %}
{% set p = parts.skills %}<p><b>{{ p.title }}:</b>
{% if p.missing %}</p>{{ missing(p) }}{% else %}{{ p.items | join(", ") if p.items else "none yet" }}</p>{{ note(p) }}{% endif %}
{% set p = parts.energy %}<p><b>{{ p.title }}:</b>
{% if p.missing %}</p>{{ missing(p) }}{% else %}{{ p.items[:5] | join(" · ") }}</p>{% endif %}
{% set p = parts.best_self %}<p><b>{{ p.title }}:</b>
{% if p.missing %}</p>{{ missing(p) }}{% else %}{% for s in p.items[:5] %}{{ s.strength }}{% if s.evidence %} <span class='ck-muted'>({{ s.evidence }})</span>{% endif %}{% if not loop.last %} · {% endif %}{% endfor %}</p>{{ note(p) }}{% endif %}
</div>

<div class='ck-card'><h4>💎 What matters to you</h4>
{% set p = parts["values"] %}{% if p.missing %}{{ missing(p) }}{% else %}
<ol>{% for v in p.items %}<li><b>{{ v.value }}</b> <span class='ck-muted'>weight {{ v.weight }}%</span></li>{% endfor %}</ol>{% endif %}
</div>

<div class='ck-card'><h4>🗺 Where you could go</h4>
{% set p = parts.options %}{% if p.missing %}{{ missing(p) }}{% else %}
<table class='ck-progress-table'>
<tr><th align='left'>Option</th><th>Interest fit</th><th>Values alignment</th><th>Decision matrix</th>
<th>Evidence</th><th>Energy</th><th>Fit in practice</th></tr>
{% for o in p.items %}<tr><td>{% if o.chosen %}⭐ <b>{{ o.title }}</b>{% else %}{{ o.title }}{% endif %}</td>
<td align='center'>{{ o.fit | round | int if o.fit is not none else "–" }}</td>
<td align='center'>{{ o.alignment | round | int if o.alignment is not none else "–" }}</td>
<td align='center'>{{ o.matrix | round | int if o.matrix is not none else "–" }}</td>
<td align='center'>{{ o.evidence.count or "–" }}</td>
<td align='center'>{{ o.evidence.energy if o.evidence.energy is not none else "–" }}</td>
<td align='center'>{{ o.evidence.fit if o.evidence.fit is not none else "–" }}</td></tr>{% endfor %}
</table>
<p class='ck-muted'>Evidence: conversations and research (workbook 2), experiments (workbook 6) and paths (workbook 8)
about each option; energy and fit in practice are their mean ratings, 1–5.</p>{{ note(p) }}{% endif %}
{% set p = parts.decision %}{% if p.missing %}{{ missing(p) }}{% else %}
<p><b>Your decision:</b> {{ p.items[0].decision }}{% if p.items[0].confidence %} <span class='ck-muted'>(sure: {{ p.items[0].confidence }}/10)</span>{% endif %}
{% if p.items[0].verdict %}<br><span class='ck-muted'>{{ p.items[0].verdict }}</span>{% endif %}</p>{% endif %}
</div>

<div class='ck-card'><h4>🎯 {{ parts.goals.title }}</h4>
{% set p = parts.goals %}{% if p.missing %}{{ missing(p) }}{% else %}
{% if p.items[0].goals %}<ul>{% for g in p.items[0].goals %}<li><b>{{ g.title }}</b>{% if g.target %} <span class='ck-muted'>by {{ g.target }}</span>{% endif %}</li>{% endfor %}</ul>{% endif %}
{% if p.items[0].steps %}<p><b>Next steps</b></p><ul>{% for s in p.items[0].steps %}
<li>{% if s.due %}{{ s.due }} · {% endif %}{{ s.step }}{% if s.overdue %} <span class='ck-error'>overdue</span>{% endif %}</li>{% endfor %}
{% if p.items[0].more %}<li class='ck-muted'>and {{ p.items[0].more }} more in <a href='04_goals_vision.ipynb'>workbook 4</a></li>{% endif %}</ul>{% endif %}
{% endif %}
</div>

<div class='ck-card'><h4>🤝 {{ parts.people.title }}</h4>
{% set p = parts.people %}{% if p.missing %}{{ missing(p) }}{% else %}
{% if p.items %}<ul>{% for i in p.items %}<li>{% if i.days is not none and i.days < 0 %}<b class='ck-error'>overdue</b> · {% endif %}<b>{{ i.name }}</b> <span class='ck-muted'>({{ i.who }}{% if i.date %}, {{ i.date }}{% endif %})</span></li>{% endfor %}</ul>{% endif %}
{{ note(p) }}<p class='ck-muted'>Mentors live in <a href='05_mentorship.ipynb'>workbook 5</a>, your wider network in <a href='09_networking.ipynb'>workbook 9</a>.</p>{% endif %}
</div>

<div class='ck-card'><h4>📚 {{ parts.learning.title }}</h4>
{% set p = parts.learning %}{% if p.missing %}{{ missing(p) }}{% else %}
<ul>{% for l in p.items[:6] %}<li><b>{{ l.item }}</b>{% if l.skill %} · {{ l.skill }}{% endif %}{% if l.progress %} <span class='ck-muted'>{{ l.progress }}% done</span>{% endif %}</li>{% endfor %}</ul>{% endif %}
{% set p = parts.projects %}{% if not p.missing %}<p><b>{{ p.title }}:</b> {% for i in p.items %}{{ i.idea }}{% if not loop.last %} · {% endif %}{% endfor %}</p>{% endif %}
</div>
</div>
"""


@register(WB, "compass")
def compass_page(wb, today: _dt.date | None = None) -> str:
    """The one-page compass: every strategy's key result, or where to go to fill it in."""
    return render(_COMPASS, parts=_parts(wb.answers, today))


_PROMPTS = """
<div class='ck-card'>
<h4>Prompts from your own answers</h4>
{% if p.prompts %}<ul>{% for line in p.prompts %}<li>{{ line }}</li>{% endfor %}</ul>
{% else %}<p>Your prompts grow as you fill in the earlier workbooks.</p>{% endif %}
{% if p.missing %}<p class='ck-muted'>For more to draw on: {% for m in p.missing %}{{ m }}{% if not loop.last %} {% endif %}{% endfor %}</p>{% endif %}
<p class='ck-muted'>One shape that works: <i>I come alive when … I am at my best using … I care about … so I want to …, for …</i></p>
</div>
"""


@register(WB, "calling_prompts")
def calling_prompts(wb) -> str:
    """Sentence starters for the calling statement, built from the person's answers."""
    return render(_PROMPTS, p=compass.calling_prompts(wb.answers))


_MISSING = """
<table class='ck-progress-table'>
{% for r in rows %}
<tr>
  <td>{{ "%02d" | format(r.number) }}</td>
  <td><a href='{{ r.notebook }}'>{{ r.title }}</a></td>
  <td>{{ r.bar }}</td>
  <td>{% if r.total and r.answered == r.total %}✓ complete{% else %}<span class='ck-muted'>{{ r.answered }} of {{ r.total }} · still open:
  {% for m in r.missing %}“{{ m }}”{% if not loop.last %}, {% endif %}{% endfor %}{% if r.more %} and {{ r.more }} more{% endif %}</span>{% endif %}</td>
</tr>
{% endfor %}
</table>
<p class='ck-muted'>Overall: {{ answered }} of {{ total }} questions answered. Nothing here has to be complete:
fill in what helps, and come back to the rest when it becomes relevant.</p>
"""


@register(WB, "still_missing")
def still_missing(wb) -> str:
    """Progress in every workbook with the questions still open and a link back."""
    rows = compass.progress_rows(wb.answers)
    for r in rows:
        r["bar"] = Markup(progress_bar_html(r["answered"], r["total"]))
    return render(_MISSING, rows=rows, answered=sum(r["answered"] for r in rows),
                  total=sum(r["total"] for r in rows))
