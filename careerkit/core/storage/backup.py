"""Rolling automatic backups of the SQLite answers file, and restoring one.

A copy of the answers is taken with SQLite's online backup API, which gives a
consistent snapshot even while a workbook is writing:

- once a day, when the answers are first opened that day (:func:`daily_backup`);
- before every schema upgrade (the store calls :func:`backup_now` itself);
- before a restore, so going back is never a one-way door.

Copies live next to the answers file, in ``CAREERKIT_HOME/backups/`` for the
default location, named ``answers-YYYYMMDD-HHMMSS-<reason>.sqlite``. The newest
:data:`KEEP` are kept; older ones are removed.

To go back to a copy (the workbooks may stay open; they read the restored answers
the next time they are opened or refreshed)::

    from careerkit.core.storage.backup import list_backups, restore_backup
    restore_backup(list_backups()[0].path)      # the newest copy

The answers as they were just before the restore are themselves kept as a backup
(reason ``before-restore``), and a damaged file is moved aside, never deleted.
PostgreSQL databases are backed up with the server's own tools (``pg_dump``), so
these functions do nothing for them.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from careerkit.core.storage import schema, sqlitefile
from careerkit.core.storage.location import database_url, sqlite_file
from careerkit.core.storage.permissions import private_file, private_folder
from careerkit.core.storage.sqlitefile import classify, text

__all__ = [
    "KEEP",
    "Backup",
    "backup_dir",
    "backup_now",
    "check_file",
    "daily_backup",
    "diagnose",
    "forget_in_backups",
    "holds_answers",
    "list_backups",
    "move_aside",
    "restore_backup",
    "sqlite_path",
]

#: How many backups are kept; older ones are removed after each new one.
KEEP = 7
#: How old the newest backup may be before opening the answers takes a new one.
DAILY = _dt.timedelta(days=1)

_NAME = re.compile(r"^answers-(\d{8}-\d{6})(?:-(\d+))?-([a-z0-9-]+)\.sqlite$")


@dataclass(frozen=True)
class Backup:
    """One backup file: where it is, when it was taken and why."""

    path: Path
    taken_at: _dt.datetime
    reason: str


def sqlite_path(url: str | None = None) -> Path | None:
    """The answers file behind a SQLite URL (default: the one in use); None for other databases."""
    url = url or database_url()
    plain = sqlite_file(url)
    if plain is not None:  # the usual case, read without loading SQLAlchemy
        return plain
    import sqlalchemy as sa

    parsed = sa.engine.make_url(url)
    if not parsed.drivername.startswith("sqlite") or not parsed.database or parsed.database == ":memory:":
        return None
    database = parsed.database
    if database.startswith("file:"):  # a URI filename (``?uri=true``), e.g. opened read-only
        database = database[len("file:"):]
    return Path(database)


def backup_dir(url: str | None = None) -> Path | None:
    """The folder backups of the answers file are kept in (``backups/`` beside it)."""
    path = sqlite_path(url)
    return None if path is None else path.parent / "backups"


def list_backups(url: str | None = None) -> list[Backup]:
    """Every backup of the answers file, newest first."""
    folder = backup_dir(url)
    if folder is None or not folder.is_dir():
        return []
    found = []
    for entry in folder.iterdir():
        match = _NAME.match(entry.name)
        if match:
            stamp = _dt.datetime.strptime(match.group(1), "%Y%m%d-%H%M%S").replace(tzinfo=_dt.timezone.utc)
            found.append((stamp, int(match.group(2) or 0), Backup(entry, stamp, match.group(3))))
    found.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return [backup for *_, backup in found]


def diagnose(path: str | os.PathLike) -> tuple[str, str] | None:
    """None when ``path`` is a sound SQLite answers file; otherwise ``(kind, what is wrong)``,
    ``kind`` as :func:`careerkit.core.storage.sqlitefile.classify` gives it.

    Sound means SQLite's integrity check passes *and* every revision reads back as
    UTF-8 JSON: a changed byte inside an answer passes the integrity check, yet would
    make every read of the file fail.
    """
    path = Path(path)
    if not path.is_file():
        return "unavailable", "the file does not exist"
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        try:
            conn.text_factory = text
            rows = conn.execute("PRAGMA quick_check").fetchall()
            problems = [" ".join(str(row[0]).split()) for row in rows if row[0] != "ok"]
            if problems:
                return "damaged", "damaged: " + "; ".join(problems[:3])
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if "revisions" in tables:
                for row in conn.execute("SELECT * FROM revisions"):
                    json.loads(row[4])  # id, profile_id, workbook, field, value, ...
            for table in ("profiles", "checkins") if tables >= {"profiles", "checkins"} else ():
                conn.execute(f"SELECT * FROM {table}").fetchall()
        finally:
            conn.close()
    except (sqlite3.Error, UnicodeDecodeError, ValueError) as exc:
        kind = classify(exc)
        return kind, (f"damaged: {exc}" if kind == "damaged" else str(exc))
    return None


def check_file(path: str | os.PathLike) -> str | None:
    """None when ``path`` is a sound SQLite answers file; otherwise what is wrong with it
    (:func:`diagnose` says which kind of trouble)."""
    found = diagnose(path)
    return None if found is None else found[1]


def holds_answers(path: str | os.PathLike) -> bool:
    """Whether the SQLite file ``path`` is sound and keeps at least one revision."""
    if check_file(path) is not None:
        return False
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        try:
            return bool(conn.execute("SELECT count(*) FROM revisions").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return False


def backup_now(url: str | None = None, *, reason: str = "manual", keep: int = KEEP,
               now: _dt.datetime | None = None) -> Path | None:
    """Copy the answers file into the backups folder now; returns the copy (None if nothing to copy).

    The copy is written under a temporary name, checked, flushed to disk and only
    then given its final name, so a backup that exists is a whole one.
    """
    source = sqlite_path(url)
    folder = backup_dir(url)
    if source is None or folder is None or not source.is_file() or source.stat().st_size == 0:
        return None
    private_folder(folder)
    moment = (now or _dt.datetime.now(_dt.timezone.utc)).astimezone(_dt.timezone.utc)
    tag = re.sub(r"[^a-z0-9-]+", "-", reason.lower()).strip("-") or "manual"
    target = _free_name(folder, moment, tag)
    partial = target.with_name(target.name + ".partial")
    try:
        _copy(source, partial)
        # A backup is a plain file (no write-ahead log): reading or checking it later leaves
        # no -wal and -shm files beside it.
        conn = sqlite3.connect(partial)
        try:
            conn.execute("PRAGMA journal_mode = DELETE")
        finally:
            conn.close()
        problem = check_file(partial)
        if problem:
            partial.unlink(missing_ok=True)
            raise OSError(f"the backup copy of {source} is not sound ({problem})")
        _fsync(partial)
    finally:
        _remove_companions(partial)
    os.replace(partial, target)
    _fsync_dir(folder)
    _prune(url, keep)
    return target


def daily_backup(url: str | None = None, *, now: _dt.datetime | None = None, keep: int = KEEP) -> Path | None:
    """Take a backup unless one was taken within the last day; returns the new copy or None."""
    moment = now or _dt.datetime.now(_dt.timezone.utc)
    newest = next(iter(list_backups(url)), None)
    if newest is not None and moment - newest.taken_at < DAILY:
        return None
    return backup_now(url, reason="daily", now=moment, keep=keep)


def move_aside(path: str | os.PathLike, label: str = "damaged") -> Path | None:
    """Rename an answers file (and its ``-wal``/``-shm`` companions) out of the way; never deletes.

    Returns the new name of the main file, or None when there was no file.
    """
    path = Path(path)
    if not path.exists():
        return None
    stamp = _dt.datetime.now(_dt.timezone.utc).strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.{label}-{stamp}{path.suffix}")
    counter = 1
    while target.exists():
        target = path.with_name(f"{path.stem}.{label}-{stamp}-{counter}{path.suffix}")
        counter += 1
    for suffix in ("-wal", "-shm", "-journal"):
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            os.replace(companion, target.with_name(target.name + suffix))
    os.replace(path, target)
    _fsync_dir(path.parent)
    return target


def restore_backup(backup: str | os.PathLike, url: str | None = None) -> Path | None:
    """Bring the answers back to a backup copy.

    The answers as they are now are first kept as a backup of their own (reason
    ``before-restore``); if they cannot be read because the file is damaged, the
    file is moved aside instead (see :func:`move_aside`). Returns where the earlier
    answers went (that backup or the moved file), or None if there were none.
    Open connections of this process are renewed, so the next read sees the
    restored answers.
    """
    backup = Path(backup)
    problem = check_file(backup)
    if problem:
        raise ValueError(f"{backup} cannot be restored: {problem}")
    target = sqlite_path(url)
    if target is None:
        raise ValueError("restoring a backup file works for SQLite answers files only")
    kept: Path | None = None
    if target.exists() and check_file(target) is None:
        kept = backup_now(url, reason="before-restore", keep=KEEP + 1)
        _copy(backup, target)
    else:
        _forget_connections(url)
        kept = move_aside(target)
        _copy(backup, target)
    _forget_connections(url)
    return kept


# -- helpers ---------------------------------------------------------------------------

def forget_in_backups(profile: str, workbook: str | None = None, field: str | None = None,
                      url: str | None = None) -> int:
    """Remove the same answers from every backup that forgetting removed from the answers file.

    Forgetting must leave no trace, and backups are copies of the answers; each one is
    rewritten with the rows gone and its freed pages wiped. Returns how many backups changed.
    """
    changed = 0
    copies = [b.path for b in list_backups(url)]
    answers = sqlite_path(url)
    if answers is not None and answers.parent.is_dir():
        # Copies moved aside beside the answers (damaged, emptied, missing): the same rows go.
        copies += sorted(p for p in answers.parent.glob(f"{answers.stem}.*-*{answers.suffix}")
                         if _MOVED.match(p.name[len(answers.stem):]))
    for path in copies:
        try:
            changed += _forget_in(path, profile, workbook, field)
        except sqlite3.Error:
            # A copy too damaged to change: what could be read of it was copied into the
            # answers when it was moved aside, so it goes as a whole.
            for companion in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal"))):
                companion.unlink(missing_ok=True)
            changed += 1
    return changed


_MOVED = re.compile(r"^\.[a-z]+-\d{8}-\d{6}(-\d+)?\.sqlite$")


def _forget_in(path: Path, profile: str, workbook: str | None, field: str | None) -> int:
    conn = sqlite3.connect(path)
    try:
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        conn.execute("PRAGMA secure_delete = ON")
        where, args = "profile_id = ?", [profile]
        if workbook is not None:
            where, args = where + " AND workbook = ?", args + [workbook]
        if field is not None:
            where, args = where + " AND field = ?", args + [field]
        removed = conn.execute(f"DELETE FROM revisions WHERE {where}", args).rowcount if "revisions" in tables else 0
        if workbook is None and field is None:
            for table, column in (("attachments", "profile_id"), ("checkins", "profile_id"), ("profiles", "id")):
                if table in tables:
                    removed += conn.execute(f"DELETE FROM {table} WHERE {column} = ?", (profile,)).rowcount
            for table in sorted(tables - set(schema.TABLES) - {"sqlite_sequence"}):
                # Rows other parts of careerkit keep about the person (a workshop's, say).
                columns = {row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')}
                column = next((c for c in ("profile", "profile_id") if c in columns), None)
                if column is not None:
                    removed += conn.execute(f'DELETE FROM "{table}" WHERE {column} = ?', (profile,)).rowcount
        elif "attachments" in tables and "revisions" in tables:
            # Files no remaining answer of the person refers to (the workbook's pictures).
            used = set()
            for (value,) in conn.execute("SELECT value FROM revisions WHERE profile_id = ?", (profile,)):
                used.update(re.findall(r"sha256:[0-9a-f]{64}", value))
            for (key,) in conn.execute("SELECT key FROM attachments WHERE profile_id = ?", (profile,)).fetchall():
                if key not in used:
                    removed += conn.execute("DELETE FROM attachments WHERE profile_id = ? AND key = ?",
                                            (profile, key)).rowcount
        conn.commit()
        moved_aside = not _NAME.match(path.name)
        if removed or moved_aside:  # a moved-aside copy may hold the rows on free pages: wiped either way
            conn.execute("VACUUM")
        return 1 if removed else 0
    finally:
        conn.close()


def _copy(source: Path, target: Path) -> None:
    # The online backup API: a consistent copy even while another connection writes.
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=15)
    try:
        private_file(target)  # created 0600 before SQLite opens it
        dst = sqlite3.connect(str(target), timeout=15)
        try:
            src.backup(dst)
            dst.commit()
        finally:
            dst.close()
    finally:
        src.close()


def _free_name(folder: Path, moment: _dt.datetime, tag: str) -> Path:
    stamp = moment.strftime("%Y%m%d-%H%M%S")
    target = folder / f"answers-{stamp}-{tag}.sqlite"
    counter = 1
    while target.exists():
        target = folder / f"answers-{stamp}-{counter}-{tag}.sqlite"
        counter += 1
    return target


def _prune(url: str | None, keep: int) -> None:
    # The newest backup that holds answers is never removed, however many empty ones
    # came after it (an answers file emptied by accident is copied by each day's backup).
    found = list_backups(url)
    kept = found[:max(keep, 1)]
    anchor = None
    if not any(holds_answers(b.path) for b in kept):
        anchor = next((b for b in found[len(kept):] if holds_answers(b.path)), None)
    for old in found[len(kept):]:
        if old is not anchor:
            old.path.unlink(missing_ok=True)
            _remove_companions(old.path)
    folder = backup_dir(url)
    if folder is not None and folder.is_dir():  # leftovers of backups taken by older versions
        for stray in folder.glob("answers-*.sqlite.partial-*"):
            if stray.name.endswith(("-wal", "-shm", "-journal")) and not stray.with_name(
                    stray.name.rsplit("-", 1)[0]).exists():
                stray.unlink(missing_ok=True)


def _remove_companions(path: Path) -> None:
    for suffix in ("-wal", "-shm", "-journal"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


#: Called with a database URL whenever this process must drop its connections to it (a
#: restore, a repair); the full store adds its own when it is loaded (so no store needs
#: to be imported here to forget its connections).
connection_keepers: list[Callable[[str], None]] = []


def _forget_connections(url: str | None) -> None:
    path = sqlite_path(url)
    if path is not None:
        sqlitefile.forget(path)
    for forget in list(connection_keepers):
        forget(url or database_url())


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
