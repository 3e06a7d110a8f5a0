"""``careerkit workshop create|summary|close|list`` and the ``--workshop`` option of ``careerkit app``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

__all__ = ["add_commands"]


def add_commands(subparsers) -> None:
    """Add the ``workshop`` command (and ``app --workshop``) to careerkit's argument parser."""
    app = subparsers.choices.get("app")
    if app is not None:
        known = {option for action in app._actions for option in action.option_strings}
        if "--workshop" not in known:
            app.add_argument("--workshop", metavar="NAME",
                             help="serve a workshop made with `careerkit workshop create` to a room of people")
        if "--ip" not in known:
            app.add_argument("--ip", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
        if "--port" not in known:
            app.add_argument("--port", type=int, default=8866, help="port to listen on (default 8866)")

    workshop = subparsers.add_parser(
        "workshop", help="run careerkit for a room of people",
        description="Create a workshop (prints the facilitator key and the participant link), see its summary, "
                    "or close it. Serve it with `careerkit app --workshop NAME --ip ADDRESS --port PORT`.")
    sub = workshop.add_subparsers(dest="workshop_command", metavar="ACTION")

    create = sub.add_parser("create", help="create a workshop and print its facilitator key",
                            description="Create a workshop. The facilitator key is printed once: keep it safe.")
    create.add_argument("name", help="a short name, like spring-cohort")
    create.add_argument("--url", default="http://localhost:8866",
                        help="where the app will be reached, for the printed links (default http://localhost:8866)")
    create.set_defaults(handler=_create)

    summary = sub.add_parser("summary", help="print how the room is doing (counts only)",
                             description="Print the room's picture: joined, progress and consented answers, "
                                         "groups under five shown as 'fewer than 5'.")
    summary.add_argument("name")
    summary.add_argument("--csv", metavar="FILE", help="also write every aggregate as CSV ('-' for standard output)")
    summary.set_defaults(handler=_summary)

    close = sub.add_parser("close", help="close a workshop, optionally deleting everyone's answers",
                           description="Close a workshop: nobody can join or sign in any more. With --delete-data, "
                                       "every participant's answers and the workshop itself are deleted for good.")
    close.add_argument("name")
    close.add_argument("--delete-data", action="store_true", help="delete all participant data permanently")
    close.add_argument("--yes", action="store_true", help="do not ask for confirmation (for scripts)")
    close.set_defaults(handler=_close)

    listing = sub.add_parser("list", help="list workshops", description="List the workshops in this database.")
    listing.set_defaults(handler=_list)
    workshop.set_defaults(handler=lambda _args: (workshop.print_help(), 2)[1])


def _db():
    from careerkit.core.storage.storefront import open_store
    from careerkit.serving.workshop.db import WorkshopDB

    return WorkshopDB(open_store())


def _fail(exc: Exception):
    from careerkit.serving.errors import CommandError

    return CommandError(str(exc))


def _create(args: argparse.Namespace) -> int:
    from careerkit.serving.app import workshop_links
    from careerkit.serving.workshop.db import WorkshopError

    try:
        db = _db()
        key = db.create_workshop(args.name)
        name = db.require(args.name).name
    except WorkshopError as exc:
        raise _fail(exc) from None
    participant, facilitator = workshop_links(args.url)
    print(f"Workshop “{name}” created.\n")
    print(f"Facilitator key (shown only now; keep it private): {key}\n")
    print(f"Participant link:      {participant}")
    print(f"Facilitator dashboard: {facilitator}\n")
    print(f"Serve it with: careerkit app --workshop {name} --ip 0.0.0.0 --port {_port(args.url)}")
    return 0


def _port(url: str) -> int:
    from urllib.parse import urlsplit

    try:
        return urlsplit(url).port or 8866
    except ValueError:
        return 8866


def _summary(args: argparse.Namespace) -> int:
    from careerkit.core.logic import cohort
    from careerkit.serving.workshop.dashboard import room_picture
    from careerkit.serving.workshop.db import WorkshopError

    db = _db()
    try:
        info = db.require(args.name, open_only=False)
    except WorkshopError as exc:
        raise _fail(exc) from None
    room = room_picture(db.store, db, info.name)
    pic = room.picture
    label = cohort.count_label
    print(f"Workshop “{info.name}” ({'open' if info.open else 'closed'}) · picture from "
          f"{room.released_at.astimezone():%Y-%m-%d %H:%M}"
          + (f" (newer changes wait until {cohort.RELEASE_AFTER} people have changed something)" if room.waiting else ""))
    print(f"  joined: {label(pic.joined)} · answers counted: {label(pic.consenting)}")
    print("  progress (started / halfway / finished):")
    for row in pic.progress:
        print(f"    {row.number:02d} {row.title:<40} {label(row.started):>13} {label(row.halfway):>13} "
              f"{label(row.finished):>13}")
    for agg in pic.riasec + pic.answers:
        if agg.suppressed:
            continue
        shown = ", ".join(f"{r.label}: {label(r.count)}" for r in agg.rows)
        if shown:
            print(f"  {agg.question} — {shown}")
    if args.csv:
        data = cohort.picture_csv(pic)
        if args.csv == "-":
            sys.stdout.write(data)
        else:
            Path(args.csv).expanduser().write_text(data, encoding="utf-8")
            print(f"Wrote {args.csv}", file=sys.stderr)
    return 0


def _close(args: argparse.Namespace) -> int:
    from careerkit.serving.workshop.db import WorkshopError

    db = _db()
    try:
        info = db.require(args.name, open_only=False)
    except WorkshopError as exc:
        raise _fail(exc) from None
    if args.delete_data and not args.yes:
        count = len(db.participants(info.name))
        if not sys.stdin.isatty():
            raise _fail(ValueError("Deleting needs confirmation: run it in a terminal, or add --yes."))
        print(f"This permanently deletes the answers of {count} participant(s) of “{info.name}”.")
        typed = input(f"Type the workshop name ({info.name}) to confirm: ").strip()
        if typed != info.name:
            print("Nothing was deleted.")
            return 1
    removed = db.close_workshop(info.name, delete_data=args.delete_data)
    if args.delete_data:
        print(f"Workshop “{info.name}” closed and deleted, with the answers of {removed} participant(s).")
    else:
        print(f"Workshop “{info.name}” closed: nobody can join or sign in. Answers are kept; "
              f"delete them with: careerkit workshop close {info.name} --delete-data")
    return 0


def _list(_args: argparse.Namespace) -> int:
    db = _db()
    shown = db.workshops()
    if not shown:
        print("No workshops yet. Create one with: careerkit workshop create NAME")
    for info in shown:
        state = "open" if info.open else f"closed {info.closed_at:%Y-%m-%d}"
        print(f"{info.name}\t{len(db.participants(info.name))} joined\t{state}\tcreated {info.created_at:%Y-%m-%d}")
    return 0
