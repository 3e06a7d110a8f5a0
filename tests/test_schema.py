"""The tables are described once (careerkit.core.storage.schema), and every database matches it."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import sqlalchemy as sa

from careerkit.core.storage import schema, sqlitefile, storefront
from careerkit.core.storage.store import metadata

PACKAGE = Path(__file__).resolve().parents[1] / "careerkit"


def test_the_database_created_has_exactly_the_described_tables(any_store):
    inspector = sa.inspect(any_store.engine)
    found = set(inspector.get_table_names()) & set(schema.TABLES) | set(metadata.tables)
    assert set(metadata.tables) == set(schema.TABLES) and found == set(schema.TABLES)
    for name, cols in schema.TABLES.items():
        got = inspector.get_columns(name)
        assert [c["name"] for c in got] == [c.name for c in cols], name
        # (a primary key of the first schema may say NULL on SQLite; its key forbids duplicates)
        assert [c["nullable"] for c in got if c["name"] not in {k.name for k in cols if k.primary_key}] == \
            [c.nullable for c in cols if not c.primary_key], name
        pk = inspector.get_pk_constraint(name)["constrained_columns"]
        assert pk == [c.name for c in cols if c.primary_key], name
    indexes = {ix["name"]: (table, tuple(ix["column_names"]))
               for table in schema.TABLES for ix in inspector.get_indexes(table)}
    assert {k: v for k, v in indexes.items() if k in schema.INDEXES} == schema.INDEXES


def test_both_ways_of_writing_a_moment_write_the_same_text(sqlite_store):
    moment = dt.datetime(2026, 3, 4, 5, 6, 7, 89, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    sqlite_store.add_checkin("p", "through SQLAlchemy", at=moment)
    path = storefront.sqlite_file(sqlite_store.url)
    storefront.append_revisions(path, "p", [("01_x", "a", 1)], saved_at=[moment])
    with sqlite_store.engine.connect() as conn:
        by_sqlalchemy = conn.exec_driver_sql("SELECT at FROM checkins").scalar()
        by_sqlite3 = conn.exec_driver_sql("SELECT saved_at FROM revisions").scalar()
    assert by_sqlalchemy == by_sqlite3 == sqlitefile.stamp(moment) == "2026-03-04 03:06:07.000089"


def test_no_module_carries_its_own_column_list():
    # Column lists of the current tables are written in careerkit.core.storage.schema only (the
    # first schema's CREATE statements stay in store._v1, as history).
    pattern = re.compile(r"(INSERT|SELECT)[^\"']*\b(profile_id, workbook|id, display_name|profile_id, key, mime)")
    offenders = [str(p.relative_to(PACKAGE)) for p in PACKAGE.rglob("*.py")
                 if p.name != "schema.py" and pattern.search(p.read_text(encoding="utf-8"))]
    assert offenders == []
