"""``benchmarks/RESULTS.md``, generated from the committed result files and nothing else.

    .venv/bin/python -m benchmarks.report --write    # rewrite RESULTS.md from benchmarks/results/*.json
    .venv/bin/python -m benchmarks.report --check    # exit 1 when RESULTS.md is not what they give

A full run of ``python -m benchmarks`` writes one file per group it measured
(``benchmarks/results/GROUP.json``, replacing that group's previous file) and then
rewrites RESULTS.md; ``python -m benchmarks.install_size --write`` does the same for
``install-size.json``. Every figure in RESULTS.md is formatted here from those files,
with the commit, the date and the machine's load of the run that measured it; the text
around the figures says how they are measured and holds no figure of its own.
``tests/test_benchmarks_report.py`` checks that RESULTS.md is exactly what this module makes
of the committed files, so a figure edited by hand fails the tests.

The layout of a group's file (``SCHEMA`` 1):

- ``group``, ``quick`` (always false in committed files), ``command`` (how it was run),
  ``settings`` (runs per figure, room size, workbooks, hub users);
- ``commit``: ``commit`` (the id measured), ``subject``, ``committed`` (its date) and
  ``dirty`` (whether code differed from that commit; result files do not count);
- ``finished`` (UTC), ``seconds`` (the group's duration);
- ``machine``: processor, cores, memory, Python, platform, package versions, and
  ``load_before`` / ``load_after``, the load average over 1, 5 and 15 minutes when the
  group started and ended;
- ``figures``: one object per figure: ``group``, ``key`` (stable within the group),
  ``name``, ``unit``, ``value``, ``baseline`` and ``baseline_name`` (measured in the same
  run, alternating), ``ratio``, ``target``, ``limit`` and ``ratio_target`` (what the
  target compares), ``met``, ``target_ref`` (the issue target it decides, "18.5"),
  ``runs``, ``samples``, ``baseline_samples``, ``details`` and ``note``;
- ``facts``: what else the group found (widget counts, imports, digests of the rooms).

The browser groups use the same figures, told apart by ``key`` and ``details``:

- ``browser``: for each workbook, ``tti.WORKBOOK.first_input`` and
  ``tti.WORKBOOK.fully_drawn`` (against the same-widget bare notebook, cold), the same two
  against a minimal page of twelve plain widgets (``….minimal``), and the kernel's memory
  (``rss.WORKBOOK``, ``uss.WORKBOOK``); ``details`` holds ``workbook``, ``measure``
  (``first_input`` or ``fully_drawn``) and ``baseline`` (``bare`` or ``minimal``);
- ``room``: ``room.fully_drawn`` (the slowest of the room's pages through ``careerkit
  app`` against the slowest of as many bare Voilà pages, cold) and ``room.first_input``;
- ``moving``: ``moving.WORKBOOK`` for each step from the previous workbook to this one
  (fully drawn, against a bare cold page), and ``moving.memory`` (the server's kernels
  for that person after all twelve, against one bare kernel).
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS_DIR = HERE / "results"
RESULTS_MD = HERE / "RESULTS.md"
SCHEMA = 1
INSTALL_SIZE = "install-size"


@dataclass(frozen=True)
class Target:
    ref: str
    title: str
    promise: str
    group: str
    #: figures a complete measurement of the target has (one per workbook, say)
    figures: int = 1


#: The targets the suite decides, in the issues' order.
TARGETS = (
    Target("18.1", "A room opening at once",
           "30 participants open the start page together through `careerkit app`: every page fully drawn in "
           "≤ 0.35× the time bare Voilà needs to fully draw the same 30 pages cold", "room"),
    Target("18.2", "Moving on",
           "from each workbook to the next, 00→01→…→11, the next page is fully drawn in ≤ 0.5× a bare cold page",
           "moving", 11),
    Target("18.3", "No kernels left behind",
           "after a participant has visited all twelve workbooks, the server holds at most 2× one bare kernel's "
           "memory for them", "moving"),
    Target("18.4", "Every workbook, every run",
           "time to interactive cold ≤ 1.2× its same-widget bare notebook, for all 12 workbooks", "browser", 12),
    Target("18.5", "The room's picture",
           "10,000 participants whose answers vary as real answers do: ≤ 1 s", "logic"),
    Target("18.6", "Beyond one server (issue 15)",
           "300 simulated hub users saving through the careerkit JupyterHub service against PostgreSQL: "
           "p99 save ≤ 50 ms, 0 lost", "hub", 2),
)

#: Groups in the order RESULTS.md shows them, with what each measures (no figures here).
GROUPS: dict[str, tuple[str, str]] = {
    "logic": ("Logic: matching and the room's picture", (
        "Ranking every O*NET occupation for the example person, and the facilitator's picture of a "
        "synthetic room drawn by `benchmarks/cohort.py`: answers that vary as real ones do (how far "
        "people got, ratings with a typical answer and a personal leaning, popular and rare choices, "
        "typed entries with a common head, odd spellings and a long tail of one-offs, rankings of what "
        "each person chose), seeded, the same room on every machine and under every `PYTHONHASHSEED` "
        "(the digest of each room is in the result file). \"The room's picture\" is "
        "`careerkit.core.logic.cohort.picture`; a refresh that releases a new picture also computes the "
        "room's fingerprints first. Times are wall-clock on one core; the note gives processor time.")),
    "hub": ("Saving through the JupyterHub service (issue 15)", (
        "A real JupyterHub (from pip, with configurable-http-proxy) runs the careerkit service as "
        "configured by `careerkit.serving.hub.config.configure`, on a fresh PostgreSQL database. Each "
        "simulated user has a hub token scoped as a user server's own and saves through "
        "`careerkit.core.storage.remote.RemoteStore`, once per form pause, starting at a seeded random "
        "moment within the first pause; kernels are threads spread over a few processes. A save is timed "
        "from the call until the service has answered that it committed; one the service refuses is "
        "held and retried, as a form does, and timed until committed. Afterwards every revision is read "
        "back from the database: one missing or out of order counts as lost.")),
    "saving": ("Saving an answer", (
        "What a form does once a person pauses typing: the value checked and written as a new revision "
        "in its own transaction, committed before \"Saved\" shows. Concurrent writers are separate "
        "processes, as kernels are, each saving at most once per form pause; the target is measured "
        "with each writer starting at a seeded random moment within the first pause (people type "
        "independently), and the worst case has every writer save at the same instant, every time. "
        "Every revision is read back afterwards: one missing or out of order counts as lost. "
        "PostgreSQL is measured when `CAREERKIT_TEST_DATABASE_URL` is set.")),
    "import": ("Importing careerkit", (
        "Seconds to import in a fresh interpreter, against `import ipywidgets`, and which heavy "
        "packages the import pulls in.")),
    "browser": ("Every workbook in a browser", (
        "Debian's Chromium through Playwright, a fresh profile per page, one Voilà server with "
        "careerkit's page template for careerkit's pages and their baselines alike. The baseline of a "
        "workbook is a bare notebook: the same tree of plain ipywidgets that the workbook showed for the "
        "example person, with placeholder text and nothing else. \"First input\" is the first enabled "
        "input a person can use; \"fully drawn\" is the spinner gone and no chart still drawing.")),
    "room": ("A room opening at once", (
        "The whole room requests the start page at the same moment, each in a fresh browser profile, "
        "against as many bare pages opened at once in the same run.")),
    "moving": ("Moving on, 00→11", (
        "One participant works through the workbooks in order, following each page's link to the next "
        "one, against a bare cold page.")),
    "render": ("Server render", (
        "The time Voilà takes to send a page (one request, and a full room at once), without a "
        "browser.")),
    "headless": ("Every workbook executed headless", (
        "Every workbook executed as the tests do (nbclient, a fresh kernel each, the example person's "
        "answers).")),
}


# -- reading ---------------------------------------------------------------------------------

def load(folder: Path | None = None) -> dict[str, dict]:
    """Every committed result file in ``folder`` (``benchmarks/results``), by group."""
    folder = RESULTS_DIR if folder is None else folder
    out = {}
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("schema") != SCHEMA:
            raise ValueError(f"{path.name}: result layout {data.get('schema')!r}, this report reads {SCHEMA}")
        if data.get("quick"):
            raise ValueError(f"{path.name} holds a --quick run: its figures are not to be quoted")
        out[data["group"]] = data
    return out


# -- formatting ------------------------------------------------------------------------------

def value(v: float | None, unit: str) -> str:
    if v is None:
        return "—"
    if unit == "ms":
        return f"{v:,.1f} ms"
    if unit == "s":
        return f"{v:,.2f} s"
    if unit == "MB":
        return f"{v:,.0f} MB"
    return f"{v:,g}"


def when(iso: str) -> str:
    moment = _dt.datetime.fromisoformat(iso).astimezone(_dt.timezone.utc)
    return f"{moment:%d %B %Y, %H:%M} UTC"


def load_text(loads: list[float] | None) -> str:
    return " / ".join(f"{x:.2f}" for x in loads) if loads else "unknown"


def provenance(result: dict) -> str:
    commit = result.get("commit") or {}
    cid = (commit.get("commit") or "unknown")[:10]
    dirty = ", with uncommitted changes to the code" if commit.get("dirty") else ""
    m = result.get("machine", {})
    return (f"Commit `{cid}` (\"{commit.get('subject', '')}\"){dirty}; measured {when(result['finished'])} "
            f"in {result['seconds']:,.0f} s by `{result['command']}`. Load average (1 / 5 / 15 min) "
            f"{load_text(m.get('load_before'))} at the start and {load_text(m.get('load_after'))} at the end, "
            f"on {m.get('cpus', '?')} cores.")


def met_text(met: bool | None) -> str:
    return {True: "yes", False: "**no**", None: ""}[met]


def figure_table(figures: list[dict]) -> str:
    lines = ["| figure | careerkit | baseline | ratio | target | met | runs | note |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for f in figures:
        base = f"{value(f['baseline'], f['unit'])} ({f['baseline_name']})" if f.get("baseline") is not None else ""
        ratio = f"{f['ratio']:.2f}×" if f.get("ratio") is not None else ""
        lines.append(f"| {f['name']} | {value(f['value'], f['unit'])} | {base} | {ratio} | {f.get('target', '')} "
                     f"| {met_text(f.get('met'))} | {f['runs']:,} | {f.get('note', '')} |")
    return "\n".join(lines)


def target_rows(results: dict[str, dict]) -> list[str]:
    lines = ["| target | the promise | figure | measured | met | result file |",
             "| --- | --- | --- | --- | --- | --- |"]
    for t in TARGETS:
        result = results.get(t.group)
        figures = [f for f in (result or {}).get("figures", ()) if f.get("target_ref") == t.ref]
        if not figures:
            lines.append(f"| {t.ref} {t.title} | {t.promise} | not measured in a committed result yet | | | |")
            continue
        for f in figures:
            measured = value(f["value"], f["unit"])
            if f.get("ratio_target") and f.get("ratio") is not None:
                measured += f" = {f['ratio']:.2f}× {f['baseline_name']}"
            lines.append(f"| {t.ref} {t.title} | {t.promise} | {f['name']} | {measured} | "
                         f"{met_text(f.get('met')) or 'no value'} | `results/{t.group}.json` |")
        if len(figures) < t.figures:
            lines.append(f"| {t.ref} {t.title} | {t.promise} | {t.figures - len(figures)} of its {t.figures} figures "
                         f"not measured in the committed result | | | `results/{t.group}.json` |")
    return lines


# -- the document ----------------------------------------------------------------------------

_INTRO = """\
<!-- Generated by `python -m benchmarks.report --write` from benchmarks/results/*.json.
     Do not edit: tests/test_benchmarks_report.py fails when this file differs from what they give. -->
# How fast careerkit is, for one person and for a full room

Every figure below comes from a result file committed in `benchmarks/results/` (one per
group, replaced by each full run of that group) and names the commit it measured, when,
and how busy the machine was. Figures compared with a baseline were measured in the same
run, alternating between the two (A B, B A, …), and are medians unless the table says
otherwise. Ratios measured in the same run hold up under load far better than seconds
do: treat the seconds as this machine's, at that load, not as careerkit's.

## The commands

```bash
bash .ci/run                                  # once: Chromium and a local PostgreSQL (Debian)
eval "$(CI_SETUP_ONLY=1 bash .ci/run)"        # exports CAREERKIT_TEST_DATABASE_URL (saving, hub)
.venv/bin/python -m benchmarks                # every group; writes benchmarks/results/*.json and this file
.venv/bin/python -m benchmarks --only logic saving hub          # the groups that need no browser
.venv/bin/python -m benchmarks --only browser --workbooks all   # one group, every workbook
.venv/bin/python -m benchmarks --quick --only logic             # checks the suite works; writes results/quick/
.venv/bin/python -m benchmarks.report --write                   # this file, from the committed results
.venv/bin/python -m benchmarks.install_size --write             # install size, in fresh environments
```

A run exits with status 1 when a target is missed (and names it) or a target's figure
could not be measured. `--quick` runs are for checking the suite, never for quoting:
they go to `benchmarks/results/quick/`, which is not committed, and never into this file.
Run the suite on a quiet machine, commit the code first (a result names the commit it
measured, and says so when the code differed from it), then commit the result files and
this file together.
"""


def render(results: dict[str, dict] | None = None) -> str:
    """RESULTS.md's text, from ``results`` (by default the committed result files)."""
    results = load() if results is None else results
    out = [_INTRO, "## The targets", "",
           "Each target of issue 18 (and issue 15's simulation), with the figure that decides it:", "",
           *target_rows(results), ""]
    missing = [g for g in GROUPS if g not in results]
    out += ["## The results, group by group", ""]
    for group, (title, about) in GROUPS.items():
        result = results.get(group)
        out += [f"### {title}", "", about, ""]
        if result is None:
            out += [f"Not measured in a committed result yet: `.venv/bin/python -m benchmarks --only {group}`.", ""]
            continue
        out += [provenance(result), "", figure_table(result["figures"]), ""]
    if missing:
        out += [f"Groups with no committed result yet: {', '.join(missing)}.", ""]
    out += machine_section(results)
    out += install_section(results.get(INSTALL_SIZE))
    out += ["## Earlier rounds", "",
            "The figures of earlier rounds, and what each optimisation bought, are in this file's history "
            "(`git log -p -- benchmarks/RESULTS.md`); the last hand-written version is "
            "`git show 488ab33:benchmarks/RESULTS.md`.", ""]
    return "\n".join(out).rstrip("\n") + "\n"


def machine_section(results: dict[str, dict]) -> list[str]:
    measured = [r for g, r in results.items() if g != INSTALL_SIZE and "machine" in r]
    if not measured:
        return []
    latest = max(measured, key=lambda r: r["finished"])
    m = latest["machine"]
    versions = ", ".join(f"{k} {v}" for k, v in sorted(m.get("versions", {}).items()))
    return ["## The machine", "",
            f"As recorded by the most recent result (`results/{latest['group']}.json`): {m.get('cpu', 'unknown processor')}, "
            f"{m.get('cpus', '?')} cores, {m.get('memory_gb', '?')} GB of memory, Python {m.get('python', '?')} on "
            f"{m.get('platform', '?')}; {versions}. Each group above gives the load it was measured under.", ""]


def install_section(result: dict | None) -> list[str]:
    from . import install_size

    out = ["## Install size", ""]
    if result is None:
        return out + ["Not measured in a committed result yet: `.venv/bin/python -m benchmarks.install_size --write`.", ""]
    section, _missing = install_size.table(result["careerkit"], result["baseline"], measured=result["finished"],
                                           python=result["python"])
    commit = (result.get("commit") or {}).get("commit", "unknown")[:10]
    return out + [section, "", f"(`results/{INSTALL_SIZE}.json`, commit `{commit}`.)", ""]


def write() -> Path:
    """Rewrite RESULTS.md from the result files."""
    RESULTS_MD.write_text(render(), encoding="utf-8")
    return RESULTS_MD


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.report", description=__doc__.split("\n\n")[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help="rewrite benchmarks/RESULTS.md")
    mode.add_argument("--check", action="store_true", help="exit 1 when RESULTS.md differs from the results")
    args = parser.parse_args(argv)
    text = render()
    if args.write:
        write()
        return 0
    if args.check:
        current = RESULTS_MD.read_text(encoding="utf-8") if RESULTS_MD.exists() else ""
        if current != text:
            print("benchmarks/RESULTS.md is not what benchmarks/results/*.json give: "
                  "run `python -m benchmarks.report --write`", file=sys.stderr)
            return 1
        return 0
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
