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
import os
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "KEEP",
    "Backup",
    "backup_dir",
    "backup_now",
    "check_file",
    "daily_backup",
    "forget_in_backups",
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
    from careerkit.core.storage.storefront import database_url, sqlite_file

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


def check_file(path: str | os.PathLike) -> str | None:
    """None when ``path`` is a sound SQLite file; otherwise what is wrong with it."""
    path = Path(path)
    if not path.is_file():
        return "the file does not exist"
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        try:
            rows = conn.execute("PRAGMA quick_check").fetchall()
        finally:
            conn.close()
    except sqlite3.Error as exc:
        return str(exc)
    problems = [" ".join(str(row[0]).split()) for row in rows if row[0] != "ok"]
    return ("damaged: " + "; ".join(problems[:3])) if problems else None


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
    folder.mkdir(parents=True, exist_ok=True)
    moment = (now or _dt.datetime.now(_dt.timezone.utc)).astimezone(_dt.timezone.utc)
    tag = re.sub(r"[^a-z0-9-]+", "-", reason.lower()).strip("-") or "manual"
    target = _free_name(folder, moment, tag)
    partial = target.with_name(target.name + ".partial")
    _copy(source, partial)
    problem = check_file(partial)
    if problem:
        partial.unlink(missing_ok=True)
        raise OSError(f"the backup copy of {source} is not sound ({problem})")
    _fsync(partial)
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
    for backup in list_backups(url):
        conn = sqlite3.connect(backup.path)
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
            conn.commit()
            if removed:
                conn.execute("VACUUM")
                changed += 1
        finally:
            conn.close()
    return changed


def _copy(source: Path, target: Path) -> None:
    # The online backup API: a consistent copy even while another connection writes.
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=15)
    try:
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
    for old in list_backups(url)[max(keep, 1):]:
        old.path.unlink(missing_ok=True)


def _forget_connections(url: str | None) -> None:
    import sys

    from careerkit.core.storage import sqlitefile

    path = sqlite_path(url)
    if path is not None:
        sqlitefile.forget(path)
    store_module = sys.modules.get("careerkit.core.storage.store")
    if store_module is None:
        return  # nothing has connected through SQLAlchemy in this process
    key = url or store_module.database_url()
    engine = store_module._engines.get(key)
    if engine is not None:
        engine.dispose()


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
