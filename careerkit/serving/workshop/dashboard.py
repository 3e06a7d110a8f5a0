"""The facilitator's view of the room, opened with the workshop's facilitator key.

It shows how many joined and how far each workbook has got, charts of the answers
of those who agreed to count (k-anonymous: groups under five are "fewer than 5"),
the written answers participants chose to share, and a CSV of it all. It refreshes
itself every :data:`REFRESH_SECONDS` while the page is open, but what it shows is the
room's *released* picture (:func:`room_picture`): a new one only once at least
:data:`careerkit.core.logic.cohort.RELEASE_AFTER` people changed something since the last, so no
single person's change can be read off two refreshes (docs/PRIVACY.md).

Which workshop: ``CAREERKIT_WORKSHOP`` (set by ``careerkit app --workshop NAME``).
The key is typed into the page. ``CAREERKIT_FACILITATOR_KEY`` in the environment
unlocks it without typing, for running the dashboard headless on the facilitator's
own machine; ``careerkit app`` never passes that variable to a server.
"""

from __future__ import annotations

import asyncio
import base64
import datetime as _dt
import os
from dataclasses import dataclass

import ipywidgets as w

from careerkit.core.logic import cohort
from careerkit.core import content
from careerkit.presentation import style
from careerkit.core.answers import Answers
from careerkit.core.storage.store import Store
from careerkit.core.storage.storefront import open_store
from careerkit.presentation.views.core import render
from careerkit.serving.workshop.charts import aggregate_chart
from careerkit.serving.workshop.db import WorkshopDB
from careerkit.serving.workshop.session import KERNEL_SCOPE, WORKSHOP_VAR, browser_secret, request_query

__all__ = ["Dashboard", "KEY_VAR", "REFRESH_SECONDS", "RoomPicture", "load_members", "open_dashboard",
           "room_picture"]

KEY_VAR = "CAREERKIT_FACILITATOR_KEY"
REFRESH_SECONDS = 15


def load_members(store: Store, db: WorkshopDB, workshop: str) -> list[cohort.Member]:
    """Every participant of a workshop as the cohort sees them (answers, consent, shared answers)."""
    shared = db.shared_by_workshop(workshop)
    participants = db.participants(workshop)
    current = store.current_of(p.profile for p in participants)  # the room in one query, not one each
    return [
        cohort.Member(p.profile, Answers.from_current(current[p.profile], profile=p.profile), consent=p.consent,
                      shared=frozenset(shared.get(p.profile, ())))
        for p in participants
    ]


@dataclass(frozen=True)
class RoomPicture:
    """The room's released picture, when it was released, and whether changes wait for the next."""

    picture: cohort.Picture
    released_at: _dt.datetime
    waiting: bool


def room_picture(store: Store, db: WorkshopDB, workshop: str) -> RoomPicture:
    """The picture every facilitator view of ``workshop`` shows now (dashboard, CSV, summary).

    Releases a new picture when none exists yet, or when at least
    :data:`careerkit.core.logic.cohort.RELEASE_AFTER` people joined, left, gave or withdrew consent,
    or changed a counted answer since the last release; otherwise the last release
    stands. Releases are kept in the database, so a newly opened dashboard gets the same.
    """
    members = load_members(store, db, workshop)
    now = cohort.fingerprints(members)
    for _attempt in range(3):
        last = db.release(workshop)
        if last is not None:
            released_at, before, stored = last
            pending = cohort.changes(before, now)
            if pending < cohort.RELEASE_AFTER:
                return RoomPicture(cohort.Picture.from_json(stored), released_at, waiting=pending > 0)
        fresh = cohort.picture(members)
        if db.put_release(workshop, now, fresh.to_json(), last[0] if last else None):
            released_at, _fps, _pic = db.release(workshop)
            return RoomPicture(fresh, released_at, waiting=False)
    last = db.release(workshop)  # another page kept releasing first: show what it released
    return RoomPicture(cohort.Picture.from_json(last[2]), last[0], waiting=True)


_SUMMARY = """
<div class='ck-banner'>
  <div class='ck-kicker'>Facilitator view · checked {{ stamp }} · picture from {{ released }}</div>
  <h1>The room's picture: {{ workshop }}</h1>
  <p><b>{{ joined }}</b> joined · answers of <b>{{ consenting }}</b> count in the charts below
  {% if closed %}· <b>this workshop is closed</b>{% endif %}</p>
  <div class='ck-where'>Any group smaller than {{ k }} is shown as “fewer than {{ k }}”. Written answers appear
  only when their author shared them. The picture changes only once at least {{ batch }} people have joined,
  given or withdrawn consent, or changed an answer since the last one, so nobody's answers can be read off the
  difference{% if waiting %} · <b class='ck-picture-waiting'>newer changes wait for the next picture</b>{% endif %}.
  </div>
</div>
"""

_PROGRESS = """
<table class='ck-progress-table ck-room-progress'>
<tr><th></th><th>Workbook</th><th>started</th><th>halfway</th><th>finished</th></tr>
{% for r in rows %}
<tr><td>{{ "%02d" | format(r.number) }}</td><td>{{ r.title }}</td>
<td>{{ label(r.started) }}</td><td>{{ label(r.halfway) }}</td><td>{{ label(r.finished) }}</td></tr>
{% endfor %}
</table>
"""

_SHARED = """
{% if not texts %}
<div class='ck-chart-empty'>Nobody has shared a written answer with the room yet.</div>
{% else %}
{% for question, items in texts | groupby('question') %}
<div class='ck-card ck-shared-text'><h4>{{ question }}</h4>
<ul>{% for t in items %}<li>{{ t.text }}</li>{% endfor %}</ul></div>
{% endfor %}
{% endif %}
"""

_CSV = """
<a class='jupyter-button widget-button mod-primary ck-download ck-csv' download='{{ filename }}' href='{{ href }}'
   style='display:inline-flex;align-items:center;padding:0 12px;text-decoration:none;line-height:28px'>
   ⬇ Download the room's picture as CSV</a>
<span class='ck-muted'>Counts only, with the same “fewer than {{ k }}” rule.</span>
"""


class Dashboard:
    """The unlocked dashboard of one workshop: panels redrawn on refresh."""

    def __init__(self, workshop: str, *, store: Store | None = None, refresh_seconds: float = REFRESH_SECONDS):
        self.store = store or open_store()
        self.db = WorkshopDB(self.store)
        self.workshop = workshop
        self.refresh_seconds = refresh_seconds
        self.room: cohort.Picture | None = None
        self.summary = w.HTML()
        self.progress = w.HTML()
        self.riasec = w.HTML()
        choices = [(f"{b.number:02d} · {b.title}", b.id) for b in content.workbooks() if cohort.aggregate_fields(b.id)]
        self.picker = w.Dropdown(options=choices, value=choices[0][1] if choices else None,
                                 description="Workbook", layout=w.Layout(width="32em"))
        self.picker.observe(lambda _c: self._draw_answers(), "value")
        self.answers = w.HTML()
        self.shared = w.HTML()
        self.csv = w.HTML(layout=w.Layout(width="auto", flex="1 1 auto"))
        self.button = w.Button(description="Refresh now", icon="refresh")
        self.button.on_click(lambda _b: self.refresh())
        self._timer: asyncio.TimerHandle | None = None
        self.widget = w.VBox([
            style.stylesheet(), self.summary, w.HBox([self.button, self.csv], layout=w.Layout(align_items="center", flex_flow="row wrap")),
            w.HTML("<h3>How far the room has got</h3>"), self.progress,
            w.HTML("<h3>Interest codes</h3>"), self.riasec,
            w.HTML("<h3>Answers, workbook by workbook</h3>"), self.picker, self.answers,
            w.HTML("<h3>Written answers shared with the room</h3>"), self.shared,
        ])
        self.widget.add_class("ck-dashboard")
        self.refresh()
        self._schedule()

    def refresh(self) -> None:
        """Read the room again and redraw every panel from its released picture."""
        info = self.db.workshop(self.workshop)
        room = room_picture(self.store, self.db, self.workshop)
        self.room = pic = room.picture
        k = pic.k
        stamp = _dt.datetime.now().strftime("%H:%M:%S")
        released = room.released_at.astimezone().strftime("%H:%M:%S")
        self.summary.value = render(
            _SUMMARY, workshop=self.workshop, stamp=stamp, released=released, k=k, closed=bool(info and not info.open),
            joined=cohort.count_label(pic.joined, k), consenting=cohort.count_label(pic.consenting, k),
            batch=cohort.RELEASE_AFTER, waiting=room.waiting)
        self.progress.value = render(_PROGRESS, rows=pic.progress, label=cohort.count_label)
        self.riasec.value = "".join(aggregate_chart(a).html() for a in pic.riasec)
        self._draw_answers()
        self.shared.value = render(_SHARED, texts=pic.shared)
        data = cohort.picture_csv(pic).encode("utf-8-sig")
        self.csv.value = render(_CSV, k=k, filename=f"careerkit-{self.workshop}-room.csv",
                                href="data:text/csv;charset=utf-8;base64," + base64.b64encode(data).decode("ascii"))

    def _draw_answers(self) -> None:
        if not self.picker.value or self.room is None:
            self.answers.value = ""
            return
        aggs = self.room.for_workbook(self.picker.value)
        self.answers.value = "".join(aggregate_chart(a).html() for a in aggs) or (
            "<div class='ck-chart-empty'>This workbook has no questions that count in the room's picture.</div>")

    def _schedule(self) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self._timer = loop.call_later(self.refresh_seconds, self._tick)

    def _tick(self) -> None:
        try:
            self.refresh()
        except Exception as exc:  # a passing database hiccup must not stop the live view
            import sys

            print(f"careerkit: the dashboard could not refresh: {exc!r}", file=sys.stderr)
        self._schedule()


def open_dashboard(workshop: str | None = None, *, store: Store | None = None) -> w.Widget:
    """The facilitator dashboard: a key prompt, then the room's picture (nothing without the key)."""
    name = workshop or os.environ.get(WORKSHOP_VAR, "").strip()
    root = w.VBox([style.stylesheet()])
    root.add_class("ck-facilitator")
    if not name:
        root.children = [style.stylesheet(), w.HTML(
            "<div class='ck-notice'>This page shows a workshop's picture to its facilitator. No workshop is "
            "running here: start one with <code>careerkit workshop create NAME</code> and serve it with "
            "<code>careerkit app --workshop NAME</code>.</div>")]
        return root
    store = store or open_store()
    db = WorkshopDB(store)
    key = w.Password(placeholder="facilitator key", layout=w.Layout(width="24em"))
    key.add_class("ck-facilitator-key")
    button = w.Button(description="Open the dashboard", button_style="primary", layout=w.Layout(width="auto"))
    button.add_class("ck-open-dashboard")
    message = w.HTML()
    request_query()  # a preheated page waits for its request, which brings the browser's cookie
    browser = browser_secret()

    def unlock(typed: object) -> bool:
        result = db.check_key(name, typed if isinstance(typed, str) else "", scope=KERNEL_SCOPE, browser=browser)
        key.value = ""
        if not result.ok:
            message.value = render("<div class='ck-error' role='alert'>{{ m }}</div>", m=result.message)
            return False
        root.children = [Dashboard(result.profile, store=store).widget]
        return True

    button.on_click(lambda _b: unlock(key.value))
    root.children = [style.stylesheet(), w.HTML(render(
        "<div class='ck-card'><h4>Facilitator dashboard · {{ name }}</h4><p>Type the facilitator key you were given "
        "when the workshop was created.</p></div>", name=name)), w.HBox([key, button]), message]
    root.unlock = unlock  # type: ignore[attr-defined]
    preset = os.environ.get(KEY_VAR, "").strip()
    if preset:
        unlock(preset)
    return root
