"""The chart of workbook 50_team_retro: energy by moment."""

from __future__ import annotations

from careerkit.presentation.charts import Chart, base_spec, register

WB = "50_team_retro"


@register(WB, "energy_by_moment")
def energy_by_moment(answers) -> Chart:
    """Each moment as a bar as long as the energy it gave."""
    rows = [r for r in answers.rows(f"{WB}.moments") if r.get("what") and r.get("energy")]
    if not rows:
        return Chart.empty("Add a moment and how much energy it gave you to see this chart.")
    spec = base_spec("Energy by moment", "How much energy each moment gave you (1–5)", height=40 * len(rows))
    spec.update({
        "data": {"values": [{"moment": r["what"], "energy": r["energy"]} for r in rows]},
        "mark": {"type": "bar"},
        "encoding": {
            "y": {"field": "moment", "type": "nominal", "sort": "-x", "title": None},
            "x": {"field": "energy", "type": "quantitative", "scale": {"domain": [0, 5]}, "title": "Energy (1–5)"},
        },
    })
    return Chart(spec)
