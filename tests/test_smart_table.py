"""The SMART check against goals labelled by hand: is it specific, is it measurable?

Each row: the goal's title, its "how you will know" (may be empty), and the two labels a
coach gave it. Specific means the goal says what exactly (a named thing, place, role,
credential or count); measurable means someone could tell, on a given day, whether it is
done (a number or a clear finish line).
"""

from __future__ import annotations

import datetime as dt

import pytest

from careerkit.core.logic import goals

TODAY = dt.date(2026, 11, 1)

#: (title, measure, specific, measurable)
GOALS = [
    # the misfires reported
    ("Get a job as a nurse at St Mary's hospital", "", True, True),
    ("Pass the PMP exam", "", True, True),
    ("I want to find something that makes me happier and more fulfilled in my working life and maybe "
     "become a better version of myself over time", "", False, False),
    ("one day I will feel it", "", False, False),
    # plainly specific and measurable
    ("Run two onboarding workshops for new volunteers at the food bank", "", True, True),
    ("Hold three informational interviews with hospital pharmacists", "", True, True),
    ("Complete the Google Data Analytics certificate", "", True, True),
    ("Submit five applications for trainer roles in Leeds", "", True, True),
    ("Publish a portfolio of 4 UX case studies on my website", "", True, True),
    ("Give a ten-minute talk at the March team meeting", "", True, True),
    ("Enrol in the evening course in learning design at Leeds College", "", True, True),
    ("Save £6,000 for a six-month runway", "", True, True),
    ("Shadow a health data analyst at the NHS trust for one day", "", True, True),
    ("Pass the AWS Solutions Architect Associate exam", "", True, True),
    ("Get a place on the PGCE course at Sheffield Hallam", "", True, True),
    ("Land a role as a junior data analyst", "", True, True),
    ("Finish the Python for Everybody course on Coursera", "", True, True),
    ("Write 12 blog posts about pharmacy education", "", True, True),
    ("Become a registered yoga teacher with Yoga Alliance", "Certificate awarded", True, True),
    ("Open a weekend bakery stall at Kirkgate Market", "First Saturday of trading held", True, True),
    # specific but not measurable
    ("Learn Python", "", True, False),
    ("Get to know the people in the learning team at Harbour Health", "", True, False),
    ("Read about health informatics at the King's Fund", "", True, False),
    ("Practise Spanish with my neighbour Ana", "", True, False),
    ("Work on my presentation skills at Toastmasters", "", True, False),
    ("Spend more time with the data team at work", "", True, False),
    # measurable but not specific
    ("Do 3 things for my career", "", False, True),
    ("Improve 5 things", "", False, True),
    ("Get better at stuff by 50 percent", "", False, True),
    ("Try two new things", "", False, True),
    # neither
    ("Be happier", "", False, False),
    ("Get better at my career", "", False, False),
    ("Improve my skills", "", False, False),
    ("Find a better job", "", False, False),
    ("Grow as a person", "", False, False),
    ("Explore new opportunities and see what happens", "", False, False),
    ("Figure out what I really want to do with my life someday", "", False, False),
    ("Someday feel good about work", "", False, False),
    ("Be more successful in 2027", "", False, False),
    ("Make a change", "", False, False),
    ("Focus on my growth and development and try to become the best I can be at everything I do", "", False, False),
    ("Get a better work-life balance", "When I feel less tired", False, False),
    ("Learn new things", "When I feel ready", False, False),
    ("Be a better leader one day", "", False, False),
]


def test_the_table_is_big_enough():
    assert len(GOALS) >= 40
    assert sum(s for _t, _m, s, _x in GOALS) >= 12 and sum(not s for _t, _m, s, _x in GOALS) >= 12
    assert sum(x for _t, _m, _s, x in GOALS) >= 12 and sum(not x for _t, _m, _s, x in GOALS) >= 12


def _verdicts(title: str, measure: str) -> dict[str, bool]:
    row = {"title": title, "measure": measure}
    return {name: ok for name, ok, _msg in goals.smart_feedback(row, today=TODAY)}


@pytest.mark.parametrize(("title", "measure", "specific", "measurable"), GOALS, ids=[g[0][:40] for g in GOALS])
def test_specific_and_measurable_as_labelled(title, measure, specific, measurable):
    verdicts = _verdicts(title, measure)
    assert verdicts["Specific"] is specific, f"Specific should be {specific} for {title!r}"
    assert verdicts["Measurable"] is measurable, f"Measurable should be {measurable} for {title!r}"


def test_the_same_goal_in_lower_case_gets_the_same_verdict():
    for title, measure, specific, measurable in GOALS[:6]:
        assert _verdicts(title.lower(), measure.lower()) == _verdicts(title, measure), title


def test_the_description_can_make_a_goal_specific():
    row = {"title": "Change direction", "description": "Apply to the NHS graduate scheme in health informatics"}
    assert {n: ok for n, ok, _ in goals.smart_feedback(row, today=TODAY)}["Specific"]
