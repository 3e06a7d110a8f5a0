"""Workbook 02: shortlist and activity logic, its charts, and the explorer and question bank widgets."""

from __future__ import annotations

import pytest

from careerkit.core.logic import derived, exploration, matching
from careerkit.core.answers import Answers
from careerkit.presentation.charts import chart_for
from careerkit.core.examples import example_person, seed
from careerkit.core.storage.store import Store
from careerkit.presentation.workbook import Workbook

WB = exploration.WB
SELF = "01_self_reflection"


def _example(*books: str) -> Answers:
    return example_person(*books)


@pytest.fixture
def example() -> Answers:
    return _example(SELF, WB)


# -- shortlist ------------------------------------------------------------------------------------
def test_shortlist_links_onet_codes_and_carries_the_interest_fit(example):
    items = exploration.shortlist(example)
    titles = [i["title"] for i in items]
    assert titles[0] == "Training and Development Specialists"
    assert len(items) == 5
    training = items[0]
    scores = derived.interest_profile(example).scores
    assert training["onet_code"] == "13-1151.00"
    assert training["fit"] == matching.fit_for(scores, "13-1151.00").fit
    assert training["job_zone"] == 4 and training["my_fit"] == 5 and training["kind"] == "role"
    typed = items[titles.index("User experience researcher")]
    assert typed["onet_code"] is None and typed["fit"] is None and typed["reason"] == ""
    assert set(training) >= {"title", "kind", "onet_code", "my_fit", "fit"}


def test_shortlist_ignores_blank_titles_duplicates_and_unknown_codes():
    rows = [
        {"_id": "a", "title": "  Florist ", "kind": "role", "onet_code": "99-9999.99", "my_fit": 3},
        {"_id": "b", "title": "", "kind": "role", "onet_code": "13-1151.00"},
        {"_id": "c", "title": "florist", "kind": "industry"},
    ]
    items = exploration.shortlist(Answers({WB: {"shortlist": rows}}))
    assert [(i["title"], i["onet_code"], i["fit"]) for i in items] == [("Florist", None, None)]


def test_fit_is_none_without_an_interest_profile():
    rows = [{"_id": "a", "title": "Tutors", "onet_code": "25-3041.00"}]
    (item,) = exploration.shortlist(Answers({WB: {"shortlist": rows}}))
    assert item["onet_code"] == "25-3041.00" and item["fit"] is None and item["job_zone"] == 3


def test_add_to_shortlist_appends_once():
    rows, added = exploration.add_to_shortlist([], "Tutors", onet_code="25-3041.00")
    assert added and rows[0]["title"] == "Tutors" and rows[0]["onet_code"] == "25-3041.00" and rows[0]["_id"]
    again, added = exploration.add_to_shortlist(rows, "TUTORS ")
    assert not added and again == rows
    same_code, added = exploration.add_to_shortlist(rows, "Private tutor", onet_code="25-3041.00")
    assert not added and len(same_code) == 1
    blank, added = exploration.add_to_shortlist(rows, "   ")
    assert not added


def test_best_title_match_needs_every_word_and_prefers_the_shortest_title():
    assert exploration.best_title_match("training and development specialist").code == "13-1151.00"
    assert exploration.best_title_match("operations manager").code == "11-1021.00"
    assert exploration.best_title_match("tutor").code == "25-3041.00"
    assert exploration.best_title_match("user experience researcher") is None
    assert exploration.best_title_match("the of and") is None


def test_suggestions_skip_roles_already_shortlisted(example):
    assert exploration.suggestions(example) == []
    fresh = Answers({SELF: {"roles_to_explore": ["tutor", "dog walker"]}})
    found = exploration.suggestions(fresh)
    assert [s["text"] for s in found] == ["tutor", "dog walker"]
    assert found[0]["occupation"].code == "25-3041.00" and found[1]["occupation"] is None


def test_zone_filter():
    assert exploration.zone_filter(["4", "2", "4"]) == [2, 4]
    assert exploration.zone_filter([]) is None
    assert exploration.zone_filter(None) is None
    assert exploration.zone_filter(["9", "x"]) is None


# -- activity -------------------------------------------------------------------------------------
def _log(research, interviews=()) -> Answers:
    return Answers({WB: {"research_log": list(research), "interview_log": list(interviews)}})


def test_activity_by_week_counts_each_kind_in_its_week():
    answers = _log(
        [{"day": "2026-10-12", "kind": "webinar"}, {"day": "2026-10-18", "kind": "webinar"},
         {"day": "2026-10-14", "kind": "reading"}, {"day": "2026-10-26", "kind": "event"},
         {"day": None, "kind": "event"}],
        [{"day": "2026-10-13", "kind": "shadowing"}],
    )
    period, rows = exploration.activity_by_period(answers)
    assert period == "week"
    assert [(r["start"], r["kind"], r["count"]) for r in rows] == [
        ("2026-10-12", "webinar", 2), ("2026-10-12", "reading", 1), ("2026-10-12", "shadowing", 1),
        ("2026-10-26", "event", 1),
    ]
    assert exploration.period_starts("2026-10-12", "2026-10-26", "week") == ["2026-10-12", "2026-10-19", "2026-10-26"]


def test_activity_switches_to_months_over_a_long_span():
    answers = _log([{"day": "2026-01-05", "kind": "reading"}, {"day": "2026-06-30", "kind": "reading"},
                    {"day": "2026-06-01", "kind": "event"}])
    period, rows = exploration.activity_by_period(answers)
    assert period == "month"
    assert [(r["start"], r["kind"], r["count"]) for r in rows] == [
        ("2026-01-01", "reading", 1), ("2026-06-01", "event", 1), ("2026-06-01", "reading", 1)]
    assert exploration.period_starts("2026-11-20", "2027-02-03", "month") == [
        "2026-11-01", "2026-12-01", "2027-01-01", "2027-02-01"]
    with pytest.raises(ValueError):
        exploration.activity_by_period(answers, "year")


def test_energy_by_kind_averages_rated_entries():
    answers = _log([{"day": "2026-10-01", "kind": "reading", "energy": 2},
                    {"day": "2026-10-02", "kind": "reading", "energy": 5},
                    {"day": "2026-10-03", "kind": "networking", "energy": 4},
                    {"day": "2026-10-04", "kind": "event", "energy": None}])
    assert exploration.energy_by_kind(answers) == [
        {"kind": "networking", "label": "Networking session", "energy": 4.0, "count": 1},
        {"kind": "reading", "label": "Reading", "energy": 3.5, "count": 2},
    ]


def test_append_questions_skips_ones_already_there():
    text = exploration.append_questions("What does a typical week look like?",
                                        ["what does a typical week look like?", "Who else should I ask?", " "])
    assert text == "What does a typical week look like?\nWho else should I ask?"
    assert exploration.append_questions(None, ["A?"]) == "A?"
    assert sum(len(q) for qs in exploration.STARTER_QUESTIONS.values() for q in qs) < exploration.questions_limit()


# -- charts ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["shortlist_fit", "activity_over_time", "energy_by_kind"])
def test_charts_are_valid_vega_lite_and_empty_without_data(example, name):
    chart = chart_for(WB, name, example)
    assert not chart.is_empty
    chart.to_altair().to_dict()  # validates against the Vega-Lite schema
    assert chart_for(WB, name, Answers({})).is_empty


def test_shortlist_fit_chart_shows_each_option_once(example):
    spec = chart_for(WB, "shortlist_fit", example).to_dict()
    rows = spec["data"]["values"]
    assert [r["option"] for r in rows][0] == "Training and Development Specialists"
    assert len(rows) == 5
    assert {r["fit_text"] for r in rows if r["fit"] is None} == {"no O*NET link"}


def test_activity_chart_keeps_empty_weeks_on_the_axis(example):
    spec = chart_for(WB, "activity_over_time", example).to_dict()
    domain = spec["encoding"]["x"]["scale"]["domain"]
    assert "26 Oct" in domain  # a week with nothing logged is still shown
    assert sum(r["count"] for r in spec["data"]["values"]) == 8


# -- widgets --------------------------------------------------------------------------------------
@pytest.fixture
def wb(tmp_path):
    store = Store(f"sqlite:///{tmp_path}/a.sqlite")
    seed(store, "p", SELF)
    book = Workbook(WB, store=store, profile="p", delay=0)
    yield book
    store.close()


def test_explorer_ranks_filters_and_adds_to_shortlist(wb):
    explorer = wb.show("explorer")
    scores = derived.interest_profile(wb.answers).scores
    first = explorer.results.children[0].children[0].children[0].value
    assert matching.rank_occupations(scores, limit=1)[0].title in first
    explorer.zones.input.children[2].value = True  # tick Job Zone 3
    assert wb.get("explore_zones") == ["3"]
    explorer.keyword.input.value = "tutor"
    assert wb.get("explore_keyword") == "tutor"
    expected = matching.rank_occupations(scores, job_zones=[3], keyword="tutor", limit=None)
    assert len(explorer.results.children) == min(len(expected), 10)
    row = explorer.results.children[0].children[0]
    assert expected[0].title in row.children[0].value
    row.children[1].click()
    saved = wb.store.answers("p", WB)["shortlist"]
    assert [(r["title"], r["onet_code"]) for r in saved] == [(expected[0].title, expected[0].code)]
    button = explorer.results.children[0].children[0].children[1]
    assert button.disabled and "On your shortlist" in button.description
    # the example person's roles from workbook 1 are offered, and can be added as typed
    texts = [c.children[0].value for c in explorer.suggestion_box.children[1:]]
    assert any("user experience researcher" in t for t in texts)
    ux = next(c for c in explorer.suggestion_box.children[1:] if "user experience" in c.children[0].value)
    ux.children[-1].click()
    assert [r["title"] for r in wb.store.answers("p", WB)["shortlist"]][-1] == "user experience researcher"


def test_explorer_escapes_and_refuses_a_full_shortlist(wb):
    rows = [{"title": f"Option {i}", "kind": "role"} for i in range(40)]
    wb.save("shortlist", rows)
    explorer = wb.show("explorer")
    explorer.results.children[0].children[0].children[1].click()
    assert "40" in explorer.status.value and "ck-error" in explorer.status.value
    assert len(wb.store.answers("p", WB)["shortlist"]) == 40


def test_question_bank_adds_ticked_questions_to_the_chosen_plan(wb):
    wb.save("interview_plan", [{"who": "Ana <b>", "role": "Gardener", "questions": "Why gardens?"},
                               {"who": "Ben", "role": "Baker"}])
    bank = wb.show("question_bank")
    assert [label for label, _ in bank.target.options] == ["Ana <b> · Gardener", "Ben · Baker"]
    bank.target.value = bank.target.options[1][1]
    bank.boxes[0][1].value = True
    bank.boxes[-1][1].value = True
    assert bank.add() == 2
    plans = wb.store.answers("p", WB)["interview_plan"]
    assert plans[1]["questions"].splitlines() == [bank.boxes[0][0], bank.boxes[-1][0]]
    assert plans[0]["questions"] == "Why gardens?"
    assert not any(box.value for _q, box in bank.boxes)
    bank.boxes[0][1].value = True
    assert bank.add() == 0  # already there
    bank.target.value = bank.target.options[0][1]
    bank.boxes[0][1].value = True
    assert bank.add() == 1
    assert "Ana &lt;b&gt;" in bank.status.value and "Ana <b>" not in bank.status.value
    assert wb.store.answers("p", WB)["interview_plan"][0]["questions"].splitlines() == ["Why gardens?", bank.boxes[0][0]]


def test_shortlist_summary_escapes_typed_text(wb):
    wb.save("shortlist", [{"title": "<script>x</script>", "kind": "role", "onet_code": "00-0000.00"}])
    panel = wb.show("shortlist_summary").value
    assert "<script>" not in panel and "&lt;script&gt;" in panel
    assert "Not found in O*NET" in panel
