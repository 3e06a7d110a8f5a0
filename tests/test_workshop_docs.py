"""The JupyterHub guide's snippets and the Binder set-up: they parse, and point at pages that exist."""

from __future__ import annotations

import os
import re
from pathlib import Path

import yaml
from traitlets.config import Config

ROOT = Path(__file__).resolve().parents[1]
GUIDE = (ROOT / "docs" / "JUPYTERHUB.md").read_text()
START = "/careerkit/start"


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", GUIDE, re.S)


def start_page_exists(url: str) -> bool:
    # careerkit's start address, served by its Jupyter server extension, which opens workbook 00
    from careerkit.serving import serverext

    return url == "/" + serverext.START and (ROOT / serverext.FOLDER / "00_start_here.ipynb").is_file()


def test_hub_python_snippet_runs_sets_the_start_page_and_keeps_the_database_from_users():
    from careerkit.serving.hub.config import NAME

    (snippet,) = blocks("python")
    c = Config()
    exec(compile(snippet, "careerkit.py", "exec"), {"c": c})
    assert c.Spawner.default_url == START and start_page_exists(c.Spawner.default_url)
    (service,) = [s for s in c.JupyterHub.services if s["name"] == NAME]
    assert service["environment"] == {"CAREERKIT_DATABASE_URL_FILE": "/srv/careerkit/database-url"}
    assert "CAREERKIT_DATABASE_URL" not in c.Spawner.environment
    assert c.Spawner.environment["CAREERKIT_SERVICE_URL"].endswith("/services/careerkit/")


def test_zero_to_jupyterhub_yaml_loads_with_the_start_page_and_the_service():
    from careerkit.serving.hub.config import z2jh_values

    singleuser, hub = (yaml.safe_load(snippet) for snippet in blocks("yaml"))
    config = singleuser["singleuser"]
    assert config["defaultUrl"] == START and start_page_exists(config["defaultUrl"])
    assert "CAREERKIT_DATABASE_URL" not in config.get("extraEnv", {})
    assert "lifecycleHooks" not in config  # nothing copied by hand: /careerkit/start does it
    # the guide shows exactly what careerkit.serving.hub.config gives (the hub test loads that into a real hub)
    wanted = z2jh_values(facilitator_groups=["careerkit-facilitators"],
                         database_url_file="/etc/careerkit/database-url")["hub"]
    assert hub["hub"]["services"] == wanted["services"]
    assert hub["hub"]["extraConfig"] == wanted["extraConfig"]


def test_guides_install_with_pip_alone():
    tljh = next(block for block in blocks("bash") if "tljh" in block)
    assert tljh.split() == ["sudo", "/opt/tljh/user/bin/pip", "install", "careerkit", "sudo", "tljh-config", "reload"]
    assert "jupyter_server_config.d" not in GUIDE and "cp -r" not in GUIDE


def test_guide_states_the_security_model():
    assert GUIDE.count("### Security model") == 2
    assert "No user server's environment holds the database URL" in GUIDE
    assert "JUPYTERHUB_API_TOKEN" in GUIDE and "CAREERKIT_DATABASE_URL" in GUIDE
    for test in re.findall(r"\| `(test_\w+)` \|", GUIDE):  # every claim names a test that exists
        assert f"def {test}(" in (ROOT / "tests" / "test_hub_service.py").read_text()


def test_binder_postbuild_is_pip_install_alone():
    script = ROOT / "binder" / "postBuild"
    text = script.read_text()
    assert text.startswith("#!/bin/bash\n") and "\nset -e\n" in text
    commands = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    assert commands == ["set -e", "python -m pip install --no-cache-dir ."]
    assert os.access(script, os.X_OK)
    requirements = [ln for ln in (ROOT / "binder" / "requirements.txt").read_text().splitlines()
                    if ln.strip() and not ln.startswith("#")]
    assert requirements == []  # pyproject.toml is the one list of dependencies
    assert (ROOT / "binder" / "runtime.txt").read_text().strip() == "python-3.11"


def test_readme_badge_opens_the_voila_app():
    readme = (ROOT / "README.md").read_text()
    links = re.findall(r"\]\((https://mybinder\.org/v2/[^)]+)\)", readme)
    assert any(link.endswith("?urlpath=voila/render/workbooks/00_start_here.ipynb") for link in links)
