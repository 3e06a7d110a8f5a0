"""The occupation explorer of workbook 02: each occupation as deep as My Next Move."""

from __future__ import annotations

import re

import pytest
from careerkit.core import onet
from careerkit.core.answers import Answers
from careerkit.core.examples import example_person, seed
from careerkit.core.storage.store import Store
from careerkit.workbooks.explore_roles.views import occupation_detail
from careerkit.presentation.workbook import Workbook

EXPLORE = "02_explore_roles"


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#39;", "'").replace("&amp;", "&")


def test_detail_has_every_part_for_a_new_person():
    code = "15-1211.01"  # Health Informatics Specialists
    html = occupation_detail(code)
    shown = text(html)
    occ = onet.occupation(code)
    assert occ.description in shown
    tasks = onet.tasks(code)
    core = [t for t in tasks if t.core]
    assert tasks[: len(core)] == core and tasks[0].text in shown
    # core tasks come before supplemental ones on the page
    pharmacists = text(occupation_detail("29-1051.00"))
    core, other = [t for t in onet.tasks("29-1051.00") if t.core], [t for t in onet.tasks("29-1051.00") if not t.core]
    assert core and other and pharmacists.index(core[-1].text) < pharmacists.index(other[0].text)
    top = [k for k in onet.skills(code) if not k.suppress][0]
    assert "Top skills" in shown and top.name in shown
    hot = next(t for t in onet.technology(code) if t.hot)
    demand = next(t for t in onet.technology(code) if t.in_demand)
    assert "Hot Technology" in html and "In Demand" in html and demand.example in shown
    assert hot.example in shown or len(onet.technology(code)) > 12
    level, pct = max(onet.education(code), key=lambda e: e[1])
    assert "Education people in this job say is required" in shown and f"{level}: {round(pct)}%" in shown
    assert f"Job Zone {occ.job_zone}" in shown
    assert "Interest profile" in shown and occ.holland_code in shown
    assert onet.related(code)[0].title in shown
    assert onet.ATTRIBUTION in text(html)
    assert "From your current job" not in shown  # a new person told us nothing


def test_detail_for_the_example_person_adds_what_carries_over_and_checks():
    answers = example_person()
    shown = text(occupation_detail("13-1151.00", answers))
    assert "From your current job (Accountants and Auditors)" in shown
    assert "important skills you already use" in shown and "To grow:" in shown
    assert "Checks from where you stand" in shown and "32,000" in shown
    assert "Interest fit" in shown


def test_a_persons_words_stay_text_in_the_detail():
    answers = Answers({"00_start_here": {"caring": "<b>school run</b> & <script>x()</script>"}})
    html = occupation_detail("25-1071.00", answers)
    assert "<script>" not in html and "&lt;script&gt;" in html


@pytest.fixture
def wb(tmp_path):
    store = Store(f"sqlite:///{tmp_path}/a.sqlite")
    seed(store, "p")
    yield Workbook(EXPLORE, store=store, profile="p", delay=0)
    store.close()


def test_explore_button_and_title_lookup_in_the_explorer(wb):
    explorer = wb.show("explorer")
    # the example person's lookup is already linked: its detail shows from the start
    assert "Health Informatics Specialists" in explorer.lookup_detail.value
    row = explorer.results.children[0]
    card, _add, explore = row.children[0].children
    assert row.children[1].value == ""
    explore.value = True
    assert "What you would do" in row.children[1].value
    # a redraw after a save (anywhere in the workbook) keeps the opened occupation open
    explorer.refresh()
    row = explorer.results.children[0]
    explore = row.children[0].children[2]
    assert explore.value is True and "What you would do" in row.children[1].value
    explore.value = False
    assert row.children[1].value == ""
    explorer.refresh()
    assert explorer.results.children[0].children[1].value == ""
    # a new title typed and confirmed through title search
    explorer.lookup.box.value = "pharmacy educator"
    assert explorer.lookup_detail.value == ""
    explorer.lookup.choose(explorer.lookup.suggested[0].code)
    assert "Health Specialties Teachers, Postsecondary" in explorer.lookup_detail.value
    wb.saver.flush()
    assert wb.answers.get_answer(f"{EXPLORE}.explore_lookup") == "Health Specialties Teachers, Postsecondary"
    assert "your current job, would score" in explorer.baseline.value


def test_shortlist_links_roles_confirmed_by_title_search(wb):
    rows = [dict(r) for r in wb.answers.rows(f"{EXPLORE}.shortlist")]
    rows[2]["title"] = "Web and Digital Interface Designers"  # was "User experience researcher"
    wb.save("shortlist", rows)
    from careerkit.core.logic import exploration

    linked = exploration.shortlist(wb.answers)[2]
    assert linked["onet_code"] == "15-1255.00" and linked["fit"] is not None
    from careerkit.presentation.views import view_for

    summary = text(view_for(EXPLORE, "shortlist_summary")(wb))
    assert "Web and Digital Interface Designers" in summary and "no O*NET link" in summary  # the industry
    rated = [o for o in exploration.shortlist(wb.answers) if o["onet_code"] and onet.skills(o["onet_code"])]
    assert len(rated) == 3  # Web and Digital Interface Designers has no O*NET skill ratings
    assert summary.count("From your current job") == len(rated)
