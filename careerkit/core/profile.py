"""Who is answering.

Resolved once per kernel and then passed down; nothing below this module reads the
environment to decide whose answers it touches.
"""

from __future__ import annotations

import os
import re

__all__ = ["DEFAULT_PROFILE", "current_profile", "clean_profile_id"]

#: The profile used on a personal machine when nothing else says who is answering.
DEFAULT_PROFILE = "me"

_SAFE = re.compile(r"[^A-Za-z0-9_.@+-]")


def clean_profile_id(name: str) -> str:
    """A profile id made safe for storage and file names (at most 200 characters)."""
    cleaned = _SAFE.sub("-", name.strip())[:200]
    if not cleaned.strip("-."):
        raise ValueError("A profile name needs at least one letter or digit.")
    return cleaned


def current_profile() -> str:
    """The profile of this kernel: ``CAREERKIT_PROFILE``, else the JupyterHub user, else ``me``."""
    for variable in ("CAREERKIT_PROFILE", "JUPYTERHUB_USER"):
        value = os.environ.get(variable, "").strip()
        if value:
            return clean_profile_id(value)
    return DEFAULT_PROFILE
