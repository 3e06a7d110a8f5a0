"""The room's picture: consent, k-anonymity in every cell, and free text kept out unless shared."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from careerkit.core.logic import cohort
from careerkit.core import content
from careerkit.core.answers import Answers
from careerkit.core.logic.cohort import Member, Row, aggregate_field, aggregates, count_label
from careerkit.core.validation import EMPTY_VALUES, is_empty

START = content.workbook("00_start_here")
REFLECTION = content.workbook("01_self_reflection")


def member(i: int, *, consent: bool = True, shared=(), **answers) -> Member:
    data: dict = {}
    for key, value in answers.items():
        wb, _, field = key.partition("__")
        data.setdefault({"s": "00_start_here", "r": "01_self_reflection"}[wb], {})[field] = value
    return Member(f"p{i}", Answers(data), consent=consent, shared=frozenset(shared))


def stage_agg(stages):
    return aggregate_field(START.field("stage"), stages, workbook="00_start_here")


def test_groups_under_five_are_hidden_including_zero():
    agg = stage_agg(["student"] * 9 + ["early"] * 7 + ["changer"] * 3 + ["between"] * 1)
    counts = {r.value: r.count for r in agg.rows}
    assert counts["student"] == 9 and counts["early"] == 7
    assert counts["changer"] is None and counts["between"] is None and counts["returner"] is None
    assert agg.respondents == 20


def test_one_hidden_group_is_never_left_to_be_worked_out_from_the_total():
    # Only "changer" is small: without a second hidden cell, 20 - 9 - 8 would give it away.
    stages = ["student"] * 6 + ["early"] * 8 + ["changer"] * 3 + ["returner"] * 5 + ["later"] * 5 + ["between"] * 5
    agg = stage_agg(stages)
    hidden = [r.value for r in agg.rows if r.count is None]
    assert len(hidden) >= 2 and "changer" in hidden


def test_too_few_answers_hide_the_whole_question():
    agg = stage_agg(["student"] * 4 + [None, ""])
    assert agg.suppressed and agg.rows == () and "Fewer than 5" in agg.note


def test_count_label():
    assert count_label(None) == count_label(0) == count_label(4) == "fewer than 5"
    assert count_label(5) == "5"


def test_scale_distribution_and_anchors():
    field = REFLECTION.field("ri_r01")
    agg = aggregate_field(field, [1] * 5 + [2] * 6 + [5] * 7)
    assert [r.value for r in agg.rows] == ["1", "2", "3", "4", "5"]
    assert agg.rows[0].label.startswith("1 · ") and agg.rows[0].count == 5
    assert agg.rows[2].count is None and agg.rows[3].count is None


def test_typed_tags_are_named_only_when_five_people_used_them():
    field = REFLECTION.field("hobbies")
    values = [["Chess", "my secret club"]] + [["chess "]] * 5 + [["baking"]] * 4
    agg = aggregate_field(field, values)
    assert [(r.label, r.count) for r in agg.rows] == [("Chess", 6)]
    assert "secret" not in repr(agg) and "baking" not in repr(agg)


def test_free_text_is_never_aggregated():
    with pytest.raises(ValueError):
        aggregate_field(START.field("hopes"), ["x"] * 10)
    types = {content.workbook(a.workbook).field(a.field).type for a in aggregates([member(0)])}
    assert types <= {"number", "scale", "choice", "multichoice", "tags", "ranking"}


def test_only_consenting_members_count_and_withdrawal_takes_effect():
    people = [member(i, s__stage="student") for i in range(6)] + [
        member(10 + i, consent=False, s__stage="early") for i in range(6)]
    counts = {r.value: r.count for r in aggregates(people, ["00_start_here"])[0].rows}
    assert counts["student"] == 6 and counts["early"] is None
    withdrawn = [Member(m.profile, m.answers, consent=False) if m.profile in ("p0", "p1") else m for m in people]
    after = aggregates(withdrawn, ["00_start_here"])[0]
    assert after.suppressed  # four left: the whole question is hidden now
    assert cohort.joined(withdrawn) == 12  # progress still counts everyone, as counts


def test_shared_text_appears_only_when_shared_by_a_consenting_author():
    people = [
        member(0, s__hopes="Shared hope", shared=[("00_start_here", "hopes")]),
        member(1, s__hopes="Private hope"),
        member(2, consent=False, s__hopes="Shared but withdrawn", shared=[("00_start_here", "hopes")]),
        member(3, s__hopes="  ", shared=[("00_start_here", "hopes")]),
        member(4, s__stage="student", shared=[("00_start_here", "stage")]),  # not a free-text answer
    ]
    shown = cohort.shared_texts(people)
    assert [(t.field, t.text) for t in shown] == [("hopes", "Shared hope")]
    csv_text = cohort.to_csv(people)
    assert "hope" not in csv_text.lower()


def test_progress_counts_are_k_anonymous_too():
    from careerkit.core.content import workbook

    everything = {f"s__{f.id}": f.example for f in workbook("00_start_here").answerable}
    people = [member(i, **everything) for i in range(6)] + [member(9, r__hobbies=["chess"])]
    rows = {r.workbook: r for r in cohort.progress_rows(people)}
    assert rows["00_start_here"].finished == 6 and rows["00_start_here"].started == 6
    assert rows["01_self_reflection"].started is None  # one person: fewer than 5


def test_riasec_summary_counts_codes_of_consenting_people():
    items = [f for f in REFLECTION.fields.values() if f.score]
    def person(i, strong, consent=True):
        answers = {f.id: (5 if f.score == strong else 1) for f in items}
        return Member(f"p{i}", Answers({"01_self_reflection": answers}), consent=consent)
    people = [person(i, "I") for i in range(7)] + [person(10 + i, "S") for i in range(3)] + [
        person(20 + i, "A", consent=False) for i in range(9)]
    first, within, whole = cohort.riasec_summary(people)
    counts = {r.value: r.count for r in first.rows}
    assert first.respondents == 10 and counts["I"] == 7 and counts["S"] is None and counts["A"] is None
    assert all(r.count is None or r.count >= 5 for r in within.rows)
    assert cohort.riasec_summary(people[:4])[0].suppressed


def test_csv_keeps_counts_hidden_and_defuses_formulas():
    people = [member(i, r__hobbies=["=HYPERLINK(1)"]) for i in range(6)]
    text = cohort.to_csv(people)
    assert "'=HYPERLINK(1)" in text and "\n=HYPERLINK" not in text
    assert text.splitlines()[0] == "section,workbook,question,answer,count,respondents"
    assert ",fewer than 5," in text


def synthetic(n: int, seed: int = 3) -> list[Member]:
    rng = random.Random(seed)
    stages = [c.value for c in START.field("stage").choices]
    items = [f for f in REFLECTION.fields.values() if f.score]
    out = []
    for i in range(n):
        strong = rng.choice("RIASEC")
        data = {
            "00_start_here": {"stage": rng.choices(stages, weights=[40, 30, 20, 4, 2, 4])[0],
                              "weekly_time": rng.choice(["30m", "1h", "2h", "more"]),
                              "hopes": f"PRIVATE {i}"},
            "01_self_reflection": {"hobbies": rng.sample(["chess", "baking", "choir", "running"], 2) + [f"PRIVATE{i}"],
                                   **{f.id: min(5, rng.randint(1, 3) + (2 if f.score == strong else 0)) for f in items}},
        }
        out.append(Member(f"p{i}", Answers(data), consent=rng.random() < 0.75,
                          shared=frozenset({("00_start_here", "hopes")}) if rng.random() < 0.1 else frozenset()))
    return out


def test_two_hundred_participants_every_cell_is_k_anonymous_and_private_text_stays_out():
    people = synthetic(240)
    consenting = cohort.consenting(people)
    assert 150 < len(consenting) < 220
    all_aggs = cohort.riasec_summary(people) + aggregates(people)
    assert any(not a.suppressed for a in all_aggs)
    for agg in all_aggs:
        for row in agg.rows:
            assert row.count is None or row.count >= cohort.K, (agg.question, row)
        if agg.kind == "distribution" and not agg.suppressed and all(r.count is not None for r in agg.rows):
            assert sum(r.count for r in agg.rows) == agg.respondents
    stage = next(a for a in all_aggs if a.field == "stage")
    assert stage.respondents == len(consenting)
    for p in cohort.progress_rows(people):
        for value in (p.started, p.halfway, p.finished):
            assert value is None or value >= cohort.K
    text = cohort.to_csv(people) + repr(all_aggs)
    assert "PRIVATE" not in text
    shared = cohort.shared_texts(people)
    assert shared and all(t.text.startswith("PRIVATE") for t in shared)  # exactly the answers people chose to share
    assert {t.text for t in shared} == {m.answers["00_start_here"]["hopes"] for m in consenting
                                        if ("00_start_here", "hopes") in m.shared}


def untidy_room(n: int, seed: int) -> list[Member]:
    """People answering every workbook at random, with empty, falsy, odd and non-question answers."""
    rng = random.Random(seed)
    words = ["Chess", " chess", "CHESS ", "ch  ess", "baking", "Baking", "", "   ", "=SUM(1)", "Straße", "STRASSE"]
    odd = [None, "", [], {}, 0, 0.0, False, "x", [None], [3, "Chess"]]

    def value(f):
        if rng.random() < 0.15:
            return rng.choice(odd)
        if f.type == "scale":
            return rng.randint(int(f.min), int(f.max))
        if f.type == "number":
            return rng.choice([0, 1.5, rng.randint(0, 60)])
        if f.type == "choice":
            return rng.choice([c.value for c in f.choices] + ["in my own words"])
        if f.type in ("multichoice", "ranking") and f.choices:
            return rng.sample([c.value for c in f.choices], rng.randint(0, len(f.choices)))
        if f.type in ("tags", "ranking"):  # own words, now and then with something that is not words
            return [rng.choice(words) for _ in range(rng.randint(0, 5))] + [{"not": "words"}] * (rng.random() < 0.1)
        return rng.choice(["some words", "", 3])

    people = []
    for i in range(n):
        data = {wb.id: {f.id: value(f) for f in wb.fields.values() if rng.random() < 0.8}
                for wb in content.workbooks() if rng.random() < 0.9}
        if rng.random() < 0.2:
            data.setdefault("00_start_here", {})["not_a_question"] = "x"
        people.append(Member(f"p{i}", Answers(data), consent=rng.random() < 0.8))
    return people


def counted_one_by_one(people: list[Member], k: int) -> list[tuple[str, int | None, int | None, int | None]]:
    out = []
    for wb in content.workbooks():
        ids = [f.id for f in wb.answerable]
        answered = [sum(not is_empty(m.answers[wb.id].get(i)) for i in ids) for m in people]
        stages = [sum(1 for a in answered if a > 0), sum(1 for a in answered if a > 0 and 2 * a >= len(ids)),
                  sum(1 for a in answered if a and a == len(ids))]
        out.append((wb.id, *(n if n >= k else None for n in stages)))
    return out


def typed_rows_one_by_one(values: list, k: int, top: int | None) -> tuple[Row, ...]:
    counts: Counter[str] = Counter()
    spelling: dict[str, str] = {}
    for value in values:
        if not isinstance(value, list) or is_empty(value):
            continue
        keys = set()
        for item in value[:top] if top else value:
            if isinstance(item, str):
                words = " ".join(item.split())
                spelling.setdefault(words.casefold(), words)
                keys.add(words.casefold())
        counts.update(keys - {""})
    common = sorted((kv for kv in counts.items() if kv[1] >= k), key=lambda kv: (-kv[1], kv[0]))[:20]
    return tuple(Row(key, spelling[key], n) for key, n in common)


@pytest.mark.parametrize("seed", range(3))
def test_the_room_picture_matches_reading_it_question_by_question(seed):
    people = untidy_room(120, seed)
    consenting = cohort.consenting(people)
    for k in (2, cohort.K):
        assert [(p.workbook, p.started, p.halfway, p.finished) for p in cohort.progress_rows(people, k=k)] == \
            counted_one_by_one(people, k)
        expected = []
        for wb in content.workbook_ids():
            for f in cohort.aggregate_fields(wb):
                values = [m.answers[wb].get(f.id) for m in consenting]
                expected.append(aggregate_field(f, values, workbook=wb, k=k))
                answered = sum(not is_empty(v) for v in values)  # 0 and False are answers too
                assert expected[-1].suppressed == (answered < k)
                if f.type != "number":
                    assert expected[-1].respondents in (None, answered)
                if f.type in ("tags", "ranking") and not f.choices and not expected[-1].suppressed:
                    top = cohort.TOP_RANKS if f.type == "ranking" else None
                    assert expected[-1].rows == typed_rows_one_by_one(values, k, top), f.id
        assert aggregates(people, k=k) == expected
        assert aggregates(people, ["07_learning", "00_start_here"], k=k) == \
            [a for wb in ("07_learning", "00_start_here") for a in expected if a.workbook == wb]
    assert aggregates([], ["00_start_here"])[0].suppressed
    assert all(p.started is None for p in cohort.progress_rows([]))


def test_every_empty_value_is_falsy():
    # Counting lets every truthy answer through without comparing it with each empty value.
    assert not any(EMPTY_VALUES)
