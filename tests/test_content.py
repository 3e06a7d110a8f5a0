"""The workbook descriptions and the notebooks agree, and every example answer is valid."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

from careerkit import content
from careerkit.charts import CHARTS, load_all as load_charts
from careerkit.examples import example_answers
from careerkit.views import VIEWS, load_all as load_views

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "workbooks").glob("[0-9][0-9]_*.ipynb"))
CALL = re.compile(r"""wb\.(form|chart|show|field)\(\s*["']([a-z0-9_]+)["']""")


def test_workbooks_are_numbered_in_order():
    ids = content.workbook_ids()
    assert ids[0] == "00_start_here" and ids[1] == "01_self_reflection"
    assert [content.workbook(i).number for i in ids] == list(range(len(ids)))


def test_each_workbook_has_its_notebook_and_back():
    assert [p.stem for p in NOTEBOOKS] == list(content.workbook_ids())


def test_every_example_answer_is_valid():
    answers = example_answers()
    assert len(answers) > 50
    described = {(wb.id, f.id) for wb in content.workbooks() for f in wb.fields.values()}
    assert {(w, f) for w, f, _ in answers} <= described


def test_every_declared_chart_is_registered():
    load_charts()
    for wb in content.workbooks():
        for name in wb.charts:
            assert (wb.id, name) in CHARTS, f"{wb.id} declares chart {name!r} but none is registered"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_thin_clean_and_calls_what_exists(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    wb = content.workbook(path.stem)
    load_charts()
    load_views()
    sections_shown = set()
    views_shown = set()
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        assert not cell.get("outputs"), f"{path.name}: commit notebooks without outputs"
        lines = [l for l in cell.source.splitlines() if l.strip() and not l.strip().startswith("#")]
        assert len(lines) <= 2, f"{path.name}: keep code cells to one or two lines:\n{cell.source}"
        for kind, name in CALL.findall(cell.source):
            if kind == "form":
                wb.section(name)
                sections_shown.add(name)
            elif kind == "field":
                wb.field(name)
            elif kind == "chart":
                assert (wb.id, name) in CHARTS, f"{path.name} draws unknown chart {name!r}"
            else:
                assert (wb.id, name) in VIEWS, f"{path.name} shows unknown view {name!r}"
                views_shown.add(name)
        assert f'open_workbook("{wb.id}")' in cell.source or "open_workbook" not in cell.source
    for s in wb.sections:
        if s.tool:
            assert (wb.id, s.tool) in VIEWS, f"{wb.id}: section {s.id!r} names unknown tool {s.tool!r}"
    sections_shown |= {s.id for s in wb.sections if s.tool and s.tool in views_shown}
    assert sections_shown == {s.id for s in wb.sections}, (
        f"{path.name}: every section needs its form, or a tool view named in its description")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_links_between_workbooks_point_at_real_notebooks(path):
    text = json.dumps(nbformat.read(path, as_version=4).cells)
    for target in re.findall(r"\((\d\d_[a-z0-9_]+\.ipynb)\)", text):
        assert (ROOT / "workbooks" / target).exists() or target[:2] > NOTEBOOKS[-1].name[:2], target


def test_prose_is_not_placeholder():
    pattern = re.compile(r"\b(TODO|TBD|lorem ipsum|placeholder|coming soon)\b", re.I)
    for path in NOTEBOOKS:
        assert not pattern.search(path.read_text(encoding="utf-8")), path.name
    for wb in content.workbooks():
        for f in wb.fields.values():
            assert f.label.strip(), f"{wb.id}.{f.id} has no label"
