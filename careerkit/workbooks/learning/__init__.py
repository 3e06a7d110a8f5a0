"""Workbook 07_learning: its description, charts and views."""
