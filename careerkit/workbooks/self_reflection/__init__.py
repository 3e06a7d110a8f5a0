"""Workbook 01_self_reflection: its description, charts and views."""
