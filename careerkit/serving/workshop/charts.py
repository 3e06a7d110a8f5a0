"""Charts of the room's picture: one bar chart per aggregate, hidden groups labelled.

Pure functions from :class:`careerkit.core.logic.cohort.Aggregate` to a Vega-Lite
:class:`~careerkit.presentation.charts.Chart`. A group smaller than five is drawn as an empty,
outlined slot with the words "fewer than 5", never as a bar of its true size.
"""

from __future__ import annotations

from careerkit.presentation.charts.core import PALETTE, Chart, base_spec
from careerkit.core.logic.cohort import K, Aggregate, count_label

__all__ = ["aggregate_chart"]


def aggregate_chart(agg: Aggregate, *, k: int = K) -> Chart:
    """Horizontal bars of one aggregate (respondents in the subtitle)."""
    if agg.suppressed:
        return Chart.empty(f"{agg.question}: {agg.note or f'fewer than {k} answers so far.'}")
    if not agg.rows:
        return Chart.empty(f"{agg.question}: {agg.note}")
    values = [
        {"order": i, "answer": r.label[:60], "count": r.count if r.count is not None else 0,
         "shown": count_label(r.count, k), "hidden": r.count is None}
        for i, r in enumerate(agg.rows)
    ]
    top = max((v["count"] for v in values), default=0) or k
    subtitle = f"{agg.respondents} people answered" + (f" · {agg.note}" if agg.note else "")
    height = max(60, 26 * len(values))
    y = {"field": "answer", "type": "nominal", "sort": [v["answer"] for v in values], "title": None,
         "axis": {"labelLimit": 260}}
    spec = base_spec(
        agg.question[:90], subtitle, width=380, height=height,
        data={"values": values},
        encoding={"y": y},
        layer=[
            {"mark": {"type": "bar", "color": PALETTE[0], "cornerRadiusEnd": 3},
             "transform": [{"filter": "!datum.hidden"}],
             "encoding": {"x": {"field": "count", "type": "quantitative", "title": "people",
                                "scale": {"domain": [0, top]}, "axis": {"tickMinStep": 1}}}},
            {"mark": {"type": "text", "align": "left", "dx": 4, "color": "#333"},
             "encoding": {"x": {"field": "count", "type": "quantitative"}, "text": {"field": "shown"}}},
        ],
    )
    return Chart(spec)
