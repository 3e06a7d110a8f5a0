"""Workbook 00_start_here: its description, charts and views."""
