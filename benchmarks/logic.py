"""Figures that need no server: importing careerkit, occupation matching, cohort aggregates."""

from __future__ import annotations

import json
import random
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
    from careerkit import derived
    from careerkit.answers import Answers
    from careerkit.examples import example_answers

    data: dict = {}
    for wb, field, value in example_answers():
        data.setdefault(wb, {})[field] = value
    return derived.interest_profile(Answers(data)).scores


def matching(runs: int) -> dict:
    """Ranking every O*NET occupation for the example person: first call, then warm median."""
    from careerkit.matching import rank_occupations

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


def _synthetic_value(field, example, rng: random.Random):
    """A plausible answer to ``field``: a random one for scales and choices, else the example's."""
    t = field.type
    if t == "scale":
        return rng.randint(int(field.min), int(field.max))
    if t == "choice":
        return rng.choice(field.choices).value
    if t == "multichoice":
        k = rng.randint(1, min(3, len(field.choices)))
        return [c.value for c in rng.sample(list(field.choices), k)]
    if t == "ranking" and isinstance(example, list):
        items = list(example)
        rng.shuffle(items)
        return items
    return example


def cohort_members(n: int, seed: int = 11) -> list:
    """``n`` synthetic participants, each answering about 85% of every workbook's questions."""
    from careerkit import cohort, content
    from careerkit.answers import Answers
    from careerkit.examples import example_answers

    rng = random.Random(seed)
    examples = {(wb, f): v for wb, f, v in example_answers()}
    wanted = [(wb.id, field, examples[(wb.id, field.id)]) for wb in content.workbooks()
              for field in wb.fields.values() if (wb.id, field.id) in examples]
    members = []
    for i in range(n):
        data: dict = {}
        for wb_id, field, example in wanted:
            if rng.random() < 0.15:
                continue
            data.setdefault(wb_id, {})[field.id] = _synthetic_value(field, example, rng)
        members.append(cohort.Member(f"p{i}", Answers(data, profile=f"p{i}"), consent=rng.random() < 0.8))
    return members


def cohort_aggregate(members: list) -> float:
    """Seconds for the facilitator's whole picture: progress, interest codes, every aggregate."""
    from careerkit import cohort

    start = time.perf_counter()
    cohort.progress_rows(members)
    cohort.riasec_summary(members)
    cohort.aggregates(members)
    return time.perf_counter() - start
