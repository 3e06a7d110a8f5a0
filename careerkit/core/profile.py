"""Who is answering.

Resolved once per kernel and then passed down; nothing below this module reads the
environment to decide whose answers it touches.
"""

from __future__ import annotations

import hashlib
import os
import re

__all__ = ["DEFAULT_PROFILE", "MAX_ID_LENGTH", "current_profile", "clean_profile_id", "profile_name"]

#: The profile used on a personal machine when nothing else says who is answering.
DEFAULT_PROFILE = "me"
#: The longest profile id (the storage columns hold 200 characters).
MAX_ID_LENGTH = 200

_SAFE_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.@-")
_AS_IS = re.compile(r"[A-Za-z0-9_.@-][A-Za-z0-9_.@+-]{0,199}")
_ALNUM = re.compile(r"[A-Za-z0-9]")
_ESCAPE = re.compile(r"\+([0-9A-F]{2})")
#: Marks an id that ends in a hash of a name too long to spell out in full.
_HASHED = "+."
_HASH_CHARS = 40


def clean_profile_id(name: str) -> str:
    """The profile id of a person's name (a hub username, say): its own, safe, and reversible.

    Different names always give different ids:

    * a name of letters, digits and ``_ . @ - +`` (not starting with ``+``), with at least
      one letter or digit and at most 200 characters, is its own id, as it always was;
    * any other name is spelled out in that alphabet: ``+`` first, then the name with
      every other character (and every ``+``) written as the bytes of its UTF-8 form,
      ``+HH`` each (and a leading dot too): ``zoë`` is ``+zo+C3+AB``, ``ann lee`` is ``+ann+20lee``;
      :func:`profile_name` reads such an id back;
    * when that spelling is longer than 200 characters, the id keeps its beginning and
      ends in ``+.`` and 160 bits of the SHA-256 of the whole name.

    Ids of the first kind never start with ``+``, spelled-out ids never hold ``+.``, so the
    three kinds cannot meet; within a kind the spelling is one-to-one (the last kind up to
    a SHA-256 collision). Surrounding spaces are ignored; an empty name is refused.
    """
    if not isinstance(name, str):
        raise ValueError("A profile name is text.")
    name = name.strip()
    if not name:
        raise ValueError("A profile name needs at least one letter or digit.")
    if _AS_IS.fullmatch(name) and _ALNUM.search(name):
        return name
    try:
        pieces = ["+"] + [c if c in _SAFE_CHARS else "".join(f"+{b:02X}" for b in c.encode("utf-8")) for c in name]
    except UnicodeEncodeError:
        raise ValueError("A profile name must be valid text (it holds a broken character).") from None
    if name[0] == ".":  # "+." marks a hash; a leading dot is spelled out instead
        pieces[1] = "+2E"
    spelled = "".join(pieces)
    if len(spelled) <= MAX_ID_LENGTH:
        return spelled
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:_HASH_CHARS]
    room = MAX_ID_LENGTH - len(_HASHED) - _HASH_CHARS
    kept, used = [], 0
    for piece in pieces:  # cut between characters, never inside an escape
        if used + len(piece) > room:
            break
        kept.append(piece)
        used += len(piece)
    return "".join(kept) + _HASHED + digest


def profile_name(profile_id: str) -> str | None:
    """The name a profile id was made from, or None when only a hash of it is kept."""
    if not profile_id.startswith("+"):
        return profile_id
    if _HASHED in profile_id:
        return None
    data = bytearray()
    pos = 1
    for match in _ESCAPE.finditer(profile_id, 1):
        data += profile_id[pos:match.start()].encode("ascii")
        data.append(int(match.group(1), 16))
        pos = match.end()
    data += profile_id[pos:].encode("ascii")
    return data.decode("utf-8")


def current_profile() -> str:
    """The profile of this kernel: on a hub with the careerkit service, the owner of the hub
    token (asked of the service); else ``CAREERKIT_PROFILE``, else the JupyterHub user, else ``me``."""
    if os.environ.get("JUPYTERHUB_API_TOKEN") and not os.environ.get("CAREERKIT_DATABASE_URL"):
        from careerkit.core.storage.remote import hub_store

        remote = hub_store()
        if remote is not None:
            try:
                return remote.profile
            except Exception:  # noqa: BLE001 - unreachable now: the service checks the token on every call
                pass
    for variable in ("CAREERKIT_PROFILE", "JUPYTERHUB_USER"):
        value = os.environ.get(variable, "").strip()
        if value:
            return clean_profile_id(value)
    return DEFAULT_PROFILE
