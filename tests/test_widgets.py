"""Question widgets and forms, driven as a browser would, with no kernel (ipywidgets' dummy comm)."""

from __future__ import annotations

import datetime as dt

import pytest

from careerkit.core.content import Field
from careerkit.widgets import WIDGETS, field_widget
from careerkit.presentation.workbook import Workbook
from tests.support.driving import in_kernel_loop

WB = "01_self_reflection"


@pytest.fixture
def wb(sqlite_store):
    return Workbook(WB, store=sqlite_store, profile="p", delay=0)


def test_every_field_type_has_a_widget():
    from careerkit.core.content import FIELD_TYPES

    assert set(WIDGETS) == set(FIELD_TYPES)


def test_text_is_saved_as_typed(wb, sqlite_store):
    widget = wb.field("flow_moments")
    widget.input.value = "Rearranging the kitchen"
    assert sqlite_store.answers("p", WB)["flow_moments"] == "Rearranging the kitchen"
    assert "Saved" in widget.message.value


def test_invalid_text_is_refused_and_saved_answer_kept(wb, sqlite_store):
    widget = wb.field("flow_moments")
    widget.input.value = "A good answer"
    widget.input.value = "x" * 6000
    assert "Please keep this to 5,000 characters" in widget.message.value
    assert sqlite_store.answers("p", WB)["flow_moments"] == "A good answer"
    assert len(sqlite_store.history("p", WB, "flow_moments")) == 1


def test_crafted_scale_value_is_refused(wb, sqlite_store):
    widget = wb.field("ri_r01")
    widget._buttons.value = 4
    assert sqlite_store.answers("p", WB)["ri_r01"] == 4
    # a crafted client cannot pick outside the options: the trait itself refuses
    with pytest.raises(Exception):
        widget._buttons.value = 9
    assert sqlite_store.answers("p", WB)["ri_r01"] == 4


def test_tags_and_duplicates(wb, sqlite_store):
    widget = wb.field("hobbies")
    widget.input.value = ["choir", "baking"]
    assert sqlite_store.answers("p", WB)["hobbies"] == ["choir", "baking"]
    widget.input.value = ["choir", "Choir"]
    assert "listed twice" in widget.message.value
    assert sqlite_store.answers("p", WB)["hobbies"] == ["choir", "baking"]


def test_records_add_fill_move_remove(wb, sqlite_store):
    widget = wb.field("energy_log")
    widget._add.click()
    widget._add.click()
    rows = sqlite_store.answers("p", WB)["energy_log"]
    assert len(rows) == 2 and all(r["activity"] is None for r in rows)
    first_id, second_id = rows[0]["_id"], rows[1]["_id"]
    _box, cells = widget._row_widgets[first_id]
    cells["activity"].input.value = "Teaching a workshop"
    cells["energy"]._buttons.value = 5
    cells["day"].input.value = dt.date(2026, 10, 5)
    rows = sqlite_store.answers("p", WB)["energy_log"]
    assert rows[0] == {"_id": first_id, "activity": "Teaching a workshop", "setting": None, "day": "2026-10-05",
                       "energy": 5, "engagement": None, "note": None}
    widget._move(second_id, -1)
    assert [r["_id"] for r in sqlite_store.answers("p", WB)["energy_log"]] == [second_id, first_id]
    widget._remove(second_id)
    assert [r["_id"] for r in sqlite_store.answers("p", WB)["energy_log"]] == [first_id]
    # every step is in history
    assert len(sqlite_store.history("p", WB, "energy_log")) >= 6


def test_invalid_cell_does_not_reach_the_store(wb, sqlite_store):
    widget = wb.field("energy_log")
    widget._add.click()
    row_id = widget.value[0]["_id"]
    cells = widget._row_widgets[row_id][1]
    cells["activity"].input.value = "x" * 500
    assert "Please keep this to 120 characters" in cells["activity"].message.value
    assert sqlite_store.answers("p", WB)["energy_log"][0]["activity"] is None


def test_saved_answers_come_back_in_a_new_session(sqlite_store):
    first = Workbook(WB, store=sqlite_store, profile="p", delay=0)
    first.field("hobbies").input.value = ["choir"]
    first.field("ri_i01")._buttons.value = 5
    again = Workbook(WB, store=sqlite_store, profile="p", delay=0)
    assert again.field("hobbies").input.value == ("choir",) or list(again.field("hobbies").input.value) == ["choir"]
    assert again.field("ri_i01")._buttons.value == 5


def test_loading_does_not_write(sqlite_store):
    sqlite_store.save("p", WB, "hobbies", ["choir"])
    wb = Workbook(WB, store=sqlite_store, profile="p", delay=0)
    wb.form("interests")
    assert sqlite_store.count("p") == 1


def test_ranking_moves_and_options_from_another_answer():
    ranking = Field(id="top", type="ranking", label="Top", choices_from="03_values.very_important")
    widget = field_widget(ranking, options=["growth", "family", "fairness"])
    heard = []
    widget.on_change(lambda w, v: heard.append(v))
    widget._move(2, -1)
    assert heard[-1] == ["growth", "fairness", "family"]
    widget.set_options(["fairness", "growth", "learning"])
    assert widget._read() == ["growth", "fairness", "learning"]


def test_choice_multichoice_and_number_widgets():
    choice = field_widget(Field(id="c", type="choice", label="C", choices=["a", "b"]))
    multi = field_widget(Field(id="m", type="multichoice", label="M", choices=["a", "b", "c"]))
    number = field_widget(Field(id="n", type="number", label="N", min=0))
    got = {}
    for w in (choice, multi, number):
        w.on_change(lambda w, v: got.__setitem__(w.field.id, v))
    choice._picker.value = "b"
    multi._boxes["c"].value = True
    multi._boxes["a"].value = True
    number.input.value = "-3"
    assert got == {"c": "b", "m": ["a", "c"]}
    assert "0 or more" in number.message.value
    number.input.value = "3.5"
    assert got["n"] == 3.5


def _state(widget) -> dict:
    """A widget's whole synced state, the widgets it holds included."""
    import ipywidgets as w

    out = {}
    for key, value in sorted(widget.get_state().items()):
        if isinstance(value, str) and value.startswith("IPY_MODEL_"):
            value = _state(w.Widget.widgets[value.removeprefix("IPY_MODEL_")])
        elif isinstance(value, (list, tuple)) and any(isinstance(v, str) and v.startswith("IPY_MODEL_") for v in value):
            value = [_state(w.Widget.widgets[v.removeprefix("IPY_MODEL_")]) for v in value]
        out[key] = value
    return out


@pytest.mark.filterwarnings("ignore:Widget.widgets is deprecated")
def test_a_widget_built_showing_an_answer_is_the_widget_loaded_with_it():
    from careerkit.core import content
    from careerkit.core.examples import example_person
    from careerkit.presentation.workbook import options_for

    answers = example_person()
    for book in content.workbooks():
        for field in book.fields.values():
            options = options_for(field, answers)
            for value in (answers[book.id].get(field.id), None):
                built = field_widget(field, options=options, value=value)
                loaded = field_widget(field, options=options)
                loaded.load(value)
                assert _state(built) == _state(loaded), f"{book.id}.{field.id} = {value!r}"
                assert built.value == loaded.value and built._read() == loaded._read()


def test_a_question_is_built_as_shown_with_nothing_changed_afterwards(sqlite_store, monkeypatch):
    # Every synced trait changed after a widget exists is one more message from the kernel.
    import ipywidgets as w

    from careerkit.core.examples import seed

    seed(sqlite_store, "p", WB)
    changed = []
    notify = w.Widget.notify_change

    def counting(widget, change):
        if widget.comm is not None and change["name"] in widget.keys:
            changed.append((type(widget).__name__, change["name"]))
        notify(widget, change)

    monkeypatch.setattr(w.Widget, "notify_change", counting)
    wb = Workbook(WB, store=sqlite_store, profile="p", delay=0)
    for field_id in wb.content.fields:
        wb.field(field_id)
    assert wb.get("energy_log") and wb.get("hobbies")
    assert changed == []


def test_forms_show_every_question_of_a_section(wb):
    form = wb.form("energy")
    ids = {c.field.id for c in form.children if hasattr(c, "field")}
    assert ids == {f.id for f in wb.content.section("energy").fields}


def test_charts_and_views_redraw_after_saves(wb):
    panel = wb.chart("energy_map")
    assert "energy log" in panel.value
    wb.save("energy_log", [{"activity": "Teaching", "energy": 5, "engagement": 5}])
    assert "<svg" in panel.value


def test_in_a_kernel_a_chart_is_drawn_in_the_background_and_is_the_same_chart(wb, monkeypatch):
    import asyncio

    monkeypatch.delenv("CAREERKIT_STRICT")  # as a person's kernel runs: strict waits for the drawing

    wb.save("energy_log", [{"activity": "Teaching", "energy": 5, "engagement": 5}])
    expected = wb.draw("energy_map").html()

    async def in_a_kernel():
        panel = wb.chart("energy_map")
        first = panel.value
        for _ in range(600):
            if "<svg" in panel.value:
                break
            await asyncio.sleep(0.05)
        return first, panel.value

    first, final = in_kernel_loop(in_a_kernel)
    assert "ck-chart-drawing" in first and "aria-busy" in first and "<svg" not in first
    assert final == expected


def test_answers_saved_while_a_chart_is_drawn_win(wb, monkeypatch):
    import asyncio
    import threading

    monkeypatch.delenv("CAREERKIT_STRICT")  # as a person's kernel runs: strict waits for the drawing

    from careerkit.presentation.charts import core

    wb.save("energy_log", [{"activity": "Teaching", "energy": 5, "engagement": 5}])
    release = threading.Event()
    slow_svg = core.Chart.svg

    def held_svg(chart):
        if "Teaching" in repr(chart.spec):  # the first drawing is slow
            release.wait(10)
        return slow_svg(chart)

    monkeypatch.setattr(core.Chart, "svg", held_svg)

    async def in_a_kernel():
        panel = wb.chart("energy_map")
        wb.save("energy_log", [{"activity": "Gardening", "energy": 2, "engagement": 3}])  # redrawn at once (delay 0)
        assert "Gardening" in panel.value
        release.set()
        await asyncio.sleep(0.5)  # the first drawing finishes, and must not overwrite the redraw
        return panel.value

    final = in_kernel_loop(in_a_kernel)
    assert "Gardening" in final and "Teaching" not in final
