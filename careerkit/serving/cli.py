"""The ``careerkit`` command.

Each subcommand is a small function; errors a person can fix are one clear line on
standard error and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from careerkit._version import __version__
from careerkit.core.storage.permissions import write_private
from careerkit.serving.app import lab_folder, workbooks_dir
from careerkit.serving.errors import CommandError

__all__ = ["main", "CommandError", "workbooks_dir"]


def _lab(args: argparse.Namespace) -> int:
    folder = lab_folder()
    command = [sys.executable, "-m", "jupyter", "lab", f"--ServerApp.root_dir={folder.parent}",
               f"--LabApp.default_url=/lab/tree/{folder.name}/00_start_here.ipynb"]
    if args.no_browser:
        command.append("--no-browser")
    if args.port:
        command.append(f"--port={args.port}")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        # containers and throw-away machines often run as root; JupyterLab refuses unless told
        command.append("--allow-root")
    return subprocess.call(command)


def _app(args: argparse.Namespace) -> int:
    from careerkit.serving import app

    return app.run(args)


def _where(args: argparse.Namespace) -> int:
    from careerkit.core.profile import current_profile
    from careerkit.core.storage.store import database_url, home

    url = database_url()
    print(f"profile:  {current_profile()}")
    print(f"home:     {home()}")
    print(f"database: {url if not url.startswith('postgres') else url.split('@')[-1]}")
    return 0


# -- taking answers along ------------------------------------------------------------------

def _store():
    from careerkit.core.storage.storefront import open_store

    return open_store()


def _profile(args: argparse.Namespace) -> str:
    from careerkit.core.profile import clean_profile_id, current_profile

    if getattr(args, "profile", None):
        try:
            return clean_profile_id(args.profile)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
    return current_profile()


def _status(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _write_output(data: bytes, output: str | None) -> None:
    """Write to ``output`` (a file, created or replaced whole) or to standard output."""
    if not output or output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    target = Path(output).expanduser()
    if target.is_dir():
        raise CommandError(f"{output} is a folder; give a file name, like {Path(output) / 'answers.json'}.")
    if not target.parent.exists():
        raise CommandError(f"The folder {target.parent} does not exist.")
    temporary = target.with_name(f".{target.name}.partial")
    try:
        write_private(temporary, data)  # answers are private: 0600 whatever the umask
        os.replace(temporary, target)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise CommandError(f"Could not write {output}: {exc.strerror or exc}.") from None
    _status(f"Wrote {target} ({_size(len(data))}).")


def _size(n: int) -> str:
    return f"{n} bytes" if n < 1024 else f"{n / 1024:.0f} KB" if n < 1024**2 else f"{n / 1024**2:.1f} MB"


def _confirm(question: str, yes: bool) -> None:
    """Ask before something that cannot be undone; ``--yes`` answers for scripts."""
    if yes:
        return
    if not sys.stdin.isatty():
        raise CommandError("This cannot be undone: add --yes to confirm when not typing at a terminal.")
    answer = input(f"{question} Type 'forget' to confirm: ").strip().lower()
    if answer != "forget":
        raise CommandError("Nothing was forgotten.")


def _report(args: argparse.Namespace) -> int:
    from careerkit.core import history
    from careerkit.presentation import report
    from careerkit.core.answers import Answers

    fmt = args.format
    if fmt is None and args.output and args.output != "-":
        suffix = Path(args.output).suffix.lower()
        fmt = report.FORMATS.get(suffix)
        if fmt is None:
            raise CommandError(f"Cannot tell the format from {suffix or 'a name without an extension'}: "
                               "use .html, .md or .pdf, or --format.")
    fmt = fmt or "html"
    if fmt == "pdf" and (not args.output or args.output == "-"):
        raise CommandError("A PDF needs a file: add -o report.pdf.")
    store, profile = _store(), _profile(args)
    as_of = ""
    if args.as_of:
        try:
            mark = history.find_checkin(store, profile, args.as_of)
        except LookupError as exc:
            raise CommandError(str(exc)) from None
        answers = history.answers_as_of(store, profile, mark.at)
        as_of = f"{mark.label} ({mark.at.astimezone():%d %B %Y})"
    else:
        answers = Answers.load(store, profile)

    live = sys.stderr.isatty()

    def progress(done: int, total: int, _what: str) -> None:
        if live:
            print(f"\rDrawing charts {done}/{total}…", end="\n" if done == total else "", file=sys.stderr, flush=True)
        elif done == 1 or done == total or done % 5 == 0:
            print(f"Drawing charts {done}/{total}…", file=sys.stderr, flush=True)

    try:
        data, made = report.write(answers, fmt, as_of=as_of, paper=args.paper, progress_cb=progress,
                                  charts=not args.no_charts)
    except report.ReportError as exc:
        raise CommandError(str(exc)) from None
    for problem in made.problems:
        _status(f"careerkit: note: {problem}")
    _write_output(data, args.output)
    return 0


def _export(args: argparse.Namespace) -> int:
    from careerkit.core import exchange

    store, profile = _store(), _profile(args)
    if store.count(profile) == 0 and not store.checkins(profile):
        raise CommandError(f"Profile {profile!r} has no answers to export yet.")
    document = exchange.export(store, profile)
    _write_output(exchange.dumps(document).encode("utf-8"), args.output)
    return 0


def _import(args: argparse.Namespace) -> int:
    from careerkit.core import exchange

    if args.file == "-":
        data = sys.stdin.buffer.read()
    else:
        path = Path(args.file).expanduser()
        if not path.is_file():
            raise CommandError(f"There is no file {args.file}.")
        if path.stat().st_size > exchange.MAX_BYTES:
            raise CommandError(f"{args.file} is too large to be a careerkit export.")
        data = path.read_bytes()
    try:
        bundle = exchange.parse(data)
    except exchange.ExportError as exc:
        raise CommandError(f"{exc} Nothing was changed.") from None
    store, profile = _store(), _profile(args)
    mode = "merge" if args.merge else "replace" if args.replace else None
    if mode is None:
        if not exchange.has_answers(store, profile):
            mode = "merge"
        elif sys.stdin.isatty() and args.file != "-":
            _status(f"The file holds {bundle.describe()}")
            _status(f"Profile {profile!r} already has answers. Merge keeps the newer version of each "
                    "answer; replace makes the file's answers current. Either way, today's answers stay in history.")
            choice = input("Merge, replace or cancel? [m/r/c] ").strip().lower()[:1]
            mode = {"m": "merge", "r": "replace"}.get(choice)
            if mode is None:
                raise CommandError("Nothing was changed.")
        else:
            raise CommandError(f"Profile {profile!r} already has answers: choose --merge (keep the newer "
                               "version of each answer) or --replace (the file's answers become current).")
    result = exchange.apply(store, profile, bundle, mode)
    _status(f"{result.describe()} (profile {profile!r})")
    return 0


def _forget(args: argparse.Namespace) -> int:
    from careerkit.core import content

    store, profile = _store(), _profile(args)
    if args.all:
        if args.workbook or args.field:
            raise CommandError("--all forgets everything; leave out --workbook and --field.")
        what = f"every answer, check-in and file of profile {profile!r}, history included"
        workbook = field = None
    else:
        if not args.workbook:
            raise CommandError("Say what to forget: --workbook NN (with --field NAME for one answer) or --all.")
        try:
            book = content.workbook(args.workbook)
            field = book.field(args.field).id if args.field else None
        except KeyError as exc:
            raise CommandError(str(exc.args[0])) from None
        workbook = book.id
        what = (f"your answer to {book.id}.{field}" if field else f"every answer in workbook {book.id}") \
            + ", history included"
    if store.count(profile) == 0 and not (args.all and (store.checkins(profile) or profile in store.profiles())):
        raise CommandError(f"Profile {profile!r} has nothing to forget.")
    _confirm(f"This permanently deletes {what}.", args.yes)
    removed = store.delete(profile, workbook, field)
    _status(f"Forgotten: {what} ({removed} saved version{'s' if removed != 1 else ''} deleted).")
    return 0


def _history(args: argparse.Namespace) -> int:
    from careerkit.core import content, history

    store, profile = _store(), _profile(args)
    if args.restore is not None:
        target = [r for r in store.history(profile) if r.id == args.restore]
        if not target:
            raise CommandError(f"There is no saved version {args.restore}; `careerkit history` lists them.")
        try:
            rev = history.restore(store, profile, target[0].workbook, target[0].field, args.restore)
        except (LookupError, ValueError) as exc:
            raise CommandError(str(getattr(exc, "message", exc))) from None
        _status(f"Restored {rev.workbook}.{rev.field} to the version of "
                f"{target[0].saved_at.astimezone():%Y-%m-%d %H:%M} (kept as a new version, {rev.id}).")
        return 0
    if args.checkins:
        marks = store.checkins(profile)
        if not marks:
            _status("No check-ins yet: `careerkit checkin LABEL` marks one.")
        for mark in marks:
            print(f"{mark.id:>5}  {mark.at.astimezone():%Y-%m-%d %H:%M}  {_plain(mark.label)}")
        return 0
    workbook = None
    if args.workbook:
        try:
            workbook = content.workbook(args.workbook).id
        except KeyError as exc:
            raise CommandError(str(exc.args[0])) from None
    if args.field and not workbook:
        raise CommandError("--field needs --workbook too.")
    if args.since:
        try:
            mark = history.find_checkin(store, profile, args.since)
        except LookupError as exc:
            raise CommandError(str(exc)) from None
        changes = history.compare_with_checkin(store, profile, mark, workbook=workbook)
        if args.field:
            changes = [c for c in changes if c.field == args.field]
        print(f"Changes since {_plain(mark.label)} ({mark.at.astimezone():%Y-%m-%d}):")
        for change in changes:
            question = _question(change.workbook, change.field)
            print(f"  {change.kind:<8} {change.workbook}.{change.field}: "
                  f"{_plain(history.summary(change.before, question, 50))} → "
                  f"{_plain(history.summary(change.after, question, 50))}")
        if not changes:
            print("  nothing changed")
        return 0
    revisions = store.history(profile, workbook, args.field)
    if not revisions:
        _status("No saved answers match." if workbook else f"Profile {profile!r} has no saved answers yet.")
        return 0
    print(f"{'id':>6}  {'saved (local time)':<16}  {'source':<8}  answer")
    for rev in revisions:
        value = history.summary(rev.value, _question(rev.workbook, rev.field), 70)
        print(f"{rev.id:>6}  {rev.saved_at.astimezone():%Y-%m-%d %H:%M}  {rev.source:<8}  "
              f"{rev.workbook}.{rev.field} = {_plain(value)}")
    return 0


def _checkin(args: argparse.Namespace) -> int:
    from careerkit.core import history
    from careerkit.core.validation import InvalidAnswer

    store, profile = _store(), _profile(args)
    try:
        mark = history.checkin(store, profile, " ".join(args.label))
    except InvalidAnswer as exc:
        raise CommandError(exc.message) from None
    _status(f"Check-in {mark.id} “{mark.label}” marked at {mark.at.astimezone():%Y-%m-%d %H:%M}. "
            f"Compare later with `careerkit history --since {mark.id}`.")
    return 0


def _question(workbook: str, field: str):
    from careerkit.core import content

    try:
        return content.workbook(workbook).field(field)
    except KeyError:
        return None


def _plain(text: str) -> str:
    # Typed text is printed as text: control characters (terminal escapes) are made visible.
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def _backup(args: argparse.Namespace) -> int:
    from careerkit.core.storage import backup
    from careerkit.core.storage.store import database_url

    url = database_url()
    if backup.sqlite_path(url) is None:
        raise CommandError("Backups are for the answers file; back up a database server with its own tools "
                           "(for PostgreSQL, pg_dump).")
    if args.now:
        path = backup.backup_now(url, reason="manual")
        _status(f"Backed up to {path}" if path else "Nothing to back up yet: no answers have been saved.")
        return 0
    found = backup.list_backups(url)
    if args.restore is not None:
        chosen = next((b for b in found if b.path.name == args.restore or str(b.path) == args.restore), None)
        if chosen is None and args.restore.isdigit() and 1 <= int(args.restore) <= len(found):
            chosen = found[int(args.restore) - 1]
        if chosen is None:
            raise CommandError(f"No backup {args.restore!r}; `careerkit backup` lists them, newest first.")
        _confirm(f"Go back to the answers as they were on {chosen.taken_at.astimezone():%Y-%m-%d %H:%M}? "
                 "Today's answers are kept as a backup first.", args.yes)
        backup.restore_backup(chosen.path, url)
        _status(f"Restored the backup of {chosen.taken_at.astimezone():%Y-%m-%d %H:%M}.")
        return 0
    if not found:
        print("No backups yet: one is taken each day the answers are opened, and before each upgrade.")
    for number, item in enumerate(found, start=1):
        print(f"{number:>2}  {item.taken_at.astimezone():%Y-%m-%d %H:%M}  {item.reason:<15} {item.path}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    parser = argparse.ArgumentParser(prog="careerkit", description="Guided workbooks to your career calling.")
    parser.add_argument("--version", action="version", version=f"careerkit {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    lab = sub.add_parser("lab", help="open the workbooks in JupyterLab", description="Open the workbooks in JupyterLab.")
    lab.add_argument("--no-browser", action="store_true", help="do not open a browser window")
    lab.add_argument("--port", type=int, help="port to listen on (default: JupyterLab's choice)")
    lab.set_defaults(handler=_lab)

    app = sub.add_parser("app", help="open the workbooks as a Voilà app",
                         description="Serve the workbooks as clean apps with Voilà.")
    app.add_argument("--no-browser", action="store_true", help="do not open a browser window")
    app.add_argument("--port", type=int, default=8866, help="port to listen on (default 8866)")
    app.add_argument("--ip", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    app.set_defaults(handler=_app)

    where = sub.add_parser("where", help="print where answers are kept", description="Print where answers are kept.")
    where.set_defaults(handler=_where)

    def with_profile(command: argparse.ArgumentParser) -> argparse.ArgumentParser:
        command.add_argument("--profile", metavar="NAME",
                             help="whose answers (default: CAREERKIT_PROFILE, the JupyterHub user, or 'me')")
        return command

    report = with_profile(sub.add_parser(
        "report", help="write the 'My career compass' report",
        description="Write everything you answered, workbook by workbook with the charts, as one file: "
                    "HTML (self-contained, prints well), Markdown, or PDF (needs Chromium or Chrome)."))
    report.add_argument("-o", "--output", metavar="FILE",
                        help="file to write; the format follows its extension (.html, .md, .pdf); default: standard output")
    report.add_argument("--format", choices=["html", "markdown", "pdf"], help="format when it cannot follow a file name")
    report.add_argument("--as-of", metavar="CHECKIN", help="show the answers as they were at a check-in (its id or label)")
    report.add_argument("--paper", choices=["A4", "Letter"], help="paper size for printing (default: the printer's)")
    report.add_argument("--no-charts", action="store_true", help="answers only, without drawing the charts (quicker)")
    report.set_defaults(handler=_report)

    export = with_profile(sub.add_parser(
        "export", help="save all your answers, history included, as one JSON file",
        description="Save every answer, every earlier version, check-ins and kept files as one versioned JSON "
                    "document (its schema: careerkit/schema/export-v1.schema.json). Restore it with `careerkit import`."))
    export.add_argument("-o", "--output", metavar="FILE", help="file to write (default: standard output)")
    export.set_defaults(handler=_export)

    imp = with_profile(sub.add_parser(
        "import", help="restore answers from an export file",
        description="Restore answers from a file made by `careerkit export` or the download in workbook 00. "
                    "A damaged, foreign or newer-version file is refused and nothing changes. Answers already "
                    "here always stay in history."))
    imp.add_argument("file", metavar="FILE", help="the export file ('-' reads standard input)")
    mode = imp.add_mutually_exclusive_group()
    mode.add_argument("--merge", action="store_true", help="keep the newer version of each answer")
    mode.add_argument("--replace", action="store_true", help="make the file's answers the current ones")
    imp.set_defaults(handler=_import)

    forget = with_profile(sub.add_parser(
        "forget", help="delete one answer, one workbook, or everything",
        description="Permanently delete answers with their history: one answer (--workbook and --field), "
                    "one workbook (--workbook) or the whole profile (--all)."))
    forget.add_argument("--workbook", metavar="NN", help="the workbook, like 03 or 03_values")
    forget.add_argument("--field", metavar="NAME", help="one question of that workbook")
    forget.add_argument("--all", action="store_true", help="the whole profile: every answer, check-in and file")
    forget.add_argument("--yes", action="store_true", help="do not ask for confirmation (for scripts)")
    forget.set_defaults(handler=_forget)

    hist = with_profile(sub.add_parser(
        "history", help="list earlier versions of your answers, compare, restore",
        description="List every saved version of your answers (narrow with --workbook and --field), "
                    "see what changed since a check-in, or make an earlier version current again."))
    hist.add_argument("--workbook", metavar="NN", help="only this workbook")
    hist.add_argument("--field", metavar="NAME", help="only this question (with --workbook)")
    hist.add_argument("--since", metavar="CHECKIN", help="what changed between a check-in (id or label) and today")
    hist.add_argument("--checkins", action="store_true", help="list your check-ins")
    hist.add_argument("--restore", metavar="ID", type=int, help="make the saved version ID current again")
    hist.set_defaults(handler=_history)

    checkin = with_profile(sub.add_parser(
        "checkin", help="mark a check-in to compare against later",
        description="Mark this moment (each quarter, say) so you can later see what changed since, "
                    "or make a report as of then."))
    checkin.add_argument("label", nargs="*", help="a name for it, like 'Spring review' (default: today's date)")
    checkin.set_defaults(handler=_checkin)

    try:
        from careerkit.serving.workshop.cli import add_commands
    except ModuleNotFoundError as exc:
        if exc.name not in ("careerkit.serving.workshop", "careerkit.serving.workshop.cli"):
            raise
    else:
        add_commands(sub)

    backups = sub.add_parser(
        "backup", help="list, take or restore backups of the answers file",
        description="List the automatic backups of the answers file (newest first), take one now, "
                    "or go back to one.")
    backups.add_argument("--now", action="store_true", help="take a backup now")
    backups.add_argument("--restore", metavar="BACKUP", help="go back to a backup (its number in the list, or its file)")
    backups.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    backups.set_defaults(handler=_backup)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``careerkit`` command; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        code = int(args.handler(args) or 0)
        sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's last flush
        return code
    except CommandError as exc:
        print(f"careerkit: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader went away (`careerkit history | head`): stop quietly. Standard output
        # is pointed at the null device so the interpreter's own final flush is quiet too.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141 if os.name != "nt" else 1
    except Exception as exc:
        from careerkit.core.storage.store import StoreError

        if isinstance(exc, StoreError):
            print(f"careerkit: {exc}", file=sys.stderr)
            return 1
        raise
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
