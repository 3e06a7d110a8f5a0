"""Workbook 10_take_action: its description, charts and views."""
