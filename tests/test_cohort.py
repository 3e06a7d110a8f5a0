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


# -- the whole picture against a plain reading of the rules ---------------------------------
# The picture of a big room is computed in bulk (see cohort.py); these functions read the
# same rules one person and one question at a time, so a faster path that changes any
# count, suppression, order or text fails here.

def plain_suppress(counts: list[int], k: int, *, exclusive: bool) -> list[int | None]:
    hidden = {i for i, c in enumerate(counts) if c < k}
    if exclusive and len(hidden) == 1 and len(counts) > 1:
        hidden.add(min((c, i) for i, c in enumerate(counts) if i not in hidden)[1])
    return [None if i in hidden else c for i, c in enumerate(counts)]


def plain_rows(pairs: list[tuple[str, str, int]], k: int, *, exclusive: bool) -> tuple[Row, ...]:
    shown = plain_suppress([c for _, _, c in pairs], k, exclusive=exclusive)
    return tuple(Row(value, label, c) for (value, label, _), c in zip(pairs, shown))


def plain_bins(field, numbers: list[float]) -> list[tuple[str, str, int]]:
    import math

    lo = field.min if field.min is not None else min(0.0, math.floor(min(numbers)))
    hi = field.max if field.max is not None else max(numbers)
    raw = max(hi - lo, 1e-9) / 5
    magnitude = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    step = next(f * magnitude for f in (1, 2, 5, 10) if raw <= f * magnitude)
    start = math.floor(lo / step) * step
    edges = [start]
    while edges[-1] + step <= hi:
        edges.append(edges[-1] + step)
    unit = (" " + field.unit) if field.unit else ""
    out = []
    for i, e in enumerate(edges):
        n = sum(1 for x in numbers if min(max(int((x - start) // step), 0), len(edges) - 1) == i)
        out.append((f"{e:g}", f"{e:g}–{e + step:g}{unit}", n))
    return out


def plain_aggregate(field, values: list, workbook: str, k: int) -> cohort.Aggregate:
    answers = [v for v in values if not is_empty(v)]
    n = len(answers)
    base = dict(workbook=workbook, field=field.id, question=field.label)
    kind = "distribution" if field.type in ("scale", "number", "choice") else "counts"
    if n < k:
        return cohort.Aggregate(**base, kind=kind, respondents=None, note=f"Fewer than {k} people have answered this yet.")
    lists = [v for v in answers if isinstance(v, list)]
    if field.type == "scale":
        lo, hi = int(field.min), int(field.max)
        pairs = []
        for i in range(lo, hi + 1):
            label = str(i)
            if field.anchors and i in (lo, hi):
                label = f"{i} · {field.anchors[0] if i == lo else field.anchors[1]}"
            pairs.append((str(i), label, sum(1 for v in answers if isinstance(v, (int, float)) and int(v) == i)))
        return cohort.Aggregate(**base, kind=kind, respondents=n, rows=plain_rows(pairs, k, exclusive=True))
    if field.type == "number":
        numbers = [float(v) for v in answers if isinstance(v, (int, float)) and not isinstance(v, bool)]
        return cohort.Aggregate(**base, kind=kind, respondents=len(numbers),
                                rows=plain_rows(plain_bins(field, numbers), k, exclusive=True))
    if field.type == "choice":
        known = [c.value for c in field.choices]
        pairs = [(c.value, c.label, sum(1 for v in answers if v == c.value)) for c in field.choices]
        if field.allow_other:
            pairs.append(("__other__", "Something else (in their own words)",
                          sum(1 for v in answers if isinstance(v, str) and v not in known)))
        return cohort.Aggregate(**base, kind=kind, respondents=n, rows=plain_rows(pairs, k, exclusive=True))
    if field.type == "multichoice":
        pairs = [(c.value, c.label, sum(1 for v in lists if c.value in v)) for c in field.choices]
        return cohort.Aggregate(**base, kind=kind, respondents=n, rows=plain_rows(pairs, k, exclusive=False))
    if field.type == "tags":
        return cohort.Aggregate(**base, kind=kind, respondents=n, rows=typed_rows_one_by_one(lists, k, None),
                                note=f"Entries used by fewer than {k} people are not shown.")
    note = f"How many people placed each item in their top {cohort.TOP_RANKS}."
    if field.choices:
        pairs = [(c.value, c.label, sum(v[:cohort.TOP_RANKS].count(c.value) for v in lists)) for c in field.choices]
        return cohort.Aggregate(**base, kind=kind, respondents=n, rows=plain_rows(pairs, k, exclusive=False), note=note)
    return cohort.Aggregate(**base, kind=kind, respondents=n, rows=typed_rows_one_by_one(lists, k, cohort.TOP_RANKS),
                            note=note + f" Items named by fewer than {k} people are not shown.")


def plain_riasec(agreed: list[Member], k: int) -> list[cohort.Aggregate]:
    from careerkit.core.logic import riasec

    key = {f.id: f.score for f in REFLECTION.fields.values() if f.score}
    codes = []
    for m in agreed:
        given = m.answers["01_self_reflection"]
        code = riasec.score({i: given[i] for i in key if i in given}, key).code
        if code:
            codes.append(code)
    n = len(codes)
    base = dict(workbook="01_self_reflection", respondents=n if n >= k else None)
    if n < k:
        return [cohort.Aggregate(**base, field="riasec_first", question="Strongest interest type", kind="distribution",
                                 note=f"Fewer than {k} people have an interest code yet.")]
    first = [(t, riasec.NAMES[t], sum(1 for c in codes if c[0] == t)) for t in riasec.TYPES]
    within = [(t, riasec.NAMES[t], sum(1 for c in codes if t in c)) for t in riasec.TYPES]
    whole = sorted({c: codes.count(c) for c in codes}.items(), key=lambda kv: (-kv[1], kv[0]))
    return [
        cohort.Aggregate(**base, field="riasec_first", question="Strongest interest type", kind="distribution",
                         rows=plain_rows(first, k, exclusive=True)),
        cohort.Aggregate(**base, field="riasec_in_code", question="Types in people's three-letter codes", kind="counts",
                         rows=plain_rows(within, k, exclusive=False)),
        cohort.Aggregate(**base, field="riasec_codes", question="Whole interest codes shared by several people",
                         kind="counts", rows=tuple(Row(c, c, n_) for c, n_ in whole if n_ >= k),
                         note=f"Codes held by fewer than {k} people are not shown."),
    ]


def plain_picture(people: list[Member], k: int) -> cohort.Picture:
    agreed = [m for m in people if m.consent]
    progress = [cohort.ProgressRow(wb.id, wb.number, wb.title, *stages)
                for wb, (_, *stages) in zip(content.workbooks(), counted_one_by_one(people, k))]
    answers = [plain_aggregate(f, [m.answers[wb].get(f.id) for m in agreed], wb, k)
               for wb in content.workbook_ids() for f in cohort.aggregate_fields(wb)]
    texts = {(wb, f.id): f for wb, f in cohort.shareable_text_fields()}
    shared = []
    for m in agreed:
        for wb, fid in sorted(m.shared):
            text = m.answers[wb].get(fid)
            if (wb, fid) in texts and isinstance(text, str) and text.strip():
                shared.append(cohort.SharedText(wb, fid, texts[wb, fid].label, text.strip()))
    shared.sort(key=lambda s: (s.workbook, s.field, s.text.casefold()))
    return cohort.Picture(k=k, joined=len(people) if len(people) >= k else None,
                          consenting=len(agreed) if len(agreed) >= k else None, progress=tuple(progress),
                          riasec=tuple(plain_riasec(agreed, k)), answers=tuple(answers), shared=tuple(shared))


def varied(people: list[Member], seed: int) -> list[Member]:
    """A benchmark room made less tidy: whole numbers given as floats, zeros, own words in
    odd spacing and case, nobody at all in a workbook, empty answers, consent changed."""
    rng = random.Random(seed)
    items = {f.id for f in REFLECTION.fields.values() if f.score}  # 0 is no answer to the inventory
    out = []
    for m in people:
        data = {wb: dict(m.answers[wb]) for wb in m.answers}
        roll = rng.random()
        if roll < 0.05:
            data = {}
        elif roll < 0.15:
            data.pop("01_self_reflection", None)
        for fields in data.values():
            for fid, value in list(fields.items()):
                r = rng.random()
                if isinstance(value, int) and not isinstance(value, bool) and r < 0.05:
                    fields[fid] = float(value)  # a whole number given as a float scores the same
                elif isinstance(value, (int, float)) and r < 0.08 and fid not in items:
                    fields[fid] = rng.choice([0, 0.0, None])
                elif isinstance(value, list) and value and r < 0.08:
                    fields[fid] = rng.choice([[], [value[0].upper() if isinstance(value[0], str) else value[0]],
                                              value + value[:1]])
                elif r < 0.02:
                    fields[fid] = rng.choice(["", None, []])
        if rng.random() < 0.05:  # equal scores at the top: the code's order is R-I-A-S-E-C
            strong = rng.choice(["IS", "AEC", "RC"])
            data.setdefault("01_self_reflection", {}).update(
                {f.id: 5 if f.score in strong else 1 for f in REFLECTION.fields.values() if f.score})
        consent = m.consent if rng.random() < 0.9 else not m.consent
        out.append(Member(m.profile, Answers(data, profile=m.profile), consent=consent, shared=m.shared))
    return out


@pytest.fixture(scope="module")
def benchmark_rooms():
    from benchmarks.cohort import members

    big = members(700, seed=2)
    return {"benchmark": big, "other seed": members(400, seed=9), "varied": varied(big, 1),
            "small": members(12, seed=4), "three": members(3, seed=6), "nobody": []}


@pytest.mark.parametrize("room", ["benchmark", "other seed", "varied", "small", "three", "nobody"])
@pytest.mark.parametrize("k", [2, cohort.K, 40])
def test_the_room_picture_matches_a_plain_reading_of_the_rules(benchmark_rooms, room, k):
    people = benchmark_rooms[room]
    got, expected = cohort.picture(people, k=k), plain_picture(people, k)
    assert got == expected
    assert got.to_json() == expected.to_json()  # 5 and 5.0 differ here, not in ==
    assert cohort.picture_csv(got) == cohort.picture_csv(expected)


@pytest.mark.parametrize("seed", range(3))
def test_each_question_matches_a_plain_reading_with_odd_answers_too(benchmark_rooms, seed):
    import dataclasses

    rng = random.Random(seed)
    agreed = cohort.consenting(benchmark_rooms["benchmark"])
    odd = [None, "", [], {}, 0, 0.0, False, True, 2.0, 3.5, -1, 10 ** 6, "x", "student", "in my own words",
           [None], ["Chess", " chess", "CHESS"], [3, "Chess"], {"a": 1}]
    for wb in content.workbook_ids():
        for f in cohort.aggregate_fields(wb):
            typical = [m.answers[wb].get(f.id) for m in agreed]
            given = [v for v in typical if v is not None]
            own_words = [rng.choice(["in my own words", "In my own words ", "something else"]) if rng.random() < 0.1
                         else v for v in typical]  # answers of the field's own type, some not its options
            numeric = [rng.choice([2.0, 3.5, 0.0, 7.25, 4]) if isinstance(v, int) and rng.random() < 0.1 else v
                       for v in typical]  # numbers that are not all whole, or not all int
            mixed = [rng.choice(odd) if rng.random() < 0.1 else v for v in typical]
            fields = [f, dataclasses.replace(f, allow_other=True)] if f.type == "choice" else [f]
            for field in fields:
                for values in (typical, given, own_words, numeric, mixed, tuple(typical)):
                    for k in (2, cohort.K):
                        try:
                            expected = plain_aggregate(field, list(values), wb, k)
                        except (TypeError, ValueError) as error:  # say a dict among the choices of a multiple choice
                            with pytest.raises(type(error)):
                                aggregate_field(field, values, workbook=wb, k=k)
                            continue
                        assert aggregate_field(field, values, workbook=wb, k=k) == expected, (field.id, k)


def test_each_persons_progress_matches_counting_it_one_by_one(benchmark_rooms):
    from careerkit.core.answers import answered_table

    people = benchmark_rooms["varied"] + untidy_room(60, 7)
    ids = content.workbook_ids()
    columns, totals = answered_table([m.answers for m in people], ids)
    for wb, column, total in zip(ids, columns, totals):
        answerable = [f.id for f in content.workbook(wb).answerable]
        assert total == len(answerable)
        assert column == [sum(not is_empty(m.answers[wb].get(i)) for i in answerable) for m in people]


@pytest.mark.parametrize("seed", range(2))
def test_an_untidy_room_gets_the_same_picture_or_the_same_error(seed):
    people = untidy_room(150, seed)
    with pytest.raises(ValueError) as reference:
        plain_picture(people, cohort.K)
    with pytest.raises(ValueError) as fast:
        cohort.picture(people)
    assert str(fast.value) == str(reference.value)  # an interest answer that is not 1–5, named alike
    items = {f.id for f in REFLECTION.fields.values() if f.score}
    rng = random.Random(seed)
    accepted = []  # the same room with every interest answer one the inventory accepts
    for m in people:
        data = {wb: dict(m.answers[wb]) for wb in m.answers}
        for i in items & data.get("01_self_reflection", {}).keys():
            data["01_self_reflection"][i] = rng.choice([None, 1, 2, 3, 4, 5, 4.0, 5])
        accepted.append(Member(m.profile, Answers(data), consent=m.consent, shared=m.shared))
    people = accepted
    for k in (2, cohort.K):
        assert cohort.picture(people, k=k) == plain_picture(people, k)
