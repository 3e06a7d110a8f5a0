"""markup.render: autoescaped, compiled once per process and kept compiled between kernels."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from careerkit.widgets import markup as core

REPO = Path(__file__).resolve().parents[1]
TEMPLATE = "<p>{{ name }}</p>{% for t in tags %}<i>{{ t }}</i>{% endfor %}"


def test_render_escapes_what_a_person_typed():
    out = core.render(TEMPLATE, name="<script>alert(1)</script>", tags=["<b>", "a & b"])
    assert out == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p><i>&lt;b&gt;</i><i>a &amp; b</i>"


def test_a_new_process_renders_the_same_from_the_kept_compilation():
    code = ("from careerkit.widgets import markup as core; "
            f"print(core.render({TEMPLATE!r}, name='Ada', tags=['x', 'y']))")
    first = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    kept = list((Path(core.__file__).parent / "__pycache__" / "templates").glob("__jinja2_*.cache"))
    assert kept, "the compiled template was not kept"
    again = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    assert first.stdout == again.stdout == "<p>Ada</p><i>x</i><i>y</i>\n"


def test_a_damaged_kept_compilation_is_compiled_again():
    folder = Path(core.__file__).parent / "__pycache__" / "templates"
    template = "<em>{{ word }}</em> damaged-cache-check"
    core.render(template, word="first")
    for kept in folder.glob("__jinja2_*.cache"):
        kept.write_bytes(b"\x00broken")
    code = f"from careerkit.widgets import markup as core; print(core.render({template!r}, word='<again>'))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "<em>&lt;again&gt;</em> damaged-cache-check\n"


# -- no markup by hand: every HTML string comes from render ------------------------------------

PACKAGE = REPO / "careerkit"

#: Modules still allowed to build markup by hand, each with the reason. Empty outside
#: careerkit/widgets/, and meant to become empty: an entry a module no longer needs fails
#: the test below, so it is removed with the last f-string it excused.
ALLOWED: dict[str, str] = {}

#: Element names of HTML and SVG: a "<name" in a string's literal part starts a tag.
TAGS = frozenset("""
a abbr address area article aside audio b base bdi bdo blockquote body br button canvas caption cite code col
colgroup data datalist dd del details dfn dialog div dl dt em embed fieldset figcaption figure footer form h1 h2
h3 h4 h5 h6 head header hgroup hr html i iframe img input ins kbd label legend li link main map mark menu meta
meter nav noscript object ol optgroup option output p param picture pre progress q rp rt ruby s samp script
search section select slot small source span strong style sub summary sup table tbody td template textarea tfoot
th thead time title tr track u ul var video wbr svg g rect circle ellipse line polyline polygon path text tspan
defs use image foreignobject
""".split())
_TAG = re.compile(r"</?\s*([A-Za-z][\w:-]*)")
_CONSTANT = re.compile(r"_?[A-Z][A-Z0-9_]*")


def _has_tag(text: object) -> bool:
    """Whether ``text`` holds the start of an HTML tag, or ends where a tag's name would follow."""
    if not isinstance(text, str):
        return False
    if text.endswith(("<", "</")):
        return True
    return any(m.group(1).lower() in TAGS for m in _TAG.finditer(text))


def _constant(node: ast.AST) -> bool:
    # a literal, a module constant, or fixed parts added together (a template put together)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _constant(node.left) and _constant(node.right)
    return isinstance(node, ast.Constant) or (isinstance(node, ast.Name) and bool(_CONSTANT.fullmatch(node.id)))


def _literal(node: ast.AST) -> str:
    # the literal text of fixed parts added together
    if isinstance(node, ast.BinOp):
        return _literal(node.left) + _literal(node.right)
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else ""


def markup_by_hand(source: str, filename: str = "<source>") -> list[str]:
    """Where ``source`` builds HTML by hand: ``html.escape`` (or ``markupsafe.escape``), an
    f-string whose literal parts hold a tag, and ``%``, ``.format`` or ``+`` putting a
    value into a string that holds one."""
    tree = ast.parse(source, filename)
    html_names: set[str] = set()
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            html_names.update(a.asname or a.name for a in node.names if a.name in ("html", "markupsafe"))
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module in ("html", "markupsafe"):
            found += [f"line {node.lineno}: from {node.module} import escape"
                      for a in node.names if a.name == "escape"]
    for node in ast.walk(tree):
        line = getattr(node, "lineno", 0)
        if isinstance(node, ast.Attribute) and node.attr == "escape" and \
                isinstance(node.value, ast.Name) and node.value.id in html_names:
            found.append(f"line {line}: {node.value.id}.escape")
        elif isinstance(node, ast.JoinedStr):
            if any(isinstance(v, ast.Constant) and _has_tag(v.value) for v in node.values):
                found.append(f"line {line}: an f-string with markup")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "format" \
                and isinstance(node.func.value, ast.Constant) and _has_tag(node.func.value.value):
            found.append(f"line {line}: markup put together with .format")
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and \
                isinstance(node.left, ast.Constant) and _has_tag(node.left.value):
            found.append(f"line {line}: markup put together with %")
        elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            for side, other in ((node.left, node.right), (node.right, node.left)):
                if _constant(side) and _has_tag(_literal(side)) and not _constant(other):
                    found.append(f"line {line}: markup put together with +")
                    break
    return sorted(set(found), key=lambda f: int(f.split()[1].rstrip(":")))


def test_no_module_builds_markup_by_hand():
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        name = path.relative_to(REPO).as_posix()
        problems = markup_by_hand(path.read_text(encoding="utf-8"), name)
        if problems and name not in ALLOWED:
            found[name] = problems
    assert found == {}, "build these with careerkit.widgets.markup.render (Jinja2, autoescaped)"


def test_the_allow_list_names_only_widgets_that_still_need_it():
    for name, reason in ALLOWED.items():
        assert name.startswith("careerkit/widgets/") and reason, name
        assert markup_by_hand((REPO / name).read_text(encoding="utf-8"), name), f"{name} no longer needs its entry"


@pytest.mark.parametrize("source, expected", [
    ("import html\nx = html.escape(name)\n", ["line 2: html.escape"]),
    ("import html as _h\nx = _h.escape(name)\n", ["line 2: _h.escape"]),
    ("from html import escape\n", ["line 1: from html import escape"]),
    ("from markupsafe import escape\n", ["line 1: from markupsafe import escape"]),
    ("x = f\"<b>{name}</b>\"\n", ["line 1: an f-string with markup"]),
    ("x = f\"<{tag} class='a'>\"\n", ["line 1: an f-string with markup"]),
    ("x = f\"<div class='{css}'>\"\n", ["line 1: an f-string with markup"]),
    ("x = \"<li>%s</li>\" % name\n", ["line 1: markup put together with %"]),
    ("x = \"<li>{}</li>\".format(name)\n", ["line 1: markup put together with .format"]),
    ("x = \"<br>\" + note\n", ["line 1: markup put together with +"]),
    ("x = note + \"<br>\"\n", ["line 1: markup put together with +"]),
    # not markup built from values: plain text, a fixed template, a template put together from constants
    ("x = f\"<careerkit chart: {title}>\"\n", []),
    ("x = f\"{a} < {b}\"\n", []),
    ("x = \"<b>fixed</b>\"\n", []),
    ("x = render(\"<b>{{ name }}</b>\", name=name)\n", []),
    ("T = \"<p>\" + _GUIDANCE + \"</p>\"\n", []),
    ("T = \"<ul>\" + _ITEMS + \"</ul>\" + \"<p>\"\n", []),
    ("x = \"<ul>\" + _ITEMS + \"</ul>\" + note\n", ["line 1: markup put together with +"]),
    ("import html\nx = html.unescape(s)\n", []),
])
def test_markup_by_hand_is_recognised(source, expected):
    assert markup_by_hand(source) == expected
