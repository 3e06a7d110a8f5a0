"""Attacker tests: the room's picture cannot be differenced to read one person's answers.

The reported attack: with 10 consenting participants in two groups of 5, an 11th ticks
consent, and the before/after CSV shows that person's stage, income-motivation score and
guidance needs (every cell that rose by 1). Here a facilitator refreshes after every single
change — joining, consenting, withdrawing, editing an answer — from a new dashboard each
time, and never sees a picture that differs from the one before by fewer than
:data:`careerkit.core.logic.cohort.RELEASE_AFTER` people.
"""

from __future__ import annotations

import random

import pytest

from careerkit.core.logic import cohort
from careerkit.serving.workshop.dashboard import room_picture
from careerkit.serving.workshop.db import WorkshopDB

STAGES = ("student", "changer")
NEEDS = ["Career planning and direction", "Skills and know-how", "Making a career change",
         "Encouragement and confidence"]


@pytest.fixture
def db(any_store):
    d = WorkshopDB(any_store, code_cost=2**4)
    d.create_workshop("room")
    return d


def answer(db: WorkshopDB, profile: str, group: int) -> None:
    db.store.save_many(profile, [
        ("00_start_here", "stage", STAGES[group]),
        ("00_start_here", "weekly_time", "1h"),
        ("03_values", "mot_income", 2 + 2 * group),
        ("05_mentorship", "needs", NEEDS[2 * group: 2 * group + 2]),
    ])


def refresh_csv(db: WorkshopDB) -> str:
    """What a facilitator downloads after pressing refresh on a freshly opened dashboard."""
    fresh = WorkshopDB(db.store, code_cost=2**4)
    return cohort.picture_csv(room_picture(db.store, fresh, "room").picture)


def test_the_eleventh_person_consenting_cannot_be_read_off_two_refreshes(db):
    for i in range(10):
        profile, _ = db.join("room")
        answer(db, profile, i % 2)
        db.set_consent(profile, True)
    before = refresh_csv(db)
    assert "Established in one field and curious about another,5," in before  # the two groups of five are shown
    eleventh, _ = db.join("room")
    db.store.save_many(eleventh, [("00_start_here", "stage", "student"), ("03_values", "mot_income", 5),
                                  ("05_mentorship", "needs", ["Introductions to other people",
                                                              "Job search and applications"])])
    db.set_consent(eleventh, True)
    after = refresh_csv(db)
    assert after == before  # nothing rose by one: the eleventh person's answers are not in the difference


def test_a_differencing_attacker_refreshing_after_every_change_sees_only_batches(db):
    rng = random.Random(11)
    profiles: list[str] = []
    for i in range(10):
        profile, _ = db.join("room")
        answer(db, profile, i % 2)
        db.set_consent(profile, True)
        profiles.append(profile)
    last = refresh_csv(db)
    touched: set[str] = set()
    releases = 0
    for step in range(60):
        move = rng.choice(["join", "consent", "withdraw", "edit"])
        if move == "join" or not profiles:
            profile, _ = db.join("room")
            answer(db, profile, rng.randint(0, 1))
            profiles.append(profile)
        else:
            profile = rng.choice(profiles)
            if move == "consent":
                db.set_consent(profile, True)
            elif move == "withdraw":
                db.set_consent(profile, False)
            else:
                db.store.save(profile, "03_values", "mot_income", rng.randint(1, 5))
        touched.add(profile)
        now = refresh_csv(db)
        if now != last:
            releases += 1
            # A new picture only ever comes after at least k people changed something.
            assert len(touched) >= cohort.RELEASE_AFTER >= 5, (step, touched)
            touched = set()
            last = now
    assert releases >= 3  # the picture does follow the room, in batches


def test_the_release_is_shared_by_every_dashboard_and_says_it_waits(db):
    for i in range(10):
        profile, _ = db.join("room")
        answer(db, profile, i % 2)
        db.set_consent(profile, True)
    first = room_picture(db.store, db, "room")
    newcomer, _ = db.join("room")
    answer(db, newcomer, 0)
    again = room_picture(db.store, WorkshopDB(db.store), "room")
    assert again.picture == first.picture and again.released_at == first.released_at
    assert again.waiting  # fewer than k changes are waiting for the next picture
    for _ in range(cohort.RELEASE_AFTER - 1):
        profile, _ = db.join("room")
        answer(db, profile, 1)
    later = room_picture(db.store, db, "room")
    assert later.picture != first.picture and not later.waiting
    assert later.picture.joined == 15


def test_pictures_survive_a_round_trip_through_storage():
    from careerkit.core.answers import Answers

    people = [cohort.Member(f"p{i}", Answers({"00_start_here": {"stage": "student"}}), consent=True)
              for i in range(7)]
    pic = cohort.picture(people)
    assert cohort.Picture.from_json(pic.to_json()) == pic
    assert cohort.picture_csv(pic) == cohort.to_csv(people)
