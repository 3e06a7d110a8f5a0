"""careerkit: guided Jupyter workbooks that walk you, step by step, to your career calling."""

from careerkit._version import __version__

__all__ = ["Answers", "Chart", "InvalidAnswer", "Store", "__version__", "open_store", "open_workbook", "workbook"]

# Imported on first use, so `import careerkit` stays quick in every kernel.
_LAZY = {
    "Answers": "careerkit.core.answers",
    "Chart": "careerkit.presentation.charts.core",
    "InvalidAnswer": "careerkit.core.validation",
    "Store": "careerkit.core.storage.store",
    "open_store": "careerkit.core.storage.storefront",
    "open_workbook": "careerkit.presentation.workbook",
    "workbook": "careerkit.core.content",
}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'careerkit' has no attribute {name!r}")


def __dir__():
    return sorted(__all__)
