"""Test-wide set-up: a throw-away careerkit home with the example person, for every test and notebook.

Notebook kernels inherit the environment when they start, before any fixture runs, so
the home is prepared here in ``pytest_configure``, and ``CAREERKIT_STRICT`` is set here so
that drawing errors fail unit tests and notebook cells alike.
"""

from __future__ import annotations

import os
import shutil
import tempfile

_HOME: str | None = None


def pytest_configure(config):
    global _HOME
    _HOME = tempfile.mkdtemp(prefix="careerkit-test-home-")
    os.environ["CAREERKIT_HOME"] = _HOME
    os.environ.pop("CAREERKIT_DATABASE_URL", None)
    os.environ["CAREERKIT_PROFILE"] = "example"
    # a chart or panel that cannot be drawn fails the test or notebook cell (not a friendly note)
    os.environ["CAREERKIT_STRICT"] = "1"
    os.environ.pop("JUPYTERHUB_USER", None)
    from careerkit.core.examples import seed
    from careerkit.core.storage.storefront import open_store

    store = open_store()
    seed(store, "example")


def pytest_unconfigure(config):
    if _HOME:
        shutil.rmtree(_HOME, ignore_errors=True)
