"""The tables answers are kept in, written down once.

Every table and column of the answers database is described here, as plain data,
and nowhere else:

- :mod:`careerkit.core.storage.store` builds its SQLAlchemy Core ``MetaData`` from :data:`TABLES`
  (:func:`careerkit.core.storage.store.table`), and creates and upgrades every database with it;
- the ``sqlite3`` path that reads a page's answers and saves what a person types
  (:mod:`careerkit.core.storage.storefront`, :mod:`careerkit.core.storage.sqlitefile`) builds its column lists
  from the same :data:`TABLES` (:func:`columns`, :func:`insert`), and writes moments
  in :data:`careerkit.core.storage.sqlitefile.STAMP_FORMAT`, the storage format the ``MetaData``
  declares for SQLite.

Plain data rather than the ``MetaData`` itself: a workbook page reads its answers
without importing SQLAlchemy (0.16–0.19 s of every kernel's start, see
:mod:`careerkit.core.storage.sqlitefile`), and a ``MetaData`` cannot be read without it.
``tests/test_schema.py`` checks that the database SQLAlchemy creates has exactly
these columns and that both paths write identical rows.

The rows a store hands out (:class:`Revision`, :class:`Checkin`) are described here
too, so every store, local or remote, hands out the same ones.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any, NamedTuple

__all__ = ["INDEXES", "SCHEMA_VERSION", "TABLES", "Checkin", "Column", "Revision", "columns", "insert"]

#: The schema this careerkit writes; older files are upgraded by :mod:`careerkit.core.storage.store`.
SCHEMA_VERSION = 4


class Column(NamedTuple):
    """One column: its name and type (``str:N``, ``text``, ``int``, ``moment``, ``bytes``)."""

    name: str
    type: str
    primary_key: bool = False
    nullable: bool = False
    #: Python-side default on insert (None: none).
    default: str | None = None
    #: Default the database fills in (None: none).
    server_default: str | None = None
    #: An integer primary key the database numbers.
    autoincrement: bool = False


TABLES: dict[str, tuple[Column, ...]] = {
    "careerkit_meta": (
        Column("key", "str:64", primary_key=True),
        Column("value", "text"),
    ),
    "profiles": (
        Column("id", "str:200", primary_key=True),
        Column("display_name", "str:200", default=""),
        Column("created_at", "moment"),
    ),
    "revisions": (
        Column("id", "int", primary_key=True, autoincrement=True),
        Column("profile_id", "str:200"),
        Column("workbook", "str:80"),
        Column("field", "str:80"),
        Column("value", "text"),
        Column("saved_at", "moment"),
        Column("source", "str:20", server_default="form"),
    ),
    "attachments": (
        Column("profile_id", "str:200", primary_key=True),
        Column("key", "str:80", primary_key=True),
        Column("mime", "str:80"),
        Column("name", "str:200", default=""),
        Column("size", "int"),
        Column("data", "bytes"),
        Column("created_at", "moment"),
    ),
    "checkins": (
        Column("id", "int", primary_key=True, autoincrement=True),
        Column("profile_id", "str:200"),
        Column("label", "str:200"),
        Column("at", "moment"),
    ),
}

#: Indexes: name -> (table, columns).
INDEXES: dict[str, tuple[str, tuple[str, ...]]] = {
    "ix_revisions_current": ("revisions", ("profile_id", "workbook", "field", "id")),
    "ix_checkins_profile": ("checkins", ("profile_id", "at")),
}


def columns(table: str, *, generated: bool = True) -> tuple[str, ...]:
    """The column names of ``table`` in order (without the database-numbered id
    when ``generated`` is False)."""
    return tuple(c.name for c in TABLES[table] if generated or not c.autoincrement)


def insert(table: str, *, ignore: bool = False) -> str:
    """The ``sqlite3`` INSERT of every column of ``table`` the caller gives (all but a
    database-numbered id), in :func:`columns` order."""
    names = columns(table, generated=False)
    verb = "INSERT OR IGNORE" if ignore else "INSERT"
    return f"{verb} INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"


@dataclass(frozen=True)
class Revision:
    """One saved version of one answer."""

    id: int
    profile: str
    workbook: str
    field: str
    value: Any
    saved_at: _dt.datetime
    source: str = "form"


@dataclass(frozen=True)
class Checkin:
    """A point in time a person marked, to compare their answers against later."""

    id: int
    profile: str
    label: str
    at: _dt.datetime
