"""A workbook pack, installed with pip like any package, shows up everywhere a workbook does.

``tests/packs/careerkit_testpack`` is a separate package (its own pyproject) with one
workbook, ``50_team_retro``: two sections and a chart. It registers in the
``careerkit.workbooks`` entry point group, and careerkit's code names it nowhere. pip
installs it into a folder of its own (``--target``), which the commands below get on
their ``PYTHONPATH``: the project's environment is left as it was.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PACK = Path(__file__).resolve().parent / "packs" / "careerkit_testpack"
CAREERKIT = Path(__file__).resolve().parents[1] / "careerkit"
WB = "50_team_retro"


@pytest.fixture(scope="module")
def pack_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("pack-site")
    done = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--disable-pip-version-check",
                           "--target", str(site), str(PACK)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"pip could not install the test pack:\n{done.stdout}\n{done.stderr}"
    return site


@pytest.fixture
def env(pack_site, tmp_path) -> dict[str, str]:
    environ = {**os.environ, "CAREERKIT_HOME": str(tmp_path / "home"), "CAREERKIT_STRICT": "1",
               "PYTHONPATH": os.pathsep.join([str(pack_site), *filter(None, [os.environ.get("PYTHONPATH")])])}
    environ.pop("CAREERKIT_WORKSHOP", None)
    environ.pop("CAREERKIT_DATABASE_URL", None)
    return environ


def python(env: dict[str, str], code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


def careerkit(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([sys.executable, "-m", "careerkit.serving.cli", *args], capture_output=True, text=True,
                          env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


ANSWER = """
import careerkit
wb = careerkit.open_workbook("50_team_retro", header=False)
wb.save("moments", [{"what": "Pairing on the release checklist", "energy": 5},
                    {"what": "The long status meeting", "energy": 2}])
wb.save("change", "Written status updates, and the meeting for one hard problem.")
"""


def test_careerkit_names_the_pack_nowhere():
    for path in CAREERKIT.rglob("*"):
        if path.is_file() and path.suffix in {".py", ".yaml", ".toml", ".json", ".j2", ".html"}:
            text = path.read_text(encoding="utf-8")
            assert "team_retro" not in text and "testpack" not in text, path


def test_the_pack_is_found_and_draws_its_form_and_chart(env):
    out = python(env, ANSWER + """
import json
from careerkit.core import content
chart = wb.draw("energy_by_moment")
form = wb.form("moments")
print(json.dumps({"ids": content.workbook_ids(), "title": wb.content.title, "sections": [s.id for s in wb.content.sections],
                  "chart": chart.title, "bars": len(chart.to_dict()["data"]["values"]), "svg": chart.svg()[:4]}))
""")
    seen = json.loads(out.strip().splitlines()[-1])
    assert seen["ids"][-1] == WB and seen["ids"][:12] == [f"{n:02d}_" + seen["ids"][n][3:] for n in range(12)]
    assert seen["title"] == "Team retrospective" and seen["sections"] == ["moments", "next_step"]
    assert seen["chart"] == "Energy by moment" and seen["bars"] == 2 and seen["svg"] == "<svg"


def test_the_pack_counts_in_workbook_00s_progress(env):
    out = python(env, ANSWER + """
start = careerkit.open_workbook("00_start_here", header=False)
print(start.show("progress").value)
""")
    row = out[out.index("50_team_retro.ipynb"):]
    assert "Team retrospective" in row and row.index("2 of 3") < row.index("</tr>")  # two of its three questions


def test_the_pack_is_in_the_report_history_export_and_import(env, tmp_path):
    python(env, ANSWER)
    report = tmp_path / "report.html"
    careerkit(env, "report", "-o", str(report), "--no-charts")
    text = report.read_text(encoding="utf-8")
    assert "Team retrospective" in text and "Written status updates" in text

    history = careerkit(env, "history", "--workbook", "50")
    assert "change" in history and "moments" in history

    exported = tmp_path / "answers.json"
    careerkit(env, "export", "-o", str(exported))
    document = json.loads(exported.read_text(encoding="utf-8"))
    assert WB in json.dumps(document)

    elsewhere = {**env, "CAREERKIT_HOME": str(tmp_path / "another-home")}
    careerkit(elsewhere, "import", str(exported))
    again = python(elsewhere, """
import careerkit
wb = careerkit.open_workbook("50_team_retro", header=False)
print(wb.answers.get_answer("50_team_retro.change"), len(wb.answers.rows("50_team_retro.moments")))
""")
    assert again.strip().splitlines()[-1] == "Written status updates, and the meeting for one hard problem. 2"
