"""Workbook 50_team_retro: a team's retrospective, in two sections with one chart."""
