"""The one entry point: ``python -m benchmarks [--quick] [--only GROUP ...] [--workbooks ID ...]``.

Prints a table of every figure against its baseline and target, and writes the same
figures as JSON under ``benchmarks/results/`` (``latest.json`` and a dated copy).

Groups: ``import``, ``logic`` (matching, cohort), ``saving``, ``headless`` (every
workbook executed as the tests do; also counts widgets and writes the bare
baselines), ``render`` (server render time, one request and a full room),
``browser`` (time-to-interactive cold and preheated, kernel memory).
``--quick`` runs a small version of each (one workbook, fewer runs and writers) in
well under a minute per group: a check that the suite works, not figures to quote.
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
from .common import REPO, WORKBOOKS, Figure, alternate, careerkit_env, machine, median, seeded_home

#: The Voilà figures of a full run: the start page, the heaviest workbook (most widgets and
#: charts) and the synthesis that reads every other workbook. ``--workbooks all`` for every one.
DEFAULT_WORKBOOKS = ("00_start_here", "01_self_reflection", "11_career_compass")
GROUPS = ("import", "logic", "saving", "headless", "render", "browser")
RESULTS = Path(__file__).resolve().parent / "results"


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a short run that checks the suite works")
    parser.add_argument("--only", nargs="+", choices=GROUPS, help="run only these groups")
    parser.add_argument("--workbooks", nargs="+",
                        help="workbook ids for the Voilà figures, or 'all' (default: " + " ".join(DEFAULT_WORKBOOKS) + ")")
    parser.add_argument("--room-workbooks", nargs="+",
                        help="workbooks a full room opens at once (default: 00_start_here, where a workshop starts)")
    parser.add_argument("--runs", type=int, help="runs per figure (default 5; quick: 1)")
    parser.add_argument("--room", type=int, help="people in the room: concurrent requests and writers (default 30)")
    parser.add_argument("--out", type=Path, help="write the JSON here instead of benchmarks/results/")
    args = parser.parse_args(argv)
    quick = args.quick
    args.groups = args.only or list(GROUPS)
    args.runs = args.runs or (1 if quick else 5)
    args.room = args.room or (4 if quick else 30)
    ids = sorted(p.stem for p in WORKBOOKS.glob("[0-9][0-9]_*.ipynb"))
    if args.workbooks == ["all"]:
        args.workbooks = ids
    args.workbooks = args.workbooks or (["00_start_here"] if quick else list(DEFAULT_WORKBOOKS))
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
                          samples=[r["seconds"] for r in ck], baseline_samples=[r["seconds"] for r in base],
                          note=f"{ck[0]['modules']} modules, heavy: {', '.join(ck[0]['heavy']) or 'none'}"))
    opened = [logic.import_time("import careerkit.presentation.workbook") for _ in range(runs)]
    figures.append(Figure("import", "import what open_workbook needs", "s", median([r["seconds"] for r in opened]),
                          median([r["seconds"] for r in base]), "import ipywidgets", runs=runs,
                          samples=[r["seconds"] for r in opened],
                          note=f"{opened[0]['modules']} modules, heavy: {', '.join(opened[0]['heavy'])}"))
    facts["imports"] = {"careerkit": ck[0], "careerkit.presentation.workbook": opened[0], "ipywidgets": base[0]}


def bench_logic(args, figures: list[Figure], facts: dict) -> None:
    runs = 5 if args.quick else 50
    found = logic.matching(runs)
    figures.append(Figure("logic", f"rank all {found['occupations']} O*NET occupations", "ms",
                          found["median"] * 1000, target="≤ 50 ms", limit=50, ratio_target=False, runs=runs,
                          samples=[s * 1000 for s in found["samples"]],
                          note=f"first call (loads O*NET tables) {found['first'] * 1000:.0f} ms"))
    sizes = (200, 1000) if args.quick else (1000, 10000)
    for n in sizes:
        members = logic.cohort_members(n)
        times = [logic.cohort_aggregate(members) for _ in range(1 if args.quick else 3)]
        limit = 1.0 if n >= 10000 else None
        figures.append(Figure("logic", f"cohort picture, {n:,} participants", "s", median(times),
                              target="≤ 1 s" if limit else "", limit=limit, ratio_target=False, runs=len(times),
                              samples=times, note="careerkit.core.logic.cohort: progress_rows + riasec_summary + aggregates"))
    for n in (30,) if args.quick else (30, 1000):
        room = logic.room_refresh(n, 1 if args.quick else 5)
        figures.append(Figure("logic", f"facilitator's refresh, workshop of {n:,} (SQLite)", "ms",
                              room["refresh"] * 1000, runs=1 if args.quick else 5,
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
                                      runs=one["saves"], note=f"p99 {one['p99']:.1f} ms, lost {one['lost']}"))
                log(f"saving: {args.room} writer processes on {engine}")
                room = saving.concurrent(url_room, args.room, n_each, SAVE_DELAY, engine.lower())
                figures.append(Figure("saving", f"save an answer, {args.room} writers, {engine}: p99", "ms", room["p99"],
                                      target="≤ 20 ms" if engine == "SQLite" else "", ratio_target=False,
                                      limit=20 if engine == "SQLite" else None, runs=room["saves"],
                                      note=f"p50 {room['p50']:.1f} ms, max {room['max']:.1f} ms, "
                                           f"lost revisions {room['lost']}"))
                log(f"saving: {args.room} writer processes on {engine}, all saving at the same instant")
                step = saving.concurrent(url_room, args.room, n_each, SAVE_DELAY, engine.lower() + "-step",
                                         in_step=True)
                figures.append(Figure("saving", f"save an answer, {args.room} writers in step (worst case), "
                                                f"{engine}: p99", "ms", step["p99"], runs=step["saves"],
                                      note=f"p50 {step['p50']:.1f} ms, max {step['max']:.1f} ms, "
                                           f"lost revisions {step['lost']}"))
                lost = room["lost"] + step["lost"]
                figures.append(Figure("saving", f"lost revisions, {args.room} writers, {engine}", "", lost,
                                      target="0", limit=0, ratio_target=False, runs=room["saves"] + step["saves"]))
                facts.setdefault("saving", {})[engine] = {"one": one, "room": room, "in_step": step}
            finally:
                if context is not None:
                    context.__exit__(None, None, None)


def bench_headless(args, figures: list[Figure], facts: dict, home: Path, folder: Path) -> dict[str, Path]:
    """Execute every workbook as the tests do; count widgets; write the bare notebooks."""
    env = careerkit_env(home)
    bare: dict[str, Path] = {}
    ids = sorted(set(args.workbooks) | set(args.room_workbooks))
    if "headless" in args.groups:
        ids = sorted({p.stem for p in WORKBOOKS.glob("[0-9][0-9]_*.ipynb")} if not args.quick else ids)
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
    from . import voila

    cold_tti: dict[str, float] = {}
    with voila.Browser() as browser:
        with voila.server(served, env) as srv:
            for workbook in args.workbooks:
                log(f"browser: {workbook}, cold")
                ck, base = alternate(
                    args.runs,
                    lambda: browser.time_to_interactive(srv, f"{workbook}.ipynb", measure_memory=True),
                    lambda: browser.time_to_interactive(srv, voila.bare_name(workbook), measure_memory=True))
                cold_tti[workbook] = median([r["tti"] for r in base])
                figures.append(Figure("browser", f"time to interactive {workbook}, cold", "s",
                                      median([r["tti"] for r in ck]), cold_tti[workbook], "bare, cold",
                                      target="≤ 1.2×", limit=1.2, runs=args.runs,
                                      samples=[r["tti"] for r in ck], baseline_samples=[r["tti"] for r in base]))
                for kind in ("rss", "uss"):
                    figures.append(Figure("memory", f"kernel {kind.upper()} {workbook}", "MB",
                                          median([r[kind] for r in ck]), median([r[kind] for r in base]), "bare",
                                          target="≤ 2.0×", limit=2.0, runs=args.runs,
                                          samples=[r[kind] for r in ck], baseline_samples=[r[kind] for r in base]))
        drawer = voila.drawing_process()
        if drawer is not None and os.environ.get("CAREERKIT_DRAW", "").strip().lower() != "inline":
            rss, uss = voila.memory_of(drawer)
            figures.append(Figure("memory", "shared drawing process (one per machine, not per kernel)", "MB", rss,
                                  runs=1, note=f"RSS; USS {uss:.0f} MB"))
        pools = [f"{w}.ipynb" for w in args.workbooks]
        log(f"browser: starting a server with {len(pools)} preheated kernels")
        with voila.server(served, env, pools=pools) as srv:
            for workbook in args.workbooks:
                log(f"browser: {workbook}, preheated")
                ck = [browser.time_to_interactive(srv, f"{workbook}.ipynb")["tti"] for _ in range(args.runs)]
                figures.append(Figure("browser", f"time to interactive {workbook}, preheated", "s", median(ck),
                                      cold_tti[workbook], "bare, cold", target="≤ 1.0×", limit=1.0,
                                      runs=args.runs, samples=ck))


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


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    sys.path.insert(0, str(REPO))
    started = time.monotonic()
    figures: list[Figure] = []
    facts: dict = {"machine": machine(), "quick": args.quick, "runs": args.runs, "room": args.room,
                   "command": " ".join(["python -m benchmarks", *(argv if argv is not None else sys.argv[1:])])}
    facts["bytecode"] = compile_bytecode()
    if "import" in args.groups:
        log("import")
        bench_import(args, figures, facts)
    if "logic" in args.groups:
        log("logic: matching and cohort")
        bench_logic(args, figures, facts)
    if "saving" in args.groups:
        bench_saving(args, figures, facts)
    needs_notebooks = {"headless", "render", "browser"} & set(args.groups)
    if needs_notebooks:
        from . import voila

        with seeded_home() as home, tempfile.TemporaryDirectory(prefix="careerkit-bench-") as tmp:
            folder = Path(tmp)
            bare = bench_headless(args, figures, facts, home, folder)
            served = voila.prepare_folder(folder, bare)
            env = careerkit_env(home)
            if "render" in args.groups:
                bench_render(args, figures, facts, served, env)
            if "browser" in args.groups:
                bench_browser(args, figures, facts, served, env)
    facts["seconds"] = round(time.monotonic() - started, 1)
    facts["machine"]["load_after"] = [round(x, 2) for x in os.getloadavg()]
    result = {"figures": [f.as_dict() for f in figures], **facts,
              "finished": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")}
    text = table(figures)
    print(text)
    print(f"\n{len(figures)} figures in {facts['seconds']:.0f} s; load {facts['machine']['load_before']} → "
          f"{facts['machine']['load_after']}")
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=1))
    else:
        RESULTS.mkdir(exist_ok=True)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        name = f"{'quick' if args.quick else 'full'}-{stamp}.json"
        (RESULTS / name).write_text(json.dumps(result, indent=1))
        (RESULTS / ("quick.json" if args.quick else "latest.json")).write_text(json.dumps(result, indent=1))
    missed = [f.name for f in figures if f.met is False]
    if missed:
        print("targets missed: " + "; ".join(missed))
    return 0
