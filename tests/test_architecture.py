"""The house keeps its shape: layers with arrows one way, no import circles, one folder per workbook.

The graph is read from the source (every ``import``, at the top of a module, inside a
function or under ``TYPE_CHECKING``, and a module named in ``importlib.import_module("…")``
or ``sys.modules["…"]``), so an import hidden in a function to dodge a circle counts like
any other.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "careerkit"

#: Layers, lowest first; a module may import its own layer and the ones below it.
LAYERS = ("core", "widgets", "presentation", "workbooks", "serving", "api")


def layer(module: str) -> str:
    """The layer of a careerkit module, read from its folder."""
    parts = module.split(".")
    if module in ("careerkit", "careerkit.__main__"):
        return "api"  # the package itself (its public names, `python -m careerkit`): above everything
    if parts[1] == "_version":
        return "core"
    return parts[1]


def modules(root: Path = PACKAGE) -> dict[str, Path]:
    found = {}
    for path in root.rglob("*.py"):
        parts = list(path.relative_to(root.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _named_module(node: ast.AST) -> str | None:
    """The module a node names by string: ``import_module("careerkit.x")``,
    ``sys.modules["careerkit.x"]`` or ``sys.modules.get("careerkit.x")``."""
    def text(arg: ast.AST | None) -> str | None:
        return arg.value if isinstance(arg, ast.Constant) and isinstance(arg.value, str) else None

    def is_sys_modules(value: ast.AST) -> bool:
        return isinstance(value, ast.Attribute) and value.attr == "modules" and \
            isinstance(value.value, ast.Name) and value.value.id == "sys"

    if isinstance(node, ast.Subscript) and is_sys_modules(node.value):
        return text(node.slice)
    if isinstance(node, ast.Call) and node.args:
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr == "get" and is_sys_modules(func.value):
            return text(node.args[0])
        if (isinstance(func, ast.Attribute) and func.attr == "import_module") or \
                (isinstance(func, ast.Name) and func.id == "import_module"):
            return text(node.args[0])
    return None


def import_graph(root: Path = PACKAGE) -> dict[str, set[str]]:
    """Each careerkit module and the careerkit modules it imports, anywhere in its body."""
    known = modules(root)
    graph: dict[str, set[str]] = {}
    for name, path in known.items():
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            named = _named_module(node)
            if named:
                targets.add(named)
            elif isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                if node.level:  # relative: resolved against this module's package
                    base = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
                    base = base[: len(base) - node.level + 1]
                    source = ".".join(base + ([node.module] if node.module else []))
                else:
                    source = node.module or ""
                for alias in node.names:
                    full = f"{source}.{alias.name}"
                    targets.add(full if full in known else source)
        graph[name] = {t for t in targets if t in known and t != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def upward_arrows(graph: dict[str, set[str]]) -> list[str]:
    return sorted(f"{source} ({layer(source)}) imports {target} ({layer(target)})"
                  for source, targets in graph.items() for target in targets
                  if LAYERS.index(layer(target)) > LAYERS.index(layer(source)))


def workbook_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[2] if len(parts) > 2 and parts[1] == "workbooks" else None


def cross_workbook_arrows(graph: dict[str, set[str]]) -> list[str]:
    return sorted(f"{source} imports {target}" for source, targets in graph.items() for target in targets
                  if workbook_of(source) and workbook_of(target) and workbook_of(source) != workbook_of(target))


# -- the house ----------------------------------------------------------------------------

def test_every_module_lives_in_a_layer():
    assert {layer(m) for m in modules()} <= set(LAYERS), "a module outside careerkit/{core,widgets,…}/"


def test_the_import_graph_has_no_circles():
    assert cycles(import_graph()) == []


def test_no_arrow_points_up_a_layer():
    assert upward_arrows(import_graph()) == []


def test_no_workbook_imports_another():
    assert cross_workbook_arrows(import_graph()) == []


def test_the_core_knows_no_widget_chart_or_notebook():
    heavy_ui = {"ipywidgets", "IPython", "altair", "voila", "jinja2", "markupsafe"}
    found = []
    for name, path in modules().items():
        if layer(name) != "core":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else [])
            found += [f"{name} imports {n}" for n in names if n.split(".")[0] in heavy_ui]
    assert found == []


def test_every_workbook_folder_holds_its_description():
    folders = [p for p in (PACKAGE / "workbooks").iterdir() if p.is_dir() and p.name != "__pycache__"]
    assert len(folders) == 12
    for folder in folders:
        assert (folder / "description.yaml").is_file(), folder
        assert (folder / "__init__.py").is_file(), folder


# -- the checks catch what they are meant to ------------------------------------------------

def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "careerkit"
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_a_circle_hidden_in_a_function_is_found(tmp_path):
    root = _package(tmp_path, {
        "__init__.py": "",
        "core/__init__.py": "",
        "core/a.py": "from careerkit.core import b\n",
        "core/b.py": "def later():\n    from . import a\n",
    })
    assert cycles(import_graph(root)) == [["careerkit.core.a", "careerkit.core.b"]]


def test_a_circle_through_sys_modules_or_type_checking_is_found(tmp_path):
    root = _package(tmp_path, {
        "__init__.py": "",
        "core/__init__.py": "",
        "core/a.py": "from careerkit.core import b\n",
        "core/b.py": "import sys\ndef later():\n    return sys.modules.get('careerkit.core.a')\n",
        "core/c.py": "from careerkit.core import d\n",
        "core/d.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from careerkit.core.c import X\n",
        "core/e.py": "from careerkit.core import f\n",
        "core/f.py": "import importlib\ndef later():\n    return importlib.import_module('careerkit.core.e')\n",
    })
    assert cycles(import_graph(root)) == [["careerkit.core.a", "careerkit.core.b"],
                                          ["careerkit.core.c", "careerkit.core.d"],
                                          ["careerkit.core.e", "careerkit.core.f"]]


def test_an_upward_arrow_and_a_workbook_reaching_into_another_are_found(tmp_path):
    root = _package(tmp_path, {
        "__init__.py": "",
        "core/__init__.py": "",
        "core/store.py": "def f():\n    import careerkit.serving.cli\n",
        "serving/__init__.py": "",
        "serving/cli.py": "",
        "workbooks/__init__.py": "",
        "workbooks/one/__init__.py": "",
        "workbooks/one/views.py": "from careerkit.workbooks.two import logic\n",
        "workbooks/two/__init__.py": "",
        "workbooks/two/logic.py": "",
    })
    graph = import_graph(root)
    assert upward_arrows(graph) == ["careerkit.core.store (core) imports careerkit.serving.cli (serving)"]
    assert cross_workbook_arrows(graph) == ["careerkit.workbooks.one.views imports careerkit.workbooks.two.logic"]


# -- opening a workbook imports its own folder and nothing of the others -------------------

@pytest.mark.parametrize("workbook_id", ["00_start_here", "04_goals_vision", "11_career_compass"])
def test_opening_a_workbook_imports_only_its_own_folder(workbook_id, tmp_path):
    code = (
        "import sys, careerkit\n"
        f"wb = careerkit.open_workbook({workbook_id!r}, header=False)\n"
        "for name in wb.content.charts: wb.chart(name)\n"
        "for section in wb.content.sections: wb.form(section.id)\n"
        "from careerkit.presentation import views\n"
        f"views.load({workbook_id!r})\n"
        f"for name in [n for w, n in list(views.VIEWS) if w == {workbook_id!r}]: wb.show(name)\n"
        "print(sorted({m.split('.')[2] for m in sys.modules if m.startswith('careerkit.workbooks.')}))\n"
    )
    import os

    env = {**os.environ, "CAREERKIT_HOME": str(tmp_path)}
    env.pop("CAREERKIT_WORKSHOP", None)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300)
    assert out.returncode == 0, out.stderr
    from careerkit.core import content

    own = content.package(workbook_id).rsplit(".", 1)[-1]
    assert out.stdout.strip().splitlines()[-1] == repr([own])
