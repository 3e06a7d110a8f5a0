"""Presentation: chart core, view core, style, the report, drawing and the Workbook page a notebook holds."""
