"""The public API is small and pinned, and importing careerkit is cheap."""

from __future__ import annotations

import subprocess
import sys

import careerkit


def test_public_api_is_pinned():
    assert careerkit.__all__ == [
        "Answers", "Chart", "InvalidAnswer", "Store", "__version__", "open_store", "open_workbook", "workbook",
    ]
    for name in careerkit.__all__:
        assert getattr(careerkit, name) is not None
        if name != "__version__":
            assert getattr(careerkit, name).__doc__, f"{name} needs a docstring"


def test_import_careerkit_loads_nothing_heavy():
    code = (
        "import sys, careerkit; "
        "heavy = [m for m in ('pandas', 'altair', 'numpy', 'ipywidgets', 'sqlalchemy', 'vl_convert') if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == ""


def test_opening_a_workbook_does_not_import_altair_or_pandas():
    code = (
        "import sys, careerkit; wb = careerkit.open_workbook('01_self_reflection', header=False); "
        "wb.form('energy'); wb.chart('energy_map'); wb.show('first_matches'); "
        "print('heavy:' + ','.join(m for m in ('pandas', 'altair') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip().splitlines()[-1] == "heavy:"
