"""The read side: a person's current answers as plain data.

Charts, the report, scoring and later workbooks all read answers through
:class:`Answers`, a mapping of workbook id to ``{field id: value}``. It is a plain
snapshot, so functions over it are pure and easy to test: build one from a dict.
"""

from __future__ import annotations

import functools
from collections.abc import ItemsView, Iterable, Iterator, Mapping, Sequence
from itertools import filterfalse
from types import MappingProxyType
from typing import Any

from careerkit.core import content
from careerkit.core.validation import EMPTY_VALUES, is_empty

__all__ = ["Answers", "answered_counts", "answered_table", "progress"]


#: The answers of a workbook nobody has opened yet (shared, never changed).
_NOTHING: Mapping[str, Any] = MappingProxyType({})


class Answers(Mapping[str, Mapping[str, Any]]):
    """Current answers by workbook id, then field id."""

    def __init__(self, data: Mapping[str, Mapping[str, Any]] | None = None, *, profile: str = ""):
        self._data = {wb: dict(fields) for wb, fields in (data or {}).items()}
        self.profile = profile

    @classmethod
    def load(cls, store, profile: str) -> "Answers":
        """Read every current answer of ``profile`` from ``store`` in one query."""
        return cls.from_current(store.current(profile), profile=profile)

    @classmethod
    def from_current(cls, current: Mapping[tuple[str, str], Any], *, profile: str = "") -> "Answers":
        """The snapshot of what a store's ``current`` returns: ``{(workbook, field): value}``."""
        data: dict[str, dict[str, Any]] = {}
        for (wb, field), value in current.items():
            data.setdefault(wb, {})[field] = value
        return cls(data, profile=profile)

    def __getitem__(self, workbook_id: str) -> Mapping[str, Any]:
        return self._data.get(workbook_id, _NOTHING)

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def items(self) -> ItemsView[str, Mapping[str, Any]]:
        """Each workbook with answers and its answers, without a lookup per workbook (a room's
        picture reads every workbook of every person in the room)."""
        return self._data.items()

    def get_answer(self, ref: str, default: Any = None) -> Any:
        """One answer by reference ``"<workbook>.<field>"``; ``default`` when unanswered."""
        workbook_id, _, field = ref.partition(".")
        value = self[workbook_id].get(field)
        return default if is_empty(value) else value

    def rows(self, ref: str) -> list[dict[str, Any]]:
        """The rows of a records answer (an empty list when there are none)."""
        value = self.get_answer(ref, [])
        return [row for row in value if isinstance(row, dict)]

    def with_answer(self, workbook_id: str, field: str, value: Any) -> "Answers":
        """A copy with one answer replaced (the snapshot itself never changes)."""
        data = {wb: dict(fields) for wb, fields in self._data.items()}
        data.setdefault(workbook_id, {})[field] = value
        return Answers(data, profile=self.profile)


def progress(answers: Answers, workbook_id: str) -> tuple[int, int]:
    """``(answered, total)`` questions of one workbook (interface state not counted)."""
    counts, total = answered_counts([answers], workbook_id)
    return counts[0], total


def answered_counts(snapshots: Iterable[Answers], workbook_id: str) -> tuple[list[int], int]:
    """:func:`progress` of many people at once: questions answered by each, and the total."""
    (counts,), (total,) = answered_table(snapshots, [workbook_id])
    return counts, total


def answered_table(snapshots: Iterable[Answers], workbook_ids: Sequence[str]) -> tuple[list[list[int]], list[int]]:
    """:func:`answered_counts` of several workbooks at once.

    Returns, for each workbook in order, the questions answered by each person, and
    each workbook's total.
    """
    canonical = [_answerable_ids(workbook_id)[0] for workbook_id in workbook_ids]
    ids = [_answerable_ids(workbook_id)[1] for workbook_id in workbook_ids]
    snapshots = list(snapshots)
    columns: list[list[int]] = [[0] * len(snapshots) for _ in ids]
    places: dict[str, list[tuple[list[int], frozenset[str]]]] = {}
    for workbook_id, column, answerable in zip(canonical, columns, ids):
        places.setdefault(workbook_id, []).append((column, answerable))
    # Person by person, every workbook: a person's answers sit together in memory, which
    # in a big room is much quicker than going through the room once per workbook. Only
    # the workbooks a person has answers in are counted (most people have not reached
    # every workbook); the others stay at 0.
    for person, snapshot in enumerate(snapshots):
        if type(snapshot) is not Answers:  # any other mapping: workbook by workbook
            for workbook_id, column, answerable in zip(canonical, columns, ids):
                column[person] = _answered(answerable, snapshot[workbook_id])
            continue
        for workbook_id, given in snapshot.items():
            for column, answerable in places.get(workbook_id, ()):
                column[person] = _answered(answerable, given)
    return columns, [len(i) for i in ids]


def _answered(ids: frozenset[str], given: Mapping[str, Any]) -> int:
    # set and map operations, which run in C: a facilitator's view counts every
    # workbook of every person in the room
    if ids.issuperset(given) and all(given.values()):
        return len(given)  # the usual case: only questions, and none empty (every empty value is falsy)
    common = ids.intersection(given)
    falsy = filterfalse(None, map(given.__getitem__, common))  # only these can be empty
    return len(common) - sum(map(EMPTY_VALUES.__contains__, falsy))


@functools.cache
def _answerable_ids(workbook_id: str) -> tuple[str, frozenset[str]]:
    wb = content.workbook(workbook_id)
    return wb.id, frozenset(f.id for f in wb.answerable)
