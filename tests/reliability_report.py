"""Build ``docs/RELIABILITY.md`` from the figures the fault and bad-input tests recorded.

    .venv/bin/python -m pytest tests/test_faults.py tests/test_storage_faults.py tests/test_saver.py \
        tests/test_two_tabs.py tests/test_tools_busy.py tests/test_fuzz.py tests/test_crafted_client.py \
        tests/test_uploads.py tests/browser/test_hostile_text.py
    .venv/bin/python tests/reliability_report.py            # writes docs/RELIABILITY.md
    .venv/bin/python tests/reliability_report.py --check    # compares it with this run's figures

Every number on the page comes from ``build/reliability/*.json`` (see
``tests/support/figures.py``); nothing is typed in by hand. The page names the
commit the figures were measured on.

``--check`` (run by ``.ci/run`` after the tests) writes nothing into ``docs/``. It fails
when a figure is missing (the PostgreSQL and browser ones included), was recorded on
another commit than the one checked out (left over from an earlier run), or counts an
answer lost, and when the committed page says anything other than what this run's
figures say. Only what cannot repeat from run to run is left out of that comparison:
the commit and times in the page's last line, and the timings of the writer tests
(seconds, saves per second). Every count, and the fuzz tables, must be the same. The
page this run's figures give is written beside them (``build/reliability/RELIABILITY.md``),
and a difference is shown line by line.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from careerkit.core.storage.backup import KEEP  # noqa: E402
from tests.support.figures import commit, figures_dir, load_all  # noqa: E402

TARGET = ROOT / "docs" / "RELIABILITY.md"

#: What a figure that differs from run to run (a timing, a date, a commit) is replaced
#: with when a page is compared with the figures (see :func:`differences`).
HOLE = "\x00"


def _same(text: str) -> str:
    return text


def _writers(f: dict, vary=_same) -> str:
    return (f"{f['revisions_present']:,} of {f['revisions_written']:,} revisions present, in order, "
            f"in {vary(str(f['seconds']))} s ({vary(format(f['saves_per_second'], ','))} saves/s, "
            "each its own transaction)")

FAULTS = [
    ("fault_sigkill", "The kernel is killed (SIGKILL) right after every field shows “Saved”",
     lambda f, _vary: f"{f['answers_shown_saved']} answers, one of each field type "
               f"({', '.join(f['field_types'])}), read back by a new process"),
    ("fault_two_tabs", "Two tabs edit the same answer at once",
     lambda f, _vary: f"{f['revisions_written']} revisions written, {f['revisions_in_history']} in history; the newest shows"),
    ("fault_two_tabs_postgresql", "The same, on PostgreSQL",
     lambda f, _vary: f"{f['revisions_written']} revisions written, {f['revisions_in_history']} in history; the newest shows"),
    ("fault_writers_sqlite", "30 writer processes × 1,000 answers each, SQLite",
     _writers),
    ("fault_writers_postgresql", "30 writer processes × 1,000 answers each, PostgreSQL",
     _writers),
    ("fault_killed_while_typing", "The kernel is killed while a person types steadily, without a pause",
     lambda f, _vary: f"{f['keys_typed']} keys typed; every character typed more than 1.5 s before the kill "
                      "was kept, as typed" if f["all_due_kept"] and f["kept_as_typed"]
                      else "characters typed more than 1.5 s before the kill were lost"),
    ("fault_two_tabs_rows", "Two tabs each add a row to the same table",
     lambda f, _vary: f"{f['rows_kept']} of {f['rows_added']} new rows kept, merged by row id"),
    ("fault_two_tabs_rows_postgresql", "The same, on PostgreSQL",
     lambda f, _vary: f"{f['rows_kept']} of {f['rows_added']} new rows kept, merged by row id"),
    ("fault_busy_tools", "A tool (the card sort) used while another process holds the answers file",
     lambda f, _vary: f"{f['moves_saved']} of {f['moves']} moves held, shown and saved once the file is free"
                      + ("; the kernel stayed responsive" if not f["kernel_frozen_over_3_s"] else "")),
    ("fault_busy", "The answers file is locked by another process",
     lambda f, _vary: "typing held in the workbook and saved once the lock is released; one message in the header"),
    ("fault_read_only", "The answers file is read-only",
     lambda f, _vary: "opens with every answer shown; typing held and saved once writable; one message in the header"),
    ("fault_full_disk", "The disk is full",
     lambda f, _vary: "typing held and saved once there is room; one message in the header"),
    ("fault_damaged_header", "The answers file is damaged: its header overwritten",
     lambda f, _vary: f"moved aside, backup restored, newer revisions read out of it: "
               f"{f['revisions_after_repair']} of {f['revisions_before']} revisions back"),
    ("fault_damaged_first_revisions_page", "The answers file is damaged: a page of answers overwritten",
     lambda f, _vary: f"moved aside, backup restored, newer revisions read out of it: "
               f"{f['revisions_after_repair']} of {f['revisions_before']} revisions back"),
    ("fault_damaged_index_page", "The answers file is damaged: an index page overwritten",
     lambda f, _vary: f"moved aside, backup restored, newer revisions read out of it: "
               f"{f['revisions_after_repair']} of {f['revisions_before']} revisions back"),
    ("fault_bad_byte_before_opening", "One answer's bytes changed so they are no longer text (C3 A9 → C3 28), "
     "found when the answers are opened",
     lambda f, _vary: f"repaired: {f['other_answers_shown']} other answers of {f['answers_before'] - 1} shown; "
               "the unreadable one reported and kept in the damaged file"),
    ("fault_bad_byte_while_open", "The same bad byte, found while a workbook is open",
     lambda f, _vary: f"repaired on the read that met it: {f['other_answers_shown']} other answers of "
               f"{f['answers_before'] - 1} shown"),
    ("fault_answers_file_emptied", "The answers file emptied to 0 bytes, with backups beside it",
     lambda f, _vary: f"{f['answers_back']} of {f['answers_before']} answers brought back from the newest backup; "
               "the person is told"),
    ("fault_answers_file_deleted", "The answers file deleted, with backups beside it",
     lambda f, _vary: f"{f['answers_back']} of {f['answers_before']} answers brought back from the newest backup; "
               "the person is told"),
    ("fault_read_only_episode", "The disk read-only for a while, then writable again",
     lambda f, _vary: "saving works again without reopening" if f["saved_after_episode"] else "saving did not resume"),
    ("fault_read_only_media_schema1", "A first-schema answers file on a read-only filesystem",
     lambda f, _vary: f"{f['answers_shown']} of {f['answers_expected']} answers shown (upgraded in a copy); "
               "saving paused, and the person is told"),
    ("fault_read_only_media_current", "A current answers file on a read-only filesystem",
     lambda f, _vary: f"{f['answers_shown']} of {f['answers_expected']} answers shown; saving paused, and the person is told"),
    ("fault_old_schema", "An answers file written by the first schema (tests/fixtures/answers-schema1.sqlite)",
     lambda f, _vary: f"upgraded with {f['revisions_after']} of {f['revisions_before']} revisions intact, "
               "after a backup taken just before the upgrade"),
]

BAD_INPUT = ["bad_input_fuzz", "bad_input_crafted_client", "bad_input_hostile_text", "bad_input_uploads"]


def known(figures: dict[str, dict]) -> dict[str, dict]:
    """The figures this page shows (leaving out any left by a test that no longer records)."""
    names = [name for name, *_ in FAULTS] + BAD_INPUT
    return {name: figures[name] for name in names if name in figures}


def answers_lost(figures: dict[str, dict]) -> int:
    return sum(int(f.get("answers_lost", 0)) for f in known(figures).values())


def missing(figures: dict[str, dict]) -> list[str]:
    return [name for name, *_ in FAULTS if name not in figures] + [n for n in BAD_INPUT if n not in figures]


def render(figures: dict[str, dict], vary=_same) -> str:
    """The page. ``vary`` is given each value that differs from run to run (timings, dates, the commit)."""
    figures = known(figures)
    lost = answers_lost(figures)
    lines = [
        "# Reliability: nothing lost, nothing leaked",
        "",
        "A person's reflections on their life and work are personal and hard to write twice. This page",
        "is built from the test suite's own output (`tests/reliability_report.py` reads what the fault",
        "and bad-input tests record in `build/reliability/`); run the tests and the script to rebuild it.",
        "",
        f"**Answers lost across every test below: {lost}.**",
        "",
        "## Faults survived",
        "",
        "| Fault | What happened | Answers lost |",
        "|---|---|---|",
    ]
    for name, title, describe in FAULTS:
        figure = figures.get(name)
        if figure is None:
            lines.append(f"| {title} | not run in this build | — |")
            continue
        lines.append(f"| {title} | {describe(figure, vary)} | {figure.get('answers_lost', 0)} |")
    lines += [
        "",
        "Timings are those of the run that built this page, and vary with the machine and its load.",
        "",
        "In each case the person sees one plain message in the workbook's header (for example:",
        f"“{figures.get('fault_busy', {}).get('message', '')}”).",
        "A damaged file is never deleted: it is renamed beside the answers (`answers.damaged-<time>.sqlite`)",
        "and the person is told where it is. Rolling backups are taken once a day when the answers are",
        f"opened and before every schema upgrade, and the newest {KEEP} are kept in `CAREERKIT_HOME/backups/`.",
        "To go back to one: `careerkit.core.storage.backup.restore_backup(path)` (the answers as they were just",
        "before are kept as a backup of their own).",
        "",
        "What a backup cannot cover: if the damaged part of a file held answers written since the",
        "newest backup, those answers are gone unless they can still be read from the damaged file;",
        "the repair reads every row it can, page by page.",
        "",
        "## Bad input tried",
        "",
    ]
    fuzz = figures.get("bad_input_fuzz")
    if fuzz:
        lines += [
            f"**{fuzz['total']:,} generated values** (drawn from a fixed seed, `{fuzz.get('seed', '')}`: the "
            "same values on every run and machine) across the ten field types,",
            "each either stored and read back exactly or refused with a clear message; none raised",
            f"anything else ({fuzz['crashes']} crashes) and no other answer changed.",
            "",
            "(An empty or whitespace-only answer is kept as “not answered”.)",
            "",
            "| Class of input | Stored exactly | Refused with a message |",
            "|---|---:|---:|",
        ]
        for name, counts in fuzz["by_class"].items():
            lines.append(f"| {name} | {counts.get('stored', 0):,} | {counts.get('refused', 0):,} |")
        lines += ["", "| Field type | Values tried |", "|---|---:|"]
        lines += [f"| {kind} | {count:,} |" for kind, count in fuzz["per_type"].items()]
        lines.append("")
    crafted = figures.get("bad_input_crafted_client")
    if crafted:
        lines += [f"**A crafted client**: {crafted['messages']} widget-protocol messages outside the allowed "
                  "choices, ranges and lengths, sent straight to the kernel. Stored answers changed: "
                  f"{crafted['answers_changed']}.", ""]
        lines += [f"- {how}: {count}" for how, count in crafted["by_outcome"].items()]
        lines.append("")
    hostile = figures.get("bad_input_hostile_text")
    if hostile:
        pages = hostile.get("workbook_pages_checked_in_Chromium", 0)
        lines += [
            f"**Hostile text** ({hostile['payloads']} payloads: `<script>`, `<img onerror>`, `javascript:` links,",
            "Markdown and HTML injection) typed into "
            f"{hostile.get('text_answers_made_hostile', 0)} free-text answers of every workbook, then shown in "
            f"{pages} workbook pages in Chromium (Voilà), {hostile.get('charts_drawn', 0)} charts, "
            f"{hostile.get('panels_drawn', 0)} panels and {hostile.get('tools_drawn', 0)} tools, the report "
            f"(HTML and Markdown) and {hostile.get('dashboard_aggregates_drawn', 0)} facilitator-dashboard "
            f"aggregates plus its shared texts. Scripts that ran, dialogs that opened or markup found live: "
            f"{hostile['scripts_run']}. Answers changed by showing them: {hostile.get('answers_changed', 0)}.",
            "",
        ]
    uploads = figures.get("bad_input_uploads")
    if uploads:
        lines += [f"**Uploads**: {uploads['uploads']} hostile uploads to the vision board. Files written "
                  f"outside the answers: {uploads['files_written_outside']}.", ""]
        lines += [f"- {how}: {count}" for how, count in uploads["by_outcome"].items()]
        lines.append("")
    absent = missing(figures)
    if absent:
        lines += ["## Not measured in this build", "", *[f"- `{name}`" for name in absent], ""]
    stamps = sorted(f["recorded_at"] for f in figures.values())
    commits = sorted({str(f.get("commit", "unknown")) for f in figures.values()})
    if stamps:
        lines += [f"_Figures recorded {vary(stamps[0])} to {vary(stamps[-1])}, on commit {vary(', '.join(commits))}._",
                  ""]
    return "\n".join(lines)


def differences(page: str, figures: dict[str, dict]) -> list[str]:
    """How ``page`` differs from the page ``figures`` give, leaving out what differs from run
    to run (timings, dates, the commit): unified-diff lines, none when they agree."""
    expected = render(figures, vary=lambda _text: HOLE).splitlines()
    patterns = {line: re.compile(".+?".join(re.escape(part) for part in line.split(HOLE)))
                for line in expected if HOLE in line}
    # a line of the page that differs from one expected only where a timing, date or commit
    # stands is taken as that line
    seen = [next((want for want, pattern in patterns.items() if pattern.fullmatch(line)), line)
            for line in page.splitlines()]
    if seen == expected:
        return []
    seen, expected = ([line.replace(HOLE, "…") for line in lines] for lines in (seen, expected))
    return list(difflib.unified_diff(seen, expected, "committed page", "this run's figures", lineterm=""))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="compare the committed page with this run's figures; write nothing into docs/")
    parser.add_argument("--output", type=Path, default=TARGET)
    args = parser.parse_args(argv)
    figures = load_all()
    if not figures:
        print(f"no figures in {figures_dir()}: run the fault and bad-input tests first", file=sys.stderr)
        return 1
    shown = known(figures)
    lost = answers_lost(shown)
    if not args.check:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(render(shown), encoding="utf-8")
        print(f"wrote {args.output} ({len(shown)} figures, {lost} answers lost)")
        return 0
    (figures_dir() / "RELIABILITY.md").write_text(render(shown), encoding="utf-8")
    problems = []
    if lost:
        problems.append(f"answers lost: {lost}")
    absent = missing(shown)
    if absent:
        # The PostgreSQL and browser figures are among those required: a build without
        # either fails here instead of passing with a page that leaves them out.
        problems.append(f"figures missing: {', '.join(absent)}")
    here = commit()
    stale = sorted(name for name, f in shown.items() if f.get("commit") != here)
    if stale:
        problems.append(f"figures not recorded on commit {here} (left from an earlier run?): {', '.join(stale)}")
    page = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
    diff = differences(page, shown)
    if diff:
        problems.append(f"{args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output} "
                        "does not say what this run's figures say (rebuild it with "
                        "`tests/reliability_report.py` and commit it):\n" + "\n".join(diff))
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    print(f"{args.output.name} agrees with this run's {len(shown)} figures ({lost} answers lost)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
