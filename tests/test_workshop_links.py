"""Attacker tests: a session link opened in another browser asks for the resume code.

Someone posts their ``?s=…`` link in the room chat. A visitor who opens it in their own
browser must get the sign-in panel, not the owner's answers, and nothing they type may land
in the owner's profile. The owner's own browser keeps moving between workbooks with it.
"""

from __future__ import annotations

import pytest

from careerkit.core.storage.store import Store
from careerkit.serving.workshop.db import WorkshopDB
from careerkit.serving.workshop.session import BROWSER_COOKIE, WorkshopPage, browser_secret, resolve_profile

OWNER = "owner-browser-secret-0123456789abcdef"
VISITOR = "visitor-browser-secret-0123456789abcdef"


@pytest.fixture
def store(tmp_path):
    s = Store(f"sqlite:///{tmp_path}/a.sqlite")
    yield s
    s.close()


@pytest.fixture
def db(store):
    d = WorkshopDB(store, code_cost=2**4)
    d.create_workshop("room")
    return d


def open_page(store, db, workbook, *, query="", browser=None):
    page = WorkshopPage(workbook, store=store, db=db, workshop="room", browser=browser)
    profile, token = resolve_profile(db, "room", environ={}, query=query, browser=browser)
    if profile:
        page.sign_in(profile, token)
    elif query:
        page.gate.link_refused()
    return page


def test_someone_elses_link_in_another_browser_asks_for_the_code(store, db):
    owner = open_page(store, db, "00_start_here", browser=OWNER)
    owner.gate.create()
    owner.wb.save("preferred_name", "Ada")
    link = owner.query
    assert link.startswith("s=")

    visitor = open_page(store, db, "01_self_reflection", query=link, browser=VISITOR)
    assert visitor.profile is None and visitor.get("00_start_here.preferred_name") is None
    assert "resume code" in visitor.gate.message.value and "another browser" in visitor.gate.message.value
    # No browser secret at all (cookies refused, or a script fetching the link): also refused.
    assert open_page(store, db, "01_self_reflection", query=link, browser=None).profile is None

    # The owner's browser moves on with the same link.
    again = open_page(store, db, "01_self_reflection", query=link, browser=OWNER)
    assert again.profile == owner.profile and again.get("00_start_here.preferred_name") == "Ada"


def test_a_page_that_learns_its_browser_late_still_binds_the_session(store, db):
    # The first page of a new browser: the request carried no cookie yet; the page's script
    # hands the browser's secret to the kernel before the participant clicks.
    page = WorkshopPage("00_start_here", store=store, db=db, workshop="room", browser=None)
    page.gate.browser_box.value = OWNER
    page.gate.create()
    assert page.token and db.session_profile("room", page.token, browser=OWNER) == page.profile
    assert db.session_profile("room", page.token, browser=VISITOR) is None
    # A crafted value once the browser is known changes nothing.
    page.gate.browser_box.value = VISITOR
    assert page.browser == OWNER


def test_without_a_browser_secret_the_page_signs_in_but_draws_no_session_links(store, db):
    page = WorkshopPage("00_start_here", store=store, db=db, workshop="room", browser=None)
    page.gate.create()
    assert page.profile and page.token is None and page.query == ""


def test_the_browser_secret_is_read_from_the_cookie_header_and_then_forgotten():
    environ = {"HTTP_COOKIE": f"_xsrf=2|abc; {BROWSER_COOKIE}={OWNER}; other=1"}
    assert browser_secret(environ) == OWNER
    assert "HTTP_COOKIE" not in environ
    assert browser_secret({"HTTP_COOKIE": f"{BROWSER_COOKIE}=short"}) is None
    assert browser_secret({"HTTP_COOKIE": f"{BROWSER_COOKIE}=<script>alert(1)</script>aaaaaaaaaaaaaaaa"}) is None
    assert browser_secret({}) is None
