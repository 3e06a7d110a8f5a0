"""Who is answering on a shared workshop server, and the page that waits until we know.

On a workshop server (``CAREERKIT_WORKSHOP`` names the workshop) nobody sees a
single answer until the kernel knows whose page it is:

* a participant arriving at workbook 00 creates a private profile and is shown
  their resume code once;
* links careerkit draws between workbooks carry a short-lived session token
  (``?s=…``), never the code, so moving on needs no typing; the token is bound to the
  browser that started it (a random secret in careerkit's cookie, which the page sets and
  Voilà passes to the kernel as ``HTTP_COOKIE``), so the same link in another browser
  asks for the resume code;
* coming back later, on any device, the resume code opens a new session;
* on JupyterHub the hub has already said who this is (``JUPYTERHUB_USER``).

Until then :func:`open_workbook` returns a :class:`WorkshopPage` whose forms, charts
and panels are empty placeholders; signing in fills them in place.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Callable, Mapping, MutableMapping
from http.cookies import CookieError, SimpleCookie
from typing import Any
from urllib.parse import parse_qs

import ipywidgets as w

from careerkit.core import content
from careerkit.presentation import style
from careerkit.core.answers import Answers
from careerkit.core.profile import clean_profile_id
from careerkit.core.storage.store import Store
from careerkit.core.storage.storefront import open_store
from careerkit.serving.workshop.db import WorkshopDB, WorkshopError
from careerkit.widgets.markup import render

__all__ = ["BROWSER_COOKIE", "WORKSHOP_VAR", "WorkshopPage", "browser_secret", "open_workbook", "query_token",
           "request_query", "workshop_name"]

WORKSHOP_VAR = "CAREERKIT_WORKSHOP"
START = "00_start_here"
#: Identifies this kernel (one open page) for slowing down repeated wrong codes.
KERNEL_SCOPE = secrets.token_hex(8)
#: The cookie in which careerkit's page template keeps this browser's own random secret.
BROWSER_COOKIE = "careerkit_browser"
_BROWSER = re.compile(r"[A-Za-z0-9_-]{24,100}")


def workshop_name(environ: Mapping[str, str] = os.environ) -> str | None:
    """The workshop this server runs, or None outside workshop mode."""
    name = environ.get(WORKSHOP_VAR, "").strip()
    return name or None


def query_token(query_string: str) -> str | None:
    """The session token in a page's query string (``s=…``), if any."""
    values = parse_qs(query_string or "", keep_blank_values=False).get("s")
    if not values:
        return None
    token = values[0].strip()
    return token if 20 <= len(token) <= 100 and all(c.isalnum() or c in "-_" for c in token) else None


def request_query() -> str:
    """The query string of the page this kernel serves.

    A preheated Voilà kernel runs before anyone asks for the page; it must wait for
    the request before reading who it is for.
    """
    from careerkit.presentation.preheat import wait_for_visit

    wait_for_visit()
    return os.environ.get("QUERY_STRING", "")


def browser_secret(environ: MutableMapping[str, str] | None = None) -> str | None:
    """This browser's secret from the request's cookies (``HTTP_COOKIE``), or None.

    Voilà passes the request's ``Cookie`` header to the kernel when told to
    (``VoilaConfiguration.http_header_envs``). Only careerkit's own cookie is read, and the
    header is then removed from the environment, so nothing else in the kernel sees the
    page's other cookies.
    """
    environ = os.environ if environ is None else environ
    header = environ.pop("HTTP_COOKIE", "")
    try:
        morsel = SimpleCookie(header).get(BROWSER_COOKIE) if header else None
    except CookieError:
        return None
    value = morsel.value if morsel is not None else ""
    return value if _BROWSER.fullmatch(value) else None


def link(notebook: str, query: str) -> str:
    """A relative link to a workbook, carrying the session query when there is one."""
    return f"{notebook}?{query}" if query else notebook


class WorkshopPage:
    """One workbook on a workshop server: placeholders until the participant is known.

    Once signed in it behaves as the participant's :class:`~careerkit.presentation.workbook.Workbook`
    (every attribute is passed through), and every link it draws carries the session.
    """

    def __init__(self, workbook_id: str, *, store: Store, db: WorkshopDB, workshop: str,
                 browser: str | None = None):
        self.content = content.workbook(workbook_id)
        #: the secret of the browser showing this page, when known: sessions are bound to it
        self.browser = browser
        self.id = self.content.id
        self.store = store
        self.db = db
        self.workshop = workshop
        self.wb = None
        self.token: str | None = None
        self._slots: list[tuple[w.Box, Callable[[Any], w.Widget]]] = []
        self._banner = w.Box([w.HTML(self._anonymous_banner())])
        self.gate = Gate(self)

    # -- what notebook cells call -------------------------------------------------------
    def header(self) -> w.Widget:
        return w.VBox([style.stylesheet(), self._banner, self.gate.widget])

    def form(self, section_id: str) -> w.Widget:
        self.content.section(section_id)  # a typo fails now, not after sign-in
        return self._slot(lambda wb: wb.form(section_id))

    def field(self, field_id: str) -> w.Widget:
        self.content.field(field_id)
        return self._slot(lambda wb: wb.field(field_id))

    def chart(self, name: str) -> w.Widget:
        return self._slot(lambda wb: wb.chart(name))

    def show(self, name: str) -> w.Widget:
        return self._slot(lambda wb: wb.show(name))

    @property
    def answers(self) -> Answers:
        return self.wb.answers if self.wb is not None else Answers({})

    def get(self, ref: str, default: Any = None) -> Any:
        return self.wb.get(ref, default) if self.wb is not None else default

    @property
    def profile(self) -> str | None:
        return self.wb.profile if self.wb is not None else None

    @property
    def query(self) -> str:
        return f"s={self.token}" if self.token else ""

    def __getattr__(self, name: str) -> Any:
        wb = self.__dict__.get("wb")
        if wb is None:
            raise AttributeError(f"{name!r} is available once a participant has signed in")
        return getattr(wb, name)

    # -- signing in and out -----------------------------------------------------------------
    def sign_in(self, profile: str, token: str | None) -> None:
        """Bind the page to a participant: fill every placeholder with their own answers."""
        from careerkit.presentation.workbook import Workbook

        self.token = token
        wb = Workbook(self.id, store=self.store, profile=profile)
        wb.link_query = self.query
        wb.workshop = self  # views read the workshop (consent, sharing) through this
        self.wb = wb
        self._banner.children = [wb.header()]
        for box, build in self._slots:
            box.children = [build(wb)]
        self.gate.signed_in()

    def sign_out(self) -> None:
        """End the session: its links stop working and the page forgets the participant."""
        if self.token:
            self.db.end_session(self.token)
        if self.wb is not None:
            self.wb.saver.flush()
        self.wb = None
        self.token = None
        self._banner.children = [w.HTML(self._anonymous_banner())]
        for box, _build in self._slots:
            box.children = [_placeholder()]
        self.gate.signed_out()

    # -- plumbing ---------------------------------------------------------------------------
    def _slot(self, build: Callable[[Any], w.Widget]) -> w.Widget:
        if self.wb is not None:
            return build(self.wb)
        box = w.VBox([_placeholder()])
        self._slots.append((box, build))
        return box

    def _anonymous_banner(self) -> str:
        book = self.content
        return render(
            "<div class='ck-banner'>"
            "<div class='ck-kicker'>{{ book.strategy }}</div>"
            "<h1>{{ book.title }}</h1><p>{{ book.summary }}</p>"
            "<div class='ck-where'>Workshop “{{ workshop }}” · sign in below to see your own answers</div>"
            "{{ nav_html|safe }}</div>",
            book=book, workshop=self.workshop, nav_html=style.nav_html(book))

    def __repr__(self) -> str:
        who = self.profile or "nobody yet"
        return f"<careerkit workbook {self.id} in workshop {self.workshop!r} for {who}>"


def _placeholder() -> w.HTML:
    return w.HTML("<div class='ck-chart-empty ck-signin-needed'>Your questions appear here once you have "
                  "signed in at the top of this page.</div>")


class Gate:
    """The sign-in panel: create a profile (workbook 00) or come back with a resume code."""

    def __init__(self, page: WorkshopPage):
        self.page = page
        self.message = w.HTML()
        self.message.add_class("ck-message")
        self.code_box = w.Text(placeholder="seven words, e.g. otter maple quiz …", layout=w.Layout(width="28em"))
        self.code_box.add_class("ck-resume-code")
        self.resume_button = w.Button(description="Open my answers", button_style="primary")
        self.resume_button.add_class("ck-resume")
        self.resume_button.on_click(lambda _b: self.resume(self.code_box.value))
        self.create_button = w.Button(description="Create my private profile", button_style="success",
                                      layout=w.Layout(width="auto"))
        self.create_button.add_class("ck-create-profile")
        self.create_button.on_click(lambda _b: self.create())
        self.sign_out_button = w.Button(description="Sign out", layout=w.Layout(width="auto"))
        self.sign_out_button.add_class("ck-sign-out")
        self.sign_out_button.on_click(lambda _b: page.sign_out())
        self.code_panel = w.HTML()
        self.status = w.HTML()
        # Where the page's script hands over the browser's secret when the request that
        # opened this page did not carry the cookie yet (the first page in a new browser).
        self.browser_box = w.Text(layout=w.Layout(display="none"))
        self.browser_box.add_class("ck-browser-secret")
        self.browser_box.observe(self._browser_given, "value")
        self.widget = w.VBox()
        self.widget.add_class("ck-gate")
        self.signed_out()

    # -- actions ---------------------------------------------------------------------------
    def create(self) -> str | None:
        """Make a new participant, show their code once and sign them in; returns the code."""
        page = self.page
        if page.id != START:
            self._say("New profiles are made on the start page (workbook 00).", error=True)
            return None
        try:
            profile, code = page.db.join(page.workshop)
            token = page.db.start_session(profile, browser=page.browser) if page.browser else None
        except WorkshopError as exc:
            self._say(str(exc), error=True)
            return None
        page.sign_in(profile, token)
        self.code_panel.value = style_code_panel(code)
        return code

    def resume(self, typed: object) -> bool:
        """Sign in with a resume code; wrong codes get one generic refusal."""
        page = self.page
        if not isinstance(typed, str):
            typed = ""
        self._say("Checking…")
        result = page.db.resume(page.workshop, typed, scope=KERNEL_SCOPE, browser=page.browser)
        self.code_box.value = ""
        if not result.ok:
            self._say(result.message, error=True)
            return False
        token = page.db.start_session(result.profile, browser=page.browser) if page.browser else None
        page.sign_in(result.profile, token)
        return True

    def link_refused(self) -> None:
        """Say why a session link did not sign this browser in."""
        self._say("This link does not open a session in this browser: it was started in another browser, "
                  "or it has ended. Type your resume code to continue.", error=True)

    def _browser_given(self, change) -> None:
        # Taken once, and only when the request brought no cookie: a crafted value can only
        # name a browser the sender does not hold the secret of, which opens nothing.
        value = change.get("new")
        if self.page.browser is None and isinstance(value, str) and _BROWSER.fullmatch(value):
            self.page.browser = value

    # -- what it shows ---------------------------------------------------------------------
    def signed_in(self) -> None:
        page = self.page
        self.message.value = ""
        ids = content.workbook_ids()
        index = ids.index(page.id)
        nxt = content.workbook(ids[index + 1]) if index + 1 < len(ids) else None
        start = content.workbook(START) if page.id != START else None
        self.status.value = render(
            "<div class='ck-card ck-signed-in'><b>Signed in to the workshop “{{ workshop }}”.</b> "
            "Only you can see these answers.<br>"
            "{% if nxt %}<a class='ck-continue' href='{{ nxt_link }}'>"
            "Continue to {{ '%02d'|format(nxt.number) }} · {{ nxt.title }} →</a>{% endif %}"
            "{% if nxt and start %} · {% endif %}"
            "{% if start %}<a href='{{ start_link }}'>Your progress and privacy choices</a>{% endif %}"
            "<div class='ck-muted'>{% if token %}Use the links careerkit shows (like these, and those in the banner) "
            "to move between workbooks: they keep you signed in, in this browser only. Other links, and these "
            "links in any other browser, ask for your resume code.{% else %}This browser does not keep careerkit's "
            "cookie, so each workbook will ask for your resume code.{% endif %}</div></div>",
            workshop=page.workshop, nxt=nxt, start=start, token=page.token,
            nxt_link=link(nxt.notebook, page.query) if nxt else "",
            start_link=link(start.notebook, page.query) if start else "")
        children: list[w.Widget] = [self.code_panel, self.status, self.browser_box]
        if page.token:
            children.append(self.sign_out_button)
        self.widget.children = children

    def signed_out(self) -> None:
        page = self.page
        self.code_panel.value = ""
        info = page.db.workshop(page.workshop)
        if info is None or not info.open:
            state = "has closed" if info is not None else "is not set up on this server"
            self.widget.children = [w.HTML(render("<div class='ck-notice'>The workshop “{{ workshop }}” "
                                                  "{{ state }}, so nothing can be opened here.</div>",
                                                  workshop=page.workshop, state=state))]
            return
        intro = ("<div class='ck-card'><h4>Your answers stay private</h4>"
                 "<p>Everyone in the room uses this same server, so your answers live in a private profile "
                 "that only your resume code opens. The facilitator sees only the room's picture, in groups "
                 "of five or more, and only if you agree.</p></div>")
        resume = w.VBox([w.HTML("<b>Coming back?</b> Type your resume code:"),
                         w.HBox([self.code_box, self.resume_button])])
        if page.id == START:
            self.widget.children = [w.HTML(intro), w.HTML("<b>New here?</b>"), self.create_button,
                                    resume, self.message, self.browser_box]
        else:
            start = content.workbook(START)
            self.widget.children = [
                w.HTML(render("<div class='ck-notice'>This is a shared workshop server. To see your own answers, type "
                              "your resume code. New here? <a href='{{ start.notebook }}'>Start at workbook 00</a>.</div>",
                              start=start)),
                resume, self.message, self.browser_box]

    def _say(self, text: str, *, error: bool = False) -> None:
        kind = "ck-error" if error else "ck-status"
        self.message.value = render("<div class='{{ kind }}' role='alert'>{{ text }}</div>", kind=kind, text=text)


def style_code_panel(code: str) -> str:
    """The one-time display of a new resume code."""
    return render(
        "<div class='ck-notice ck-code-panel' role='alert'><h4>Your resume code</h4>"
        "<p class='ck-code' style='font-size:1.4em;font-family:monospace;letter-spacing:.03em'>{{ code }}</p>"
        "<p><b>Write it down or take a photo now: it is shown only this once</b> and nobody, not even the "
        "facilitator, can look it up. With it you can come back later, on any device, and find every answer "
        "where you left it.</p></div>", code=code)


def resolve_profile(db: WorkshopDB, workshop: str, environ: Mapping[str, str] | None = None,
                    query: str | None = None, browser: str | None = None) -> tuple[str | None, str | None]:
    """``(profile, token)`` of the visitor, or ``(None, None)`` when they must sign in.

    On JupyterHub the hub user is the participant (no token needed); elsewhere the
    session token in the page's query string decides, and only in the browser
    (``browser``, its secret) that started the session.
    """
    environ = os.environ if environ is None else environ
    user = environ.get("JUPYTERHUB_USER", "").strip()
    info = db.workshop(workshop)
    if info is None or not info.open:
        return None, None
    if user:
        return db.join_user(workshop, clean_profile_id(user)), None
    token = query_token(request_query() if query is None else query)
    if token is None:
        return None, None
    profile = db.session_profile(workshop, token, browser=browser)
    return (profile, token) if profile else (None, None)


def open_workbook(workbook_id: str, *, header: bool = True, store: Store | None = None,
                  workshop: str | None = None, query: str | None = None) -> WorkshopPage:
    """Open a workbook on a workshop server: the visitor's own answers, or a sign-in panel."""
    store = store or open_store()
    name = workshop or workshop_name()
    if not name:
        raise WorkshopError(f"{WORKSHOP_VAR} does not name a workshop")
    db = WorkshopDB(store)
    if query is None:
        query = request_query()  # waits for the request: the cookie arrives with it
    browser = browser_secret()
    page = WorkshopPage(workbook_id, store=store, db=db, workshop=name, browser=browser)
    profile, token = resolve_profile(db, name, query=query, browser=browser)
    if profile:
        page.sign_in(profile, token)
    elif query_token(query):
        page.gate.link_refused()
    if header:
        try:
            from IPython import get_ipython
            from IPython.display import display
        except ImportError:  # pragma: no cover
            return page
        if get_ipython() is not None:
            display(page.header())
    return page
