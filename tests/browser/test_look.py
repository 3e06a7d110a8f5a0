"""careerkit's look in a real browser: phone width, zoom, visible focus, target sizes,
labels that are never cut off, the skip link and the table of contents.

Screenshots at phone width go to ``$CAREERKIT_SCREENSHOTS`` (``phone-NN_name.png``) when it
names a folder.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from careerkit.core import content
from tests.support.pages import open_workbook

pytestmark = pytest.mark.browser



#: Elements sticking out past the right edge of the window, outside any box that scrolls
#: or clips on its own (a wide table in a scrolling box is fine; the page must not scroll).
OVERFLOW_JS = """() => {
  const width = document.documentElement.clientWidth;
  // Voilà scrolls the page inside #rendered_cells: it must not scroll sideways either
  const main = document.getElementById('rendered_cells');
  const out = [];
  for (const el of document.querySelectorAll('#rendered_cells *')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.right <= width + 1) continue;
    let clipped = false;
    for (let p = el.parentElement; p && p !== main && p !== document.body; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === 'auto' || o === 'scroll' || o === 'hidden') {
        if (p.getBoundingClientRect().right <= width + 1) { clipped = true; break; }
      }
    }
    if (!clipped) out.push(`${el.tagName.toLowerCase()}.${String(el.className.baseVal ?? el.className).split(' ').slice(0, 3).join('.')} right=${Math.round(box.right)}`);
  }
  return {scrollWidth: Math.max(document.documentElement.scrollWidth, main.scrollWidth + main.getBoundingClientRect().left),
          clientWidth: width, sticking: out.slice(0, 10)};
}"""

#: Buttons whose words do not fit them ("Add ticked questi…", "1…" for 10).
CLIPPED_JS = """() => [...document.querySelectorAll('#rendered_cells button, #rendered_cells .jupyter-button')]
  .filter(b => b.offsetParent !== null && b.innerText.trim() && b.scrollWidth > b.clientWidth + 1)
  .map(b => `${b.innerText.trim()} (${b.scrollWidth} > ${b.clientWidth})`)"""


def assert_fits(page, where: str) -> None:
    found = page.evaluate(OVERFLOW_JS)
    assert found["scrollWidth"] <= found["clientWidth"], f"{where} scrolls sideways: {found}"
    assert not found["sticking"], f"{where}: elements past the window's edge: {found['sticking']}"
    clipped = page.evaluate(CLIPPED_JS)
    assert not clipped, f"{where}: button labels cut off: {clipped}"


def save_screenshot(page, name: str) -> None:
    folder = os.environ.get("CAREERKIT_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        # Voilà scrolls inside #rendered_cells: a window as tall as the page shows all of it
        size = page.viewport_size
        height = page.evaluate("document.querySelector('#rendered_cells').scrollHeight")
        page.set_viewport_size({"width": size["width"], "height": min(int(height) + 40, 12000)})
        page.screenshot(path=str(Path(folder) / f"{name}.png"))
        page.set_viewport_size(size)


@pytest.mark.timeout(900)  # a long workbook on a busy machine
@pytest.mark.parametrize("workbook_id", content.workbook_ids())
def test_phone_width_has_no_sideways_scrolling(example_app, page_factory, workbook_id):
    """At 390×844, with everything answered: no sideways scrolling, charts fit, rows stack."""
    page = page_factory(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    open_workbook(page, example_app, workbook_id)
    assert_fits(page, f"{workbook_id} at 390 px")
    width = page.evaluate("document.documentElement.clientWidth")
    for box in page.locator(".ck-chart-picture svg").all():
        bound = box.bounding_box()
        assert bound and bound["x"] >= 0 and bound["x"] + bound["width"] <= width + 1, \
            f"{workbook_id}: a chart is wider than the phone"
    # rows of a record list stack: one field beside another never shares a line
    columns = page.evaluate("""() => [...document.querySelectorAll('.ck-row .widget-gridbox')]
        .filter(g => g.offsetParent !== null)
        .map(g => getComputedStyle(g).gridTemplateColumns.trim().split(/\\s+/).length)""")
    assert all(n == 1 for n in columns), f"{workbook_id}: record rows do not stack: {columns}"
    save_screenshot(page, f"phone-{workbook_id}")
    assert page_factory.offsite == []


@pytest.mark.timeout(900)
@pytest.mark.parametrize("workbook_id", ["01_self_reflection", "02_explore_roles", "08_adaptability",
                                         "09_networking", "10_take_action"])
def test_readable_at_200_percent_zoom_with_no_label_cut_off(example_app, page_factory, workbook_id):
    """A 1280 px window at 200 % zoom is 640 CSS px at twice the pixels: nothing scrolls
    sideways, and no button's words are cut ("Add ticked questi…", the scale's "10" shown as "1…")."""
    page = page_factory(viewport={"width": 640, "height": 800}, device_scale_factor=2)
    open_workbook(page, example_app, workbook_id)
    assert_fits(page, f"{workbook_id} at 200 % zoom")
    page.set_viewport_size({"width": 1200, "height": 900})
    page.wait_for_function("document.documentElement.clientWidth === 1200")
    clipped = page.evaluate(CLIPPED_JS)
    assert not clipped, f"{workbook_id} at 1200 px: button labels cut off: {clipped}"


def _contrast(a: str, b: str) -> float:
    def channels(css: str) -> list[float]:
        inside = css[css.index("(") + 1:css.index(")")]
        return [float(v) / 255 for v in inside.replace("/", ",").split(",")[:3]]

    def luminance(rgb: list[float]) -> float:
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    la, lb = sorted((luminance(channels(a)), luminance(channels(b))), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_contrast_helper():
    assert round(_contrast("rgb(0, 0, 0)", "rgb(255, 255, 255)")) == 21
    assert _contrast("rgb(119, 119, 119)", "rgb(255, 255, 255)") == pytest.approx(4.48, abs=0.01)


@pytest.mark.timeout(900)
def test_focus_is_visible_and_targets_are_large_enough(example_app, page_factory):
    """Focus shows as at least 2 px at 3:1 against what is around it; controls are 24×24 px or more."""
    page = page_factory(viewport={"width": 1200, "height": 900})
    open_workbook(page, example_app, "00_start_here")
    page_bg = page.evaluate("getComputedStyle(document.body).backgroundColor")
    card_bg = page.evaluate("getComputedStyle(document.querySelector('#rendered_cells > div')).backgroundColor")
    name = page.locator(".ck-field-preferred_name input")
    name.focus()
    ring = name.evaluate("e => { const s = getComputedStyle(e); return [s.outlineStyle, s.outlineWidth, s.outlineColor]; }")
    assert ring[0] not in ("none", "") and float(ring[1].rstrip("px")) >= 2, ring
    for background in (page_bg, card_bg):
        assert _contrast(ring[2], background) >= 3, (ring, background)
    # from the keyboard, on the banner's dark background too
    link = page.locator(".ck-nav a").first
    link.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    style = link.evaluate("e => [getComputedStyle(e).outlineStyle, getComputedStyle(e).outlineWidth, getComputedStyle(e).outlineColor]")
    assert style[0] != "none" and float(style[1].rstrip("px")) >= 2, style
    for dark in ("rgb(11, 79, 113)", "rgb(19, 111, 99)"):  # the banner's two ends
        assert _contrast(style[2], dark) >= 3, style
    small = page.evaluate("""() => [...document.querySelectorAll(
        '#rendered_cells button, #rendered_cells input, #rendered_cells select, #rendered_cells textarea, #rendered_cells summary, .ck-toc a, .ck-skip')]
        .filter(e => e.offsetParent !== null && e.type !== 'hidden')
        .map(e => [e.tagName + '.' + (e.className || e.type), e.getBoundingClientRect()])
        .filter(([, r]) => r.width < 24 || r.height < 24)
        .map(([n, r]) => `${n} ${Math.round(r.width)}×${Math.round(r.height)}`)""")
    assert not small, f"targets smaller than 24×24 px: {small}"


@pytest.mark.timeout(900)
def test_skip_link_and_table_of_contents(example_app, page_factory):
    """The first Tab reaches "Skip to main content", which moves focus to the first section;
    each entry of the table of contents brings its section into view and focus."""
    from playwright.sync_api import expect

    page = page_factory(viewport={"width": 1280, "height": 800})
    open_workbook(page, example_app, "00_start_here")
    page.keyboard.press("Tab")
    skip = page.locator(".ck-skip")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    first = page.locator("#rendered_cells .jp-RenderedMarkdown h2").first
    expect(first).to_be_focused()
    assert page.evaluate("document.activeElement.getBoundingClientRect().top") < 800

    toc = page.locator("nav.ck-toc, .ck-toc nav")
    links = page.locator(".ck-toc a")
    headings = page.locator("#rendered_cells .jp-RenderedMarkdown h2")
    assert links.count() == headings.count() >= 4
    assert toc.first.evaluate("e => getComputedStyle(e.closest('.ck-toc')).position") == "sticky"
    for n in range(links.count()):
        link = links.nth(n)
        target = link.get_attribute("href").lstrip("#")
        link.click()
        heading = page.locator(f"[id='{target}']")
        expect(heading).to_be_focused()
        top = heading.evaluate("e => e.getBoundingClientRect().top")
        assert 0 <= top < 400, f"{link.inner_text()!r} left its section at {top} px"
        expect(links.nth(n)).to_be_visible()  # the contents stay in reach (sticky)
    # on a phone the contents fold into a bar at the top, and a choice folds it again
    page.set_viewport_size({"width": 390, "height": 844})
    summary = page.locator(".ck-toc summary")
    expect(summary).to_be_visible()
    summary.click()
    links.nth(1).click()
    expect(headings.nth(1)).to_be_focused()
    assert page.locator(".ck-toc").evaluate("e => e.open") is False


@pytest.mark.timeout(900)
def test_charts_carry_a_text_alternative(example_app, page_factory):
    """Each chart is an image named by its title and its data in words, which also shows on request."""
    page = page_factory(viewport={"width": 1200, "height": 900})
    open_workbook(page, example_app, "01_self_reflection")
    pictures = page.locator(".ck-chart-picture[role='img']")
    assert pictures.count() >= 3
    for n in range(pictures.count()):
        label = pictures.nth(n).get_attribute("aria-label")
        assert label and ". " in label and any(ch.isdigit() for ch in label), label
    energy = page.locator(".ck-chart-energy_map")
    energy.locator("summary").click()
    words = energy.locator(".ck-chart-text p").inner_text()
    assert "items:" in words and "Energy afterwards" in words
    assert words in energy.locator(".ck-chart-picture").get_attribute("aria-label")
