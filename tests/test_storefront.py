"""Opening answers for a workbook without SQLAlchemy: the same answers read and written,
and the full store taking over whenever anything more is asked."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from careerkit.core.storage import backup, storefront
from careerkit.core.storage import store as store_module
from careerkit.core.examples import seed
from careerkit.core.storage.store import Store
from careerkit.core.storage.storefront import QuickStore, open_store, sqlite_file
from tests.support.driving import in_kernel_loop

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "answers-schema1.sqlite"


@pytest.fixture
def url(tmp_path):
    address = f"sqlite:///{tmp_path / 'answers.sqlite'}"
    store = Store(address)
    seed(store, "ada")
    store.save("ada", "01_self_reflection", "hobbies", ["choir", "kayaking"])
    store.add_checkin("ada", "Spring review", dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.timezone.utc))
    store.add_checkin("ada", "Summer", dt.datetime(2026, 6, 1, 17, 5, 7, 123456, tzinfo=dt.timezone.utc))
    store.save("bo", "00_start_here", "preferred_name", "Bo")
    yield address
    storefront._stores.pop(address, None)


def test_quick_reading_is_the_full_stores_reading(url):
    quick, full = QuickStore.open(url), Store(url)
    assert isinstance(quick, QuickStore)
    for profile in ("ada", "bo", "nobody"):
        assert quick.current(profile) == full.current(profile)
        for workbook in ("00_start_here", "01_self_reflection", "04_goals_vision"):
            assert quick.current(profile, workbook) == full.current(profile, workbook)
            assert quick.answers(profile, workbook) == full.answers(profile, workbook)
        assert quick.history(profile) == full.history(profile)
        assert quick.history(profile, "01_self_reflection") == full.history(profile, "01_self_reflection")
        assert quick.history(profile, "01_self_reflection", "hobbies") == \
            full.history(profile, "01_self_reflection", "hobbies")
        assert quick.checkins(profile) == full.checkins(profile)
    assert len(quick.history("ada", "01_self_reflection", "hobbies")) == 2
    assert [c.label for c in quick.checkins("ada")] == ["Spring review", "Summer"]
    keys = full.attachment_keys("ada")
    assert keys, "the example person keeps vision-board pictures"
    for key in [*keys, "sha256:unknown"]:
        assert quick.get_attachment("ada", key) == full.get_attachment("ada", key)
    assert not quick.opened, "reading alone must not open the full store"


def test_saving_here_is_what_the_full_store_reads(url):
    quick = QuickStore.open(url)
    quick.ensure_profile("ada")
    first = quick.save("ada", "00_start_here", "preferred_name", "Ada")
    more = quick.save_many("ada", [("01_self_reflection", "hobbies", ["choir"]),
                                   ("01_self_reflection", "flow_moments", "Rebuilding the rota — “again”")])
    assert not quick.opened, "saving must not open the full store"
    full = Store(url)
    assert full.history("ada")[-3:] == [first, *more] == quick.history("ada")[-3:]
    assert full.answers("ada", "00_start_here")["preferred_name"] == "Ada"
    assert first.saved_at.tzinfo is not None and first.source == "form"
    assert more[0].id == first.id + 1 and more[1].id == first.id + 2


def test_anything_else_is_asked_of_the_full_store_on_the_same_file(url):
    quick = QuickStore.open(url)
    assert quick.profiles() == Store(url).profiles()  # not offered here: the full store
    assert quick.opened and isinstance(quick.full(), Store)
    revision = quick.save("ada", "00_start_here", "preferred_name", "Ada")  # now saved by the full store
    assert quick.answers("ada", "00_start_here")["preferred_name"] == "Ada" == revision.value
    assert Store(url).answers("ada", "00_start_here")["preferred_name"] == "Ada"


def test_a_new_profile_is_created_without_the_full_store(url):
    quick = QuickStore.open(url)
    quick.ensure_profile("cy", "Cy")
    quick.ensure_profile("cy", "Someone else")  # exists: left as it is
    assert not quick.opened
    assert "cy" in Store(url).profiles()
    assert quick._rows("SELECT display_name FROM profiles WHERE id = 'cy'") == [("Cy",)]


def test_a_notice_survives_the_hand_over(url):
    quick = QuickStore.open(url)
    quick.notice = "Your answers file was damaged, so careerkit repaired it."
    quick.full()
    assert quick.notice == quick.full().notice == "Your answers file was damaged, so careerkit repaired it."
    quick.notice = ""
    assert quick.full().notice == ""


def test_open_store_is_quick_only_for_a_sound_current_sqlite_file(url, tmp_path):
    assert isinstance(open_store(url), QuickStore)
    assert open_store(url) is open_store(url)  # shared within the process

    missing = f"sqlite:///{tmp_path / 'new' / 'answers.sqlite'}"
    older = tmp_path / "older" / "answers.sqlite"
    older.parent.mkdir()
    shutil.copy(FIXTURE, older)
    with_options = url + "?timeout=5"
    try:
        assert isinstance(open_store(missing), Store)  # created by the full store
        assert isinstance(open_store(f"sqlite:///{older}"), Store)  # upgraded by the full store
        assert Store(f"sqlite:///{older}").schema_version == storefront.SCHEMA_VERSION
        assert QuickStore.open(with_options) is None
        assert QuickStore.open("postgresql+psycopg://someone@127.0.0.1:1/nothing") is None
    finally:
        for address in (missing, f"sqlite:///{older}", with_options):
            storefront._stores.pop(address, None)


def test_a_damaged_file_is_left_to_the_full_store_which_repairs_it(url):
    path = sqlite_file(url)
    assert backup.backup_now(url, reason="daily") is not None
    Store(url).close()
    store_module._engines.pop(url).dispose()
    with open(path, "r+b") as handle:
        handle.write(b"\x00garbage-garbage" * 6)
    assert QuickStore.open(url) is None
    opened = open_store(url)
    assert isinstance(opened, Store) and "damaged" in opened.notice
    assert opened.answers("bo", "00_start_here") == {"preferred_name": "Bo"}


def test_a_newer_schema_is_refused_by_the_full_store(url):
    Store(url).close()
    import sqlite3

    with sqlite3.connect(sqlite_file(url)) as conn:
        conn.execute("UPDATE careerkit_meta SET value = '99' WHERE key = 'schema_version'")
    assert QuickStore.open(url) is None
    with pytest.raises(storefront.StoreError, match="newer careerkit"):
        open_store(url)


def test_sqlite_file_reads_only_the_plain_form():
    assert sqlite_file("sqlite:////home/ada/.careerkit/answers.sqlite") == Path("/home/ada/.careerkit/answers.sqlite")
    assert sqlite_file("sqlite:///answers.sqlite") == Path("answers.sqlite")
    for other in ("sqlite://", "sqlite:///:memory:", "sqlite+pysqlite:///a.sqlite", "sqlite:///a.sqlite?mode=ro",
                  "sqlite:///a%20b.sqlite", "postgresql://h/db"):
        assert sqlite_file(other) is None, other
    assert backup.sqlite_path("sqlite:///file:/tmp/a.sqlite?mode=ro&uri=true") == Path("/tmp/a.sqlite")


def test_a_workbook_kernel_draws_and_saves_without_sqlalchemy(tmp_path):
    """What a Voilà kernel does for workbooks 00, 01, 04 and 11, in a fresh process."""
    home = tmp_path / "home"
    store = Store(f"sqlite:///{home / 'answers.sqlite'}")
    seed(store, "ada")
    store.add_checkin("ada", "Spring review")
    code = """
import json, sys
from pathlib import Path
for name in sys.argv[1:]:
    cells = [''.join(c['source']) for c in json.loads(Path(name).read_text())['cells'] if c['cell_type'] == 'code']
    space = {}
    exec('\\n'.join(cells), space)
    assert 'sqlalchemy' not in sys.modules, (name, [m for m in sys.modules if m.startswith('sqlalchemy')][:3])
import careerkit
opened = careerkit.open_workbook('00_start_here', header=False)
opened.save('preferred_name', 'Ada Lovelace')
print(json.dumps({'sqlalchemy': 'sqlalchemy' in sys.modules, 'opened': opened.store.opened}))
"""
    names = [str(REPO / "workbooks" / f"{n}.ipynb")
             for n in ("00_start_here", "01_self_reflection", "04_goals_vision", "11_career_compass")]
    env = {**os.environ, "CAREERKIT_HOME": str(home), "CAREERKIT_PROFILE": "ada", "CAREERKIT_DRAW": "inline"}
    env.pop("CAREERKIT_DATABASE_URL", None)
    done = subprocess.run([sys.executable, "-c", code, *names], env=env, capture_output=True, text=True,
                          timeout=240, cwd=REPO)
    assert done.returncode == 0, done.stderr[-3000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == {"sqlalchemy": False, "opened": False}
    assert Store(f"sqlite:///{home / 'answers.sqlite'}").answers("ada", "00_start_here")["preferred_name"] == \
        "Ada Lovelace"


def test_a_person_typing_saves_without_opening_the_full_store(url):
    from careerkit.widgets.forms import Saver

    quick = QuickStore.open(url)
    saver = Saver(quick, "bo", delay=0.2)

    async def type_and_wait() -> None:
        import asyncio

        saver.queue("00_start_here", "preferred_name", "Bo D")
        await asyncio.sleep(0.05)
        saver.queue("00_start_here", "preferred_name", "Bo Diddley")
        await asyncio.sleep(0.5)

    in_kernel_loop(type_and_wait)
    assert saver.pending == 0 and not quick.opened
    assert [r.value for r in Store(url).history("bo", "00_start_here", "preferred_name")] == ["Bo", "Bo Diddley"]
