"""Core: workbook descriptions, validation, storage, answers, profiles, occupation data and shared logic.

Nothing here imports a widget, a chart, a view or a workbook folder."""
