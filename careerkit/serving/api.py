"""careerkit's public names (``careerkit.__all__``), each imported on first use.

``import careerkit`` stays quick in every kernel: a name's module is imported only
when the name is first read. :func:`open_workbook` is where a kernel learns who is
answering, so it lives here, above the layers it chooses between.
"""

from __future__ import annotations

import importlib
import os
from typing import Any

__all__ = ["Answers", "Chart", "InvalidAnswer", "Store", "__version__", "open_store", "open_workbook", "workbook"]

_LAZY = {
    "Answers": "careerkit.core.answers",
    "Chart": "careerkit.presentation.charts.core",
    "InvalidAnswer": "careerkit.core.validation",
    "Store": "careerkit.core.storage.store",
    "__version__": "careerkit._version",
    "open_store": "careerkit.core.storage.storefront",
    "workbook": "careerkit.core.content",
}


def open_workbook(workbook_id: str, *, profile: str | None = None, header: bool = True) -> Any:
    """Open a workbook for the person answering, show its header, and return it.

    On a workshop server (``CAREERKIT_WORKSHOP`` set) the workshop decides who is
    answering (see :mod:`careerkit.serving.workshop.session`); otherwise it is
    ``profile``, or this computer's person.
    """
    if profile is None and os.environ.get("CAREERKIT_WORKSHOP", "").strip():
        from careerkit.presentation import drawing
        from careerkit.serving.workshop.session import open_workbook as open_in_workshop

        drawing.prepare()  # charts are drawn by a shared process: start it while the forms are built
        return open_in_workshop(workbook_id, header=header)
    from careerkit.presentation.workbook import open_workbook as open_page

    return open_page(workbook_id, profile=profile, header=header)


def __getattr__(name: str) -> Any:
    """A public name, imported from its module the first time it is read."""
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'careerkit' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
