"""Honest interest results: flat profiles get no code, ties are disclosed, letters only
for types that are actually high, "strong on" only above a stated level; in 01, 02,
the compass (11) and the report, for the example person and for new people."""

from __future__ import annotations

import re

import pytest
from careerkit.workbooks.career_compass import compass
from careerkit.core import content, onet
from careerkit.core.logic import derived, matching, riasec
from careerkit.core.answers import Answers
from careerkit.presentation.charts import chart_for
from careerkit.core.examples import example_person
from careerkit.core.storage.store import Store
from careerkit.presentation.views import view_for
from careerkit.presentation.workbook import Workbook

SELF, EXPLORE = "01_self_reflection", "02_explore_roles"
ITEMS = {f.id: f.score for f in content.workbook(SELF).fields.values() if f.score}


def rated(**level: int) -> dict:
    return {item: level[letter] for item, letter in ITEMS.items()}


def same(value: int) -> dict:
    return dict.fromkeys(ITEMS, value)


def near_flat() -> dict:
    # every type averages 3 or a shade above: spread under 15 points
    answers = same(3)
    for item, letter in ITEMS.items():
        if letter in "IS" and item.endswith(("1", "2")):
            answers[item] = 4
    return answers


FLAT = {"all 1": same(1), "all 3": same(3), "all 5": same(5), "near flat": near_flat()}


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize("name", list(FLAT))
def test_a_flat_profile_gets_no_code_and_says_so(name):
    profile = derived.interest_profile(Answers({SELF: FLAT[name]}))
    assert profile.flat and profile.code == ""
    verdict = riasec.verdict(profile)
    assert verdict.kind == "flat" and not verdict.ranked and verdict.guidance
    assert "no interest code" in verdict.text


def test_all_investigative_gives_i_alone():
    profile = derived.interest_profile(Answers({SELF: rated(R=1, I=5, A=1, S=1, E=1, C=1)}))
    assert profile.code == "I" and not profile.flat
    assert riasec.verdict(profile).headline == "Your interest code: I"


def test_letters_only_for_high_types():
    # differentiated but nothing liked: no code, plainly said
    low = derived.interest_profile(Answers({SELF: rated(R=1, I=3, A=2, S=3, E=1, C=2)}))
    assert low.code == "" and not low.flat and riasec.verdict(low).kind == "low"
    for answers in (rated(R=2, I=5, A=4, S=4, E=1, C=3), example_person(SELF)[SELF]):
        profile = derived.interest_profile(Answers({SELF: dict(answers)}))
        scored = [v for v in profile.scores.values() if v is not None]
        mean = sum(scored) / len(scored)
        for letter in profile.code:
            assert profile.scores[letter] >= riasec.HIGH_LEVEL
            assert profile.scores[letter] - mean >= riasec.STAND_OUT


def test_ties_are_disclosed():
    profile = derived.interest_profile(Answers({SELF: rated(R=1, I=2, A=5, S=5, E=1, C=2)}))
    assert profile.code == "AS" and profile.ties == (("A", "S"),)
    verdict = riasec.verdict(profile)
    assert "Artistic and Social scored the same (100/100)" in verdict.ties
    assert "not a preference" in verdict.ties
    untied = derived.interest_profile(example_person(SELF))
    assert untied.ties == () and riasec.verdict(untied).ties == ""


def test_strong_on_only_above_the_stated_level():
    checked = 0
    for answers in (example_person(SELF)[SELF], rated(R=2, I=5, A=3, S=4, E=2, C=3),
                    rated(R=1, I=5, A=2, S=5, E=1, C=1)):
        scores = derived.interest_profile(Answers({SELF: dict(answers)})).scores
        for match in matching.rank_occupations(scores, limit=None):
            said = re.match(r"Strong on (.*?)(, with some|, like you)", match.reason)
            if not said:
                continue
            interests = onet.occupation(match.code).interests
            for name in re.split(r", | and ", said.group(1)):
                letter = next(t for t, n in riasec.NAMES.items() if n == name)
                assert interests[letter] >= matching.STRONG_LEVEL, (match.title, match.reason)
                checked += 1
    assert checked > 50


@pytest.fixture
def flat_wb(tmp_path):
    store = Store(f"sqlite:///{tmp_path}/a.sqlite")
    for item, value in same(3).items():
        store.save("flat", SELF, item, value)
    yield store
    store.close()


def test_flat_in_workbook_01(flat_wb):
    wb = Workbook(SELF, store=flat_wb, profile="flat", delay=0)
    code = text(view_for(SELF, "interest_code")(wb))
    assert "Your interest profile is flat" in code and "Your interest code:" not in code
    matches = text(view_for(SELF, "first_matches")(wb))
    assert "No list of “closest” occupations" in matches and "fit " not in matches
    assert "What to do instead" in matches
    spec = chart_for(SELF, "riasec_profile", wb.answers).spec
    title = spec["title"]["subtitle"] if isinstance(spec["title"], dict) else spec["title"]
    title = " ".join(title) if isinstance(title, list) else title  # a subtitle is wrapped to the chart width
    assert "no interest code" in title and "RIA" not in title


def test_flat_in_workbook_02_browses_unranked(flat_wb):
    wb = Workbook(EXPLORE, store=flat_wb, profile="flat", delay=0)
    explorer = view_for(EXPLORE, "explorer")(wb)
    assert "Your interest profile is flat" in explorer.profile_note.value
    assert explorer.results.children == () or list(explorer.results.children) == []
    wb.save("explore_keyword", "pharmac")
    explorer.refresh()
    shown = [r.children[0].children[0].value for r in explorer.results.children]
    assert shown and all("fit " not in s for s in shown)


def test_flat_in_the_compass_and_report_gives_no_code():
    answers = Answers({SELF: same(5)})
    part = compass.interest_part(answers)
    assert not part.missing and part.items[0]["code"] == "" and not part.items[0]["letters"]  # no code is shown
    assert part.items[0]["kind"] == "flat" and "RIA" not in str(part.items)
