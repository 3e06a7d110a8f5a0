"""Every widget of a page is drawn: when its kernel is slow to send them, and on every
cold load.

When a Voilà page opens, its widget manager asks the kernel for every widget's state in
one message (``request_states``) and gives the answer 4 s, counted from the page's start
rather than from when the kernel could first hear it. A busy kernel or a loaded server
(a workshop room opening its pages together) easily takes longer, and then the page
falls back to asking for each widget on its own: for a workbook with some 2,000 widget
models (01, 06) that is 2,000 round trips, and the page sat on "Loading widget..." for
minutes. careerkit's page gives the one request the time it needs.
"""

from __future__ import annotations

import nbformat
import pytest

from tests.support.browser import kernel_messages
from tests.support.pages import open_workbook
from tests.support.voila import VoilaServer, app_for, shutdown_kernel

pytestmark = pytest.mark.browser

#: How long the kernel takes to answer the request for every widget's state.
SLOW_SECONDS = 8
WIDGETS = 120

SLOW_KERNEL = f"""\
import time
from ipywidgets.widgets.widget import Widget

answer = Widget._handle_control_comm_msg.__func__

def slow_answer(cls, msg):  # a kernel busy with other work, on a loaded server
    time.sleep({SLOW_SECONDS})
    answer(cls, msg)

Widget._handle_control_comm_msg = classmethod(slow_answer)
"""

MANY_WIDGETS = f"""\
import ipywidgets as w
w.VBox([w.Text(value=f"answer {{i}}", description=f"Question {{i}}") for i in range({WIDGETS})])
"""


def test_a_page_whose_kernel_answers_late_still_draws_every_widget(tmp_path, page_factory):
    from playwright.sync_api import expect

    from careerkit.serving.app import CONFIG_DIR, app_environment

    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook.cells = [nbformat.v4.new_markdown_cell("# A busy kernel"), nbformat.v4.new_code_cell(SLOW_KERNEL),
                      nbformat.v4.new_code_cell(MANY_WIDGETS)]
    nbformat.write(notebook, tmp_path / "busy.ipynb")
    env = app_environment(base={"CAREERKIT_HOME": str(tmp_path / "home")})
    # served as `careerkit app` serves a notebook: its configuration and page template
    with VoilaServer(tmp_path, cwd=CONFIG_DIR, env=env) as server:
        page = page_factory()
        sent = kernel_messages(page)
        page.goto(server.render_url("busy.ipynb"))
        boxes = page.locator(".widget-text input")
        expect(boxes).to_have_count(WIDGETS, timeout=120_000)
        expect(boxes.last).to_have_value(f"answer {WIDGETS - 1}")
        assert "Loading widget" not in page.inner_text("#rendered_cells")

        asked = sent.count("comm_msg:request_states")
        one_by_one = sent.count("comm_msg:request_state")
        assert asked == 1 and one_by_one == 0 and "comm_info_request" not in sent, (
            f"the page asked for all widgets {asked} time(s), then for {one_by_one} one by one: {sent[:12]}")


#: How many times workbook 11 is opened on a freshly started server.
COLD_LOADS = 10


def test_the_compass_opened_again_and_again_on_a_fresh_server_draws_every_widget(tmp_path, page_factory):
    """Workbook 11 has no preheated kernels: each load runs the notebook in a new kernel."""
    from careerkit.core.examples import seed
    from careerkit.core.storage.store import Store

    store = Store(f"sqlite:///{tmp_path / 'answers.sqlite'}")
    seed(store, "example")
    store.close()
    problems = []
    with app_for(tmp_path, "example") as server:
        for n in range(1, COLD_LOADS + 1):
            page = page_factory(viewport={"width": 1200, "height": 900})
            open_workbook(page, server, "11_career_compass")
            text = page.inner_text("#rendered_cells")
            problems += [f"load {n}: {sign!r}" for sign in ("Error displaying widget", "model not found", "Error")
                         if sign in text]
            shutdown_kernel(page)
            page.context.close()
    assert problems == [], problems
