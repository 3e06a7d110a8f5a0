"""Workbook 05_mentorship: its description, charts and views."""
