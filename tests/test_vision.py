"""Workbook 04's vision side: picture checks, captions, the board answer, the upload
widget driven without a kernel, and the journal prompt."""

from __future__ import annotations

import datetime as dt
import struct
import zlib

import pytest
from careerkit.workbooks.goals_vision import vision
from careerkit.core.storage.store import Store
from careerkit.core.validation import InvalidAnswer
from careerkit.workbooks.goals_vision import views as goal_views
from careerkit.presentation.workbook import Workbook

WB = "04_goals_vision"


def png(width: int = 4, height: int = 3, pad: int = 0) -> bytes:
    """A real, tiny PNG; ``pad`` adds an ancillary chunk to make it larger."""
    raw = b"".join(b"\x00" + b"\x10\x80\xc0" * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    extra = chunk(b"tEXt", b"c\x00" + b"x" * pad) if pad else b""
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + extra + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20
GIF = b"GIF89a\x01\x00\x01\x00" + b"\x00" * 20
WEBP = b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 20
SVG = b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'></svg>"


@pytest.mark.parametrize("data, mime", [(png(), "image/png"), (JPEG, "image/jpeg"), (GIF, "image/gif"),
                                        (WEBP, "image/webp")])
def test_real_pictures_are_typed_by_their_bytes(data, mime):
    assert vision.sniff_image(data) == mime
    assert vision.check_image(data) == mime


@pytest.mark.parametrize("data", [SVG, b"%PDF-1.7 pretending to be a photo", b"RIFF\x24\x00\x00\x00WAVEfmt ",
                                  b"\x89PNG", b"GIF88a..."])
def test_anything_else_is_refused_with_a_clear_message(data):
    with pytest.raises(InvalidAnswer, match="PNG, JPEG, GIF or WebP"):
        vision.check_image(data)


def test_size_limit_and_empty_files():
    with pytest.raises(InvalidAnswer, match="empty"):
        vision.check_image(b"")
    big = png(pad=vision.MAX_IMAGE_BYTES)
    with pytest.raises(InvalidAnswer, match=r"2\.0 MB; the board keeps pictures up to 2\.0 MB"):
        vision.check_image(big)
    exact = png()
    assert vision.check_image(exact, limit=len(exact)) == "image/png"
    with pytest.raises(InvalidAnswer, match="up to 1 KB"):
        vision.check_image(png(pad=2000), limit=1024)


@pytest.mark.parametrize("name, caption", [
    ("lake_house-2024.JPG", "lake house 2024"),
    ("C:\\Users\\sam\\Pictures\\my.workshop.png", "my workshop"),
    ("../../etc/passwd", "passwd"),
    ("<img src=x onerror=alert(1)>.png", "img src x onerror alert(1)"),
    ("tab\there\u202e.gif", "tab here"),
    (".hidden", "hidden"),
    (None, ""),
])
def test_captions_from_file_names_are_cleaned(name, caption):
    assert vision.caption_from_filename(name) == caption


def test_add_and_remove_cards_without_touching_the_input():
    board = vision.add_card([], "sha256:aa", "  A   bright room ", ["light", "Light", " people "])
    assert board[0]["caption"] == "A bright room" and board[0]["keywords"] == ["light", "people"]
    assert board[0]["_id"]
    with pytest.raises(InvalidAnswer, match="already on your board"):
        vision.add_card(board, "sha256:aa")
    two = vision.add_card(board, "sha256:bb")
    assert len(board) == 1 and len(two) == 2 and two[1]["caption"] is None
    assert vision.remove_card(two, board[0]["_id"]) == [two[1]]
    assert len(two) == 2
    full = []
    for n in range(24):
        full = vision.add_card(full, f"sha256:{n}")
    with pytest.raises(InvalidAnswer, match="holds 24 pictures"):
        vision.add_card(full, "sha256:new")
    with pytest.raises(InvalidAnswer, match="120 characters"):
        vision.add_card([], "sha256:cc", "x" * 121)


def test_board_cards_use_the_real_type_and_survive_missing_files():
    stored = {"sha256:a": png(), "sha256:b": b"not a picture"}
    cards = vision.board_cards([{"_id": "1", "image": "sha256:a", "caption": "Sky", "keywords": ["calm"]},
                                {"_id": "2", "image": "sha256:b"}, {"_id": "3", "image": "sha256:gone"}],
                               stored.get)
    assert cards[0]["src"].startswith("data:image/png;base64,") and cards[0]["keywords"] == ["calm"]
    assert cards[1]["src"] is None and cards[2]["src"] is None


def test_next_prompt_prefers_unused_then_the_longest_left():
    prompts = [value for value, _ in vision.journal_prompts()]
    assert vision.next_prompt([])["value"] == prompts[0]
    used = [{"prompt": prompts[0], "day": "2026-10-01", "entry": "..."}]
    assert vision.next_prompt(used)["value"] == prompts[1]
    # an entry with nothing written does not count as used
    assert vision.next_prompt([{"prompt": prompts[0], "day": "2026-10-01", "entry": " "}])["value"] == prompts[0]
    guided = [p for p in prompts if p != "free_write"]
    everything = [{"prompt": p, "day": f"2026-10-{10 + i:02d}", "entry": "x"} for i, p in enumerate(guided)]
    everything[3]["day"] = "2026-09-01"
    choice = vision.next_prompt(everything)
    assert choice["value"] == guided[3] and choice["last"] == "2026-09-01" and choice["used"] == 1


# -- the upload widget, without a kernel ---------------------------------------------------------------

def upload_entry(data: bytes, name: str = "photo.png", claimed: str = "image/png") -> dict:
    return {"name": name, "type": claimed, "size": len(data), "content": memoryview(data),
            "last_modified": dt.datetime(2026, 11, 1, tzinfo=dt.timezone.utc)}


@pytest.fixture
def board(tmp_path):
    store = Store(f"sqlite:///{tmp_path}/a.sqlite")
    wb = Workbook(WB, store=store, profile="p", delay=0)
    return goal_views.vision_board(wb), store


def test_uploading_and_adding_a_picture_keeps_it_with_the_profile(board):
    widget, store = board
    data = png()
    widget.upload.value = (upload_entry(data, "sunny_<b>room.png"),)
    assert widget.upload.value == ()
    assert not widget.add.disabled and widget.caption.value == "sunny b room"
    widget.caption.value = "A <b>sunny</b> room"
    widget.keywords.value = ["light"]
    widget.add.click()
    [row] = store.answers("p", WB)["vision_board"]
    assert row["caption"] == "A <b>sunny</b> room" and row["keywords"] == ["light"]
    stored, mime, _name = store.get_attachment("p", row["image"])
    assert stored == data and mime == "image/png"
    html = widget.cards.children[0].children[0].value
    assert "A &lt;b&gt;sunny&lt;/b&gt; room" in html and "data:image/png;base64," in html
    assert "✓ Added" in widget.message.value and widget.add.disabled


def test_a_file_pretending_to_be_a_picture_is_refused_and_nothing_is_kept(board):
    widget, store = board
    widget.upload.value = (upload_entry(b"#!/bin/sh\necho hi\n", "cat.png", "image/png"),)
    assert "PNG, JPEG, GIF or WebP" in widget.message.value and widget.add.disabled
    widget.add_pending()
    assert store.attachment_keys("p") == [] and store.answers("p", WB).get("vision_board") is None
    widget.upload.value = (upload_entry(png(pad=vision.MAX_IMAGE_BYTES), "huge.png"),)
    assert "the board keeps pictures up to 2.0 MB" in widget.message.value
    assert store.attachment_keys("p") == []


def test_removing_a_card(board):
    widget, store = board
    widget.choose(png(), "first")
    widget.add_pending()
    widget.choose(png(width=5), "second")
    widget.add_pending()
    assert len(widget.cards.children) == 2
    widget.cards.children[0].children[1].click()  # its Remove button
    [left] = store.answers("p", WB)["vision_board"]
    assert left["caption"] == "second" and len(widget.cards.children) == 1
    assert "Removed “first”" in widget.message.value


def test_the_same_picture_twice_is_refused(board):
    widget, store = board
    widget.choose(png(), "one")
    assert widget.add_pending()
    widget.choose(png(), "again")
    assert not widget.add_pending()
    assert "already on your board" in widget.message.value
    assert len(store.answers("p", WB)["vision_board"]) == 1
