"""PostgreSQL for tests: where it is, whether it is required, and a clean slate per test.

The server is given by ``CAREERKIT_TEST_DATABASE_URL`` (a SQLAlchemy URL such as
``postgresql+psycopg://user:pass@127.0.0.1:54329/careerkit_test``; ``.ci/run``
starts one and exports it). Without it, PostgreSQL tests are skipped, unless
``CAREERKIT_REQUIRE_POSTGRES=1`` (set on CI), which turns the skip into a failure.
"""

from __future__ import annotations

import functools
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Literal, NoReturn

import pytest

URL_VAR = "CAREERKIT_TEST_DATABASE_URL"
REQUIRE_VAR = "CAREERKIT_REQUIRE_POSTGRES"


def skip_or_fail(reason: str, require_var: str) -> NoReturn:
    """Skip the test for ``reason``; fail it instead when ``require_var`` is ``1``."""
    if os.environ.get(require_var) == "1":
        pytest.fail(f"{reason} ({require_var}=1 makes this an error)", pytrace=False)
    pytest.skip(reason)


def database_url() -> str | None:
    """The test server's SQLAlchemy URL, or None when none is configured."""
    return os.environ.get(URL_VAR) or None


@functools.cache
def _connection_error(url: str) -> str | None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    engine = create_engine(url, poolclass=NullPool, connect_args={"connect_timeout": 5})
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as exc:  # noqa: BLE001 - any reason is reported verbatim
        return f"{type(exc).__name__}: {exc}".strip()
    finally:
        engine.dispose()
    return None


def require_postgres() -> str:
    """Return the test server's URL, or skip (fail on CI) with the reason why not.

    A URL that is set but does not answer always fails: that is a broken setup,
    not a missing one.
    """
    url = database_url()
    if url is None:
        skip_or_fail(
            f"no PostgreSQL for tests: set {URL_VAR}=postgresql+psycopg://USER:PASS@HOST:PORT/DB "
            "(bash .ci/run starts a local one)",
            REQUIRE_VAR,
        )
    error = _connection_error(url)
    if error:
        pytest.fail(f"{URL_VAR} is set but the server does not answer: {error}", pytrace=False)
    return url


@contextmanager
def fresh_database(url: str, kind: Literal["schema", "database"] = "schema") -> Iterator[str]:
    """Yield the URL of an empty, uniquely named place to store rows; drop it afterwards.

    ``kind="schema"`` (about 10 ms): a new schema in the given database, made the
    only entry of ``search_path`` through the URL's ``options``, so unqualified
    table names land in it. ``kind="database"`` (about 150 ms, needs CREATEDB): a
    whole new database, for code that names schemas or installs extensions.
    Sessions the test left open through the yielded URL are cut off by the drop.
    """
    from sqlalchemy import create_engine, make_url
    from sqlalchemy.pool import NullPool

    base = make_url(url)
    name = f"careerkit_t_{uuid.uuid4().hex[:12]}"
    # Sessions opened through the fresh URL carry its name, so the clean-up can find them.
    query = {"application_name": name}
    if kind == "database":
        fresh = base.set(database=name)
        create = f'CREATE DATABASE "{name}"'
        drop = [f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)']
    elif kind == "schema":
        fresh = base
        query["options"] = f"-csearch_path={name}"
        create = f'CREATE SCHEMA "{name}"'
        drop = [
            # A session the test left idle in a transaction would block the drop.
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            f"WHERE application_name = '{name}'",
            f'DROP SCHEMA IF EXISTS "{name}" CASCADE',
        ]
    else:
        raise ValueError(f"kind must be 'schema' or 'database', not {kind!r}")
    admin = create_engine(base, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(create)
        try:
            yield fresh.update_query_dict(query).render_as_string(hide_password=False)
        finally:
            with admin.connect() as conn:
                for statement in drop:
                    conn.exec_driver_sql(statement)
    finally:
        admin.dispose()
