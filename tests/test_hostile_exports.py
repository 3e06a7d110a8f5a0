"""Hostile export files: refused with one clear sentence by the parser, the
``careerkit import`` command and the restore panel of workbook 00, never a traceback,
and nothing already saved changes."""

from __future__ import annotations

import json

import pytest

from careerkit.core import exchange
from careerkit.core.storage.store import Store
from careerkit.presentation.views.report import RestorePanel
from careerkit.presentation.workbook import Workbook
from tests.test_cli import one_line_error, run, seeded


def _document(value='"kept"', saved_at="2026-03-01T10:00:00Z") -> str:
    # an answer to a question this careerkit does not know is kept as it is: the hostile part
    return ('{"format": "careerkit-export", "version": 1, "exported_at": "2026-03-02T10:00:00Z", '
            '"careerkit_version": "1.0", "profile": "me", "revisions": [{"workbook": "99_from_the_future", '
            f'"field": "notes", "value": {value}, "saved_at": "{saved_at}", "source": "form"}}], '
            '"attachments": [], "checkins": []}')


DEEP = 100_000
HOSTILE = {
    "nesting-whole-file": "[" * DEEP + "]" * DEEP,
    "nesting-in-an-answer": _document("[" * DEEP + "]" * DEEP),
    "nesting-of-objects": _document('{"a":' * DEEP + "1" + "}" * DEEP),
    "nan-in-unknown-field": _document("NaN"),
    "infinity-in-unknown-field": _document("[1, -Infinity]"),
    "lone-surrogate-in-unknown-field": _document('"before \\ud800 after"'),
    "lone-surrogate-in-a-key": _document('{"\\udfff": 1}'),
    "year-1-at-plus-14": _document(saved_at="0001-01-01T00:00:00+14:00"),
    "year-9999-at-minus-14": _document(saved_at="9999-12-31T23:59:59-14:00"),
}
EXPECTED = {
    "nesting": "nested",
    "nan": "not a number",
    "infinity": "not a number",
    "lone": "broken character",
    "year": "time",
}


def _expected(name: str) -> str:
    return next(words for key, words in EXPECTED.items() if name.startswith(key))


def test_the_good_document_used_here_is_accepted():
    bundle = exchange.parse(_document())
    assert bundle.revisions[0].value == "kept"


@pytest.mark.parametrize("name", HOSTILE)
def test_parse_refuses_with_one_sentence(name):
    with pytest.raises(exchange.ExportError, match=_expected(name)) as caught:
        exchange.parse(HOSTILE[name].encode("utf-8"))
    assert "\n" not in str(caught.value)
    with pytest.raises(exchange.ExportError, match=_expected(name)):
        exchange.parse(HOSTILE[name])


@pytest.mark.parametrize("name", ["nesting-in-an-answer", "nan-in-unknown-field", "lone-surrogate-in-unknown-field",
                                  "year-1-at-plus-14", "year-9999-at-minus-14"])
def test_the_import_command_refuses_without_a_traceback(tmp_path, name):
    home = tmp_path / "home"
    home.mkdir()
    store = seeded(home)
    before = store.count("me")
    store.close()
    path = tmp_path / "hostile.json"
    path.write_text(HOSTILE[name], encoding="utf-8")
    one_line_error(run(home, "import", str(path), "--merge"), _expected(name))
    again = Store(f"sqlite:///{home / 'answers.sqlite'}")
    assert again.count("me") == before
    again.close()


@pytest.mark.parametrize("name", HOSTILE)
def test_the_restore_panel_shows_the_reason(tmp_path, name):
    store = Store(f"sqlite:///{tmp_path / 'answers.sqlite'}")
    store.save("p", "00_start_here", "hopes", "to keep this")
    wb = Workbook("00_start_here", store=store, profile="p", delay=0)
    panel = RestorePanel(wb)
    panel.load(HOSTILE[name].encode("utf-8"), "hostile.json")
    assert "ck-error" in panel.message.value or "error" in panel.message.value
    assert _expected(name) in panel.message.value and "Nothing was changed" in panel.message.value
    assert panel.bundle is None and panel.choice.layout.display == "none"
    assert store.answers("p", "00_start_here")["hopes"] == "to keep this" and store.count("p") == 1
    store.close()
