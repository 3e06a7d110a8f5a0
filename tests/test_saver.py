"""The Saver's promises, on the road a typist takes: an answer is written at most one
second after its first unsaved change even while typing goes on, and "✓ Saved" never
shows before the revision is committed (read back through another connection)."""

from __future__ import annotations

import heapq
import itertools
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from careerkit.widgets import forms
from careerkit.core.storage.store import Store
from careerkit.presentation.workbook import Workbook
from tests.support.postgres import fresh_database, require_postgres
from tests.support.figures import record

WB = "01_self_reflection"
KEYSTROKE = 0.18   # seconds between keys: steady typing, never the 0.4 s pause the debounce waits for
TEXT = "I lose track of time when I build"  # 33 characters


class FakeLoop:
    """The parts of an event loop the Saver uses, on a clock the test moves."""

    def __init__(self):
        self.now = 0.0
        self._queue: list = []
        self._order = itertools.count()

    def time(self) -> float:
        return self.now

    def call_later(self, delay, callback, *args):
        handle = _Handle(self.now + max(delay, 0.0), callback, args)
        heapq.heappush(self._queue, (handle.when, next(self._order), handle))
        return handle

    def advance(self, to: float) -> None:
        """Run every callback due up to ``to``, moving the clock as it goes."""
        while self._queue and self._queue[0][0] <= to:
            when, _n, handle = heapq.heappop(self._queue)
            self.now = when
            if not handle.cancelled:
                handle.callback(*handle.args)
        self.now = to


class _Handle:
    def __init__(self, when, callback, args):
        self.when, self.callback, self.args, self.cancelled = when, callback, args, False

    def cancel(self) -> None:
        self.cancelled = True


def test_steady_typing_is_saved_within_a_second_of_each_keystroke(sqlite_store):
    loop = FakeLoop()
    wb = Workbook(WB, store=sqlite_store, profile="p", delay=forms.SAVE_DELAY)
    wb.saver.loop = loop
    widget = wb.field("flow_moments")
    typed_at: list[float] = []
    saved: list[tuple[float, str]] = []
    original = sqlite_store.save_many

    def watched(*args, **kwargs):
        out = original(*args, **kwargs)
        saved.append((loop.now, sqlite_store.answers("p", WB).get("flow_moments") or ""))
        return out

    sqlite_store.save_many = watched
    for i in range(len(TEXT)):
        loop.advance(i * KEYSTROKE)
        widget.input.value = TEXT[: i + 1]
        typed_at.append(loop.now)
    end = typed_at[-1]
    loop.advance(end + 5)
    assert saved, "nothing was saved"
    assert saved[-1][1] == TEXT
    for count, moment in enumerate(typed_at, start=1):
        first_saved = next((at for at, text in saved if len(text) >= count), None)
        assert first_saved is not None and first_saved - moment <= 1.0, \
            f"character {count}, typed at {moment:.2f} s, saved at {first_saved} s"
    # and steady typing is not written on every key either
    assert len(saved) <= len(TEXT) // 3


_TYPIST = textwrap.dedent("""
    import asyncio, sys, time
    from careerkit.core.storage.store import Store
    from careerkit.presentation.workbook import Workbook

    async def main():
        store = Store(sys.argv[1])
        wb = Workbook("01_self_reflection", store=store, profile="p")
        widget = wb.field("flow_moments")
        text = sys.argv[2]
        print("ready", flush=True)
        start = time.monotonic()
        for i in range(len(text)):
            await asyncio.sleep(max(0.0, start + i * float(sys.argv[3]) - time.monotonic()))
            widget.input.value = text[: i + 1]
            print(f"typed {i + 1} {time.monotonic()!r}", flush=True)
        await asyncio.sleep(3600)

    asyncio.run(main())
""")


def test_a_killed_kernel_keeps_what_was_typed_more_than_a_second_before(tmp_path):
    url = f"sqlite:///{tmp_path / 'answers.sqlite'}"
    Store(url).ensure_profile("p")
    child = subprocess.Popen([sys.executable, "-c", _TYPIST, url, TEXT, str(KEYSTROKE)],
                             stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    typed: list[float] = []
    try:
        assert child.stdout.readline().strip() == "ready"
        for line in child.stdout:
            typed.append(float(line.split()[2]))
            if len(typed) == len(TEXT):
                break
        child.send_signal(signal.SIGKILL)   # no exit handler runs: only what was committed stays
        killed = time.monotonic()
        child.wait(30)
    finally:
        if child.poll() is None:
            child.kill()
    assert len(typed) == len(TEXT)
    store = Store(url)
    kept = store.answers("p", WB).get("flow_moments") or ""
    store.close()
    due = sum(1 for moment in typed if killed - moment > 1.5)
    record("fault_killed_while_typing", keys_typed=len(typed), typed_over_seconds=round(typed[-1] - typed[0], 1),
           keys_due=due, characters_kept=len(kept), kept_as_typed=TEXT.startswith(kept),
           all_due_kept=len(kept) >= due, answers_lost=int(len(kept) < due or not TEXT.startswith(kept)))
    assert due >= 20, f"the typist was too slow to judge ({due} keys more than 1.5 s before the kill)"
    assert TEXT.startswith(kept)
    assert len(kept) >= due, f"{len(kept)} characters kept, {due} were typed more than 1.5 s before the kill"


# -- "✓ Saved" only after the commit ----------------------------------------------------------

def _committed(url: str, workbook: str, field: str):
    """The field's current answer as another program sees it (a connection of its own)."""
    other = Store(url)
    try:
        return other.answers("p", workbook).get(field)
    finally:
        other.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'answers.sqlite'}"
    else:
        with fresh_database(require_postgres()) as pg_url:
            yield pg_url


def test_saved_shows_only_once_the_revision_is_committed(url):
    store = Store(url)
    wb = Workbook(WB, store=store, profile="p", delay=0)
    checked: list[tuple] = []
    fields = {"flow_moments": "Building a shelf", "hobbies": ["choir"], "ri_r01": 4}
    for field_id in fields:
        widget = wb.field(field_id)

        def check(change, field_id=field_id, widget=widget) -> None:
            if "✓ Saved" in change["new"]:
                checked.append((field_id, widget.value, _committed(url, WB, field_id)))

        widget.message.observe(check, "value")
    wb.field("flow_moments").input.value = fields["flow_moments"]
    wb.field("hobbies").input.value = fields["hobbies"]
    wb.field("ri_r01")._buttons.value = fields["ri_r01"]
    assert [c[0] for c in checked] == list(fields)
    for field_id, shown, committed in checked:
        assert committed == shown == fields[field_id], f"{field_id}: “Saved” shown before the commit"
    store.close()


def test_saved_is_not_shown_when_a_commit_is_announced_early(url, monkeypatch):
    """The check above can fail: a Saver that says "Saved" before writing is caught."""
    store = Store(url)
    wb = Workbook(WB, store=store, profile="p", delay=0)
    widget = wb.field("flow_moments")
    seen: list = []
    widget.message.observe(lambda c: seen.append(_committed(url, WB, "flow_moments"))
                           if "✓ Saved" in c["new"] else None, "value")
    real_write = forms.Saver._write

    def early(self, batch):
        for _value, wgt in batch.values():
            if wgt is not None:
                wgt.show_status("✓ Saved now", "saved")
        return real_write(self, batch)

    monkeypatch.setattr(forms.Saver, "_write", early)
    widget.input.value = "Too early"
    assert seen[0] != "Too early"   # what the test above would have caught
    store.close()
