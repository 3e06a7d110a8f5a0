"""Workbook 03_values: its description, charts and views."""
