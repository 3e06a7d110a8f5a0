"""careerkit as users install it: a wheel built from this checkout, in a fresh virtual
environment outside the checkout, made with a Python every user of the machine can run.

The environment lives under ``/var/tmp`` (world-readable), made by Debian's
``/usr/bin/python3`` when present: an interpreter under ``/root`` (pyenv) cannot be run
by the other Unix users a JupyterHub starts servers as. It is kept between runs, keyed on
the wheel's content, so a second run on the same machine skips the install.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
#: Where built wheels and environments are kept (readable by every user).
SHARED = Path(os.environ.get("CAREERKIT_TEST_SHARED", "/var/tmp/careerkit-tests"))


def base_python() -> str:
    """A Python 3.11+ every user can run: Debian's, else this one."""
    for candidate in ("/usr/bin/python3", "/usr/local/bin/python3"):
        if os.access(candidate, os.X_OK):
            version = subprocess.run([candidate, "-c", "import sys, venv, ensurepip; print(sys.version_info >= (3, 11))"],
                                     capture_output=True, text=True)
            if version.stdout.strip() == "True":
                return candidate
    return sys.executable


def build_wheel(into: Path) -> Path:
    """``pip wheel --no-deps`` of this checkout (the same build ``pip install .`` does)."""
    into.mkdir(parents=True, exist_ok=True)
    for old in into.glob("careerkit-*.whl"):
        old.unlink()
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(into), str(REPO_ROOT)],
                   check=True, cwd=into)
    (wheel,) = into.glob("careerkit-*.whl")
    return wheel


def _requirements(wheel: Path) -> bytes:
    import zipfile

    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".dist-info/METADATA")]
        lines = archive.read(name).decode().splitlines()
    return "\n".join(ln for ln in lines if ln.startswith(("Requires-Dist:", "Requires-Python:"))).encode()


def fresh_environment(wheel: Path, extras: tuple[str, ...] = (), name: str = "wheel") -> Path:
    """A venv made for ``wheel`` alone (and ``extras``) with their dependencies; returns its folder.

    Kept for the next run while careerkit's declared dependencies stay the same; careerkit
    itself is reinstalled from ``wheel`` every time.
    """
    digest = hashlib.sha256(_requirements(wheel) + repr(extras).encode()).hexdigest()[:12]
    venv = SHARED / name
    python = str(venv / "bin" / "python")
    ready = venv / "ready"
    if not ready.is_file() or ready.read_text() != digest:
        SHARED.mkdir(parents=True, exist_ok=True)
        os.chmod(SHARED, 0o755)
        shutil.rmtree(venv, ignore_errors=True)
        subprocess.run([base_python(), "-m", "venv", str(venv)], check=True)
    # the wheel by path, in an empty folder: nothing of the checkout can leak in
    with tempfile.TemporaryDirectory() as empty:
        subprocess.run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", str(wheel), *extras],
                       check=True, cwd=empty)
        subprocess.run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps",
                        "--force-reinstall", str(wheel)], check=True, cwd=empty)
    subprocess.run(["chmod", "-R", "a+rX", str(venv)], check=True)
    ready.write_text(digest)
    return venv
