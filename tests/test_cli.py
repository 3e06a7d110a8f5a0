"""The careerkit command, run as a person would: a subprocess with its own home."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from careerkit.core import examples
from careerkit.core.storage.store import Store

SUBCOMMANDS = ["lab", "app", "where", "report", "export", "import", "forget", "history", "checkin", "backup"]


@pytest.fixture
def home(tmp_path):
    folder = tmp_path / "home"
    folder.mkdir()
    return folder


def run(home, *args, stdin: str | None = None):
    env = {**os.environ, "CAREERKIT_HOME": str(home), "CAREERKIT_PROFILE": "me"}
    env.pop("CAREERKIT_DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "careerkit.serving.cli", *args], capture_output=True, text=True,
                          env=env, input=stdin, timeout=120)


def one_line_error(result, *words):
    assert result.returncode == 1, result
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("careerkit: "), result.stderr
    for word in words:
        assert word in lines[0], lines[0]


def seeded(home) -> Store:
    store = Store(f"sqlite:///{home / 'answers.sqlite'}")
    examples.seed(store, "me")
    return store


def test_help_for_every_subcommand(home):
    top = run(home, "--help")
    assert top.returncode == 0
    for name in SUBCOMMANDS:
        assert name in top.stdout
    for name in SUBCOMMANDS:
        result = run(home, name, "--help")
        assert result.returncode == 0 and f"careerkit {name}" in result.stdout, name


def test_where_export_import_round_trip(home, tmp_path):
    store = seeded(home)
    where = run(home, "where")
    assert str(home) in where.stdout and "me" in where.stdout
    out = tmp_path / "answers.json"
    exported = run(home, "export", "-o", str(out))
    assert exported.returncode == 0 and "Wrote" in exported.stderr
    to_stdout = run(home, "export")
    assert json.loads(to_stdout.stdout)["revisions"] == json.loads(out.read_text())["revisions"]

    other = tmp_path / "other"
    other.mkdir()
    assert run(other, "import", str(out)).returncode == 0    # an empty profile needs no choice
    again = run(other, "export")
    strip = lambda doc: [(r["workbook"], r["field"], r["value"], r["saved_at"]) for r in doc["revisions"]]
    assert strip(json.loads(again.stdout)) == strip(json.loads(out.read_text()))

    one_line_error(run(other, "import", str(out)), "--merge", "--replace")   # has answers, not a terminal
    assert run(other, "import", str(out), "--merge").returncode == 0
    assert Store(f"sqlite:///{other / 'answers.sqlite'}").count("me") == store.count("me")


def test_bad_files_and_mistakes_are_one_line(home, tmp_path):
    seeded(home)
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "careerkit-export", "version": 7}')
    one_line_error(run(home, "import", str(bad), "--merge"), "newer careerkit", "Nothing was changed")
    bad.write_text('{"format": "careerkit-export", "vers')
    one_line_error(run(home, "import", str(bad), "--replace"), "incomplete")
    one_line_error(run(home, "import", str(tmp_path / "missing.json")), "no file")
    one_line_error(run(home, "report", "-o", str(tmp_path / "report.docx")), ".docx")
    one_line_error(run(home, "report", "--format", "pdf"), "-o")
    one_line_error(run(home, "forget", "--workbook", "00", "--field", "nope", "--yes"), "nope")
    one_line_error(run(home, "forget"), "--all")
    one_line_error(run(home, "history", "--since", "autumn"), "autumn")
    one_line_error(run(tmp_path / "empty", "export"), "no answers")


def test_report_files_and_progress(home, tmp_path):
    seeded(home)
    page = tmp_path / "compass.html"
    result = run(home, "report", "-o", str(page))
    assert result.returncode == 0, result.stderr
    assert "Drawing charts" in result.stderr and page.read_text().startswith("<!DOCTYPE html>")
    notes = run(home, "report", "-o", str(tmp_path / "compass.md"), "--no-charts")
    assert notes.returncode == 0 and (tmp_path / "compass.md").read_text().startswith("# Sam")
    quick = run(home, "report", "--format", "markdown", "--no-charts")
    assert quick.stdout.startswith("# Sam") and "Drawing charts" not in quick.stderr and "data:image" not in quick.stdout


def test_checkin_history_restore_and_report_as_of(home, tmp_path):
    store = seeded(home)
    assert run(home, "checkin", "Spring", "review").returncode == 0
    store.save("me", "00_start_here", "preferred_name", "Samuel")
    listed = run(home, "history", "--workbook", "00", "--field", "preferred_name")
    assert listed.returncode == 0 and "Samuel" in listed.stdout and "Sam" in listed.stdout
    since = run(home, "history", "--since", "spring review")
    assert "preferred_name" in since.stdout and "Samuel" in since.stdout
    assert "Spring review" in run(home, "history", "--checkins").stdout
    as_of = run(home, "report", "--format", "markdown", "--as-of", "Spring review", "--no-charts")
    assert "Samuel" not in as_of.stdout and "Spring review" in as_of.stdout
    first = store.history("me", "00_start_here", "preferred_name")[0]
    assert run(home, "history", "--restore", str(first.id)).returncode == 0
    assert store.answers("me", "00_start_here")["preferred_name"] == "Sam"


def test_forget_asks_then_forgets(home):
    store = seeded(home)
    one_line_error(run(home, "forget", "--all"), "--yes")                  # not a terminal: must confirm
    assert store.count("me") > 0
    assert run(home, "forget", "--workbook", "00", "--field", "hopes", "--yes").returncode == 0
    assert "hopes" not in store.answers("me", "00_start_here")
    assert run(home, "forget", "--workbook", "01", "--yes").returncode == 0
    assert store.answers("me", "01_self_reflection") == {}
    done = run(home, "forget", "--all", "--yes")
    assert done.returncode == 0 and "Forgotten" in done.stderr
    assert store.count("me") == 0 and "me" not in store.profiles()


def test_backup_list_take_and_restore(home):
    first = run(home, "backup", "--now")
    assert first.returncode == 0 and "Nothing to back up yet" in first.stderr
    store = Store(f"sqlite:///{home / 'answers.sqlite'}")
    store.save("me", "00_start_here", "hopes", "before the backup")
    assert run(home, "backup", "--now").returncode == 0
    store.save("me", "00_start_here", "hopes", "after the backup")
    store.close()
    listed = run(home, "backup")
    assert listed.returncode == 0 and "manual" in listed.stdout
    assert run(home, "backup", "--restore", "1", "--yes").returncode == 0
    from careerkit.core.storage import store as store_module

    store_module._engines.clear()
    restored = Store(f"sqlite:///{home / 'answers.sqlite'}")
    assert restored.answers("me", "00_start_here")["hopes"] == "before the backup"
    one_line_error(run(home, "backup", "--restore", "99", "--yes"), "No backup")
