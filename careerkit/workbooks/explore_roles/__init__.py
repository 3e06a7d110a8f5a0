"""Workbook 02_explore_roles: its description, charts and views."""
