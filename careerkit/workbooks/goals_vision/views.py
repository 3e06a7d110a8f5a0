"""Panels and tools of workbook 04: journal prompt, vision board, SMART check, step adder,
plan check, and the review panel (what changed since the previous review)."""

from __future__ import annotations

import datetime as _dt
from typing import Any

import ipywidgets as w
from markupsafe import Markup

from careerkit.core import content
from careerkit.core.logic import goals
from careerkit.core.storage import safety
from careerkit.core.storage.storefront import StoreError
from careerkit.workbooks.goals_vision import vision
from careerkit.core.validation import InvalidAnswer, new_row_id
from careerkit.presentation.views.core import register, render

WB = goals.WB

_CSS = Markup("""<style>
.ck-vb-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(190px, 1fr)); gap: 12px; }
.ck-vb-card { border: 1px solid #d9dee4; border-radius: 10px; overflow: hidden; background: #fff; }
.ck-vb-card img { width: 100%; height: 150px; object-fit: cover; display: block; background: #eef2f5; }
.ck-vb-missing { height: 150px; display: flex; align-items: center; justify-content: center; text-align: center;
  padding: 8px; background: linear-gradient(135deg, #e3eef4, #e6f2ee); color: #4a5560; font-size: .88em; }
.ck-vb-body { padding: 6px 10px 8px 10px; }
.ck-vb-caption { font-weight: 600; margin: 0 0 4px 0; }
.ck-chip { display: inline-block; background: #eef4f8; color: #0b4f71; border-radius: 10px; padding: 0 8px;
  margin: 2px 3px 0 0; font-size: .82em; }
.ck-smart li { margin: 2px 0; list-style: none; }
.ck-smart ul { padding-left: 0.4em; }
.ck-ok { color: #1b7f3b; font-weight: 600; }
.ck-miss { color: #a05a00; font-weight: 600; }
.ck-late { color: #b3450b; font-weight: 600; }
</style>""")


def _when(value: Any) -> str:
    if isinstance(value, str) and value:
        try:
            value = _dt.date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, _dt.date):
        return f"{value.day} {value:%b %Y}"
    return "none"


# -- vision -----------------------------------------------------------------------------------

_PROMPT = """
<div class='ck-card'>
<h4>A prompt for your next entry</h4>
<p><i>{{ prompt.text }}</i></p>
<p class='ck-muted'>{% if prompt.used %}You last wrote about this on {{ last }}; it is the one you have left longest.
{% else %}You have not written about this one yet.{% endif %}
 Add an entry below and choose this prompt from the list, or write about anything that is on your mind.</p>
</div>
"""


@register(WB, "journal_prompt")
def journal_prompt(wb) -> str:
    """The journal prompt to try next: one not yet written about, else the one left longest."""
    prompt = vision.next_prompt(wb.answers.rows(f"{WB}.vision_journal"))
    return render(_PROMPT, prompt=prompt, last=_when(prompt["last"]))


_BOARD = """
{{ css }}
{% if not cards %}
<div class='ck-chart-empty'>Your board is empty. Choose a picture above, give it a caption and a few keywords,
and add it.</div>
{% endif %}
"""

_CARD = """
<div class='ck-vb-card'>
{% if card.src %}<img src='{{ card.src }}' alt='{{ card.caption or "A picture on your vision board" }}'>
{% else %}<div class='ck-vb-missing'>This picture is not stored in this copy of your answers.
Add it again if you still have it.</div>{% endif %}
<div class='ck-vb-body'>
{% if card.caption %}<p class='ck-vb-caption'>{{ card.caption }}</p>{% endif %}
{% for k in card.keywords %}<span class='ck-chip'>{{ k }}</span>{% endfor %}
</div>
</div>
"""

_PREVIEW = """
<div class='ck-vb-card' style='max-width: 220px'><img src='{{ src }}' alt='The picture you chose'></div>
"""


class VisionBoard(w.VBox):
    """Upload pictures with a caption and keywords, see them as a board, remove cards.

    Every file is checked on the kernel side (:func:`careerkit.workbooks.goals_vision.vision.check_image`)
    before it is kept; the board is saved through ``wb.save`` like any other answer.
    """

    def __init__(self, wb):
        self.wb = wb
        self._pending: tuple[bytes, str, str] | None = None
        self.upload = w.FileUpload(accept="image/png,image/jpeg,image/gif,image/webp", multiple=False,
                                   description="Choose a picture", layout=w.Layout(width="auto"))
        self.upload.observe(self._uploaded, "value")
        self.preview = w.HTML()
        self.caption = w.Text(placeholder="What this picture stands for", description="Caption",
                              layout=w.Layout(width="100%"))
        self.keywords = w.TagsInput(value=[], allow_duplicates=False, layout=w.Layout(width="100%"))
        self.add = w.Button(description="Add to board", icon="plus", button_style="primary", disabled=True)
        self.add.on_click(lambda _b: self.add_pending())
        self.message = w.HTML()
        self.message.add_class("ck-message")
        self.board = w.HTML()
        self.cards = w.GridBox(layout=w.Layout(grid_template_columns="repeat(auto-fill, minmax(200px, 1fr))",
                                               grid_gap="12px"))
        form = w.VBox([
            w.HTML(render("<div class='ck-help'>PNG, JPEG, GIF or WebP pictures, up to "
                          "{{ mb }} MB each. They are kept with your answers.</div>",
                          mb=vision.MAX_IMAGE_BYTES // (1024 * 1024))),
            self.upload, self.preview, self.caption,
            w.HTML("<label class='ck-sublabel'>Keywords (type one, press Enter)</label>"), self.keywords,
            self.add, self.message,
        ])
        form.add_class("ck-form")
        super().__init__([form, self.board, self.cards])
        self.add_class("ck-vision-board")
        self.refresh()
        wb.on_change(self.refresh)

    # -- actions ---------------------------------------------------------------------------
    def _uploaded(self, change) -> None:
        entries = change["new"]
        if not entries:
            return
        data, suggested = vision.read_upload(entries[0])
        self.upload.value = ()  # the bytes are held here now; let the same file be chosen again
        self.choose(data, suggested)

    def choose(self, data: bytes, suggested_caption: str = "") -> bool:
        """Check a chosen file and hold it until "Add to board"; False (with a message) if refused."""
        try:
            mime = vision.check_image(data)
        except InvalidAnswer as exc:
            self._pending = None
            self.preview.value = ""
            self.add.disabled = True
            self._say(exc.message, error=True)
            return False
        self._pending = (data, mime, suggested_caption)
        if not self.caption.value.strip():
            self.caption.value = suggested_caption
        self.preview.value = render(_PREVIEW, src=vision.data_url(data))
        self.add.disabled = False
        self._say("Ready: check the caption, add a few keywords, then add it to your board.")
        return True

    def add_pending(self) -> bool:
        """Keep the chosen picture and add its card to the board."""
        if self._pending is None:
            self._say("Choose a picture first.", error=True)
            return False
        data, mime, suggested = self._pending
        from careerkit.core.storage.store import AttachmentLimit, attachment_key

        try:
            self.wb.saver.flush()
            current = self.wb.get("vision_board", [])
            # The card is checked first (a duplicate, a full board), and the picture is kept
            # only once the board accepts it, so refused attempts store nothing.
            rows = vision.add_card(current, attachment_key(data), self.caption.value, list(self.keywords.value))
            had = set(self.wb.store.attachment_keys(self.wb.profile))
            key = self.wb.store.put_attachment(self.wb.profile, data, mime, name=suggested, limit=vision.MAX_PICTURES)
            try:
                kept = self.wb.save("vision_board", rows)
            except BaseException:
                if key not in had:
                    self.wb.store.delete_attachment(self.wb.profile, key)
                raise
        except InvalidAnswer as exc:
            self._say(exc.message, error=True)
            return False
        except AttachmentLimit as exc:
            self._say(f"You keep {exc.limit} pictures, as many as careerkit keeps for one person; "
                      "remove one from your board to add another.", error=True)
            return False
        except StoreError as exc:  # the picture itself could not be kept: the choice stays, try again
            self._say(f"The picture could not be kept just now ({safety.message_for(safety.kind_of(exc))}) "
                      "It is still chosen: press “Add to board” again in a moment.", error=True)
            return False
        self._pending = None
        self.preview.value = ""
        self.caption.value = ""
        self.keywords.value = []
        self.add.disabled = True
        from careerkit.presentation.workbook import HELD

        self._say("✓ Added to your board." if kept is not None else f"Added to your board, {HELD}.")
        self.refresh()
        return True

    def remove(self, card_id: str) -> None:
        """Take a card off the board."""
        self.wb.saver.flush()
        current = self.wb.get("vision_board", [])
        gone = next((r for r in current if r.get("_id") == card_id), None)
        if gone is None:
            return
        from careerkit.presentation.workbook import HELD

        left = vision.remove_card(current, card_id)
        kept = self.wb.save("vision_board", left)
        key = gone.get("image")
        if (kept is not None and isinstance(key, str) and key.startswith("sha256:")
                and all(r.get("image") != key for r in left)):
            self.wb.store.delete_attachment(self.wb.profile, key)  # the picture goes with its card
        label = f"“{gone.get('caption')}”" if gone.get("caption") else "the picture"
        self._say(f"Removed {label} from your board." + ("" if kept is not None else f" It is {HELD}."))
        self.refresh()

    # -- drawing -----------------------------------------------------------------------------
    def _fetch(self, key: str) -> bytes | None:
        found = self.wb.store.get_attachment(self.wb.profile, key)
        return found[0] if found else None

    def refresh(self) -> None:
        """Draw the board from the saved answer."""
        cards = vision.board_cards(self.wb.get("vision_board", []), self._fetch)
        self.board.value = render(_BOARD, css=_CSS, cards=cards)
        boxes = []
        for card in cards:
            remove = w.Button(description="Remove", icon="trash", tooltip="Take this picture off your board",
                              layout=w.Layout(width="auto", margin="0 10px 8px 10px"))
            remove.on_click(lambda _b, cid=card["id"]: self.remove(cid))
            box = w.VBox([w.HTML(render(_CARD, card=card)), remove])
            box.card_id = card["id"]  # type: ignore[attr-defined]
            boxes.append(box)
        self.cards.children = boxes

    def _say(self, text: str, *, error: bool = False) -> None:
        css = "ck-error" if error else "ck-status ck-saved"
        self.message.value = render("<div class='{{ css }}' role='{{ role }}'>{{ text }}</div>",
                                    css=css, role="alert" if error else "status", text=text)


@register(WB, "vision_board")
def vision_board(wb) -> w.Widget:
    """The vision board: upload pictures with captions and keywords; remove cards."""
    return VisionBoard(wb)


# -- goals ------------------------------------------------------------------------------------

_SMART = """
{{ css }}
{% if not summary %}
<div class='ck-chart-empty'>Add a goal above to see how it measures up against the SMART checklist.</div>
{% endif %}
{% for item in summary %}
<div class='ck-card ck-smart'>
<h4>{{ item.goal.title }} <span class='ck-muted'>· {{ horizons.get(item.goal.horizon, "horizon not chosen") }}
· {{ item.met }} of 5</span></h4>
<ul>
{% for name, ok, message in item.checks %}
<li>{% if ok %}<span class='ck-ok'>✓ {{ name }}</span>{% else %}<span class='ck-miss'>○ {{ name }}</span>{% endif %}
: {{ message }}</li>
{% endfor %}
</ul>
</div>
{% endfor %}
"""


@register(WB, "smart_check")
def smart_check(wb) -> str:
    """Each goal checked against the SMART criteria, with what is missing and how to fix it."""
    field = content.workbook(WB).field("goals").sub("horizon")
    horizons = {c.value: c.label for c in field.choices}
    return render(_SMART, css=_CSS, summary=goals.smart_summary(wb.answers), horizons=horizons)


class StepAdder(w.VBox):
    """Add an action step by picking its goal from a list, so the goal is always named exactly."""

    NO_GOAL = "(no particular goal)"

    def __init__(self, wb):
        self.wb = wb
        self.goal = w.Dropdown(description="Goal", layout=w.Layout(width="100%"),
                               style={"description_width": "4em"})
        self.step = w.Text(description="Step", placeholder="A step small enough to start this week",
                           layout=w.Layout(width="100%"), style={"description_width": "4em"})
        self.due = w.DatePicker(description="Due", style={"description_width": "4em"})
        self.milestone = w.Checkbox(value=False, description="This is a milestone (a turning point)", indent=False)
        self.add = w.Button(description="Add step", icon="plus", button_style="primary")
        self.add.on_click(lambda _b: self.add_step())
        self.message = w.HTML()
        self.message.add_class("ck-message")
        super().__init__([self.goal, self.step, w.HBox([self.due, self.milestone]), self.add, self.message])
        self.add_class("ck-form")
        self.add_class("ck-step-adder")
        self.refresh()
        wb.on_change(self.refresh)

    def refresh(self) -> None:
        """Offer the current goals (keeping the one chosen, if it still exists)."""
        titles = [g["title"] for g in goals.goal_rows(self.wb.answers)]
        chosen = self.goal.value
        self.goal.options = [(t, t) for t in titles] + [(self.NO_GOAL, "")]
        self.goal.value = chosen if chosen in titles else (titles[0] if titles else "")

    def add_step(self) -> bool:
        """Append the step to the steps answer; False (with a message) when something is missing."""
        text = " ".join(self.step.value.split())
        if not text:
            self._say("Type the step first.", error=True)
            return False
        row = {"_id": new_row_id(), "goal": self.goal.value or None, "step": text,
               "due": self.due.value.isoformat() if self.due.value else None,
               "status": "not_started", "kind": "milestone" if self.milestone.value else "step", "source": None}
        try:
            self.wb.saver.flush()
            self.wb.save("steps", list(self.wb.get("steps", [])) + [row])
        except InvalidAnswer as exc:
            self._say(exc.message, error=True)
            return False
        where = f" to “{self.goal.value}”" if self.goal.value else ""
        self._say(f"✓ Added “{text}”{where}.")
        self.step.value = ""
        self.due.value = None
        self.milestone.value = False
        return True

    def _say(self, text: str, *, error: bool = False) -> None:
        css = "ck-error" if error else "ck-status ck-saved"
        self.message.value = render("<div class='{{ css }}'>{{ text }}</div>", css=css, text=text)


@register(WB, "add_step")
def add_step(wb) -> w.Widget:
    """A small form that adds an action step to a goal chosen from a list."""
    return StepAdder(wb)


_PLAN = """
{{ css }}
{% if not all_steps %}
<div class='ck-chart-empty'>Add action steps below your goals to see what is overdue and what is coming up.</div>
{% else %}
<div class='ck-card'>
{% if overdue %}
<h4 class='ck-late'>Overdue ({{ overdue | length }})</h4>
<ul>{% for s in overdue %}<li><span class='ck-late'>{{ s.step }}</span> · {{ s.goal or "no goal" }} ·
due {{ when(s.due) }}, {{ s.days_overdue }} day{{ "s" if s.days_overdue != 1 else "" }} ago</li>{% endfor %}</ul>
<p class='ck-muted'>Late is normal. For each one: do it this week, give it an honest new date, or drop it.</p>
{% else %}
<h4>Nothing is overdue</h4>
{% endif %}
{% if soon %}
<h4>Coming up in the next {{ window }} days</h4>
<ul>{% for s in soon %}<li>{{ s.step }} · {{ s.goal or "no goal" }} · due {{ when(s.due) }}</li>{% endfor %}</ul>
{% endif %}
{% if undated %}
<p class='ck-muted'>{{ undated }} open step{{ "s have" if undated != 1 else " has" }} no due date yet.</p>
{% endif %}
{% if unmatched %}
<h4 class='ck-miss'>Steps whose goal was not found</h4>
<ul>{% for s in unmatched %}<li>“{{ s.step }}” names the goal “{{ s.goal }}”, which is not one of your goals.
{% if s.suggestion %}Did you mean “{{ s.suggestion }}”?{% else %}Check the spelling, or add that goal above.{% endif %}
</li>{% endfor %}</ul>
{% endif %}
</div>
{% endif %}
"""


@register(WB, "plan_check")
def plan_check(wb, today: _dt.date | None = None) -> str:
    """Overdue steps first, then what is due soon, and steps whose goal name matches no goal."""
    day = today or _dt.date.today()
    window = 14
    all_steps = goals.steps(wb.answers, today=day)
    overdue = sorted((s for s in all_steps if s["overdue"]), key=lambda s: -s["days_overdue"])
    soon = sorted((s for s in all_steps if s["due"] and s["status"] not in goals.CLOSED_STEP and not s["overdue"]
                   and _dt.date.fromisoformat(s["due"]) <= day + _dt.timedelta(days=window)), key=lambda s: s["due"])
    undated = sum(1 for s in all_steps if not s["due"] and s["status"] not in goals.CLOSED_STEP)
    unmatched = [s for s in all_steps if s["goal"] and not s["goal_matched"]]
    return render(_PLAN, css=_CSS, all_steps=all_steps, overdue=overdue, soon=soon, window=window,
                  undated=undated, unmatched=unmatched, when=_when)


# -- reviews ------------------------------------------------------------------------------------

_REVIEW = """
{{ css }}
<div class='ck-card{% if status.late %} ck-notice{% endif %}'>
<h4>Your review rhythm</h4>
{% if not status.cadence %}
<p>Choose how often you will review your goals, above, and log your first review.</p>
{% elif not status.last %}
<p>You plan to review {{ cadence }}. Log your first review above; the next date will appear here.</p>
{% else %}
<p>You review {{ cadence }}. Last review: {{ when(status.last) }} ({{ status.count }} so far).
Next review {% if status.late %}<b class='ck-late'>was due {{ when(status.next_due) }}, {{ -status.due_in }}
day{{ "s" if status.due_in != -1 else "" }} ago</b>{% elif status.due_in == 0 %}<b>is due today</b>{% else %}is due
{{ when(status.next_due) }}, in {{ status.due_in }} day{{ "s" if status.due_in != 1 else "" }}{% endif %}.</p>
{% endif %}
</div>
<div class='ck-card'>
<h4>What changed in your plan since {% if since %}your review of {{ when(since) }}{% else %}your last review{% endif %}</h4>
{% if not since %}
<p class='ck-muted'>Once you have logged a review, this shows what changed in your goals and steps since then,
ready for the next one.</p>
{% elif not had_plan %}
<p class='ck-muted'>No goals or steps had been saved yet on {{ when(since) }}, so everything in your plan is new since
then: {{ goals_now }} goal{{ "s" if goals_now != 1 else "" }} and {{ steps_now }} step{{ "s" if steps_now != 1 else "" }}.</p>
{% elif changes.empty %}
<p>Nothing has changed in your goals or steps since then.</p>
{% else %}
<ul>
{% for t in changes.goals_added %}<li><span class='ck-ok'>New goal:</span> {{ t }}</li>{% endfor %}
{% for t in changes.goals_removed %}<li><span class='ck-miss'>Goal removed:</span> {{ t }}</li>{% endfor %}
{% for title, diffs in changes.goals_changed %}<li>Goal “{{ title }}”: {% for d in diffs %}{{ describe(d) }}{{ "; " if not loop.last else "" }}{% endfor %}</li>{% endfor %}
{% for t in changes.steps_added %}<li><span class='ck-ok'>New step:</span> {{ t }}</li>{% endfor %}
{% for t in changes.steps_removed %}<li><span class='ck-miss'>Step removed:</span> {{ t }}</li>{% endfor %}
{% for name, old, new in changes.steps_status %}<li>Step “{{ name }}”: {{ old }} → <b>{{ new }}</b></li>{% endfor %}
{% for name, old, new in changes.steps_moved %}<li>Step “{{ name }}” moved from {{ when(old) }} to {{ when(new) }}</li>{% endfor %}
{% for name in changes.steps_changed %}<li>Step “{{ name }}” was reworded or moved to another goal</li>{% endfor %}
</ul>
{% endif %}
</div>
"""


def describe_change(change: tuple[str, Any, Any]) -> str:
    """One changed goal field in words: ``target date 31 Mar 2027 → 30 Apr 2027``."""
    label, old, new = change
    goal_field = content.workbook(WB).field("goals")
    if label in ("description", "why it matters"):
        return f"{label} rewritten"
    if label in ("target date", "date set"):
        return f"{label} {_when(old)} → {_when(new)}"
    if label in ("horizon", "status"):
        sub = goal_field.sub(label)
        return f"{label} {sub.choice_label(old) if old else 'none'} → {sub.choice_label(new) if new else 'none'}"
    if isinstance(old, list) or isinstance(new, list):
        return f"{label} now {', '.join(new or []) or 'none'}"
    return f"{label} {old if old not in (None, '') else 'none'} → {new if new not in (None, '') else 'none'}"


@register(WB, "review_status")
def review_status(wb, today: _dt.date | None = None) -> str:
    """When the next review is due, and what changed in goals and steps since the previous review."""
    day = today or _dt.date.today()
    status = goals.review_status(wb.answers, today=day)
    since = goals.previous_review(wb.answers, today=day)
    goals_now = wb.answers[WB].get("goals") or []
    steps_now = wb.answers[WB].get("steps") or []
    changes, had_plan = goals.Changes(), True
    if since is not None:
        cutoff = goals.end_of_day(since)
        goal_history = wb.store.history(wb.profile, WB, "goals")
        step_history = wb.store.history(wb.profile, WB, "steps")
        had_plan = (goals.value_as_of(goal_history, cutoff) is not None
                    or goals.value_as_of(step_history, cutoff) is not None)
        changes = goals.changes_since(goal_history, step_history, cutoff, goals_now, steps_now)
    return render(_REVIEW, css=_CSS, status=status, cadence=goals.CADENCE_LABELS.get(status["cadence"], ""),
                  since=since, changes=changes, had_plan=had_plan, when=_when, describe=describe_change,
                  goals_now=len(goals.goal_rows(wb.answers)), steps_now=len(goals.steps(wb.answers, today=day)))
