"""Pure logic shared by more than one workbook: scoring, matching and what each topic derives from answers."""
