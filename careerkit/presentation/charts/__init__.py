"""Charts: pure functions from answers to Vega-Lite specs.

A workbook's charts live in ``charts.py`` in its own folder; drawing one imports that
module (and nothing of other workbooks) the first time it is asked for.
"""

from __future__ import annotations

from careerkit.core import content
from careerkit.presentation.charts import core
from careerkit.presentation.charts.core import CHARTS, PALETTE, Chart, base_spec, register

__all__ = ["CHARTS", "PALETTE", "Chart", "base_spec", "chart_for", "register", "load", "load_all"]


def load(workbook_id: str) -> None:
    """Import the ``charts`` module of a workbook's folder, if it has one, so its charts are registered."""
    content.import_part(workbook_id, "charts")


def load_all() -> None:
    """Import the charts of every installed workbook."""
    for workbook_id in content.workbook_ids():
        load(workbook_id)


def chart_for(workbook_id: str, name: str, answers) -> Chart:
    """Draw the chart ``name`` of a workbook from ``answers``."""
    load(workbook_id)
    return core.chart_for(workbook_id, name, answers)
