"""The compass of workbook 11 and the report say honestly when the interest profile is flat,
and the report carries what workbooks 08 and 10 gather: the strengths others see, the
first-hand evidence for each option and the pre-mortem of the leading option, in every format."""

from __future__ import annotations

import re

import pytest

from careerkit.core import content
from careerkit.core.answers import Answers
from careerkit.core.examples import example_person
from careerkit.core.logic import derived, riasec
from careerkit.core.storage.store import Store
from careerkit.presentation import report
from careerkit.presentation.views import view_for
from careerkit.presentation.workbook import Workbook
from careerkit.workbooks.career_compass import compass

SELF = "01_self_reflection"
SCORED = {f.id: f.score for f in content.workbook(SELF).fields.values() if f.score}
ITEMS = list(SCORED)
LEADING = "Training and Development Specialists"
PREMORTEM = "spent the year delivering compliance slides instead of designing anything"
MUST_BE_TRUE = "A training role exists within an hour's travel"


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#39;", "'")


def glance_html(answers: Answers) -> str:
    """The "at a glance" part of the HTML report, as text."""
    page = report.html(report.build(answers, charts=False))
    start = page.find("id=\"at-a-glance\"")
    assert start > 0, "the report has no summary"
    return text(page[start:page.index("<section class=\"workbook\"", start)])


def glance_md(answers: Answers) -> str:
    md = report.markdown(report.build(answers, charts=False))
    start = md.index("## Your compass at a glance")
    return md[start:md.index("\n## 00 ·", start)]


def flat(value: int = 3) -> Answers:
    base = example_person()
    for item in ITEMS:
        base = base.with_answer(SELF, item, value)
    return base


# -- 11: the compass ---------------------------------------------------------------------------

@pytest.mark.parametrize("value", [1, 3, 5])
def test_a_flat_profile_is_named_flat_in_the_compass_with_no_code(value, tmp_path):
    answers = flat(value)
    verdict = riasec.verdict(derived.interest_profile(answers))
    assert verdict.kind == "flat"
    store = Store(f"sqlite:///{tmp_path}/a.sqlite")
    store.save_many("p", [(SELF, item, value) for item in ITEMS])
    page = text(view_for(compass.WB, "compass")(Workbook(compass.WB, store=store, profile="p", delay=0)))
    assert "Your interest profile is flat: no type stands out." in page
    assert verdict.text in page and verdict.guidance[0] in page
    assert "Your interest code:" not in page and "Rate the activities" not in page
    assert not re.search(r"\b[RIASEC]{2,3}\b ·", page)
    store.close()


def test_a_profile_with_no_high_type_says_so_in_the_compass():
    # Investigative and Social at the middle of the scale, the rest at the bottom: none is high
    answers = Answers({SELF: {item: (3 if letter in "IS" else 1) for item, letter in SCORED.items()}})
    verdict = riasec.verdict(derived.interest_profile(answers))
    assert verdict.kind == "low"
    item = compass.interest_part(answers).items[0]
    assert (item["kind"], item["code"], item["meaning"]) == ("low", "", verdict.text)
    page = text(compass_page(answers))
    assert "No type reaches the “like” range." in page and "Your interest code:" not in page
    assert "No type reaches the “like” range." in glance_md_of(answers)


def test_a_profile_with_a_code_keeps_it_in_the_compass_and_discloses_ties():
    part = compass.interest_part(example_person())
    assert part.items[0]["code"] == "IAS" and part.items[0]["kind"] == "code"
    # Social and Enterprising rated high alike, the rest low: a tie to disclose
    tied = Answers({SELF: {item: (5 if letter in "SE" else 1) for item, letter in SCORED.items()}})
    verdict = riasec.verdict(derived.interest_profile(tied))
    assert verdict.kind == "code" and verdict.ties
    item = compass.interest_part(tied).items[0]
    assert item["ties"] == verdict.ties and item["code"] == verdict.code
    assert verdict.ties in text(compass_page(tied))
    assert report.md_escape(verdict.ties) in glance_md_of(tied) and verdict.ties in glance_html(tied)


def compass_page(answers: Answers) -> str:
    from careerkit.workbooks.career_compass.views import _COMPASS, _parts
    from careerkit.presentation.views.core import render

    return render(_COMPASS, parts=_parts(answers, None))


def test_nothing_rated_still_points_to_workbook_one():
    part = compass.interest_part(Answers())
    assert "Rate the activities" in part.missing and not part.items


# -- the report ----------------------------------------------------------------------------------

def test_a_flat_profile_is_named_flat_in_every_report_format():
    answers = flat(5)
    verdict = riasec.verdict(derived.interest_profile(answers))
    for found in (glance_html(answers), glance_md(answers)):
        assert "Your interest profile is flat: no type stands out." in found
        assert verdict.guidance[1][:60] in found
        assert "Your interest code" not in found
    assert "Your interest code: IAS." in glance_html(example_person())
    assert "**Your interest code: IAS.**" in glance_md(example_person())


def test_the_example_persons_strengths_evidence_and_premortem_are_in_html_and_markdown():
    answers = example_person()
    for found in (glance_html(answers), glance_md(answers).replace("\\", "")):
        # strengths others see (workbook 08), confirmed ones and shared themes
        assert "How others see you at your best" in found
        assert "Calm under pressure" in found and "said by Priya, Sam" in found
        # first-hand evidence (02, 06, 08) for each option in the running (10)
        assert "What you found out first-hand, for each option" in found
        assert "Half the job is talking to managers to find the real problem." in found
        assert "The live part energised me far more than the preparation." in found
        assert "energy 5/5, fit 4/5" in found
        # the pre-mortem and what would have to be true, for the leading option
        assert f"Before you commit to {LEADING}" in found
        assert PREMORTEM in found and MUST_BE_TRUE in found
    table = glance_md(answers)
    assert f"| {LEADING} | 65 | 78 | 78 | 4 | 4.5 | 4 |" in table


def test_a_changed_experiment_changes_the_evidence_in_the_report():
    answers = example_person()
    rows = [dict(r) for r in answers.rows("06_passion_projects.experiments")]
    changed = next(r for r in rows if r.get("option") == LEADING)
    changed["energy"], changed["learned"] = 1, "Preparing alone all evening drained me."
    after = answers.with_answer("06_passion_projects", "experiments", rows)
    found = glance_md(after)
    assert "Preparing alone all evening drained me. (energy 1/5, fit 4/5)" in found
    assert f"| {LEADING} | 65 | 78 | 78 | 4 | 3.5 | 4 |" in found


def test_the_pdf_is_printed_from_the_html_with_the_summary(monkeypatch):
    printed = []
    monkeypatch.setattr(report, "find_chromium", lambda: "/usr/bin/chromium")
    monkeypatch.setattr(report, "pdf", lambda page, **_k: printed.append(page) or b"%PDF-1.4")
    data, _built = report.write(example_person(), "pdf", charts=False)
    assert data.startswith(b"%PDF") and len(printed) == 1
    found = text(printed[0])
    assert "Your compass at a glance" in found and PREMORTEM in found and "Calm under pressure" in found


def test_a_new_person_gets_no_summary_and_typed_markup_in_it_stays_text():
    empty = report.build(Answers(), charts=False)
    assert empty.summary.empty
    assert "at-a-glance" not in report.html(empty) and "at a glance" not in report.markdown(empty)
    payload = "<script>alert(1)</script> **bold** [x](http://e.example)"
    answers = Answers({"10_take_action": {"options": ["Nurse"], "premortem": payload}})
    page = report.html(report.build(answers, charts=False))
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    md = glance_md_of(answers)
    assert "<script>" not in md and "\\*\\*bold\\*\\*" in md and "\\[x\\]" in md


def glance_md_of(answers: Answers) -> str:
    md = report.markdown(report.build(answers, charts=False))
    return md[md.index("## Your compass at a glance"):]
