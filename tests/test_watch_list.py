"""Workbook 7: Hot Technology and In Demand items of the target roles become a watch list the plan draws from."""

from __future__ import annotations

import csv
from importlib.resources import files

from careerkit.core import onet
from careerkit.core.answers import Answers
from careerkit.core.logic import learning
from careerkit.core.storage.store import Store
from careerkit.presentation.workbook import Workbook

WB = "07_learning"
ANALYSTS = "15-2051.01"  # Business Intelligence Analysts
TRAINERS = "13-1151.00"  # Training and Development Specialists


def _source_rows(code):
    path = files("careerkit").joinpath("data", "onet", "technology_skills.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        return [r for r in csv.DictReader(handle)
                if r["code"] == code and "Y" in (r["hot_technology"], r["in_demand"])]


def test_flagged_technology_is_the_flagged_rows_of_the_vendored_table():
    rows = _source_rows(TRAINERS)
    assert rows and all(r["hot_technology"] == "Y" or r["in_demand"] == "Y" for r in rows)
    items = onet.flagged_technology(TRAINERS)
    assert {t.example for t in items} == {r["example"] for r in rows}
    assert onet.flagged_technology("00-0000.00") == []


def test_watch_list_gathers_flagged_items_of_the_chosen_roles():
    answers = Answers({WB: {"gap_roles": [TRAINERS, ANALYSTS]}})
    watch = learning.watch_list(answers)
    both = {r["example"] for r in _source_rows(TRAINERS)} & {r["example"] for r in _source_rows(ANALYSTS)}
    assert {w["item"] for w in watch} == {r["example"] for r in _source_rows(TRAINERS) + _source_rows(ANALYSTS)}
    shared = [w for w in watch if w["item"] in both]
    assert shared and all(len(w["roles"]) == 2 for w in shared)
    # items both flags mark, and items more roles use, come first
    keys = [(-(w["hot"] + w["in_demand"]), -len(w["roles"])) for w in watch]
    assert keys == sorted(keys)
    assert learning.watch_list(Answers({WB: {"gap_roles": []}})) == []


def test_the_plan_draws_from_the_watch_list(tmp_path):
    store = Store(f"sqlite:///{tmp_path}/w.sqlite")
    store.save_many("p", [(WB, "gap_roles", [TRAINERS])])
    wb = Workbook(WB, store=store, profile="p", delay=0)
    panel = wb.show("watch_list")
    first = panel.items[0]
    assert first in panel.summary.value
    panel.add(first)
    plan = store.answers("p", WB)["plan"]
    assert [(r["item"], r["skill"], r["status"]) for r in plan] == [(f"Learn {first}", first, "idea")]
    panel.add(first)
    assert len(store.answers("p", WB)["plan"]) == 1 and "already in your plan" in panel.message.value
    assert "in your plan" in panel.summary.value
    store.close()


def test_the_example_person_has_a_watch_list():
    from careerkit.core.examples import example_person

    assert learning.watch_list(example_person())
