"""Checks on the shipped O*NET tables and the loader in careerkit.core.onet."""

from __future__ import annotations

import dataclasses
import hashlib
import re
import subprocess
import sys
from pathlib import Path

import pytest

import careerkit
from careerkit.core import onet

DATA = Path(careerkit.__file__).parent / "data" / "onet"
CSVS = (
    "titles.csv",
    "related_occupations.csv",
    "tasks.csv",
    "technology_skills.csv",
    "education.csv",
    "education_categories.csv",
    "occupations.csv",
    "interests.csv",
    "job_zones.csv",
    "work_values.csv",
    "skills.csv",
    "job_zone_reference.csv",
    "interest_activities.csv",
)


def test_coverage_counts():
    occs = onet.occupations()
    assert len(occs) == 1016
    assert sum(o.interests is not None for o in occs.values()) == 923
    assert sum(o.job_zone is not None for o in occs.values()) == 923
    assert sum(o.work_values is not None for o in occs.values()) == 874
    assert sum(bool(onet.skills(code)) for code in occs) == 879
    # Interest profiles and Job Zones cover exactly the same occupations.
    assert {c for c, o in occs.items() if o.interests} == {
        c for c, o in occs.items() if o.job_zone
    }


def test_job_zone_counts():
    counts: dict[int, int] = {}
    for occ in onet.occupations().values():
        if occ.job_zone is not None:
            counts[occ.job_zone] = counts.get(occ.job_zone, 0) + 1
    assert counts == {1: 31, 2: 295, 3: 219, 4: 224, 5: 154}


def test_software_developers():
    occ = onet.occupation("15-1252.00")
    assert occ.title == "Software Developers"
    assert occ.description.startswith("Research, design, and develop computer")
    assert occ.interests == {"R": 3.93, "I": 5.86, "A": 2.26, "S": 1.88, "E": 1.87, "C": 5.46}
    assert occ.holland_code == "ICR"
    assert occ.job_zone == 4
    # O*NET 29.3 has no work-value or skill ratings for this newer code.
    assert occ.work_values is None
    assert onet.skills("15-1252.00") == []


def test_chief_executives_values_and_skills():
    occ = onet.occupation("11-1011.00")
    assert occ.title == "Chief Executives"
    assert occ.holland_code == "EC"
    assert occ.job_zone == 5
    assert occ.work_values == {
        "achievement": 6.33,
        "working_conditions": 6.33,
        "recognition": 7.0,
        "relationships": 5.0,
        "support": 5.33,
        "independence": 7.0,
    }
    ratings = onet.skills("11-1011.00")
    assert len(ratings) == 35
    importances = [s.importance for s in ratings]
    assert importances == sorted(importances, reverse=True)
    reading = next(s for s in ratings if s.element_id == "2.A.1.a")
    assert reading == onet.Skill("2.A.1.a", "Reading Comprehension", 4.12, 4.62, False, False)


def test_skill_flags_are_read():
    flagged = [
        s for code in onet.occupations() for s in onet.skills(code) if s.level_not_relevant
    ]
    suppressed = [s for code in onet.occupations() for s in onet.skills(code) if s.suppress]
    assert len(flagged) == 3302
    assert len(suppressed) == 124


def test_missing_data_occupations():
    catch_all = onet.occupation("11-9199.00")
    assert catch_all.interests is None
    assert catch_all.holland_code is None
    assert catch_all.job_zone is None
    assert onet.skills("11-9199.00") == []


def test_unknown_code_raises_clear_keyerror():
    with pytest.raises(KeyError, match="99-9999.99"):
        onet.occupation("99-9999.99")
    with pytest.raises(KeyError):
        onet.skills("not-a-code")


def test_records_are_frozen_and_results_are_copies():
    occ = onet.occupation("15-1252.00")
    with pytest.raises(dataclasses.FrozenInstanceError):
        occ.title = "x"  # type: ignore[misc]
    assert hash(occ) == hash(onet.occupation("15-1252.00"))
    first = onet.occupations()
    first.clear()
    assert len(onet.occupations()) == 1016


def test_job_zones():
    zones = onet.job_zones()
    assert sorted(zones) == [1, 2, 3, 4, 5]
    assert zones[1].name == "Job Zone One: Little or No Preparation Needed"
    assert zones[5].name == "Job Zone Five: Extensive Preparation Needed"
    assert "electrician" in zones[3].experience
    assert "graduate school" in zones[5].education
    assert zones[2].education == "These occupations usually require a high school diploma."
    plains = [z.plain for z in zones.values()]
    assert len(set(plains)) == 5
    assert all(p.endswith(".") and len(p) < 160 for p in plains)
    assert zones[1].plain.startswith("Little or no preparation")


def test_skill_names():
    names = onet.skill_names()
    assert len(names) == 35 == len(set(names))
    assert names[0] == "Reading Comprehension"
    assert "Programming" in names


def test_interest_activities():
    realistic = onet.interest_activities("R")
    assert len(realistic) == 4
    assert "Build kitchen cabinets." in realistic
    assert onet.interest_activities("s") == onet.interest_activities("Social")
    assert "Teach a high school class." in onet.interest_activities("S")
    with pytest.raises(ValueError, match="R, I, A, S, E, C"):
        onet.interest_activities("X")


def test_search():
    titles = [o.title for o in onet.search("SOFTWARE developers")]
    assert titles[0] == "Software Developers"
    nurses = onet.search("nurse")
    assert "29-1141.00" in {o.code for o in nurses}
    # Title matches come before description-only matches.
    in_title = [("nurse" in o.title.lower()) for o in nurses]
    assert in_title == sorted(in_title, reverse=True)
    assert onet.search("zzqqxx") == []
    assert len(onet.search("   ")) == 1016


def test_attribution_text():
    assert onet.LICENSE_URL == "https://creativecommons.org/licenses/by/4.0/"
    assert onet.ATTRIBUTION.startswith(onet.ATTRIBUTION_VERBATIM)
    assert "O*NET 29.3 Database" in onet.ATTRIBUTION_VERBATIM
    assert "careerkit has modified all or some of this information" in onet.ATTRIBUTION
    assert onet.ATTRIBUTION.endswith(
        "USDOL/ETA has not approved, endorsed, or tested these modifications."
    )


def test_data_readme_keeps_licence_and_changes():
    text = (DATA / "README.md").read_text(encoding="utf-8")
    # as a reader sees it: "O\*NET" is how Markdown writes O*NET without starting emphasis
    flat = re.sub(r"\s+", " ", text.replace("> ", " ").replace("\\*", "*"))
    assert onet.ATTRIBUTION in flat
    assert onet.ATTRIBUTION_VERBATIM in flat
    assert onet.LICENSE_URL in text
    assert "### Changes made" in text
    for name in CSVS:
        digest = hashlib.sha256((DATA / name).read_bytes()).hexdigest()
        assert f"{digest}  {name}" in text, name


def test_loading_stays_light():
    code = (
        "import sys, careerkit.core.onet as o, careerkit.core.logic.matching as m, careerkit.core.logic.riasec as r;"
        "o.occupations(); o.skills('11-1011.00'); o.job_zones(); o.search('nurse');"
        "m.rank_occupations({'R': 10, 'I': 90, 'A': 50, 'S': 40, 'E': 20, 'C': 30});"
        "print(sorted({'pandas', 'numpy'} & set(sys.modules)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
