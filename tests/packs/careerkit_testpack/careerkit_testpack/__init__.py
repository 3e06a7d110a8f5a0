"""careerkit-testpack: a workbook pack with one workbook, 50_team_retro."""
