"""A chart or panel that cannot be drawn: a friendly note for a person, a failure under tests.

``CAREERKIT_STRICT`` is set for every test run and notebook kernel by the root conftest;
these tests turn it off to see what a person sees, and on to see the test fail.
"""

from __future__ import annotations

import asyncio

import pytest

from careerkit.presentation import charts, views
from careerkit.presentation.charts import Chart
from careerkit.presentation.workbook import Workbook

WB = "01_self_reflection"


class Broken(RuntimeError):
    pass


@pytest.fixture
def wb(sqlite_store):
    return Workbook(WB, store=sqlite_store, profile="p")


@pytest.fixture
def broken_chart(monkeypatch):
    def chart(answers):
        raise Broken("the chart's code has a bug")

    charts.load(WB)
    monkeypatch.setitem(charts.CHARTS, (WB, "broken"), chart)
    return "broken"


@pytest.fixture
def breaks_after_a_save(monkeypatch):
    calls = []

    def view(wb):
        calls.append(1)
        if len(calls) > 1:
            raise Broken("the view breaks on redraw")
        return "<p>first</p>"

    views.load(WB)
    monkeypatch.setitem(views.VIEWS, (WB, "fragile"), view)
    return "fragile"


def test_strict_is_on_for_the_test_run():
    from careerkit.presentation.workbook import strict

    assert strict()


def test_a_person_sees_a_friendly_note_when_a_chart_cannot_be_drawn(wb, broken_chart, monkeypatch):
    monkeypatch.delenv("CAREERKIT_STRICT")
    panel = wb.chart(broken_chart)
    assert "could not be drawn" in panel.value and "Your answers are safe" in panel.value
    assert "Broken" in panel.value and "bug" not in panel.value


def test_under_tests_the_same_chart_fails(wb, broken_chart):
    with pytest.raises(Broken):
        wb.chart(broken_chart)


def test_a_panel_that_breaks_on_redraw_fails_under_tests_and_not_for_a_person(wb, breaks_after_a_save, monkeypatch):
    wb.show(breaks_after_a_save)
    with pytest.raises(Broken):
        wb.save("hobbies", ["chess"])
    monkeypatch.delenv("CAREERKIT_STRICT")
    panel = wb.show(breaks_after_a_save)  # a third call, which breaks too: the note in its place
    assert "could not be drawn" in panel.value
    wb.save("hobbies", ["chess", "chorus"])  # the redraw shows the note; saving goes on
    assert wb.get(f"{WB}.hobbies") == ["chess", "chorus"]


class _BrokenDrawing(Chart):
    def html(self) -> str:
        raise Broken("the drawing process failed")


def _drawn_in_a_kernel(wb, name):
    async def in_kernel():  # a running event loop, as in a Jupyter kernel: drawn in the background
        panel = wb.chart(name)
        for _ in range(200):
            if "ck-chart-drawing" not in panel.value:
                break
            await asyncio.sleep(0.05)
        return panel

    return asyncio.run(in_kernel())


@pytest.fixture
def broken_drawing(monkeypatch):
    charts.load(WB)
    spec = {"mark": "point", "title": "Broken"}
    monkeypatch.setitem(charts.CHARTS, (WB, "broken_drawing"), lambda answers: _BrokenDrawing(spec))
    return "broken_drawing"


def test_a_chart_drawn_in_the_background_fails_the_cell_under_tests(wb, broken_drawing):
    with pytest.raises(Broken):
        _drawn_in_a_kernel(wb, broken_drawing)


def test_a_chart_drawn_in_the_background_shows_the_note_to_a_person(wb, broken_drawing, monkeypatch):
    monkeypatch.delenv("CAREERKIT_STRICT")
    panel = _drawn_in_a_kernel(wb, broken_drawing)
    assert "could not be drawn" in panel.value
