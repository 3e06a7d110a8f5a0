"""Panels of workbook 01: the interest code explained, and a first look at matching occupations."""

from __future__ import annotations

from careerkit.core.logic import derived, matching, riasec
from careerkit.core import onet
from careerkit.presentation.views.core import onet_attribution_html, register, render

WB = "01_self_reflection"

_GUIDANCE = """
<p>What to do instead:</p>
<ul>{% for g in verdict.guidance %}<li>{{ g }}</li>{% endfor %}</ul>
"""

_CODE = """
{% if verdict.kind == 'none' %}
<div class='ck-chart-empty'>Your interest code appears here once you have rated the activities above.</div>
{% elif not verdict.ranked %}
<div class='ck-card ck-interest-verdict ck-{{ verdict.kind }}'>
  <h4>{{ verdict.headline }}</h4>
  <p>{{ verdict.text }}</p>
  {% include_guidance %}
</div>
{% else %}
<div class='ck-card ck-interest-verdict'>
  <h4>{{ verdict.headline }}</h4>
  <p>{{ verdict.text }}</p>
  <ul>
  {% for t in profile.code %}
    <li><b>{{ names[t] }}</b> ({{ scores[t] | round | int }}/100): {{ descriptions[t] }}</li>
  {% endfor %}
  </ul>
  {% if verdict.ties %}<p class='ck-ties'>{{ verdict.ties }}</p>{% endif %}
  <p class='ck-muted'>Only types that are actually high get a letter: at least {{ high }}/100 and
  {{ stand_out }} points above your own average. A code describes what you enjoy, not what you can do.</p>
  {% if not profile.complete %}
  <p class='ck-muted'>Some activities are still unrated, so this code may shift as you finish.</p>
  {% endif %}
</div>
{% endif %}
""".replace("{% include_guidance %}", _GUIDANCE)


@register(WB, "interest_code")
def interest_code(wb) -> str:
    """The interest code with its plain-language meaning, or plainly no code when none stands out."""
    profile = derived.interest_profile(wb.answers)
    return render(_CODE, profile=profile, verdict=riasec.verdict(profile), names=riasec.NAMES,
                  descriptions=riasec.DESCRIPTIONS, scores=profile.scores,
                  high=f"{riasec.HIGH_LEVEL:g}", stand_out=f"{riasec.STAND_OUT:g}")


_MATCHES = """
{% if verdict.kind == 'none' %}
<div class='ck-chart-empty'>Rate the activities in “Your interest profile” to see the occupations
whose interest patterns are closest to yours.</div>
{% elif not verdict.ranked %}
<div class='ck-card ck-interest-verdict ck-{{ verdict.kind }}'>
<h4>No list of “closest” occupations for you yet</h4>
<p>{{ verdict.text }}</p>
""" + _GUIDANCE + """
</div>
{% elif not matches %}
<div class='ck-chart-empty'>No occupation at the preparation levels you ticked has an interest profile
to compare. Tick more levels above.</div>
{% else %}
<div class='ck-card'>
<h4>{{ matches | length }} occupations whose interest pattern is closest to yours</h4>
<p class='ck-muted'>{% if zones %}Only occupations needing the preparation you ticked: {{ zones }}. {% endif %}
Fit compares the shape of your interest profile with each occupation's O*NET interest
profile (100 = the same shape). It says nothing about pay, openings or whether you have the
training yet: treat these as leads to explore in workbook 2, not as answers.</p>
{% if base %}<p class='ck-baseline'><b>{{ base.title }}</b>, your current job, would score
<b>{{ base.fit | round | int }}</b> (number {{ base.rank }} of {{ base.of }} at every preparation level).
{% if base.fit >= matches[-1].fit %}Your current work already fits your interests about as well as these.{% endif %}</p>{% endif %}
<ol>
{% for m in matches %}
  <li><b>{{ m.title }}</b>{% if base and m.code == base.code %} (your current job){% endif %} · fit {{ m.fit | round | int }}
  {% if m.job_zone %}· {{ names[m.job_zone] }}{% endif %}<br>
  <span class='ck-muted'>{{ m.reason }}</span></li>
{% endfor %}
</ol>
{{ attribution }}
</div>
{% endif %}
"""


@register(WB, "first_matches")
def first_matches(wb) -> str:
    """The ten O*NET occupations that best fit the person's interest profile, within the
    preparation levels they chose, with their current job as a baseline; or, for a flat
    profile, no list and what to do instead."""
    from markupsafe import Markup

    from careerkit.core.logic import exploration, standing

    profile = derived.interest_profile(wb.answers)
    verdict = riasec.verdict(profile)
    chosen = exploration.zone_filter(wb.answers.get_answer(f"{WB}.match_zones"))
    matches, base = [], None
    if verdict.ranked:
        matches = matching.rank_occupations(profile.scores, job_zones=chosen, limit=10)
        base = standing.baseline(wb.answers, profile.scores)
    zones = onet.job_zones()
    return render(_MATCHES, matches=matches, verdict=verdict, base=base,
                  names={z: zones[z].name for z in zones},
                  zones=", ".join(f"Job Zone {z}" for z in chosen) if chosen else "",
                  attribution=Markup(onet_attribution_html()))


class RoleLinks:
    """Title search for the roles typed as tags in "Roles you want to look into further":
    each role not yet named as O*NET names it gets up to three suggestions, and choosing
    one replaces the role with the occupation's official title (saved like any answer)."""

    FIELD = "roles_to_explore"

    def __init__(self, wb):
        import ipywidgets as w

        self.wb = wb
        self.box = w.VBox(_dom_classes=("ck-role-links",))
        self.status = w.HTML(_dom_classes=("ck-message",))
        self.widget = w.VBox([self.box, self.status])
        wb.on_change(self.refresh)
        self.refresh()

    def roles(self) -> list[str]:
        return list(self.wb.answers.get_answer(f"{WB}.{self.FIELD}", []) or [])

    def refresh(self) -> None:
        import ipywidgets as w

        rows: list = []
        for role in self.roles():
            occ = onet.linked(role)
            if occ is not None:
                rows.append(w.HTML(render("<div class='ck-status ck-saved'>✓ “{{ r }}” is linked to O*NET</div>", r=role)))
                continue
            found = onet.suggest(role, 3)
            label = w.HTML(render("<span>“{{ r }}”{% if found %} · in O*NET this could be:{% else %}"
                                  " · not found in O*NET; kept as you typed it{% endif %}</span>", r=role, found=found))
            buttons = []
            for match in found:
                button = w.Button(description=match.title, tooltip=f"Use {match.title} for “{role}”",
                                  layout=w.Layout(width="auto"), _dom_classes=("ck-onet-choice",))
                button.on_click(lambda _b, r=role, code=match.code: self.choose(r, code))
                buttons.append(button)
            rows.append(w.HBox([label, *buttons], layout=w.Layout(flex_flow="row wrap", align_items="center")))
        self.box.children = rows

    def choose(self, role: str, code: str) -> bool:
        """Replace ``role`` with the official title of occupation ``code``; returns whether saved."""
        from careerkit.core.validation import InvalidAnswer

        self.wb.saver.flush()
        title = onet.occupation(code).title
        roles = self.roles()
        new = [title if r == role else r for r in roles]
        new = list(dict.fromkeys(new))  # the title may already be there
        try:
            self.wb.save(self.FIELD, new)
        except InvalidAnswer as exc:
            self.status.value = render("<div class='ck-error' role='alert'>⚠ {{ m }}</div>", m=exc.message)
            return False
        self.status.value = render("<div class='ck-status ck-saved'>✓ “{{ r }}” is now {{ t }}.</div>", r=role, t=title)
        self.refresh()
        return True


@register(WB, "role_links")
def role_links(wb):
    """Link the roles typed in workbook 01 to O*NET occupations through title search."""
    return RoleLinks(wb).widget
