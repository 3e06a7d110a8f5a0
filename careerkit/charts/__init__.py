"""Charts: pure functions from answers to Vega-Lite specs; each module holds one workbook's charts."""

from __future__ import annotations

import functools
import importlib
import pkgutil

from . import core
from .core import CHARTS, PALETTE, Chart, base_spec, register

__all__ = ["CHARTS", "PALETTE", "Chart", "base_spec", "chart_for", "register", "load_all"]


@functools.cache
def load_all() -> None:
    """Import every chart module of this package so their charts are registered."""
    for module in pkgutil.iter_modules(__path__):
        if module.name != "core":
            importlib.import_module(f"{__name__}.{module.name}")


def chart_for(workbook_id: str, name: str, answers) -> Chart:
    """Draw the chart ``name`` of a workbook from ``answers``."""
    load_all()
    return core.chart_for(workbook_id, name, answers)
