"""Build ``docs/RELIABILITY.md`` from the figures the fault and bad-input tests recorded.

    .venv/bin/python -m pytest tests/test_faults.py tests/test_fuzz.py tests/test_crafted_client.py \
        tests/test_uploads.py tests/test_backup.py tests/browser/test_hostile_text.py
    .venv/bin/python tests/reliability_report.py            # writes docs/RELIABILITY.md
    .venv/bin/python tests/reliability_report.py --check    # fails if a figure is missing or an answer was lost

Every number on the page comes from ``build/reliability/*.json`` (see
``tests/support/figures.py``); nothing is typed in by hand.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from careerkit.core.storage.backup import KEEP  # noqa: E402
from tests.support.figures import figures_dir, load_all  # noqa: E402

TARGET = ROOT / "docs" / "RELIABILITY.md"

FAULTS = [
    ("fault_sigkill", "The kernel is killed (SIGKILL) right after every field shows “Saved”",
     lambda f: f"{f['answers_shown_saved']} answers, one of each field type "
               f"({', '.join(f['field_types'])}), read back by a new process"),
    ("fault_two_tabs", "Two tabs edit the same answer at once",
     lambda f: f"{f['revisions_written']} revisions written, {f['revisions_in_history']} in history; the newest shows"),
    ("fault_writers_sqlite", "30 writer processes × 1,000 answers each, SQLite",
     lambda f: f"{f['revisions_present']:,} of {f['revisions_written']:,} revisions present, in order, "
               f"in {f['seconds']} s ({f['saves_per_second']:,} saves/s, each its own transaction)"),
    ("fault_writers_postgresql", "30 writer processes × 1,000 answers each, PostgreSQL",
     lambda f: f"{f['revisions_present']:,} of {f['revisions_written']:,} revisions present, in order, "
               f"in {f['seconds']} s ({f['saves_per_second']:,} saves/s, each its own transaction)"),
    ("fault_busy", "The answers file is locked by another process",
     lambda f: "typing held in the workbook and saved once the lock is released; one message in the header"),
    ("fault_read_only", "The answers file is read-only",
     lambda f: "opens with every answer shown; typing held and saved once writable; one message in the header"),
    ("fault_full_disk", "The disk is full",
     lambda f: "typing held and saved once there is room; one message in the header"),
    ("fault_damaged_header", "The answers file is damaged: its header overwritten",
     lambda f: f"moved aside, backup restored, newer revisions read out of it: "
               f"{f['revisions_after_repair']} of {f['revisions_before']} revisions back"),
    ("fault_damaged_first_revisions_page", "The answers file is damaged: a page of answers overwritten",
     lambda f: f"moved aside, backup restored, newer revisions read out of it: "
               f"{f['revisions_after_repair']} of {f['revisions_before']} revisions back"),
    ("fault_damaged_index_page", "The answers file is damaged: an index page overwritten",
     lambda f: f"moved aside, backup restored, newer revisions read out of it: "
               f"{f['revisions_after_repair']} of {f['revisions_before']} revisions back"),
    ("fault_old_schema", "An answers file written by the first schema (tests/fixtures/answers-schema1.sqlite)",
     lambda f: f"upgraded with {f['revisions_after']} of {f['revisions_before']} revisions intact, "
               "after a backup taken just before the upgrade"),
]

BAD_INPUT = ["bad_input_fuzz", "bad_input_crafted_client", "bad_input_hostile_text", "bad_input_uploads"]


def render(figures: dict[str, dict]) -> str:
    lost = sum(int(f.get("answers_lost", 0)) for f in figures.values())
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
        lines.append(f"| {title} | {describe(figure)} | {figure.get('answers_lost', 0)} |")
    lines += [
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
            f"**{fuzz['total']:,} generated values** (hypothesis, a fixed seed) across the ten field types,",
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
            f"aggregates plus its shared texts. Scripts that ran: {hostile['scripts_run']}.",
            "",
        ]
    uploads = figures.get("bad_input_uploads")
    if uploads:
        lines += [f"**Uploads**: {uploads['uploads']} hostile uploads to the vision board. Files written "
                  f"outside the answers: {uploads['files_written_outside']}.", ""]
        lines += [f"- {how}: {count}" for how, count in uploads["by_outcome"].items()]
        lines.append("")
    missing = [name for name, *_ in FAULTS if name not in figures] + [n for n in BAD_INPUT if n not in figures]
    if missing:
        lines += ["## Not measured in this build", "", *[f"- `{name}`" for name in missing], ""]
    stamps = sorted(f["recorded_at"] for f in figures.values())
    if stamps:
        lines += [f"_Figures recorded {stamps[0]} to {stamps[-1]}._", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail when a figure is missing or an answer was lost")
    parser.add_argument("--output", type=Path, default=TARGET)
    args = parser.parse_args(argv)
    figures = load_all()
    if not figures:
        print(f"no figures in {figures_dir()}: run the fault and bad-input tests first", file=sys.stderr)
        return 1
    lost = sum(int(f.get("answers_lost", 0)) for f in figures.values())
    missing = [name for name, *_ in FAULTS if name not in figures] + [n for n in BAD_INPUT if n not in figures]
    if args.check and (lost or missing):
        print(f"answers lost: {lost}; figures missing: {missing}", file=sys.stderr)
        return 1
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(render(figures), encoding="utf-8")
    print(f"wrote {args.output} ({len(figures)} figures, {lost} answers lost)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
