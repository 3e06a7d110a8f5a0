"""Safe mode: keeping a person's answers when the answers file misbehaves.

Four things can go wrong with the file answers are kept in. Each is met the same
way a trusted notes app would: say plainly what happened, keep working, lose nothing.

- **busy** (another program holds it), **read-only** or **on a full disk**: answers
  saved before stay readable; what the person types now is held in the workbook
  (the :class:`~careerkit.widgets.forms.Saver` keeps it) and written as soon as the file
  accepts it again, retried every few seconds. One message in the workbook's
  header says what is going on.
- **damaged** (bytes overwritten, a truncated copy): the damaged file is moved aside
  (renamed, never deleted), the newest sound backup is put in its place, and every
  revision that can still be read from the damaged file is copied over, so the
  answers come back as completely as the damage allows. The person is told what
  happened and where the damaged file is. With no backup, the readable revisions
  alone start a fresh file.

:func:`open_checked` does this when the answers are first opened in a process
(``careerkit.core.storage.storefront.open_store`` calls it), and also takes the daily backup.
"""

from __future__ import annotations

import datetime as _dt
import json
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from careerkit.core.storage import backup as backups
from careerkit.core.storage import schema
from careerkit.core.storage.sqlitefile import StoreError, classify, stamp, text, writable

if TYPE_CHECKING:
    from careerkit.core.storage.store import Store

__all__ = ["KINDS", "Recovery", "kind_of", "message_for", "open_checked", "open_read_only", "recover", "repair",
           "salvage"]

#: The kinds of trouble safe mode knows, each with what the person is told.
KINDS = {
    "busy": (
        "Another program is holding your answers file, so new answers cannot be written at "
        "this moment. What you type is kept here and saved automatically as soon as the file "
        "is free. Everything saved before is safe."
    ),
    "readonly": (
        "Your answers file is read-only, so new answers cannot be written. What you type is "
        "kept here while this workbook stays open and saved automatically once writing works "
        "again. Everything saved before is safe."
    ),
    "full": (
        "The disk is full, so new answers cannot be written. Free some space: what you type is "
        "kept here while this workbook stays open and saved automatically once there is room. "
        "Everything saved before is safe."
    ),
    "damaged": (
        "Your answers file is damaged. careerkit is bringing your answers back from the newest "
        "backup and whatever can still be read; what you type is kept here meanwhile."
    ),
    "unavailable": (
        "Your answers cannot be reached right now. What you type is kept here and saved "
        "automatically as soon as they can. Everything saved before is safe."
    ),
    "other": (
        "New answers cannot be written right now. What you type is kept here and saved "
        "automatically as soon as it works again. Everything saved before is safe."
    ),
}


def kind_of(error: BaseException) -> str:
    """Which kind of trouble an error from the store means (a key of :data:`KINDS`):
    its :attr:`StoreError.kind`, classified from exception types and SQLite or
    PostgreSQL error codes (:func:`careerkit.core.storage.sqlitefile.classify`), never from wording."""
    return classify(error)


def message_for(kind: str) -> str:
    """What the person is told for a kind of trouble."""
    return KINDS.get(kind, KINDS["other"])


@dataclass(frozen=True)
class Recovery:
    """What :func:`recover` did: where the damaged file went, which backup came back,
    and how many revisions were read out of the damaged file."""

    moved_to: Path | None
    backup: Path | None
    salvaged: int
    problem: str
    #: Revisions found in the damaged file that could not be read (kept there, in ``moved_to``).
    unreadable: int = 0
    #: Why the file was repaired: "damaged", or "missing"/"empty" next to backups that hold answers.
    cause: str = "damaged"

    def message(self) -> str:
        """The notice shown to the person."""
        parts = [{"missing": "Your answers file was missing, so careerkit brought back your answers.",
                  "empty": "Your answers file was empty, so careerkit brought back your answers."}.get(
                      self.cause, "Your answers file was damaged, so careerkit repaired it.")]
        if self.backup is not None:
            parts.append(f"Your answers were brought back from the backup of {_when(self.backup)}")
            parts[-1] += (f", plus {self.salvaged} more recent change{'s' if self.salvaged != 1 else ''} "
                          "read from the damaged file." if self.salvaged else ".")
        elif self.salvaged:
            parts.append(f"{self.salvaged} saved change{'s' if self.salvaged != 1 else ''} "
                         "could be read from the damaged file and were kept.")
        else:
            parts.append("There was no backup and nothing could be read from it, so a fresh file was started.")
        if self.unreadable:
            parts.append(f"{self.unreadable} saved change{'s' if self.unreadable != 1 else ''} could not be "
                         "read and {} kept in the damaged file.".format("is" if self.unreadable == 1 else "are"))
        if self.moved_to is not None:
            what = "damaged" if self.cause == "damaged" else self.cause
            parts.append(f"The {what} file was kept, untouched, as {self.moved_to}.")
        parts.append("Please look over your latest answers.")
        return " ".join(parts)


def open_checked(url: str, *, checked: bool = False) -> Store:
    """Open the store at ``url`` the safe way: repair a damaged SQLite file first,
    then take the daily backup. ``store.notice`` says what happened, if anything.

    ``checked``: this process already checked the file and took today's backup when it
    first opened it (:class:`careerkit.core.storage.storefront.QuickStore`); damage found while
    opening is still repaired.
    """
    from careerkit.core.storage.store import Store

    path = backups.sqlite_path(url)
    notice = ""
    if path is not None and path.is_file() and path.stat().st_size > 0 and not writable(path):
        return open_read_only(path)
    if path is not None and (not path.is_file() or path.stat().st_size == 0):
        # An emptied or deleted answers file next to backups that hold answers is damage,
        # not a new start: the answers come back from the newest good backup.
        if any(backups.holds_answers(b.path) for b in backups.list_backups(url)):
            notice = recover(url, "the answers file is " + ("empty" if path.is_file() else "missing"),
                             cause="empty" if path.is_file() else "missing").message()
    elif not checked and path is not None:
        found = backups.diagnose(path)
        if found is not None and found[0] == "damaged":
            notice = recover(url, found[1]).message()
    try:
        store = Store(url, repair=repair)
    except StoreError as exc:
        if path is None or exc.kind != "damaged":
            raise
        notice = recover(url, str(exc)).message()
        store = Store(url, repair=repair)
    store.notice = notice
    if path is not None and not checked:
        try:
            backups.daily_backup(url)
        except (OSError, sqlite3.Error):
            pass  # a backup that cannot be taken today (full or read-only disk) must not stop the work
    return store


#: What the person is told when the answers are on media that cannot be written.
READ_ONLY_NOTICE = (
    "Your answers are on a disk that cannot be written (read-only), so they are shown but saving is "
    "paused: what you type is kept here while this workbook stays open, and nothing on the disk is changed."
)


def open_read_only(path: Path) -> Store:
    """Open the answers file ``path`` on read-only media: every answer shown, nothing written.

    The file is opened read-only and immutable (SQLite need not create its ``-shm`` beside
    it, which read-only media would refuse). A file of an older schema is upgraded in a
    temporary copy, which is then opened the same way; the file itself is never touched.
    """
    from careerkit.core.storage.store import SCHEMA_VERSION, Store

    source = path
    conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        version = int(conn.execute("SELECT value FROM careerkit_meta WHERE key = 'schema_version'").fetchone()[0]) \
            if "careerkit_meta" in tables else (1 if "revisions" in tables else 0)
    finally:
        conn.close()
    if version < SCHEMA_VERSION:
        copy = Path(tempfile.mkdtemp(prefix="careerkit-read-only-")) / path.name
        src = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro&immutable=1", uri=True)
        dst = sqlite3.connect(copy)
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
        Store(f"sqlite:///{copy}").close()  # upgraded in the copy
        backups._forget_connections(f"sqlite:///{copy}")
        source = copy
    store = Store(f"sqlite:///file:{source.absolute()}?mode=ro&immutable=1&uri=true")
    store.notice = READ_ONLY_NOTICE
    return store


def recover(url: str, problem: str = "", *, cause: str = "damaged") -> Recovery:
    """Repair a damaged SQLite answers file in place (see the module text).

    ``cause``: "damaged", or "empty"/"missing" for a file emptied or deleted next to backups."""
    path = backups.sqlite_path(url)
    if path is None:
        raise ValueError("only a SQLite answers file can be repaired here")
    backups._forget_connections(url)
    moved = backups.move_aside(path)
    restored = None
    for candidate in backups.list_backups(url):
        if backups.check_file(candidate.path) is None and (cause == "damaged" or backups.holds_answers(candidate.path)):
            backups._copy(candidate.path, path)
            restored = candidate.path
            break
    from careerkit.core.storage.store import Store

    fresh = Store(url)  # brings a restored copy up to the current schema, or starts an empty file
    salvaged, unreadable = _salvage(moved, path) if moved is not None and cause == "damaged" else (0, 0)
    fresh.engine.dispose()
    return Recovery(moved, restored, salvaged, problem, unreadable, cause)


def repair(url: str, problem: str) -> str:
    """The repair step a store opened here is handed (:data:`careerkit.core.storage.store.Repair`):
    :func:`recover` the damaged file at ``url``; returns what the person is told."""
    return recover(url, problem).message()


def salvage(damaged: str | Path, target: str | Path) -> int:
    """Copy every revision (and profile, file and check-in) still readable in ``damaged``
    into ``target`` that ``target`` does not already hold; returns how many revisions.

    When the damaged file's first bytes (its header) are overwritten, it is read
    through a copy whose header is rebuilt from ``target``'s, so the pages behind it
    still give up their rows. ``damaged`` itself is only ever read.
    """
    return _salvage(damaged, target)[0]


def _salvage(damaged: str | Path, target: str | Path) -> tuple[int, int]:
    # (revisions copied, revisions found but unreadable)
    with tempfile.TemporaryDirectory(prefix="careerkit-salvage-") as scratch:
        src = _open_readable(Path(damaged), Path(target), Path(scratch))
        if src is None:
            return 0, 0
        try:
            return _copy_rows(src, target)
        finally:
            src.close()


def _open_readable(damaged: Path, template: Path, scratch: Path) -> sqlite3.Connection | None:
    def attempt(path: Path) -> sqlite3.Connection | None:
        try:
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        except sqlite3.Error:
            return None
        try:
            conn.text_factory = text
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            return conn
        except (sqlite3.Error, ValueError):  # ValueError: damaged schema text that is not UTF-8
            conn.close()
            return None

    conn = attempt(damaged)
    if conn is not None or not template.is_file():
        return conn
    header = template.read_bytes()[:100]
    data = bytearray(damaged.read_bytes())
    if len(header) < 100 or len(data) < 100:
        return None
    patched = bytearray(header)
    patched[32:40] = bytes(8)  # no freelist: the copy is only read
    patched[92:96] = (int.from_bytes(header[24:28], "big") ^ 0xFFFFFFFF).to_bytes(4, "big")  # size from file length
    data[:100] = patched
    copy = scratch / "readable.sqlite"
    copy.write_bytes(bytes(data))
    wal = damaged.with_name(damaged.name + "-wal")
    if wal.is_file():
        (scratch / "readable.sqlite-wal").write_bytes(wal.read_bytes())
    return attempt(copy)


def _copy_rows(src: sqlite3.Connection, target: str | Path) -> tuple[int, int]:
    dst = sqlite3.connect(str(target), timeout=15)
    try:
        rows, unreadable = _readable_revisions(src)
        before = dst.total_changes
        marks = ", ".join("?" * len(schema.columns("revisions")))
        with dst:
            dst.executemany(f"INSERT OR IGNORE INTO revisions ({_COLUMNS}) VALUES ({marks})", rows)
        count = dst.total_changes - before
        for table in ("profiles", "attachments", "checkins"):
            columns = ", ".join(schema.columns(table))
            try:
                found = src.execute(f"SELECT {columns} FROM {table}").fetchall()
                marks = ", ".join("?" * len(columns.split(",")))
                with dst:
                    dst.executemany(f"INSERT OR IGNORE INTO {table} ({columns}) VALUES ({marks})", found)
            except (sqlite3.Error, ValueError):
                continue
        with dst:
            known = {row[0] for row in dst.execute("SELECT id FROM profiles")}
            for (profile,) in dst.execute("SELECT DISTINCT profile_id FROM revisions").fetchall():
                if profile not in known:
                    dst.execute(schema.insert("profiles"), (profile, "", stamp(_dt.datetime.now(_dt.timezone.utc))))
        return count, unreadable
    finally:
        dst.close()


_COLUMNS = ", ".join(schema.columns("revisions"))


def _readable_revisions(src: sqlite3.Connection) -> tuple[list[tuple], int]:
    # Read in id ranges; a range that hits a damaged page is split until single rows
    # are tried, so one bad page costs only the rows on it.
    try:
        columns = {row[1] for row in src.execute("PRAGMA table_info(revisions)")}
    except (sqlite3.Error, UnicodeDecodeError):
        return [], 0
    select = _COLUMNS if "source" in columns else _COLUMNS.replace("source", "'form'")
    top = None
    for query in ("SELECT seq FROM sqlite_sequence WHERE name = 'revisions'", "SELECT max(id) FROM revisions"):
        try:
            value = src.execute(query).fetchone()
        except (sqlite3.Error, UnicodeDecodeError):
            continue
        if value and value[0] is not None:
            top = max(top or 0, int(value[0]))
    if top is None:
        return [], 0
    out: list[tuple] = []
    unreadable = [0]

    def read(lo: int, hi: int) -> None:
        try:
            out.extend(src.execute(f"SELECT {select} FROM revisions WHERE id >= ? AND id < ? ORDER BY id",
                                   (lo, hi)).fetchall())
        except (sqlite3.Error, UnicodeDecodeError):
            if hi - lo <= 1:
                try:  # a row is there, but its text cannot be read: count it, leave it where it is
                    if src.execute("SELECT count(*) FROM revisions WHERE id = ?", (lo,)).fetchone()[0]:
                        unreadable[0] += 1
                except sqlite3.Error:
                    pass
                return
            mid = (lo + hi) // 2
            read(lo, mid)
            read(mid, hi)

    step = 512
    for start in range(1, top + 1, step):
        read(start, min(start + step, top + 1))
    readable = [row for row in out if all(isinstance(v, str) for v in row[1:]) and _is_json(row[4])]
    return readable, unreadable[0] + len(out) - len(readable)


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


def _when(path: Path) -> str:
    match = backups._NAME.match(path.name)
    if not match:
        return path.name
    stamp = _dt.datetime.strptime(match.group(1), "%Y%m%d-%H%M%S")
    return stamp.strftime("%Y-%m-%d %H:%M UTC")
