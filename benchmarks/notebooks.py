"""Executing workbooks headless, counting their widgets, and the bare baseline notebooks.

A workbook is executed the way the test suite does it (nbclient, a fresh kernel, the
example person's answers). The widget state nbclient keeps tells which widgets every
output shows; the *bare* notebook of a workbook shows the same tree of plain
ipywidgets (same classes, same nesting, same number of options) with placeholder
text, and nothing else: no careerkit, no database, no charts. It is written at run
time into a temporary folder, never into the repository.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path
from typing import Any

import nbformat

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"

#: A widget tree: ``[class name, number of options, [children]]``.
Tree = list


def execute(path: Path, env: dict[str, str], timeout: int = 300) -> tuple[float, Any]:
    """Execute notebook ``path`` in a fresh kernel; ``(seconds, executed notebook)``."""
    import os

    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", store_widget_state=True,
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute(env={**os.environ, **env})
    return time.perf_counter() - start, nb


def _tree(state: dict[str, Any], model_id: str) -> Tree:
    model = state[model_id]
    name = model["model_name"].removesuffix("Model")
    data = model.get("state", {})
    children = [_tree(state, ref.removeprefix("IPY_MODEL_")) for ref in data.get("children", ())
                if ref.removeprefix("IPY_MODEL_") in state]
    options = len(data.get("_options_labels", ()))
    if model.get("model_module") != "@jupyter-widgets/controls":
        name = "HTML"  # a custom widget: stand in with the simplest plain one
    return [name, options, children]


def widget_trees(nb) -> list[list[Tree]]:
    """For every code cell, the trees of the widgets it displayed."""
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {})
    cells = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        trees = []
        for output in cell.get("outputs", []):
            view = output.get("data", {}).get(WIDGET_VIEW)
            if view and view.get("model_id") in state:
                trees.append(_tree(state, view["model_id"]))
        cells.append(trees)
    return cells


def count(trees: list[list[Tree]]) -> Counter:
    """How many widgets of each class the trees hold."""
    out: Counter = Counter()

    def walk(tree: Tree) -> None:
        out[tree[0]] += 1
        for child in tree[2]:
            walk(child)

    for cell in trees:
        for tree in cell:
            walk(tree)
    return out


def model_count(nb) -> int:
    """Every widget model the kernel held at the end (layouts and styles included)."""
    return len(nb.metadata.get("widgets", {}).get(WIDGET_STATE, {}).get("state", {}))


_MAKE = '''import ipywidgets as w


def _make(spec):
    name, options, children = spec
    kwargs = {}
    if children:
        kwargs["children"] = [_make(child) for child in children]
    if options:
        kwargs["options"] = [f"option {i}" for i in range(options)]
    if name in ("HTML", "HTMLMath", "Label"):
        kwargs["value"] = "Some text"
    elif name in ("Button", "ToggleButton", "Checkbox"):
        kwargs["description"] = "Press"
    return getattr(w, name)(**kwargs)'''


def bare_notebook(trees: list[list[Tree]]) -> Any:
    """A notebook that shows the same widget trees, built from plain ipywidgets only."""
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_markdown_cell("# A bare notebook\n\nPlain widgets, the same number as the workbook."))
    nb.cells.append(nbformat.v4.new_code_cell(_MAKE))
    for cell in trees:
        if not cell:
            continue
        lines = [f"display(_make({json.dumps(tree, separators=(',', ':'))}))" for tree in cell]
        nb.cells.append(nbformat.v4.new_code_cell("\n".join(lines)))
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.validate(nb)
    return nb


def write_bare(trees: list[list[Tree]], path: Path) -> Path:
    nbformat.write(bare_notebook(trees), path)
    return path
