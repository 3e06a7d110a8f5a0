"""Uploads to the vision board: too large, the wrong type, a file pretending to be a
picture, names that try to climb out of their folder. Each is refused with a message
or kept safely (by content, under a cleaned caption); nothing is ever written as a
file, inside or outside the person's place, and nothing already saved changes."""

from __future__ import annotations

import collections
import datetime as dt
from pathlib import Path

import pytest

from careerkit.workbooks.goals_vision import vision
from careerkit.core.examples import example_answers
from careerkit.core.storage.store import Store
from careerkit.core.validation import InvalidAnswer
from careerkit.presentation.views import view_for
from careerkit.presentation.workbook import Workbook
from tests.support.figures import record

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64
TALLY: collections.Counter = collections.Counter()

REFUSED = {
    "empty file": (b"", "x.png"),
    "too large": (PNG + b"\x00" * (vision.MAX_IMAGE_BYTES + 1), "big.png"),
    "wrong type (PDF)": (b"%PDF-1.7\n" + b"0" * 200, "cv.pdf"),
    "script named as a picture": (b"<script>window.__pwned=1</script>", "photo.png"),
    "SVG with a script": (b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>", "logo.svg"),
    "HTML claiming to be a JPEG": (b"<html><img src=x onerror=alert(1)></html>", "me.jpg"),
    "executable named as a picture": (b"\x7fELF" + b"\x00" * 100, "cat.gif"),
    "PNG name, truncated signature": (b"\x89PNG\r\n", "short.png"),
}

NAMES = ["../../x.png", "..\\..\\windows\\x.png", "/etc/passwd.png", "C:\\Users\\me\\lake.png",
         "%2e%2e%2fx.png", "\x00evil.png", "<img src=x onerror=alert(1)>.png", "....//....//x.png",
         "~/.ssh/id_rsa.png", "a" * 500 + ".png"]


@pytest.fixture
def board(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    place = tmp_path / "home"
    place.mkdir()
    store = Store(f"sqlite:///{place / 'answers.sqlite'}")
    store.save_many("p", example_answers(), source="example")
    wb = Workbook("04_goals_vision", store=store, profile="p", delay=0)
    tool = view_for("04_goals_vision", "vision_board")(wb)
    yield tool, store, tmp_path
    store.close()


def _files(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file() and not p.name.startswith("answers.sqlite")}


def _upload(tool, data: bytes, name: str, claimed: str = "image/png") -> None:
    # What ipywidgets' FileUpload holds after the browser sent a file: any name, any claimed type.
    tool.upload.value = ({"name": name, "type": claimed, "size": len(data), "content": memoryview(data),
                          "last_modified": dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)},)


@pytest.mark.parametrize("kind", list(REFUSED))
def test_bad_files_are_refused_with_a_message(board, kind):
    tool, store, root = board
    data, name = REFUSED[kind]
    before_files, before = _files(root), store.current("p")
    with pytest.raises(InvalidAnswer) as refused:
        vision.check_image(data)
    assert refused.value.message.endswith(".")
    _upload(tool, data, name)
    assert "ck-error" in tool.message.value or "⚠" in tool.message.value or tool.add.disabled
    assert tool.add.disabled and not tool.add_pending()
    assert store.current("p") == before and store.attachment_keys("p") == []
    assert _files(root) == before_files
    TALLY[f"refused: {kind}"] += 1


@pytest.mark.parametrize("name", NAMES)
def test_hostile_names_never_become_paths(board, name):
    tool, store, root = board
    before_files = _files(root)
    data = PNG + name.encode("utf-8", "surrogatepass")[:40]  # a distinct picture per name
    _upload(tool, data, name)
    caption = tool.caption.value
    assert "/" not in caption and "\\" not in caption and ".." not in caption and "<" not in caption
    assert "\x00" not in caption and len(caption) <= 80
    assert tool.add_pending(), tool.message.value
    key = store.attachment_keys("p")[-1]
    assert key.startswith("sha256:") and "/" not in key
    kept = store.get_attachment("p", key)
    assert kept[0] == data and kept[1] == "image/png"
    assert _files(root) == before_files, "an upload was written as a file"
    card = store.answers("p", "04_goals_vision")["vision_board"][-1]
    assert card["image"] == key
    TALLY["kept by content under a cleaned caption: path-like name"] += 1


def test_a_file_claiming_another_type_is_kept_as_what_it_is(board):
    tool, store, _root = board
    gif = b"GIF89a" + b"\x01\x00\x01\x00" + b"\x00" * 40
    _upload(tool, gif, "holiday.png", claimed="image/png")
    assert tool.add_pending()
    assert store.get_attachment("p", store.attachment_keys("p")[-1])[1] == "image/gif"
    TALLY["kept as its real type: claimed type ignored"] += 1


def test_zz_record_upload_figures():
    if sum(TALLY.values()) < len(REFUSED) + len(NAMES):
        pytest.skip("run together with the tests above (they collect the counts)")
    record("bad_input_uploads", uploads=sum(TALLY.values()), by_outcome=dict(sorted(TALLY.items())),
           files_written_outside=0, answers_lost=0)
