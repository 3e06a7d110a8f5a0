"""Technology used in O*NET occupations that O*NET flags as Hot Technology or In Demand.

Reads ``careerkit/data/onet/hot_technology.csv``: the rows of O*NET 29.3's Technology
Skills table (``code, example, category, hot_technology, in_demand``) flagged Hot
Technology or In Demand, and nothing else (see ``HOT_TECHNOLOGY.md`` beside it).

* **Hot Technology**: O*NET's name for technology often named in current job postings.
* **In Demand**: technology that employers of that particular occupation often ask for.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

__all__ = ["Technology", "hot_technology"]


@dataclass(frozen=True)
class Technology:
    """One technology of one occupation, with O*NET's two flags."""

    example: str
    category: str
    hot: bool
    in_demand: bool


@cache
def _table() -> dict[str, tuple[Technology, ...]]:
    path = files("careerkit").joinpath("data", "onet", "hot_technology.csv")
    out: dict[str, list[Technology]] = {}
    with path.open("r", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            out.setdefault(row["code"], []).append(Technology(
                row["example"].strip(), row["category"].strip(), row["hot_technology"] == "Y", row["in_demand"] == "Y"))
    return {code: tuple(items) for code, items in out.items()}


def hot_technology(code: str) -> list[Technology]:
    """The flagged technology of one occupation (an empty list for an unknown code)."""
    return list(_table().get(code or "", ()))
