"""markup.render: autoescaped, compiled once per process and kept compiled between kernels."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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
