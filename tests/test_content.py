"""The workbook descriptions and the notebooks agree, and every example answer is valid."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

from careerkit.core import content
from careerkit.presentation.charts import CHARTS, load_all as load_charts
from careerkit.core.examples import example_answers
from careerkit.presentation.views import VIEWS, load_all as load_views

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


def test_each_workbooks_views_and_charts_live_in_its_own_folder():
    load_charts()
    load_views()
    for registry in (VIEWS, CHARTS):
        for (workbook_id, name), fn in registry.items():
            package = content.package(workbook_id)
            registered_in = registry is VIEWS and name in _SHARED_PANELS
            assert fn.__module__.startswith(package + ".") or registered_in, (
                f"{workbook_id}'s {name!r} is defined in {fn.__module__}, outside {package}")


#: Panels built once in the presentation layer, which a workbook registers as its own.
_SHARED_PANELS = {"download_report", "restore", "history", "forget"}


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


def test_descriptions_are_checked_when_built_in_python_too():
    field = content.Field(id="pick", type="choice", label="Pick", choices=["a", {"value": "b", "help": "B"}])
    assert field.choices == (content.Choice(value="a", label="a"), content.Choice(value="b", label="b", help="B"))
    for bad in ({"id": "Pick"}, {"id": "p" * 61}, {"choices": [""]}, {"choices": ["a", "a"]}, {"colour": "blue"},
                {"type": "colour"}, {"choices": "a"}):
        with pytest.raises(ValueError):
            content.Field(**{"id": "pick", "type": "choice", "label": "Pick", "choices": ["a"], **bad})
    with pytest.raises(ValueError, match="is used twice"):
        content.Workbook(id="99_twice", number=99, title="T", strategy="S", summary="S", sections=[
            {"id": "one", "title": "One", "fields": [{"id": "q", "type": "text", "label": "Q"}]},
            {"id": "two", "title": "Two", "fields": [{"id": "q", "type": "text", "label": "Q"}]},
        ])
    with pytest.raises(AttributeError):
        field.label = "Changed"  # a description never changes once checked


def test_a_kernel_drawing_a_workbook_imports_neither_pydantic_nor_yaml(tmp_path):
    """Workbooks 00, 01 and 11 drawn in a fresh process, from the checked descriptions kept."""
    import os
    import subprocess
    import sys

    from careerkit.core.examples import seed
    from careerkit.core.storage.store import Store

    content.workbooks()  # checks the descriptions and keeps them
    seed(Store(f"sqlite:///{tmp_path / 'answers.sqlite'}"), "ada")
    code = """
import json, sys
from pathlib import Path
for name in sys.argv[1:]:
    cells = [''.join(c['source']) for c in json.loads(Path(name).read_text())['cells'] if c['cell_type'] == 'code']
    exec('\\n'.join(cells), {})
print(sorted({'pydantic', 'yaml', 'altair', 'pandas'} & set(sys.modules)))
"""
    names = [str(ROOT / "workbooks" / f"{n}.ipynb") for n in ("00_start_here", "01_self_reflection", "11_career_compass")]
    env = {**os.environ, "CAREERKIT_HOME": str(tmp_path), "CAREERKIT_PROFILE": "ada", "CAREERKIT_DRAW": "inline"}
    env.pop("CAREERKIT_DATABASE_URL", None)
    done = subprocess.run([sys.executable, "-c", code, *names], env=env, capture_output=True, text=True,
                          timeout=240, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip().splitlines()[-1] == "[]"


# -- the cache of checked descriptions ----------------------------------------------------

@pytest.fixture
def content_copy(tmp_path, monkeypatch):
    """The workbook descriptions copied to a folder of their own, with the loader pointed at it."""
    folder = tmp_path / "content"
    for name in content.workbook_ids():
        (folder / name).mkdir(parents=True)
        (folder / name / "description.yaml").write_text(
            (content.folder(name) / "description.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(content, "folder", lambda workbook_id: folder / content._resolve_id(workbook_id))
    content.workbook.cache_clear()
    yield folder
    content.workbook.cache_clear()


def test_a_cached_description_is_the_checked_one(content_copy):
    fresh = [content._parse((content_copy / i / "description.yaml").read_text(encoding="utf-8"))
             for i in content.workbook_ids()]
    first = content.workbooks()  # checks the YAML and keeps the result
    for i in content.workbook_ids():
        assert [p.name for p in (content_copy / i / "__pycache__").iterdir()] == [f"{i}.description.pickle"]
    content.workbook.cache_clear()
    again = content.workbooks()  # read back from the cache
    assert again == first == fresh
    assert [wb.fields for wb in again] == [wb.fields for wb in fresh]


def test_an_edited_description_is_checked_again(content_copy):
    content.workbook("00_start_here")
    source = content_copy / "00_start_here" / "description.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace("title: Start here", "title: Begin here", 1),
                      encoding="utf-8")
    content.workbook.cache_clear()
    assert content.workbook("00_start_here").title == "Begin here"
    source.write_text(source.read_text(encoding="utf-8") + "\nnot_a_key: 1\n", encoding="utf-8")
    content.workbook.cache_clear()
    with pytest.raises(ValueError, match="not_a_key"):
        content.workbook("00_start_here")  # a mistake in the YAML is never hidden by the cache


def test_a_damaged_or_foreign_cache_is_ignored_and_replaced(content_copy):
    content.workbook("01_self_reflection")
    cache = content_copy / "01_self_reflection" / "__pycache__" / "01_self_reflection.description.pickle"
    for damage in (b"", b"\x80\x05not a pickle", __import__("pickle").dumps(("0" * 32, "a string"))):
        cache.write_bytes(damage)
        content.workbook.cache_clear()
        assert content.workbook("01_self_reflection").id == "01_self_reflection"
        assert cache.read_bytes() != damage


def test_a_read_only_installation_still_loads(content_copy, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(content.tempfile, "mkstemp", refuse)  # root may write anywhere: refuse as a real one would
    assert content.workbook("02").id == "02_explore_roles"
    assert list(content_copy.glob("*/__pycache__/*.pickle")) == []
