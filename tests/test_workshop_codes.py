"""Resume codes, keys and sessions: entropy, hashing, verification, and slowing down guessing."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from careerkit.serving.workshop import codes
from careerkit.serving.workshop.db import (
    FORGET_AFTER,
    FREE_TRIES_KERNEL,
    FREE_TRIES_WORKSHOP,
    REFUSAL,
    WorkshopDB,
    WorkshopError,
    delay_for,
)


class Clock:
    def __init__(self):
        self.now = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.timezone.utc)

    def __call__(self):
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


@pytest.fixture
def store(any_store):
    """An empty store on SQLite, and on PostgreSQL when a test server is configured."""
    return any_store


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def db(store, clock):
    d = WorkshopDB(store, clock=clock, code_cost=2**4)
    d.create_workshop("room")
    return d


def test_wordlist_is_2048_distinct_plain_words():
    words = codes.wordlist()
    assert len(words) == 2048 == len(set(words))
    assert all(w.isascii() and w.isalpha() and w.islower() and 3 <= len(w) <= 9 for w in words)


def test_entropy_from_list_size_and_word_count():
    size = len(codes.wordlist())
    assert codes.code_entropy_bits() == pytest.approx(codes.CODE_WORDS * math.log2(size)) == pytest.approx(77)
    # The locator word is stored in clear, so only the other words count as secret: still at least 64 bits.
    assert codes.secret_entropy_bits() == pytest.approx((codes.CODE_WORDS - 1) * math.log2(size))
    assert codes.secret_entropy_bits() >= 64
    assert codes.code_entropy_bits(5, 2048) < 64  # the check would catch a code made too short


def test_new_codes_are_words_of_the_list_and_differ():
    made = {codes.new_code() for _ in range(50)}
    assert len(made) == 50
    for code in made:
        parts = code.split(" ")
        assert len(parts) == codes.CODE_WORDS and set(parts) <= set(codes.wordlist())


def test_normalize_accepts_how_people_type_and_refuses_the_rest():
    code = "otter maple quiz lantern brisk harbor cocoa"
    assert codes.normalize_code("  Otter-MAPLE, quiz  lantern\nbrisk harbor cocoa ") == code
    assert codes.normalize_code("otter maple quiz lantern brisk harbor") is None  # six words
    assert codes.normalize_code("otter maple quiz lantern brisk harbor zzzzzz") is None  # not a list word
    assert codes.normalize_code(["otter"]) is None
    assert codes.normalize_code("otter " * 200) is None


def test_hash_is_salted_slow_and_verifies_only_the_right_code():
    code = codes.new_code()
    first, second = codes.hash_code(code), codes.hash_code(code)
    assert first != second  # a fresh salt each time
    scheme, n, r, p, salt, digest = first.split("$")
    assert scheme == "scrypt" and int(n) >= 2**14 and len(codes._unb64(salt)) == 16
    assert code not in first and not any(word in first for word in code.split() if len(word) > 4)
    assert codes.verify_code(code, first) and codes.verify_code(code, second)
    other = code.rsplit(" ", 1)[0] + (" apple" if not code.endswith("apple") else " acorn")
    assert not codes.verify_code(other, first)
    assert not codes.verify_code(code, first[:-4] + "AAAA")
    assert not codes.verify_code(code, "plain$text")


def test_tokens_and_keys_are_long_random_and_hashed():
    assert len({codes.new_token() for _ in range(20)}) == 20
    key = codes.new_key()
    assert len(key.replace("-", "")) == 32
    assert codes.hash_token(key) == codes.hash_token(key.upper().replace("-", ""))
    assert codes.hash_token(key) != codes.hash_token(codes.new_key())


def test_join_stores_only_a_hash_and_the_code_brings_the_profile_back(db, store):
    profile, code = db.join("room")
    assert profile.startswith("ws-room-")
    with store.engine.connect() as conn:
        dump = " ".join(str(v) for row in conn.exec_driver_sql("SELECT * FROM workshop_participants") for v in row)
    secret = code.split(" ", 1)[1]
    assert secret not in dump and code not in dump
    assert db.resume("room", code.upper()).profile == profile
    other, other_code = db.join("room")
    assert db.resume("room", other_code).profile == other != profile


def test_wrong_and_malformed_codes_get_the_same_generic_refusal(db):
    db.join("room")
    wrong = db.resume("room", codes.new_code(), scope="k1")
    malformed = db.resume("room", "let me in", scope="k2")
    crafted = db.resume("room", {"code": 1}, scope="k3")
    assert not wrong.ok and not malformed.ok and not crafted.ok
    assert wrong.message == malformed.message == crafted.message == REFUSAL


def test_repeated_failures_are_slowed_down_and_survive_a_restart(db, store, clock):
    profile, code = db.join("room")
    for _ in range(FREE_TRIES_KERNEL):
        assert db.resume("room", codes.new_code(), scope="page").message == REFUSAL
    blocked = db.resume("room", code, scope="page")
    assert not blocked.ok and blocked.wait > 0 and "wait" in blocked.message
    # A restarted server (a new WorkshopDB on the same database) still remembers.
    again = WorkshopDB(store, clock=clock, code_cost=2**4).resume("room", code, scope="page")
    assert not again.ok and again.wait > 0
    # Another page is not held up by this one's failures...
    assert db.resume("room", code, scope="other-page").profile == profile
    # ...and once the wait is over the right code works and clears the page's counter.
    clock.advance(blocked.wait + 0.1)
    assert db.resume("room", code, scope="page").profile == profile
    assert db.failures("code-kernel:page") == 0


def test_waits_double_and_are_capped():
    assert [delay_for(n, 3, 300) for n in range(3)] == [0, 0, 0]
    assert [delay_for(n, 3, 300) for n in range(3, 7)] == [2, 4, 8, 16]
    assert delay_for(40, 3, 300) == 300


def test_the_whole_workshop_is_slowed_after_many_failures_from_many_pages(db, clock):
    profile, code = db.join("room")
    for i in range(FREE_TRIES_WORKSHOP):
        db.resume("room", codes.new_code(), scope=f"page-{i}")
    blocked = db.resume("room", code, scope="fresh-page")
    assert not blocked.ok and blocked.wait > 0
    clock.advance(FORGET_AFTER.total_seconds() + 1)
    assert db.resume("room", code, scope="fresh-page").profile == profile


def test_sessions_expire_end_and_stay_in_their_workshop(db, clock):
    profile, _code = db.join("room")
    token = db.start_session(profile)
    assert db.session_profile("room", token) == profile
    db.create_workshop("other")
    assert db.session_profile("other", token) is None
    assert db.session_profile("room", token[:-2] + "xx") is None
    assert db.session_profile("room", None) is None
    clock.advance(13 * 3600)
    assert db.session_profile("room", token) is None
    fresh = db.start_session(profile)
    db.end_session(fresh)
    assert db.session_profile("room", fresh) is None


def test_facilitator_key_is_checked_and_stored_hashed(store, clock):
    d = WorkshopDB(store, clock=clock, code_cost=2**4)
    key = d.create_workshop("evening")
    with store.engine.connect() as conn:
        stored = conn.exec_driver_sql("SELECT key_hash FROM workshops").scalar()
    assert key not in stored and key.replace("-", "") not in stored
    assert d.check_key("evening", key).ok
    assert not d.check_key("evening", codes.new_key()).ok
    assert not d.check_key("evening", 12345).ok
    assert not d.check_key("nowhere", key).ok
    with pytest.raises(WorkshopError):
        d.create_workshop("evening")
    with pytest.raises(WorkshopError):
        d.create_workshop("Not a name!")


def test_closing_stops_sign_ins_and_deleting_removes_every_answer(db, store):
    profile, code = db.join("room")
    store.save(profile, "00_start_here", "preferred_name", "Ada")
    token = db.start_session(profile)
    assert db.close_workshop("room") == 0
    assert db.session_profile("room", token) is None
    assert not db.resume("room", code).ok
    with pytest.raises(WorkshopError):
        db.join("room")
    assert store.count(profile) == 1  # closing alone keeps answers
    assert db.close_workshop("room", delete_data=True) == 1
    assert store.count(profile) == 0 and db.workshop("room") is None and db.participant(profile) is None


def test_workshop_tables_have_their_own_schema_version(db, store):
    assert db.schema_version == 1
    assert store.schema_version >= 3  # the answer tables' own version is untouched
