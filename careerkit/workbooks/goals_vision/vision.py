"""The vision side of workbook 04: vision-board pictures and journal prompts.

Pictures are checked here, on the kernel side, before anything is kept: a browser can
send any bytes under any name and type, so the real type is read from the file's
first bytes (PNG, JPEG, GIF and WebP only; anything else, including SVG, which can
carry scripts, is refused) and the size is limited to :data:`MAX_IMAGE_BYTES`. The
name a file had on the person's computer is used only to suggest a caption, after
cleaning; it is never used to decide the type or to build a path.

The board itself is a records answer (``04_goals_vision.vision_board``): each row names
a stored picture by its key (``sha256:…``) and carries a caption and keywords.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from careerkit.core import content
from careerkit.core.validation import InvalidAnswer, new_row_id

__all__ = [
    "MAX_IMAGE_BYTES",
    "IMAGE_TYPES",
    "sniff_image",
    "check_image",
    "caption_from_filename",
    "read_upload",
    "add_card",
    "remove_card",
    "board_cards",
    "data_url",
    "journal_prompts",
    "next_prompt",
]

WB = "04_goals_vision"

#: The largest picture kept on the board, in bytes.
MAX_IMAGE_BYTES = 2 * 1024 * 1024

#: The picture types the board accepts, by MIME type, with a name a person knows.
IMAGE_TYPES = {"image/png": "PNG", "image/jpeg": "JPEG", "image/gif": "GIF", "image/webp": "WebP"}

_CAPTION_MAX = 120
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff]")


def sniff_image(data: bytes) -> str | None:
    """The picture type read from the first bytes of ``data`` (a MIME type), or None."""
    head = bytes(data[:16])
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return None


def _size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB"
    return f"{max(1, round(n / 1024))} KB"


def check_image(data: bytes, *, limit: int = MAX_IMAGE_BYTES) -> str:
    """Check an uploaded picture and return its real MIME type.

    Raises :class:`~careerkit.core.validation.InvalidAnswer` with a message for the person
    when the file is empty, too large, or not a PNG, JPEG, GIF or WebP picture
    (whatever its name or the type the browser claimed).
    """
    if not data:
        raise InvalidAnswer("That file is empty. Please choose a picture.")
    if len(data) > limit:
        raise InvalidAnswer(
            f"That picture is {_size(len(data))}; the board keeps pictures up to {_size(limit)} each. "
            "Please choose a smaller version (most phones and photo apps can share or export a smaller size)."
        )
    mime = sniff_image(data)
    if mime is None:
        raise InvalidAnswer(
            "That file is not a picture the board can show. Please choose a PNG, JPEG, GIF or WebP image."
        )
    return mime


def caption_from_filename(name: Any) -> str:
    """A caption suggested by a file's name: no folders, no extension, no odd characters.

    ``"C:\\\\Photos\\\\lake_house-2024.JPG"`` becomes ``"lake house 2024"``.
    """
    if not isinstance(name, str):
        return ""
    base = re.split(r"[\\/]", name)[-1]
    stem = base.rsplit(".", 1)[0] if "." in base.strip(".") else base
    stem = _CONTROL.sub(" ", stem)
    stem = re.sub(r"[_\-.+]+", " ", stem)
    stem = re.sub(r"[<>\"'`{}\[\]|^~#%&*=;$@!?]", " ", stem)
    stem = " ".join(stem.split())
    return stem[:80].strip()


def read_upload(entry: Mapping[str, Any]) -> tuple[bytes, str]:
    """``(bytes, suggested caption)`` from one entry of an ``ipywidgets.FileUpload`` value."""
    raw = entry.get("content", b"")
    data = raw.tobytes() if isinstance(raw, memoryview) else bytes(raw or b"")
    return data, caption_from_filename(entry.get("name"))


def _clean_caption(caption: Any) -> str:
    if not isinstance(caption, str):
        return ""
    text = " ".join(_CONTROL.sub(" ", caption).split())
    if len(text) > _CAPTION_MAX:
        raise InvalidAnswer(f"Please keep the caption to {_CAPTION_MAX} characters (it is {len(text)} now).")
    return text


def add_card(board: Sequence[Mapping[str, Any]] | None, key: str, caption: Any = "",
             keywords: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """The board with one more picture card at the end (a new list; the input is untouched).

    Refuses a picture that is already on the board, or a full board.
    """
    field = content.workbook(WB).field("vision_board")
    rows = [dict(r) for r in (board or []) if isinstance(r, Mapping)]
    if any(r.get("image") == key for r in rows):
        raise InvalidAnswer("That picture is already on your board.")
    if len(rows) >= field.items_limit:
        raise InvalidAnswer(f"The board holds {field.items_limit} pictures; remove one to add another.")
    words = []
    for word in keywords or []:
        word = " ".join(str(word).split())
        if word and word.casefold() not in {w.casefold() for w in words}:
            words.append(word)
    rows.append({"_id": new_row_id(), "image": key, "caption": _clean_caption(caption) or None,
                 "keywords": words})
    return rows


def remove_card(board: Sequence[Mapping[str, Any]] | None, row_id: str) -> list[dict[str, Any]]:
    """The board without the card ``row_id`` (unchanged if there is no such card)."""
    return [dict(r) for r in (board or []) if isinstance(r, Mapping) and r.get("_id") != row_id]


def data_url(data: bytes) -> str | None:
    """A ``data:`` URL for a stored picture, typed by its own bytes (None if not a picture)."""
    mime = sniff_image(data)
    if mime is None:
        return None
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def board_cards(board: Sequence[Mapping[str, Any]] | None,
                fetch: Callable[[str], bytes | None]) -> list[dict[str, Any]]:
    """The cards to draw: ``id``, ``caption``, ``keywords`` and ``src`` (a data URL, or None
    when the picture is not stored here, e.g. after answers were moved without their files).

    ``fetch(key)`` returns a stored picture's bytes or None.
    """
    cards = []
    for row in board or []:
        if not isinstance(row, Mapping):
            continue
        key = row.get("image")
        data = fetch(key) if isinstance(key, str) and key else None
        cards.append({
            "id": row.get("_id") or "",
            "caption": (row.get("caption") or "").strip(),
            "keywords": [k for k in (row.get("keywords") or []) if isinstance(k, str)],
            "src": data_url(data) if data else None,
        })
    return cards


# -- journal prompts ------------------------------------------------------------------------

def journal_prompts() -> list[tuple[str, str]]:
    """The journal prompts ``(value, text)``, as listed in the workbook description."""
    sub = content.workbook(WB).field("vision_journal").sub("prompt")
    return [(c.value, c.label) for c in sub.choices]


def next_prompt(entries: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The prompt to suggest next: the first one never written about, else the one left longest.

    Returns ``value``, ``text``, ``used`` (times written about) and ``last`` (ISO date or None).
    Free writing is suggested only once every other prompt has been used.
    """
    prompts = journal_prompts()
    uses: dict[str, list[str]] = {value: [] for value, _ in prompts}
    for entry in entries:
        if isinstance(entry, Mapping) and entry.get("prompt") in uses and (entry.get("entry") or "").strip():
            uses[entry["prompt"]].append(entry.get("day") or "")
    guided = [(v, t) for v, t in prompts if v != "free_write"] or prompts
    fresh = [(v, t) for v, t in guided if not uses[v]]
    if fresh:
        value, text = fresh[0]
    else:
        # the prompt whose latest entry is oldest; undated entries count as oldest
        value, text = min(guided, key=lambda p: (max(uses[p[0]]), [v for v, _ in guided].index(p[0])))
    dates = sorted(d for d in uses[value] if d)
    return {"value": value, "text": text, "used": len(uses[value]), "last": dates[-1] if dates else None}
