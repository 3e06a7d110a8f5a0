"""Figures in the README are computed from what careerkit holds, never typed and left to drift."""

from __future__ import annotations

import re
from pathlib import Path

from careerkit.core.logic import values

README = Path(__file__).resolve().parents[1] / "README.md"


def test_every_values_card_count_in_the_readme_matches_the_cards():
    text = README.read_text(encoding="utf-8")
    counts = [int(n) for n in re.findall(r"(\d+)-card values sort", text)]
    counts += [int(n) for n in re.findall(r"card sort of (\d+) values", text)]
    assert counts, "the README no longer states the number of values cards"
    assert set(counts) == {len(values.cards())}, counts
