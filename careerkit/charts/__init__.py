"""Charts: pure functions from answers to Vega-Lite specs; each module holds one workbook's charts."""

from __future__ import annotations

import functools
import importlib
import pkgutil

from . import core
from .core import CHARTS, PALETTE, Chart, base_spec, register

__all__ = ["CHARTS", "MODULES", "PALETTE", "Chart", "base_spec", "chart_for", "register", "load_all"]

#: The module holding each workbook's charts, so a page imports only its own (a module
#: not listed here is still found: :func:`chart_for` then imports every module).
MODULES: dict[str, tuple[str, ...]] = {
    "01_self_reflection": ("self_reflection",),
    "02_explore_roles": ("exploration",),
    "03_values": ("values",),
    "04_goals_vision": ("goals",),
    "05_mentorship": ("mentorship",),
    "06_passion_projects": ("projects",),
    "07_learning": ("learning",),
    "08_adaptability": ("adaptability",),
    "09_networking": ("network",),
    "10_take_action": ("decision",),
    "11_career_compass": ("compass",),
}


@functools.cache
def load_all() -> None:
    """Import every chart module of this package so their charts are registered."""
    for module in pkgutil.iter_modules(__path__):
        if module.name != "core":
            importlib.import_module(f"{__name__}.{module.name}")


def chart_for(workbook_id: str, name: str, answers) -> Chart:
    """Draw the chart ``name`` of a workbook from ``answers``."""
    for module in MODULES.get(workbook_id, ()):
        importlib.import_module(f"{__name__}.{module}")
    if (workbook_id, name) not in CHARTS:
        load_all()
    return core.chart_for(workbook_id, name, answers)
