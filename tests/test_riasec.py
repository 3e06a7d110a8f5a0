"""Checks on careerkit's interest inventory: scoring rules and the item bank."""

from __future__ import annotations

import math
import random
import re
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

import pytest
from careerkit.core.content import workbook
from careerkit.core.logic.riasec import DESCRIPTIONS, NAMES, TYPES, InterestProfile, code_meaning, score


# Four items per type: r1..r4, i1..i4, and so on.
KEY = {f"{t.lower()}{n}": t for t in TYPES for n in range(1, 5)}


def answers(**per_type: list[int | None]) -> dict[str, int | None]:
    out: dict[str, int | None] = {}
    for letter, values in per_type.items():
        for n, value in enumerate(values, start=1):
            out[f"{letter}{n}"] = value
    return out


def test_hand_computed_example():
    profile = score(
        answers(
            r=[5, 5, 5, 5],  # mean 5 -> 100
            i=[1, 1, 1, 1],  # mean 1 -> 0
            a=[3, 4, None, None],  # 2 of 4 answered, mean 3.5 -> 62.5
            s=[2, None, None, None],  # 1 of 4: not enough
            e=[4, 4, 5, None],  # mean 13/3 -> 83.333... -> 83.3
            c=[2, 3, 2, 3],  # mean 2.5 -> 37.5
        ),
        KEY,
    )
    assert profile.scores == {"R": 100.0, "I": 0.0, "A": 62.5, "S": None, "E": 83.3, "C": 37.5}
    assert profile.answered == {"R": 4, "I": 4, "A": 2, "S": 1, "E": 3, "C": 4}
    # A (62.5) is under 10 points above the average of the scored types (56.7): not high.
    assert profile.code == "RE"
    assert profile.complete is False


def test_complete_profile():
    profile = score(answers(r=[3] * 4, i=[5] * 4, a=[4] * 4, s=[4] * 4, e=[2] * 4, c=[1] * 4), KEY)
    assert profile.scores == {"R": 50.0, "I": 100.0, "A": 75.0, "S": 75.0, "E": 25.0, "C": 0.0}
    assert profile.code == "IAS"  # A and S tie; A comes first in R-I-A-S-E-C order
    assert profile.complete is True
    assert isinstance(profile, InterestProfile)


def test_halves_round_up():
    key = {f"x{n}": "I" for n in range(8)}
    profile = score({f"x{n}": v for n, v in enumerate([2, 2, 1, 1, 1, 1, 1, 1])}, key)
    assert profile.scores["I"] == 6.3  # (1.25 - 1) / 4 * 100 = 6.25


def test_minimum_answers_rule():
    key = {f"x{n}": "S" for n in range(9)}
    four = score({"x0": 5, "x1": 5, "x2": 5, "x3": 5}, key)
    five = score({"x0": 5, "x1": 5, "x2": 5, "x3": 5, "x4": 1}, key)
    assert four.scores["S"] is None and four.answered["S"] == 4
    assert five.scores["S"] == 80.0
    # One scored type cannot stand out against the others: no code.
    assert four.code == "" and five.code == ""


def test_ties_follow_riasec_order_and_are_disclosed():
    same = answers(r=[4] * 4, i=[4] * 4, a=[4] * 4, s=[4] * 4, e=[4] * 4, c=[4] * 4)
    assert score(same, KEY).code == "" and score(same, KEY).flat
    # C and E tie at the top: E comes first by R-I-A-S-E-C order, regardless of dict order,
    # and the tie is listed; S scored 0 and is not padded in.
    reordered = dict(reversed(list(answers(c=[5] * 4, e=[5] * 4, s=[1] * 4).items())))
    profile = score(reordered, KEY)
    assert profile.code == "EC" and profile.ties == (("E", "C"),)


def test_fewer_scored_types_give_shorter_code():
    profile = score(answers(i=[5, 5, 4, 4], a=[3, 3, None, None], c=[1] * 4), KEY)
    assert profile.code == "I"  # A (50) is not high; only three types are scored
    assert score(answers(i=[5, 5, 4, 4], a=[3, 3, None, None]), KEY).code == ""
    assert score({}, KEY).code == ""
    assert score({}, KEY).scores == dict.fromkeys(TYPES)


def test_whole_floats_are_accepted():
    assert score({"r1": 4.0, "r2": 4, "r3": None, "r4": 4}, KEY).scores["R"] == 75.0


@pytest.mark.parametrize("bad", [0, 6, -1, 3.5, "4", True, float("nan")])
def test_invalid_answers(bad):
    with pytest.raises(ValueError, match="r1"):
        score({"r1": bad}, KEY)


def test_invalid_items_and_key():
    with pytest.raises(ValueError, match="zz9"):
        score({"zz9": 3}, KEY)
    with pytest.raises(ValueError, match="'Q'"):
        score({}, {"q1": "Q"})


def reference_score(values, key):
    """The scoring rules of the module docstring, followed item by item in exact fractions."""
    items = {t: sum(1 for letter in key.values() if letter == t) for t in TYPES}
    given = {t: [int(values[i]) for i, letter in key.items() if letter == t and values.get(i) is not None]
             for t in TYPES}
    scores = {}
    for t in TYPES:
        if items[t] == 0 or 2 * len(given[t]) < items[t]:
            scores[t] = None
        else:
            exact = (Fraction(sum(given[t]), len(given[t])) - 1) / 4 * 100
            scores[t] = math.floor(exact * 10 + Fraction(1, 2)) / 10
    ranked = sorted((t for t in TYPES if scores[t] is not None), key=lambda t: (-scores[t], TYPES.index(t)))
    complete = all(s is not None for s in scores.values()) and all(len(given[t]) == items[t] for t in TYPES)
    code = ""
    if len(ranked) >= 3 and scores[ranked[0]] - scores[ranked[-1]] >= 15:
        mean = sum(scores[t] for t in ranked) / len(ranked)
        code = "".join([t for t in ranked if scores[t] >= 60 and scores[t] - mean >= 10][:3])
    return scores, {t: len(given[t]) for t in TYPES}, code, complete


@pytest.mark.parametrize("seed", range(4))
def test_score_follows_the_rules_on_random_answers(seed):
    rng = random.Random(seed)
    for _ in range(500):
        key = {f"q{n}": rng.choice(TYPES) for n in range(rng.randint(0, 16))}
        values = {i: rng.choice([1, 2, 3, 4, 5, 5, 1, None, 2.0, 5.0]) for i in key if rng.random() < 0.85}
        profile = score(values, key)
        assert (profile.scores, profile.answered, profile.code, profile.complete) == reference_score(values, key)
        assert list(profile.scores) == list(profile.answered) == list(TYPES)


@pytest.mark.parametrize("seed", range(2))
def test_scoring_from_a_whole_workbook_reads_only_the_key_and_agrees_with_score(seed):
    from careerkit.core.logic.riasec import score_from

    rng = random.Random(seed)
    for _ in range(300):
        key = {f"q{n}": rng.choice(TYPES) for n in range(rng.randint(0, 16))}
        values = {i: rng.choice([1, 2, 3, 4, 5, 5, 1, None, 2.0, 5.0]) for i in key if rng.random() < 0.85}
        workbook = {**values, "notes": "free text", "hobbies": ["choir"], "energy": 7}
        assert score_from(workbook, tuple(key.items())) == score(values, key)


def test_every_mean_rounds_as_decimal_half_up():
    # Every total of up to 40 answers: the score is the exact rescaled mean rounded half up.
    for n in range(1, 41):
        key = {f"x{j}": "A" for j in range(n)}
        for total in range(n, 5 * n + 1):
            spread = [1 + (total - n) // n + (j < (total - n) % n) for j in range(n)]
            exact = Decimal(total - n) * 25 / Decimal(n)
            expected = float(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
            assert score(dict(zip(key, spread)), key).scores["A"] == expected, (n, total)


def test_the_first_bad_answer_in_key_order_is_reported():
    key = {"c1": "C", "s1": "S", "r1": "R"}
    with pytest.raises(ValueError, match="'c1'"):
        score({"r1": 0, "c1": 9, "s1": 4}, key)
    with pytest.raises(ValueError, match="'s1'"):
        score({"r1": 0, "c1": 5, "s1": True}, key)


def test_a_key_changed_in_place_is_scored_afresh():
    key = dict(KEY)
    values = answers(r=[5, 5, 5, 5], i=[1, 1, 1, 1])
    assert score(values, key).scores["R"] == 100.0
    key["r1"] = key["r2"] = key["r3"] = "I"  # three fives now count for I: 19 over 7 items
    profile = score(values, key)
    assert (profile.scores["R"], profile.scores["I"], profile.answered["I"]) == (100.0, 42.9, 7)


def test_names_and_descriptions():
    assert TYPES == ("R", "I", "A", "S", "E", "C")
    assert NAMES["I"] == "Investigative" and NAMES["C"] == "Conventional"
    assert set(NAMES) == set(DESCRIPTIONS) == set(TYPES)
    assert len(set(DESCRIPTIONS.values())) == 6


def test_code_meaning():
    three = code_meaning("IAS")
    assert three.startswith("You are drawn most to investigating")
    assert three.index("creating") < three.index("helping")
    assert code_meaning("i-a-s") == three
    assert code_meaning("E") == (
        "You are drawn most to leading, persuading and getting projects off the ground."
    )
    assert code_meaning("EC").endswith(
        "and also to organizing information and keeping things accurate."
    )
    assert "no interest code yet" in code_meaning("")
    for bad in ("IIA", "IXZ", "Q"):
        with pytest.raises(ValueError):
            code_meaning(bad)


def _bank() -> list[dict]:
    """The inventory items as they stand in workbook 01's description."""
    wb = workbook("01_self_reflection")
    fields = wb.section("interest_profile").fields
    return [
        {"id": f.id, "type": f.type, "min": f.min, "max": f.max, "score": f.score, "label": f.label,
         "example": f.example}
        for f in fields
    ]


def test_item_bank_shape():
    bank = _bank()
    assert len(bank) == 54
    for entry in bank:
        assert set(entry) == {"id", "type", "min", "max", "score", "label", "example"}
        assert entry["type"] == "scale" and entry["min"] == 1 and entry["max"] == 5
        assert re.fullmatch(r"ri_[riasec]\d\d", entry["id"])
        assert entry["id"][3] == entry["score"].lower()
        assert 10 < len(entry["label"]) <= 90
        assert isinstance(entry["example"], int) and 1 <= entry["example"] <= 5


def test_item_bank_ids_and_labels_unique():
    bank = _bank()
    for letter in TYPES:
        ids = {e["id"] for e in bank if e["score"] == letter}
        assert len(ids) >= 9
    assert len({e["id"] for e in bank}) == len(bank)
    labels = [e["label"].strip().lower() for e in bank]
    assert len(set(labels)) == len(labels)


def test_item_bank_is_interleaved():
    letters = "".join(e["score"] for e in _bank())
    assert letters == "RIASEC" * 9


def test_item_bank_example_person():
    bank = _bank()
    profile = score({e["id"]: e["example"] for e in bank}, {e["id"]: e["score"] for e in bank})
    assert profile.complete
    assert profile.code == "IAS"
    assert {e["example"] for e in bank} == {1, 2, 3, 4, 5}
