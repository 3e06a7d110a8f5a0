"""Checks on interest matching in careerkit.core.logic.matching, against the real O*NET data."""

from __future__ import annotations

import math
import statistics

import pytest

from careerkit.core import onet
from careerkit.core.logic.matching import Match, fit_for, rank_occupations

TYPES = ("R", "I", "A", "S", "E", "C")
INVESTIGATIVE = {"R": 20, "I": 100, "A": 30, "S": 20, "E": 10, "C": 40}
IAS = {"R": 10, "I": 95, "A": 60, "S": 30, "E": 15, "C": 40}


def _top3(values: dict[str, float]) -> tuple[str, ...]:
    return tuple(sorted(TYPES, key=lambda t: (-values[t], TYPES.index(t)))[:3])


def test_investigative_profile_ranks_scientific_work_first():
    top = rank_occupations(INVESTIGATIVE)
    assert len(top) == 10
    for match in top:
        occ = onet.occupation(match.code)
        assert occ.holland_code[0] == "I", match.title
        assert match.shared[0] == "I"
        assert match.fit > 85
    titles = " ".join(m.title for m in rank_occupations(INVESTIGATIVE, limit=40))
    assert any(word in titles for word in ("Chemists", "Physicists", "Biologists"))


def test_ranks_every_profiled_occupation():
    everything = rank_occupations(IAS, limit=None)
    assert len(everything) == 923
    assert len({m.code for m in everything}) == 923
    assert all(onet.occupation(m.code).interests is not None for m in everything)
    assert all(isinstance(m, Match) for m in everything)


def test_correlation_and_fit_values():
    for match in rank_occupations(IAS, limit=None)[::50]:
        occ = onet.occupation(match.code)
        expected = statistics.correlation(
            [float(IAS[t]) for t in TYPES], [occ.interests[t] for t in TYPES]
        )
        assert match.correlation == pytest.approx(expected, abs=1e-12)
        assert match.fit == round((expected + 1) * 50, 1)


def test_fit_is_monotonic_in_correlation():
    matches = rank_occupations(IAS, limit=None)
    by_r = sorted(matches, key=lambda m: m.correlation)
    fits = [m.fit for m in by_r]
    assert fits == sorted(fits)
    assert all(0 <= m.fit <= 100 and -1 <= m.correlation <= 1 for m in matches)


def test_order_and_tie_breaks():
    matches = rank_occupations(IAS, limit=None)
    # The person's top type is I, so equal fits go to the higher O*NET I score.
    keys = [(-m.fit, -onet.occupation(m.code).interests["I"], m.code) for m in matches]
    assert keys == sorted(keys)
    assert len({m.fit for m in matches}) < len(matches)  # ties do occur


def test_deterministic():
    assert rank_occupations(IAS, limit=None) == rank_occupations(dict(IAS), limit=None)
    shuffled = {t: IAS[t] for t in reversed(TYPES)}
    assert rank_occupations(shuffled, limit=25) == rank_occupations(IAS, limit=25)


def test_level_does_not_matter():
    lower = {t: v / 2 for t, v in IAS.items()}
    a = rank_occupations(IAS, limit=20)
    b = rank_occupations(lower, limit=20)
    assert [m.code for m in a] == [m.code for m in b]
    assert [m.fit for m in a] == [m.fit for m in b]


def test_job_zone_filter():
    matches = rank_occupations(IAS, job_zones=[5], limit=None)
    assert len(matches) == 154
    assert {m.job_zone for m in matches} == {5}
    two_three = rank_occupations(IAS, job_zones={2, 3}, limit=None)
    assert len(two_three) == 295 + 219
    assert rank_occupations(IAS, job_zones=[], limit=None) == []


def test_keyword_filter():
    matches = rank_occupations(IAS, keyword="Teacher", limit=None)
    expected = {o.code for o in onet.search("teacher") if o.interests is not None}
    assert matches and {m.code for m in matches} == expected
    combined = rank_occupations(IAS, keyword="teacher", job_zones=[4], limit=None)
    assert combined and all(m.job_zone == 4 for m in combined)
    assert {m.code for m in combined} < expected
    assert rank_occupations(IAS, keyword="zzqqxx") == []


def test_limit():
    assert len(rank_occupations(IAS, limit=3)) == 3
    assert rank_occupations(IAS, limit=0) == []
    assert rank_occupations(IAS, limit=3) == rank_occupations(IAS, limit=None)[:3]
    with pytest.raises(ValueError):
        rank_occupations(IAS, limit=-1)


def test_shared_letters():
    person_top = ("I", "A", "C")  # IAS profile: I 95, A 60, C 40
    for match in rank_occupations(IAS, limit=None)[::37]:
        occ_top = _top3(onet.occupation(match.code).interests)
        assert match.shared == tuple(t for t in person_top if t in occ_top)


def test_reasons_are_honest_one_liners():
    matches = rank_occupations(IAS, limit=None)
    assert all(m.reason and "\n" not in m.reason and m.reason.endswith(".") for m in matches)
    best = matches[0]
    assert best.reason.startswith("Strong on Investigative")
    for match in matches:
        if not match.shared:
            assert "like you" not in match.reason
        if match.correlation < 0:
            assert "pattern" in match.reason and "Strong on" not in match.reason
        # I and A are the only types at or above this person's average (41.7).
        if not set(match.shared) & {"I", "A"}:
            assert "like you" not in match.reason


def test_fewer_than_three_scores():
    assert rank_occupations({}) == []
    assert rank_occupations({"I": 90, "A": 50}) == []
    assert rank_occupations({"R": None, "I": 90, "A": 50, "S": None}) == []
    assert fit_for({"I": 90, "A": 50}, "15-1252.00") is None


def test_partial_profile_uses_scored_types_only():
    partial = {"R": None, "I": 90, "A": 70, "S": None, "E": 10, "C": None}
    matches = rank_occupations(partial, limit=None)
    assert len(matches) == 923
    for match in matches[::100]:
        occ = onet.occupation(match.code)
        expected = statistics.correlation([90.0, 70.0, 10.0], [occ.interests[t] for t in "IAE"])
        assert match.correlation == pytest.approx(expected, abs=1e-12)


def test_flat_profile_falls_back_to_distance():
    flat = dict.fromkeys(TYPES, 60)
    matches = rank_occupations(flat, limit=None)
    assert len(matches) == 923
    assert all(m.correlation == 0.0 and m.shared == () for m in matches)
    assert all("level" in m.reason for m in matches)
    for match in matches[::90]:
        occ = onet.occupation(match.code)
        level = 1 + 6 * 60 / 100
        d = math.sqrt(sum((level - occ.interests[t]) ** 2 for t in TYPES) / 6)
        assert match.fit == round(100 * (1 - d / 6), 1)
    keys = [(-m.fit, m.code) for m in matches]
    assert keys == sorted(keys)
    assert matches[0].fit > matches[-1].fit


def test_fit_for_agrees_with_ranking():
    ranked = rank_occupations(IAS, limit=None)
    for match in ranked[:10] + ranked[400:403] + ranked[-2:]:
        assert fit_for(IAS, match.code) == match
    flat = dict.fromkeys(TYPES, 30)
    assert fit_for(flat, "15-1252.00") == next(
        m for m in rank_occupations(flat, limit=None) if m.code == "15-1252.00"
    )
    assert fit_for(IAS, "11-9199.00") is None  # no interest profile
    with pytest.raises(KeyError):
        fit_for(IAS, "00-0000.00")


@pytest.mark.parametrize(
    "scores",
    [
        {"X": 50, "I": 50, "A": 40, "S": 30},
        {"R": 120, "I": 50, "A": 40},
        {"R": -1, "I": 50, "A": 40},
        {"R": "high", "I": 50, "A": 40},
        {"R": float("nan"), "I": 50, "A": 40},
    ],
)
def test_invalid_scores(scores):
    with pytest.raises(ValueError):
        rank_occupations(scores)
