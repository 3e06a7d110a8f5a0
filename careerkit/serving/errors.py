"""Errors of the serving layer: what the command line and the app tell a person."""

from __future__ import annotations

__all__ = ["CommandError"]


class CommandError(Exception):
    """A mistake or problem the person can act on; printed as one line."""
