"""Contacts and events of workbook 09: CSV import and export, follow-ups, activity.

Pure functions over plain rows and :class:`~careerkit.core.answers.Answers`, tested
without Jupyter.

A CSV import takes files as people have them: LinkedIn's ``Connections.csv`` as exported
(its "Notes:" lines before the header are skipped, "Connected On" is the last contact,
"Position" goes into the notes and "LinkedIn" into how you met), Excel's files that begin
with a ``sep=;`` line, semicolon or tab separated files, old Mac files whose lines end in
a bare carriage return, and UTF-8, UTF-16 or Windows Latin-1 text. Every row is checked
against the ``contacts`` question of the workbook description; a bad row gets one clear
message with its row number (as a spreadsheet numbers it, the sep= line aside) and the
good rows are kept. Dates are read in the order the person chose (:data:`DATE_ORDERS`);
year-month-day and dates with a month name ("18 Sep 2026") are read whatever the choice.
What :func:`contacts_to_csv` writes, :func:`read_contacts_csv` reads back exactly.
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
    "DATE_ORDERS",
    "parse_date",
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

#: Columns read only when the file has no column of their own meaning (LinkedIn's export).
_SOFT_ALIASES = {
    "connectedon": "last_contact",
    "position": "notes",
    "jobtitle": "notes",
}

#: The orders a date can be written in: key -> (how it is said, an example).
DATE_ORDERS = {
    "ymd": ("year-month-day", "2026-03-31"),
    "dmy": ("day/month/year", "31/03/2026"),
    "mdy": ("month/day/year", "03/31/2026"),
}

_MONTHS = {name: i for i, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")], start=1) for name in names}


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if len(text) <= 2 else year


def parse_date(text: str, order: str = "ymd") -> str | None:
    """A date written in ``order`` (a key of :data:`DATE_ORDERS`) as ``YYYY-MM-DD``; ``None`` if empty.

    Year-month-day with four digits first, and dates with a month name ("18 Sep 2026",
    "Sep 18, 2026"), are read whatever the order. Raises :class:`InvalidAnswer` otherwise.
    """
    text = " ".join((text or "").split())
    if not text:
        return None
    said, example = DATE_ORDERS.get(order, DATE_ORDERS["ymd"])
    problem = InvalidAnswer(f"“{text}” is not a date written {said} (like {example}).")
    parts = re.findall(r"[A-Za-z]+|\d+", text)
    try:
        if len(parts) != 3:
            raise problem
        words = [p for p in parts if p.isalpha()]
        if words:
            if len(words) != 1 or words[0].casefold() not in _MONTHS:
                raise problem
            month = _MONTHS[words[0].casefold()]
            numbers = [p for p in parts if not p.isalpha()]
            day_text, year_text = (numbers if len(numbers[1]) >= 3 or len(numbers[0]) <= 2 else numbers[::-1])
            if len(year_text) == 4 or len(numbers[0]) == 4:
                day_text, year_text = (numbers[1], numbers[0]) if len(numbers[0]) == 4 else (day_text, year_text)
            day, year = int(day_text), _year(year_text)
        elif re.fullmatch(r"\d{4}\D+\d{1,2}\D+\d{1,2}", text):
            year, month, day = (int(p) for p in parts)
        elif order == "dmy" and len(parts[2]) in (2, 4):
            day, month, year = int(parts[0]), int(parts[1]), _year(parts[2])
        elif order == "mdy" and len(parts[2]) in (2, 4):
            month, day, year = int(parts[0]), int(parts[1]), _year(parts[2])
        else:
            raise problem
        return _dt.date(year, month, day).isoformat()
    except (ValueError, OverflowError):
        raise problem from None


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
    #: One message per row left out, e.g. "Row 4: Relationship strength: …".
    errors: list[str] = field(default_factory=list)
    #: Lines before the header that were skipped (LinkedIn's "Notes:" preamble).
    skipped_lines: int = 0
    #: Where the file came from, when it says so ("LinkedIn"), else "".
    source: str = ""


def decode_csv(data: bytes) -> str:
    """The text of an uploaded CSV file: UTF-8 (with or without BOM), else Windows Latin-1."""
    if len(data) > MAX_CSV_BYTES:
        raise ContactImportError([], summary=(
            f"This file is {len(data) / 1_000_000:.1f} MB; please import files up to "
            f"{MAX_CSV_BYTES // 1_000_000} MB (split a larger list into parts)."
        ))
    for bom, codec in ((b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(codec).lstrip("\ufeff")
            except UnicodeDecodeError:
                break
    if b"\x00" in data:
        raise ContactImportError([], summary="This does not look like a CSV file. Save your spreadsheet as “CSV” and try again.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _unguard(cell: str) -> str:
    # Undo the apostrophe our export adds before formula-like cells and before a cell that
    # itself starts with an apostrophe, so a round trip is exact. (A spreadsheet, too, reads
    # a leading apostrophe as "this is text" and does not show it.)
    return cell[1:] if cell.startswith("'") else cell


_NAME_KEYS = ("firstname", "givenname", "lastname", "surname", "familyname")


def _is_header(cells: list[str], mapping: dict[str, str]) -> bool:
    keys = [_key(c) for c in cells]
    return any(mapping.get(k) == "name" or k in _NAME_KEYS for k in keys)


def _find_header(text: str, mapping: dict[str, str]) -> tuple[str, int, int]:
    """``(delimiter, records to skip before the header, records not shown as rows)``."""
    first_line = text.splitlines()[0] if text.strip() else ""
    hidden = 0
    candidates = [",", ";", "\t"]
    sep = re.fullmatch(r"\s*sep=(.)\s*", first_line)
    if sep:
        candidates, hidden = [sep.group(1)], 1
    best: tuple[int, str, int] | None = None
    for delimiter in candidates:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            for index, cells in enumerate(reader):
                if index >= 40:
                    break
                if index >= hidden and _is_header(cells, mapping):
                    if best is None or len(cells) > best[0]:
                        best = (len(cells), delimiter, index)
                    break
        except csv.Error:
            continue
    if best is None:
        counts = {d: first_line.count(d) for d in candidates}
        delimiter = max(counts, key=lambda d: counts[d]) if any(counts.values()) else candidates[0]
        return delimiter, hidden, hidden
    return best[1], best[2], hidden


def read_contacts_csv(text: str, date_order: str = "ymd") -> CsvImport:
    """Read contacts from CSV text, checking every row; good rows are kept, bad rows listed.

    ``date_order`` is how the file writes dates (a key of :data:`DATE_ORDERS`). Raises
    :class:`ContactImportError` only when the file as a whole cannot be read (no header
    with a name column, two columns meaning the same, not CSV at all).
    """
    records = contacts_field()
    subs = {f.id: f for f in records.fields}
    mapping = _column_map()
    if not text.strip():
        raise ContactImportError([], summary="This file is empty: there is no header row with column names.")
    delimiter, skip, hidden = _find_header(text, mapping)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for _ in range(skip):
            next(reader)
        header = next(reader)
    except StopIteration:
        raise ContactImportError([], summary="This file is empty: there is no header row with column names.") from None
    except csv.Error as exc:
        raise ContactImportError([], summary=f"This file could not be read as CSV ({exc}).") from None

    keys = [_key(title) for title in header]
    linkedin = "connectedon" in keys and ("url" in keys or "profileurl" in keys)
    columns: list[str | None] = []
    ignored: list[str] = []
    seen: dict[str, str] = {}
    first_last: dict[str, int] = {}
    direct = {mapping.get(k) for k in keys if k not in _SOFT_ALIASES}
    for index, title in enumerate(header):
        key = keys[index]
        target = mapping.get(key)
        if key in _NAME_KEYS:
            first_last["first" if key in ("firstname", "givenname") else "last"] = index
            columns.append(None)
            continue
        if target is None and key in _SOFT_ALIASES and _SOFT_ALIASES[key] not in direct and _SOFT_ALIASES[key] not in seen:
            target = _SOFT_ALIASES[key]
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
    line = skip + 1 - hidden  # the header's row number as a spreadsheet shows it
    try:
        for cells in reader:
            line += 1
            if not any(c.strip() for c in cells):
                continue
            if len(cells) > len(header) and any(c.strip() for c in cells[len(header):]):
                errors.append(f"Row {line}: it has more cells than the header has columns; check for a stray "
                              f"“{delimiter if delimiter != chr(9) else 'tab'}”.")
                continue
            raw: dict[str, Any] = {}
            for target, cell in zip(columns, cells):
                if target is not None:
                    raw[target] = _unguard(cell)  # as written: a round trip changes nothing
            if "name" not in raw and first_last:
                parts = [cells[i].strip() for k, i in sorted(first_last.items()) if i < len(cells)]
                raw["name"] = " ".join(p for p in parts if p)
            if linkedin and not raw.get("how_met"):
                raw["how_met"] = "LinkedIn"
            problems: list[str] = []
            row: dict[str, Any] = {}
            for sub_id, sub in subs.items():
                value = raw.get(sub_id)
                value = None if value == "" else value
                try:
                    if sub.type == "date" and isinstance(value, str):
                        value = parse_date(value, date_order)
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
        errors.append(f"Row {line}: this line could not be read ({exc}); the rows after it were not read.")
    if len(rows) > records.items_limit:
        raise ContactImportError([], summary=(
            f"Nothing was imported: the file has {len(rows)} contacts and the list holds up to "
            f"{records.items_limit}."
        ))
    return CsvImport(rows, ignored, errors, skipped_lines=skip - hidden, source="LinkedIn" if linkedin else "")


def contacts_from_csv(text: str) -> list[dict[str, Any]]:
    """Contacts read from CSV text, every cell checked like an answer typed in the form.

    Column names are matched forgivingly (case, spaces and punctuation do not matter;
    "Company" means organisation, "First name" + "Last name" make the name). Columns
    careerkit does not know are left aside. Bad rows are left out; use
    :func:`read_contacts_csv` to hear about them.
    """
    return read_contacts_csv(text).rows


def _guard(value: Any) -> str:
    if value is None:
        return ""
    text = str(value)
    if text.startswith(_FORMULA_START + ("'",)):
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
