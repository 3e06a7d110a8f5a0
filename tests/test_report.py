"""The "My career compass" report: generic over every workbook, typed text always stays text."""

from __future__ import annotations

import base64
import re
from html.parser import HTMLParser

import pytest

from careerkit.core import content, examples
from careerkit.presentation import report
from careerkit.core.answers import Answers
from careerkit.core.content import Field
from careerkit.core.storage.store import Store
from careerkit.core.validation import clean

PAYLOADS = [
    "<script>window.__xss=1</script>",
    "<img src=x onerror=\"window.__xss=1\">",
    "\"><svg onload=window.__xss=1>",
    "</td></table><iframe src='javascript:alert(1)'></iframe>",
    "[click](javascript:alert(1)) **bold** # heading",
]
TEXT_TYPES = ("text", "longtext", "tags")


def example() -> Answers:
    data: dict = {}
    for wb, field, value in examples.example_answers():
        data.setdefault(wb, {})[field] = value
    return Answers(data)


class Elements(HTMLParser):
    """Every element and attribute the browser would build from a page."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.data: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.data.append(data)


def assert_no_markup_injected(page: str) -> None:
    parsed = Elements(page)
    names = {t for t, _ in parsed.tags}
    assert not names & {"script", "iframe", "svg", "object", "embed"}, names
    for tag, attrs in parsed.tags:
        assert not any(a.startswith("on") for a in attrs), (tag, attrs)
        for key in ("href", "src"):
            value = (attrs.get(key) or "").strip().lower()
            assert not value.startswith("javascript:"), (tag, attrs)
        if tag == "img":
            # charts only: SVG drawn by careerkit, with the typed labels inside it escaped too
            assert attrs["src"].startswith("data:image/svg+xml;base64,"), attrs
            svg = Elements(base64.b64decode(attrs["src"].split(",", 1)[1]).decode())
            assert not {t for t, _ in svg.tags} & {"script", "iframe", "foreignobject", "img"}
            assert not any(a.startswith("on") for _, at in svg.tags for a in at)


def _text_value(field: Field, payload: str):
    if field.type == "tags":
        return [payload[: field.length_limit], "plain"]
    return payload[: field.length_limit]


def hostile_answers(payload: str) -> Answers:
    """Every text-like question of every workbook, and every text-like cell of every table, answered with ``payload``."""
    base = example()
    data = {wb: dict(base[wb]) for wb in base}
    for book in content.workbooks():
        for field in book.fields.values():
            if field.ui:
                continue
            if field.type in TEXT_TYPES:
                data.setdefault(book.id, {})[field.id] = clean(field, _text_value(field, payload))
            elif field.type == "choice" and field.allow_other:
                data.setdefault(book.id, {})[field.id] = clean(field, payload[:80])
            elif field.type == "records":
                row = {sub.id: _text_value(sub, payload) for sub in field.fields if sub.type in TEXT_TYPES}
                row.update({sub.id: payload[:80] for sub in field.fields if sub.type == "choice" and sub.allow_other})
                if row:
                    data.setdefault(book.id, {})[field.id] = clean(field, [row])
    return Answers(data)


def test_every_workbook_and_answer_appears():
    answers = example()
    made = report.build(answers)
    page = report.html(made)
    assert made.title == f"{answers.get_answer('00_start_here.preferred_name')}'s career compass"
    parsed = Elements(page)
    text = " ".join(parsed.data)
    for book in content.workbooks():
        if not any(not f.ui and f.example is not None for f in book.fields.values()):
            continue
        assert f"{book.number:02d} · {book.title}" in text
        for field in book.answerable:
            if field.example is not None and field.type != "scale":
                assert field.label in text, (book.id, field.id)
    assert "careerkit " + made.version in text and made.made_at.strftime("%B %Y") in text
    images = [a["src"] for t, a in parsed.tags if t == "img"]
    drawn = sum(len(b.figures) for b in made.workbooks)
    assert drawn >= 4 and len(images) == drawn
    for src in images:
        assert base64.b64decode(src.split(",", 1)[1]).lstrip().startswith(b"<svg")


def test_answer_shapes():
    made = report.build(example(), charts=False)
    items = {i.label: i for b in made.workbooks for s in b.sections for i in s.items}
    book = content.workbook("01_self_reflection")
    assert items[book.field("hobbies").label].kind == "list"
    log = items[book.field("energy_log").label]
    assert log.kind == "table" and "Activity" in log.headers and log.rows[0][log.headers.index("Energy afterwards")] == "5 / 5"
    assert items[content.workbook("00_start_here").field("stage").label].text == \
        "Established in one field and curious about another"          # a choice by its label
    assert items["Your ratings"].rows[0][1].startswith(tuple(f"{n} / " for n in range(1, 11)))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_typed_markup_stays_text_in_html(payload):
    answers = hostile_answers(payload)
    page = report.html(report.build(answers, charts=False))
    assert_no_markup_injected(page)
    assert payload.split(">")[0] in " ".join(Elements(page).data)   # shown, as text


def test_typed_markup_stays_text_in_the_charts():
    page = report.html(report.build(hostile_answers(PAYLOADS[0])))
    assert_no_markup_injected(page)


def test_choice_other_and_all_kinds_of_cells_are_escaped():
    other = Field(id="where", type="choice", label="Where?", choices=["home", "work"], allow_other=True)
    item = report._item(other, clean(other, PAYLOADS[1]))
    assert item.text == PAYLOADS[1]
    made = report.build(Answers({}), charts=False)
    made.workbooks[0].sections = [report.SectionBlock("<b>x</b>", [item])]
    page = report.html(made)
    assert_no_markup_injected(page)
    assert "&lt;img src=x" in page


@pytest.mark.parametrize("payload", PAYLOADS)
def test_typed_markup_stays_text_in_markdown(payload):
    import mistune

    text = report.markdown(report.build(hostile_answers(payload), charts=False))
    rendered = mistune.create_markdown(escape=False, plugins=["table"])(text)
    assert_no_markup_injected(rendered)
    parsed = Elements(rendered)
    links = [a["href"] for t, a in parsed.tags if t == "a"]
    assert links == ["https://creativecommons.org/licenses/by/4.0/"], "typed text became a link"
    assert payload.split(">")[0].replace("**", "") in " ".join(parsed.data).replace("**", "")


def test_markdown_escaping():
    for typed in ["# not a heading", "- not a list", "1. not a list", "*not bold*", "a | b", "<b>x</b> & y",
                  "`code`", "[x](y)", "line\n+ two"]:
        import mistune

        html = mistune.html(report.md_escape(typed))
        parsed = Elements(html)
        assert {t for t, _ in parsed.tags} <= {"p", "br"}, (typed, html)
        assert " ".join("".join(parsed.data).split()) == " ".join(typed.split()), (typed, html)


def test_onet_credit_only_when_onet_data_appears():
    only_start = Answers({"00_start_here": {"preferred_name": "Kai"}})
    made = report.build(only_start, charts=False)
    assert not made.onet and "O*NET" not in report.html(made) and "O\\*NET" not in report.markdown(made)
    with_onet = report.build(example(), charts=False)
    assert with_onet.onet
    assert "careerkit has modified" in report.html(with_onet)
    assert "creativecommons.org/licenses/by/4.0" in report.markdown(with_onet)


def test_onet_codes_are_shown_with_their_titles():
    tags = Field(id="codes", type="tags", label="Codes")
    item = report._item(tags, ["15-1252.00"])
    assert item.onet and item.items[0].startswith("Software Developers")


def test_print_stylesheet_and_empty_report():
    made = report.build(Answers({}), charts=False)
    page = report.html(made, paper="Letter")
    assert "size: letter" in page and "break-before: page" in page
    assert "Nothing has been answered yet" in page and "My career compass" in page
    assert "size: A4" not in report.html(made) and "size: letter" not in report.html(made)
    with pytest.raises(report.ReportError):
        report.html(made, paper="A5")
    assert "Content-Security-Policy" in page


def test_pdf_or_a_clear_message(monkeypatch):
    page = report.html(report.build(Answers({"00_start_here": {"preferred_name": "Kai"}}), charts=False))
    if report.find_chromium() is None:
        with pytest.raises(report.ReportError, match="Chromium"):
            report.pdf(page)
    else:
        assert report.pdf(page).startswith(b"%PDF")
    monkeypatch.setenv("CAREERKIT_CHROMIUM", "/nonexistent/chromium")
    monkeypatch.setenv("PATH", "")
    with pytest.raises(report.ReportError, match="needs Chromium"):
        report.write(Answers({}), "pdf")


def test_download_panel_gives_files_to_save(tmp_path):
    from careerkit.core import exchange
    from careerkit.presentation.views import view_for
    from careerkit.presentation.workbook import Workbook

    store = Store(f"sqlite:///{tmp_path}/d.sqlite")
    store.save("p", "00_start_here", "preferred_name", "<script>x</script>")
    for workbook_id in ("00_start_here", "11_career_compass"):
        assert view_for("00_start_here", "download_report") is view_for(workbook_id, "download_report")
    wb = Workbook("00_start_here", store=store, profile="p", delay=0)
    panel = view_for("00_start_here", "download_report")(wb)

    def saved() -> bytes:
        link = Elements(panel.link.value).tags[1][1]
        assert link["download"] and link["href"].startswith("data:")
        return base64.b64decode(link["href"].split(",", 1)[1])

    panel.html_button.click()
    page = saved().decode()
    assert "&lt;script&gt;x&lt;/script&gt;" in page
    assert_no_markup_injected(page)
    panel.md_button.click()
    assert saved().decode().startswith("# &lt;script&gt;")
    panel.json_button.click()
    assert exchange.parse(saved()).revisions[0].value == "<script>x</script>"
    store.add_checkin("p", "Q1")
    store.save("p", "00_start_here", "preferred_name", "Later")
    wb.refresh()
    panel.as_of.value = panel.as_of.options[1][1]
    panel.html_button.click()
    assert "&lt;script&gt;x" in saved().decode() and "as of" in saved().decode()
