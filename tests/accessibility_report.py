"""Build ``docs/ACCESSIBILITY.md`` from what axe-core found in the browser tests.

    .venv/bin/python -m pytest tests/browser/test_axe.py          # writes build/accessibility/*.json
    .venv/bin/python tests/accessibility_report.py                # writes docs/ACCESSIBILITY.md
    .venv/bin/python tests/accessibility_report.py --check        # fails if a page was not checked

Every count on the page comes from ``build/accessibility/*.json`` (``CAREERKIT_A11Y_DIR``
moves it): one file per workbook and state (empty, example person), written by
``tests/browser/test_axe.py`` before it asserts. Nothing is typed in by hand but the reason
each remaining rule is accepted, kept in :data:`REASONS`; a rule found without a reason
is listed as "not yet explained", and ``--check`` fails on it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from careerkit.core import content  # noqa: E402

TARGET = ROOT / "docs" / "ACCESSIBILITY.md"
STATES = ("empty", "example")

#: Why a moderate or minor finding is accepted for now (by axe rule id).
REASONS: dict[str, str] = {
    "region": "Voilà's page template puts every notebook cell in plain `<div>`s, outside any landmark. The "
              "landmarks (a `<main>`, a skip link and the table of contents) belong to the page template, "
              "which is being reworked separately; the forms themselves are not affected.",
    "heading-order": "A panel titles its cards with `<h4>` right under the notebook's `##` headings (progress "
                     "on 00, the vision board on 04, the compass on 11); the level is a look, not an outline.",
}


def findings_dir() -> Path:
    return Path(os.environ.get("CAREERKIT_A11Y_DIR") or ROOT / "build" / "accessibility")


def load(folder: Path | None = None) -> dict[tuple[str, str], dict]:
    folder = folder or findings_dir()
    pages = {}
    for path in sorted(folder.glob("axe-*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        pages[(data["state"], data["workbook"])] = data
    return pages


def build(pages: dict[tuple[str, str], dict]) -> str:
    ids = [wid for wid in content.workbook_ids() if wid[:2].isdigit() and int(wid[:2]) <= 11]
    checked = [(s, w) for s in STATES for w in ids if (s, w) in pages]
    commits = sorted({pages[k]["commit"] for k in checked})
    by_rule: dict[str, dict] = defaultdict(lambda: {"impact": "", "help": "", "url": "", "pages": 0, "nodes": 0,
                                                    "where": []})
    impacts: dict[str, int] = defaultdict(int)
    for key in checked:
        for v in pages[key]["violations"]:
            rule = by_rule[v["rule"]]
            rule.update(impact=v["impact"], help=v["help"], url=v["url"])
            rule["pages"] += 1
            rule["nodes"] += v["nodes"]
            rule["where"].append(f"{key[1][:2]} ({key[0]})")
            impacts[v["impact"]] += v["nodes"]
    lines = [
        "# Accessibility",
        "",
        "careerkit aims at WCAG 2.2 AA in every workbook, in Voilà and in JupyterLab. This page is built",
        "from the test suite's own output: `tests/browser/test_axe.py` runs axe-core (through",
        "`axe-playwright-python`, in Debian's Chromium) on every workbook served by Voilà, once empty and once",
        "for the example person, and records what it finds; `tests/accessibility_report.py` writes this page.",
        "The test fails on any serious or critical violation.",
        "",
        f"- Pages checked: **{len(checked)}** of {len(STATES) * len(ids)} ({len(ids)} workbooks × "
        f"{len(STATES)} states), on commit {', '.join(commits) or '—'}.",
        f"- Serious or critical findings: **{impacts.get('serious', 0) + impacts.get('critical', 0)}**.",
        f"- Moderate findings: **{impacts.get('moderate', 0)}** elements; minor: **{impacts.get('minor', 0)}** "
        "elements.",
        "",
        "## What the forms do",
        "",
        "- A question answered in one box (text, long text, number, drop-down) is labelled by ipywidgets' own",
        "  `<label for>`; groups (scales, radio buttons, checkboxes, dates, rankings, tables) are radio groups or",
        "  groups named by their visible label (`careerkit/widgets/a11y.js`), with the help text and any error",
        "  tied by `aria-describedby`. `tests/browser/test_accessible_forms.py` fills every question of",
        "  workbooks 01 and 03 by its label.",
        "- An error sits under its field and names it; a section with errors lists them at its top, each a link",
        "  to the field. One \"✓ Saved\" line per section gives the time of the last save.",
        "- Each value card of 03 and each rating is one Tab stop; the keys 1–9 and the arrow keys choose.",
        "",
        "## What the charts do",
        "",
        "- Every chart has a title and a short summary of its data in words, its text alternative.",
        "- Colour is never the only sign of a category. A chart that colours its marks by a category gives",
        "  them a shape too, or writes the category's key on or beside every mark and in the legend: a letter",
        "  (\"A · Webinar or talk\"), a sign (✓ done, ◐ in progress, ★ in your code) or words.",
        "  `tests/test_charts.py` checks every chart on the example person's answers.",
        "",
        "## Remaining findings",
        "",
    ]
    if not by_rule:
        lines.append("None: axe reported nothing on any page checked.")
    else:
        lines += ["| Rule | Impact | Pages | Elements | Why it remains |", "|---|---|---|---|---|"]
        for rule_id, rule in sorted(by_rule.items(), key=lambda kv: (kv[1]["impact"] != "serious", kv[0])):
            reason = REASONS.get(rule_id, "Not yet explained.")
            lines.append(f"| [{rule_id}]({rule['url']}): {rule['help']} | {rule['impact']} | {rule['pages']} | "
                         f"{rule['nodes']} | {reason} |")
        lines += ["", "Where each was seen (workbook and state):", ""]
        for rule_id, rule in sorted(by_rule.items()):
            lines.append(f"- `{rule_id}`: {', '.join(rule['where'])}")
    missing = [f"{w} ({s})" for s in STATES for w in ids if (s, w) not in pages]
    if missing:
        lines += ["", f"Not checked in the run this page was built from: {', '.join(missing)}."]
    return "\n".join(lines) + "\n"


def problems(pages: dict[tuple[str, str], dict]) -> list[str]:
    ids = [wid for wid in content.workbook_ids() if wid[:2].isdigit() and int(wid[:2]) <= 11]
    found = [f"{w} ({s}) was not checked" for s in STATES for w in ids if (s, w) not in pages]
    for key, page in pages.items():
        for v in page["violations"]:
            if v["impact"] in ("serious", "critical"):
                found.append(f"{key[1]} ({key[0]}): {v['rule']} is {v['impact']}")
            elif v["rule"] not in REASONS:
                found.append(f"{key[1]} ({key[0]}): {v['rule']} has no reason in REASONS")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail on a page not checked or a finding unexplained")
    args = parser.parse_args(argv)
    pages = load()
    if args.check:
        found = problems(pages)
        for line in found:
            print(line, file=sys.stderr)
        return 1 if found else 0
    TARGET.write_text(build(pages), encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)} from {len(pages)} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
