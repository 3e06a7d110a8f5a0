"""The room's picture: consented, k-anonymous aggregates of a cohort's answers.

Pure functions: members (each a snapshot of answers, a consent flag and the
answers they chose to share) in, plain tables out. Nothing here reads the store,
the environment or the clock, so every rule is tested directly.

The rules:

* Only members who consented count in the aggregates of answers; progress counts
  (how many started, got halfway, finished a workbook) include everyone, as counts.
* Aggregates are built from the workbook descriptions alone: a field counts when its
  description says it may be shared (:attr:`careerkit.core.content.Field.shared`) —
  numbers and scales become distributions, choices, multiple choices, tags and
  rankings become counts. Items of a scored inventory are summarized by their score
  (RIASEC codes) rather than one by one.
* Free text never appears, except an answer its author explicitly shared with the
  room, shown without a name.
* Every group smaller than ``k`` (5) is shown as "fewer than 5", including zero and
  including progress; where categories exclude each other and exactly one is hidden,
  the next smallest is hidden too, so the hidden one cannot be worked out from the total.
  Words people typed themselves (tags, own ranking items) are named only when at
  least ``k`` people used them.
* The picture a facilitator sees is *released*: a new one only once at least
  :data:`RELEASE_AFTER` (5) people have joined, left, given or withdrawn consent, or
  changed something the picture counts since the last release (:func:`changes`, on the
  :func:`fingerprints` of the room). Otherwise one person's change could be read off the
  difference between two refreshes. The design and its limits: docs/PRIVACY.md.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import operator
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from itertools import chain, groupby
from typing import Any

from careerkit.core import content
from careerkit.core.logic import derived, riasec
from careerkit.core.answers import Answers, answered_table
from careerkit.core.content import Field
from careerkit.core.validation import EMPTY_VALUES

__all__ = [
    "K",
    "RELEASE_AFTER",
    "Aggregate",
    "Member",
    "Picture",
    "ProgressRow",
    "Row",
    "SharedText",
    "aggregate_field",
    "aggregate_fields",
    "aggregates",
    "changes",
    "consenting",
    "count_label",
    "fingerprints",
    "joined",
    "picture",
    "picture_csv",
    "progress_rows",
    "riasec_summary",
    "shareable_text_fields",
    "shared_texts",
    "to_csv",
]

#: The smallest group shown as a number.
K = 5
#: People who must have changed something since the last released picture before the next.
RELEASE_AFTER = 5
#: Positions of a ranking that count as "ranked near the top".
TOP_RANKS = 3

# The types of answers a field usually holds, so that a room's answers are counted in bulk
# (exactly: an answer of another type is counted the careful way, one at a time).
_WHOLE = frozenset({int})
_NUMBERS = frozenset({int, float})
_TEXT = frozenset({str})
_LISTS = frozenset({list})


@dataclass(frozen=True)
class Member:
    """One participant as the cohort sees them."""

    profile: str
    answers: Answers
    consent: bool = False
    shared: frozenset[tuple[str, str]] = frozenset()


@dataclass(frozen=True)
class Row:
    """One bar of an aggregate: a value, its label and its count (None: fewer than k)."""

    value: str
    label: str
    count: int | None


@dataclass(frozen=True)
class Aggregate:
    """The room's answers to one question (or one derived measure)."""

    workbook: str
    field: str
    question: str
    kind: str  # "distribution" (one answer each, exclusive) or "counts" (several each)
    respondents: int | None
    rows: tuple[Row, ...] = ()
    note: str = ""

    @property
    def suppressed(self) -> bool:
        """Whether too few people answered to show anything."""
        return self.respondents is None


@dataclass(frozen=True)
class ProgressRow:
    workbook: str
    number: int
    title: str
    started: int | None
    halfway: int | None
    finished: int | None


@dataclass(frozen=True)
class SharedText:
    workbook: str
    field: str
    question: str
    text: str


def count_label(count: int | None, k: int = K) -> str:
    """A count as shown to a facilitator: the number, or "fewer than 5"."""
    return f"fewer than {k}" if count is None or count < k else str(count)


def _shown(count: int, k: int) -> int | None:
    return count if count >= k else None


def consenting(members: Iterable[Member]) -> list[Member]:
    """The members whose answers count in the room's picture."""
    return [m for m in members if m.consent]


def joined(members: Sequence[Member], k: int = K) -> int | None:
    """How many joined (None when fewer than k)."""
    return _shown(len(members), k)


# -- one question -----------------------------------------------------------------------

def aggregate_field(field: Field, values: Sequence[Any], *, workbook: str = "", k: int = K) -> Aggregate:
    """The aggregate of one shared field over the (consented) answers ``values``."""
    if not field.shared or field.type in ("text", "longtext", "records", "date"):
        raise ValueError(f"{field.id!r} is not a field whose answers may be aggregated")
    values = values if isinstance(values, (list, tuple)) else list(values)
    # Every empty value is falsy, and in a big room the only falsy one is usually None
    # (nobody answered): then the truthy values are the answers. Otherwise each falsy
    # value is compared with the empty ones (0 and False are answers).
    answers = list(filter(None, values))
    if len(answers) + values.count(None) != len(values):
        answers = [v for v in values if v or v not in EMPTY_VALUES]
    n = len(answers)
    base = dict(workbook=workbook, field=field.id, question=field.label)
    if n < k:
        return Aggregate(**base, kind=_kind(field), respondents=None,
                         note=f"Fewer than {k} people have answered this yet.")
    if field.type == "scale":
        lo, hi = int(field.min), int(field.max)  # type: ignore[arg-type]
        if _WHOLE.issuperset(map(type, answers)):  # the usual case: whole numbers, counted as they are
            counts = Counter(answers)
        else:
            counts = Counter(int(v) for v in answers if isinstance(v, (int, float)))
        rows = [Row(str(i), _scale_label(field, i, lo, hi), counts.get(i, 0)) for i in range(lo, hi + 1)]
        return Aggregate(**base, kind="distribution", respondents=n, rows=_suppress(rows, k, exclusive=True))
    if field.type == "number":
        if _NUMBERS.issuperset(map(type, answers)):
            numbers = list(map(float, answers))
        else:
            numbers = [float(v) for v in answers if isinstance(v, (int, float)) and not isinstance(v, bool)]
        rows = _bins(field, numbers)
        return Aggregate(**base, kind="distribution", respondents=len(numbers), rows=_suppress(rows, k, exclusive=True))
    if field.type == "choice":
        known = {c.value for c in field.choices}
        if _TEXT.issuperset(map(type, answers)):
            # Each different answer once: a room's answers are a few options, over and over.
            counts = Counter()
            for value, people in Counter(answers).items():
                counts[value if value in known else "__other__"] += people
        else:
            counts = Counter(v if v in known else "__other__" for v in answers if isinstance(v, str))
        rows = [Row(c.value, c.label, counts.get(c.value, 0)) for c in field.choices]
        if field.allow_other:
            rows.append(Row("__other__", "Something else (in their own words)", counts.get("__other__", 0)))
        return Aggregate(**base, kind="distribution", respondents=n, rows=_suppress(rows, k, exclusive=True))
    lists = answers if _LISTS.issuperset(map(type, answers)) else [v for v in answers if isinstance(v, list)]
    if field.type == "multichoice":
        counts = Counter(chain.from_iterable(map(set, lists)))
        rows = [Row(c.value, c.label, counts.get(c.value, 0)) for c in field.choices]
        return Aggregate(**base, kind="counts", respondents=n, rows=_suppress(rows, k, exclusive=False))
    if field.type == "tags":
        return Aggregate(**base, kind="counts", respondents=n, rows=_typed_counts(lists, k, top=None),
                         note=f"Entries used by fewer than {k} people are not shown.")
    if field.type == "ranking":
        note = f"How many people placed each item in their top {TOP_RANKS}."
        if field.choices:
            counts = Counter(chain.from_iterable(v[:TOP_RANKS] for v in lists))
            rows = [Row(c.value, c.label, counts.get(c.value, 0)) for c in field.choices]
            return Aggregate(**base, kind="counts", respondents=n, rows=_suppress(rows, k, exclusive=False), note=note)
        return Aggregate(**base, kind="counts", respondents=n, rows=_typed_counts(lists, k, top=TOP_RANKS),
                         note=note + f" Items named by fewer than {k} people are not shown.")
    raise ValueError(f"no aggregate for field type {field.type!r}")  # pragma: no cover - guarded above


def _kind(field: Field) -> str:
    return "distribution" if field.type in ("scale", "number", "choice") else "counts"


def _scale_label(field: Field, value: int, lo: int, hi: int) -> str:
    if field.anchors and value == lo:
        return f"{value} · {field.anchors[0]}"
    if field.anchors and value == hi:
        return f"{value} · {field.anchors[1]}"
    return str(value)


def _typed_counts(lists: Sequence[list], k: int, top: int | None) -> tuple[Row, ...]:
    # Words people typed themselves: named only when at least k people used the same one.
    tidied = _Tidied()
    keys: list[str] = []
    for value in lists:
        items = value[:top] if top else value
        # a set: each person counts once per entry, however often they wrote it
        try:
            keys.extend(set(map(tidied.__getitem__, items)))
        except TypeError:  # an item that cannot even be looked up (say a dict): skipped like other non-words
            keys.extend({tidied[i] for i in items if isinstance(i, str)})
    counts = Counter(keys)
    del counts[""]  # entries with no words in them
    common = sorted((kv for kv in counts.items() if kv[1] >= k), key=lambda kv: (-kv[1], kv[0]))
    return tuple(Row(key, tidied.spelling[key], n) for key, n in common[:20])


class _Tidied(dict):
    # What each entry typed in a room counts as: its words with spaces tidied, ignoring
    # case ("" for an entry that is not words). The same entries recur across a room,
    # so each is tidied once; the first spelling of each is the one shown.
    def __init__(self) -> None:
        super().__init__()
        self.spelling: dict[str, str] = {}

    def __missing__(self, item: Any) -> str:
        if not isinstance(item, str):
            return ""
        words = " ".join(item.split())
        key = self[item] = words.casefold()
        self.spelling.setdefault(key, words)
        return key


def _bins(field: Field, numbers: Sequence[float]) -> list[Row]:
    lo = field.min if field.min is not None else min(0.0, math.floor(min(numbers)))
    hi = field.max if field.max is not None else max(numbers)
    span = max(hi - lo, 1e-9)
    step = _nice_step(span / 5)
    start = math.floor(lo / step) * step
    edges = [start]
    while edges[-1] + step <= hi:
        edges.append(edges[-1] + step)
    counts = [0] * len(edges)
    last = len(edges) - 1
    # Each different number once: answers such as 5 or 40 recur across a room.
    for x, people in Counter(numbers).items():
        counts[min(max(int((x - start) // step), 0), last)] += people
    return [Row(f"{e:g}", f"{e:g}–{e + step:g}{(' ' + field.unit) if field.unit else ''}", c)
            for e, c in zip(edges, counts)]


def _nice_step(raw: float) -> float:
    magnitude = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    for factor in (1, 2, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude  # pragma: no cover


def _suppress(rows: list[Row], k: int, *, exclusive: bool) -> tuple[Row, ...]:
    hidden = {i for i, r in enumerate(rows) if r.count is not None and r.count < k}
    if exclusive:
        # With the total known, a single hidden cell could be worked out: hide the next smallest too.
        while len(hidden) == 1 and len(hidden) < len(rows):
            visible = [(r.count, i) for i, r in enumerate(rows) if i not in hidden]
            hidden.add(min(visible)[1])
    return tuple(Row(r.value, r.label, None if i in hidden else r.count) for i, r in enumerate(rows))


# -- a whole cohort -----------------------------------------------------------------------

def aggregate_fields(workbook_id: str) -> list[Field]:
    """The fields of a workbook that count in the room's picture, in order."""
    wb = content.workbook(workbook_id)
    return [f for f in wb.fields.values()
            if f.shared and not f.ui and not f.score and f.type not in ("text", "longtext", "records", "date")]


def aggregates(members: Sequence[Member], workbook_ids: Iterable[str] | None = None, *, k: int = K) -> list[Aggregate]:
    """The aggregate of every shared question, over consenting members only."""
    wanted = [(workbook_id, f) for workbook_id in (workbook_ids if workbook_ids is not None else content.workbook_ids())
              for f in aggregate_fields(workbook_id)]
    columns = _answer_columns(consenting(members), wanted)
    return [aggregate_field(f, values, workbook=workbook_id, k=k) for (workbook_id, f), values in zip(wanted, columns)]


def _answer_columns(members: Sequence[Member], wanted: Sequence[tuple[str, Field]]) -> list[list[Any]]:
    # The members' answers to each wanted (workbook, field), one list per field (None where
    # unanswered). Read person by person: a person's answers sit together in memory, which
    # in a big room is much quicker than going through the room once per question; and
    # only the workbooks a person has answers in are read (most have not reached them all).
    spans: dict[str, list[tuple[int, int, list[str]]]] = {}
    start = 0
    for workbook_id, fields in groupby(wanted, operator.itemgetter(0)):
        field_ids = [f.id for _, f in fields]
        spans.setdefault(workbook_id, []).append((start, start + len(field_ids), field_ids))
        start += len(field_ids)
    rows = []
    for m in members:
        row: list[Any] = [None] * start
        for workbook_id, given in m.answers.items():
            for begin, end, field_ids in spans.get(workbook_id, ()):
                row[begin:end] = map(given.get, field_ids)
        rows.append(row)
    if not rows:
        return [[] for _ in wanted]
    return [list(column) for column in zip(*rows)]


def progress_rows(members: Sequence[Member], *, k: int = K) -> list[ProgressRow]:
    """How far the room has got in each workbook: people who started, got halfway, finished."""
    out = []
    workbooks = content.workbooks()
    columns, totals = answered_table([m.answers for m in members], [wb.id for wb in workbooks])
    for wb, counts, total in zip(workbooks, columns, totals):
        started = halfway = finished = 0
        if total:
            # people who answered as many questions are at the same stage: count them together
            for answered, people in Counter(counts).items():
                if answered > 0:
                    started += people
                    halfway += people if 2 * answered >= total else 0
                    finished += people if answered == total else 0
        out.append(ProgressRow(wb.id, wb.number, wb.title, _shown(started, k), _shown(halfway, k), _shown(finished, k)))
    return out


def riasec_summary(members: Sequence[Member], *, k: int = K) -> list[Aggregate]:
    """Interest codes of consenting members: the strongest type, every type in the codes, whole codes."""
    held = derived.interest_code_counts(m.answers for m in consenting(members))
    del held[""]  # people with no code yet
    wb = derived.SELF_REFLECTION
    n = sum(held.values())
    base = dict(workbook=wb, respondents=n if n >= k else None)
    if n < k:
        note = f"Fewer than {k} people have an interest code yet."
        return [Aggregate(**base, field="riasec_first", question="Strongest interest type", kind="distribution", note=note)]
    first: Counter[str] = Counter()
    within: Counter[str] = Counter()
    for code, people in held.items():
        first[code[0]] += people
        for letter in set(code):
            within[letter] += people
    whole = held
    rows_first = [Row(t, riasec.NAMES[t], first.get(t, 0)) for t in riasec.TYPES]
    rows_within = [Row(t, riasec.NAMES[t], within.get(t, 0)) for t in riasec.TYPES]
    rows_whole = tuple(Row(c, c, n_) for c, n_ in sorted(whole.items(), key=lambda kv: (-kv[1], kv[0])) if n_ >= k)
    return [
        Aggregate(**base, field="riasec_first", question="Strongest interest type", kind="distribution",
                  rows=_suppress(rows_first, k, exclusive=True)),
        Aggregate(**base, field="riasec_in_code", question="Types in people's three-letter codes", kind="counts",
                  rows=_suppress(rows_within, k, exclusive=False)),
        Aggregate(**base, field="riasec_codes", question="Whole interest codes shared by several people",
                  kind="counts", rows=rows_whole, note=f"Codes held by fewer than {k} people are not shown."),
    ]


def shareable_text_fields() -> list[tuple[str, Field]]:
    """Every free-text question a participant may choose to share with the room, in order."""
    return [(wb.id, f) for wb in content.workbooks() for f in wb.fields.values()
            if f.type in ("text", "longtext") and not f.ui]


def shared_texts(members: Sequence[Member]) -> list[SharedText]:
    """Free-text answers their authors shared with the room (consenting members only), without names."""
    fields = {(wb, f.id): f for wb, f in shareable_text_fields()}
    out = []
    for m in consenting(members):
        for key in sorted(m.shared):
            f = fields.get(key)
            if f is None:
                continue
            text = m.answers[key[0]].get(key[1])
            if isinstance(text, str) and text.strip():
                out.append(SharedText(key[0], key[1], f.label, text.strip()))
    # Sorted by question then text, so the order says nothing about who wrote what.
    out.sort(key=lambda s: (s.workbook, s.field, s.text.casefold()))
    return out


def to_csv(members: Sequence[Member], *, k: int = K) -> str:
    """Every aggregate of the room as CSV (section, workbook, question, answer, count, respondents)."""
    return picture_csv(picture(members, k=k))


# -- the released picture -------------------------------------------------------------------

@dataclass(frozen=True)
class Picture:
    """Everything a facilitator sees of a room at one release: counts, aggregates, shared texts."""

    k: int
    joined: int | None
    consenting: int | None
    progress: tuple[ProgressRow, ...]
    riasec: tuple[Aggregate, ...]
    answers: tuple[Aggregate, ...]
    shared: tuple[SharedText, ...]

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Picture:
        data = json.loads(text)

        def agg(a: dict) -> Aggregate:
            return Aggregate(**{**a, "rows": tuple(Row(**r) for r in a["rows"])})

        return cls(k=data["k"], joined=data["joined"], consenting=data["consenting"],
                   progress=tuple(ProgressRow(**r) for r in data["progress"]),
                   riasec=tuple(map(agg, data["riasec"])), answers=tuple(map(agg, data["answers"])),
                   shared=tuple(SharedText(**t) for t in data["shared"]))

    def for_workbook(self, workbook_id: str) -> list[Aggregate]:
        return [a for a in self.answers if a.workbook == workbook_id]


def picture(members: Sequence[Member], *, k: int = K) -> Picture:
    """The whole room's picture, every rule applied."""
    return Picture(k=k, joined=_shown(len(members), k), consenting=_shown(len(consenting(members)), k),
                   progress=tuple(progress_rows(members, k=k)), riasec=tuple(riasec_summary(members, k=k)),
                   answers=tuple(aggregates(members, k=k)), shared=tuple(shared_texts(members)))


def picture_csv(pic: Picture) -> str:
    """A picture as CSV (section, workbook, question, answer, count, respondents)."""
    k = pic.k
    buffer = io.StringIO()
    writer = _SafeWriter(csv.writer(buffer, lineterminator="\n"))
    writer.writerow(["section", "workbook", "question", "answer", "count", "respondents"])
    writer.writerow(["joined", "", "People who joined", "", count_label(pic.joined, k), ""])
    writer.writerow(["joined", "", "People whose answers count", "", count_label(pic.consenting, k), ""])
    for p in pic.progress:
        for stage, value in (("started", p.started), ("halfway", p.halfway), ("finished", p.finished)):
            writer.writerow(["progress", p.workbook, p.title, stage, count_label(value, k), ""])
    for agg in [*pic.riasec, *pic.answers]:
        respondents = count_label(agg.respondents, k)
        if agg.suppressed or not agg.rows:
            writer.writerow(["answers", agg.workbook, agg.question, "", "", respondents])
        for r in agg.rows:
            writer.writerow(["answers", agg.workbook, agg.question, r.label, count_label(r.count, k), respondents])
    return buffer.getvalue()


def fingerprints(members: Sequence[Member]) -> dict[str, str]:
    """For each member, a digest of everything they add to the picture.

    Two rooms whose fingerprints agree for a person draw that person the same way: their
    stage in every workbook (started, halfway, finished) and, if they consent, their
    answer to every aggregated question, their interest code and the texts they share.
    """
    workbooks = content.workbooks()
    columns, totals = answered_table([m.answers for m in members], [wb.id for wb in workbooks])
    wanted = [(workbook_id, f) for workbook_id in content.workbook_ids() for f in aggregate_fields(workbook_id)]
    agreed = consenting(members)
    answer_rows = list(zip(*_answer_columns(agreed, wanted))) if agreed and wanted else [() for _ in agreed]
    answers_of = {m.profile: row for m, row in zip(agreed, answer_rows)}
    texts_of: dict[str, list] = {}
    fields = {(wb, f.id) for wb, f in shareable_text_fields()}
    for m in agreed:
        texts_of[m.profile] = [[wb, fid, m.answers[wb].get(fid)] for wb, fid in sorted(m.shared) if (wb, fid) in fields]
    out = {}
    for i, m in enumerate(members):
        stages = [_stage(column[i], total) for column, total in zip(columns, totals)]
        part: list[Any] = [stages, m.consent]
        if m.consent:
            part += [list(answers_of[m.profile]), derived.interest_profile(m.answers).code, texts_of[m.profile]]
        text = json.dumps(part, sort_keys=True, default=repr, ensure_ascii=False)
        out[m.profile] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return out


def _stage(answered: int, total: int) -> int:
    if not total or answered <= 0:
        return 0
    return 3 if answered == total else 2 if 2 * answered >= total else 1


def changes(before: dict[str, str], after: dict[str, str]) -> int:
    """How many people joined, left, or changed what they add to the picture, between two fingerprints."""
    return sum(1 for profile in before.keys() | after.keys() if before.get(profile) != after.get(profile))


class _SafeWriter:
    # A cell starting with =, +, - or @ would run as a formula in a spreadsheet: keep it text.
    def __init__(self, writer):
        self._writer = writer

    def writerow(self, row: Sequence[str]) -> None:
        self._writer.writerow(["'" + c if isinstance(c, str) and c[:1] in ("=", "+", "-", "@") else c for c in row])
