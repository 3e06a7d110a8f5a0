"""Saving an answer: latency for one writer, and for many writer processes at once.

A save here is what a form does once a person pauses typing: the value is checked
(:func:`careerkit.core.validation.clean`) and written as a new revision in its own
transaction (:meth:`careerkit.core.storage.store.Store.save_many`), committed before "Saved"
shows. Concurrent writers are separate processes, as kernels are; each saves at
most once per :data:`careerkit.widgets.forms.SAVE_DELAY` (the pause the form waits for), the
fastest a person typing can cause. Afterwards every revision is read back: a
revision missing or out of order counts as lost.

Two ways a room saves: people typing independently (each writer starts at a random
moment within the first pause, then keeps the pace; the target is measured this way),
and the worst case where every writer saves at the same instant, every time.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

from .common import REPO, percentile

FIELD = ("01_self_reflection", "flow_moments")


def _value(i: int) -> str:
    return f"Draft {i}: the afternoon I rebuilt the rota and nobody noticed the time pass."


def write(url: str, profile: str, n: int, interval: float, start_at: float) -> dict:
    """``n`` saves by one writer; latencies in ms (run inside a writer process)."""
    from careerkit.core import content
    from careerkit.core.storage.store import Store
    from careerkit.core.validation import clean

    field = content.workbook(FIELD[0]).field(FIELD[1])
    store = Store(url)
    store.ensure_profile(profile)
    while time.time() < start_at:
        time.sleep(0.005)
    latencies = []
    for i in range(n):
        began = time.perf_counter()
        store.save_many(profile, [(FIELD[0], FIELD[1], clean(field, _value(i)))])
        latencies.append((time.perf_counter() - began) * 1000)
        if interval:
            time.sleep(max(0.0, interval - (time.perf_counter() - began)))
    return {"latencies": latencies}


def lost(url: str, profiles: list[str], n: int) -> int:
    """Revisions missing or out of order, over every writer."""
    from careerkit.core.storage.store import Store

    store = Store(url)
    missing = 0
    for profile in profiles:
        values = [r.value for r in store.history(profile, *FIELD)]
        expected = [_value(i) for i in range(n)]
        missing += sum(1 for a, b in zip(values, expected) if a != b) + abs(len(expected) - len(values))
    return missing


def concurrent(url: str, writers: int, n: int, interval: float, tag: str, *, in_step: bool = False) -> dict:
    """``writers`` processes saving ``n`` answers each, once per ``interval`` seconds.

    ``in_step``: every writer saves at the same instant (the worst case); otherwise each
    starts at a random moment within the first interval, as people typing do.
    """
    from careerkit.core.storage.store import Store

    Store(url)  # the schema is in place before the writers start
    profiles = [f"bench-{tag}-{i}" for i in range(writers)]
    start_at = time.time() + 3.0 + 0.25 * writers
    phase = random.Random(f"{tag}-{writers}")
    starts = [start_at if in_step else start_at + phase.uniform(0, interval) for _ in profiles]
    procs = [
        subprocess.Popen([sys.executable, "-m", "benchmarks.saving", url, p, str(n), str(interval), repr(t)],
                         cwd=REPO, stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(REPO)})
        for p, t in zip(profiles, starts)
    ]
    latencies: list[float] = []
    for proc in procs:
        out, _ = proc.communicate(timeout=600)
        if proc.returncode:
            raise RuntimeError(f"a writer failed with code {proc.returncode}")
        latencies.extend(json.loads(out)["latencies"])
    return {
        "p50": percentile(latencies, 50), "p99": percentile(latencies, 99), "max": max(latencies),
        "saves": len(latencies), "lost": lost(url, profiles, n),
    }


def single(url: str, n: int) -> dict:
    """One writer saving ``n`` answers back to back, in this process."""
    out = write(url, "bench-single", n, 0.0, 0.0)["latencies"]
    return {"p50": percentile(out, 50), "p99": percentile(out, 99), "max": max(out), "saves": len(out),
            "lost": lost(url, ["bench-single"], n)}


def sqlite_url(folder: Path) -> str:
    return f"sqlite:///{folder / 'answers.sqlite'}"


if __name__ == "__main__":
    url, profile, n, interval, start_at = sys.argv[1:6]
    print(json.dumps(write(url, profile, int(n), float(interval), float(start_at))))
