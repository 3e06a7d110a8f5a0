"""Workbook 06_passion_projects: its description, charts and views."""
