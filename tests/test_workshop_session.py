"""Workshop pages without a browser: nothing shown before sign-in, private profiles, links that carry the session."""

from __future__ import annotations

import ipywidgets as w
import pytest

from careerkit.core.storage.store import Store
from careerkit.presentation.views import view_for
from careerkit.workbooks.start_here.workshop import PrivacyPanel, binder_banner, on_binder
from careerkit.serving.workshop import session
from careerkit.serving.workshop.db import REFUSAL, WorkshopDB
from careerkit.serving.workshop.session import WorkshopPage, query_token, resolve_profile


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


def page(store, db, workbook="00_start_here", query=""):
    p = WorkshopPage(workbook, store=store, db=db, workshop="room")
    profile, token = resolve_profile(db, "room", environ={}, query=query)
    if profile:
        p.sign_in(profile, token)
    return p


def texts(widget) -> str:
    """Every piece of text a widget tree would show."""
    out = []
    stack = [widget]
    while stack:
        node = stack.pop()
        for attr in ("value", "description", "placeholder"):
            value = getattr(node, attr, None)
            if isinstance(value, str):
                out.append(value)
        stack.extend(getattr(node, "children", ()))
        inner = getattr(node, "input", None)
        if isinstance(inner, w.Widget):
            stack.append(inner)
    return "\n".join(out)


def test_query_token_reads_only_a_plausible_token():
    assert query_token("s=abcdefghijklmnopqrstuvwxyz012345") == "abcdefghijklmnopqrstuvwxyz012345"
    assert query_token("x=1&s=short") is None
    assert query_token("s=<script>alert(1)</script>aaaaaaaaaaaa") is None
    assert query_token("") is None


def test_nothing_is_shown_before_sign_in_then_the_page_fills_in(store, db):
    other, _ = db.join("room")
    store.save(other, "00_start_here", "preferred_name", "Somebody Else")
    p = page(store, db)
    form = p.form("about_you")
    progress = p.show("progress")
    assert "Somebody Else" not in texts(form) + texts(progress)
    assert "signed in" in texts(form)
    code = p.gate.create()
    assert code and code in texts(p.gate.widget)  # shown once, on the page that made it
    assert p.profile != other
    assert "What would you like to be called?" in texts(form)  # the real form is in place now
    assert "Somebody Else" not in texts(form)
    assert p.token and p.query == f"s={p.token}"
    assert f"01_self_reflection.ipynb?s={p.token}" in texts(p.header())
    assert f"01_self_reflection.ipynb?s={p.token}" in texts(progress)


def test_two_participants_keep_their_answers_apart_and_the_code_brings_them_back(store, db):
    first = page(store, db)
    first_form = first.form("about_you")
    code = first.gate.create()
    first.wb.field("preferred_name").input.value = "Ada"
    first.wb.saver.flush()
    second = page(store, db)
    second_form = second.form("about_you")
    second.gate.create()
    assert "Ada" not in texts(second_form)
    second.wb.field("preferred_name").input.value = "Grace"
    second.wb.saver.flush()
    assert store.answers(first.profile, "00_start_here")["preferred_name"] == "Ada"
    assert store.answers(second.profile, "00_start_here")["preferred_name"] == "Grace"
    # Another device: a fresh page in workbook 01, the resume code, and everything is back.
    later = page(store, db, "01_self_reflection")
    later_form = later.form("interests")
    assert later.gate.resume("  " + code.upper() + " ")
    assert later.profile == first.profile and later.get("00_start_here.preferred_name") == "Ada"
    assert "Hobbies and pastimes you return to" in texts(later_form)
    assert "Ada" not in texts(second_form) and "Grace" not in texts(first_form)


def test_a_session_link_opens_the_profile_and_a_wrong_one_does_not(store, db):
    first = page(store, db)
    first.gate.create()
    first.wb.save("preferred_name", "Ada")
    via_link = page(store, db, "01_self_reflection", query=f"s={first.token}")
    assert via_link.profile == first.profile
    forged = page(store, db, "01_self_reflection", query="s=" + "A" * 32)
    assert forged.profile is None
    assert forged.get("00_start_here.preferred_name") is None


def test_wrong_codes_are_refused_generically_and_crafted_values_too(store, db):
    db.join("room")
    p = page(store, db, "03_values")
    assert not p.gate.resume("otter maple quiz lantern brisk harbor cocoa")
    assert REFUSAL in p.gate.message.value
    assert not p.gate.resume(["not", "a", "string"])
    assert p.profile is None
    assert p.gate.create() is None  # profiles are made at the start page only


def test_signing_out_ends_the_session_and_hides_the_answers(store, db):
    p = page(store, db)
    form = p.form("about_you")
    p.gate.create()
    token = p.token
    p.wb.save("preferred_name", "Ada")
    p.sign_out()
    assert db.session_profile("room", token) is None
    assert "Ada" not in texts(form) and p.profile is None


def test_a_hub_user_is_the_participant_without_a_code(store, db):
    profile, token = resolve_profile(db, "room", environ={"JUPYTERHUB_USER": "ada@uni"}, query="")
    assert profile == "ada@uni" and token is None
    assert [p.profile for p in db.participants("room")] == ["ada@uni"]
    assert resolve_profile(db, "room", environ={"JUPYTERHUB_USER": "ada@uni"}, query="")[0] == "ada@uni"
    assert len(db.participants("room")) == 1


def test_closed_workshop_shows_nothing_to_sign_into(store, db):
    db.close_workshop("room")
    p = page(store, db)
    assert "closed" in texts(p.gate.widget)
    assert p.gate.create() is None


def test_privacy_panel_records_consent_and_sharing_and_refuses_crafted_values(store, db):
    p = page(store, db)
    p.gate.create()
    p.wb.save("hopes", "A clearer direction")
    panel = p.show("workshop")
    assert isinstance(panel, PrivacyPanel)
    assert db.participant(p.profile).consent is False  # nobody counts until they say so
    panel._consent_changed({"new": "yes"})  # what a crafted client might send
    assert db.participant(p.profile).consent is False and "ck-error" in panel.message.value
    panel.consent.value = True
    assert db.participant(p.profile).consent is True
    boxes = [b for b in panel.shares.children if isinstance(b, w.Checkbox)]
    assert len(boxes) == 1 and "A clearer direction" in boxes[0].description
    boxes[0].value = True
    assert db.shared(p.profile) == {("00_start_here", "hopes")}
    panel._share_changed(("01_self_reflection", "ri_r01"), {"new": True})  # not a shareable answer
    assert db.shared(p.profile) == {("00_start_here", "hopes")}
    panel.consent.value = False  # withdrawn at any time
    assert db.participant(p.profile).consent is False


def test_privacy_panel_is_empty_outside_a_workshop(tmp_path):
    from careerkit.presentation.workbook import Workbook

    wb = Workbook("00_start_here", store=Store(f"sqlite:///{tmp_path}/b.sqlite"), profile="p", delay=0)
    assert view_for("00_start_here", "workshop")(wb) == ""


def test_binder_banner_only_on_binder_with_a_download(tmp_path):
    from careerkit.presentation.workbook import Workbook

    assert on_binder({"BINDER_LAUNCH_HOST": "https://mybinder.org/"})
    assert on_binder({"JUPYTERHUB_SERVICE_PREFIX": "/binder/jupyter/user/x/"})
    assert not on_binder({"JUPYTERHUB_SERVICE_PREFIX": "/user/ada/"})
    wb = Workbook("00_start_here", store=Store(f"sqlite:///{tmp_path}/c.sqlite"), profile="p", delay=0)
    wb.save("preferred_name", "Ada")
    assert binder_banner(wb, environ={}) == ""
    banner = binder_banner(wb, environ={"BINDER_REQUEST": "v2/gh/x/y/HEAD"})
    assert "Download my answers" in banner and "data:application/json;base64," in banner


def test_open_workbook_switches_to_the_workshop_when_configured(monkeypatch, store, db):
    import careerkit

    monkeypatch.setenv("CAREERKIT_WORKSHOP", "room")
    monkeypatch.setattr(session, "open_store", lambda: store)
    monkeypatch.setattr(session, "request_query", lambda: "")
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    opened = careerkit.open_workbook("00_start_here", header=False)
    assert isinstance(opened, WorkshopPage) and opened.profile is None
