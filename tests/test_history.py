"""History: every version of an answer, what changed between two dates, going back, check-ins."""

from __future__ import annotations

import datetime as dt

import pytest

from careerkit.core import history
from careerkit.presentation import report
from careerkit.core.storage.store import Store
from careerkit.core.validation import InvalidAnswer

UTC = dt.timezone.utc
WB = "00_start_here"


def at(month: int, day: int = 1) -> dt.datetime:
    return dt.datetime(2026, month, day, 9, 30, tzinfo=UTC)


@pytest.fixture
def store(tmp_path):
    s = Store(f"sqlite:///{tmp_path}/h.sqlite")
    s.save_many("p", [(WB, "preferred_name", "Sam"), (WB, "stage", "early")], saved_at=[at(1), at(1)])
    s.save_many("p", [(WB, "preferred_name", "Samira")], saved_at=[at(4)])
    s.save_many("p", [(WB, "hopes", "A clearer direction.")], saved_at=[at(5)])
    s.save_many("p", [(WB, "preferred_name", "Sami")], saved_at=[at(8)])
    yield s
    s.close()


def test_revisions_are_listed_newest_first(store):
    values = [r.value for r in history.revisions(store, "p", WB, "preferred_name")]
    assert values == ["Sami", "Samira", "Sam"]


def test_changes_between_two_dates(store):
    changes = history.changes_between(store, "p", at(2), at(6))
    assert [(c.field, c.before, c.after, c.kind) for c in changes] == [
        ("preferred_name", "Sam", "Samira", "changed"),
        ("hopes", None, "A clearer direction.", "added"),
    ]
    assert history.changes_between(store, "p", at(6), at(7)) == []
    # a date alone means the whole of that day
    assert [c.after for c in history.changes_between(store, "p", dt.date(2026, 3, 1), dt.date(2026, 4, 1))] == ["Samira"]


def test_an_answer_changed_and_changed_back_is_not_a_change(store):
    store.save_many("p", [(WB, "stage", "changer"), (WB, "stage", "early")], saved_at=[at(9), at(10)])
    assert [c.field for c in history.changes_between(store, "p", at(8, 2), at(11))] == []


def test_answers_as_of_a_moment(store):
    then = history.answers_as_of(store, "p", at(4, 2))
    assert then[WB] == {"preferred_name": "Samira", "stage": "early"}
    assert history.answers_as_of(store, "p", dt.datetime.now(UTC))[WB]["preferred_name"] == "Sami"


def test_restore_appends_the_old_value_as_a_new_revision(store):
    first = history.revisions(store, "p", WB, "preferred_name")[-1]
    before = store.count("p")
    rev = history.restore(store, "p", WB, "preferred_name", first.id)
    assert rev.source == "restore" and rev.value == "Sam"
    assert store.answers("p", WB)["preferred_name"] == "Sam"
    assert store.count("p") == before + 1  # nothing rewritten, "Sami" still in history
    with pytest.raises(LookupError):
        history.restore(store, "p", WB, "preferred_name", 99999)


def test_restore_refuses_a_value_the_question_no_longer_accepts(store):
    bad = store.save("p", WB, "stage", "astronaut", source="import")  # e.g. from an older description
    store.save("p", WB, "stage", "early")
    with pytest.raises(InvalidAnswer, match="no longer fits"):
        history.restore(store, "p", WB, "stage", bad.id)
    assert store.answers("p", WB)["stage"] == "early"


def test_checkins_compare_with_today_and_make_a_report_as_of_then(store):
    mark = history.checkin(store, "p", "Spring review", at(6))
    default = history.checkin(store, "p", "", at(7))
    assert default.label.startswith("Check-in ") and default.label.endswith("2026")
    assert [m.label for m in history.checkins(store, "p")][0] == "Spring review"
    assert history.find_checkin(store, "p", "spring review").id == mark.id
    assert history.find_checkin(store, "p", str(mark.id)).id == mark.id
    with pytest.raises(LookupError, match="Spring review"):
        history.find_checkin(store, "p", "autumn")
    changes = history.compare_with_checkin(store, "p", mark)
    assert [(c.field, c.before, c.after) for c in changes] == [("preferred_name", "Samira", "Sami")]
    page = report.html(report.build(history.answers_as_of(store, "p", mark.at), as_of=mark.label, charts=False))
    assert "Samira" in page and "Sami<" not in page and "Spring review" in page


def test_history_view_restores_and_marks_checkins(store):
    from careerkit.presentation.views import view_for
    from careerkit.presentation.workbook import Workbook

    wb = Workbook(WB, store=store, profile="p", delay=0)
    name = wb.field("preferred_name")
    panel = view_for(WB, "history")(wb)
    panel.workbook.value = WB
    panel.field.value = "preferred_name"
    assert "Samira" in panel.table.value and len(panel.version.options) == 2
    panel.version.value = panel.version.options[-1][1]   # the oldest: "Sam"
    panel.bring_back.click()
    assert store.answers("p", WB)["preferred_name"] == "Sam" and name.value == "Sam"
    panel.label.value = "Before the move"
    panel.mark.click()
    assert [m.label for m in store.checkins("p")] == ["Before the move"]
    wb.save("preferred_name", "<b>Sam</b>")
    panel.compare_button.click()
    assert "&lt;b&gt;Sam&lt;/b&gt;" in panel.changes.value and "<b>Sam</b>" not in panel.changes.value
