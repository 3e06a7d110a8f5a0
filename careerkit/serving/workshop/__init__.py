"""Workshops: careerkit on one shared server for a room of people.

* :mod:`careerkit.serving.workshop.codes`: resume codes, keys and tokens, and their hashes;
* :mod:`careerkit.serving.workshop.db`: workshops, participants, consent, sharing, sessions
  and the counters that slow down guessing, in the answers database;
* :mod:`careerkit.serving.workshop.session`: who is answering on a shared server, and the
  page that shows nothing until that is known;
* :mod:`careerkit.serving.workshop.dashboard`: the facilitator's view of the room;
* :mod:`careerkit.serving.workshop.cli`: ``careerkit workshop create|summary|close``.

The aggregates themselves are pure functions in :mod:`careerkit.core.logic.cohort`.
"""
