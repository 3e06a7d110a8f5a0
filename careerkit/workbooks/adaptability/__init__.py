"""Workbook 08_adaptability: its description, charts and views."""
