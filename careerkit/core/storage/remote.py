"""The workbook kernel's side of the careerkit hub service.

On a JupyterHub with the careerkit service, a kernel has no database: it has the
hub token its server was given (``JUPYTERHUB_API_TOKEN``) and the service's address
(``CAREERKIT_SERVICE_URL``, set for every server by :func:`careerkit.serving.hub.config.configure`).
:class:`RemoteStore` sends each store call to the service with that token; the
service checks the token with the hub and acts on the token's own user only.

It offers the store methods a workbook page, the forms' :class:`~careerkit.widgets.forms.Saver`,
:class:`~careerkit.core.answers.Answers`, :mod:`careerkit.core.exchange` (export and import),
:mod:`careerkit.core.history` and forgetting use, with the same promises:

- a save returns only once the service has committed it, so "Saved" means saved;
- when the service cannot be reached, or refuses for a moment, the call raises
  :class:`~careerkit.core.storage.storefront.StoreError`, which the Saver meets as it meets a
  busy file: the answers are held, one message says so, and the write is retried.

Only the standard library is imported here: a page on the hub draws as quickly as
one on a laptop.
"""

from __future__ import annotations

import datetime as _dt
import http.client
import itertools
import json
import os
import threading
import urllib.parse
import uuid
from collections.abc import Iterable
from typing import Any

from careerkit.core.storage.schema import Checkin, Revision
from careerkit.core.storage.sqlitefile import StoreError

__all__ = ["SERVICE_URL_VAR", "RemoteStore", "hub_store", "service_url"]

#: The service's address, given to every user server by the hub's configuration.
SERVICE_URL_VAR = "CAREERKIT_SERVICE_URL"
#: Seconds a call waits for the service beyond what the caller allows for a busy database.
NETWORK_MARGIN = 5.0

#: What the person is told when the service cannot be reached (the Saver adds that answers are kept).
UNREACHABLE = "the careerkit service cannot be reached right now"


def service_url(environ: dict[str, str] | None = None) -> str | None:
    """The service's address on this hub, or None when this kernel is not on one.

    A hub is recognised by the server's own hub token (``JUPYTERHUB_API_TOKEN``) and
    the address the hub configuration gives every server.
    """
    env = os.environ if environ is None else environ
    url = env.get(SERVICE_URL_VAR, "").strip()
    if not url or not env.get("JUPYTERHUB_API_TOKEN", "").strip():
        return None
    return url if url.endswith("/") else url + "/"


def _moment(text: str) -> _dt.datetime:
    moment = _dt.datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=_dt.timezone.utc)


def _iso(moment: _dt.datetime | None) -> str | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=_dt.timezone.utc)
    return moment.isoformat()


def _revision(d: dict[str, Any]) -> Revision:
    return Revision(d["id"], d["profile"], d["workbook"], d["field"], d["value"], _moment(d["saved_at"]),
                    d.get("source", "form"))


class RemoteStore:
    """The answers of this hub user, kept by the careerkit service.

    ``profile`` arguments are accepted so the class fits where a store goes; a profile
    other than the token's own is refused here, and the service never reads one from
    a request at all.
    """

    def __init__(self, url: str, token: str):
        self.url = url if url.endswith("/") else url + "/"
        self._token = token
        parts = urllib.parse.urlsplit(self.url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise StoreError(f"The careerkit service address is not a web address: {url!r}.")
        self._parts = parts
        self._local = threading.local()
        self._profile: str | None = None
        # Saves are numbered, so the service never writes one that arrives after a newer one.
        self._writer = uuid.uuid4().hex
        self._seq = itertools.count(1)
        #: What happened when the answers were opened, for the person ("" when nothing did).
        self.notice = ""

    # -- the connection -------------------------------------------------------------------
    def _connection(self, timeout: float) -> http.client.HTTPConnection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            kind = http.client.HTTPSConnection if self._parts.scheme == "https" else http.client.HTTPConnection
            conn = kind(self._parts.hostname, self._parts.port, timeout=timeout)
            self._local.conn = conn
        conn.timeout = timeout
        if conn.sock is not None:
            conn.sock.settimeout(timeout)
        return conn

    def _drop(self) -> None:
        conn = getattr(self._local, "conn", None)
        self._local.conn = None
        if conn is not None:
            conn.close()

    def _call(self, method: str, path: str, body: Any = None, *, query: dict[str, Any] | None = None,
              wait: float | None = None) -> Any:
        target = self._parts.path + "api/" + path
        if query:
            target += "?" + urllib.parse.urlencode({k: v for k, v in query.items() if v is not None})
        data = None if body is None else json.dumps(body, ensure_ascii=False, allow_nan=False).encode("utf-8")
        headers = {"Authorization": f"token {self._token}", "Accept": "application/json"}
        if data is not None:
            headers["Content-Type"] = "application/json; charset=utf-8"
        timeout = (wait if wait is not None else 15.0) + NETWORK_MARGIN
        for attempt in (1, 2):
            reused = getattr(self._local, "conn", None) is not None
            try:
                conn = self._connection(timeout)
                conn.request(method, target, body=data, headers=headers)
                response = conn.getresponse()
                payload = response.read()
                break
            except (OSError, http.client.HTTPException) as exc:
                self._drop()
                # A kept connection the service closed while idle: open a fresh one, once.
                stale = isinstance(exc, (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError))
                if not (stale and reused and attempt == 1):
                    raise StoreError(f"New answers cannot be written: {UNREACHABLE} ({exc}).") from exc
        try:
            answer = json.loads(payload) if payload else None
        except ValueError:
            answer = None
        if response.status >= 400:
            message = answer.get("error") if isinstance(answer, dict) else None
            if response.status in (401, 403):
                raise StoreError(message or "The careerkit service refused this hub account "
                                 f"(HTTP {response.status}); sign in to the hub again.")
            if response.status == 404 and method == "GET" and path.startswith("attachments/"):
                return None
            raise StoreError(message or f"The careerkit service could not do this (HTTP {response.status}); "
                             f"{UNREACHABLE} or is restarting.")
        return answer

    # -- who -------------------------------------------------------------------------------
    @property
    def profile(self) -> str:
        """The profile the hub token belongs to, as the service says (asked once)."""
        if self._profile is None:
            self._profile = self._call("GET", "whoami", wait=5.0)["profile"]
        return self._profile

    def _own(self, profile: str) -> None:
        if profile != self.profile:
            raise StoreError("On this hub, a workbook reads and writes only the answers of the signed-in "
                             f"hub user ({self.profile}), not {profile!r}.")

    # -- the store methods --------------------------------------------------------------------
    def ensure_profile(self, profile: str, display_name: str = "") -> None:
        self._own(profile)
        self._call("POST", "profile", {"display_name": display_name})

    def profiles(self) -> list[str]:
        """The profiles this token may see: its own."""
        return [self.profile]

    def save(self, profile: str, workbook: str, field: str, value: Any, *, source: str = "form") -> Revision:
        return self.save_many(profile, [(workbook, field, value)], source=source)[0]

    def save_many(self, profile: str, items: Iterable[tuple[str, str, Any]], *, source: str = "form",
                  saved_at: Iterable[_dt.datetime] | None = None, wait: float | None = None) -> list[Revision]:
        """Append revisions in one transaction on the service; returned once committed there."""
        self._own(profile)
        body: dict[str, Any] = {"items": [[wb, f, v] for wb, f, v in items], "source": source,
                                "writer": self._writer, "seq": next(self._seq)}
        if saved_at is not None:
            body["saved_at"] = [_iso(t) for t in saved_at]
        if wait is not None:
            body["wait"] = wait
        return [_revision(r) for r in self._call("POST", "revisions", body, wait=wait)["revisions"]]

    def current(self, profile: str, workbook: str | None = None) -> dict[tuple[str, str], Any]:
        self._own(profile)
        rows = self._call("GET", "current", query={"workbook": workbook})["current"]
        return {(wb, f): v for wb, f, v in rows}

    def answers(self, profile: str, workbook: str) -> dict[str, Any]:
        return {f: v for (_, f), v in self.current(profile, workbook).items()}

    def history(self, profile: str, workbook: str | None = None, field: str | None = None, *,
                since: _dt.datetime | None = None, until: _dt.datetime | None = None) -> list[Revision]:
        self._own(profile)
        query = {"workbook": workbook, "field": field, "since": _iso(since), "until": _iso(until)}
        return [_revision(r) for r in self._call("GET", "history", query=query)["revisions"]]

    def count(self, profile: str | None = None) -> int:
        self._own(self.profile if profile is None else profile)
        return int(self._call("GET", "count")["count"])

    def put_attachment(self, profile: str, data: bytes, mime: str, name: str = "") -> str:
        import base64

        self._own(profile)
        body = {"data": base64.b64encode(data).decode("ascii"), "mime": mime, "name": name}
        return self._call("POST", "attachments", body)["key"]

    def get_attachment(self, profile: str, key: str) -> tuple[bytes, str, str] | None:
        import base64

        self._own(profile)
        found = self._call("GET", "attachments/" + urllib.parse.quote(key, safe=""))
        return None if found is None else (base64.b64decode(found["data"]), found["mime"], found["name"])

    def attachment_keys(self, profile: str) -> list[str]:
        self._own(profile)
        return list(self._call("GET", "attachments")["keys"])

    def add_checkin(self, profile: str, label: str, at: _dt.datetime | None = None) -> Checkin:
        self._own(profile)
        c = self._call("POST", "checkins", {"label": label, "at": _iso(at)})
        return Checkin(c["id"], c["profile"], c["label"], _moment(c["at"]))

    def checkins(self, profile: str) -> list[Checkin]:
        self._own(profile)
        return [Checkin(c["id"], c["profile"], c["label"], _moment(c["at"]))
                for c in self._call("GET", "checkins")["checkins"]]

    def delete_checkin(self, profile: str, checkin_id: int) -> bool:
        self._own(profile)
        return bool(self._call("DELETE", f"checkins/{int(checkin_id)}")["removed"])

    def write_import(self, profile: str, revisions: Iterable[tuple[str, str, Any, _dt.datetime, str]], *,
                     attachments: Iterable[tuple[bytes, str, str]] = (),
                     checkins: Iterable[tuple[str, _dt.datetime]] = ()) -> list[Revision]:
        import base64

        self._own(profile)
        body = {
            "revisions": [[wb, f, v, _iso(t), s] for wb, f, v, t, s in revisions],
            "attachments": [[base64.b64encode(d).decode("ascii"), m, n] for d, m, n in attachments],
            "checkins": [[label, _iso(at)] for label, at in checkins],
        }
        return [_revision(r) for r in self._call("POST", "import", body, wait=60.0)["revisions"]]

    def delete(self, profile: str, workbook: str | None = None, field: str | None = None) -> int:
        """Forget answers on the service (history included): one, a workbook's, or all of them."""
        self._own(profile)
        return int(self._call("DELETE", "answers", query={"workbook": workbook, "field": field})["removed"])

    # -- the room's picture --------------------------------------------------------------------
    def room_choices(self) -> dict[str, Any]:
        """Whether this user's answers count in the room's picture, and which written answers they share."""
        found = self._call("GET", "consent")
        return {"consent": found["consent"], "shared": [tuple(pair) for pair in found["shared"]],
                "room": found.get("room")}

    def set_room_choices(self, *, consent: bool | None = None,
                         shared: Iterable[tuple[str, str, bool]] = ()) -> dict[str, Any]:
        """Agree (or stop agreeing) to count in the room's picture; share or stop sharing written answers."""
        body: dict[str, Any] = {"shared": [[wb, f, bool(on)] for wb, f, on in shared]}
        if consent is not None:
            body["consent"] = bool(consent)
        found = self._call("PUT", "consent", body)
        return {"consent": found["consent"], "shared": [tuple(pair) for pair in found["shared"]],
                "room": found.get("room")}

    def close(self) -> None:
        self._drop()

    def __repr__(self) -> str:
        return f"RemoteStore({self.url!r})"


_lock = threading.Lock()
_store: RemoteStore | None = None


def hub_store() -> RemoteStore | None:
    """This kernel's :class:`RemoteStore` when it runs on a hub with the careerkit service, else None."""
    global _store
    url = service_url()
    if url is None:
        return None
    with _lock:
        if _store is None or _store.url != url:
            _store = RemoteStore(url, os.environ["JUPYTERHUB_API_TOKEN"].strip())
        return _store
