"""Where the person stands now (workbook 00), used in 01, 02 and by later workbooks."""

from __future__ import annotations

import re

import pytest
from careerkit.core import content, onet
from careerkit.core.logic import derived, matching, standing
from careerkit.core.answers import Answers
from careerkit.core.examples import example_person, seed
from careerkit.core.storage.store import Store
from careerkit.presentation.views import view_for
from careerkit.presentation.workbook import Workbook

START, SELF, EXPLORE = "00_start_here", "01_self_reflection", "02_explore_roles"
ZONES = {code: occ.job_zone for code, occ in onet.occupations().items()}


def _interests(**level: int) -> dict:
    """Answers to every interest item of workbook 01: one level per type."""
    return {f.id: level[f.score] for f in content.workbook(SELF).fields.values() if f.score}


def pharmacist(**start) -> Answers:
    """A new person: a hospital pharmacist drawn to teaching and health data."""
    answers = {"current_job": "Pharmacists", "years_in_job": 15, "income_floor": 45000,
               "work_place": "hybrid", "hours": "full_time", "caring": "", "runway_months": 6}
    answers.update(start)
    return Answers({START: answers, SELF: _interests(R=2, I=5, A=3, S=4, E=2, C=3)}, profile="new")


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_example_person_stands_somewhere():
    me = standing.standing(example_person(START))
    assert me.occupation.code == "13-2011.00" and me.years == 9 and me.runway_months == 6
    assert me.asked


def test_a_new_person_who_answered_nothing():
    me = standing.standing(Answers({}, profile="empty"))
    assert not me.asked and me.occupation is None
    assert standing.baseline(Answers({}), {"R": 1, "I": 2, "A": 3, "S": 4, "E": 5, "C": 6}) is None
    assert standing.criteria(Answers({})) == []


def test_words_kept_as_typed_are_not_linked():
    me = standing.standing(pharmacist(current_job="pharmacist at the county hospital"))
    assert me.job == "pharmacist at the county hospital" and me.occupation is None
    assert standing.baseline(pharmacist(current_job="pharmacist at the county hospital"),
                             derived.interest_profile(pharmacist()).scores) is None


def test_the_current_job_is_a_baseline_scored_like_any_match():
    answers = pharmacist()
    scores = derived.interest_profile(answers).scores
    base = standing.baseline(answers, scores)
    ranked = matching.rank_occupations(scores, limit=None)
    assert base["code"] == "29-1051.00" and base["title"] == "Pharmacists"
    assert base["fit"] == matching.fit_for(scores, "29-1051.00").fit
    assert ranked[base["rank"] - 1].code == "29-1051.00" and base["of"] == len(ranked) == 923


def test_transferable_skills_follow_importance_and_level():
    overlap = standing.transferable_skills("29-1051.00", "25-1071.00")
    need = {s.name: s for s in onet.skills("25-1071.00") if s.importance >= standing.IMPORTANT and not s.suppress}
    have = {s.name: s for s in onet.skills("29-1051.00")}
    assert set(overlap.carry) | {g[0] for g in overlap.grow} == set(need)
    for name in overlap.carry:
        assert have[name].level >= need[name].level - standing.LEVEL_MARGIN
    for name, mine, needed in overlap.grow:
        assert mine == have[name].level and needed == need[name].level and mine < needed - standing.LEVEL_MARGIN
    assert overlap.share == round(len(overlap.carry) / len(need), 2)
    assert standing.transferable_skills("29-1051.00", "29-1051.00").share == 1.0


def test_nearby_moves_are_onet_related_occupations_in_order():
    moves = standing.nearby_moves("29-1051.00", limit=None)
    related = onet.related("29-1051.00", primary_only=True)
    assert [m["code"] for m in moves] == [r.code for r in related] and moves
    scores = derived.interest_profile(pharmacist()).scores
    scored = standing.nearby_moves("29-1051.00", scores=scores, limit=3)
    assert len(scored) == 3 and all(m["fit"] == matching.fit_for(scores, m["code"]).fit for m in scored)


def test_limits_become_flags_and_criteria():
    answers = pharmacist(caring="Collect my father from day care at 4", hours="part_time")
    flags = standing.constraint_flags(answers, "25-1071.00")  # Job Zone 5, pharmacists 5
    assert not any("preparation" in f for f in flags)
    assert "Check the pay reaches your floor of 45,000 a year." in flags
    assert "Check it can be done part time." in flags
    assert any("day care at 4" in f for f in flags)
    lower = pharmacist(current_job="Pharmacy Technicians")  # Job Zone 3
    prep = standing.constraint_flags(lower, "29-1051.00")[0]
    assert "more preparation than your current job" in prep and "runway is 6 months" in prep
    labels = [c["label"] for c in standing.criteria(answers)]
    assert labels == ["Pays at least 45,000 a year", "Can be done partly from home", "Works part time",
                      "Fits around: Collect my father from day care at 4", "Reachable within 6 months of runway"]


@pytest.fixture
def store(tmp_path):
    s = Store(f"sqlite:///{tmp_path}/a.sqlite")
    yield s
    s.close()


def test_first_matches_filter_by_preparation_and_show_the_baseline(store):
    seed(store, "p")
    wb = Workbook(SELF, store=store, profile="p", delay=0)
    shown = text(view_for(SELF, "first_matches")(wb))
    scores = derived.interest_profile(wb.answers).scores
    expected = matching.rank_occupations(scores, job_zones=[3, 4], limit=10)  # the example ticks 3 and 4
    assert all(ZONES[m.code] in (3, 4) for m in expected)
    for m in expected:
        assert m.title in shown
    base = standing.baseline(wb.answers, scores)
    assert f"Accountants and Auditors , your current job, would score {round(base['fit'])}" in shown
    wb.save("match_zones", ["5"])
    shown = text(view_for(SELF, "first_matches")(wb))
    for m in matching.rank_occupations(scores, job_zones=[5], limit=10):
        assert m.title in shown


def test_a_new_person_in_02_sees_nearby_moves_and_limits(store):
    for field, value in pharmacist()[START].items():
        if value not in ("", None):
            store.save("new", START, field, value)
    for field, value in pharmacist()[SELF].items():
        store.save("new", SELF, field, value)
    wb = Workbook(EXPLORE, store=store, profile="new", delay=0)
    shown = text(view_for(EXPLORE, "where_you_stand")(wb))
    assert "Now: Pharmacists , 15 years" in shown
    first = onet.related("29-1051.00", primary_only=True)[0].title
    assert first in shown and "of its important skills carry over" in shown
    assert "Pays at least 45,000 a year" in shown
    empty = Workbook(EXPLORE, store=store, profile="nobody", delay=0)
    assert "Start here" in text(view_for(EXPLORE, "where_you_stand")(empty))
