"""Insight panels other than charts; each module registers the views of one workbook."""

from __future__ import annotations

import functools
import importlib
import pkgutil

from . import core
from .core import VIEWS, onet_attribution_html, register, render

__all__ = ["MODULES", "VIEWS", "load_all", "onet_attribution_html", "register", "render", "view_for"]

#: The modules holding each workbook's views, so a page imports only its own (a module
#: not listed here is still found: :func:`view_for` then imports every module).
MODULES: dict[str, tuple[str, ...]] = {
    "00_start_here": ("start_here", "report", "workshop"),
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
    "11_career_compass": ("compass", "report"),
}


@functools.cache
def load_all() -> None:
    """Import every view module of this package so their views are registered."""
    for module in pkgutil.iter_modules(__path__):
        if module.name != "core":
            importlib.import_module(f"{__name__}.{module.name}")


def view_for(workbook_id: str, name: str):
    """The view function ``name`` of a workbook."""
    for module in MODULES.get(workbook_id, ()):
        importlib.import_module(f"{__name__}.{module}")
    if (workbook_id, name) not in VIEWS:
        load_all()
    return core.view_for(workbook_id, name)
