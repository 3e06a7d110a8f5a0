"""Panels of workbook 00 for shared servers: the Binder reminder, and privacy choices in a workshop.

* ``binder``: on Binder (a temporary server that forgets everything when it stops)
  a banner reminds people to download their answers before leaving, with the
  download itself. Binder is recognised by the variables it sets in every session:
  ``BINDER_LAUNCH_HOST``, ``BINDER_REQUEST``, ``BINDER_REPO_URL`` (or, as a fallback, a
  ``JUPYTERHUB_SERVICE_PREFIX``/``JUPYTERHUB_BASE_URL`` mentioning binder). Elsewhere
  it shows nothing.
* ``workshop``: on a workshop server, or on a JupyterHub with the careerkit service,
  whether this participant's answers count in the room's picture, and which of their
  own free-text answers they share with the room. Elsewhere it shows nothing.
"""

from __future__ import annotations

import base64
import datetime as _dt
import os
from collections.abc import Mapping

import ipywidgets as w

from careerkit.core.logic import cohort
from careerkit.presentation.views.core import register, render

WB = "00_start_here"

BINDER_VARS = ("BINDER_LAUNCH_HOST", "BINDER_REQUEST", "BINDER_REPO_URL")


def on_binder(environ: Mapping[str, str] | None = None) -> bool:
    """Whether this kernel runs on a Binder server."""
    environ = os.environ if environ is None else environ
    if any(environ.get(v, "").strip() for v in BINDER_VARS):
        return True
    return any("binder" in environ.get(v, "").lower() for v in ("JUPYTERHUB_SERVICE_PREFIX", "JUPYTERHUB_BASE_URL"))


_BINDER = """
<div class='ck-notice ck-binder-banner' role='alert'>
<h4>⚠ This is a temporary server</h4>
<p>Binder throws this server away when you close the page or leave it idle for a few minutes, and your
answers go with it. <b>Download your answers before you leave</b>, then bring them back any time with
<code>careerkit import</code> on your own computer or on your next visit.</p>
<a class='jupyter-button widget-button mod-primary ck-download' download='{{ filename }}' href='{{ href }}'
   style='display:inline-flex;align-items:center;padding:0 12px;text-decoration:none;line-height:28px'>
   ⬇ Download my answers</a>
</div>
"""


@register(WB, "binder")
def binder_banner(wb, environ: Mapping[str, str] | None = None) -> str:
    """The Binder reminder with a download of every answer (nothing when not on Binder)."""
    if not on_binder(environ):
        return ""
    from careerkit.core import exchange

    data = exchange.dumps(exchange.export(wb.store, wb.profile)).encode("utf-8")
    href = "data:application/json;base64," + base64.b64encode(data).decode("ascii")
    stamp = _dt.date.today().isoformat()
    return render(_BINDER, href=href, filename=f"careerkit-answers-{stamp}.json")


class PrivacyPanel(w.VBox):
    """Consent to count in the room's picture, and per-answer sharing of free text.

    Every value that arrives from the page is checked here, in the kernel: a crafted
    client can send anything, but only a true/false for a question listed here is kept.
    """

    def __init__(self, wb, page):
        self.wb = wb
        self.page = page
        self.db = page.db
        participant = self.db.participant(wb.profile)
        self.consent = w.Checkbox(
            value=bool(participant and participant.consent), indent=False, layout=w.Layout(width="auto"),
            description="Count my answers in the room's picture (anonymously, in groups of five or more)")
        self.consent.add_class("ck-consent")
        self.consent.observe(self._consent_changed, "value")
        self.message = w.HTML()
        self.message.add_class("ck-message")
        self.shares = w.VBox()
        self._boxes: dict[tuple[str, str], w.Checkbox] = {}
        self._loading = False
        super().__init__([
            w.HTML(render(_PRIVACY_INTRO, workshop=page.workshop)),
            self.consent, self.shares, self.message,
        ])
        self.add_class("ck-privacy")
        self.refresh()
        wb.on_change(self.refresh)

    def _consent_changed(self, change) -> None:
        value = change.get("new")
        if not isinstance(value, bool):
            self._say("Please tick or untick the box.", error=True)
            return
        self.db.set_consent(self.wb.profile, value)
        self._say("Your answers now count in the room's picture." if value else
                  "Withdrawn: your answers leave the room's picture at its next update, once at least five "
                  "people have changed something (sooner would show your answers in the difference).")
        self.refresh()

    def _share_changed(self, key: tuple[str, str], change) -> None:
        if self._loading:
            return
        value = change.get("new")
        if key not in self._shareable() or not isinstance(value, bool):
            self._say("That answer cannot be shared.", error=True)
            return
        self.db.set_shared(self.wb.profile, key[0], key[1], value)
        self._say("Shared with the room, without your name." if value else "No longer shared.")

    def _shareable(self) -> dict[tuple[str, str], tuple[str, str]]:
        answers = self.wb.answers
        out = {}
        for workbook_id, f in cohort.shareable_text_fields():
            text = answers[workbook_id].get(f.id)
            if isinstance(text, str) and text.strip():
                out[(workbook_id, f.id)] = (f.label, text.strip())
        return out

    def refresh(self) -> None:
        """Show the current choices (after answers change, or consent is given or withdrawn)."""
        if not self.consent.value:
            self.shares.children = [w.HTML("<p class='ck-muted'>Nothing of yours is in the room's picture. "
                                           "Tick the box above to take part; untick it any time.</p>")]
            return
        shared = self.db.shared(self.wb.profile)
        rows: list[w.Widget] = []
        for key, (label, text) in self._shareable().items():
            box = self._boxes.get(key)
            if box is None:
                box = w.Checkbox(indent=False, layout=w.Layout(width="auto"))
                box.add_class("ck-share")
                box.observe(lambda change, key=key: self._share_changed(key, change), "value")
                self._boxes[key] = box
            preview = text if len(text) <= 90 else text[:87] + "…"
            box.description = f"{label} — “{preview}”"
            if box.value != (key in shared):
                self._loading = True
                try:
                    box.value = key in shared
                finally:
                    self._loading = False
            rows.append(box)
        head = ("<p><b>Share a written answer with the room</b> (optional). Only the answers you tick are shown "
                "to the facilitator, word for word and without your name. Everything else you write stays private.</p>")
        if not rows:
            rows = [w.HTML("<p class='ck-muted'>Written answers you give in the workbooks appear here, "
                           "each with its own choice to share it.</p>")]
        self.shares.children = [w.HTML(head), *rows]

    def _say(self, text: str, *, error: bool = False) -> None:
        kind = "ck-error" if error else "ck-status ck-saved"
        self.message.value = render("<div class='{{ kind }}'>{{ text }}</div>", kind=kind, text=text)


_PRIVACY_INTRO = """
<div class='ck-card'><h4>Your privacy in the workshop “{{ workshop }}”</h4>
<p>The facilitator sees how the room is doing: how many people have joined and how far they have got,
and, from those who agree, charts of answers such as interest codes, values and choices. Any group smaller
than five is shown only as “fewer than 5”, and the picture changes only once at least five people have changed
something, so nobody's answers can be read off the difference. Your written answers stay private unless you
share one below.</p>
</div>
"""


class HubRoom:
    """The room of a JupyterHub, as :class:`PrivacyPanel` sees it.

    On a hub the careerkit service keeps who consents and what is shared (the kernel
    never holds the database); these calls go to it with the user's own hub token, so
    a person can only ever change their own choices.
    """

    def __init__(self, store):
        self.store = store
        self.db = self
        self.workshop = store.room_choices().get("room") or "on this hub"

    def participant(self, profile: str):
        return _Choice(bool(self.store.room_choices()["consent"]))

    def set_consent(self, profile: str, value: bool) -> None:
        self.store.set_room_choices(consent=value)

    def shared(self, profile: str) -> set[tuple[str, str]]:
        return set(self.store.room_choices()["shared"])

    def set_shared(self, profile: str, workbook_id: str, field_id: str, value: bool) -> None:
        self.store.set_room_choices(shared=[(workbook_id, field_id, value)])


class _Choice:
    def __init__(self, consent: bool):
        self.consent = consent


def _hub_room(wb):
    from careerkit.core.storage.remote import RemoteStore

    return HubRoom(wb.store) if isinstance(wb.store, RemoteStore) else None


@register(WB, "workshop")
def privacy(wb):
    """Consent and sharing choices on a workshop server or a hub's room (nothing elsewhere)."""
    page = getattr(wb, "workshop", None) or _hub_room(wb)
    if page is None:
        return ""
    return PrivacyPanel(wb, page)
