"""The one entry point: ``python -m benchmarks [--quick] [--only GROUP ...] [--workbooks ID ...]``.

Prints a table of every figure against its baseline and target, writes one JSON file per
group measured (``benchmarks/results/GROUP.json``, replacing that group's previous one;
they are committed) and regenerates ``benchmarks/RESULTS.md`` from all of them
(:mod:`benchmarks.report`). Exits with status 1 when a target is missed or could not be
measured, naming it.

Groups: ``import``, ``logic`` (matching, the room's picture), ``saving``, ``hub`` (saving
through the careerkit JupyterHub service, 300 users against PostgreSQL), ``headless``
(every workbook executed as the tests do; also counts widgets and writes the bare
baselines), ``render`` (server render time, one request and a full room), ``browser``
(first usable input and fully drawn, against the same-widget bare notebook and a minimal
page; kernel memory), ``room`` (a room opening the start page at once in browsers),
``moving`` (one person working through 00→11). ``--quick`` runs a small version of each
(one workbook, fewer runs and writers) into ``benchmarks/results/quick/`` (not
committed): a check that the suite works, not figures to quote.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from . import logic, notebooks, saving
from .common import (REPO, WORKBOOKS, Figure, alternate, careerkit_env, git_state, load_average, machine, median,
                     rotate, seeded_home)

#: The Voilà figures of a full run cover every workbook (issue 18's "every workbook, every
#: run"); ``--workbooks ID ...`` measures fewer, for a quicker look.
GROUPS = ("import", "logic", "saving", "hub", "headless", "render", "browser", "room", "moving")
#: The groups that need no browser and no Voilà server.
CHEAP_GROUPS = ("import", "logic", "saving", "hub")
RESULTS = Path(__file__).resolve().parent / "results"
#: The version of the result files' layout (see ``benchmarks/report.py`` for what each field means).
SCHEMA = 1


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a short run that checks the suite works")
    parser.add_argument("--only", nargs="+", choices=GROUPS, help="run only these groups")
    parser.add_argument("--workbooks", nargs="+",
                        help="workbook ids for the Voilà figures, or 'all' (the default)")
    parser.add_argument("--room-workbooks", nargs="+",
                        help="workbooks a full room opens at once (default: 00_start_here, where a workshop starts)")
    parser.add_argument("--runs", type=int, help="runs per figure (default 5; quick: 1)")
    parser.add_argument("--room", type=int, help="people in the room: concurrent requests and writers (default 30)")
    parser.add_argument("--hub-users", type=int, help="hub users saving at once through the service (default 300)")
    parser.add_argument("--out", type=Path, help="write the JSON here instead of benchmarks/results/")
    args = parser.parse_args(argv)
    quick = args.quick
    args.groups = args.only or list(GROUPS)
    args.runs = args.runs or (1 if quick else 5)
    args.room = args.room or (4 if quick else 30)
    ids = sorted(p.stem for p in WORKBOOKS.glob("[0-9][0-9]_*.ipynb"))
    if args.workbooks == ["all"] or (not args.workbooks and not quick):
        args.workbooks = ids
    args.workbooks = args.workbooks or ["00_start_here"]
    args.room_workbooks = args.room_workbooks or ["00_start_here"]
    return args


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# -- groups ----------------------------------------------------------------------------------

def bench_import(args, figures: list[Figure], facts: dict) -> None:
    runs = max(args.runs, 3)
    ck, base = alternate(runs, lambda: logic.import_time("import careerkit"),
                         lambda: logic.import_time("import ipywidgets"))
    figures.append(Figure("import", "import careerkit", "s", median([r["seconds"] for r in ck]),
                          median([r["seconds"] for r in base]), "import ipywidgets", runs=runs,
                          samples=[r["seconds"] for r in ck], baseline_samples=[r["seconds"] for r in base], key="careerkit",
                          note=f"{ck[0]['modules']} modules, heavy: {', '.join(ck[0]['heavy']) or 'none'}"))
    opened = [logic.import_time("import careerkit.presentation.workbook") for _ in range(runs)]
    figures.append(Figure("import", "import what open_workbook needs", "s", median([r["seconds"] for r in opened]),
                          median([r["seconds"] for r in base]), "import ipywidgets", runs=runs,
                          samples=[r["seconds"] for r in opened], key="workbook",
                          note=f"{opened[0]['modules']} modules, heavy: {', '.join(opened[0]['heavy'])}"))
    facts["imports"] = {"careerkit": ck[0], "careerkit.presentation.workbook": opened[0], "ipywidgets": base[0]}


def bench_logic(args, figures: list[Figure], facts: dict) -> None:
    runs = 5 if args.quick else 50
    found = logic.matching(runs)
    figures.append(Figure("logic", f"rank all {found['occupations']} O*NET occupations", "ms",
                          found["median"] * 1000, target="≤ 50 ms", limit=50, ratio_target=False, runs=runs,
                          key="matching",
                          samples=[s * 1000 for s in found["samples"]],
                          note=f"first call (loads O*NET tables) {found['first'] * 1000:.0f} ms"))
    from . import cohort

    sizes = (200, 1000) if args.quick else (1000, 10000)
    for n in sizes:
        log(f"logic: a room of {n:,} with varied answers")
        members = cohort.members(n)
        runs = 1 if args.quick else 3
        found = [logic.room_picture(members) for _ in range(runs)]
        limit = 1.0 if n >= 10000 else None
        facts.setdefault("rooms", {})[str(n)] = {"digest": cohort.digest(members), "seed": 11,
                                                  "consenting": sum(m.consent for m in members)}
        figures.append(Figure(
            "logic", f"the room's picture, {n:,} participants with varied answers", "s",
            median([r["picture"] for r in found]), target="≤ 1 s" if limit else "", limit=limit,
            ratio_target=False, runs=runs, samples=[r["picture"] for r in found], key=f"picture.{n}",
            target_ref="18.5" if limit else "",
            details={"participants": n, "cpu_seconds": median([r["picture_cpu"] for r in found])},
            note=f"careerkit.core.logic.cohort.picture; processor time "
                 f"{median([r['picture_cpu'] for r in found]):.2f} s"))
        figures.append(Figure(
            "logic", f"a refresh that releases a new picture, {n:,} participants", "s",
            median([r["release"] for r in found]), runs=runs, samples=[r["release"] for r in found],
            key=f"release.{n}", details={"participants": n},
            note=f"the room's fingerprints ({median([r['fingerprints'] for r in found]):.2f} s), "
                 f"then the picture"))
    for n in (30,) if args.quick else (30, 1000):
        room = logic.room_refresh(n, 1 if args.quick else 5)
        figures.append(Figure("logic", f"facilitator's refresh, workshop of {n:,} (SQLite)", "ms",
                              room["refresh"] * 1000, runs=1 if args.quick else 5, key=f"refresh.{n}",
                              samples=[s * 1000 for s in room["samples"]],
                              note=f"loading the room {room['load'] * 1000:.0f} ms in one query per 500 people; "
                                   f"one person at a time {room['load_one_by_one'] * 1000:.0f} ms"))


def bench_saving(args, figures: list[Figure], facts: dict) -> None:
    from careerkit.widgets.forms import SAVE_DELAY

    n_single = 50 if args.quick else 300
    n_each = 5 if args.quick else 40
    targets = [("SQLite", None)]
    pg = os.environ.get("CAREERKIT_TEST_DATABASE_URL")
    if pg:
        targets.append(("PostgreSQL", pg))
    else:
        log("saving: CAREERKIT_TEST_DATABASE_URL is not set, PostgreSQL is left out")
    for engine, base_url in targets:
        with tempfile.TemporaryDirectory(prefix="careerkit-bench-save-") as folder:
            if base_url is None:
                url_single = saving.sqlite_url(Path(folder) / "single")
                url_room = saving.sqlite_url(Path(folder) / "room")
                (Path(folder) / "single").mkdir()
                (Path(folder) / "room").mkdir()
                context = None
            else:
                from tests.support.postgres import fresh_database

                context = fresh_database(base_url)
                url_single = url_room = context.__enter__()
            try:
                log(f"saving: one writer on {engine}")
                one = saving.single(url_single, n_single)
                figures.append(Figure("saving", f"save an answer, one writer, {engine}: p50", "ms", one["p50"],
                                      runs=one["saves"], key=f"{engine.lower()}.one", note=f"p99 {one['p99']:.1f} ms, lost {one['lost']}"))
                log(f"saving: {args.room} writer processes on {engine}")
                room = saving.concurrent(url_room, args.room, n_each, SAVE_DELAY, engine.lower())
                figures.append(Figure("saving", f"save an answer, {args.room} writers, {engine}: p99", "ms", room["p99"],
                                      target="≤ 20 ms" if engine == "SQLite" else "", ratio_target=False,
                                      limit=20 if engine == "SQLite" else None, runs=room["saves"],
                                      key=f"{engine.lower()}.room", details={"writers": args.room},
                                      note=f"p50 {room['p50']:.1f} ms, max {room['max']:.1f} ms, "
                                           f"lost revisions {room['lost']}"))
                log(f"saving: {args.room} writer processes on {engine}, all saving at the same instant")
                step = saving.concurrent(url_room, args.room, n_each, SAVE_DELAY, engine.lower() + "-step",
                                         in_step=True)
                figures.append(Figure("saving", f"save an answer, {args.room} writers in step (worst case), "
                                                f"{engine}: p99", "ms", step["p99"], runs=step["saves"],
                                      key=f"{engine.lower()}.in_step", details={"writers": args.room},
                                      note=f"p50 {step['p50']:.1f} ms, max {step['max']:.1f} ms, "
                                           f"lost revisions {step['lost']}"))
                lost = room["lost"] + step["lost"]
                figures.append(Figure("saving", f"lost revisions, {args.room} writers, {engine}", "", lost,
                                      target="0", limit=0, ratio_target=False, runs=room["saves"] + step["saves"],
                                      key=f"{engine.lower()}.lost", details={"writers": args.room}))
                facts.setdefault("saving", {})[engine] = {"one": one, "room": room, "in_step": step}
            finally:
                if context is not None:
                    context.__exit__(None, None, None)


def bench_hub(args, figures: list[Figure], facts: dict) -> None:
    from . import hub

    base_url = os.environ.get("CAREERKIT_TEST_DATABASE_URL")
    if not base_url:
        log("hub: CAREERKIT_TEST_DATABASE_URL is not set, the hub service figures are left out")
        return
    from tests.support.postgres import fresh_database

    users = args.hub_users or (20 if args.quick else 300)
    saves = 3 if args.quick else 20
    log(f"hub: {users} hub users saving through the careerkit service, PostgreSQL")
    with fresh_database(base_url) as url:
        found = hub.simulate(url, users, saves)
    figures.append(Figure("hub", f"save an answer through the hub service, {users} users, PostgreSQL: p99", "ms",
                          found["p99"], target="≤ 50 ms", limit=50, ratio_target=False, runs=found["saves"],
                          key="p99", target_ref="18.6", details={"users": users, "saves_each": saves},
                          note=f"p50 {_fmt(found['p50'], 'ms')}, max {_fmt(found['max'], 'ms')}; "
                               f"{found['saves_per_second']:g} saves/s done of {found['asked_per_second']:g} asked; "
                               f"saves retried {found['retried']}; "
                               f"kernels that gave up {found['failed_kernels']}"))
    figures.append(Figure("hub", f"lost revisions, {users} hub users", "", found["lost"], target="0", limit=0,
                          ratio_target=False, runs=found["attempted"], key="lost", target_ref="18.6",
                          details={"users": users, "saves_each": saves}))
    facts["hub"] = found


def bench_headless(args, figures: list[Figure], facts: dict, home: Path, folder: Path) -> dict[str, Path]:
    """Execute every workbook as the tests do; count widgets; write the bare notebooks."""
    env = careerkit_env(home)
    bare: dict[str, Path] = {}
    every = sorted(p.stem for p in WORKBOOKS.glob("[0-9][0-9]_*.ipynb"))
    ids = sorted(set(args.workbooks) | set(args.room_workbooks))
    if "moving" in args.groups:  # one person's walk through the workbooks: each needs its bare page
        ids = sorted(set(ids) | set(every[:2] if args.quick else every))
    if "headless" in args.groups and not args.quick:
        ids = every
    total = 0.0
    counts = {}
    for workbook in ids:
        log(f"headless: executing {workbook}")
        seconds, nb = notebooks.execute(WORKBOOKS / f"{workbook}.ipynb", env)
        total += seconds
        trees = notebooks.widget_trees(nb)
        widgets = notebooks.count(trees)
        bare[workbook] = notebooks.write_bare(trees, folder / f"bare_{workbook}.ipynb")
        counts[workbook] = {"widgets": sum(widgets.values()), "models": notebooks.model_count(nb),
                            "by_class": dict(widgets.most_common())}
        if "headless" in args.groups:
            figures.append(Figure("headless", f"execute {workbook}", "s", seconds, runs=1,
                                  note=f"{counts[workbook]['widgets']} widgets, {counts[workbook]['models']} models"))
    if "headless" in args.groups:
        figures.append(Figure("headless", "execute every workbook", "s", total, runs=1,
                              note="nbclient, one fresh kernel each, the example person's answers"))
    facts["widgets"] = counts
    return bare


def bench_render(args, figures: list[Figure], facts: dict, served: Path, env: dict) -> None:
    from . import voila

    with voila.server(served, env) as srv:
        for workbook in args.workbooks:
            log(f"render: {workbook}, one request at a time")
            ck, base = alternate(args.runs, lambda: voila.render_once(srv, f"{workbook}.ipynb"),
                                 lambda: voila.render_once(srv, voila.bare_name(workbook)))
            figures.append(Figure("render", f"server render {workbook}", "s", median(ck), median(base), "bare",
                                  runs=args.runs, samples=ck, baseline_samples=base))
        for workbook in args.room_workbooks:
            log(f"render: {workbook}, {args.room} requests at once")
            runs = args.runs
            ck, base = alternate(runs, lambda: voila.render_concurrently(srv, f"{workbook}.ipynb", args.room),
                                 lambda: voila.render_concurrently(srv, voila.bare_name(workbook), args.room))
            figures.append(Figure("render", f"server render {workbook}, {args.room} at once: median request", "s",
                                  median([r["median"] for r in ck]), median([r["median"] for r in base]), "bare",
                                  target="≤ 1.3×", limit=1.3, runs=runs,
                                  samples=[r["median"] for r in ck], baseline_samples=[r["median"] for r in base]))
            figures.append(Figure("render", f"server render {workbook}, {args.room} at once: last page done", "s",
                                  median([r["makespan"] for r in ck]), median([r["makespan"] for r in base]), "bare",
                                  runs=runs, samples=[r["makespan"] for r in ck],
                                  baseline_samples=[r["makespan"] for r in base]))


def bench_browser(args, figures: list[Figure], facts: dict, served: Path, env: dict) -> None:
    """Every asked workbook cold, against its same-widget bare notebook and the minimal page, in turn;
    then preheated."""
    from . import voila

    cold: dict[str, dict] = {}
    with voila.Browser() as browser:
        with voila.server(served, env) as srv:
            for workbook in args.workbooks:
                log(f"browser: {workbook}, cold, against its bare notebook and the minimal page")
                ck, bare, minimal = rotate(
                    args.runs,
                    lambda: browser.time_to_interactive(srv, f"{workbook}.ipynb", measure_memory=True),
                    lambda: browser.time_to_interactive(srv, voila.bare_name(workbook), measure_memory=True),
                    lambda: browser.time_to_interactive(srv, voila.MINIMAL))
                cold[workbook] = {"tti": median([r["tti"] for r in bare])}
                for measure, field, title in (("first_input", "tti", "first usable input"),
                                              ("fully_drawn", "drawn", "fully drawn")):
                    for kind, base, base_name in (("bare", bare, "bare, cold"),
                                                  ("minimal", minimal, "minimal 12-widget page, cold")):
                        limited = measure == "first_input" and kind == "bare"
                        figures.append(Figure(
                            "browser", f"{workbook}, cold: {title}" + ("" if kind == "bare" else " (vs minimal page)"),
                            "s", median([r[field] for r in ck]), median([r[field] for r in base]), base_name,
                            target="≤ 1.2×" if limited else "", limit=1.2 if limited else None,
                            target_ref="18.4" if limited else "", runs=args.runs,
                            key=f"tti.{workbook}.{measure}" + ("" if kind == "bare" else ".minimal"),
                            details={"workbook": workbook, "measure": measure, "baseline": kind},
                            samples=[r[field] for r in ck], baseline_samples=[r[field] for r in base]))
                for kind in ("rss", "uss"):
                    figures.append(Figure("memory", f"kernel {kind.upper()} {workbook}", "MB",
                                          median([r[kind] for r in ck]), median([r[kind] for r in bare]), "bare",
                                          target="≤ 2.0×", limit=2.0, runs=args.runs, key=f"{kind}.{workbook}",
                                          details={"workbook": workbook},
                                          samples=[r[kind] for r in ck], baseline_samples=[r[kind] for r in bare]))
        drawer = voila.drawing_process()
        if drawer is not None and os.environ.get("CAREERKIT_DRAW", "").strip().lower() != "inline":
            rss, uss = voila.memory_of(drawer)
            figures.append(Figure("memory", "shared drawing process (one per machine, not per kernel)", "MB", rss,
                                  runs=1, key="drawing_process", note=f"RSS; USS {uss:.0f} MB"))
        pools = [f"{w}.ipynb" for w in args.workbooks]
        log(f"browser: starting a server with {len(pools)} preheated kernels")
        with voila.server(served, env, pools=pools) as srv:
            for workbook in args.workbooks:
                log(f"browser: {workbook}, preheated")
                ck = [browser.time_to_interactive(srv, f"{workbook}.ipynb")["tti"] for _ in range(args.runs)]
                figures.append(Figure("browser", f"{workbook}, preheated: first usable input", "s", median(ck),
                                      cold[workbook]["tti"], "bare, cold", target="≤ 1.0×", limit=1.0,
                                      runs=args.runs, samples=ck, key=f"preheated.{workbook}",
                                      details={"workbook": workbook, "measure": "first_input",
                                               "baseline": "bare"}))


def bench_room(args, figures: list[Figure], facts: dict, served: Path, env: dict) -> None:
    """The room opens a start page at once: through careerkit's app configuration, and bare Voilà cold."""
    from . import voila

    with voila.Browser() as browser:
        for workbook in args.room_workbooks:
            log(f"room: {args.room} people open {workbook} at once, careerkit app and bare Voilà in turn")
            app_runs, bare_runs = [], []
            for i in range(args.runs):
                order = ("app", "bare") if i % 2 == 0 else ("bare", "app")
                for side in order:
                    if side == "app":
                        with voila.server(served, env, app=True) as srv:
                            app_runs.append(browser.room(srv, f"{workbook}.ipynb", args.room))
                    else:
                        with voila.server(served, env) as srv:
                            bare_runs.append(browser.room(srv, voila.bare_name(workbook), args.room))
            for measure, field, title, limit in (("fully_drawn", "drawn", "every page fully drawn", 0.35),
                                                 ("first_input", "first_input", "every page usable", None)):
                figures.append(Figure(
                    "room", f"{args.room} people open {workbook} at once: {title}", "s",
                    median([r[field] for r in app_runs]), median([r[field] for r in bare_runs]),
                    f"bare Voilà, {args.room} cold pages", target="≤ 0.35×" if limit else "", limit=limit,
                    target_ref="18.1" if limit else "", runs=args.runs, key=f"room.{measure}",
                    details={"workbook": workbook, "people": args.room, "measure": measure},
                    samples=[r[field] for r in app_runs], baseline_samples=[r[field] for r in bare_runs],
                    note=f"median page fully drawn {median([r['median_drawn'] for r in app_runs]):.1f} s "
                         f"(bare {median([r['median_drawn'] for r in bare_runs]):.1f} s)" if limit else ""))


def bench_moving(args, figures: list[Figure], facts: dict, served: Path, env: dict) -> None:
    """One person works through the workbooks in order through careerkit's app configuration; each next
    page against the bare cold page of the same workbook, and the kernels left at the end."""
    from . import voila

    ids = sorted(p.stem for p in WORKBOOKS.glob("[0-9][0-9]_*.ipynb"))
    if args.quick:
        ids = ids[:2]
    names = [f"{w}.ipynb" for w in ids]
    walks, bare = [], {w: [] for w in ids[1:]}
    with voila.Browser() as browser:
        for i in range(args.runs):
            log(f"moving: run {i + 1} of {args.runs}, {ids[0]} → {ids[-1]}")
            with voila.server(served, env, app=True) as srv:
                walks.append(browser.moving(srv, names))
            with voila.server(served, env) as srv:
                for w in ids[1:]:
                    bare[w].append(browser.time_to_interactive(srv, voila.bare_name(w), measure_memory=True))
    for w in ids[1:]:
        steps = [walk["steps"][f"{w}.ipynb"] for walk in walks]
        figures.append(Figure("moving", f"moving on to {w}: fully drawn", "s", median(steps),
                              median([r["drawn"] for r in bare[w]]), "bare, cold", target="≤ 0.5×", limit=0.5,
                              target_ref="18.2", runs=args.runs, key=f"moving.{w}", details={"workbook": w},
                              samples=steps, baseline_samples=[r["drawn"] for r in bare[w]]))
    one_bare = median([r["uss"] for w in ids[1:] for r in bare[w]])
    figures.append(Figure("moving", f"kernels held for one person after {ids[0]} → {ids[-1]} (USS)", "MB",
                          median([walk["uss"] for walk in walks]), one_bare, "one bare kernel", target="≤ 2.0×",
                          limit=2.0, target_ref="18.3", runs=args.runs, key="moving.memory",
                          samples=[walk["uss"] for walk in walks],
                          note=f"kernels still held: {', '.join(str(walk['kernels']) for walk in walks)}"))


# -- output ----------------------------------------------------------------------------------

def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "ms":
        return f"{value:.1f} ms"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "MB":
        return f"{value:.0f} MB"
    return f"{value:g}"


def table(figures: list[Figure]) -> str:
    """The figures as a Markdown table."""
    lines = ["| figure | careerkit | baseline | ratio | target | met | runs | note |",
             "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    for f in figures:
        base = f"{_fmt(f.baseline, f.unit)} ({f.baseline_name})" if f.baseline is not None else ""
        ratio = f"{f.ratio:.2f}×" if f.ratio is not None else ""
        met = {True: "yes", False: "**no**", None: ""}[f.met]
        lines.append(f"| {f.name} | {_fmt(f.value, f.unit)} | {base} | {ratio} | {f.target} | {met} | {f.runs} | {f.note} |")
    return "\n".join(lines)


def compile_bytecode() -> int:
    """Compile careerkit's modules to bytecode, as installing a package does; returns how many.

    An editable checkout used with ``PYTHONDONTWRITEBYTECODE`` set (common in containers)
    would otherwise compile every careerkit module from source in every kernel, a cost no
    installed copy pays and the bare notebook (which imports installed packages only)
    never sees.
    """
    import compileall

    import careerkit

    package = Path(careerkit.__file__).parent
    compileall.compile_dir(str(package), quiet=1)
    return sum(1 for _ in package.rglob("__pycache__/*.pyc"))


def _group_result(group: str, args, figures: list[Figure], facts: dict, *, load_before: list[float],
                  seconds: float, about: dict) -> dict:
    """One group's result file: what was measured, on which commit and machine, under what load."""
    return {
        "schema": SCHEMA,
        "group": group,
        "quick": args.quick,
        "command": about["command"],
        "commit": about["commit"],
        "finished": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
        "seconds": round(seconds, 1),
        "machine": {**about["machine"], "load_before": load_before, "load_after": load_average()},
        "settings": {"runs": args.runs, "room": args.room, "workbooks": list(args.workbooks),
                     "room_workbooks": list(args.room_workbooks), "hub_users": args.hub_users},
        "figures": [f.as_dict() for f in figures],
        "facts": facts,
    }


def result_path(group: str, *, quick: bool, folder: Path | None = None) -> Path:
    """Where a group's result goes: one file per group, replaced by each run of that group.

    Full runs write ``benchmarks/results/GROUP.json`` (committed, the source of
    ``RESULTS.md``); quick runs write ``benchmarks/results/quick/GROUP.json`` (ignored by git).
    """
    folder = RESULTS if folder is None else folder
    return (folder / "quick" if quick else folder) / f"{group}.json"


def verdict(figures: list[Figure]) -> tuple[list[str], list[str]]:
    """Figures whose target was missed, and figures with a target that produced no value."""
    missed = [f"{f.name}: {_fmt(f.value, f.unit)}"
              + (f" ({f.ratio:.2f}× {f.baseline_name})" if f.ratio_target and f.ratio is not None else "")
              + f", target {f.target}" for f in figures if f.met is False]
    unmeasured = [f.name for f in figures if f.limit is not None and f.met is None]
    return missed, unmeasured


def main(argv: list[str] | None = None) -> int:
    """Run the asked groups; write one result file per group; 1 when a target is missed."""
    args = parse(argv)
    sys.path.insert(0, str(REPO))
    started = time.monotonic()
    about = {"machine": machine(), "commit": git_state(),
             "command": " ".join(["python -m benchmarks", *(argv if argv is not None else sys.argv[1:])])}
    about["machine"].pop("load_before", None)
    bytecode = compile_bytecode()
    results: dict[str, dict] = {}

    def measure(group: str, fn, *extra):
        figures: list[Figure] = []
        facts: dict = {}
        load_before, began = load_average(), time.monotonic()
        out = fn(args, figures, facts, *extra)
        if group in args.groups:
            results[group] = _group_result(group, args, figures, facts, load_before=load_before,
                                           seconds=time.monotonic() - began, about=about)
            results[group]["bytecode_files"] = bytecode
            if not args.out:  # at once: a group measured stays measured if a later one fails
                path = result_path(group, quick=args.quick)
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(json.dumps(results[group], indent=1, ensure_ascii=False) + "\n")
                log(f"wrote {path}")
        return out, figures

    everything: list[Figure] = []
    if "import" in args.groups:
        log("import")
        everything += measure("import", bench_import)[1]
    if "logic" in args.groups:
        log("logic: matching and the room's picture")
        everything += measure("logic", bench_logic)[1]
    if "saving" in args.groups:
        everything += measure("saving", bench_saving)[1]
    if "hub" in args.groups:
        everything += measure("hub", bench_hub)[1]
    needs_notebooks = {"headless", "render", "browser", "room", "moving"} & set(args.groups)
    if needs_notebooks:
        from . import voila

        with seeded_home() as home, tempfile.TemporaryDirectory(prefix="careerkit-bench-") as tmp:
            folder = Path(tmp)
            bare, figures = measure("headless", bench_headless, home, folder)
            everything += figures if "headless" in args.groups else []
            served = voila.prepare_folder(folder, bare)
            env = careerkit_env(home)
            for group, fn in (("render", bench_render), ("browser", bench_browser), ("room", bench_room),
                              ("moving", bench_moving)):
                if group in args.groups:
                    everything += measure(group, fn, served, env)[1]
    print(table(everything))
    print(f"\n{len(everything)} figures in {time.monotonic() - started:.0f} s; load at the end {load_average()}")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps({"schema": SCHEMA, "quick": args.quick, "groups": results}, indent=1))
    elif not args.quick:
        from . import report

        report.write()
        log("wrote benchmarks/RESULTS.md from benchmarks/results/*.json")
    missed, unmeasured = verdict(everything)
    for name in unmeasured:
        print(f"target not measured: {name}")
    for line in missed:
        print(f"target missed: {line}")
    if missed or unmeasured:
        print(f"{len(missed)} target(s) missed, {len(unmeasured)} not measured")
        return 1
    return 0
