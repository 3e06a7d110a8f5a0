"""RESULTS.md is generated from the committed result files, and a run says when a target is missed.

Nothing here measures anything: the tests read the committed JSON, or build result files
by hand, and check what the report and the run make of them.
"""

from __future__ import annotations

import copy
import json
import re

import pytest

from benchmarks import report, run
from benchmarks.common import REPO, Figure


def test_results_md_is_exactly_what_the_committed_results_give():
    committed = report.RESULTS_MD.read_text(encoding="utf-8")
    assert committed == report.render(), (
        "benchmarks/RESULTS.md differs from what benchmarks/results/*.json give: a figure edited by hand, "
        "or results committed without the file; run `python -m benchmarks.report --write`")


def test_committed_results_are_full_runs_with_their_commit_date_and_load():
    results = report.load()
    assert results, "no committed result files in benchmarks/results/"
    for group, result in results.items():
        assert result["quick"] is False
        assert re.fullmatch(r"[0-9a-f]{40}", result["commit"]["commit"]), group
        if group != report.INSTALL_SIZE:
            assert len(result["machine"]["load_before"]) == 3 and len(result["machine"]["load_after"]) == 3
            assert all(f["value"] is not None or f["limit"] is None for f in result["figures"])


def _result(group="logic", value=0.42, *, load=(11.5, 9.0, 7.25), commit="a" * 40, dirty=False) -> dict:
    figure = Figure("logic", "the room's picture, 10,000 participants with varied answers", "s", value,
                    target="≤ 1 s", limit=1.0, ratio_target=False, runs=3, samples=[value] * 3,
                    key="picture.10000", target_ref="18.5")
    info = Figure("logic", "a refresh that releases a new picture, 10,000 participants", "s", 1.234, runs=3,
                  key="release.10000")
    return {"schema": report.SCHEMA, "group": group, "quick": False, "command": f"python -m benchmarks --only {group}",
            "commit": {"commit": commit, "subject": "Make the picture quicker", "committed": "2026-12-02T01:00:00+00:00",
                       "dirty": dirty},
            "finished": "2026-12-02T03:04:05+00:00", "seconds": 61.0,
            "machine": {"cpus": 2, "cpu": "Test CPU", "memory_gb": 8.0, "python": "3.11.7", "platform": "Linux",
                        "versions": {"voila": "0.5.13"}, "load_before": list(load), "load_after": [2.0, 3.0, 4.0]},
            "settings": {}, "figures": [figure.as_dict(), info.as_dict()], "facts": {}}


def test_every_figure_comes_from_the_result_with_its_commit_date_and_load():
    text = report.render({"logic": _result()})
    assert "Commit `aaaaaaaaaa` (\"Make the picture quicker\")" in text
    assert "02 December 2026, 03:04 UTC" in text
    assert "11.50 / 9.00 / 7.25 at the start and 2.00 / 3.00 / 4.00 at the end, on 2 cores" in text
    assert "| the room's picture, 10,000 participants with varied answers | 0.42 s |" in text
    assert "| 18.5 The room's picture |" in text and "| 0.42 s | yes | `results/logic.json` |" in text
    assert "with uncommitted changes" not in text
    # Another measurement gives another document: nothing in it is fixed text.
    other = report.render({"logic": _result(value=1.5, load=(0.1, 0.2, 0.3), commit="b" * 40, dirty=True)})
    assert "| the room's picture, 10,000 participants with varied answers | 1.50 s |" in other
    assert "| 1.50 s | **no** |" in other and "0.10 / 0.20 / 0.30" in other
    assert "Commit `bbbbbbbbbb`" in other and "with uncommitted changes to the code" in other
    assert "0.42 s" not in other


def test_targets_without_a_committed_figure_say_so():
    text = report.render({"logic": _result()})
    for ref in ("18.1", "18.2", "18.3", "18.4", "18.6"):
        row = next(line for line in text.splitlines() if line.startswith(f"| {ref} "))
        assert "not measured in a committed result yet" in row
    assert "Not measured in a committed result yet: `.venv/bin/python -m benchmarks --only hub`." in text


def test_a_target_measured_for_fewer_workbooks_than_it_asks_says_so():
    browser = _result("browser")
    tti = Figure("browser", "00_start_here, cold: first usable input", "s", 2.0, 1.9, "bare, cold", target="≤ 1.2×",
                 limit=1.2, runs=5, key="tti.00_start_here.first_input", target_ref="18.4")
    browser["figures"] = [tti.as_dict()]
    text = report.render({"browser": browser})
    assert "= 1.05× bare, cold | yes |" in text
    assert "11 of its 12 figures not measured in the committed result" in text


def test_quick_results_are_never_read_into_results_md(tmp_path, monkeypatch):
    quick = _result()
    quick["quick"] = True
    (tmp_path / "logic.json").write_text(json.dumps(quick))
    with pytest.raises(ValueError, match="--quick"):
        report.load(tmp_path)


def test_check_fails_on_a_hand_edit(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "results"
    folder.mkdir()
    (folder / "logic.json").write_text(json.dumps(_result()))
    monkeypatch.setattr(report, "RESULTS_DIR", folder)
    monkeypatch.setattr(report, "RESULTS_MD", tmp_path / "RESULTS.md")
    assert report.main(["--write"]) == 0
    assert report.main(["--check"]) == 0
    text = (tmp_path / "RESULTS.md").read_text()
    (tmp_path / "RESULTS.md").write_text(text.replace("| 0.42 s |", "| 0.40 s |"))
    assert report.main(["--check"]) == 1
    assert "python -m benchmarks.report --write" in capsys.readouterr().err


def _fake_logic(figures_to_add):
    def bench(args, figures, facts):
        figures.extend(copy.deepcopy(figures_to_add))
        facts["fake"] = True
    return bench


def test_a_run_writes_one_file_per_group_and_regenerates_results_md(tmp_path, monkeypatch, capsys):
    met = Figure("logic", "quick enough", "s", 0.5, target="≤ 1 s", limit=1.0, ratio_target=False, runs=1,
                 key="picture.10000", target_ref="18.5")
    monkeypatch.setattr(run, "bench_logic", _fake_logic([met]))
    monkeypatch.setattr(run, "RESULTS", tmp_path / "results")
    monkeypatch.setattr(report, "RESULTS_DIR", tmp_path / "results")
    monkeypatch.setattr(report, "RESULTS_MD", tmp_path / "RESULTS.md")
    monkeypatch.setattr(run, "compile_bytecode", lambda: 0)
    assert run.main(["--only", "logic"]) == 0
    assert run.main(["--only", "logic"]) == 0  # a rerun replaces the file, it does not add one
    assert sorted(p.name for p in (tmp_path / "results").iterdir()) == ["logic.json"]
    data = json.loads((tmp_path / "results" / "logic.json").read_text())
    assert data["group"] == "logic" and data["quick"] is False and data["facts"] == {"fake": True}
    assert data["figures"][0]["met"] is True and data["figures"][0]["target_ref"] == "18.5"
    assert len(data["machine"]["load_before"]) == 3
    # the figures name the commit they were measured on (empty only outside a git checkout, an unpacked sdist)
    assert data["commit"]["commit"] == run.git_state()["commit"]
    if (REPO / ".git").exists():
        assert len(data["commit"]["commit"]) == 40
    assert (tmp_path / "RESULTS.md").read_text() == report.render()
    assert "| quick enough | 0.50 s |" in (tmp_path / "RESULTS.md").read_text()
    # a quick run goes elsewhere and leaves RESULTS.md alone
    before = (tmp_path / "RESULTS.md").read_text()
    assert run.main(["--quick", "--only", "logic"]) == 0
    assert (tmp_path / "results" / "quick" / "logic.json").exists()
    assert (tmp_path / "RESULTS.md").read_text() == before


def test_a_run_exits_non_zero_and_names_the_missed_target(tmp_path, monkeypatch, capsys):
    missed = Figure("logic", "the room's picture, 10,000 participants", "s", 1.7, target="≤ 1 s", limit=1.0,
                    ratio_target=False, runs=3, key="picture.10000", target_ref="18.5")
    fine = Figure("logic", "rank all occupations", "ms", 5.0, target="≤ 50 ms", limit=50, ratio_target=False, runs=3)
    monkeypatch.setattr(run, "bench_logic", _fake_logic([fine, missed]))
    monkeypatch.setattr(run, "compile_bytecode", lambda: 0)
    assert run.main(["--only", "logic", "--out", str(tmp_path / "out.json")]) == 1
    printed = capsys.readouterr().out
    assert "target missed: the room's picture, 10,000 participants: 1.70 s, target ≤ 1 s" in printed
    assert "rank all occupations" not in printed.split("target missed", 1)[1]


def test_a_run_exits_non_zero_when_a_target_could_not_be_measured(tmp_path, monkeypatch, capsys):
    nothing = Figure("hub", "save through the hub: p99", "ms", None, target="≤ 50 ms", limit=50,
                     ratio_target=False, runs=0)
    monkeypatch.setattr(run, "bench_logic", _fake_logic([nothing]))
    monkeypatch.setattr(run, "compile_bytecode", lambda: 0)
    assert run.main(["--only", "logic", "--out", str(tmp_path / "out.json")]) == 1
    assert "target not measured: save through the hub: p99" in capsys.readouterr().out
