"""Insight panels other than charts.

A workbook's views live in ``views.py`` in its own folder; showing one imports that
module (and nothing of other workbooks) the first time it is asked for.
"""

from __future__ import annotations

from careerkit.core import content
from careerkit.presentation.views import core
from careerkit.presentation.views.core import VIEWS, onet_attribution_html, register, render

__all__ = ["VIEWS", "load", "load_all", "onet_attribution_html", "register", "render", "view_for"]


def load(workbook_id: str) -> None:
    """Import the ``views`` module of a workbook's folder, if it has one, so its views are registered."""
    content.import_part(workbook_id, "views")


def load_all() -> None:
    """Import the views of every installed workbook."""
    for workbook_id in content.workbook_ids():
        load(workbook_id)


def view_for(workbook_id: str, name: str):
    """The view function ``name`` of a workbook."""
    load(workbook_id)
    return core.view_for(workbook_id, name)
