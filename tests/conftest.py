"""Fixtures shared by the unit tests: a fresh store on SQLite and, when available, PostgreSQL."""

from __future__ import annotations

import pytest

from careerkit.core.storage.store import Store
from tests.support.postgres import fresh_database, require_postgres


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_store(request, tmp_path):
    """An empty store on each supported database."""
    if request.param == "sqlite":
        store = Store(f"sqlite:///{tmp_path / 'answers.sqlite'}")
        yield store
        store.close()
        return
    url = require_postgres()
    with fresh_database(url) as fresh:
        store = Store(fresh)
        yield store
        store.close()


@pytest.fixture
def sqlite_store(tmp_path):
    """An empty SQLite store in a temporary folder."""
    store = Store(f"sqlite:///{tmp_path / 'answers.sqlite'}")
    yield store
    store.close()
