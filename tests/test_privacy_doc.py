"""docs/PRIVACY.md states careerkit's own settings, and names tests that exist."""

from __future__ import annotations

import re
from pathlib import Path

from careerkit.core.logic import cohort
from careerkit.serving.workshop import db, session

ROOT = Path(__file__).resolve().parents[1]
DOC = (ROOT / "docs" / "PRIVACY.md").read_text()


def test_the_numbers_in_the_guide_are_the_settings():
    assert f"After {db.FREE_TRIES_KERNEL} wrong tries from one page" in DOC
    assert f"up to {db.MAX_WAIT_KERNEL // 60} minutes" in DOC and db.MAX_WAIT_KERNEL % 60 == 0
    assert f"After {db.FREE_TRIES_TARGET}\n  wrong codes" in DOC
    assert f"{db.FREE_TRIES_WORKSHOP}\n  wrong codes in the workshop" in DOC
    assert f"or {db.FREE_TRIES_TARGET} wrong facilitator keys" in DOC
    assert "within half an hour" in DOC and db.FORGET_AFTER.total_seconds() == 1800
    assert f"doubling up to {db.MAX_HOLD} seconds" in DOC
    assert db.delay_for(db.FREE_TRIES_KERNEL, db.FREE_TRIES_KERNEL, db.MAX_WAIT_KERNEL) == 2  # "from 2 seconds"
    assert f"ending after {db.SESSION_HOURS} hours" in DOC
    assert f"`{session.BROWSER_COOKIE}`" in DOC
    assert f"smaller than {cohort.K} shown" in DOC
    assert f"at least **{cohort.RELEASE_AFTER} people** (`RELEASE_AFTER`)" in DOC
    assert f"schema version {db.WORKSHOP_SCHEMA_VERSION}" in DOC


def test_every_test_the_guide_names_exists():
    named = re.findall(r"`(tests/[\w/]+\.py)(?:::(\w+))?`", DOC)
    assert len(named) >= 5
    for path, test in named:
        text = (ROOT / path).read_text()
        if test:
            assert f"def {test}(" in text, test


def test_the_group_guide_links_here():
    assert "PRIVACY.md" in (ROOT / "docs" / "JUPYTERHUB.md").read_text()
