"""The careerkit JupyterHub service: the one process that holds the answers database.

Run by the hub (``c.JupyterHub.services``, see :mod:`careerkit.serving.hub.config`) as
``python -m careerkit.serving.hub.service``. The hub gives it, in its environment, where to
listen (``JUPYTERHUB_SERVICE_URL``, ``JUPYTERHUB_SERVICE_PREFIX``), its own hub token
and OAuth client; the configuration gives it ``CAREERKIT_DATABASE_URL``, which no user
server receives.

Two kinds of request:

- ``api/…``: a workbook kernel's store calls (:class:`careerkit.core.storage.remote.RemoteStore`).
  Each carries a hub token in the ``Authorization`` header, and nothing else counts:
  not cookies, not a profile named in the request, not any other header. The service
  asks the hub whose token it is (:class:`jupyterhub.services.auth.HubAuth`), requires
  the access scope of this service, and acts on that user's own profile
  (:func:`careerkit.core.profile.clean_profile_id` of the hub user name). Answers are
  checked (:func:`careerkit.core.validation.clean`) before they are kept, and a save is
  answered only after it is committed.
- ``dashboard`` (and ``dashboard.csv``): the facilitator's picture of the hub's
  room, in a browser, signed in through hub OAuth
  (:class:`jupyterhub.services.auth.HubOAuth`). It needs the custom scope
  :data:`FACILITATE` (a role gives it to people or to a hub group); anyone else gets
  403. It shows aggregates only, built by :mod:`careerkit.core.logic.cohort` under the same
  rules as the workshop dashboard, from the hub users who agreed to count
  (``api/consent``).

Storage is :class:`careerkit.core.storage.store.Store` (PostgreSQL in production, SQLite on a
small hub), and the room (who joined, who consented, which written answers are
shared) is a workshop in :class:`careerkit.serving.workshop.db.WorkshopDB` on the same store.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import datetime as _dt
import json
import logging
import os
import re
import sys
import weakref
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import urlsplit

from jupyterhub.services.auth import HubAuth, HubOAuth, HubOAuthCallbackHandler, HubOAuthenticated
from tornado import httpserver, ioloop, web
from tornado.log import access_log

from careerkit.core import content
from careerkit.core.logic import cohort
from careerkit.core.answers import Answers
from careerkit.core.profile import clean_profile_id
from careerkit.core.storage.storefront import Revision, StoreError, database_url
from careerkit.core.validation import InvalidAnswer, clean

__all__ = ["FACILITATE", "URL_FILE_VAR", "ROOM_VAR", "DEFAULT_ROOM", "make_app", "main"]

#: The custom hub scope that opens the facilitator's dashboard.
FACILITATE = "custom:careerkit:facilitate"
#: A file holding the database URL (see :func:`service_database_url`).
URL_FILE_VAR = "CAREERKIT_DATABASE_URL_FILE"
#: The workshop that holds the hub's room (who consented, what is shared).
ROOM_VAR = "CAREERKIT_HUB_ROOM"
DEFAULT_ROOM = "hub"
#: Largest request body (an import with pictures), bytes.
MAX_BODY = 32 * 2**20
#: Most answers one save may carry.
MAX_ITEMS = 500
#: Sources a kernel may give a revision ("import" only through ``api/import``).
SOURCES = frozenset({"form", "restore"})
IMPORT_SOURCES = frozenset({"form", "restore", "import", "example"})
#: Seconds a checked token is trusted before the hub is asked again.
TOKEN_CACHE_SECONDS = 30
#: How a page names itself when it numbers its saves (see :class:`Revisions`).
WRITER = re.compile(r"[A-Za-z0-9_-]{1,64}")
#: Pages whose last save is remembered; past this, the page heard from least recently is forgotten.
ORDER_PAGES = 4096


class Refused(web.HTTPError):
    """A request the service will not carry out; ``message`` says why, for a person."""

    def __init__(self, status: int, message: str):
        super().__init__(status, reason=None)
        self.message = message


class Service:
    """The store, the room and the worker threads shared by every request."""

    def __init__(self, url: str, room: str = DEFAULT_ROOM, *, workers: int = 8):
        from careerkit.core.storage.safety import open_checked
        from careerkit.serving.workshop.db import WorkshopDB, check_name

        self.store = open_checked(url)
        self.db = WorkshopDB(self.store)
        self.room = check_name(room)
        if self.db.workshop(self.room) is None:
            try:
                self.db.create_workshop(self.room)  # its key is not used: the hub scope opens the dashboard
            except Exception:  # noqa: BLE001 - created by another service process in the meantime
                if self.db.workshop(self.room) is None:
                    raise
        self.pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="careerkit-store")
        self.joined: set[str] = set()
        # One person's saves are written one at a time, in the order they reach the service.
        self._locks: weakref.WeakValueDictionary[str, asyncio.Lock] = weakref.WeakValueDictionary()
        # (profile, page) -> (number, reply) of the newest save kept from that page, least recent first.
        self._kept: OrderedDict[tuple[str, str], tuple[int, dict[str, Any]]] = OrderedDict()

    def lock(self, profile: str) -> asyncio.Lock:
        """The lock that puts ``profile``'s saves in a line (gone once nobody holds or waits on it)."""
        found = self._locks.get(profile)
        if found is None:
            found = self._locks[profile] = asyncio.Lock()
        return found

    def kept(self, profile: str, writer: str) -> tuple[int, dict[str, Any]] | None:
        """The number and the reply of the newest save kept from ``writer``, a page of ``profile``."""
        return self._kept.get((profile, writer))

    def remember(self, profile: str, writer: str, seq: int, reply: dict[str, Any]) -> None:
        self._kept[(profile, writer)] = (seq, reply)
        self._kept.move_to_end((profile, writer))
        if len(self._kept) > ORDER_PAGES:
            self._kept.popitem(last=False)

    async def run(self, fn, *args, **kwargs):
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.pool, lambda: fn(*args, **kwargs))

    def join(self, profile: str) -> None:
        """Make ``profile`` a member of the hub's room (not consenting until they say so)."""
        if profile in self.joined:
            return
        self.db.join_user(self.room, profile)
        self.joined.add(profile)


# -- turning JSON into checked values -------------------------------------------------------

def _text(value: Any, what: str, limit: int = 200) -> str:
    if not isinstance(value, str) or not value or len(value) > limit:
        raise Refused(400, f"{what} must be text of 1 to {limit} characters.")
    return value


def _moment(value: Any, what: str) -> _dt.datetime | None:
    if value is None:
        return None
    try:
        moment = _dt.datetime.fromisoformat(_text(value, what, 40))
    except ValueError:
        raise Refused(400, f"{what} is not a date and time.") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=_dt.timezone.utc)


def _question(workbook: Any, field: Any) -> tuple[content.Workbook, content.Field]:
    workbook, field = _text(workbook, "A workbook id", 80), _text(field, "A question id", 80)
    try:
        wb = content.workbook(workbook)
    except Exception:  # noqa: BLE001 - unknown, or not a workbook id at all
        raise Refused(400, f"There is no workbook {workbook!r}.") from None
    if wb.id != workbook:
        raise Refused(400, f"There is no workbook {workbook!r}.")
    try:
        return wb, wb.field(field)
    except Exception:  # noqa: BLE001
        raise Refused(400, f"Workbook {workbook} has no question {field!r}.") from None


def _revision_json(r: Revision) -> dict[str, Any]:
    return {"id": r.id, "profile": r.profile, "workbook": r.workbook, "field": r.field, "value": r.value,
            "saved_at": r.saved_at.isoformat(), "source": r.source}


class APIHandler(web.RequestHandler):
    """A store call from a kernel: the hub token in the ``Authorization`` header decides whose answers."""

    service: Service
    hub_auth: HubAuth
    profile: str

    def initialize(self, service: Service, hub_auth: HubAuth) -> None:
        self.service = service
        self.hub_auth = hub_auth

    def check_xsrf_cookie(self) -> None:
        return None  # cookies are never read here, so a forged cross-site request carries no identity

    def set_default_headers(self) -> None:
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.set_header("Cache-Control", "no-store")

    async def prepare(self) -> None:
        token = self.hub_auth.get_token(self, in_cookie=False)
        if not token:
            raise Refused(401, "A hub token is needed (Authorization: token …).")
        user = await self.hub_auth.user_for_token(token, sync=False)
        if not user or user.get("kind", "user") != "user" or not isinstance(user.get("name"), str):
            raise Refused(403, "The hub does not know this token as a user's.")
        if not self.hub_auth.check_scopes(self.hub_auth.access_scopes, user):
            raise Refused(403, "This hub account may not use the careerkit service.")
        try:
            self.profile = clean_profile_id(user["name"])
        except ValueError as exc:
            raise Refused(403, str(exc)) from None
        if self.profile not in self.service.joined:
            await self.service.run(self.service.join, self.profile)

    def body(self) -> dict[str, Any]:
        try:
            data = json.loads(self.request.body or b"{}")
        except ValueError:
            raise Refused(400, "The request is not JSON.") from None
        if not isinstance(data, dict):
            raise Refused(400, "The request is not a JSON object.")
        return data

    def reply(self, data: dict[str, Any]) -> None:
        self.finish(json.dumps(data, ensure_ascii=False, allow_nan=False))

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        exc = kwargs.get("exc_info", (None, None, None))[1]
        if isinstance(exc, Refused):
            message = exc.message
        elif isinstance(exc, StoreError):
            message = str(exc)
        else:
            message = self._reason
        self.finish(json.dumps({"error": message}))

    def log_exception(self, typ, value, tb) -> None:
        if isinstance(value, (Refused, StoreError)):
            return
        super().log_exception(typ, value, tb)

    async def store(self, method: str, *args: Any, **kwargs: Any) -> Any:
        """Call a :class:`~careerkit.core.storage.store.Store` method on this user's profile, in a worker thread."""
        try:
            return await self.service.run(getattr(self.service.store, method), self.profile, *args, **kwargs)
        except StoreError as exc:
            raise Refused(503, str(exc)) from exc


class WhoAmI(APIHandler):
    async def get(self) -> None:
        self.reply({"profile": self.profile})


class Profile(APIHandler):
    async def post(self) -> None:
        name = self.body().get("display_name", "")
        await self.store("ensure_profile", name[:200] if isinstance(name, str) else "")
        self.reply({"profile": self.profile})


class Revisions(APIHandler):
    """A save. A page numbers its saves (``writer``: its own id, ``seq``: 1, 2, 3…), so a
    save that reaches the service late, after the page gave up on it and saved newer
    answers, is refused (409) rather than written over them; the same number again
    (a save sent twice) is answered with what was kept the first time."""

    async def post(self) -> None:
        data = self.body()
        items = data.get("items")
        if not isinstance(items, list) or not 0 < len(items) <= MAX_ITEMS:
            raise Refused(400, f"A save carries 1 to {MAX_ITEMS} answers.")
        source = data.get("source", "form")
        if source not in SOURCES:
            raise Refused(400, f"A save's source is one of {sorted(SOURCES)}.")
        if data.get("saved_at") is not None:
            raise Refused(400, "The service stamps when an answer is saved; restore old answers through an import.")
        wait = data.get("wait")
        wait = float(wait) if isinstance(wait, (int, float)) and 0 < wait <= 30 else None
        writer, seq = data.get("writer"), data.get("seq")
        if writer is not None or seq is not None:
            if not (isinstance(writer, str) and WRITER.fullmatch(writer)):
                raise Refused(400, "A save's writer is 1 to 64 letters, digits, - or _.")
            if not (isinstance(seq, int) and not isinstance(seq, bool) and 0 <= seq < 2**53):
                raise Refused(400, "A save's seq is a whole number from 0.")
        async with self.service.lock(self.profile):
            kept = self.service.kept(self.profile, writer) if writer is not None else None
            if kept is not None and seq == kept[0]:
                self.reply(kept[1])
                return
            if kept is not None and seq < kept[0]:
                raise Refused(409, "A newer save from this page was kept first, so this older one was not written.")
            # checked and written in one trip to a worker thread: each trip costs the event
            # loop, which every request shares, about as much as the checks themselves
            revisions = await self.store_checked(items, source=source, wait=wait)
            answer = {"revisions": [_revision_json(r) for r in revisions]}
            if writer is not None:
                self.service.remember(self.profile, writer, seq, answer)
        self.reply(answer)

    async def store_checked(self, items: list[Any], *, source: str, wait: float | None) -> list[Revision]:
        """``items`` checked as a form checks them, then saved in one transaction."""
        def check_and_save() -> list[Revision]:
            return self.service.store.save_many(self.profile, self._checked(items), source=source, wait=wait)

        try:
            return await self.service.run(check_and_save)
        except StoreError as exc:
            raise Refused(503, str(exc)) from exc

    def _checked(self, items: list[Any]) -> list[tuple[str, str, Any]]:
        out, answers = [], None
        for item in items:
            if not isinstance(item, list) or len(item) != 3:
                raise Refused(400, "Each answer is [workbook, question, value].")
            wb, field = _question(item[0], item[1])
            options = None
            if field.choices_from:
                from careerkit.presentation.workbook import options_for

                if answers is None:
                    answers = Answers.load(self.service.store, self.profile)
                options = options_for(field, answers)
            try:
                out.append((wb.id, field.id, clean(field, item[2], options=options)))
            except InvalidAnswer as exc:
                raise Refused(400, f"{wb.id}.{field.id}: {exc}") from None
        return out


class Current(APIHandler):
    async def get(self) -> None:
        workbook = self.get_query_argument("workbook", None)
        current = await self.store("current", workbook)
        self.reply({"current": [[wb, f, v] for (wb, f), v in current.items()]})


class History(APIHandler):
    async def get(self) -> None:
        arg = self.get_query_argument
        revisions = await self.store("history", arg("workbook", None), arg("field", None),
                                     since=_moment(arg("since", None), "since"),
                                     until=_moment(arg("until", None), "until"))
        self.reply({"revisions": [_revision_json(r) for r in revisions]})


class Count(APIHandler):
    async def get(self) -> None:
        self.reply({"count": await self.store("count")})


class Attachments(APIHandler):
    async def get(self) -> None:
        self.reply({"keys": await self.store("attachment_keys")})

    async def post(self) -> None:
        data = self.body()
        try:
            raw = base64.b64decode(_text(data.get("data"), "The file", MAX_BODY), validate=True)
        except binascii.Error:
            raise Refused(400, "The file is not base64.") from None
        mime = _text(data.get("mime"), "The file type", 100)
        if not mime.startswith("image/"):
            raise Refused(400, "Only pictures are kept with answers.")
        name = data.get("name", "")
        key = await self.store("put_attachment", raw, mime, name[:200] if isinstance(name, str) else "")
        self.reply({"key": key})


class Attachment(APIHandler):
    async def get(self, key: str) -> None:
        found = await self.store("get_attachment", key)
        if found is None:
            raise Refused(404, "No such file.")
        data, mime, name = found
        self.reply({"data": base64.b64encode(data).decode("ascii"), "mime": mime, "name": name})


def _checkin_json(c) -> dict[str, Any]:
    return {"id": c.id, "profile": c.profile, "label": c.label, "at": c.at.isoformat()}


class Checkins(APIHandler):
    async def get(self) -> None:
        self.reply({"checkins": [_checkin_json(c) for c in await self.store("checkins")]})

    async def post(self) -> None:
        data = self.body()
        label = data.get("label", "")
        if not isinstance(label, str):
            raise Refused(400, "A check-in's label is text.")
        self.reply(_checkin_json(await self.store("add_checkin", label[:200], _moment(data.get("at"), "at"))))


class CheckinOne(APIHandler):
    async def delete(self, checkin_id: str) -> None:
        self.reply({"removed": await self.store("delete_checkin", int(checkin_id))})


class Import(APIHandler):
    async def post(self) -> None:
        data = self.body()
        revisions, attachments, checkins = (data.get(k, []) for k in ("revisions", "attachments", "checkins"))
        if not all(isinstance(x, list) for x in (revisions, attachments, checkins)):
            raise Refused(400, "An import is lists of revisions, files and check-ins.")
        rows = []
        for r in revisions:
            if not isinstance(r, list) or len(r) != 5 or r[4] not in IMPORT_SOURCES:
                raise Refused(400, "Each imported revision is [workbook, question, value, saved_at, source].")
            rows.append((_text(r[0], "A workbook id", 80), _text(r[1], "A question id", 80), r[2],
                         _moment(r[3], "saved_at"), r[4]))
        files = []
        for a in attachments:
            if not isinstance(a, list) or len(a) != 3:
                raise Refused(400, "Each imported file is [data, type, name].")
            try:
                files.append((base64.b64decode(_text(a[0], "A file", MAX_BODY), validate=True),
                              _text(a[1], "A file type", 100), str(a[2])[:200]))
            except binascii.Error:
                raise Refused(400, "An imported file is not base64.") from None
        marks = []
        for c in checkins:
            if not isinstance(c, list) or len(c) != 2 or not isinstance(c[0], str):
                raise Refused(400, "Each imported check-in is [label, at].")
            marks.append((c[0][:200], _moment(c[1], "at")))
        written = await self.store("write_import", rows, attachments=files, checkins=marks)
        self.reply({"revisions": [_revision_json(r) for r in written]})


class Answers_(APIHandler):
    async def delete(self) -> None:
        arg = self.get_query_argument
        removed = await self.store("delete", arg("workbook", None), arg("field", None))
        if arg("workbook", None) is None and arg("field", None) is None:
            self.service.joined.discard(self.profile)  # a new visit joins the room again, not consenting
        self.reply({"removed": removed})


class Consent(APIHandler):
    async def get(self) -> None:
        p = await self.service.run(self.service.db.participant, self.profile)
        shared = await self.service.run(self.service.db.shared, self.profile)
        self.reply({"consent": bool(p and p.consent), "shared": sorted(map(list, shared)),
                    "room": self.service.room})

    async def put(self) -> None:
        data = self.body()
        if "consent" in data:
            if not isinstance(data["consent"], bool):
                raise Refused(400, "Consent is true or false.")
            await self.service.run(self.service.db.set_consent, self.profile, data["consent"])
        for wb, field, shared in data.get("shared", []):
            _, f = _question(wb, field)
            if not isinstance(shared, bool):
                raise Refused(400, "Sharing is true or false.")
            await self.service.run(self.service.db.set_shared, self.profile, wb, f.id, shared)
        await Consent.get(self)


# -- the facilitator's dashboard -------------------------------------------------------------

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>careerkit · the room's picture</title>
<style>{{ css | safe }} body{font-family:system-ui,sans-serif;max-width:60em;margin:1em auto;padding:0 1em}
table{border-collapse:collapse}td,th{padding:2px 8px;border-bottom:1px solid #ddd;text-align:left}</style></head>
<body class="ck-dashboard ck-hub-dashboard">
<div class="ck-banner"><div class="ck-kicker">Facilitator view · picture from {{ stamp }}</div>
<h1>The room's picture</h1>
<p><b class="ck-joined">{{ joined }}</b> joined · answers of <b class="ck-consenting">{{ consenting }}</b> count below</p>
<div class="ck-where">Any group smaller than {{ k }} is shown as “fewer than {{ k }}”. Written answers appear only when
their author shared them. The picture changes only once at least {{ batch }} people have joined, given or
withdrawn consent, or changed an answer since the last one, so nobody's answers can be read off the
difference{% if waiting %} · <b class="ck-picture-waiting">newer changes wait for the next picture</b>{% endif %}.
<a href="{{ csv_url }}" download>Download as CSV</a></div></div>
<h3>How far the room has got</h3>
<table class="ck-progress-table ck-room-progress"><tr><th></th><th>Workbook</th><th>started</th><th>halfway</th><th>finished</th></tr>
{% for r in progress %}<tr><td>{{ "%02d" | format(r.number) }}</td><td>{{ r.title }}</td>
<td>{{ label(r.started) }}</td><td>{{ label(r.halfway) }}</td><td>{{ label(r.finished) }}</td></tr>{% endfor %}</table>
<h3>Interest codes</h3>{% for c in riasec %}{{ c | safe }}{% endfor +%}
<h3>Answers, workbook by workbook</h3>{% for c in charts %}{{ c | safe }}{% endfor +%}
<h3>Written answers shared with the room</h3>
{% for t in texts %}<div class="ck-card ck-shared-text"><h4>{{ t.question }}</h4><p>{{ t.text }}</p></div>
{% else %}<div class="ck-chart-empty">Nobody has shared a written answer with the room yet.</div>{% endfor +%}
</body></html>"""


class Dashboard(HubOAuthenticated, web.RequestHandler):
    """The room's picture, for hub users holding :data:`FACILITATE` (403 for everyone else)."""

    def initialize(self, service: Service, hub_auth: HubOAuth) -> None:
        self.service = service
        self.hub_auth = hub_auth

    def set_default_headers(self) -> None:
        self.set_header("Cache-Control", "no-store")
        self.set_header("X-Frame-Options", "DENY")
        self.set_header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:")

    def _allowed(self) -> None:
        user = self.current_user
        if not user or not self.hub_auth.check_scopes({FACILITATE}, user):
            raise web.HTTPError(403, "The room's picture is for facilitators (hub scope %s)." % FACILITATE)

    async def _picture(self):
        # The released picture, as on a workshop's dashboard: a new one only after enough
        # people changed something, so no single person can be read off two refreshes.
        from careerkit.serving.workshop.dashboard import room_picture

        return await self.service.run(room_picture, self.service.store, self.service.db, self.service.room)

    @web.authenticated
    async def get(self) -> None:
        self._allowed()
        room = await self._picture()
        if self.request.path.endswith(".csv"):
            self.set_header("Content-Type", "text/csv; charset=utf-8")
            self.set_header("Content-Disposition", 'attachment; filename="careerkit-hub-room.csv"')
            self.finish(cohort.picture_csv(room.picture).encode("utf-8-sig"))
            return
        self.finish(await self.service.run(self._page, room))

    def _page(self, room) -> str:
        from careerkit.presentation.style import CSS
        from careerkit.serving.workshop.charts import aggregate_chart
        from careerkit.widgets.markup import render

        pic = room.picture
        return render(
            _PAGE,
            css=CSS, stamp=room.released_at.strftime("%Y-%m-%d %H:%M"), k=pic.k, batch=cohort.RELEASE_AFTER,
            label=lambda n: cohort.count_label(n, pic.k), waiting=room.waiting,
            joined=cohort.count_label(pic.joined, pic.k), consenting=cohort.count_label(pic.consenting, pic.k),
            progress=pic.progress,
            riasec=[aggregate_chart(a).html() for a in pic.riasec],
            charts=[aggregate_chart(a).html() for a in pic.answers],
            texts=pic.shared, csv_url="dashboard.csv")


class OAuthCallback(HubOAuthCallbackHandler):
    """The end of the hub's OAuth sign-in, with the same :class:`HubOAuth` as the dashboard
    (it holds the sign-in's code verifier)."""

    def initialize(self, hub_auth: HubOAuth) -> None:
        self.hub_auth = hub_auth


class Health(web.RequestHandler):
    def get(self) -> None:
        self.finish({"ok": True})


def make_app(service: Service, prefix: str) -> web.Application:
    """The service's tornado application under ``prefix`` (``/services/careerkit/``)."""
    prefix = "/" + prefix.strip("/") + "/"
    api_auth = HubAuth(api_token=os.environ.get("JUPYTERHUB_API_TOKEN", ""), cache_max_age=TOKEN_CACHE_SECONDS)
    oauth = HubOAuth(api_token=os.environ.get("JUPYTERHUB_API_TOKEN", ""), cache_max_age=TOKEN_CACHE_SECONDS)
    api = {"service": service, "hub_auth": api_auth}
    page = {"service": service, "hub_auth": oauth}
    routes = [
        (prefix + "api/whoami", WhoAmI, api),
        (prefix + "api/profile", Profile, api),
        (prefix + "api/revisions", Revisions, api),
        (prefix + "api/current", Current, api),
        (prefix + "api/history", History, api),
        (prefix + "api/count", Count, api),
        (prefix + "api/attachments", Attachments, api),
        (prefix + r"api/attachments/([^/]+)", Attachment, api),
        (prefix + "api/checkins", Checkins, api),
        (prefix + r"api/checkins/(\d+)", CheckinOne, api),
        (prefix + "api/import", Import, api),
        (prefix + "api/answers", Answers_, api),
        (prefix + "api/consent", Consent, api),
        (prefix + "dashboard", Dashboard, page),
        (prefix + "dashboard.csv", Dashboard, page),
        (prefix + "oauth_callback", OAuthCallback, {"hub_auth": oauth}),
        (prefix + "health", Health),
        (prefix, web.RedirectHandler, {"url": prefix + "dashboard"}),
    ]
    return web.Application(routes, cookie_secret=os.urandom(32), login_url=oauth.login_url, hub_auth=oauth,
                           log_function=_log_request)


def _log_request(handler: web.RequestHandler) -> None:
    # As JupyterHub logs its own requests: answered ones only when debugging (at 300 users
    # a line per save cost the service a tenth of its time), refusals as warnings, failures as errors.
    status = handler.get_status()
    level = logging.DEBUG if status < 400 else logging.WARNING if status < 500 else logging.ERROR
    if access_log.isEnabledFor(level):
        request = handler.request
        access_log.log(level, "%d %s %s %.1f ms", status, request.method, request.path,
                       1000.0 * request.request_time())


def service_database_url() -> str:
    """The database: read from the file ``CAREERKIT_DATABASE_URL_FILE`` names (readable by the
    service's user alone), else ``CAREERKIT_DATABASE_URL``, else SQLite in ``CAREERKIT_HOME``.

    The file keeps the URL out of the hub's own database, where JupyterHub keeps a copy of
    each service's ``environment``.
    """
    path = os.environ.get(URL_FILE_VAR, "").strip()
    if path:
        from pathlib import Path

        return Path(path).read_text(encoding="utf-8").strip()
    return database_url()


def main(argv: list[str] | None = None) -> int:
    """Serve the careerkit service where the hub says (``JUPYTERHUB_SERVICE_URL``)."""
    url = os.environ.get("JUPYTERHUB_SERVICE_URL", "").strip()
    if not url:
        print("careerkit hub service: run me from JupyterHub (c.JupyterHub.services); "
              "JUPYTERHUB_SERVICE_URL is not set.", file=sys.stderr)
        return 2
    logging.basicConfig(level=logging.INFO, format="[careerkit %(levelname).1s %(asctime)s] %(message)s")
    bind = urlsplit(url)
    service = Service(service_database_url(), os.environ.get(ROOM_VAR, DEFAULT_ROOM))
    app = make_app(service, os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "/services/careerkit/"))
    server = httpserver.HTTPServer(app, max_body_size=MAX_BODY, xheaders=False)
    server.listen(bind.port or 80, bind.hostname or "127.0.0.1")
    print(f"careerkit hub service: listening on {url}", file=sys.stderr, flush=True)
    try:
        ioloop.IOLoop.current().start()
    except KeyboardInterrupt:  # the hub stops its services with SIGINT
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
