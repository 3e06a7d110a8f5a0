"""Workshop records, kept beside the answers in the same database.

Workshops (with the hash of their facilitator key), participants (with the salted
hash of their resume code and their consent), answers a participant chose to share
with the room, short-lived session tokens, and failed-attempt counters. These tables
belong to careerkit's workshop mode; they carry their own version number
(``workshop_schema_version`` in ``careerkit_meta``) and never touch the answer tables'
migrations.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa

from careerkit.core.storage.store import Store, meta_table
from careerkit.serving.workshop import codes

__all__ = [
    "WORKSHOP_SCHEMA_VERSION",
    "Participant",
    "ResumeResult",
    "WorkshopDB",
    "WorkshopError",
    "WorkshopInfo",
    "check_name",
    "delay_for",
]

WORKSHOP_SCHEMA_VERSION = 1

#: How long a link between workbooks keeps a participant signed in.
SESSION_HOURS = 12
#: Failed attempts allowed before waiting, per browser page (kernel) and per workshop.
FREE_TRIES_KERNEL = 3
FREE_TRIES_WORKSHOP = 20
#: Longest wait imposed, in seconds, per kernel and per workshop.
MAX_WAIT_KERNEL = 300
MAX_WAIT_WORKSHOP = 60
#: Failures older than this are forgotten.
FORGET_AFTER = _dt.timedelta(minutes=30)

REFUSAL = "That code did not open a profile. Check each word and try again."

metadata = sa.MetaData()

workshops_table = sa.Table(
    "workshops", metadata,
    sa.Column("name", sa.String(60), primary_key=True),
    sa.Column("key_hash", sa.String(64), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
)

participants_table = sa.Table(
    "workshop_participants", metadata,
    sa.Column("profile", sa.String(200), primary_key=True),
    sa.Column("workshop", sa.String(60), nullable=False, index=True),
    sa.Column("locator", sa.String(20), nullable=True, index=True),
    sa.Column("code_hash", sa.String(200), nullable=True),
    sa.Column("consent", sa.Boolean, nullable=False, default=False),
    sa.Column("consent_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

shared_table = sa.Table(
    "workshop_shared", metadata,
    sa.Column("profile", sa.String(200), primary_key=True),
    sa.Column("workbook", sa.String(80), primary_key=True),
    sa.Column("field", sa.String(80), primary_key=True),
    sa.Column("shared_at", sa.DateTime(timezone=True), nullable=False),
)

sessions_table = sa.Table(
    "workshop_sessions", metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),
    sa.Column("profile", sa.String(200), nullable=False, index=True),
    sa.Column("workshop", sa.String(60), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
)

attempts_table = sa.Table(
    "workshop_attempts", metadata,
    sa.Column("scope", sa.String(200), primary_key=True),
    sa.Column("failures", sa.Integer, nullable=False),
    sa.Column("last_failure", sa.DateTime(timezone=True), nullable=False),
)

_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,59}$")


class WorkshopError(ValueError):
    """A workshop problem a person can act on (unknown name, closed, already exists)."""


@dataclass(frozen=True)
class WorkshopInfo:
    name: str
    created_at: _dt.datetime
    closed_at: _dt.datetime | None

    @property
    def open(self) -> bool:
        return self.closed_at is None


@dataclass(frozen=True)
class Participant:
    profile: str
    workshop: str
    consent: bool
    created_at: _dt.datetime


@dataclass(frozen=True)
class ResumeResult:
    """The outcome of typing a resume code: a profile, or a refusal and how long to wait."""

    profile: str | None
    message: str = ""
    wait: float = 0.0

    @property
    def ok(self) -> bool:
        return self.profile is not None


def check_name(name: object) -> str:
    """A workshop name in canonical form (lowercase letters, digits, - and _), or an error."""
    if not isinstance(name, str) or not _NAME.match(name.strip().lower()):
        raise WorkshopError("A workshop name is 1–60 lowercase letters, digits, '-' or '_', like 'spring-cohort'.")
    return name.strip().lower()


def delay_for(failures: int, free: int, cap: float) -> float:
    """Seconds to wait after ``failures`` recent failures: none for the first ``free``, then doubling."""
    if failures < free:
        return 0.0
    return float(min(cap, 2 ** (failures - free + 1)))


def _now() -> _dt.datetime:
    return _dt.datetime.now(_dt.timezone.utc)


def _aware(moment: _dt.datetime | None) -> _dt.datetime | None:
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=_dt.timezone.utc)


class WorkshopDB:
    """Workshop records in the database of a :class:`~careerkit.core.storage.store.Store`."""

    def __init__(self, store: Store, *, clock=_now, code_cost: int = codes.SCRYPT_N):
        self.store = store
        #: scrypt cost for new resume codes (tests use a tiny one; real codes keep the default)
        self.code_cost = code_cost
        self.engine = store.engine
        self.clock = clock
        self._migrate()

    # -- schema ---------------------------------------------------------------------
    def _migrate(self) -> None:
        with self.store._begin() as conn:
            found = conn.execute(
                sa.select(meta_table.c.value).where(meta_table.c.key == "workshop_schema_version")
            ).scalar()
            if found is not None and int(found) > WORKSHOP_SCHEMA_VERSION:
                raise WorkshopError("These workshops were created by a newer careerkit; please upgrade careerkit.")
            metadata.create_all(conn, checkfirst=True)
            if found is None:
                conn.execute(meta_table.insert().values(key="workshop_schema_version",
                                                        value=str(WORKSHOP_SCHEMA_VERSION)))

    @property
    def schema_version(self) -> int:
        with self.engine.connect() as conn:
            return int(conn.execute(
                sa.select(meta_table.c.value).where(meta_table.c.key == "workshop_schema_version")
            ).scalar_one())

    # -- workshops ------------------------------------------------------------------
    def create_workshop(self, name: str) -> str:
        """Create a workshop; returns its facilitator key (shown once, stored as a hash)."""
        name = check_name(name)
        key = codes.new_key()
        with self.store._begin() as conn:
            if conn.execute(sa.select(workshops_table.c.name).where(workshops_table.c.name == name)).first():
                raise WorkshopError(f"There is already a workshop called {name!r}.")
            conn.execute(workshops_table.insert().values(name=name, key_hash=codes.hash_token(key),
                                                         created_at=self.clock(), closed_at=None))
        return key

    def workshop(self, name: str) -> WorkshopInfo | None:
        """A workshop by name, or None."""
        try:
            name = check_name(name)
        except WorkshopError:
            return None
        w = workshops_table
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(w).where(w.c.name == name)).first()
        return WorkshopInfo(row.name, _aware(row.created_at), _aware(row.closed_at)) if row else None

    def require(self, name: str, *, open_only: bool = True) -> WorkshopInfo:
        """A workshop that exists (and is open), or a :class:`WorkshopError` saying why not."""
        info = self.workshop(name)
        if info is None:
            raise WorkshopError(f"There is no workshop called {name!r}; create it with: careerkit workshop create NAME")
        if open_only and not info.open:
            raise WorkshopError(f"The workshop {info.name!r} is closed.")
        return info

    def workshops(self) -> list[WorkshopInfo]:
        """Every workshop, oldest first."""
        w = workshops_table
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(w).order_by(w.c.created_at)).all()
        return [WorkshopInfo(r.name, _aware(r.created_at), _aware(r.closed_at)) for r in rows]

    def check_key(self, name: str, key: object, *, scope: str = "") -> ResumeResult:
        """Check a facilitator key, slowed down like resume codes after repeated misses."""
        info = self.workshop(name) if isinstance(name, str) else None
        scopes = [f"key:{name}"] + ([f"key-kernel:{scope}"] if scope else [])
        wait = self.wait_seconds(scopes, free=FREE_TRIES_KERNEL, cap=MAX_WAIT_KERNEL)
        if wait > 0:
            return ResumeResult(None, _wait_message(wait), wait)
        ok = False
        if info is not None and isinstance(key, str) and 0 < len(key) <= 200:
            w = workshops_table
            with self.engine.connect() as conn:
                stored = conn.execute(sa.select(w.c.key_hash).where(w.c.name == info.name)).scalar()
            ok = stored is not None and secrets.compare_digest(stored, codes.hash_token(key))
        if not ok:
            self.record_failure(scopes)
            return ResumeResult(None, "That key does not open this workshop.")
        self.reset(scopes)
        return ResumeResult(info.name)

    def close_workshop(self, name: str, *, delete_data: bool = False) -> int:
        """Close a workshop (no new joins or sign-ins); optionally delete every participant's data.

        Returns how many participants' data were deleted.
        """
        info = self.require(name, open_only=False)
        profiles = [p.profile for p in self.participants(info.name)]
        with self.store._begin() as conn:
            conn.execute(sessions_table.delete().where(sessions_table.c.workshop == info.name))
            if delete_data:
                if profiles:
                    conn.execute(shared_table.delete().where(shared_table.c.profile.in_(profiles)))
                conn.execute(participants_table.delete().where(participants_table.c.workshop == info.name))
                conn.execute(attempts_table.delete().where(attempts_table.c.scope.like(f"%:{info.name}%")))
                conn.execute(workshops_table.delete().where(workshops_table.c.name == info.name))
            else:
                conn.execute(workshops_table.update().where(workshops_table.c.name == info.name)
                             .values(closed_at=self.clock()))
        if delete_data:
            for profile in profiles:
                self.store.delete(profile)
        return len(profiles) if delete_data else 0

    # -- participants ---------------------------------------------------------------
    def join(self, name: str, *, cost: int | None = None) -> tuple[str, str]:
        """Add a participant to an open workshop; returns ``(profile, resume code)``.

        The code is returned once and kept only as a salted scrypt hash.
        """
        info = self.require(name)
        code = codes.new_code()
        profile = f"ws-{info.name}-{secrets.token_hex(8)}"
        self._insert_participant(info.name, profile, codes.locator(code), codes.hash_code(code, n=cost or self.code_cost))
        self.store.ensure_profile(profile)
        return profile, code

    def join_user(self, name: str, profile: str) -> str:
        """Add an already authenticated person (a JupyterHub user) to a workshop, once."""
        info = self.require(name)
        with self.engine.connect() as conn:
            found = conn.execute(sa.select(participants_table.c.profile)
                                 .where(participants_table.c.profile == profile)).first()
        if not found:
            self._insert_participant(info.name, profile, None, None)
        self.store.ensure_profile(profile)
        return profile

    def _insert_participant(self, workshop: str, profile: str, locator: str | None, code_hash: str | None) -> None:
        with self.store._begin() as conn:
            conn.execute(participants_table.insert().values(
                profile=profile, workshop=workshop, locator=locator, code_hash=code_hash,
                consent=False, consent_at=None, created_at=self.clock()))

    def resume(self, name: str, typed: object, *, scope: str = "") -> ResumeResult:
        """Find the participant whose resume code was typed, or refuse without saying why.

        Failures are counted for the workshop and for ``scope`` (one browser page), and
        after a few of them further tries must wait, doubling each time.
        """
        info = self.workshop(name)
        scopes = [f"code:{name}"] + ([f"code-kernel:{scope}"] if scope else [])
        wait = max(self.wait_seconds(scopes[1:], free=FREE_TRIES_KERNEL, cap=MAX_WAIT_KERNEL),
                   self.wait_seconds(scopes[:1], free=FREE_TRIES_WORKSHOP, cap=MAX_WAIT_WORKSHOP))
        if wait > 0:
            return ResumeResult(None, _wait_message(wait), wait)
        code = codes.normalize_code(typed)
        match = None
        if info is not None and info.open and code is not None:
            p = participants_table
            with self.engine.connect() as conn:
                candidates = conn.execute(sa.select(p.c.profile, p.c.code_hash).where(
                    p.c.workshop == info.name, p.c.locator == codes.locator(code))).all()
            for row in candidates:
                if row.code_hash and codes.verify_code(code, row.code_hash):
                    match = row.profile
            if not candidates:
                codes.burn_time(self.code_cost)
        else:
            codes.burn_time(self.code_cost)
        if match is None:
            self.record_failure(scopes)
            return ResumeResult(None, REFUSAL)
        self.reset(scopes[1:])
        return ResumeResult(match)

    def participants(self, name: str) -> list[Participant]:
        """Every participant of a workshop, in the order they joined."""
        p = participants_table
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(p).where(p.c.workshop == name).order_by(p.c.created_at, p.c.profile)).all()
        return [Participant(r.profile, r.workshop, bool(r.consent), _aware(r.created_at)) for r in rows]

    def participant(self, profile: str) -> Participant | None:
        p = participants_table
        with self.engine.connect() as conn:
            r = conn.execute(sa.select(p).where(p.c.profile == profile)).first()
        return Participant(r.profile, r.workshop, bool(r.consent), _aware(r.created_at)) if r else None

    def set_consent(self, profile: str, consent: object) -> bool:
        """Record whether a participant's answers count in the room's picture."""
        if not isinstance(consent, bool):
            raise WorkshopError("Consent is yes or no.")
        with self.store._begin() as conn:
            changed = conn.execute(participants_table.update().where(participants_table.c.profile == profile)
                                   .values(consent=consent, consent_at=self.clock())).rowcount
        if not changed:
            raise WorkshopError("This profile is not part of a workshop.")
        return consent

    def set_shared(self, profile: str, workbook: str, field: str, shared: object) -> bool:
        """Share (or stop sharing) one free-text answer with the room."""
        if not isinstance(shared, bool):
            raise WorkshopError("Sharing is yes or no.")
        s = shared_table
        with self.store._begin() as conn:
            conn.execute(s.delete().where(s.c.profile == profile, s.c.workbook == workbook, s.c.field == field))
            if shared:
                conn.execute(s.insert().values(profile=profile, workbook=workbook, field=field, shared_at=self.clock()))
        return shared

    def shared(self, profile: str) -> set[tuple[str, str]]:
        """The ``(workbook, field)`` answers a participant shares with the room."""
        s = shared_table
        with self.engine.connect() as conn:
            return {(r.workbook, r.field) for r in conn.execute(sa.select(s).where(s.c.profile == profile))}

    def shared_by_workshop(self, name: str) -> dict[str, set[tuple[str, str]]]:
        """Every participant's shared answers, by profile."""
        s, p = shared_table, participants_table
        query = sa.select(s.c.profile, s.c.workbook, s.c.field).join(p, p.c.profile == s.c.profile).where(
            p.c.workshop == name)
        out: dict[str, set[tuple[str, str]]] = {}
        with self.engine.connect() as conn:
            for r in conn.execute(query):
                out.setdefault(r.profile, set()).add((r.workbook, r.field))
        return out

    # -- sessions -------------------------------------------------------------------
    def start_session(self, profile: str, *, hours: float = SESSION_HOURS) -> str:
        """A new session token for links between workbooks (kept only as a hash)."""
        participant = self.participant(profile)
        if participant is None:
            raise WorkshopError("This profile is not part of a workshop.")
        token = codes.new_token()
        now = self.clock()
        with self.store._begin() as conn:
            conn.execute(sessions_table.delete().where(sessions_table.c.expires_at < now))
            conn.execute(sessions_table.insert().values(
                token_hash=codes.hash_token(token), profile=profile, workshop=participant.workshop,
                created_at=now, expires_at=now + _dt.timedelta(hours=hours)))
        return token

    def session_profile(self, name: str, token: object) -> str | None:
        """The participant a session token belongs to, if it is current and the workshop open."""
        if not isinstance(token, str) or not 20 <= len(token) <= 100:
            return None
        info = self.workshop(name)
        if info is None or not info.open:
            return None
        s = sessions_table
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(s.c.profile, s.c.expires_at).where(
                s.c.token_hash == codes.hash_token(token), s.c.workshop == info.name)).first()
        if row is None or _aware(row.expires_at) <= self.clock():
            return None
        return row.profile

    def end_session(self, token: str) -> None:
        """Sign out: the token stops working at once."""
        with self.store._begin() as conn:
            conn.execute(sessions_table.delete().where(sessions_table.c.token_hash == codes.hash_token(token)))

    # -- slowing down guessing ------------------------------------------------------
    def failures(self, scope: str) -> int:
        """Recent failures counted for a scope (forgotten after a quiet half hour)."""
        a = attempts_table
        with self.engine.connect() as conn:
            row = conn.execute(sa.select(a).where(a.c.scope == scope)).first()
        if row is None or self.clock() - _aware(row.last_failure) > FORGET_AFTER:
            return 0
        return int(row.failures)

    def wait_seconds(self, scopes: Iterable[str], *, free: int, cap: float) -> float:
        """How long the next attempt must wait, given recent failures in any of ``scopes``."""
        a = attempts_table
        scopes = list(scopes)
        if not scopes:
            return 0.0
        with self.engine.connect() as conn:
            rows = conn.execute(sa.select(a).where(a.c.scope.in_(scopes))).all()
        now = self.clock()
        wait = 0.0
        for row in rows:
            last = _aware(row.last_failure)
            if now - last > FORGET_AFTER:
                continue
            remaining = delay_for(int(row.failures), free, cap) - (now - last).total_seconds()
            wait = max(wait, remaining)
        return max(0.0, wait)

    def record_failure(self, scopes: Iterable[str]) -> None:
        a = attempts_table
        now = self.clock()
        with self.store._begin() as conn:
            for scope in scopes:
                row = conn.execute(sa.select(a).where(a.c.scope == scope)).first()
                if row is None:
                    conn.execute(a.insert().values(scope=scope, failures=1, last_failure=now))
                else:
                    stale = now - _aware(row.last_failure) > FORGET_AFTER
                    conn.execute(a.update().where(a.c.scope == scope).values(
                        failures=1 if stale else int(row.failures) + 1, last_failure=now))

    def reset(self, scopes: Iterable[str]) -> None:
        scopes = list(scopes)
        if not scopes:
            return
        with self.store._begin() as conn:
            conn.execute(attempts_table.delete().where(attempts_table.c.scope.in_(scopes)))


def _wait_message(wait: float) -> str:
    return f"Too many tries in a row. Please wait {math.ceil(wait)} seconds, then try again."
