"""Export and restore: the round trip is exact, bad files change nothing, merge and replace keep history."""

from __future__ import annotations

import datetime as dt
import json

import jsonschema
import pytest

from careerkit.core import examples, exchange, history
from careerkit.core.answers import Answers
from careerkit.core.storage.store import Store
from tests.support.postgres import fresh_database, require_postgres

UTC = dt.timezone.utc


def at(day: int, hour: int = 12) -> dt.datetime:
    return dt.datetime(2026, 3, day, hour, 0, 0, 123456, tzinfo=UTC)


@pytest.fixture
def store(tmp_path):
    s = Store(f"sqlite:///{tmp_path}/home.sqlite")
    yield s
    s.close()


@pytest.fixture
def other(tmp_path):
    s = Store(f"sqlite:///{tmp_path}/other.sqlite")
    yield s
    s.close()


def fingerprint(document: dict) -> dict:
    """What "the same answers and history" means: every revision's workbook, field, value and
    time, in order; the check-ins; the kept files. Revision ids and sources are the database's own."""
    return {
        "revisions": [(r["workbook"], r["field"], json.dumps(r["value"], sort_keys=True), r["saved_at"])
                      for r in document["revisions"]],
        "checkins": [(c["label"], c["at"]) for c in document["checkins"]],
        "attachments": sorted((a["key"], a["mime"], a["name"], a["data"]) for a in document["attachments"]),
    }


def lived_in(s: Store, profile: str = "p") -> None:
    """A profile with history: examples, edits over time, a check-in and a kept file."""
    examples.seed(s, profile)
    s.save_many(profile, [("00_start_here", "preferred_name", "Sam Ö'Brien <b>")], saved_at=[at(2)])
    s.save_many(profile, [("00_start_here", "hopes", "Line one\n\nLine two with “quotes” and émoji 🌱")],
                saved_at=[at(3)])
    s.add_checkin(profile, "Spring review", at(4))
    s.put_attachment(profile, b"\x89PNG\r\n\x1a\nfake image bytes", "image/png", "board.png")


def round_trip(source: Store, target: Store) -> None:
    lived_in(source)
    first = exchange.export(source, "p")
    bundle = exchange.parse(exchange.dumps(first))
    exchange.apply(target, "someone-else", bundle)
    second = exchange.export(target, "someone-else")
    assert fingerprint(second) == fingerprint(first)
    assert target.current("someone-else") == source.current("p")
    assert target.get_attachment("someone-else", first["attachments"][0]["key"])[0].startswith(b"\x89PNG")


def test_round_trip_is_exact(store, other):
    round_trip(store, other)


@pytest.mark.postgres
def test_round_trip_is_exact_on_postgresql(store):
    url = require_postgres()
    with fresh_database(url) as fresh:
        pg = Store(fresh)
        try:
            round_trip(store, pg)
            # and back again, from PostgreSQL into SQLite
            again = exchange.export(pg, "someone-else")
            back = Store(store.url.replace("home.sqlite", "back.sqlite"))
            exchange.apply(back, "p", exchange.parse(exchange.dumps(again)))
            assert fingerprint(exchange.export(back, "p")) == fingerprint(again)
        finally:
            pg.close()


def test_export_matches_the_published_schema(store):
    lived_in(store)
    document = exchange.export(store, "p")
    jsonschema.Draft202012Validator(exchange.schema()).validate(document)
    assert document["format"] == "careerkit-export" and document["version"] == exchange.VERSION
    assert len(document["revisions"]) == store.count("p")


def test_importing_the_same_file_twice_adds_nothing(store, other):
    lived_in(store)
    bundle = exchange.parse(exchange.dumps(exchange.export(store, "p")))
    exchange.apply(other, "p", bundle)
    count = other.count("p")
    result = exchange.apply(other, "p", bundle, "merge")
    assert other.count("p") == count and result.written == 0
    assert len(other.checkins("p")) == 1


def _good_text(store) -> str:
    lived_in(store)
    return exchange.dumps(exchange.export(store, "p"))


def _with(text: str, **changes) -> str:
    document = json.loads(text)
    document.update(changes)
    return json.dumps(document)


def _broken_revision(text: str) -> str:
    document = json.loads(text)
    del document["revisions"][0]["saved_at"]
    return json.dumps(document)


def _bad_answer(text: str) -> str:
    document = json.loads(text)
    document["revisions"].append({"workbook": "00_start_here", "field": "stage", "value": "astronaut",
                                  "saved_at": "2026-03-01T00:00:00Z", "source": "form"})
    return json.dumps(document)


@pytest.mark.parametrize("make, expected", [
    (lambda t: "{this is not json}", "not valid JSON"),
    (lambda t: t[: len(t) // 2], "incomplete"),
    (lambda t: b"\xff\xfe\x00binary", "not a text"),
    (lambda t: "", "empty"),
    (lambda t: json.dumps({"type": "FeatureCollection", "features": []}), "some other kind"),
    (lambda t: json.dumps([1, 2, 3]), "expected shape"),
    (lambda t: _with(t, format="someone-elses-app"), "not a careerkit export"),
    (lambda t: _with(t, version=2), "newer careerkit"),
    (lambda t: _with(t, version="1"), "no readable version"),
    (_broken_revision, "damaged"),
    (_bad_answer, "cannot accept"),
], ids=["malformed", "truncated", "binary", "empty", "foreign", "list", "other-format", "newer",
        "bad-version", "damaged", "invalid-answer"])
def test_bad_files_are_refused_and_change_nothing(store, other, make, expected):
    text = _good_text(store)
    lived_in(other)
    before = exchange.export(other, "p")
    with pytest.raises(exchange.ExportError, match=expected) as caught:
        exchange.parse(make(text))
    assert "\n" not in str(caught.value)
    assert fingerprint(exchange.export(other, "p")) == fingerprint(before)


def test_a_failed_write_changes_nothing(store, other, monkeypatch):
    lived_in(store)
    lived_in(other)
    before = fingerprint(exchange.export(other, "p"))
    bundle = exchange.parse(_with(exchange.dumps(exchange.export(store, "p")),
                                  checkins=[{"label": "later", "at": "2026-05-01T00:00:00Z"}]))
    original = other.write_import

    def failing(profile, revisions, *, attachments=(), checkins=()):
        return original(profile, revisions, attachments=attachments, checkins=[("x", None)])  # NOT NULL fails last

    monkeypatch.setattr(other, "write_import", failing)
    with pytest.raises(Exception):
        exchange.apply(other, "p", bundle, "replace")
    assert fingerprint(exchange.export(other, "p")) == before


def test_version_0_answers_are_upgraded(store):
    plain = {"00_start_here": {"preferred_name": "Ana", "stage": "returner"},
             "01_self_reflection": {"hobbies": ["chess", "rowing"]}}
    for text in (json.dumps(plain), json.dumps({"format": "careerkit-export", "version": 0, "answers": plain})):
        bundle = exchange.parse(text)
        assert bundle.version == 0 and bundle.answer_count == 3
    exchange.apply(store, "p", bundle)
    answers = Answers.load(store, "p")
    assert answers.get_answer("00_start_here.preferred_name") == "Ana"
    assert answers.get_answer("01_self_reflection.hobbies") == ["chess", "rowing"]
    assert {r.source for r in store.history("p")} == {"import"}


def _two_sides(store, other):
    # here: name newer than the file's, hopes older than the file's, stage only here
    store.save_many("p", [("00_start_here", "preferred_name", "Here-name"),
                          ("00_start_here", "hopes", "here hopes"),
                          ("00_start_here", "stage", "student")], saved_at=[at(20), at(1), at(2)])
    other.save_many("p", [("00_start_here", "preferred_name", "File-name"),
                          ("00_start_here", "hopes", "file hopes")], saved_at=[at(10), at(15)])
    return exchange.parse(exchange.dumps(exchange.export(other, "p")))


def test_merge_keeps_the_newer_revision_of_each_answer(store, other):
    bundle = _two_sides(store, other)
    exchange.apply(store, "p", bundle, "merge")
    now = Answers.load(store, "p")["00_start_here"]
    assert now["preferred_name"] == "Here-name"   # here was newer
    assert now["hopes"] == "file hopes"            # the file was newer
    assert now["stage"] == "student"               # only here: kept
    values = [r.value for r in store.history("p", "00_start_here")]
    assert {"Here-name", "File-name", "here hopes", "file hopes"} <= set(values)
    # the answers "as of now" agree with the current answers (history stays consistent)
    assert history.answers_as_of(store, "p", dt.datetime.now(UTC))["00_start_here"] == dict(now)


def test_replace_makes_the_file_current_and_keeps_the_old_answers_in_history(store, other):
    bundle = _two_sides(store, other)
    exchange.apply(store, "p", bundle, "replace")
    now = Answers.load(store, "p")
    assert now["00_start_here"]["preferred_name"] == "File-name"
    assert now["00_start_here"]["hopes"] == "file hopes"
    assert now.get_answer("00_start_here.stage") is None      # not in the file: cleared
    kept = [r.value for r in store.history("p", "00_start_here")]
    assert "Here-name" in kept and "student" in kept and "here hopes" in kept
    assert history.answers_as_of(store, "p", dt.datetime.now(UTC))["00_start_here"] == dict(now["00_start_here"])
