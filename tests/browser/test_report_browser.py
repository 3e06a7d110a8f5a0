"""In a real Chromium: typed markup in a report is shown as text and runs nothing."""

from __future__ import annotations

import re

import pytest

from careerkit.presentation import report
from careerkit.core.answers import Answers

pytestmark = pytest.mark.browser

TYPED = [
    "<script>window.__xss = 'script'</script>",
    "<img src=x onerror=\"window.__xss = 'img'\">",
    "\"><svg onload=\"window.__xss = 'svg'\"></svg>",
]


def test_typed_script_in_a_report_runs_nothing(page_factory):
    answers = Answers({
        "00_start_here": {"preferred_name": TYPED[0], "hopes": "\n\n".join(TYPED)},
        "01_self_reflection": {
            "hobbies": TYPED,
            "skill_ratings": [{"_id": "r1", "skill": TYPED[1], "proficiency": 5, "enjoyment": 5},
                              {"_id": "r2", "skill": "teaching", "proficiency": 4, "enjoyment": 4}],
        },
    })
    page_html = report.html(report.build(answers))
    # Prove the escaping, not the page's Content-Security-Policy: take the policy out.
    page_html = re.sub(r"<meta http-equiv=\"Content-Security-Policy\"[^>]*>", "", page_html)
    page = page_factory()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.set_content(page_html, wait_until="load")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("window.__xss") is None
    assert dialogs == []
    assert page.locator("script").count() == 0
    assert page.locator("img[onerror], svg[onload]").count() == 0
    shown = page.inner_text("body")
    for typed in TYPED:
        assert typed.split(">")[0] in shown
    assert page.locator("figure img").count() >= 1          # the charts are drawn as images
    assert page.title().startswith("<script>")
    assert page_factory.offsite == []
