"""Panels of workbook 01: the interest code explained, and a first look at matching occupations."""

from __future__ import annotations

from careerkit.core.logic import derived, matching, riasec
from careerkit.core import onet
from careerkit.presentation.views.core import onet_attribution_html, register, render

WB = "01_self_reflection"

_CODE = """
{% if not profile.code %}
<div class='ck-chart-empty'>Your interest code appears here once you have rated the activities above.</div>
{% else %}
<div class='ck-card'>
  <h4>Your interest code: {{ profile.code }}</h4>
  <p>{{ meaning }}</p>
  <ul>
  {% for t in profile.code %}
    <li><b>{{ names[t] }}</b> ({{ scores[t] | round | int }}/100): {{ descriptions[t] }}</li>
  {% endfor %}
  </ul>
  {% if not profile.complete %}
  <p class='ck-muted'>Some activities are still unrated, so this code may shift as you finish.</p>
  {% endif %}
  <p class='ck-muted'>A code describes what you enjoy, not what you can do. Most people are a blend;
  the order of the letters matters less than the overall shape.</p>
</div>
{% endif %}
"""


@register(WB, "interest_code")
def interest_code(wb) -> str:
    """The three-letter code with its plain-language meaning."""
    profile = derived.interest_profile(wb.answers)
    return render(_CODE, profile=profile, meaning=riasec.code_meaning(profile.code) if profile.code else "",
                  names=riasec.NAMES, descriptions=riasec.DESCRIPTIONS, scores=profile.scores)


_MATCHES = """
{% if not matches %}
<div class='ck-chart-empty'>Rate the activities in “Your interest profile” to see the occupations
whose interest patterns are closest to yours.</div>
{% else %}
<div class='ck-card'>
<h4>Ten occupations whose interest pattern is closest to yours</h4>
<p class='ck-muted'>Fit compares the shape of your interest profile with each occupation's O*NET interest
profile (100 = the same shape). It says nothing about pay, openings or whether you have the
training yet: treat these as leads to explore in workbook 2, not as answers.</p>
<ol>
{% for m in matches %}
  <li><b>{{ m.title }}</b> · fit {{ m.fit | round | int }}
  {% if m.job_zone %}· {{ zones[m.job_zone].name }}{% endif %}<br>
  <span class='ck-muted'>{{ m.reason }}</span></li>
{% endfor %}
</ol>
{{ attribution }}
</div>
{% endif %}
"""


@register(WB, "first_matches")
def first_matches(wb) -> str:
    """The ten O*NET occupations that best fit the person's interest profile, each with a reason."""
    profile = derived.interest_profile(wb.answers)
    matches = matching.rank_occupations(profile.scores, limit=10)
    from markupsafe import Markup

    return render(_MATCHES, matches=matches, zones=onet.job_zones(),
                  attribution=Markup(onet_attribution_html()))
