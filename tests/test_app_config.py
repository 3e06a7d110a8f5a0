"""`careerkit app`: Voilà configured from files shipped in the package, and workshop mode."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest

from careerkit.serving import app, cli
from careerkit.core import content
from careerkit.serving.app import CONFIG_DIR, app_environment, voila_command
from careerkit.core.storage.storefront import open_store
from careerkit.serving.workshop.db import WorkshopDB

ROOT = Path(__file__).resolve().parents[1]
CONFIG = json.loads((CONFIG_DIR / "voila.json").read_text())
TEMPLATE = CONFIG_DIR / "voila" / "templates" / "careerkit"


def test_voila_json_strips_sources_hides_tracebacks_preheats_and_culls():
    voila = CONFIG["VoilaConfiguration"]
    assert voila["strip_sources"] is True and voila["show_tracebacks"] is False
    assert voila["preheat_kernel"] is True and voila["template"] == "careerkit"
    pools = CONFIG["VoilaKernelManager"]["kernel_pools_config"]
    assert pools["default"]["pool_size"] == 0
    folder = cli.workbooks_dir()
    for notebook, pool in pools.items():
        if notebook != "default":
            assert (folder / notebook).exists() and pool["pool_size"] >= 1
    cull = CONFIG["MappingKernelManager"]
    # a safety net for pages that never asked for their kernel's end (a crashed browser):
    # a few minutes, checked every minute or more often
    assert 0 < cull["cull_interval"] <= 60 and 0 < cull["cull_idle_timeout"] <= 600
    assert cull["cull_connected"] is False  # an open page is never culled under someone typing


def test_workshop_guide_gives_the_configured_cull():
    guide = " ".join((ROOT / "docs" / "JUPYTERHUB.md").read_text().split())
    cull = CONFIG["MappingKernelManager"]
    stated = (f"no connection and no activity for {cull['cull_idle_timeout'] / 60:g} minutes "
              f"(checked every {cull['cull_interval']} seconds)")
    assert stated in guide


def test_voila_reads_this_configuration():
    from voila.app import Voila
    from voila.configuration import VoilaConfiguration

    voila = Voila()
    voila.load_config_file("voila", path=[str(CONFIG_DIR)])
    configured = VoilaConfiguration(parent=voila)
    assert configured.strip_sources and not configured.show_tracebacks and configured.preheat_kernel
    assert configured.template == "careerkit"
    assert voila.config.MappingKernelManager.cull_idle_timeout == CONFIG["MappingKernelManager"]["cull_idle_timeout"]


def test_a_page_waits_for_every_output_of_a_cell_on_a_busy_server():
    """Voilà's executor waits ``iopub_timeout`` seconds (4 by default) for a cell's outputs
    after the kernel says the cell is done, then drops whatever has not arrived. On a server
    with a room opening pages together the outputs lag well behind ("Timeout waiting for
    IOPub output" in the log), and a page came without its forms. The executor Voilà builds
    for a page, from this configuration, waits long enough."""
    import nbformat
    from voila.app import Voila
    from voila.execute import VoilaExecutor

    voila = Voila()
    voila.load_config_file("voila", path=[str(CONFIG_DIR)])
    executor = VoilaExecutor(nbformat.v4.new_notebook(), config=voila.config)  # as Voilà's renderer does
    assert executor.iopub_timeout >= 120
    assert executor.raise_on_iopub_timeout is False  # a page still comes, with what did arrive


def test_page_template_fetches_nothing_from_the_internet():
    assert json.loads((TEMPLATE / "conf.json").read_text())["base_template"] == "lab"
    for page in TEMPLATE.glob("*.htm*"):
        text = page.read_text()
        assert not re.search(r"(src|href)=[\"']?(https?:)?//", text), page.name
    assert "html_head_js_mermaidjs" in (TEMPLATE / "index.html.j2").read_text()


def test_environment_points_voila_at_the_package_config_and_keeps_secrets_out():
    env = app_environment("spring", base={"JUPYTER_PATH": "/elsewhere", "CAREERKIT_FACILITATOR_KEY": "k",
                                          "CAREERKIT_WORKSHOP": "old"})
    assert env["JUPYTER_PATH"].split(":")[0] == str(CONFIG_DIR) and env["JUPYTER_PATH"].endswith("/elsewhere")
    assert env["JUPYTER_CONFIG_PATH"].split(":")[0] == str(CONFIG_DIR)
    assert env["CAREERKIT_WORKSHOP"] == "spring" and "CAREERKIT_FACILITATOR_KEY" not in env
    assert "CAREERKIT_WORKSHOP" not in app_environment(None, base={"CAREERKIT_WORKSHOP": "old"})


def test_command_line_binds_the_chosen_address_and_port():
    command = voila_command("0.0.0.0", 9001, open_browser=False)
    assert "--Voila.ip=0.0.0.0" in command and "--port=9001" in command
    assert "--Voila.port_retries=0" in command and "--no-browser" in command
    assert str(cli.workbooks_dir()) in command


def test_app_workshop_option_is_parsed():
    args = cli.build_parser().parse_args(["app", "--workshop", "spring", "--ip", "0.0.0.0", "--port", "9002"])
    assert (args.workshop, args.ip, args.port) == ("spring", "0.0.0.0", 9002)


def test_run_refuses_an_unknown_workshop_and_serves_a_known_one(monkeypatch, tmp_path):
    monkeypatch.setenv("CAREERKIT_HOME", str(tmp_path))
    calls = []
    monkeypatch.setattr(subprocess, "call", lambda command, **kw: calls.append((command, kw)) or 0)
    args = cli.build_parser().parse_args(["app", "--workshop", "nowhere", "--port", "9003"])
    with pytest.raises(cli.CommandError):
        app.run(args)
    WorkshopDB(open_store()).create_workshop("spring")
    args = cli.build_parser().parse_args(["app", "--workshop", "spring", "--ip", "0.0.0.0", "--port", "9003"])
    assert app.run(args) == 0
    command, options = calls[-1]
    assert options["cwd"] == CONFIG_DIR and options["env"]["CAREERKIT_WORKSHOP"] == "spring"
    assert "--port=9003" in command and "--Voila.ip=0.0.0.0" in command


def test_workshop_commands_create_summarize_and_close(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("CAREERKIT_HOME", str(tmp_path))
    assert cli.main(["workshop", "create", "autumn", "--url", "http://10.0.0.5:9000"]) == 0
    out = capsys.readouterr().out
    key = re.search(r"Facilitator key.*: ([0-9a-f-]{35})", out).group(1)
    assert "http://10.0.0.5:9000/voila/render/00_start_here.ipynb" in out
    db = WorkshopDB(open_store())
    assert db.check_key("autumn", key).ok
    assert cli.main(["workshop", "create", "autumn"]) == 1
    profile, _ = db.join("autumn")
    open_store().save(profile, "00_start_here", "hopes", "A private hope")
    csv_path = tmp_path / "room.csv"
    assert cli.main(["workshop", "summary", "autumn", "--csv", str(csv_path)]) == 0
    out = capsys.readouterr().out
    assert "joined: fewer than 5" in out and "private hope" not in out.lower()
    assert "section,workbook,question" in csv_path.read_text()
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", lambda _prompt: "not-the-name")
    assert cli.main(["workshop", "close", "autumn", "--delete-data"]) == 1
    assert open_store().count(profile) == 1
    assert cli.main(["workshop", "close", "autumn", "--delete-data", "--yes"]) == 0
    assert open_store().count(profile) == 0 and db.workshop("autumn") is None


def test_start_page_path_exists():
    assert (cli.workbooks_dir() / f"{content.workbook('00_start_here').notebook}").exists()
    assert (cli.workbooks_dir() / "facilitator" / "dashboard.ipynb").exists()
