"""Workbook 04_goals_vision: its description, charts and views."""
