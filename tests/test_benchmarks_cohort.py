"""The synthetic room of the room's-picture figures: varied as real answers are, valid, and the same everywhere."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter

import pytest

from benchmarks import cohort
from benchmarks.common import REPO
from careerkit.core import content
from careerkit.core.validation import clean
from careerkit.presentation.workbook import options_for


@pytest.fixture(scope="module")
def room():
    return cohort.members(300, seed=5)


def _digest_in_fresh_process(n: int, seed: int, hash_seed: str) -> str:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONPATH": str(REPO)}
    out = subprocess.run([sys.executable, "-m", "benchmarks.cohort", str(n), str(seed)], cwd=REPO, env=env,
                         capture_output=True, text=True, check=True, timeout=600)
    return out.stdout.strip()


def test_the_same_seed_gives_the_same_room_under_any_hash_seed():
    here = cohort.digest(cohort.members(40, seed=3))
    assert _digest_in_fresh_process(40, 3, "0") == here
    assert _digest_in_fresh_process(40, 3, "4242") == here
    assert cohort.digest(cohort.members(40, seed=4)) != here


def test_every_answer_is_one_careerkit_would_accept(room):
    for m in room:
        for workbook_id in m.answers:
            wb = content.workbook(workbook_id)
            for field_id, value in m.answers[workbook_id].items():
                field = wb.field(field_id)
                options = options_for(field, m.answers) if field.choices_from else None
                assert clean(field, value, options=options) is not None, (m.profile, workbook_id, field_id)


def test_people_got_to_different_places(room):
    reached = Counter(len(list(m.answers)) for m in room)
    assert reached[1] > 0 and reached[len(content.workbook_ids())] > 0
    assert len(reached) >= 8


def test_typed_entries_have_a_common_head_odd_spellings_and_a_long_tail(room):
    people_per_entry = Counter()
    spellings = Counter()
    for m in room:
        hobbies = m.answers["01_self_reflection"].get("hobbies") or []
        people_per_entry.update({" ".join(h.split()).casefold() for h in hobbies})
        spellings.update(hobbies)
    assert len({tuple(m.answers["01_self_reflection"].get("hobbies") or ()) for m in room}) > 150
    common = [e for e, n in people_per_entry.items() if n >= 5]
    once = [e for e, n in people_per_entry.items() if n == 1]
    assert 3 <= len(common) and len(once) > len(common)
    assert len(spellings) > len(people_per_entry)  # one entry, several spellings


def test_ratings_rankings_and_choices_vary_from_person_to_person(room):
    ratings = Counter(m.answers["01_self_reflection"].get("ri_r01") for m in room) - Counter({None: 10**6})
    assert len(ratings) >= 4 and max(ratings.values()) < 0.6 * sum(ratings.values())
    rankings = [tuple(v) for m in room if (v := m.answers["03_values"].get("top_values"))]
    assert len(rankings) >= 20 and len(set(rankings)) > 0.9 * len(rankings)
    stages = Counter(m.answers["00_start_here"].get("stage") for m in room)
    assert len(stages) >= 4 and max(stages.values()) < 0.6 * len(room)
    codes = Counter(_code(m) for m in room)
    assert len(codes) >= 10


def _code(member) -> str:
    from careerkit.core.logic import derived

    return derived.interest_profile(member.answers).code


def test_most_consent_and_a_few_share_what_they_wrote(room):
    consenting = sum(m.consent for m in room)
    assert 0.7 * len(room) < consenting < 0.9 * len(room)
    sharing = [m for m in room if m.shared]
    assert sharing and all(m.consent for m in sharing)
