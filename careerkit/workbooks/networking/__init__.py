"""Workbook 09_networking: its description, charts and views."""
