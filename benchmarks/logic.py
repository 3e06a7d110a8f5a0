"""Figures that need no server: importing careerkit, occupation matching, cohort aggregates."""

from __future__ import annotations

import json
import subprocess
import sys
import time

from .common import median

_IMPORTED = """
import sys, time
start = time.perf_counter()
{statement}
elapsed = time.perf_counter() - start
import json
top = sorted({{m.split('.')[0] for m in sys.modules}})
print(json.dumps({{"seconds": elapsed, "modules": len(sys.modules), "packages": top}}))
"""

#: Third-party packages worth naming when they are imported.
HEAVY = ("altair", "jinja2", "jsonschema", "numpy", "pandas", "pydantic", "sqlalchemy", "vl_convert", "yaml",
         "ipywidgets", "IPython", "psycopg")


def import_time(statement: str) -> dict:
    """Seconds ``statement`` takes in a fresh interpreter, and what it imported."""
    out = subprocess.run([sys.executable, "-c", _IMPORTED.format(statement=statement)], capture_output=True,
                         text=True, check=True).stdout
    data = json.loads(out.strip().splitlines()[-1])
    data["heavy"] = [p for p in data.pop("packages") if p in HEAVY]
    return data


def example_scores() -> dict:
    from careerkit.core.logic import derived
    from careerkit.core.answers import Answers
    from careerkit.core.examples import example_answers

    data: dict = {}
    for wb, field, value in example_answers():
        data.setdefault(wb, {})[field] = value
    return derived.interest_profile(Answers(data)).scores


def matching(runs: int) -> dict:
    """Ranking every O*NET occupation for the example person: first call, then warm median."""
    from careerkit.core.logic.matching import rank_occupations

    scores = example_scores()
    start = time.perf_counter()
    ranked = rank_occupations(scores, limit=None)
    first = time.perf_counter() - start
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        rank_occupations(scores, limit=None)
        times.append(time.perf_counter() - start)
    return {"first": first, "median": median(times), "occupations": len(ranked), "samples": times}


def room_picture(members: list) -> dict:
    """Seconds for the room's picture (:func:`careerkit.core.logic.cohort.picture`: progress, interest
    codes, every aggregate, shared texts), and for a refresh that releases one: the room's
    fingerprints (what tells whether enough has changed), then the picture."""
    from careerkit.core.logic import cohort

    wall, cpu = time.perf_counter(), time.process_time()
    cohort.picture(members)
    picture, picture_cpu = time.perf_counter() - wall, time.process_time() - cpu
    wall = time.perf_counter()
    cohort.fingerprints(members)
    fingerprints = time.perf_counter() - wall
    cohort.picture(members)
    release = time.perf_counter() - wall
    return {"picture": picture, "picture_cpu": picture_cpu, "fingerprints": fingerprints, "release": release}


def room_refresh(n: int, runs: int) -> dict:
    """Seconds for a facilitator's refresh of a workshop of ``n`` on a SQLite file: loading
    the room (:func:`careerkit.serving.workshop.dashboard.load_members`) and drawing its picture;
    and, for comparison, loading it one person at a time as careerkit did before."""
    import tempfile
    from pathlib import Path

    from careerkit.core.logic import cohort
    from careerkit.core.answers import Answers
    from careerkit.core.storage.store import Store
    from careerkit.serving.workshop.dashboard import load_members
    from careerkit.serving.workshop.db import WorkshopDB
    from tests.support.cohort import seed_cohort

    with tempfile.TemporaryDirectory(prefix="careerkit-bench-room-") as folder:
        store = Store(f"sqlite:///{Path(folder) / 'answers.sqlite'}")
        seed_cohort(store, "room", n=n)
        db = WorkshopDB(store)
        together, alone = [], []
        for _ in range(runs):
            start = time.perf_counter()
            members = load_members(store, db, "room")
            loaded = time.perf_counter()
            cohort.progress_rows(members)
            cohort.riasec_summary(members)
            cohort.aggregates(members)
            cohort.shared_texts(members)
            together.append((loaded - start, time.perf_counter() - start))
            start = time.perf_counter()
            for p in db.participants("room"):
                Answers.load(store, p.profile)
            alone.append(time.perf_counter() - start)
        store.close()
    return {"load": median([t[0] for t in together]), "refresh": median([t[1] for t in together]),
            "load_one_by_one": median(alone), "samples": [t[1] for t in together]}
