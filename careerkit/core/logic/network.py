"""Contacts and events of workbook 09: CSV import and export, follow-ups, activity.

Pure functions over plain rows and :class:`~careerkit.core.answers.Answers`, tested
without Jupyter. A CSV import is all or nothing: every row is checked against the
``contacts`` question of the workbook description, each bad row gets one clear
message, and if any row is bad nothing is imported.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from careerkit.core import content
from careerkit.core.answers import Answers
from careerkit.core.validation import InvalidAnswer, clean, is_empty

__all__ = [
    "WB",
    "MAX_CSV_BYTES",
    "ContactImportError",
    "CsvImport",
    "activity_by_month",
    "composition",
    "contacts",
    "contacts_field",
    "contacts_from_csv",
    "contacts_to_csv",
    "decode_csv",
    "follow_ups",
    "gone_quiet",
    "known_elsewhere",
    "merge_contacts",
    "met_not_listed",
    "read_contacts_csv",
]

WB = "09_networking"

#: The largest CSV file accepted for import (a thousand contacts fit in well under this).
MAX_CSV_BYTES = 1_000_000

#: Characters that make a spreadsheet treat a cell as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

#: Other names people give the columns, after normalising (lower case, letters and digits only).
_ALIASES = {
    "fullname": "name",
    "contact": "name",
    "contactname": "name",
    "person": "name",
    "who": "name",
    "organization": "organisation",
    "org": "organisation",
    "company": "organisation",
    "employer": "organisation",
    "sector": "industry",
    "field": "industry",
    "howwemet": "how_met",
    "howmet": "how_met",
    "met": "how_met",
    "metat": "how_met",
    "metthrough": "how_met",
    "source": "how_met",
    "strength": "strength",
    "relationship": "strength",
    "closeness": "strength",
    "lastcontact": "last_contact",
    "lastcontacted": "last_contact",
    "lastspoke": "last_contact",
    "lastspoken": "last_contact",
    "lastcontactdate": "last_contact",
    "followup": "next_follow_up",
    "nextfollowup": "next_follow_up",
    "followupdate": "next_follow_up",
    "nextfollowupdate": "next_follow_up",
    "followupby": "next_follow_up",
    "note": "notes",
    "comments": "notes",
    "comment": "notes",
}


def contacts_field() -> content.Field:
    """The ``contacts`` question of workbook 09 (a records field)."""
    return content.workbook(WB).field("contacts")


def _key(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", header.casefold())


def _column_map() -> dict[str, str]:
    """Normalised header -> sub-field id: ids, labels and common alternatives."""
    mapping: dict[str, str] = {}
    for sub in contacts_field().fields:
        mapping[_key(sub.id)] = sub.id
        mapping[_key(sub.label)] = sub.id
    for alias, target in _ALIASES.items():
        mapping.setdefault(alias, target)
    return mapping


class ContactImportError(InvalidAnswer):
    """A CSV file that cannot be imported; ``errors`` holds one message per problem."""

    def __init__(self, errors: list[str], *, summary: str = ""):
        self.errors = list(errors)
        message = summary or (
            "Nothing was imported: " + ("1 row needs" if len(errors) == 1 else f"{len(errors)} rows need")
            + " fixing. Rows are numbered as in a spreadsheet, with the header as row 1."
        )
        super().__init__(message + "\n" + "\n".join(self.errors), field="contacts")
        self.summary = message


@dataclass
class CsvImport:
    """The rows read from a CSV file and the columns that were left aside."""

    rows: list[dict[str, Any]]
    ignored_columns: list[str] = field(default_factory=list)


def decode_csv(data: bytes) -> str:
    """The text of an uploaded CSV file: UTF-8 (with or without BOM), else Windows Latin-1."""
    if len(data) > MAX_CSV_BYTES:
        raise ContactImportError([], summary=(
            f"This file is {len(data) / 1_000_000:.1f} MB; please import files up to "
            f"{MAX_CSV_BYTES // 1_000_000} MB (split a larger list into parts)."
        ))
    if b"\x00" in data:
        raise ContactImportError([], summary="This does not look like a CSV file. Save your spreadsheet as “CSV” and try again.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _unguard(cell: str) -> str:
    # Undo the apostrophe our export adds before formula-like cells, so a round trip is exact.
    if len(cell) > 1 and cell[0] == "'" and cell[1] in "=+-@":
        return cell[1:]
    return cell


def _delimiter(text: str) -> str:
    # Spreadsheets in many countries save "CSV" with semicolons; the header line tells which.
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_contacts_csv(text: str) -> CsvImport:
    """Read contacts from CSV text, checking every row; see :func:`contacts_from_csv`."""
    records = contacts_field()
    subs = {f.id: f for f in records.fields}
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(text))
    try:
        header = next(reader)
    except StopIteration:
        raise ContactImportError([], summary="This file is empty: there is no header row with column names.") from None
    except csv.Error as exc:
        raise ContactImportError([], summary=f"This file could not be read as CSV ({exc}).") from None

    mapping = _column_map()
    columns: list[str | None] = []
    ignored: list[str] = []
    seen: dict[str, str] = {}
    first_last: dict[str, int] = {}
    for index, title in enumerate(header):
        key = _key(title)
        target = mapping.get(key)
        if key in ("firstname", "givenname", "lastname", "surname", "familyname"):
            first_last["first" if key in ("firstname", "givenname") else "last"] = index
            columns.append(None)
            continue
        if target is None:
            columns.append(None)
            if title.strip():
                ignored.append(title.strip())
            continue
        if target in seen:
            raise ContactImportError([], summary=(
                f"Nothing was imported: the columns “{seen[target]}” and “{title.strip()}” "
                f"both mean “{subs[target].label}”. Keep one of them."
            ))
        seen[target] = title.strip()
        columns.append(target)
    if "name" not in seen and not first_last:
        known = ", ".join(f.label for f in records.fields)
        raise ContactImportError([], summary=(
            "Nothing was imported: the file needs a “Name” column (or “First name” and “Last name”). "
            f"The columns careerkit reads are: {known}."
        ))

    rows: list[dict[str, Any]] = []
    errors: list[str] = []
    line = 1
    try:
        for cells in reader:
            line += 1
            if not any(c.strip() for c in cells):
                continue
            if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
                errors.append(f"Row {line}: it has more cells than the header has columns; check for a stray comma.")
                continue
            raw: dict[str, Any] = {}
            for target, cell in zip(columns, cells):
                if target is not None:
                    raw[target] = _unguard(cell.strip())
            if "name" not in raw and first_last:
                parts = [cells[i].strip() for k, i in sorted(first_last.items()) if i < len(cells)]
                raw["name"] = " ".join(p for p in parts if p)
            problems: list[str] = []
            row: dict[str, Any] = {}
            for sub_id, sub in subs.items():
                value = raw.get(sub_id)
                value = None if value == "" else value
                try:
                    row[sub_id] = clean(sub, value)
                except InvalidAnswer as exc:
                    problems.append(f"{sub.label}: {exc.message}")
            if not problems and is_empty(row.get("name")):
                problems.append("Name: Please give the person's name.")
            if problems:
                errors.append(f"Row {line}: " + " ".join(problems))
            else:
                rows.append(row)
    except csv.Error as exc:
        errors.append(f"Row {line}: this line could not be read ({exc}).")
    if errors:
        raise ContactImportError(errors)
    if len(rows) > records.items_limit:
        raise ContactImportError([], summary=(
            f"Nothing was imported: the file has {len(rows)} contacts and the list holds up to "
            f"{records.items_limit}."
        ))
    return CsvImport(rows, ignored)


def contacts_from_csv(text: str) -> list[dict[str, Any]]:
    """Contacts read from CSV text, every cell checked like an answer typed in the form.

    Column names are matched forgivingly (case, spaces and punctuation do not matter;
    "Company" means organisation, "First name" + "Last name" make the name). Columns
    careerkit does not know are left aside. Raises :class:`ContactImportError` listing
    every bad row, e.g. ``Row 4: Relationship strength: Please pick a whole number from
    1 to 5.``; then nothing is imported.
    """
    return read_contacts_csv(text).rows


def _guard(value: Any) -> str:
    if value is None:
        return ""
    text = str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def contacts_to_csv(rows: list[dict[str, Any]]) -> str:
    """Contacts as CSV text with a header of column labels, safe to open in a spreadsheet.

    A cell that starts like a formula (= + - @) gets a leading apostrophe, so a
    spreadsheet shows it as text instead of running it.
    """
    subs = contacts_field().fields
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([f.label for f in subs])
    for row in rows:
        writer.writerow([_guard(row.get(f.id)) for f in subs])
    return out.getvalue()


def _person_key(row: dict[str, Any]) -> tuple[str, str]:
    def norm(text: Any) -> str:
        return " ".join(str(text or "").split()).casefold()

    return norm(row.get("name")), norm(row.get("organisation"))


def merge_contacts(existing: list[dict[str, Any]], imported: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], int, int]:
    """``(rows, added, updated)``: imported contacts merged into the existing list.

    A contact with the same name and organisation (ignoring case and spacing) is
    updated: cells filled in the file replace the saved ones, empty cells keep them,
    and the saved spelling of the name and organisation stays.
    Other contacts are added at the end. Existing rows keep their identifiers.
    """
    rows = [dict(r) for r in existing]
    index = {_person_key(r): i for i, r in enumerate(rows)}
    added = updated = 0
    for new in imported:
        key = _person_key(new)
        if key in index:
            target = rows[index[key]]
            changed = False
            for sub_id, value in new.items():
                if sub_id in ("_id", "name", "organisation"):
                    continue  # the same person: keep the spelling already saved
                if not is_empty(value) and target.get(sub_id) != value:
                    target[sub_id] = value
                    changed = True
            updated += changed
        else:
            row = {k: v for k, v in new.items() if k != "_id"}
            index[key] = len(rows)
            rows.append(row)
            added += 1
    return rows, added, updated


def contacts(answers: Answers) -> list[dict[str, Any]]:
    """The contacts with a name."""
    return [r for r in answers.rows(f"{WB}.contacts") if (r.get("name") or "").strip()]


def _date(value: Any) -> _dt.date | None:
    try:
        return _dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def follow_ups(answers: Answers, today: _dt.date | None = None, *, horizon: int = 14) -> list[dict[str, Any]]:
    """Contacts with a follow-up due within ``horizon`` days, overdue first, then by date.

    Each item: ``name``, ``organisation``, ``date`` (ISO), ``days`` (negative when
    overdue), ``status`` (``overdue``, ``today`` or ``soon``), ``notes``.
    """
    today = today or _dt.date.today()
    out = []
    for row in contacts(answers):
        due = _date(row.get("next_follow_up"))
        if due is None:
            continue
        days = (due - today).days
        if days > horizon:
            continue
        status = "overdue" if days < 0 else "today" if days == 0 else "soon"
        out.append({"name": row["name"].strip(), "organisation": row.get("organisation") or "",
                    "date": due.isoformat(), "days": days, "status": status,
                    "strength": row.get("strength"), "notes": row.get("notes") or ""})
    out.sort(key=lambda r: (r["days"], r["name"].casefold()))
    return out


def gone_quiet(answers: Answers, today: _dt.date | None = None, *, after_days: int = 90) -> list[dict[str, Any]]:
    """Contacts with no follow-up planned and no contact for ``after_days`` days (or never), longest first."""
    today = today or _dt.date.today()
    out = []
    for row in contacts(answers):
        if _date(row.get("next_follow_up")) is not None:
            continue
        last = _date(row.get("last_contact"))
        days = (today - last).days if last else None
        if days is None or days >= after_days:
            out.append({"name": row["name"].strip(), "organisation": row.get("organisation") or "",
                        "last_contact": last.isoformat() if last else "", "days": days})
    out.sort(key=lambda r: (-(r["days"] if r["days"] is not None else 10**6), r["name"].casefold()))
    return out


def _industry(row: dict[str, Any], spelling: dict[str, str]) -> str:
    text = " ".join(str(row.get("industry") or "").split())
    if not text:
        return "Not recorded"
    return spelling.setdefault(text.casefold(), text)


STRENGTH_NAMES = {1: "1 · barely know", 2: "2 · acquaintance", 3: "3 · friendly", 4: "4 · good contact", 5: "5 · close ally"}


def composition(answers: Answers) -> list[dict[str, Any]]:
    """Contacts counted by industry and relationship strength: ``industry``, ``strength``, ``count``.

    Industries are grouped ignoring case and spacing (the first spelling is shown);
    a contact without a strength counts as ``"not rated"``.
    """
    spelling: dict[str, str] = {}
    counts: Counter[tuple[str, str]] = Counter()
    for row in contacts(answers):
        strength = row.get("strength")
        label = STRENGTH_NAMES.get(strength, "not rated") if isinstance(strength, int) else "not rated"
        counts[(_industry(row, spelling), label)] += 1
    return [{"industry": i, "strength": s, "count": n} for (i, s), n in sorted(counts.items())]


def activity_by_month(answers: Answers) -> list[dict[str, Any]]:
    """Networking activity per month: ``month`` (YYYY-MM), ``kind``, ``count``.

    Kinds: ``"Last contact with someone"`` (each contact's last contact date),
    ``"New contacts at events"`` (the contacts made at each event) and
    ``"Follow-ups planned"`` (each contact's next follow-up).
    """
    counts: Counter[tuple[str, str]] = Counter()
    for row in contacts(answers):
        last = _date(row.get("last_contact"))
        if last:
            counts[(last.strftime("%Y-%m"), "Last contact with someone")] += 1
        nxt = _date(row.get("next_follow_up"))
        if nxt:
            counts[(nxt.strftime("%Y-%m"), "Follow-ups planned")] += 1
    for event in answers.rows(f"{WB}.events"):
        day = _date(event.get("date"))
        made = event.get("contacts_made")
        if day and isinstance(made, (int, float)) and made > 0:
            counts[(day.strftime("%Y-%m"), "New contacts at events")] += int(made)
    return [{"month": m, "kind": k, "count": n} for (m, k), n in sorted(counts.items())]


def met_not_listed(answers: Answers) -> list[dict[str, str]]:
    """People named in the events log who are not in the contacts list yet: ``name``, ``event``."""
    known = {" ".join(r["name"].split()).casefold() for r in contacts(answers)}
    out: list[dict[str, str]] = []
    seen: set[str] = set()
    for event in answers.rows(f"{WB}.events"):
        for person in event.get("people") or []:
            key = " ".join(person.split()).casefold()
            if key and key not in known and key not in seen:
                seen.add(key)
                out.append({"name": person.strip(), "event": (event.get("event") or "").strip()})
    return out


def known_elsewhere(answers: Answers) -> list[dict[str, str]]:
    """People named in earlier workbooks who are not in the contacts yet: ``name``, ``where``, ``detail``.

    From the people to talk to of workbook 2 and the mentor map of workbook 5.
    """
    from careerkit.core.logic import mentorship

    known = {" ".join(r["name"].split()).casefold() for r in contacts(answers)}
    out: list[dict[str, str]] = []
    found = [((r.get("who") or ""), "workbook 2", r.get("role") or "")
             for r in answers.rows("02_explore_roles.interview_plan")]
    found += [(p["name"], "workbook 5", p.get("works_as") or "") for p in mentorship.people(answers)]
    for name, where, detail in found:
        key = " ".join(str(name).split()).casefold()
        if key and key not in known:
            known.add(key)
            out.append({"name": " ".join(str(name).split()), "where": where, "detail": str(detail)})
    return out
