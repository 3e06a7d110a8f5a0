"""Answers are private on a shared machine.

careerkit's folder (``~/.careerkit``, or ``CAREERKIT_HOME``) is kept at 0700, and every
file that holds answers (the answers file, its ``-wal`` and ``-shm`` companions,
backups, set-aside damaged copies, exports and reports written by ``careerkit``) at
0600, whatever the umask: on a JupyterHub or any machine with several users, home
folders are often readable by all (Debian makes them 0755).

SQLite gives the ``-wal`` and ``-shm`` files the permissions of the database file, so
creating that file 0600 before SQLite first opens it is enough. Looser permissions
left by an older careerkit are tightened, and the person is told once.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

from careerkit.core.storage.location import home

__all__ = ["FILE_MODE", "FOLDER_MODE", "notes", "private_answers", "private_file", "private_folder", "write_private"]

FOLDER_MODE = 0o700
FILE_MODE = 0o600
#: What was tightened in this process, for anyone who wants to show it again.
notes: list[str] = []
#: Names of the files kept next to an answers file that hold answers.
_COMPANIONS = ("-wal", "-shm", "-journal")


def _note(message: str) -> None:
    if message not in notes:
        notes.append(message)
        print(f"careerkit: {message}", file=sys.stderr, flush=True)


def _tighten(path: Path, mode: int, what: str, *, quiet: bool = False) -> None:
    try:
        info = path.stat()
    except OSError:
        return
    if stat.S_IMODE(info.st_mode) & 0o077 == 0 or info.st_uid != _uid():
        return
    try:
        os.chmod(path, stat.S_IMODE(info.st_mode) & ~0o077)
    except OSError:
        return
    if not quiet:
        _note(f"{what} {path} could be read by other people on this computer; it is now private to you.")


def _uid() -> int:
    return os.geteuid() if hasattr(os, "geteuid") else 0


def private_folder(folder: str | Path, *, repair: bool = True) -> Path:
    """Create ``folder`` (and missing parents) readable by its owner only.

    An existing ``folder`` is tightened too when ``repair`` (pass False for a folder
    someone chose that careerkit only writes into), and so are the answer files already
    in it.
    """
    folder = Path(folder)
    if not folder.is_dir():
        old = os.umask(0o077)
        try:
            folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
        finally:
            os.umask(old)
    elif repair:
        # a folder that holds no answers yet exposed nothing: tightened without a word
        holds_answers = any(folder.glob("*.sqlite")) or (folder / "backups").is_dir()
        _tighten(folder, FOLDER_MODE, "The folder", quiet=not holds_answers)
    if repair:
        for path in folder.iterdir():
            if path.is_file() and (".sqlite" in path.name or path.suffix in (".json", ".lock")):
                _tighten(path, FILE_MODE, "The file")
            elif path.is_dir() and path.name == "backups":
                private_folder(path)
    return folder


def private_file(path: str | Path) -> Path:
    """Make sure ``path`` exists (empty when new) and only its owner can read it.

    Call it just before SQLite or anything else first creates the file; its ``-wal``,
    ``-shm`` and ``-journal`` companions, if present, are tightened too.
    """
    path = Path(path)
    try:
        fd = os.open(path, os.O_CREAT | os.O_WRONLY | getattr(os, "O_NOFOLLOW", 0), FILE_MODE)
    except OSError:
        return path  # not ours to create (a read-only disk, say): whoever opens it will say why
    os.close(fd)
    _tighten(path, FILE_MODE, "The file")
    for suffix in _COMPANIONS:
        _tighten(path.with_name(path.name + suffix), FILE_MODE, "The file")
    return path


def private_answers(path: str | Path, *, create: bool = True) -> Path:
    """Before an answers file is opened: its folder private (repaired when it is careerkit's
    own folder), and the file created private when ``create``."""
    path = Path(path)
    try:
        own = path.parent.resolve() == home().resolve()
    except OSError:
        own = False
    private_folder(path.parent, repair=own)
    return private_file(path) if create else path


def write_private(path: str | Path, data: bytes) -> None:
    """Write ``data`` as the whole of a new or emptied file only its owner can read."""
    path = Path(path)
    fd = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, FILE_MODE)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    _tighten(path, FILE_MODE, "The file")
