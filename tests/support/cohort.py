"""A synthetic workshop cohort for tests: many participants with varied, plausible answers.

Every participant gets answers in workbooks 00 and 01 drawn from a seeded random
generator, most consent, some share one written answer, and every private written
answer contains the marker ``PRIVATE-`` so a test can prove none of it leaks.
"""

from __future__ import annotations

import random

from careerkit.core import content
from careerkit.core.storage.store import Store
from careerkit.core.validation import clean
from careerkit.serving.workshop.db import WorkshopDB

PRIVATE = "PRIVATE-"
SHARED = "SHARED-"
HOBBIES = ["running", "baking", "chess", "gardening", "photography", "choir", "climbing", "knitting",
           "podcasts", "volunteering"]


def seed_cohort(store: Store, name: str = "cohort", n: int = 220, *, seed: int = 7,
                consent_share: float = 0.7) -> dict:
    """Create workshop ``name`` with ``n`` synthetic participants; returns facts for assertions.

    The returned dict holds ``key`` (the facilitator key), ``profiles``, ``consenting``
    (profiles that consented), ``shared`` (texts shared with the room) and ``private``
    (a sample of private texts that must never be shown).
    """
    rng = random.Random(seed)
    db = WorkshopDB(store)
    key = db.create_workshop(name)
    start = content.workbook("00_start_here")
    reflection = content.workbook("01_self_reflection")
    items = [f for f in reflection.fields.values() if f.score]
    stages = [c.value for c in start.field("stage").choices]
    # A skewed population, so some groups are large and others fall under five.
    stage_weights = [30, 25, 20, 3, 2, 20][: len(stages)]
    facts = {"key": key, "profiles": [], "consenting": [], "shared": [], "private": []}
    for i in range(n):
        profile, _code = db.join(name, cost=2**4)
        facts["profiles"].append(profile)
        items_answered = rng.random() < 0.8
        leaning = rng.choice("RIASEC")
        answers = [
            ("00_start_here", "preferred_name", f"{PRIVATE}name-{i}"),
            ("00_start_here", "stage", rng.choices(stages, weights=stage_weights)[0]),
            ("00_start_here", "hopes", f"{PRIVATE}hopes-{i}"),
            ("00_start_here", "weekly_time", rng.choice(["30m", "1h", "2h", "more"])),
            ("01_self_reflection", "hobbies", rng.sample(HOBBIES, 3) + [f"{PRIVATE}hobby-{i}"]),
        ]
        if items_answered:
            for f in items:
                bump = 2 if f.score == leaning else 0
                answers.append(("01_self_reflection", f.id, min(5, rng.randint(1, 3) + bump)))
        shares = rng.random() < 0.2
        answers.append(("01_self_reflection", "flow_moments",
                        f"{SHARED if shares else PRIVATE}flow-{i}"))
        checked = [(wb, fid, clean(content.workbook(wb).field(fid), v)) for wb, fid, v in answers]
        store.save_many(profile, checked, source="example")
        consent = rng.random() < consent_share
        if consent:
            db.set_consent(profile, True)
            facts["consenting"].append(profile)
        if shares:
            db.set_shared(profile, "01_self_reflection", "flow_moments", True)
            if consent:
                facts["shared"].append(f"{SHARED}flow-{i}")
        facts["private"].append(f"{PRIVATE}hopes-{i}")
    return facts
