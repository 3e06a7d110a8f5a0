"""Helpers shared by the benchmarks: statistics, figures, a seeded careerkit home, quiet waits."""

from __future__ import annotations

import math
import os
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
WORKBOOKS = REPO / "workbooks"


def median(values: Sequence[float]) -> float | None:
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def percentile(values: Sequence[float], q: float) -> float | None:
    """The ``q``-th percentile (0–100), nearest-rank."""
    values = sorted(v for v in values if v is not None)
    if not values:
        return None
    rank = max(1, math.ceil(q / 100 * len(values)))
    return values[rank - 1]


@dataclass
class Figure:
    """One measured figure: careerkit's value, the baseline's, their ratio and the target."""

    group: str
    name: str
    unit: str
    value: float | None
    baseline: float | None = None
    baseline_name: str = ""
    target: str = ""
    #: the largest allowed ``value / baseline`` (ratio targets) or ``value`` (absolute targets)
    limit: float | None = None
    ratio_target: bool = True
    runs: int = 0
    samples: list[float] = field(default_factory=list)
    baseline_samples: list[float] = field(default_factory=list)
    note: str = ""
    #: the issue target this figure decides, as "ISSUE.N" (for example "18.5"); "" for none
    target_ref: str = ""
    #: a stable identifier within its group (for example "cohort.10000"), the same run after run
    key: str = ""
    #: what was measured, for figures of one family (workbook, measure, baseline kind, ...)
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.baseline:
            return None
        return self.value / self.baseline

    @property
    def met(self) -> bool | None:
        if self.limit is None or self.value is None:
            return None
        measured = self.ratio if self.ratio_target else self.value
        return None if measured is None else measured <= self.limit

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["ratio"] = self.ratio
        out["met"] = self.met
        return out


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def alternate(runs: int, first: Callable[[], Any], second: Callable[[], Any]) -> tuple[list, list]:
    """Call ``first`` and ``second`` ``runs`` times each, swapping their order every run."""
    a, b = [], []
    for i in range(runs):
        if i % 2 == 0:
            a.append(first())
            b.append(second())
        else:
            b.append(second())
            a.append(first())
    return a, b


def rotate(runs: int, *sides: Callable[[], Any]) -> list[list]:
    """Call every side ``runs`` times, starting each run one side later (A B C, B C A, C A B, …)."""
    out: list[list] = [[] for _ in sides]
    for i in range(runs):
        for j in range(len(sides)):
            k = (i + j) % len(sides)
            out[k].append(sides[k]())
    return out


@contextmanager
def seeded_home() -> Iterator[Path]:
    """A throw-away ``CAREERKIT_HOME`` holding the example person (every field's ``example``)."""
    from careerkit.core.examples import seed
    from careerkit.core.storage.store import Store

    with tempfile.TemporaryDirectory(prefix="careerkit-bench-home-") as folder:
        home = Path(folder)
        seed(Store(f"sqlite:///{home / 'answers.sqlite'}"), "example")
        yield home


def careerkit_env(home: Path) -> dict[str, str]:
    """The environment a careerkit kernel needs to open the example person's answers."""
    return {
        "CAREERKIT_HOME": str(home),
        "CAREERKIT_PROFILE": "example",
        "JUPYTER_PATH": str(template_root()),
    }


def template_root() -> Path:
    """The Jupyter data folder holding careerkit's Voilà page template (``voila/templates/careerkit``)."""
    import careerkit

    package = Path(careerkit.__file__).parent
    for candidate in (package / "app_config", package / "share"):
        if (candidate / "voila" / "templates" / "careerkit" / "index.html.j2").is_file():
            return candidate
    raise FileNotFoundError(f"careerkit's Voilà template is not in {package}/app_config or {package}/share")


def wait_quiet(pid: int, *, idle: float = 0.1, window: float = 0.4, timeout: float = 60.0) -> float:
    """Wait until process ``pid`` and its descendants together use under ``idle`` of a core for ``window`` s.

    Returns the seconds waited. Other programs on the machine are not counted.
    """
    import psutil

    start = time.monotonic()
    try:
        root = psutil.Process(pid)
    except psutil.NoSuchProcess:
        return 0.0
    while time.monotonic() - start < timeout:
        try:
            procs = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            return time.monotonic() - start
        before = {}
        for p in procs:
            try:
                before[p] = sum(p.cpu_times()[:2])
            except psutil.Error:
                pass
        time.sleep(window)
        used = 0.0
        for p, t in before.items():
            try:
                used += sum(p.cpu_times()[:2]) - t
            except psutil.Error:
                pass
        if used / window < idle:
            return time.monotonic() - start
    return time.monotonic() - start


def git_state() -> dict[str, Any]:
    """The commit measured: its id, subject and date, and whether code differed from it.

    Result files and ``RESULTS.md`` themselves do not count as a difference: a run
    rewrites them.
    """
    import subprocess

    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True,
                                  check=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return ""

    changed = git("status", "--porcelain", "--untracked-files=no", "--", ".",
                  ":(exclude)benchmarks/results", ":(exclude)benchmarks/RESULTS.md")
    return {"commit": git("rev-parse", "HEAD"), "subject": git("log", "-1", "--format=%s"),
            "committed": git("log", "-1", "--format=%cI"), "dirty": bool(changed)}


def load_average() -> list[float]:
    """The machine's load average over 1, 5 and 15 minutes."""
    return [round(x, 2) for x in os.getloadavg()]


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    import platform

    import psutil

    info: dict[str, Any] = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "load_before": load_average(),
    }
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = {}
    from importlib import metadata

    for name in ("voila", "ipywidgets", "ipykernel", "jupyter_server", "sqlalchemy", "vl-convert-python",
                 "altair", "pandas", "playwright"):
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            pass
    info["versions"] = versions
    return info
