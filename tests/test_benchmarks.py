"""The benchmark suite still works: its quick mode runs and its output has the promised shape.

Never a timing assertion: figures depend on the machine. Only structure and the
pieces that decide what is compared with what (the bare baselines, the ratios).
"""

from __future__ import annotations

import json

import nbformat
import pytest

from benchmarks import notebooks, run
from benchmarks.common import Figure, alternate, percentile


def _executed_notebook() -> nbformat.NotebookNode:
    """A notebook as nbclient leaves it: widget views in outputs, their state in the metadata."""
    state = {
        "box": {"model_module": "@jupyter-widgets/controls", "model_name": "VBoxModel",
                "state": {"children": ["IPY_MODEL_label", "IPY_MODEL_scale"]}},
        "label": {"model_module": "@jupyter-widgets/controls", "model_name": "HTMLModel", "state": {"value": "<b>Q</b>"}},
        "scale": {"model_module": "@jupyter-widgets/controls", "model_name": "ToggleButtonsModel",
                  "state": {"_options_labels": ["1", "2", "3", "4", "5"]}},
        "layout": {"model_module": "@jupyter-widgets/base", "model_name": "LayoutModel", "state": {}},
        "custom": {"model_module": "anywidget", "model_name": "AnyModel", "state": {}},
    }
    nb = nbformat.v4.new_notebook()
    view = "application/vnd.jupyter.widget-view+json"
    first = nbformat.v4.new_code_cell("wb.form('x')", outputs=[
        nbformat.v4.new_output("display_data", data={view: {"model_id": "box", "version_major": 2, "version_minor": 0},
                                                     "text/plain": "VBox()"})])
    second = nbformat.v4.new_code_cell("wb.show('y')", outputs=[
        nbformat.v4.new_output("display_data", data={view: {"model_id": "custom", "version_major": 2, "version_minor": 0},
                                                     "text/plain": "x"})])
    nb.cells = [nbformat.v4.new_markdown_cell("# t"), first, second, nbformat.v4.new_code_cell("1 + 1")]
    nb.metadata["widgets"] = {notebooks.WIDGET_STATE: {"state": state, "version_major": 2, "version_minor": 0}}
    return nb


def test_widget_trees_follow_the_outputs_and_count_every_widget():
    nb = _executed_notebook()
    trees = notebooks.widget_trees(nb)
    assert trees == [[["VBox", 0, [["HTML", 0, []], ["ToggleButtons", 5, []]]]], [["HTML", 0, []]], []]
    assert notebooks.count(trees) == {"VBox": 1, "HTML": 2, "ToggleButtons": 1}
    assert notebooks.model_count(nb) == 5


def test_the_bare_notebook_builds_the_same_plain_widgets(tmp_path):
    trees = notebooks.widget_trees(_executed_notebook())
    path = notebooks.write_bare(trees, tmp_path / "bare.ipynb")
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "careerkit" not in code
    shown = []
    namespace = {"display": shown.append}
    exec(code, namespace)  # noqa: S102 - our own generated code
    box, html = shown
    assert type(box).__name__ == "VBox" and type(html).__name__ == "HTML"
    assert [type(c).__name__ for c in box.children] == ["HTML", "ToggleButtons"]
    assert len(box.children[1].options) == 5


def test_figures_report_ratios_and_whether_targets_are_met():
    ratio = Figure("browser", "tti", "s", 3.0, 2.0, "bare", target="≤ 1.2×", limit=1.2)
    assert ratio.ratio == pytest.approx(1.5) and ratio.met is False
    absolute = Figure("logic", "match", "ms", 12.0, target="≤ 50 ms", limit=50, ratio_target=False)
    assert absolute.ratio is None and absolute.met is True
    info = Figure("saving", "p50", "ms", 3.0)
    assert info.met is None
    assert json.loads(json.dumps(ratio.as_dict()))["ratio"] == pytest.approx(1.5)
    table = run.table([ratio, absolute, info])
    assert table.count("\n") == 4 and "**no**" in table and "1.50×" in table


def test_runs_alternate_which_side_goes_first():
    order = []
    a, b = alternate(4, lambda: order.append("a") or len(order), lambda: order.append("b") or len(order))
    assert order == ["a", "b", "b", "a", "a", "b", "b", "a"]
    assert len(a) == len(b) == 4
    assert percentile([5, 1, 4, 2, 3], 50) == 3 and percentile(list(range(1, 101)), 99) == 99


def test_quick_mode_prints_a_table_and_writes_json(tmp_path, capsys):
    out = tmp_path / "quick.json"
    status = run.main(["--quick", "--only", "logic", "--out", str(out)])
    printed = capsys.readouterr().out
    assert printed.startswith("| figure | careerkit | baseline |")
    data = json.loads(out.read_text())
    assert data["quick"] is True
    logic = data["groups"]["logic"]
    assert logic["machine"]["cpus"] >= 1 and logic["quick"] is True
    # the exit status follows the figures (a loaded machine may miss a timing target)
    assert status == (1 if any(f["met"] is False for f in logic["figures"]) else 0)
    data = logic
    names = [f["name"] for f in data["figures"]]
    assert any(n.startswith("rank all") for n in names)
    assert any(n.startswith("the room's picture") for n in names)
    assert any(n.startswith("facilitator's refresh") for n in names)
    for figure in data["figures"]:
        assert {"group", "name", "unit", "value", "baseline", "ratio", "target", "met", "runs"} <= set(figure)
        assert figure["value"] is not None and figure["runs"] >= 1
    matching = next(f for f in data["figures"] if f["name"].startswith("rank all"))
    assert matching["limit"] == 50 and isinstance(matching["met"], bool)


def test_the_minimal_page_shows_twelve_plain_widgets(tmp_path):
    from benchmarks import voila

    nb = nbformat.read(voila.write_minimal(tmp_path / "minimal.ipynb"), as_version=4)
    nbformat.validate(nb)
    shown = []
    exec("\n".join(c.source for c in nb.cells if c.cell_type == "code"), {"display": shown.append})  # noqa: S102
    (box,) = shown
    assert 1 + len(box.children) == 12
    assert all(type(w).__module__.startswith("ipywidgets") for w in (box, *box.children))


def test_three_sides_take_turns_going_first():
    from benchmarks.common import rotate

    order = []
    a, b, c = rotate(3, *(lambda n=n: order.append(n) or n for n in "abc"))
    assert "".join(order) == "abcbcacab"
    assert a == ["a"] * 3 and b == ["b"] * 3 and c == ["c"] * 3
