"""Skill names as people write them, matched to O*NET's 35 skills.

Workbook 1 asks for skills in the person's own words ("public speaking", "organising");
workbook 7 measures gaps against O*NET's skill names ("Speaking", "Coordination"). To
use one for the other, :func:`match_skill` reads a name forgivingly:

1. it is *normalised*: lower case, "&" read as "and", punctuation and hyphens as spaces,
   British spellings as O*NET's (judgement → judgment, organising → organizing), and each
   word reduced to a simple stem ("negotiations" → "negotiat", "speaking" → "speak");
2. an O*NET skill whose normalised name is the same wins;
3. else the small table :data:`SYNONYMS` (everyday words for a skill, also normalised);
4. else the closest O*NET name or synonym, if it is very close (a typo, a word order).

A name that means no O*NET skill ("spreadsheets" is a technology, "baking" a craft) gives
``None``: better unmatched than matched wrongly.
"""

from __future__ import annotations

import difflib
import re
from functools import cache

__all__ = ["SYNONYMS", "match_skill", "normalise"]

#: Everyday names for O*NET skills. Keys are written plainly; they are normalised when read.
SYNONYMS: dict[str, str] = {
    "public speaking": "Speaking",
    "presenting": "Speaking",
    "presentation": "Speaking",
    "presentations": "Speaking",
    "talking to people": "Speaking",
    "verbal communication": "Speaking",
    "oral communication": "Speaking",
    "teaching": "Instructing",
    "training": "Instructing",
    "training others": "Instructing",
    "training people": "Instructing",
    "coaching": "Instructing",
    "tutoring": "Instructing",
    "mentoring": "Instructing",
    "problem solving": "Complex Problem Solving",
    "solving problems": "Complex Problem Solving",
    "solving complex problems": "Complex Problem Solving",
    "written communication": "Writing",
    "report writing": "Writing",
    "copywriting": "Writing",
    "organising": "Coordination",
    "organisation": "Coordination",
    "coordinating": "Coordination",
    "teamwork": "Coordination",
    "working with others": "Coordination",
    "planning": "Time Management",
    "managing my time": "Time Management",
    "prioritising": "Time Management",
    "decision making": "Judgment and Decision Making",
    "making decisions": "Judgment and Decision Making",
    "judgement": "Judgment and Decision Making",
    "listening": "Active Listening",
    "analytical thinking": "Critical Thinking",
    "reasoning": "Critical Thinking",
    "negotiating": "Negotiation",
    "persuading": "Persuasion",
    "persuading people": "Persuasion",
    "influencing": "Persuasion",
    "selling": "Persuasion",
    "sales": "Persuasion",
    "people management": "Management of Personnel Resources",
    "managing people": "Management of Personnel Resources",
    "line management": "Management of Personnel Resources",
    "leading a team": "Management of Personnel Resources",
    "team leadership": "Management of Personnel Resources",
    "budgeting": "Management of Financial Resources",
    "managing budgets": "Management of Financial Resources",
    "financial management": "Management of Financial Resources",
    "managing money": "Management of Financial Resources",
    "stock control": "Management of Material Resources",
    "inventory management": "Management of Material Resources",
    "maths": "Mathematics",
    "math": "Mathematics",
    "numeracy": "Mathematics",
    "statistics": "Mathematics",
    "coding": "Programming",
    "software development": "Programming",
    "customer service": "Service Orientation",
    "helping people": "Service Orientation",
    "empathy": "Social Perceptiveness",
    "reading people": "Social Perceptiveness",
    "emotional intelligence": "Social Perceptiveness",
    "reading": "Reading Comprehension",
    "learning": "Active Learning",
    "learning new things": "Active Learning",
    "learning quickly": "Active Learning",
    "curiosity": "Active Learning",
    "designing learning": "Learning Strategies",
    "debugging": "Troubleshooting",
    "diagnosing problems": "Troubleshooting",
    "fixing things": "Repairing",
    "repair": "Repairing",
    "maintenance": "Equipment Maintenance",
    "quality control": "Quality Control Analysis",
    "quality assurance": "Quality Control Analysis",
    "testing": "Quality Control Analysis",
    "systems thinking": "Systems Analysis",
    "evaluation": "Systems Evaluation",
    "process improvement": "Operations Analysis",
    "requirements analysis": "Operations Analysis",
    "design": "Technology Design",
    "monitoring performance": "Monitoring",
    "auditing": "Monitoring",
    "operating machinery": "Operation and Control",
    "driving": "Operation and Control",
    "choosing equipment": "Equipment Selection",
    "setting up equipment": "Installation",
    "science": "Science",
    "research": "Science",
}

_BRITISH = {
    "judgement": "judgment", "organising": "organizing", "organise": "organize", "organisation": "organization",
    "prioritising": "prioritizing", "analyse": "analyze", "analysing": "analyzing", "programme": "program",
    "behaviour": "behavior", "colour": "color", "centre": "center",
}
_SUFFIXES = ("ations", "ation", "ions", "ion", "ings", "ing", "ers", "er", "es", "s", "ed")
_SKIP = frozenset({"and", "of", "the", "a", "an", "my", "to", "with", "in"})


def _stem(word: str) -> str:
    word = _BRITISH.get(word, word)
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    word = re.sub(r"(iz|is)$", "", word) if len(word) > 6 else word
    return word[:-1] if len(word) > 5 and word.endswith("e") else word


def normalise(name: str) -> str:
    """The form names are compared in (see the module docstring)."""
    text = (name or "").casefold().replace("&", " and ")
    words = re.findall(r"[a-z0-9]+", text)
    return " ".join(_stem(w) for w in words if w not in _SKIP)


@cache
def _table() -> dict[str, str]:
    from careerkit.core import onet

    table: dict[str, str] = {}
    for synonym, skill in SYNONYMS.items():
        table.setdefault(normalise(synonym), skill)
    for skill in onet.skill_names():
        table[normalise(skill)] = skill  # O*NET's own names win
    return table


def match_skill(name: str) -> str | None:
    """The O*NET skill a name means, or ``None`` (see the module docstring)."""
    key = normalise(name)
    if not key:
        return None
    table = _table()
    if key in table:
        return table[key]
    reordered = " ".join(sorted(key.split()))
    for known, skill in table.items():
        if " ".join(sorted(known.split())) == reordered:
            return skill
    close = difflib.get_close_matches(key, list(table), n=1, cutoff=0.88)
    return table[close[0]] if close else None
