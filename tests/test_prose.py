"""The prose a person reads shows exactly as written: no stray Markdown formatting.

"O*NET" is the name of the occupation database. In Markdown an asterisk between two
letters can open emphasis, so two of them in a paragraph turned the text between them
italic ("O*NET does not name…" in 02 and 03). Markdown must write it "O\\*NET".
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")


def markdown_texts() -> list[tuple[str, str]]:
    """``(where, text)`` of every Markdown a person reads: notebooks' Markdown cells and the
    project's .md files."""
    found = []
    for notebook in sorted((REPO / "workbooks").glob("*.ipynb")):
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        for n, cell in enumerate(cells):
            if cell["cell_type"] == "markdown":
                found.append((f"{notebook.name} cell {n}", "".join(cell["source"])))
    for doc in sorted(REPO.glob("*.md")) + sorted((REPO / "docs").rglob("*.md")) + sorted(
            (REPO / "careerkit").rglob("*.md")):
        found.append((str(doc.relative_to(REPO)), doc.read_text(encoding="utf-8")))
    return found


def prose_lines(text: str):
    """Lines of ``text`` outside code blocks, with inline code spans blanked out."""
    fenced = False
    for number, line in enumerate(text.splitlines(), 1):
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if fenced or line.startswith("    ") and not line.lstrip().startswith(("-", "*", ">")):
            continue
        yield number, _CODE_SPAN.sub("``", line)


def bare_onet(text: str) -> list[str]:
    """Lines where "O*NET" is written with a bare asterisk outside code."""
    return [f"line {n}: {line.strip()[:90]}" for n, line in prose_lines(text) if re.search(r"(?<!\\)O\*NET", line)]


def test_the_scanner_finds_a_bare_asterisk_and_passes_an_escaped_one():
    assert bare_onet("Roles O*NET does not name, and O*NET codes.")
    assert not bare_onet("Roles O\\*NET does not name, and O\\*NET codes.")
    assert not bare_onet("In code: `O*NET` and\n```\nO*NET\n```\n")


@pytest.mark.parametrize("where,text", markdown_texts(), ids=lambda v: v if len(v) < 60 else None)
def test_onet_is_never_read_as_emphasis(where, text):
    assert not bare_onet(text), f"{where}: write O\\*NET so Markdown does not read emphasis: {bare_onet(text)}"


def test_escaped_onet_renders_as_written():
    """What Jupyter's Markdown renderer (the one nbconvert and Voilà use) makes of the prose:
    every O*NET shows with its asterisk, and no emphasis starts inside a word."""
    mistune = pytest.importorskip("mistune")
    render = mistune.create_markdown(escape=False)
    checked = 0
    for where, text in markdown_texts():
        if "O\\*NET" not in text:
            continue
        shown = html.unescape(re.sub(r"<[^>]+>", "", render(text)))
        written = len(re.findall(r"O\\?\*NET", text))
        assert shown.count("O*NET") == written, f"{where}: an O*NET lost its asterisk when rendered"
        assert not re.search(r"\w<em>", render(text)), f"{where}: emphasis starts inside a word"
        checked += 1
    assert checked >= 5, "the notebooks that name O*NET were not checked"


def test_other_asterisks_between_letters_are_intended():
    """Beyond O*NET, an asterisk between letters in a notebook is a typo waiting to italicise."""
    problems = []
    for where, text in markdown_texts():
        if ".ipynb cell" not in where:
            continue
        for n, line in prose_lines(text):
            line = re.sub(r"\\\*", "", line)
            if re.search(r"[A-Za-z0-9]\*[A-Za-z0-9]", line):
                problems.append(f"{where} line {n}: {line.strip()[:90]}")
    assert not problems, problems
