"""Taking answers away and bringing them back: the export file and restoring from it.

An export is one JSON document holding every revision of a profile's answers
(history included), the files kept with them and the check-ins::

    {"format": "careerkit-export", "version": 1, "exported_at": "...",
     "careerkit_version": "...", "profile": "me",
     "revisions": [{"workbook", "field", "value", "saved_at", "source"}, ...],
     "attachments": [{"key", "mime", "name", "data" (base64)}, ...],
     "checkins": [{"label", "at"}, ...]}

Its JSON Schema is published in ``careerkit/schema/export-v1.schema.json``.

Reading is strict: a file that is not JSON, is cut short, is some other kind of
document, or comes from a newer careerkit is refused with one clear sentence
(:class:`ExportError`) before anything is written. Version 0, the older and simpler
``{"<workbook>": {"<field>": value}}`` answers document, is upgraded on reading.

Restoring writes everything in one transaction and never loses what is already
there: *merge* keeps, for each answer, whichever of the two is newer; *replace*
makes the file's answers the current ones. Either way every earlier answer stays in
history.

Round trip: exporting, importing into an empty home and exporting again gives the
same revisions (workbook, field, value and saved_at, in the same order), the same
files and the same check-ins. Revision ids and the ``source`` of each revision
belong to the database that holds them (imported revisions are marked ``"import"``).
"""

from __future__ import annotations

import base64
import binascii
import datetime as _dt
import functools
import hashlib
import json
import re
from dataclasses import dataclass, field as dc_field
from importlib.resources import files
from typing import TYPE_CHECKING, Any, Literal

from careerkit.core import content
from careerkit._version import __version__
from careerkit.core.validation import InvalidAnswer, clean

if TYPE_CHECKING:
    from careerkit.core.storage.store import Store

__all__ = [
    "FORMAT",
    "VERSION",
    "MAX_BYTES",
    "Bundle",
    "ExportError",
    "ImportResult",
    "apply",
    "dumps",
    "export",
    "parse",
    "schema",
]

FORMAT = "careerkit-export"
#: The version of the export format this careerkit writes (and the newest it reads).
VERSION = 1
#: The largest export accepted (answers are text; files kept with them are small images).
MAX_BYTES = 64 * 1024 * 1024

_WORKBOOK_ID = re.compile(r"^\d\d_[a-z0-9_]+$")
_FIELD_ID = re.compile(r"^[a-z][a-z0-9_]*$")


class ExportError(ValueError):
    """A file that cannot be restored; the message says why, in one sentence."""


@dataclass(frozen=True)
class ImportedRevision:
    workbook: str
    field: str
    value: Any
    saved_at: _dt.datetime
    source: str = "form"


@dataclass(frozen=True)
class Bundle:
    """A checked export, ready to restore (``version`` is the version the file had)."""

    profile: str
    exported_at: _dt.datetime | None
    careerkit_version: str
    version: int
    revisions: list[ImportedRevision]
    attachments: list[tuple[bytes, str, str]] = dc_field(default_factory=list)
    checkins: list[tuple[str, _dt.datetime]] = dc_field(default_factory=list)

    @property
    def answer_count(self) -> int:
        """How many different answers the file holds."""
        return len({(r.workbook, r.field) for r in self.revisions})

    def describe(self) -> str:
        """One sentence saying what the file holds."""
        when = f", exported {self.exported_at.astimezone():%d %B %Y at %H:%M}" if self.exported_at else ""
        n = self.answer_count
        extra = ""
        if self.checkins:
            extra += f", {len(self.checkins)} check-in{'s' if len(self.checkins) != 1 else ''}"
        if self.attachments:
            extra += f", {len(self.attachments)} file{'s' if len(self.attachments) != 1 else ''}"
        return (f"{n} answer{'s' if n != 1 else ''} with {len(self.revisions)} saved "
                f"version{'s' if len(self.revisions) != 1 else ''}{extra}{when}.")


@dataclass(frozen=True)
class ImportResult:
    """What a restore did."""

    mode: str
    written: int
    answers: int
    kept_newer: int
    checkins: int
    attachments: int

    def describe(self) -> str:
        if not (self.written or self.checkins or self.attachments):
            return "Nothing new to restore: everything in the file is already here."
        text = f"Restored {self.answers} answer{'s' if self.answers != 1 else ''}"
        if self.mode == "merge" and self.kept_newer:
            text += f"; {self.kept_newer} answer{'s' if self.kept_newer != 1 else ''} here were newer and stay current"
        if self.checkins:
            text += f"; {self.checkins} check-in{'s' if self.checkins != 1 else ''} added"
        return text + ". Earlier answers remain in history."


# -- writing an export ------------------------------------------------------------------

def _iso(moment: _dt.datetime) -> str:
    return moment.astimezone(_dt.timezone.utc).isoformat().replace("+00:00", "Z")


def export(store: Store, profile: str, *, now: _dt.datetime | None = None) -> dict[str, Any]:
    """Every revision, file and check-in of ``profile`` as an export document (a dict)."""
    revisions = [
        {"workbook": r.workbook, "field": r.field, "value": r.value, "saved_at": _iso(r.saved_at), "source": r.source}
        for r in store.history(profile)
    ]
    attachments = []
    for key in store.attachment_keys(profile):
        found = store.get_attachment(profile, key)
        if found is None:
            continue
        data, mime, name = found
        attachments.append({"key": key, "mime": mime, "name": name, "data": base64.b64encode(data).decode("ascii")})
    checkins = [{"label": c.label, "at": _iso(c.at)} for c in store.checkins(profile)]
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": _iso(now or _dt.datetime.now(_dt.timezone.utc)),
        "careerkit_version": __version__,
        "profile": profile,
        "revisions": revisions,
        "attachments": attachments,
        "checkins": checkins,
    }


def dumps(document: dict[str, Any]) -> str:
    """The export as JSON text (UTF-8, readable, one revision per line block)."""
    return json.dumps(document, ensure_ascii=False, indent=1, allow_nan=False) + "\n"


@functools.cache
def schema() -> dict[str, Any]:
    """The published JSON Schema of the current export format."""
    text = files("careerkit").joinpath("schema", f"export-v{VERSION}.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


# -- reading an export ---------------------------------------------------------------------

def parse(data: bytes | str) -> Bundle:
    """Check an export file and return what it holds, or raise :class:`ExportError`.

    Nothing is written here; :func:`apply` writes a checked bundle.
    """
    if isinstance(data, (bytes, bytearray, memoryview)):
        raw = bytes(data)
        if len(raw) > MAX_BYTES:
            raise ExportError(f"This file is too large to be a careerkit export (over {MAX_BYTES // 2**20} MB).")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ExportError("This is not a careerkit export: it is not a text (JSON) file.") from None
    else:
        text = data
    if not text.strip():
        raise ExportError("This file is empty; choose the careerkit-answers file you downloaded.")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        body = text.strip()
        cut_short = body[:1] in "{[" and body[-1:] != {"{": "}", "[": "]"}[body[:1]]
        if cut_short or exc.pos >= len(body) - 1:
            raise ExportError("This file is incomplete: it stops part-way through, perhaps because the "
                              "download was interrupted. Please export it again.") from None
        raise ExportError(f"This is not a careerkit export: it is not valid JSON "
                          f"(line {exc.lineno}, column {exc.colno}).") from None
    if not isinstance(document, dict):
        raise ExportError("This is not a careerkit export: it holds no answers in the expected shape.")
    if "format" not in document and "version" not in document:
        if _looks_like_v0(document):
            return _from_v0(document)
        raise ExportError("This is not a careerkit export: it is some other kind of JSON document.")
    if document.get("format") != FORMAT:
        raise ExportError(f"This is not a careerkit export (its format is {str(document.get('format'))[:60]!r}).")
    version = document.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 0:
        raise ExportError("This careerkit export has no readable version number, so it cannot be trusted.")
    if version > VERSION:
        raise ExportError(f"This file was made by a newer careerkit (export version {version}); this one "
                          f"reads up to version {VERSION}. Please upgrade careerkit, then try again.")
    if version == 0:
        answers = document.get("answers")
        if not isinstance(answers, dict) or not _looks_like_v0(answers):
            raise ExportError("This version 0 careerkit export has no answers in the expected shape.")
        return _from_v0(answers, profile=str(document.get("profile") or ""))
    _check_schema(document)
    return _from_v1(document)


def _looks_like_v0(document: dict) -> bool:
    return bool(document) and all(
        isinstance(k, str) and _WORKBOOK_ID.match(k) and isinstance(v, dict)
        and all(isinstance(f, str) and _FIELD_ID.match(f) for f in v)
        for k, v in document.items()
    )


def _check_schema(document: dict) -> None:
    import jsonschema

    validator = jsonschema.Draft202012Validator(schema())
    error = jsonschema.exceptions.best_match(validator.iter_errors(document))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "the top level"
        raise ExportError(f"This careerkit export is damaged or was edited by hand ({where}: "
                          f"{_short(error.message)}).")


def _short(text: str, limit: int = 140) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _time(text: str, where: str) -> _dt.datetime:
    try:
        moment = _dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise ExportError(f"This careerkit export is damaged: {where} has an unreadable time {text[:40]!r}.") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=_dt.timezone.utc)
    return moment.astimezone(_dt.timezone.utc)


def _checked(workbook: str, field: str, value: Any, where: str) -> Any:
    """The value as it will be stored, checked against the question when careerkit knows it.

    Answers to questions this careerkit does not have (a workbook added later, a
    question since retired) are kept as they are, so nothing in the file is lost.
    """
    if value is None:
        return None
    try:
        question = content.workbook(workbook).field(field)
    except KeyError:
        return value
    try:
        return clean(question, value)
    except InvalidAnswer as exc:
        raise ExportError(f"This careerkit export holds an answer careerkit cannot accept ({where}, "
                          f"{workbook}.{field}: {exc.message})") from None


def _from_v1(document: dict) -> Bundle:
    revisions = []
    for index, rev in enumerate(document["revisions"]):
        where = f"revision {index + 1}"
        value = _checked(rev["workbook"], rev["field"], rev["value"], where)
        revisions.append(ImportedRevision(rev["workbook"], rev["field"], value,
                                          _time(rev["saved_at"], where), rev.get("source", "form")))
    attachments = []
    for index, item in enumerate(document.get("attachments", [])):
        try:
            data = base64.b64decode(item["data"], validate=True)
        except (binascii.Error, ValueError):
            raise ExportError(f"This careerkit export is damaged: file {index + 1} is not readable.") from None
        if "key" in item and item["key"] != "sha256:" + hashlib.sha256(data).hexdigest():
            raise ExportError(f"This careerkit export is damaged: file {index + 1} does not match its checksum.")
        attachments.append((data, item["mime"], item.get("name", "")))
    checkins = [(c["label"], _time(c["at"], f"check-in {i + 1}")) for i, c in enumerate(document.get("checkins", []))]
    exported = document.get("exported_at")
    return Bundle(
        profile=document.get("profile", ""),
        exported_at=_time(exported, "the export time") if exported else None,
        careerkit_version=document.get("careerkit_version", ""),
        version=document["version"],
        revisions=revisions,
        attachments=attachments,
        checkins=checkins,
    )


def _from_v0(answers: dict, profile: str = "") -> Bundle:
    """Upgrade version 0 (current answers only, no history or times) to a bundle."""
    now = _dt.datetime.now(_dt.timezone.utc)
    revisions = []
    for workbook, fields in answers.items():
        for field, value in fields.items():
            checked = _checked(workbook, field, value, f"answers of {workbook}")
            revisions.append(ImportedRevision(workbook, field, checked, now, "import"))
    if not revisions:
        raise ExportError("This careerkit export holds no answers.")
    return Bundle(profile=profile, exported_at=None, careerkit_version="", version=0, revisions=revisions)


# -- restoring ---------------------------------------------------------------------------------

Mode = Literal["merge", "replace"]


def apply(store: Store, profile: str, bundle: Bundle, mode: Mode = "merge") -> ImportResult:
    """Restore ``bundle`` into ``profile`` in one transaction.

    Into an empty profile both modes write the file's history exactly. When the
    profile already has answers:

    - ``merge``: every revision from the file joins the history (ones already there
      are not repeated); for each answer, whichever side saved it last stays current.
    - ``replace``: the file's answers become the current ones, and answers the file
      does not have are cleared; what was current before stays in history.

    Check-ins and files from the bundle are added to those already kept.
    """
    if mode not in ("merge", "replace"):
        raise ValueError("mode must be 'merge' or 'replace'")
    history = store.history(profile)
    mine: dict[tuple[str, str], Any] = {}
    for rev in history:  # oldest first: the last one seen is the current answer
        mine[(rev.workbook, rev.field)] = rev
    known = {_identity(r.workbook, r.field, r.value, r.saved_at) for r in history}
    now = _dt.datetime.now(_dt.timezone.utc)

    writes: list[tuple[str, str, Any, _dt.datetime, str]] = []
    theirs: dict[tuple[str, str], ImportedRevision] = {}
    newest: dict[tuple[str, str], _dt.datetime] = {key: rev.saved_at for key, rev in mine.items()}
    for rev in bundle.revisions:
        key = (rev.workbook, rev.field)
        theirs[key] = rev  # the file's current answer is its last revision, as in the store
        newest[key] = max(newest.get(key, rev.saved_at), rev.saved_at)
        identity = _identity(rev.workbook, rev.field, rev.value, rev.saved_at)
        if identity not in known:
            known.add(identity)
            writes.append((rev.workbook, rev.field, rev.value, rev.saved_at, "import"))

    # The answer that would be current after appending: the last revision written per answer.
    effective: dict[tuple[str, str], tuple[Any, _dt.datetime]] = {
        key: (rev.value, rev.saved_at) for key, rev in mine.items()}
    for wb, f, value, saved_at, _ in writes:
        effective[(wb, f)] = (value, saved_at)

    kept_newer = 0
    wanted: dict[tuple[str, str], tuple[Any, _dt.datetime]] = {}
    for key in mine.keys() | theirs.keys():
        here, there = mine.get(key), theirs.get(key)
        if mode == "merge":
            if there is None or (here is not None and here.saved_at >= there.saved_at):
                if there is not None and _dump(here.value) != _dump(there.value):
                    kept_newer += 1
                wanted[key] = (here.value, here.saved_at)
            else:
                wanted[key] = (there.value, there.saved_at)
        else:
            value = there.value if there is not None else None
            if here is not None and _dump(here.value) == _dump(value) and (
                    there is None or here.saved_at >= there.saved_at):
                wanted[key] = (here.value, here.saved_at)  # already the file's answer
            elif there is not None and there.saved_at >= newest[key]:
                wanted[key] = (value, there.saved_at)
            else:
                # the file's answer (or its absence) is chosen over a newer one: a decision made now
                wanted[key] = (value, max(now, newest[key]))
    for key in sorted(wanted):
        value, saved_at = wanted[key]
        current_value, current_at = effective.get(key, (None, None))
        if _dump(current_value) == _dump(value) and current_at == saved_at:
            continue  # already the current answer
        if key not in mine and value is None:
            continue
        writes.append((key[0], key[1], value, saved_at, "import"))

    existing_marks = {(c.label, c.at) for c in store.checkins(profile)}
    marks = [(label, at) for label, at in bundle.checkins if (label, at) not in existing_marks]
    existing_files = set(store.attachment_keys(profile))
    attachments = [a for a in bundle.attachments if "sha256:" + hashlib.sha256(a[0]).hexdigest() not in existing_files]
    store.write_import(profile, writes, attachments=attachments, checkins=marks)
    return ImportResult(mode=mode, written=len(writes), answers=len(theirs), kept_newer=kept_newer,
                        checkins=len(marks), attachments=len(attachments))


def _identity(workbook: str, field: str, value: Any, saved_at: _dt.datetime) -> tuple:
    return (workbook, field, _dump(value), saved_at)


def _dump(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def has_answers(store: Store, profile: str) -> bool:
    """Whether ``profile`` already has any saved answer (so a restore must ask merge or replace)."""
    return store.count(profile) > 0
