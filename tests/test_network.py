"""Workbook 09: CSV import and export of contacts, follow-ups, charts and the import tool."""

from __future__ import annotations

import base64
import csv
import datetime as dt
import io

import pytest

from careerkit.core.logic import network
from careerkit.core.answers import Answers
from careerkit.presentation.charts import chart_for
from careerkit.core.examples import example_answers
from careerkit.core.storage.store import Store
from careerkit.presentation.workbook import Workbook

WB = "09_networking"
TODAY = dt.date(2026, 11, 1)


def _answers(**fields) -> Answers:
    return Answers({WB: fields})


def test_import_reads_forgiving_headers_and_cleans_values():
    text = (
        "  NAME ,Company,industry,How we met,Relationship Strength,last_contact,Next follow-up,Notes,LinkedIn URL\n"
        "Ana Silva,Acme,Software,Meetup,4,2026-10-01,2026-11-05,Met at a talk,https://example.org/ana\n"
        "Ben Ode,,,,,,,,\n"
    )
    found = network.read_contacts_csv(text)
    assert [r["name"] for r in found.rows] == ["Ana Silva", "Ben Ode"]
    ana = found.rows[0]
    assert ana["organisation"] == "Acme" and ana["strength"] == 4 and ana["next_follow_up"] == "2026-11-05"
    assert found.rows[1]["strength"] is None and found.rows[1]["organisation"] is None
    assert found.ignored_columns == ["LinkedIn URL"]


def test_import_semicolon_file_with_first_and_last_names():
    text = "First Name;Last Name;Organization\nAna;Silva;Acme\n"
    assert network.contacts_from_csv(text) == [
        {"name": "Ana Silva", "organisation": "Acme", "industry": None, "how_met": None, "strength": None,
         "last_contact": None, "next_follow_up": None, "notes": None}]


def test_import_lists_every_bad_row_and_imports_nothing():
    text = (
        "Name,Relationship strength,Last contact\n"
        "Good Person,3,2026-01-02\n"
        ",2,\n"
        "Bad Strength,9,2026-01-02\n"
        "Bad Date,2,31/01/2026\n"
    )
    with pytest.raises(network.ContactImportError) as caught:
        network.contacts_from_csv(text)
    errors = caught.value.errors
    assert errors == [
        "Row 3: Name: Please give the person's name.",
        "Row 4: Relationship strength: Please pick a whole number from 1 to 5.",
        "Row 5: Last contact: Please give the date as year-month-day, like 2026-03-31.",
    ]
    assert "Nothing was imported: 3 rows need fixing" in str(caught.value)


def test_import_refuses_a_file_without_a_name_column_or_with_duplicate_columns():
    with pytest.raises(network.ContactImportError, match="needs a “Name” column"):
        network.contacts_from_csv("Company,Industry\nAcme,Software\n")
    with pytest.raises(network.ContactImportError, match="both mean “Organisation”"):
        network.contacts_from_csv("Name,Company,Organisation\nAna,Acme,Acme\n")
    with pytest.raises(network.ContactImportError, match="empty"):
        network.contacts_from_csv("")


def test_decode_handles_bom_latin1_and_size_limit():
    assert network.decode_csv("\ufeffName\nZoë\n".encode("utf-8")) == "Name\nZoë\n"
    assert network.decode_csv("Name\nZoë\n".encode("cp1252")) == "Name\nZoë\n"
    with pytest.raises(network.ContactImportError, match="MB"):
        network.decode_csv(b"x" * (network.MAX_CSV_BYTES + 1))


def test_export_guards_formulas_and_round_trips():
    rows = [{"_id": "a1", "name": "=HYPERLINK(\"http://evil\")", "organisation": "+Plus", "industry": "-minus",
             "how_met": "@at", "strength": 3, "last_contact": "2026-10-01", "next_follow_up": None,
             "notes": "Line one,\nline two \"quoted\""}]
    text = network.contacts_to_csv(rows)
    cells = list(csv.reader(io.StringIO(text)))
    assert cells[0][0] == "Name" and cells[0][4] == "Relationship strength"
    assert cells[1][:4] == ["'=HYPERLINK(\"http://evil\")", "'+Plus", "'-minus", "'@at"]
    back = network.contacts_from_csv(text)[0]
    assert back == {k: v for k, v in rows[0].items() if k != "_id"}


def test_merge_updates_same_person_and_adds_new_ones():
    existing = [{"_id": "a1", "name": "Ana Silva", "organisation": "Acme", "strength": 2, "notes": "keep me"}]
    imported = [{"name": " ana  silva ", "organisation": "ACME", "strength": 4, "notes": None},
                {"name": "Ben Ode", "organisation": None, "strength": None}]
    rows, added, updated = network.merge_contacts(existing, imported)
    assert (added, updated) == (1, 1)
    assert rows[0] == {"_id": "a1", "name": "Ana Silva", "organisation": "Acme", "strength": 4, "notes": "keep me"}
    assert rows[1]["name"] == "Ben Ode" and "_id" not in rows[1]
    assert existing[0]["strength"] == 2  # the input is not changed


def test_follow_ups_overdue_first_then_soon_and_quiet_contacts():
    answers = _answers(contacts=[
        {"name": "Later", "next_follow_up": "2026-11-10"},
        {"name": "Far", "next_follow_up": "2027-03-01"},
        {"name": "Late", "next_follow_up": "2026-10-20", "organisation": "Acme"},
        {"name": "Today", "next_follow_up": "2026-11-01"},
        {"name": "Quiet", "last_contact": "2026-05-01"},
        {"name": "Recent", "last_contact": "2026-10-15"},
        {"name": "Never"},
    ])
    due = network.follow_ups(answers, TODAY)
    assert [(f["name"], f["status"], f["days"]) for f in due] == [
        ("Late", "overdue", -12), ("Today", "today", 0), ("Later", "soon", 9)]
    assert [q["name"] for q in network.gone_quiet(answers, TODAY)] == ["Never", "Quiet"]


def test_composition_and_activity_counts():
    answers = _answers(
        contacts=[{"name": "A", "industry": "Health", "strength": 5, "last_contact": "2026-09-03"},
                  {"name": "B", "industry": " health ", "strength": 5, "last_contact": "2026-09-20",
                   "next_follow_up": "2026-12-01"},
                  {"name": "C", "industry": None, "strength": None}],
        events=[{"event": "Forum", "date": "2026-09-10", "contacts_made": 3, "people": ["A", "Dee"]}],
    )
    assert network.composition(answers) == [
        {"industry": "Health", "strength": "5 · close ally", "count": 2},
        {"industry": "Not recorded", "strength": "not rated", "count": 1}]
    assert network.activity_by_month(answers) == [
        {"month": "2026-09", "kind": "Last contact with someone", "count": 2},
        {"month": "2026-09", "kind": "New contacts at events", "count": 3},
        {"month": "2026-12", "kind": "Follow-ups planned", "count": 1}]
    assert network.met_not_listed(answers) == [{"name": "Dee", "event": "Forum"}]


def test_charts_validate_and_say_what_to_fill_in():
    empty = Answers({})
    assert chart_for(WB, "network_composition", empty).is_empty
    assert chart_for(WB, "contact_activity", empty).is_empty
    data: dict = {}
    for wb, field, value in example_answers(WB):
        data.setdefault(wb, {})[field] = value
    for name in ("network_composition", "contact_activity"):
        chart = chart_for(WB, name, Answers(data))
        chart.to_altair().to_dict()
    spec = chart_for(WB, "contact_activity", Answers(data)).to_dict()
    months = [v["month"] for v in spec["data"]["values"]]
    assert "Jun 2026" in months  # a quiet month is shown as a gap, not skipped


@pytest.fixture
def wb(tmp_path):
    return Workbook(WB, store=Store(f"sqlite:///{tmp_path}/a.sqlite"), profile="p", delay=0)


def test_import_tool_merges_into_saved_contacts(wb):
    from careerkit.workbooks.networking.views import ContactImport

    wb.save("contacts", [{"name": "Ana Silva", "organisation": "Acme", "strength": 2}])
    tool = ContactImport(wb)
    data = "Name,Organisation,Strength\nAna Silva,Acme,4\nBen Ode,Beta,3\n".encode()
    tool.upload.value = ({"name": "people.csv", "type": "text/csv", "size": len(data), "content": memoryview(data),
                          "last_modified": dt.datetime(2026, 11, 1, tzinfo=dt.timezone.utc)},)
    saved = wb.store.answers("p", WB)["contacts"]
    assert [(r["name"], r["strength"]) for r in saved] == [("Ana Silva", 4), ("Ben Ode", 3)]
    assert "1 new contact added, 1 updated" in tool.result.value
    assert tool.upload.value == ()


def test_import_tool_shows_row_errors_and_keeps_contacts(wb):
    from careerkit.workbooks.networking.views import ContactImport

    wb.save("contacts", [{"name": "Ana Silva"}])
    tool = ContactImport(wb)
    tool.import_bytes(b"Name,Strength\nNew Person,2\n<b>Bad</b>,7\n", "bad.csv")
    assert [r["name"] for r in wb.store.answers("p", WB)["contacts"]] == ["Ana Silva"]
    assert "Row 3: Relationship strength" in tool.result.value
    assert "<b>Bad</b>" not in tool.result.value


def test_download_link_carries_the_csv(wb):
    from careerkit.workbooks.networking.views import contacts_download

    assert "download button appears" in contacts_download(wb)
    wb.save("contacts", [{"name": "Ana <Silva>", "organisation": "=cmd"}])
    html = contacts_download(wb)
    href = html.split("href='", 1)[1].split("'", 1)[0]
    assert href.startswith("data:text/csv;charset=utf-8;base64,")
    text = base64.b64decode(href.split(",", 1)[1]).decode("utf-8-sig")
    assert "Ana <Silva>,'=cmd" in text


def test_follow_up_view_escapes_and_orders(wb):
    from careerkit.workbooks.networking.views import follow_ups

    wb.save("contacts", [{"name": "Soon", "next_follow_up": "2026-11-04"},
                         {"name": "<script>x</script>", "next_follow_up": "2026-10-01"}])
    html = follow_ups(wb, today=TODAY)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert html.index("Overdue by 31 days") < html.index("Soon")
