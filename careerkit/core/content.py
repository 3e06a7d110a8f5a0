"""The declarative description of every workbook.

Each workbook is described once, in ``description.yaml`` in its own folder (careerkit's
twelve in ``careerkit/workbooks/<name>/``, anyone's in a package that registers it in the
``careerkit.workbooks`` entry point group, ``NN_name = "package.module"``): its sections
and the questions (fields) in them, with labels, help, types, limits and choices.
That one description drives the form, validation, what is stored, the charts, the
report and the cohort aggregates, so adding a question never needs Python.

This module loads and checks those files. It knows nothing of widgets, storage or
charts. A description is made of plain, immutable dataclasses; pydantic checks them
(types, unknown keys) when one is read from YAML or built in Python, and is only
imported then.

Every kernel that opens a workbook reads its description, so a checked description
is kept, pickled, next to the YAML in ``__pycache__`` (where Python keeps its own
compiled modules, with the same trust) and reused while the YAML text, careerkit
and Python are unchanged. Reading it back needs neither PyYAML nor pydantic: a
kernel drawing a workbook imports neither.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from careerkit._version import __version__

__all__ = [
    "FIELD_TYPES",
    "Choice",
    "Field",
    "Section",
    "Workbook",
    "workbook",
    "workbooks",
    "workbook_ids",
    "GROUP",
    "folder",
    "import_part",
    "package",
]

FIELD_TYPES = (
    "text",
    "longtext",
    "number",
    "scale",
    "choice",
    "multichoice",
    "tags",
    "date",
    "ranking",
    "records",
)

_ID = re.compile(r"[a-z][a-z0-9_]{0,59}")
FieldType = Literal[
    "text", "longtext", "number", "scale", "choice", "multichoice", "tags", "date", "ranking", "records"
]

#: Default length limits, chosen so a thoughtful answer always fits.
TEXT_MAX = 200
LONGTEXT_MAX = 5000
TAG_MAX = 60


class _Checked:
    """Base of the description classes: built from keyword arguments, checked by pydantic.

    ``Field(id="q", type="choice", label="Q", choices=["a", "b"])`` checks and converts
    exactly as the YAML is (bare strings become choices, dicts become sub-fields) and
    raises ``ValueError`` when something is wrong. pydantic validates these dataclasses
    without calling ``__init__`` and then calls ``__post_init__``, where the checks live.
    """

    # unknown keys are mistakes (a typo in the YAML must not pass silently)
    __pydantic_config__ = {"extra": "forbid"}

    def __init__(self, **data: Any):
        checked = _adapter(type(self)).validate_python(data)
        self.__dict__.update(checked.__dict__)


@functools.cache
def _adapter(cls: type) -> Any:
    from pydantic import TypeAdapter

    return TypeAdapter(cls)


def _check_id(kind: str, value: str) -> None:
    if not _ID.fullmatch(value):
        raise ValueError(f"{kind} id {value!r} must be lowercase letters, digits and _, starting with a letter "
                         "(at most 60 characters)")


@dataclass(frozen=True, init=False)
class Choice(_Checked):
    """One option of a choice, multiple-choice, tags or ranking field."""

    value: str
    label: str
    help: str = ""

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        from pydantic_core import core_schema

        return core_schema.no_info_before_validator_function(cls._from_string, handler(source))

    @staticmethod
    def _from_string(data: Any) -> Any:
        # A bare string in YAML is both the stored value and the label.
        if isinstance(data, str):
            return {"value": data, "label": data}
        if isinstance(data, dict) and "label" not in data and "value" in data:
            return {**data, "label": data["value"]}
        return data

    def __post_init__(self) -> None:
        if not 1 <= len(self.value) <= 80:
            raise ValueError(f"choice value {self.value!r} must have 1 to 80 characters")


@dataclass(frozen=True, init=False)
class Field(_Checked):
    """One question: what it asks, what a valid answer is, and how it is used.

    ``ui`` fields keep interface state (a filter, a chosen view) so a person comes
    back to where they were; they are stored like answers but do not count towards
    progress, the report or cohort aggregates. ``share`` controls cohort
    aggregation: structured answers are aggregated when a participant consents,
    free text never is.
    """

    id: str
    type: FieldType
    label: str
    help: str = ""
    placeholder: str = ""
    required: bool = False
    # limits
    min: float | None = None
    max: float | None = None
    step: float | None = None
    max_length: int | None = None
    max_items: int | None = None
    min_date: str = "1900-01-01"
    max_date: str = "2100-12-31"
    # scale end labels, e.g. ["Drains me", "Energises me"]
    anchors: tuple[str, str] | None = None
    unit: str = ""
    # choices for choice / multichoice / ranking (and suggestions for tags)
    choices: tuple[Choice, ...] = ()
    allow_other: bool = False
    # ranking over another answer: "<workbook>.<field>" (a multichoice, tags or records answer)
    choices_from: str | None = None
    # sub-fields of a records field
    fields: tuple[Field, ...] = ()
    row_label: str = ""
    # which scale of a scored inventory this item belongs to (e.g. a RIASEC letter)
    score: str | None = None
    ui: bool = False
    share: bool | None = None
    # "onet" on a text field: a title search that suggests O*NET occupations as the person
    # types; confirming one stores the occupation's official title (see careerkit.core.onet.linked)
    links_to: Literal["onet"] | None = None
    # a plausible answer used by the example profile and the tests
    example: Any = None

    def __post_init__(self) -> None:
        _check_id("field", self.id)
        t = self.type
        if t == "scale":
            if self.min is None or self.max is None:
                raise ValueError(f"scale field {self.id!r} needs min and max")
            if not (self.min == int(self.min) and self.max == int(self.max) and self.min < self.max):
                raise ValueError(f"scale field {self.id!r} needs whole-number min < max")
            if self.max - self.min > 10:
                raise ValueError(f"scale field {self.id!r} spans more than 11 points")
        if t in ("choice", "multichoice") and not self.choices:
            raise ValueError(f"{t} field {self.id!r} needs choices")
        if t == "ranking" and not (self.choices or self.choices_from):
            raise ValueError(f"ranking field {self.id!r} needs choices or choices_from")
        if t == "records":
            if not self.fields:
                raise ValueError(f"records field {self.id!r} needs fields")
            if any(f.type == "records" for f in self.fields):
                raise ValueError(f"records field {self.id!r} cannot nest records")
            ids = [f.id for f in self.fields]
            if len(ids) != len(set(ids)):
                raise ValueError(f"records field {self.id!r} repeats a sub-field id")
        elif self.fields:
            raise ValueError(f"only records fields have sub-fields ({self.id!r})")
        if self.choices:
            values = [c.value for c in self.choices]
            if len(values) != len(set(values)):
                raise ValueError(f"field {self.id!r} repeats a choice value")
        if self.links_to and t != "text":
            raise ValueError(f"links_to is for text fields ({self.id!r} is {t})")
        if self.choices_from and not re.match(r"^\d\d_[a-z0-9_]+\.[a-z][a-z0-9_]*$", self.choices_from):
            raise ValueError(f"choices_from of {self.id!r} must look like '03_values.top_values'")

    # -- derived limits -----------------------------------------------------------------
    @property
    def length_limit(self) -> int:
        """The most characters a text answer may have."""
        if self.max_length:
            return self.max_length
        return LONGTEXT_MAX if self.type == "longtext" else TAG_MAX if self.type == "tags" else TEXT_MAX

    @property
    def items_limit(self) -> int:
        """The most items a list answer (tags, choices, ranking, rows) may hold."""
        if self.max_items:
            return self.max_items
        return {"tags": 40, "records": 200}.get(self.type, max(len(self.choices), 1) if self.choices else 200)

    @property
    def shared(self) -> bool:
        """Whether consented answers to this field may count in a cohort aggregate."""
        if self.share is not None:
            return self.share
        return not self.ui and self.type in ("number", "scale", "choice", "multichoice", "tags", "ranking")

    def choice_label(self, value: str) -> str:
        """The label shown for a stored choice value (the value itself if unknown)."""
        for c in self.choices:
            if c.value == value:
                return c.label
        return value

    def sub(self, field_id: str) -> "Field":
        """A sub-field of a records field by id."""
        for f in self.fields:
            if f.id == field_id:
                return f
        raise KeyError(f"{self.id!r} has no sub-field {field_id!r}")


@dataclass(frozen=True, init=False)
class Section(_Checked):
    """A group of questions shown together as one form."""

    id: str
    title: str
    intro: str = ""
    fields: tuple[Field, ...]
    #: the view (``wb.show(tool)``) that asks these questions, when a plain form would not do
    tool: str = ""

    def __post_init__(self) -> None:
        _check_id("section", self.id)


@dataclass(frozen=True, init=False)
class Workbook(_Checked):
    """One strategy: its sections, its charts and where it sits in the sequence."""

    id: str
    number: int
    title: str
    strategy: str
    summary: str
    minutes: int = 30
    sections: tuple[Section, ...] = ()
    charts: tuple[str, ...] = ()
    uses: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not re.fullmatch(r"\d\d_[a-z0-9_]+", self.id):
            raise ValueError(f"workbook id {self.id!r} must look like '01_self_reflection'")
        seen: set[str] = set()
        for s in self.sections:
            for f in s.fields:
                if f.id in seen:
                    raise ValueError(f"field id {f.id!r} is used twice")
                seen.add(f.id)
        if len({s.id for s in self.sections}) != len(self.sections):
            raise ValueError("section ids must be unique")

    @property
    def notebook(self) -> str:
        """The notebook file name of this workbook."""
        return f"{self.id}.ipynb"

    @functools.cached_property
    def fields(self) -> dict[str, Field]:
        """Every top-level field by id, in order."""
        return {f.id: f for s in self.sections for f in s.fields}

    @functools.cached_property
    def answerable(self) -> tuple[Field, ...]:
        """The questions that count towards progress (interface state excluded)."""
        return tuple(f for f in self.fields.values() if not f.ui)

    def field(self, field_id: str) -> Field:
        """A field by id, with a clear error for a typo."""
        try:
            return self.fields[field_id]
        except KeyError:
            raise KeyError(f"workbook {self.id} has no question {field_id!r}") from None

    def section(self, section_id: str) -> Section:
        """A section by id, with a clear error for a typo."""
        for s in self.sections:
            if s.id == section_id:
                return s
        known = ", ".join(s.id for s in self.sections)
        raise KeyError(f"workbook {self.id} has no section {section_id!r} (it has: {known})")


#: The entry point group workbooks register in: ``"NN_name" = "package"``, where ``package``
#: is the folder holding ``description.yaml`` (and, optionally, ``charts.py`` and ``views.py``).
GROUP = "careerkit.workbooks"
_WORKBOOK_ID = re.compile(r"\d\d_[a-z0-9_]{1,57}")


@functools.cache
def _registry() -> dict[str, str]:
    # Read once per process from the installed packages' metadata (no package is imported).
    from importlib.metadata import entry_points

    found: dict[str, str] = {}
    for point in entry_points(group=GROUP):
        if not _WORKBOOK_ID.fullmatch(point.name):
            raise ValueError(f"a package registers workbook {point.name!r} in {GROUP!r}; "
                             "a workbook id is two digits, an underscore and a name (e.g. 12_side_project)")
        if found.get(point.name, point.value) != point.value:
            raise ValueError(f"two packages register workbook {point.name!r}: {found[point.name]} and {point.value}")
        found[point.name] = point.value
    return dict(sorted(found.items()))


def package(workbook_id: str) -> str:
    """The importable package that holds a workbook (``"careerkit.workbooks.values"``)."""
    return _registry()[_resolve_id(workbook_id)]


def import_part(workbook_id: str, part: str) -> None:
    """Import the module ``part`` (``"charts"``, ``"views"``) of a workbook's package, if it
    has one, so what it registers is there; each is imported once."""
    _import_once(f"{package(workbook_id)}.{part}")


@functools.cache
def _import_once(name: str) -> None:
    import importlib

    try:
        importlib.import_module(name)
    except ModuleNotFoundError as error:
        if error.name != name:  # the module exists, and something it imports is missing
            raise


def folder(workbook_id: str) -> Path:
    """The folder of a workbook's package: its ``description.yaml`` and any files it ships.

    Found without importing the package, so reading every description (for progress or
    the report) runs no workbook's code.
    """
    from importlib.util import find_spec

    name = package(workbook_id)
    spec = find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ValueError(f"workbook {workbook_id} is registered as {name!r}, which is not an installed package")
    return Path(next(iter(spec.submodule_search_locations)))


@functools.cache
def workbook_ids() -> tuple[str, ...]:
    """The ids of all installed workbooks, in order (``00_start_here`` … ``11_…``, then packs')."""
    return tuple(_registry())


@functools.cache
def workbook(workbook_id: str) -> Workbook:
    """Load and check one workbook description by id (e.g. ``"01_self_reflection"``).

    A number alone (``"01"`` or ``1``) is accepted too.
    """
    workbook_id = _resolve_id(workbook_id)
    source = folder(workbook_id) / "description.yaml"
    text = source.read_text(encoding="utf-8")
    digest = hashlib.blake2b(f"{_CACHE_TAG}\n{text}".encode(), digest_size=16).hexdigest()
    cache = _cache_file(source, workbook_id)
    wb = _read_cache(cache, digest)
    if wb is None:
        wb = _parse(text)
        _write_cache(cache, digest, wb)
    if wb.id != workbook_id:
        raise ValueError(f"{package(workbook_id)}/description.yaml declares id {wb.id!r}, registered as {workbook_id!r}")
    return wb


def _parse(text: str) -> Workbook:
    import yaml

    # libyaml's loader when PyYAML has it: the same data, about ten times faster to read.
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return _adapter(Workbook).validate_python(data)


#: What a cached description depends on besides its YAML text: this very module included,
#: so a changed description class is never filled from a pickle of the old one. (The
#: pickle holds only these dataclasses and plain values, whatever pydantic's version.)
_CACHE_TAG = (f"careerkit {__version__}; python {sys.version_info[:2]}; "
              f"{hashlib.blake2b(Path(__file__).read_bytes(), digest_size=16).hexdigest()}")


def _cache_file(source: Any, workbook_id: str) -> Path | None:
    if not isinstance(source, Path):  # e.g. a package inside a zip file: nowhere to keep it
        return None
    return source.parent / "__pycache__" / f"{workbook_id}.description.pickle"


def _read_cache(cache: Path | None, digest: str) -> Workbook | None:
    if cache is None:
        return None
    try:
        kept_digest, wb = pickle.loads(cache.read_bytes())
    except Exception:  # missing, unreadable or from another version: check the YAML again
        return None
    return wb if kept_digest == digest and isinstance(wb, Workbook) else None


def _write_cache(cache: Path | None, digest: str, wb: Workbook) -> None:
    if cache is None:
        return
    try:
        cache.parent.mkdir(exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=cache.parent, prefix=f".{cache.name}.")
    except OSError:
        return  # a read-only installation: the description is simply checked each time
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(pickle.dumps((digest, wb), protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(temporary, cache)  # whole or not at all, even with two kernels at once
    except OSError:
        Path(temporary).unlink(missing_ok=True)


def workbooks() -> list[Workbook]:
    """Every workbook description, in order."""
    return [workbook(i) for i in workbook_ids()]


def _resolve_id(workbook_id: str | int) -> str:
    ids = workbook_ids()
    key = f"{int(workbook_id):02d}" if isinstance(workbook_id, int) or str(workbook_id).isdigit() else str(workbook_id)
    if key in ids:
        return key
    matches = [i for i in ids if i.startswith(key + "_") or i == key]
    if len(matches) == 1:
        return matches[0]
    raise KeyError(f"no workbook {workbook_id!r}; the workbooks are: {', '.join(ids)}")
