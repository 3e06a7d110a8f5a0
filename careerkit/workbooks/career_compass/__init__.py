"""Workbook 11_career_compass: its description, charts and views."""
