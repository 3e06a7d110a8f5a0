"""Print a pip constraints file pinning careerkit's direct dependencies to their lowest
declared versions (``>=X`` becomes ``==X``), read from pyproject.toml.

CI installs careerkit with it into a second environment and runs the unit tests there,
so every lower bound in pyproject.toml is one the suite has passed with. The runtime
dependencies and the ``postgres`` extra are pinned; test tools are left free.
"""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[1]


def minimum_pins(pyproject: dict) -> list[str]:
    project = pyproject["project"]
    pins = []
    for spec in [*project["dependencies"], *project["optional-dependencies"].get("postgres", [])]:
        requirement = Requirement(spec)
        lows = [s.version for s in requirement.specifier if s.operator in (">=", "==", "~=")]
        if not lows:
            raise SystemExit(f"{spec}: no lower bound declared")
        pins.append(f"{requirement.name}=={lows[0]}")
    return pins


if __name__ == "__main__":
    pins = minimum_pins(tomllib.loads((ROOT / "pyproject.toml").read_text()))
    sys.stdout.write("".join(f"{pin}\n" for pin in pins))
