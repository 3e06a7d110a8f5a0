"""Attacker tests: strangers' wrong codes and keys slow the stranger, never lock out the room.

A stranger opens many pages (each its own kernel) and browsers, and types wrong resume
codes and wrong facilitator keys. A participant typing their right code, and a facilitator
typing the right key, must still get in at once, while the stranger's guessing stays slow.
"""

from __future__ import annotations

import datetime as dt

import pytest

from careerkit.serving.workshop import codes
from careerkit.serving.workshop.db import FREE_TRIES_KERNEL, REFUSAL, WorkshopDB


class Clock:
    """A clock the test moves, and a sleep that moves it (so held answers cost no real time)."""

    def __init__(self):
        self.now = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.timezone.utc)
        self.slept: list[float] = []

    def __call__(self):
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.advance(seconds)


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def db(any_store, clock):
    d = WorkshopDB(any_store, clock=clock, code_cost=2**4, sleep=clock.sleep)
    d.create_workshop("room")
    return d


def wrong_code_for(code: str) -> str:
    """A code with the same first word (aimed at the same participant) but a wrong secret."""
    last = "acorn" if not code.endswith(" acorn") else "apple"
    return code.rsplit(" ", 1)[0] + " " + last


def test_a_stranger_on_many_pages_cannot_lock_out_a_participant(db, clock):
    profile, code = db.join("room")
    # The reported attack: 24 wrong codes from 8 pages, aimed at everyone and at this participant.
    for page in range(8):
        for attempt in range(3):
            guess = wrong_code_for(code) if attempt == 0 else codes.new_code()
            assert not db.resume("room", guess, scope=f"stranger-{page}", browser="stranger-browser").ok
    # The participant, on their own page and browser, types the right code: in at once.
    clock.slept.clear()
    result = db.resume("room", code, scope="participant-page", browser="participant-browser")
    assert result.profile == profile and result.wait == 0
    assert clock.slept == []  # not held back either


def test_one_wrong_code_a_minute_keeps_nobody_out(db, clock):
    profile, code = db.join("room")
    for minute in range(60):
        db.resume("room", codes.new_code(), scope=f"drip-{minute}")
        clock.advance(60)
    clock.slept.clear()
    assert db.resume("room", code, scope="participant").profile == profile
    assert clock.slept == []


def test_a_wrong_key_every_five_minutes_never_locks_the_dashboard(db, clock):
    key = db.create_workshop("evening")
    for i in range(12):
        assert not db.check_key("evening", codes.new_key(), scope=f"stranger-{i}", browser="b-stranger").ok
        clock.advance(300)
    assert not db.check_key("evening", codes.new_key(), scope="stranger-x").ok
    clock.slept.clear()
    assert db.check_key("evening", key, scope="facilitator-page", browser="b-facilitator").ok
    assert clock.slept == []


def test_many_wrong_keys_at_once_still_let_the_right_key_in(db, clock):
    key = db.create_workshop("evening")
    for i in range(40):
        db.check_key("evening", codes.new_key(), scope=f"stranger-{i}")
    assert db.check_key("evening", key, scope="facilitator-page").ok


def test_the_guessing_page_and_browser_are_slowed_with_growing_waits(db, clock):
    profile, code = db.join("room")
    for _ in range(FREE_TRIES_KERNEL):
        assert db.resume("room", codes.new_code(), scope="page", browser="b").message == REFUSAL
    waits = []
    for _ in range(4):
        blocked = db.resume("room", codes.new_code(), scope="page", browser="b")
        assert not blocked.ok and blocked.wait > 0 and "wait" in blocked.message
        waits.append(blocked.wait)
        clock.advance(blocked.wait + 0.1)
        assert db.resume("room", codes.new_code(), scope="page", browser="b").message == REFUSAL
    assert waits == sorted(waits) and waits[-1] >= 4 * waits[0]  # the waits grow
    # A new page in the same browser is held by the browser's count, not given fresh tries.
    assert db.resume("room", codes.new_code(), scope="new-page", browser="b").wait > 0
    # Even that page's own right code waits: this is the guesser's own page.
    assert not db.resume("room", code, scope="page", browser="b").ok


def test_guessing_spread_over_fresh_pages_and_browsers_gets_slow_answers(db, clock):
    profile, code = db.join("room")
    held = []
    for i in range(40):
        clock.slept.clear()
        result = db.resume("room", wrong_code_for(code), scope=f"fresh-{i}", browser=f"fresh-{i}")
        assert not result.ok
        held.append(sum(clock.slept))
    # Guessing one participant's code from ever new pages: each wrong answer comes later and later.
    assert held[0] == 0 and held[-1] >= 16 and held == sorted(held)
    # The participant is not held back at all.
    clock.slept.clear()
    assert db.resume("room", code, scope="owner", browser="owner").profile == profile
    assert clock.slept == []


def test_guesser_counters_survive_a_restart(any_store, db, clock):
    _profile, code = db.join("room")
    for _ in range(FREE_TRIES_KERNEL):
        db.resume("room", codes.new_code(), scope="page")
    again = WorkshopDB(any_store, clock=clock, code_cost=2**4, sleep=clock.sleep).resume("room", code, scope="page")
    assert not again.ok and again.wait > 0
