"""Markup: every piece of HTML careerkit builds comes from a Jinja2 template, autoescaped.

Text a person typed stays text wherever it is shown: in a form's message, a view, a
chart's caption, a workshop page or the report. Build markup with :func:`render`; never
with f-strings around ``html.escape`` (``tests/test_markup.py`` holds the code to this).

This module sits in the widgets layer, the lowest that draws anything, so that widgets,
presentation, workbooks and serving all share the one environment. Jinja2 is imported on first use, not at import time.
"""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path
from typing import Any

__all__ = ["render"]


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

    >>> render("<b>{{ name }}</b>", name="<Ann & Bo>")
    '<b>&lt;Ann &amp; Bo&gt;</b>'
    """
    name = hashlib.blake2b(template.encode("utf-8"), digest_size=16).hexdigest()
    _SOURCES.setdefault(name, template)
    return _environment().get_template(name).render(**context)
