"""Insight panels other than charts; each module registers the views of one workbook."""

from __future__ import annotations

import functools
import importlib
import pkgutil

from . import core
from .core import VIEWS, onet_attribution_html, register, render

__all__ = ["VIEWS", "load_all", "onet_attribution_html", "register", "render", "view_for"]


@functools.cache
def load_all() -> None:
    """Import every view module of this package so their views are registered."""
    for module in pkgutil.iter_modules(__path__):
        if module.name != "core":
            importlib.import_module(f"{__name__}.{module.name}")


def view_for(workbook_id: str, name: str):
    """The view function ``name`` of a workbook."""
    load_all()
    return core.view_for(workbook_id, name)
