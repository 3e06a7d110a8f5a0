"""careerkit as a package: what ships in it, how it is started, and answers kept private.

The real installs (a wheel in a fresh environment, JupyterHub, Binder) are driven in
``tests/browser/test_installed.py`` and ``tests/browser/test_binder.py``.
"""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import tarfile
import tomllib
from pathlib import Path

import pytest

from careerkit.core.storage import permissions
from careerkit.serving import app, serverext

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def run_cli(*args: str, env: dict[str, str] | None = None, **options) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "careerkit", *args], capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, **options)


# -- conventions ------------------------------------------------------------------------

def test_python_m_careerkit_is_the_command():
    done = run_cli("--help")
    assert done.returncode == 0 and done.stdout.startswith("usage: careerkit")
    assert run_cli("--version").stdout.startswith("careerkit ")


def test_license_file_is_bsd_3_clause_like_the_metadata():
    assert PYPROJECT["project"]["license"] == "BSD-3-Clause"
    text = (ROOT / "LICENSE").read_text()
    assert text.startswith("BSD 3-Clause License") and "Neither the name of the copyright holder" in text


def test_readme_images_are_absolute_urls_on_the_repository_the_badges_name():
    readme = (ROOT / "README.md").read_text()
    images = __import__("re").findall(r"!\[[^\]]*\]\(([^)]+)\)", readme)
    assert images and all(src.startswith("https://") for src in images), images
    for src in images:
        if "/docs/screenshots/" in src:
            assert src.startswith("https://raw.githubusercontent.com/careerkit/careerkit/HEAD/docs/screenshots/")
            assert (ROOT / src.split("/HEAD/", 1)[1]).is_file(), src


def test_cli_is_quiet_when_its_reader_goes_away(tmp_path):
    from careerkit.core.storage.store import Store

    store = Store(f"sqlite:///{tmp_path / 'answers.sqlite'}")
    for n in range(3):
        store.save("me", "00_start_here", "preferred_name", f"Name {n}")
    store.close()
    read, write = os.pipe()
    os.close(read)  # like `careerkit history | head` once head has what it wants
    try:
        done = subprocess.run([sys.executable, "-m", "careerkit", "history"], stdout=write, stderr=subprocess.PIPE,
                              text=True, env={**os.environ, "CAREERKIT_HOME": str(tmp_path), "CAREERKIT_PROFILE": "me"})
    finally:
        os.close(write)
    assert done.stderr == "" and done.returncode == 141


# -- what the package ships ----------------------------------------------------------------

def test_every_notebook_asks_voila_for_careerkits_page():
    notebooks = sorted((ROOT / "workbooks").rglob("*.ipynb"))
    assert len(notebooks) >= 13
    for path in notebooks:
        metadata = json.loads(path.read_text())["metadata"]
        assert metadata["voila"] == {"template": "careerkit", "theme": "light"}, path.name


def test_wheel_config_ships_notebooks_template_and_server_extension():
    wheel = PYPROJECT["tool"]["hatch"]["build"]["targets"]["wheel"]
    assert wheel["force-include"] == {"workbooks": "careerkit/notebooks"}
    shared = wheel["shared-data"]
    template = shared["careerkit/app_config/voila/templates/careerkit"]
    assert template == "share/jupyter/voila/templates/careerkit"
    extension = shared["careerkit/app_config/jupyter_server_config.d/careerkit.json"]
    assert extension == "etc/jupyter/jupyter_server_config.d/careerkit.json"
    enabled = json.loads((ROOT / "careerkit/app_config/jupyter_server_config.d/careerkit.json").read_text())
    assert enabled["ServerApp"]["jpserver_extensions"] == {"careerkit.serving.serverext": True}
    assert serverext._jupyter_server_extension_points() == [{"module": "careerkit.serving.serverext"}]


def test_installed_notebooks_are_served_when_there_is_no_checkout(tmp_path, monkeypatch):
    shipped = tmp_path / "site" / "careerkit" / "notebooks"
    app.copy_notebooks(ROOT / "workbooks", shipped)
    monkeypatch.delenv("CAREERKIT_WORKBOOKS", raising=False)
    monkeypatch.setattr(app, "__file__", str(tmp_path / "site" / "careerkit" / "serving" / "app.py"))
    monkeypatch.setattr(app, "shipped_notebooks", lambda: shipped)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert app.workbooks_dir() == shipped
    own = app.lab_folder()
    assert own == tmp_path / "home" / "careerkit" / "workbooks"
    assert (own / "00_start_here.ipynb").read_bytes() == (shipped / "00_start_here.ipynb").read_bytes()
    assert (own / "facilitator" / "dashboard.ipynb").is_file()
    # the person's copy is theirs: an edit survives, a notebook added by an upgrade arrives
    (own / "00_start_here.ipynb").write_text("{}")
    (own / "03_values.ipynb").unlink()
    assert app.lab_folder() == own
    assert (own / "00_start_here.ipynb").read_text() == "{}" and (own / "03_values.ipynb").is_file()


def test_hub_start_address_copies_notebooks_into_the_server_root(tmp_path):
    target = serverext.copy_into_root(tmp_path)
    assert target == tmp_path / "workbooks"
    assert {p.name for p in target.glob("*.ipynb")} == {p.name for p in (ROOT / "workbooks").glob("*.ipynb")}


def test_sdist_holds_everything_its_tests_read(tmp_path):
    pytest.importorskip("build")
    subprocess.run([sys.executable, "-m", "build", "--sdist", "--outdir", str(tmp_path), str(ROOT)],
                   check=True, capture_output=True)
    (sdist,) = tmp_path.glob("careerkit-*.tar.gz")
    with tarfile.open(sdist) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    listed = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True)
    tracked = listed.stdout.split() if listed.returncode == 0 else []
    if not tracked:
        pytest.skip("not a git checkout (an unpacked sdist, say): nothing to compare with")
    missing = sorted(path for path in tracked if path not in names and path != ".gitignore")
    assert missing == []
    assert not any("__pycache__" in name for name in names)


# -- private answers ---------------------------------------------------------------------

@pytest.fixture
def loose_umask():
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_new_answers_folder_and_files_are_private(tmp_path, monkeypatch, loose_umask):
    from careerkit.core.storage import backup
    from careerkit.core.storage.storefront import open_store

    home = tmp_path / "fresh" / ".careerkit"
    monkeypatch.setenv("CAREERKIT_HOME", str(home))
    monkeypatch.delenv("CAREERKIT_DATABASE_URL", raising=False)
    store = open_store()
    store.save("me", "00_start_here", "preferred_name", "Ada")
    answers = home / "answers.sqlite"
    assert mode(home) == 0o700 and mode(answers) == 0o600
    companions = [p for p in home.glob("answers.sqlite-*")]
    assert companions  # the -wal and -shm of a WAL database, while it is open
    assert all(mode(p) == 0o600 for p in companions), {p.name: oct(mode(p)) for p in companions}
    copy = backup.backup_now(f"sqlite:///{answers}", reason="manual")
    assert mode(copy.parent) == 0o700 and mode(copy) == 0o600
    exported = tmp_path / "export.json"
    done = run_cli("export", "-o", str(exported), env={"CAREERKIT_HOME": str(home), "CAREERKIT_PROFILE": "me"})
    assert done.returncode == 0, done.stderr
    assert mode(exported) == 0o600


def test_loose_permissions_of_an_older_install_are_tightened_with_a_note(tmp_path, loose_umask):
    from careerkit.core.storage.store import Store

    home = tmp_path / ".careerkit"
    store = Store(f"sqlite:///{home / 'answers.sqlite'}")
    store.save("me", "00_start_here", "preferred_name", "Ada")
    store.close()
    (home / "backups").mkdir(exist_ok=True)
    (home / "backups" / "answers-20260101-000000-daily.sqlite").write_bytes((home / "answers.sqlite").read_bytes())
    for path in (home, home / "backups"):
        path.chmod(0o755)
    for path in [home / "answers.sqlite", *(home / "backups").iterdir()]:
        path.chmod(0o644)
    env = {"CAREERKIT_HOME": str(home), "CAREERKIT_PROFILE": "me"}
    done = run_cli("history", env=env)
    assert done.returncode == 0 and "Ada" in done.stdout
    assert "could be read by other people on this computer; it is now private to you" in done.stderr
    assert mode(home) == 0o700 and mode(home / "answers.sqlite") == 0o600
    assert mode(home / "backups") == 0o700
    assert all(mode(p) == 0o600 for p in (home / "backups").iterdir())
    again = run_cli("history", env=env)
    assert "private to you" not in again.stderr  # said once, when something was changed


def test_a_folder_someone_chose_is_not_changed(tmp_path, loose_umask):
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    permissions.private_answers(shared / "answers.sqlite")
    assert mode(shared) == 0o755 and mode(shared / "answers.sqlite") == 0o600


# -- pandas where a person explores their answers -------------------------------------------

def test_table_gives_a_records_answer_as_a_dataframe(tmp_path):
    import pandas as pd

    from careerkit.core.storage.store import Store
    from careerkit.presentation.workbook import Workbook

    store = Store(f"sqlite:///{tmp_path / 'answers.sqlite'}")
    wb = Workbook("01_self_reflection", store=store, profile="me")
    field = wb.content.field("energy_log")
    row = {sub.id: sub.example for sub in field.fields if sub.example is not None}
    wb.save("energy_log", [row, {**row, field.fields[0].id: "Second"}])
    table = wb.table("energy_log")
    assert isinstance(table, pd.DataFrame) and len(table) == 2
    assert list(table.columns) == [sub.id for sub in field.fields]
    assert table[field.fields[0].id].tolist()[1] == "Second"
    assert wb.table("01_self_reflection.energy_log").equals(table)
    with pytest.raises(ValueError, match="not a table of records"):
        wb.table("hobbies")
    store.close()


def test_a_plain_postgresql_url_uses_psycopg_3():
    url = os.environ.get("CAREERKIT_TEST_DATABASE_URL", "")
    if not url.startswith("postgresql+psycopg://"):
        pytest.skip("needs CAREERKIT_TEST_DATABASE_URL (postgresql+psycopg://…)")
    from careerkit.core.storage.store import Store

    # SQLAlchemy before 2.1 reads postgresql:// as psycopg2, which careerkit[postgres] does not install
    store = Store(url.replace("postgresql+psycopg://", "postgresql://", 1))
    assert store.count("nobody-at-all") == 0
    store.close()
