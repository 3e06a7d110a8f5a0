"""The facilitator dashboard notebook, executed headless against a seeded cohort of 220 participants."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from careerkit.core.storage.store import Store
from tests.support.cohort import PRIVATE, seed_cohort

NOTEBOOK = Path(__file__).resolve().parents[1] / "workbooks" / "facilitator" / "dashboard.ipynb"


@pytest.fixture(scope="module")
def cohort_home(tmp_path_factory):
    home = tmp_path_factory.mktemp("cohort-home")
    store = Store(f"sqlite:///{home / 'answers.sqlite'}")
    facts = seed_cohort(store, "cohort", n=220)
    store.close()
    return home, facts


def run_dashboard(monkeypatch, home, key: str | None) -> str:
    """Execute the notebook in a fresh kernel; returns every text its widgets hold."""
    monkeypatch.setenv("CAREERKIT_HOME", str(home))
    monkeypatch.setenv("CAREERKIT_WORKSHOP", "cohort")
    if key:
        monkeypatch.setenv("CAREERKIT_FACILITATOR_KEY", key)
    else:
        monkeypatch.delenv("CAREERKIT_FACILITATOR_KEY", raising=False)
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(notebook, timeout=120, kernel_name="python3", store_widget_state=True,
                   resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            assert output.get("output_type") != "error", output
    state = notebook.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    return json.dumps([m["state"].get("value") for m in state.values() if isinstance(m["state"].get("value"), str)])


def test_dashboard_shows_the_room_k_anonymously(monkeypatch, cohort_home):
    home, facts = cohort_home
    shown = run_dashboard(monkeypatch, home, facts["key"])
    assert "The room's picture: cohort" in shown
    assert "<b>220</b> joined" in shown
    assert f"answers of <b>{len(facts['consenting'])}</b> count" in shown
    assert "fewer than 5" in shown
    assert "Strongest interest type" in shown and "<svg" in shown
    assert "data:text/csv;charset=utf-8;base64," in shown
    assert PRIVATE not in shown  # no private written answer, no rare typed tag, no name
    for text in facts["shared"]:
        assert text in shown


def test_dashboard_without_the_key_shows_nothing_of_the_room(monkeypatch, cohort_home):
    home, facts = cohort_home
    shown = run_dashboard(monkeypatch, home, None)
    assert "Type the facilitator key" in shown
    assert "joined" not in shown and "fewer than 5" not in shown and "SHARED-" not in shown


def test_the_room_is_loaded_together_as_each_person_is_alone(cohort_home):
    from careerkit.core.answers import Answers
    from careerkit.serving.workshop.dashboard import load_members
    from careerkit.serving.workshop.db import WorkshopDB

    home, facts = cohort_home
    store = Store(f"sqlite:///{home / 'answers.sqlite'}")
    db = WorkshopDB(store)
    members = load_members(store, db, "cohort")
    assert [m.profile for m in members] == [p.profile for p in db.participants("cohort")]
    assert len(members) == 220 and sum(m.consent for m in members) == len(facts["consenting"])
    for member in members:
        alone = Answers.load(store, member.profile)
        assert dict(member.answers) == dict(alone) and member.answers.profile == member.profile
    assert sum(len(fields) for m in members for fields in m.answers.values()) > 2 * len(members)
