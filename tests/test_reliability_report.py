"""``tests/reliability_report.py --check``: the committed page must say what a run's figures
say. It fails on a count that differs, a figure missing or an answer lost, and not on what
cannot repeat from run to run (the commit, the dates, the writer tests' timings)."""

from __future__ import annotations

import copy
import json
import re

import pytest

from tests import reliability_report as report
from tests.support import figures as figures_module


def _figures(commit: str, stamp: str, seconds: float) -> dict[str, dict]:
    base = {"commit": commit, "recorded_at": stamp, "answers_lost": 0}
    out = {name: {**base, "name": name} for name, *_ in report.FAULTS}
    out["fault_sigkill"].update(field_types=["text", "date"], answers_shown_saved=2)
    out["fault_two_tabs"].update(revisions_written=121, revisions_in_history=121)
    out["fault_two_tabs_postgresql"].update(revisions_written=121, revisions_in_history=121)
    for db in ("sqlite", "postgresql"):
        out[f"fault_writers_{db}"].update(revisions_present=30_000, revisions_written=30_000, seconds=seconds,
                                          saves_per_second=round(30_000 / seconds))
    out["fault_killed_while_typing"].update(keys_typed=33, all_due_kept=True, kept_as_typed=True)
    out["fault_two_tabs_rows"].update(rows_added=2, rows_kept=2)
    out["fault_two_tabs_rows_postgresql"].update(rows_added=2, rows_kept=2)
    out["fault_busy_tools"].update(moves=2, moves_saved=2, kernel_frozen_over_3_s=False)
    out["fault_busy"]["message"] = "Another program is holding your answers file."
    for where in ("header", "first_revisions_page", "index_page"):
        out[f"fault_damaged_{where}"].update(revisions_after_repair=77, revisions_before=77)
    for when in ("before_opening", "while_open"):
        out[f"fault_bad_byte_{when}"].update(other_answers_shown=3, answers_before=4)
    for how in ("emptied", "deleted"):
        out[f"fault_answers_file_{how}"].update(answers_back=4, answers_before=4)
    out["fault_read_only_episode"]["saved_after_episode"] = True
    for kind in ("schema1", "current"):
        out[f"fault_read_only_media_{kind}"].update(answers_shown=4, answers_expected=4)
    out["fault_old_schema"].update(revisions_after=97, revisions_before=97)
    out["bad_input_fuzz"] = {**base, "total": 11_000, "seed": "s", "crashes": 0,
                             "by_class": {"emoji": {"stored": 700, "refused": 1100}}, "per_type": {"text": 1100}}
    out["bad_input_crafted_client"] = {**base, "messages": 26, "answers_changed": 0, "by_outcome": {"refused": 26}}
    out["bad_input_hostile_text"] = {**base, "payloads": 12, "scripts_run": 0}
    out["bad_input_uploads"] = {**base, "uploads": 19, "files_written_outside": 0, "by_outcome": {"refused": 19}}
    return out


@pytest.fixture
def run(tmp_path, monkeypatch):
    """Write a run's figures where the script reads them; returns the page's path."""
    folder = tmp_path / "figures"
    monkeypatch.setenv("CAREERKIT_FIGURES_DIR", str(folder))
    monkeypatch.setattr(report, "commit", lambda: "bbbbbbbbbbbb")

    def write(figures: dict[str, dict]) -> None:
        folder.mkdir(exist_ok=True)
        for old in folder.glob("*.json"):
            old.unlink()
        for name, figure in figures.items():
            (folder / f"{name}.json").write_text(json.dumps(figure), encoding="utf-8")

    return tmp_path / "RELIABILITY.md", write


def test_a_new_run_on_another_commit_and_day_with_other_timings_agrees(run):
    page, write = run
    write(_figures("aaaaaaaaaaaa", "2026-11-30 10:00:00 UTC", 45.0))
    assert report.main(["--output", str(page)]) == 0
    text = page.read_text(encoding="utf-8")
    assert "aaaaaaaaaaaa" in text and "45.0 s" in text
    write(_figures("bbbbbbbbbbbb", "2026-12-02 03:00:00 UTC", 61.3))
    assert report.main(["--check", "--output", str(page)]) == 0
    assert page.read_text(encoding="utf-8") == text  # --check writes nothing into the page


@pytest.mark.parametrize("change", ["a count", "a fuzz figure", "the message", "an answer lost"])
def test_a_page_that_says_something_else_fails(run, change, capsys):
    page, write = run
    figures = _figures("aaaaaaaaaaaa", "2026-11-30 10:00:00 UTC", 45.0)
    write(figures)
    report.main(["--output", str(page)])
    now = copy.deepcopy(_figures("bbbbbbbbbbbb", "2026-12-02 03:00:00 UTC", 45.0))
    if change == "a count":
        now["fault_damaged_header"]["revisions_after_repair"] = 76
    elif change == "a fuzz figure":
        now["bad_input_fuzz"]["by_class"]["emoji"]["stored"] = 701
    elif change == "the message":
        now["fault_busy"]["message"] = "Something else."
    else:
        now["fault_sigkill"]["answers_lost"] = 1
    write(now)
    assert report.main(["--check", "--output", str(page)]) == 1
    err = capsys.readouterr().err
    assert "does not say what this run's figures say" in err
    assert (figures_module.figures_dir() / "RELIABILITY.md").exists()  # this run's page, to compare


def test_a_missing_or_leftover_figure_fails(run, capsys):
    page, write = run
    figures = _figures("bbbbbbbbbbbb", "2026-12-02 03:00:00 UTC", 45.0)
    write(figures)
    report.main(["--output", str(page)])
    assert report.main(["--check", "--output", str(page)]) == 0
    del figures["fault_writers_postgresql"]
    write(figures)
    assert report.main(["--check", "--output", str(page)]) == 1
    assert "figures missing: fault_writers_postgresql" in capsys.readouterr().err
    figures = _figures("bbbbbbbbbbbb", "2026-12-02 03:00:00 UTC", 45.0)
    figures["bad_input_uploads"]["commit"] = "cccccccccccc"
    write(figures)
    assert report.main(["--check", "--output", str(page)]) == 1
    assert "bad_input_uploads" in capsys.readouterr().err


def test_the_committed_page_names_its_commit_and_measured_every_fault():
    page = report.TARGET.read_text(encoding="utf-8")
    assert "Answers lost across every test below: 0." in page
    assert re.search(r"_Figures recorded .+ on commit [0-9a-f]{12}\._", page)  # a commit, not "+changes"
    assert "not run in this build" not in page and "Not measured" not in page
    for _name, title, _describe in report.FAULTS:
        assert f"| {title} |" in page
