"""The shared drawing process draws exactly what the kernel would, and steps aside cleanly."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from careerkit.presentation import drawing
from careerkit.core.answers import Answers
from careerkit.presentation.charts import chart_for
from careerkit.core.examples import example_answers

pytestmark = pytest.mark.skipif(not hasattr(__import__("socket"), "AF_UNIX"), reason="needs Unix sockets")

_SERVE = "import sys; from pathlib import Path; from careerkit.presentation import drawing; sys.exit(drawing.serve(Path(sys.argv[1]), idle=float(sys.argv[2])))"


def _example() -> Answers:
    data: dict = {}
    for wb, field, value in example_answers("01_self_reflection"):
        data.setdefault(wb, {})[field] = value
    return Answers(data)


@pytest.fixture
def drawer(tmp_path, monkeypatch):
    folder = tmp_path / "draw"
    folder.mkdir(mode=0o700)
    path = folder / "draw.sock"
    proc = subprocess.Popen([sys.executable, "-c", _SERVE, str(path), "30"])
    deadline = time.monotonic() + 60
    while not path.exists():
        assert proc.poll() is None, "the drawing process ended before listening"
        assert time.monotonic() < deadline, "the drawing process did not start listening"
        time.sleep(0.05)
    monkeypatch.setattr(drawing, "socket_path", lambda: path)
    monkeypatch.delenv("CAREERKIT_DRAW", raising=False)
    yield path, proc
    proc.kill()
    proc.wait()


def test_the_process_draws_the_same_svg_and_png_as_the_kernel(drawer, monkeypatch):
    import vl_convert

    spec = chart_for("01_self_reflection", "energy_map", _example()).to_dict()
    calls = []
    monkeypatch.setattr(drawing, "_draw", lambda *a: calls.append(a))  # the kernel must not draw itself
    shared_svg = drawing.svg(spec)
    shared_png = drawing.png(spec, scale=1)
    assert calls == []
    assert shared_svg == vl_convert.vegalite_to_svg(spec)
    assert shared_png == vl_convert.vegalite_to_png(spec, scale=1)
    assert shared_svg.lstrip().startswith("<svg")


def test_a_bad_spec_is_an_error_in_the_kernel(drawer):
    with pytest.raises(ValueError):
        drawing.svg({"mark": "no-such-mark", "data": {"values": [{"a": 1}]}, "encoding": {"x": {"field": "a"}}})


def test_a_second_process_on_the_same_socket_leaves_at_once(drawer):
    path, first = drawer
    second = subprocess.run([sys.executable, "-c", _SERVE, str(path), "30"], timeout=60)
    assert second.returncode == 0
    assert first.poll() is None


def test_without_the_process_the_kernel_draws_itself(tmp_path, monkeypatch):
    monkeypatch.setenv("CAREERKIT_DRAW", "inline")
    monkeypatch.setattr(drawing, "socket_path", lambda: tmp_path / "never" / "draw.sock")
    spec = chart_for("01_self_reflection", "riasec_profile", _example()).to_dict()
    assert drawing.svg(spec).lstrip().startswith("<svg")
    assert not (tmp_path / "never").exists()


def test_the_process_leaves_when_idle(tmp_path):
    folder = tmp_path / "idle"
    folder.mkdir(mode=0o700)
    path = folder / "draw.sock"
    proc = subprocess.run([sys.executable, "-c", _SERVE, str(path), "0.5"], timeout=120)
    assert proc.returncode == 0
    assert not path.exists()
