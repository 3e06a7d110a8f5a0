"""How much disk ``pip install careerkit`` takes, beside JupyterLab + Voilà + ipywidgets alone.

    .venv/bin/python -m benchmarks.install_size --write            # build both, write results/install-size.json
                                                                    # and regenerate RESULTS.md from it
    .venv/bin/python -m benchmarks.install_size --careerkit-venv V  # measure an existing environment

Two fresh virtual environments, made with the same Python: one with careerkit's wheel
(built from this checkout) and its dependencies, one with ``jupyterlab voila ipywidgets``
only. Sizes are of the files each installed distribution lists in its RECORD (what
``pip uninstall`` would remove) and of the whole environment folder, kept in
``benchmarks/results/install-size.json``; RESULTS.md's section is drawn from that file by
:mod:`benchmarks.report`. Every distribution
above 10 MB is named with why careerkit needs it (``WHY``); one without a reason makes
``--write`` fail, so a new heavy dependency cannot slip in unexplained.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULT = ROOT / "benchmarks" / "results" / "install-size.json"
HEAVY = 10 * 1024 * 1024
BASELINE = ["jupyterlab", "voila", "ipywidgets"]

#: Why careerkit installs each distribution above 10 MB (normalised names).
WHY = {
    "jupyterlab": "the notebook interface of `careerkit lab` (also in the baseline)",
    "jupyterlab-widgets": "ipywidgets' front end in JupyterLab (also in the baseline)",
    "voila": "serves the workbooks as apps (also in the baseline)",
    "debugpy": "ipykernel's debugger, installed with every Jupyter kernel (also in the baseline)",
    "babel": "JupyterLab's translations (also in the baseline)",
    "pandas": "`wb.table(...)` gives a records answer as a DataFrame in JupyterLab; imported only then",
    "numpy": "required by pandas",
    "vl-convert-python": "draws every chart as SVG/PNG on the machine itself, so nothing loads from the internet",
    "altair": "`chart.to_altair()` for people exploring their charts; never imported while a page is drawn",
    "sqlalchemy": "the answers database (SQLite, or PostgreSQL with careerkit[postgres])",
    "pydantic-core": "checks workbook descriptions (pydantic) when they are read from YAML",
    "psycopg-binary": "PostgreSQL driver, only with careerkit[postgres]",
    "playwright": "not installed by careerkit (test extra only)",
    "narwhals": "required by altair",
    "jedi": "IPython's code completion in every kernel (also in the baseline)",
    "careerkit": "careerkit itself: its code, the twelve workbooks and the O*NET occupation tables it carries, "
                 "so the explorer and title search work offline",
}

_MEASURE = r"""
import json, sys
from importlib.metadata import distributions
out = {}
for dist in distributions():
    size = 0
    for f in dist.files or ():
        try:
            size += f.locate().stat().st_size
        except OSError:
            pass
    req = [r.split(";")[0] for r in (dist.requires or []) if "extra ==" not in r]
    out[dist.metadata["Name"]] = {"size": size, "version": dist.version, "requires": req}
json.dump(out, sys.stdout)
"""


def normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def folder_size(path: Path) -> int:
    total = 0
    for base, _, files in os.walk(path):
        for name in files:
            try:
                total += os.lstat(os.path.join(base, name)).st_size
            except OSError:
                pass
    return total


def make_env(where: Path, packages: list[str]) -> Path:
    subprocess.run([sys.executable, "-m", "venv", str(where)], check=True)
    subprocess.run([str(where / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    *packages], check=True, cwd=tempfile.gettempdir())
    return where


def measure(venv: Path) -> dict:
    found = subprocess.run([str(venv / "bin" / "python"), "-c", _MEASURE], check=True, capture_output=True, text=True)
    dists = {normal(k): v for k, v in json.loads(found.stdout).items() if normal(k) not in ("pip", "setuptools")}
    return {"total": folder_size(venv), "dists": dists}


def required_by(dists: dict, name: str) -> list[str]:
    wanted = normal(name)
    return sorted(n for n, d in dists.items()
                  if any(normal(re.split(r"[\s\[<>=!~(;]", r, maxsplit=1)[0]) == wanted for r in d["requires"]))


def mb(n: int) -> str:
    return f"{n / 1024 / 1024:.0f} MB"


def table(careerkit: dict, baseline: dict, *, measured: str, python: str) -> tuple[str, list[str]]:
    """The section of RESULTS.md: both environments, and every heavy distribution with its reason."""
    missing = []
    day = _dt.datetime.fromisoformat(measured)
    heavy = sorted(((n, d) for n, d in careerkit["dists"].items() if d["size"] > HEAVY), key=lambda x: -x[1]["size"])
    lines = [
        f"Measured {day:%d %B %Y} by `python -m benchmarks.install_size --write`, in fresh virtual "
        f"environments (Python {python}, Linux x86-64):",
        "",
        "| Environment | Size on disk | Distributions |",
        "| --- | ---: | ---: |",
        f"| `pip install careerkit` | {mb(careerkit['total'])} | {len(careerkit['dists'])} |",
        f"| `pip install jupyterlab voila ipywidgets` | {mb(baseline['total'])} | {len(baseline['dists'])} |",
        f"| careerkit's own cost (the difference) | {mb(careerkit['total'] - baseline['total'])} | "
        f"{len(careerkit['dists']) - len(baseline['dists'])} |",
        "",
        "Every distribution above 10 MB in careerkit's environment, and why it is there:",
        "",
        "| Distribution | Size | Also in the baseline | Required by | Why |",
        "| --- | ---: | :---: | --- | --- |",
    ]
    for name, dist in heavy:
        reason = WHY.get(name)
        if reason is None:
            missing.append(name)
            reason = "**no reason recorded**"
        by = ", ".join(required_by(careerkit["dists"], name)) or "careerkit" if name != "careerkit" else "-"
        lines.append(f"| {name} {dist['version']} | {mb(dist['size'])} | {'yes' if name in baseline['dists'] else 'no'} "
                     f"| {by} | {reason} |")
    lines.append("")
    lines.append("PostgreSQL's driver (`psycopg`) is not installed unless asked for: `pip install 'careerkit[postgres]'`.")
    return "\n".join(lines), missing


def write(careerkit: dict, baseline: dict) -> None:
    """Keep both measurements in ``results/install-size.json`` and regenerate RESULTS.md from the results."""
    from . import report
    from .common import git_state

    RESULT.parent.mkdir(parents=True, exist_ok=True)
    RESULT.write_text(json.dumps({
        "schema": report.SCHEMA, "group": report.INSTALL_SIZE, "quick": False,
        "command": "python -m benchmarks.install_size --write", "commit": git_state(),
        "finished": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "python": f"{sys.version_info.major}.{sys.version_info.minor}",
        "careerkit": careerkit, "baseline": baseline,
    }, indent=1, sort_keys=True) + "\n")
    report.write()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.install_size", description=__doc__.split("\n\n")[0])
    parser.add_argument("--careerkit-venv", type=Path, help="an existing environment with careerkit's wheel alone")
    parser.add_argument("--baseline-venv", type=Path, help="an existing environment with the baseline alone")
    parser.add_argument("--write", action="store_true",
                        help="write results/install-size.json and regenerate RESULTS.md from the results")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="careerkit-size-") as scratch:
        scratch = Path(scratch)
        venv = args.careerkit_venv
        if venv is None:
            subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(scratch / "dist"),
                            str(ROOT)], check=True)
            (wheel,) = (scratch / "dist").glob("careerkit-*.whl")
            venv = make_env(scratch / "careerkit", [str(wheel)])
        base = args.baseline_venv or make_env(scratch / "baseline", BASELINE)
        careerkit, baseline = measure(venv), measure(base)
    section, missing = table(careerkit, baseline, measured=_dt.datetime.now(_dt.timezone.utc).isoformat(),
                             python=f"{sys.version_info.major}.{sys.version_info.minor}")
    print(section)
    if missing:
        print(f"\nno reason recorded for: {', '.join(missing)} (add them to WHY)", file=sys.stderr)
        return 1
    if args.write:
        write(careerkit, baseline)
    return 0


if __name__ == "__main__":
    sys.exit(main())
