"""Views: insight panels other than charts (lists, summaries, tools).

A view is a function registered under a workbook and a name. It receives the open
:class:`~careerkit.presentation.workbook.Workbook` and returns either an HTML string, which is
drawn again whenever the person's answers change, or a widget that manages itself
(for interactive tools such as the occupation explorer). HTML views must escape
everything a person typed: build them with :func:`render`, a Jinja2 environment
with autoescaping on.
"""

from __future__ import annotations

import functools
import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["VIEWS", "register", "view_for", "render", "onet_attribution_html"]

ViewFunction = Callable[[Any], Any]

#: Every view by (workbook id, view name).
VIEWS: dict[tuple[str, str], ViewFunction] = {}


def register(workbook_id: str, name: str) -> Callable[[ViewFunction], ViewFunction]:
    """Register a view function ``fn(workbook) -> str | Widget``."""

    def decorate(fn: ViewFunction) -> ViewFunction:
        key = (workbook_id, name)
        if key in VIEWS and VIEWS[key] is not fn:
            raise ValueError(f"view {name!r} of {workbook_id} is registered twice")
        VIEWS[key] = fn
        return fn

    return decorate


def view_for(workbook_id: str, name: str) -> ViewFunction:
    """The view function ``name`` of a workbook."""
    try:
        return VIEWS[(workbook_id, name)]
    except KeyError:
        known = ", ".join(sorted(n for wb, n in VIEWS if wb == workbook_id)) or "none"
        raise KeyError(f"workbook {workbook_id} has no view {name!r} (it has: {known})") from None


#: Template sources by name (a hash of the source), for the environment's loader.
_SOURCES: dict[str, str] = {}


@functools.cache
def _environment():
    import jinja2

    class BytecodeCache(jinja2.FileSystemBytecodeCache):
        # Compiled templates kept next to careerkit's own compiled modules, so a new kernel
        # does not compile them again; a cache that cannot be read or written is skipped.
        def load_bytecode(self, bucket) -> None:
            try:
                super().load_bytecode(bucket)
            except Exception:  # noqa: BLE001 - a damaged entry is compiled afresh
                bucket.reset()

        def dump_bytecode(self, bucket) -> None:
            try:
                super().dump_bytecode(bucket)
            except OSError:
                pass

    folder = Path(__file__).resolve().parent / "__pycache__" / "templates"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        cache = BytecodeCache(str(folder)) if os.access(folder, os.W_OK) else None
    except OSError:
        cache = None
    return jinja2.Environment(
        loader=jinja2.FunctionLoader(lambda name: (_SOURCES[name], None, lambda: True) if name in _SOURCES else None),
        bytecode_cache=cache, auto_reload=False, cache_size=-1,
        autoescape=True, trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
    )


def render(template: str, **context: Any) -> str:
    """Render a Jinja2 template string with autoescaping (text a person typed stays text).

    Each template is compiled once per process (and kept compiled between kernels).
    """
    name = hashlib.blake2b(template.encode("utf-8"), digest_size=16).hexdigest()
    _SOURCES.setdefault(name, template)
    return _environment().get_template(name).render(**context)


def onet_attribution_html() -> str:
    """The O*NET credit line (modified form) with the licence link, for any panel showing O*NET data."""
    from careerkit.core import onet

    return render(
        "<div class='ck-attribution'>{{ text }} <a href='{{ url }}' target='_blank' rel='noopener'>CC BY 4.0</a></div>",
        text=onet.ATTRIBUTION, url=onet.LICENSE_URL,
    )
