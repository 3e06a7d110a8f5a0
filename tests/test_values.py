"""Workbook 03: cards, card sort, top five and weights, motivations, alignment, work values; charts and widgets."""

from __future__ import annotations

import pytest

from careerkit.core import content, onet
from careerkit.core.logic import values
from careerkit.core.answers import Answers
from careerkit.presentation.charts import chart_for
from careerkit.core.examples import example_person, seed
from careerkit.core.storage.store import Store
from careerkit.core.validation import InvalidAnswer
from careerkit.presentation.workbook import Workbook

WB = values.WB
EXPLORE = "02_explore_roles"


def _example(*books: str) -> Answers:
    return example_person(*books)


@pytest.fixture
def example() -> Answers:
    return _example("01_self_reflection", EXPLORE, WB)


# -- cards and the sort ---------------------------------------------------------------------------
def test_at_least_forty_distinct_cards_each_with_a_meaning():
    cards = values.cards()
    assert len(cards) >= 40
    assert len({c.name.casefold() for c in cards}) == len(cards)
    assert all(c.meaning and len(c.meaning) < 90 and c.meaning.endswith(".") for c in cards)
    book = content.workbook(WB)
    assert [c.value for c in book.field("important").choices] == [c.name for c in cards]
    assert [c.value for c in book.field("not_important").choices] == [c.name for c in cards]


def test_card_mappings_name_real_cards_and_work_values():
    names = {c.name for c in values.cards()}
    assert set(values.CARD_TO_WORK_VALUE) <= names
    assert set(values.CARD_TO_WORK_VALUE.values()) <= set(values.WORK_VALUES)
    assert set(values.MOTIVATION_TO_WORK_VALUE) == set(values.MOTIVATIONS)
    assert set(onet.occupation("13-1151.00").work_values) == set(values.WORK_VALUES)


def test_check_sort_refuses_a_card_in_two_piles_or_an_unknown_card():
    good = values.check_sort({"very_important": ["Learning"], "important": ["Family"]})
    assert good == {"very_important": ["Learning"], "important": ["Family"], "not_important": []}
    with pytest.raises(InvalidAnswer, match="belongs in one pile"):
        values.check_sort({"very_important": ["Learning"], "not_important": ["Learning"]})
    with pytest.raises(InvalidAnswer, match="not one of the value cards"):
        values.check_sort({"important": ["Juggling"]})
    with pytest.raises(InvalidAnswer):
        values.check_sort({"maybe": ["Learning"]})


def test_move_card_moves_between_piles_and_out():
    piles = {"very_important": ["Learning", "Family"], "important": [], "not_important": []}
    moved = values.move_card(piles, "Learning", "not_important")
    assert moved == {"very_important": ["Family"], "important": [], "not_important": ["Learning"]}
    assert piles["very_important"] == ["Learning", "Family"]  # input unchanged
    assert values.move_card(moved, "Learning", None)["not_important"] == []
    with pytest.raises(InvalidAnswer):
        values.move_card(piles, "Juggling", "important")


# -- top five -------------------------------------------------------------------------------------
def test_rank_weights():
    assert values.rank_weights(5) == pytest.approx([5 / 15, 4 / 15, 3 / 15, 2 / 15, 1 / 15])
    assert values.rank_weights(2) == pytest.approx([5 / 9, 4 / 9])
    assert values.rank_weights(9) == values.rank_weights(5)
    assert values.rank_weights(0) == []


def test_top_values_follow_the_ranking_then_the_sort_order():
    answers = Answers({WB: {"very_important": ["A", "B", "C", "D", "E", "F"], "top_values": ["F", "C", "Gone"]}})
    top = values.top_values(answers)
    assert [v for v, _ in top] == ["F", "C", "A", "B", "D"]
    assert sum(w for _, w in top) == pytest.approx(1)
    assert top[0][1] == pytest.approx(5 / 15) and top[-1][1] == pytest.approx(1 / 15)
    unranked = values.top_values(Answers({WB: {"very_important": ["B", "A"]}}))
    assert unranked == [("B", pytest.approx(5 / 9)), ("A", pytest.approx(4 / 9))]
    assert values.top_values(Answers({})) == []


def test_example_top_five(example):
    assert [v for v, _ in values.top_values(example)] == ["Making a difference", "Learning", "Family", "Fairness",
                                                           "Creativity"]


def test_motivations_only_answered_in_order():
    answers = Answers({WB: {"mot_income": 2, "mot_creativity": 5, "mot_balance": None}})
    assert values.motivations(answers) == {"creativity": 5, "income": 2}
    assert list(values.motivations(answers)) == ["creativity", "income"]


# -- alignment ------------------------------------------------------------------------------------
def test_alignment_score_formula():
    weights = [("A", 0.5), ("B", 0.3), ("C", 0.2)]
    assert values.alignment_score({"A": 5, "B": 5, "C": 5}, weights) == 100
    assert values.alignment_score({"A": 1, "B": 1, "C": 1}, weights) == 0
    assert values.alignment_score({"A": 3, "B": 3, "C": 3}, weights) == 50
    # 100 * (0.5*1 + 0.3*0.5 + 0.2*0) = 65
    assert values.alignment_score({"a": 5, "B": 3, "C": 1}, weights) == 65
    # partial: only A and C rated, weights renormalised: 100 * (0.5*0.75 + 0.2*0.25) / 0.7
    assert values.alignment_score({"A": 4, "C": 2}, weights) == round(100 * (0.375 + 0.05) / 0.7, 1)
    assert values.alignment_score({"Z": 4}, weights) is None
    with pytest.raises(ValueError):
        values.alignment_score({"A": 7}, weights)


def test_alignment_of_the_example_person(example):
    scores = values.alignment(example)
    assert list(scores)[0] == "Training and Development Specialists"
    assert list(scores)[-1] == "General and Operations Managers"
    # Training: ratings 4,5,4,3,4 with weights 5..1/15
    expected = 100 * sum(w * (r - 1) / 4 for w, r in zip([5, 4, 3, 2, 1], [4, 5, 4, 3, 4])) / 15
    assert scores["Training and Development Specialists"] == round(expected, 1)
    assert all(0 <= s <= 100 for s in scores.values())


def test_alignment_reports_partial_ratings_and_skips_unrated_options(example):
    answers = example.with_answer(WB, "alignment_ratings", [
        {"option": "training and development specialists", "value": "learning", "rating": 5}])
    details = {d["title"]: d for d in values.alignment_details(answers)}
    training = details["Training and Development Specialists"]
    assert (training["score"], training["rated"], training["total"]) == (100, 1, 5)
    assert list(values.alignment(answers)) == ["Training and Development Specialists"]


def test_set_rating_updates_adds_and_removes_keeping_other_rows():
    rows = [{"_id": "x1", "option": "Old option", "value": "Learning", "rating": 2}]
    rows = values.set_rating(rows, "Tutors", "Family", 4)
    rows = values.set_rating(rows, "tutors", "family", 5)
    assert [(r["option"], r["value"], r["rating"]) for r in rows] == [
        ("Old option", "Learning", 2), ("Tutors", "Family", 5)]
    assert values.set_rating(rows, "Tutors", "Family", None) == rows[:1]


# -- work values ----------------------------------------------------------------------------------
def test_own_work_values_map_motivations_and_leave_gaps_empty():
    answers = Answers({WB: {"mot_creativity": 5, "mot_autonomy": 3, "mot_income": 1, "mot_balance": 5}})
    mine = values.own_work_values(answers)
    assert mine["independence"] == 75.0  # mean 4 on 1-5
    assert mine["working_conditions"] == 0.0
    assert mine["support"] is None and mine["achievement"] is None
    assert values.MOTIVATION_TO_WORK_VALUE["work_life_balance"][0] is None


def test_work_value_comparison_only_for_onet_options_with_work_values(example):
    rows = values.work_value_comparison(example)
    assert [r["onet_code"] for r in rows] == ["13-1151.00", "25-1194.00", "11-1021.00"]
    training = rows[0]
    raw = onet.occupation("13-1151.00").work_values
    assert training["occupation"]["relationships"] == round((raw["relationships"] - 1) / 6 * 100, 1)
    assert training["occupation_top"][0] == "relationships"
    assert set(training["shared"]) <= set(training["you_top"]) & set(training["occupation_top"])
    no_values = Answers({EXPLORE: {"shortlist": [{"_id": "a", "title": "Web designer", "onet_code": "15-1255.00"}]}})
    assert values.work_value_comparison(no_values) == []  # O*NET has no work values for it


# -- charts ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["motivations", "alignment_heatmap", "alignment_ranking", "work_values"])
def test_charts_are_valid_vega_lite_and_empty_without_data(example, name):
    chart = chart_for(WB, name, example)
    assert not chart.is_empty
    chart.to_altair().to_dict()
    assert chart_for(WB, name, Answers({})).is_empty


def test_heatmap_has_a_cell_per_option_and_value(example):
    cells = chart_for(WB, "alignment_heatmap", example).to_dict()["data"]["values"]
    assert len(cells) == 5 * 5
    assert {c["value"] for c in cells} >= {"Making a difference (33%)", "Creativity (7%)"}


def test_ranking_chart_marks_partial_scores(example):
    answers = example.with_answer(WB, "alignment_ratings", [
        {"option": "Tutors", "value": "Learning", "rating": 4},
        {"option": "User experience researcher", "value": "Learning", "rating": 4}])
    rows = chart_for(WB, "alignment_ranking", answers).to_dict()["data"]["values"]
    assert [r["text"] for r in rows] == ["75 (1 of 5 rated)"]


# -- widgets --------------------------------------------------------------------------------------
@pytest.fixture
def store(tmp_path):
    store = Store(f"sqlite:///{tmp_path}/a.sqlite")
    yield store
    store.close()


def test_card_sort_saves_each_pile_and_keeps_piles_exclusive(store):
    wb = Workbook(WB, store=store, profile="p", delay=0)
    sort = wb.show("card_sort")
    _row, learning = sort.rows["Learning"]
    learning.value = "very_important"
    assert store.answers("p", WB)["very_important"] == ["Learning"]
    learning.value = "not_important"
    saved = store.answers("p", WB)
    assert saved["very_important"] == [] and saved["not_important"] == ["Learning"]
    assert "1 of" in sort.summary.value
    sort.hide_sorted.value = True
    assert sort.rows["Learning"][0].layout.display == "none"
    assert sort.rows["Family"][0].layout.display == ""
    for name in ["Family", "Fairness", "Creativity", "Autonomy", "Teaching"]:
        sort.rows[name][1].value = "very_important"
    assert wb.get("very_important") == ["Family", "Fairness", "Creativity", "Autonomy", "Teaching"]
    # the ranking question draws its items from the very important pile
    ranking = wb.field("top_values")
    assert ranking._read() == ["Family", "Fairness", "Creativity", "Autonomy", "Teaching"]


def test_card_sort_opens_on_the_saved_piles(store):
    seed(store, "p", WB)
    sort = Workbook(WB, store=store, profile="p", delay=0).show("card_sort")
    assert sort.rows["Learning"][1].value == "very_important"
    assert sort.rows["Status"][1].value == "not_important"
    assert "48 of 48" in sort.summary.value


def test_alignment_grid_saves_ratings_and_updates_the_score(store):
    seed(store, "p", EXPLORE)
    wb = Workbook(WB, store=store, profile="p", delay=0)
    wb.save("very_important", ["Learning", "Family"])
    grid = wb.show("alignment_grid")
    cards = grid.body.children[1:]
    assert len(cards) == 5
    first = cards[0]
    assert "Training and Development Specialists" in first.children[0].value
    first.children[1].children[1].value = 5  # Learning
    first.children[2].children[1].value = 3  # Family
    rows = store.answers("p", WB)["alignment_ratings"]
    assert [(r["option"], r["value"], r["rating"]) for r in rows] == [
        ("Training and Development Specialists", "Learning", 5), ("Training and Development Specialists", "Family", 3)]
    expected = values.alignment_score({"Learning": 5, "Family": 3},
                                      list(zip(["Learning", "Family"], values.rank_weights(2))))
    assert f"Alignment {round(expected)}/100" in first.children[-1].value
    # a change of top values rebuilds the grid, keeping saved ratings
    wb.save("very_important", ["Family", "Learning", "Fairness"])
    assert grid.body.children[1].children[1].children[1].value == 3  # Family now first


def test_alignment_grid_explains_what_is_missing(store):
    wb = Workbook(WB, store=store, profile="p", delay=0)
    grid = wb.show("alignment_grid")
    assert "top values first" in grid.body.children[0].value
    wb.save("very_important", ["Learning"])
    assert "shortlist is empty" in grid.body.children[0].value


def test_panels_escape_and_explain_the_mapping(store):
    seed(store, "p", EXPLORE)
    seed(store, "p", WB)
    wb = Workbook(WB, store=store, profile="p", delay=0)
    wb.save("shortlist", [{"title": "<i>Tutor</i>", "kind": "role", "onet_code": "25-3041.00"}], workbook=EXPLORE)
    note = wb.show("work_values_note").value
    assert "Work-life balance" in note and "O*NET" in note and "CC BY 4.0" in note
    assert "nothing asked here maps onto it" in note  # Support
    assert "&lt;i&gt;Tutor&lt;/i&gt;" in note and "<i>Tutor" not in note
    grid = wb.show("alignment_grid")
    assert "&lt;i&gt;Tutor" in grid.body.children[1].children[0].value
    top = wb.show("top_five").value
    assert "Making a difference" in top and "33%" in top
