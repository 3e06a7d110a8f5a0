"""Attacker tests: every valid hub username gets its own profile, and old ids keep working.

Before, ``zoë``/``zoé``, ``ann lee``/``ann-lee``, ``josé``/``jos?`` and two long names with a
common beginning each shared one profile (the second user read the first one's answers),
and ``李雷`` could not open a workbook at all.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from careerkit.core.profile import MAX_ID_LENGTH, clean_profile_id, current_profile, profile_name

SAFE_ID = re.compile(r"[A-Za-z0-9_.@+-]{1,200}")
LONG_A = "a" * 190 + "-first-person-with-a-long-name"
LONG_B = "a" * 190 + "-second-person-with-a-long-name"


@pytest.mark.parametrize("first, second", [
    ("zoë", "zoé"), ("ann lee", "ann-lee"), ("josé", "jos?"), (LONG_A, LONG_B), ("李雷", "李"),
    ("Ada", "ada"), ("ann.lee", "ann_lee"), ("+x", "x"), ("a b", "a+20b"),
])
def test_names_that_used_to_collide_get_profiles_of_their_own(first, second):
    a, b = clean_profile_id(first), clean_profile_id(second)
    assert a != b
    for made in (a, b):
        assert SAFE_ID.fullmatch(made) and made not in (".", "..")


def test_a_chinese_name_opens_a_profile_and_reads_back():
    made = clean_profile_id("李雷")
    assert SAFE_ID.fullmatch(made)
    assert profile_name(made) == "李雷"


def test_names_that_were_already_safe_keep_their_old_ids():
    for name in ("ada", "ann-lee", "ada@uni.edu", "ada.lovelace+work", "me", "ws-room-0123abcd", "a" * 200):
        assert clean_profile_id(name) == name
        assert profile_name(name) == name


def test_a_hub_user_is_read_with_the_new_ids(monkeypatch):
    monkeypatch.delenv("CAREERKIT_PROFILE", raising=False)
    monkeypatch.setenv("JUPYTERHUB_USER", "zoë")
    assert current_profile() == clean_profile_id("zoë") != clean_profile_id("zoé")


def test_an_empty_name_is_still_refused():
    for name in ("", "   ", "\n"):
        with pytest.raises(ValueError):
            clean_profile_id(name)


valid_names = st.text(min_size=1, max_size=260).map(str.strip).filter(bool).filter(
    lambda s: not any(0xD800 <= ord(c) <= 0xDFFF for c in s))


@settings(max_examples=400, deadline=None)
@given(valid_names, valid_names)
def test_ids_are_injective_on_valid_names(first, second):
    if first != second:
        assert clean_profile_id(first) != clean_profile_id(second)
    else:
        assert clean_profile_id(first) == clean_profile_id(second)


@settings(max_examples=400, deadline=None)
@given(valid_names)
def test_ids_are_safe_and_read_back_to_the_name(name):
    made = clean_profile_id(name)
    assert SAFE_ID.fullmatch(made) and len(made) <= MAX_ID_LENGTH and made not in (".", "..")
    back = profile_name(made)
    # Names short enough read back whole; longer ones keep a readable beginning and a hash.
    assert back == name or (back is None and len(made) > 150)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab -é", min_size=150, max_size=260).map(str.strip).filter(bool), st.text(max_size=5))
def test_long_names_with_a_common_beginning_stay_apart(stem, tail):
    assert clean_profile_id(stem + "x" + tail) != clean_profile_id(stem + "y" + tail)


def test_an_old_shared_id_still_opens_and_can_be_copied_to_the_new_profile(tmp_path, monkeypatch):
    from careerkit.serving import cli
    from careerkit.core.storage.store import Store

    monkeypatch.setenv("CAREERKIT_HOME", str(tmp_path))
    monkeypatch.delenv("CAREERKIT_DATABASE_URL", raising=False)
    store = Store(f"sqlite:///{tmp_path / 'answers.sqlite'}")
    store.save("zo-", "00_start_here", "preferred_name", "Zoë")  # what the old mapping made of "zoë"
    store.close()
    assert cli.main(["export", "--profile", "zo-", "-o", str(tmp_path / "old.json")]) == 0
    assert cli.main(["import", "--profile", "zoë", str(tmp_path / "old.json")]) == 0
    store = Store(f"sqlite:///{tmp_path / 'answers.sqlite'}")
    assert store.answers(clean_profile_id("zoë"), "00_start_here")["preferred_name"] == "Zoë"
    assert store.answers("zo-", "00_start_here")["preferred_name"] == "Zoë"
    assert store.answers(clean_profile_id("zoé"), "00_start_here").get("preferred_name") is None
    store.close()
