"""The JupyterHub guide's snippets and the Binder set-up: they parse, and point at pages that exist."""

from __future__ import annotations

import json
import os
import re
import subprocess
import tomllib
from pathlib import Path

import yaml
from traitlets.config import Config

ROOT = Path(__file__).resolve().parents[1]
GUIDE = (ROOT / "docs" / "JUPYTERHUB.md").read_text()
START = "/voila/render/workbooks/00_start_here.ipynb"


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", GUIDE, re.S)


def start_page_exists(url: str) -> bool:
    return (ROOT / url.removeprefix("/voila/render/")).is_file()


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
    assert "workbooks" in " ".join(config["lifecycleHooks"]["postStart"]["exec"]["command"])
    # the guide shows exactly what careerkit.serving.hub.config gives (the hub test loads that into a real hub)
    wanted = z2jh_values(facilitator_groups=["careerkit-facilitators"],
                         database_url_file="/etc/careerkit/database-url")["hub"]
    assert hub["hub"]["services"] == wanted["services"]
    assert hub["hub"]["extraConfig"] == wanted["extraConfig"]


def test_server_config_json_matches_the_app_settings():
    (snippet,) = blocks("json")
    voila = json.loads(snippet)["VoilaConfiguration"]
    app = json.loads((ROOT / "careerkit" / "app_config" / "voila.json").read_text())["VoilaConfiguration"]
    for key in ("template", "strip_sources", "show_tracebacks", "file_allowlist"):
        assert voila[key] == app[key]


def test_guide_states_the_security_model():
    assert GUIDE.count("### Security model") == 2
    assert "No user server's environment holds the database URL" in GUIDE
    assert "JUPYTERHUB_API_TOKEN" in GUIDE and "CAREERKIT_DATABASE_URL" in GUIDE
    for test in re.findall(r"\| `(test_\w+)` \|", GUIDE):  # every claim names a test that exists
        assert f"def {test}(" in (ROOT / "tests" / "test_hub_service.py").read_text()


def test_binder_requirements_cover_the_package_dependencies():
    wanted = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    lines = [ln.strip() for ln in (ROOT / "binder" / "requirements.txt").read_text().splitlines()
             if ln.strip() and not ln.startswith("#")]
    name = lambda spec: re.split(r"[\[<>=]", spec, maxsplit=1)[0].lower()  # noqa: E731
    assert {name(s) for s in wanted} <= {name(s) for s in lines}


def test_binder_postbuild_installs_careerkit_and_its_page_template(tmp_path):
    script = ROOT / "binder" / "postBuild"
    text = script.read_text()
    assert text.startswith("#!/bin/bash\n") and "\nset -e\n" in text and "pip install --no-deps ." in text
    assert os.access(script, os.X_OK)
    # Run it with a stand-in `python` that records the pip call instead of installing.
    shim = tmp_path / "bin"
    shim.mkdir()
    (shim / "python").write_text(f"#!/bin/bash\necho \"$@\" >> {tmp_path}/calls\n")
    (shim / "python").chmod(0o755)
    prefix = tmp_path / "prefix"
    env = {**os.environ, "PATH": f"{shim}:{os.environ['PATH']}", "NB_PYTHON_PREFIX": str(prefix)}
    subprocess.run(["bash", str(script)], cwd=ROOT, env=env, check=True)
    assert "-m pip install --no-deps ." in (tmp_path / "calls").read_text()
    assert (prefix / "share/jupyter/voila/templates/careerkit/index.html.j2").is_file()
    assert (prefix / "share/careerkit/workbooks/00_start_here.ipynb").is_file()
    config = json.loads((prefix / "etc/jupyter/jupyter_server_config.d/careerkit.json").read_text())
    assert config["VoilaConfiguration"]["template"] == "careerkit"


def test_readme_badge_opens_the_voila_app():
    readme = (ROOT / "README.md").read_text()
    links = re.findall(r"\]\((https://mybinder\.org/v2/[^)]+)\)", readme)
    assert any(link.endswith("?urlpath=voila/render/workbooks/00_start_here.ipynb") for link in links)
